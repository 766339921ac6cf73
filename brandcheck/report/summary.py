"""Figures every reporter shows, computed once from the ScanResult: counts, groups, the gate.

Reporters are thin views; anything that needs arithmetic lives here so that the text, JSON, HTML,
SARIF and JUnit outputs can never disagree about a number.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean
from typing import Any

from ..model import SEVERITY_RANK, STAGES, Finding, ScanResult, TouchpointResult

OUTCOME_GROUPS = ("violation", "pass", "needs_review", "inapplicable", "error")


def gating(findings: list[Finding], fail_on: str) -> list[Finding]:
    """The findings that fail the gate at `fail_on` (baselined and needs-review ones never do)."""
    if fail_on == "never":
        return []
    floor = SEVERITY_RANK.get(fail_on, 2)
    return [f for f in findings if not f.baselined and f.outcome == "violation" and SEVERITY_RANK[f.severity] >= floor]


def gate_failed(result: ScanResult, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    if any(t.status == "error" for t in result.touchpoints):
        return True  # a touchpoint that could not be captured counts as an error for the gate
    return bool(gating(result.findings, fail_on))


def outcome_groups(tr: TouchpointResult) -> dict[str, Any]:
    groups: dict[str, Any] = {"violations": [], "passes": [], "needs_review": [], "inapplicable": [], "errors": []}
    names = {"violation": "violations", "pass": "passes", "needs_review": "needs_review",
             "inapplicable": "inapplicable"}
    for o in tr.outcomes:
        if o.status == "error":
            groups["errors"].append({"rule": o.rule, "error": o.detail})
        elif o.status in names:
            groups[names[o.status]].append(o.rule)
    return groups


def touchpoint_counts(tr: TouchpointResult) -> dict[str, int]:
    c = tr.counts()
    c["needs_review"] = sum(1 for f in tr.findings if f.outcome == "needs_review")
    c["baselined"] = sum(1 for f in tr.findings if f.baselined)
    return c


def summarize(result: ScanResult) -> dict[str, Any]:
    tps = result.touchpoints
    sev: Counter[str] = Counter()
    by_cat: dict[str, Counter[str]] = defaultdict(Counter)
    for f in result.findings:
        if f.outcome == "violation" and not f.baselined:
            sev[f.severity] += 1
            by_cat[f.category][f.severity] += 1
    scored = [t for t in tps if t.score is not None]

    def group_scores(key) -> dict[str, Any]:
        groups: dict[str, list[TouchpointResult]] = defaultdict(list)
        for t in scored:
            k = key(t)
            if k:
                groups[k].append(t)
        return {k: {"score": round(mean(t.score for t in v), 1), "touchpoints": len(v)}  # type: ignore[misc]
                for k, v in groups.items()}

    stages = group_scores(lambda t: t.touchpoint.stage)
    stages = {s: stages[s] for s in STAGES if s in stages}
    return {
        "touchpoints": len(tps),
        "captured": sum(1 for t in tps if t.status != "error"),
        "capture_errors": sum(1 for t in tps if t.status == "error"),
        "findings": {s: sev.get(s, 0) for s in ("error", "warning", "info")},
        "needs_review": sum(1 for f in result.findings if f.outcome == "needs_review"),
        "baselined": sum(1 for f in result.findings if f.baselined),
        "by_category": {c: dict(v) for c, v in sorted(by_cat.items())},
        "score": round(mean(t.score for t in scored), 1) if scored else None,  # type: ignore[misc]
        "by_stage": stages,
        "by_channel": group_scores(lambda t: t.touchpoint.kind),
        "priorities": priorities(result)[:10],
        "fail_on": result.fail_on,
        "gate": "fail" if gate_failed(result, result.fail_on) else "pass",
        "rule_errors": list(result.rule_errors),
        "stale_baseline": list(result.stale_baseline),
        "notes": list(result.notes),
    }


def priorities(result: ScanResult) -> list[dict[str, Any]]:
    """Touchpoints to fix first: importance (default 3) times how far the score is from 100."""
    rows = []
    for t in result.touchpoints:
        imp = t.touchpoint.importance or 3
        gap = 100.0 if t.score is None else 100.0 - t.score
        if gap <= 0:
            continue
        rows.append({"touchpoint": t.touchpoint.id, "importance": imp, "score": t.score,
                     "priority": round(imp * gap / 5, 1)})
    rows.sort(key=lambda r: -r["priority"])
    return rows
