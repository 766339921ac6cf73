"""The SARIF 2.1.0 report, shaped for GitHub code scanning (issue 2, item 6; contract 5).

One run; every rule the scan loaded is in `tool.driver.rules`; every finding is a result with a
physical location (a local file as a path relative to the working directory, which is all GitHub
accepts, or a URL touchpoint as its URL), the element in `logicalLocations` and the box, text and
measurements in `properties`. Needs-review findings are `kind: review` with level `none`, so they
never fail a gate that reads SARIF levels; baselined findings are `baselineState: unchanged` (and
carry an external suppression, as an accepted finding is); rule and capture errors are tool
execution notifications rather than results, because they are problems of the run, not of the brand.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from ..model import Finding, ScanResult, Touchpoint
from .summary import summarize

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/brandcheck/"
FINGERPRINT_KEY = "brandcheckFingerprint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
NOTIFICATIONS = (
    {"id": "BC1001", "name": "RuleError",
     "text": "A rule failed while evaluating a touchpoint; the other rules still ran."},
    {"id": "BC1002", "name": "CaptureError",
     "text": "A touchpoint could not be captured; it counts as an error for the gate."},
)
_URI_SAFE = "/-._~!$&'()*+,;=:@"
_WORD = re.compile(r"[A-Za-z0-9]+")


def artifact_uri(tp: Touchpoint, base: Path) -> str:
    """Where a touchpoint lives, as SARIF and GitHub want it.

    A URL touchpoint is its URL. A local file is a path relative to `base` (the working directory):
    inside it, the plain relative path; a file extracted from a zip keeps the name the user knows it
    by (`deliverable.zip/page.html`); anything else is relative with `../`.
    """
    if tp.url:
        return tp.url
    if tp.path:
        path = Path(tp.path)
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            src = PurePosixPath(tp.source.replace("\\", "/"))
            if not src.is_absolute() and ".." not in src.parts:
                rel = src.as_posix()
            else:
                rel = Path(os.path.relpath(path, base)).as_posix()
        return quote(rel, safe=_URI_SAFE)
    return quote(tp.source.replace("\\", "/").lstrip("/"), safe=_URI_SAFE)


def _sentence(text: str) -> str:
    """SARIF messages are sentences (Multitool rule SARIF2001): end them with a full stop."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _utc(ts: str) -> str:
    return ts.replace("+00:00", "Z") if ts else ts


def _friendly_name(rule_id: str) -> str:
    """`color.OffPalette` -> `ColorOffPalette`: SARIF wants a PascalCase name beside the id."""
    return "".join(w[:1].upper() + w[1:] for w in _WORD.findall(rule_id)) or "Rule"


def _rule_descriptor(rule_id: str, desc: dict[str, Any]) -> dict[str, Any]:
    text = _sentence(str(desc.get("description") or rule_id))
    out: dict[str, Any] = {
        "id": rule_id,
        "name": _friendly_name(rule_id),
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "defaultConfiguration": {"level": LEVELS.get(str(desc.get("level")), "warning")},
    }
    link = desc.get("link")
    if isinstance(link, str) and link.startswith(("https://", "http://")):
        out["helpUri"] = link
    out["help"] = {"text": text}
    props: dict[str, Any] = {}
    if desc.get("category"):
        props["category"] = desc["category"]
    if desc.get("kind"):
        props["kind"] = desc["kind"]
    props["tags"] = sorted({"brand", *(desc.get("tags") or [])} | ({desc["category"]} if desc.get("category") else set()))
    out["properties"] = props
    return out


def _region(f: Finding) -> dict[str, Any] | None:
    loc = f.location
    if not loc.line:
        return None
    region: dict[str, Any] = {"startLine": int(loc.line)}
    if loc.column:
        region["startColumn"] = int(loc.column)
        if loc.span and len(loc.span) == 2 and loc.span[1] > loc.span[0]:
            region["endColumn"] = int(loc.column) + int(loc.span[1] - loc.span[0])
    return region


def _location(f: Finding, uri: str, index: int) -> dict[str, Any]:
    phys: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": index}}
    region = _region(f)
    if region:
        phys["region"] = region
    out: dict[str, Any] = {"physicalLocation": phys}
    if f.location.selector:
        out["logicalLocations"] = [{"name": f.location.selector, "fullyQualifiedName": f.location.selector,
                                    "kind": "element"}]
    return out


