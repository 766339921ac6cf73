"""Figures every reporter shows, computed once from the ScanResult: counts, groups, the gate.

Reporters are thin views; anything that needs arithmetic lives here so that the text, JSON, HTML,
SARIF and JUnit outputs can never disagree about a number.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean
from typing import Any

from ..model import CATEGORIES, KINDS, SEVERITY_RANK, STAGES, Finding, ScanResult, TouchpointResult

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


# --------------------------------------------------------------------------- views for the HTML, PDF and JUnit

#: Score bands, best first: (name, lowest score in the band, label). One error gives 77.9 ("fair"),
#: one warning 90.5 ("good"), three errors of different rules 47.2 ("bad"); see score.py.
SCORE_BANDS: tuple[tuple[str, float, str], ...] = (
    ("good", 90.0, "90–100"),
    ("fair", 75.0, "75–89"),
    ("poor", 50.0, "50–74"),
    ("bad", 0.0, "below 50"),
)
#: Matrix columns, worst first, so that "important and inconsistent" is the top left cell.
MATRIX_BANDS: tuple[tuple[str, str], ...] = (
    ("none", "not captured"),
    *((name, label) for name, _, label in reversed(SCORE_BANDS)),
)
DEFAULT_IMPORTANCE = 3
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def score_band(score: float | None) -> str:
    """The band a score falls in (colors of cards and cells); "none" for a touchpoint without score."""
    if score is None:
        return "none"
    for name, floor, _ in SCORE_BANDS:
        if score >= floor:
            return name
    return "bad"


def touchpoint_card(tr: TouchpointResult) -> dict[str, Any]:
    """What a card, a table row or a matrix chip shows of one touchpoint."""
    tp = tr.touchpoint
    return {
        "id": tp.id,
        "kind": tp.kind,
        "stage": tp.stage,
        "stage_rank": STAGES.index(tp.stage) if tp.stage in STAGES else len(STAGES),
        "importance": tp.importance,
        "score": tr.score,
        "band": score_band(tr.score) if tr.status != "error" else "none",
        "status": tr.status,
        "error": tr.error,
        "counts": touchpoint_counts(tr),
        "findings": len(tr.findings),
    }


def _mean_score(trs: list[TouchpointResult]) -> float | None:
    scores = [t.score for t in trs if t.score is not None]
    return round(mean(scores), 1) if scores else None


def journey(result: ScanResult) -> dict[str, Any]:
    """The seven stages of contract 2 as columns of touchpoint cards (worst first within a stage).

    Touchpoints without a stage go to a separate `unstaged` list, so that a scan without a map still
    shows every touchpoint somewhere.
    """
    by_stage: dict[str | None, list[TouchpointResult]] = defaultdict(list)
    for t in result.touchpoints:
        by_stage[t.touchpoint.stage if t.touchpoint.stage in STAGES else None].append(t)

    def cards(trs: list[TouchpointResult]) -> list[dict[str, Any]]:
        return [touchpoint_card(t) for t in sorted(trs, key=lambda t: (t.score is not None, t.score or 0.0))]

    columns = []
    for stage in STAGES:
        trs = by_stage.get(stage, [])
        sc = _mean_score(trs)
        columns.append({"stage": stage, "score": sc, "band": score_band(sc) if trs else "empty",
                        "touchpoints": len(trs), "cards": cards(trs)})
    return {"columns": columns, "unstaged": cards(by_stage.get(None, []))}


def channels(result: ScanResult) -> list[dict[str, Any]]:
    """Scores by channel (touchpoint kind), in the order of contract 2, kinds without touchpoints left out."""
    out = []
    kinds = [*KINDS, *sorted({t.touchpoint.kind for t in result.touchpoints} - set(KINDS))]
    for kind in kinds:
        trs = [t for t in result.touchpoints if t.touchpoint.kind == kind]
        if not trs:
            continue
        sc = _mean_score(trs)
        out.append({"kind": kind, "score": sc, "band": score_band(sc), "touchpoints": len(trs),
                    "not_captured": sum(1 for t in trs if t.status == "error")})
    return out


def priority_matrix(result: ScanResult) -> dict[str, Any]:
    """Importance (rows, 5 first) against score band (columns, worst first): the top left is fixed first.

    A touchpoint without importance counts as 3, as in `priorities`. Each cell lists its touchpoints
    by priority, and carries `urgency` (0-1) so a view can shade the cells that matter most.
    """
    prio = {r["touchpoint"]: r["priority"] for r in priorities(result)}
    cells: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for t in result.touchpoints:
        imp = t.touchpoint.importance or DEFAULT_IMPORTANCE
        card = touchpoint_card(t)
        card["priority"] = prio.get(t.touchpoint.id, 0.0)
        cells[(imp, card["band"])].append(card)
    n_cols = len(MATRIX_BANDS)
    rows = []
    for imp in range(5, 0, -1):
        row = []
        for col, (band, label) in enumerate(MATRIX_BANDS):
            items = sorted(cells.get((imp, band), []), key=lambda c: -c["priority"])
            urgency = round((imp / 5) * (1 - col / n_cols), 2)
            row.append({"band": band, "label": label, "urgency": urgency, "touchpoints": items})
        rows.append({"importance": imp, "cells": row})
    return {"columns": [{"band": b, "label": lbl} for b, lbl in MATRIX_BANDS], "rows": rows}


def category_order(categories: set[str]) -> list[str]:
    """The kit's categories in contract order, then any other (e.g. `meta`) alphabetically."""
    return [c for c in CATEGORIES if c in categories] + sorted(categories - set(CATEGORIES))


def finding_sort_key(f: Finding) -> tuple[int, int, int, str]:
    """Open violations by severity first, then needs review, then baselined ones."""
    return (1 if f.baselined else 0, 0 if f.outcome == "violation" else 1, _SEVERITY_ORDER.get(f.severity, 3), f.rule)


def findings_by_category(tr: TouchpointResult) -> list[tuple[str, list[Finding]]]:
    """A touchpoint's findings grouped by category, in the order every view numbers them."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in tr.findings:
        groups[f.category].append(f)
    return [(c, sorted(groups[c], key=finding_sort_key)) for c in category_order(set(groups))]


def category_table(result: ScanResult) -> list[dict[str, Any]]:
    """Open violations by category and severity (rows in category order), with needs review and baselined."""
    rows: dict[str, dict[str, int]] = {}
    for f in result.findings:
        row = rows.setdefault(f.category, {"error": 0, "warning": 0, "info": 0, "needs_review": 0, "baselined": 0})
        if f.baselined:
            row["baselined"] += 1
        elif f.outcome == "needs_review":
            row["needs_review"] += 1
        else:
            row[f.severity] += 1
    return [{"category": c, **rows[c]} for c in category_order(set(rows))]


def failing(f: Finding) -> bool:
    """A finding that fails its JUnit test case: an open violation at error or warning."""
    return f.outcome == "violation" and not f.baselined and f.severity in ("error", "warning")


def rule_runs(tr: TouchpointResult) -> list[dict[str, Any]]:
    """Each rule that ran on a touchpoint (one entry per outcome), with its findings.

    Findings of a rule with no outcome (the engine's own `brandcheck.UnusedDisable`) get an entry too,
    so no finding is left out of a per-rule view.
    """
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in tr.findings:
        by_rule[f.rule].append(f)
    runs = []
    seen = set()
    for o in tr.outcomes:
        seen.add(o.rule)
        fs = sorted(by_rule.get(o.rule, []), key=finding_sort_key)
        runs.append({"rule": o.rule, "status": o.status, "detail": o.detail, "findings": fs,
                     "failing": [f for f in fs if failing(f)]})
    for rule in sorted(set(by_rule) - seen):
        fs = sorted(by_rule[rule], key=finding_sort_key)
        status = "violation" if any(f.outcome == "violation" for f in fs) else "needs_review"
        runs.append({"rule": rule, "status": status, "detail": f"{len(fs)} finding(s)", "findings": fs,
                     "failing": [f for f in fs if failing(f)]})
    return runs