def _result(f: Finding, rule_index: int, uri: str, artifact_index: int) -> dict[str, Any]:
    text = _sentence(f.message)
    if f.suggestion:
        text = f"{text} Suggestion: {_sentence(f.suggestion)}"
    res: dict[str, Any] = {"ruleId": f.rule, "ruleIndex": rule_index}
    if f.outcome == "needs_review":
        res["kind"] = "review"
        res["level"] = "none"
    else:
        res["kind"] = "fail"
        res["level"] = LEVELS.get(f.severity, "warning")
    res["message"] = {"text": text}
    res["locations"] = [_location(f, uri, artifact_index)]
    if f.fingerprint:
        res["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    res["baselineState"] = "unchanged" if f.baselined else "new"
    if f.baselined:
        res["suppressions"] = [{"kind": "external", "justification": "Accepted in the brandcheck baseline."}]
    loc = f.location.to_json()
    props: dict[str, Any] = {"category": f.category, "severity": f.severity, "outcome": f.outcome,
                             "touchpoint": f.touchpoint}
    for key in ("bbox", "viewport", "text", "span", "url"):
        if key in loc:
            props[key] = loc[key]
    if f.observed is not None:
        props["observed"] = f.observed
    if f.expected is not None:
        props["expected"] = f.expected
    if f.suggestion:
        props["suggestion"] = f.suggestion
    if f.tags:
        props["tags"] = sorted(set(f.tags))
    res["properties"] = props
    return res


def sarif_dict(result: ScanResult, base: Path | None = None) -> dict[str, Any]:
    """The SARIF log as a dict; `base` is the folder local paths are relative to (default: cwd)."""
    base = Path(base) if base is not None else Path.cwd()
    rules: dict[str, dict[str, Any]] = {rid: dict(d) for rid, d in sorted(result.rules.items())}
    for f in result.findings:
        if f.rule not in rules:
            rules[f.rule] = {"description": f"{f.rule} ({f.category})", "level": f.severity,
                             "category": f.category, "tags": list(f.tags)}
    for t in result.touchpoints:
        for o in t.outcomes:
            if o.status == "error" and o.rule != "capture" and o.rule not in rules:
                rules[o.rule] = {"description": o.rule, "level": "warning"}
    rule_ids = sorted(rules)
    rule_index = {rid: i for i, rid in enumerate(rule_ids)}

    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for t in result.touchpoints:
        uri = artifact_uri(t.touchpoint, base)
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            art: dict[str, Any] = {"location": {"uri": uri}, "roles": ["analysisTarget"]}
            if t.touchpoint.kind in ("website", "landing", "email"):
                art["mimeType"] = "text/html" if not uri.endswith(".eml") else "message/rfc822"
            elif t.touchpoint.kind == "document":
                art["mimeType"] = "text/markdown" if uri.endswith(".md") else "text/plain"
            art["properties"] = {"touchpoint": t.touchpoint.id, "kind": t.touchpoint.kind,
                                 "stage": t.touchpoint.stage, "importance": t.touchpoint.importance,
                                 "score": t.score, "status": t.status}
            artifacts.append(art)
        ai = artifact_index[uri]
        for f in t.findings:
            results.append(_result(f, rule_index[f.rule], uri, ai))
        for o in t.outcomes:
            if o.status != "error":
                continue
            where = [{"physicalLocation": {"artifactLocation": {"uri": uri, "index": ai}}}]
            if o.rule == "capture":
                detail = o.detail or t.error or "unknown error"
                if not detail.startswith(t.touchpoint.id):
                    detail = f"{t.touchpoint.id}: {detail}"
                notes.append({"level": "error", "message": {"text": _sentence(f"Could not capture {detail}")},
                    "descriptor": {"id": NOTIFICATIONS[1]["id"], "index": 1}, "locations": where})
            else:
                notes.append({"level": "error", "message": {"text": _sentence(
                    f"Rule {o.rule} failed on {t.touchpoint.id}: {o.detail or 'unknown error'}")},
                    "descriptor": {"id": NOTIFICATIONS[0]["id"], "index": 0},
                    "associatedRule": {"id": o.rule, "index": rule_index[o.rule]}, "locations": where})

    s = summarize(result)
    captured = s["captured"] > 0 or not result.touchpoints
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "brandcheck",
            "version": result.tool_version,
            "semanticVersion": result.tool_version,
            "informationUri": INFORMATION_URI,
            "rules": [_rule_descriptor(rid, rules[rid]) for rid in rule_ids],
            "notifications": [{"id": n["id"], "name": n["name"], "shortDescription": {"text": n["text"]},
                               "fullDescription": {"text": n["text"]}, "help": {"text": n["text"]},
                               "defaultConfiguration": {"level": "error"}} for n in NOTIFICATIONS],
        }},
        "invocations": [{
            "executionSuccessful": captured,
            "startTimeUtc": _utc(result.started_at),
            "endTimeUtc": _utc(result.finished_at),
            "toolExecutionNotifications": notes,
        }],
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "kit": {"name": result.kit.name, "digest": result.kit.digest},
            "failOn": result.fail_on,
            "gate": s["gate"],
            "score": s["score"],
            "staleBaseline": [e.get("fingerprint") for e in result.stale_baseline],
            "notes": list(result.notes),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(result: ScanResult, base: Path | None = None) -> str:
    """The SARIF log as text (what `--format sarif` writes)."""
    return json.dumps(sarif_dict(result, base), indent=2, ensure_ascii=False) + "\n"
