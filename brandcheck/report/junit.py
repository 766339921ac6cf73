"""The JUnit XML report: a test suite per touchpoint, a test case per rule that ran on it.

CI systems (Jenkins, GitLab, GitHub test reporters) know how to show JUnit, so a release team sees
brand checks beside its unit tests. The mapping follows axe-core's outcome groups:

- violation with an open finding at error or warning -> `<failure>` listing every finding of the rule;
- violation at info only, pass, needs review        -> a passing case (findings listed in system-out);
- inapplicable                                      -> `<skipped>` with the reason;
- rule error                                        -> `<error type="RuleError">`;
- a touchpoint that could not be captured           -> one case `capture` with `<error type="CaptureError">`.

Baselined findings are accepted, so they never fail a case. The shape is the common subset the JUnit
readers agree on (no `skipped` on `<testsuites>`, which Jenkins' schema rejects); times are 0 because
the scan does not time rules, and the run's start is each suite's timestamp.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

from ..model import Finding, ScanResult, TouchpointResult
from .summary import rule_runs

# XML 1.0 cannot carry these characters at all, even escaped; a scanned page can contain them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
MESSAGE_MAX = 300


def _clean(text: Any) -> str:
    return _INVALID_XML.sub("\ufffd", str(text))


def _where(f: Finding) -> str:
    loc = f.location
    parts = []
    if loc.selector:
        parts.append(loc.selector)
    if loc.line:
        parts.append(f"line {loc.line}" + (f", column {loc.column}" if loc.column else ""))
    if loc.bbox:
        x, y, w, h = (round(v) for v in loc.bbox)
        parts.append(f"box {x},{y} {w}x{h}")
    if loc.text and not loc.selector:
        parts.append(repr(loc.text if len(loc.text) <= 80 else loc.text[:77] + "..."))
    return " · ".join(parts)


def _finding_lines(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        state = "needs review" if f.outcome == "needs_review" else f.severity
        if f.baselined:
            state += ", baselined"
        lines.append(f"[{state}] {f.message}")
        where = _where(f)
        if where:
            lines.append(f"    at {where}")
        if f.suggestion:
            lines.append(f"    suggestion: {f.suggestion}")
        lines.append(f"    fingerprint {f.fingerprint}")
    return "\n".join(lines)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_MAX else text[: MESSAGE_MAX - 1] + "…"


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _clean(v) for k, v in (attrs or {}).items()})
    if text:
        el.text = _clean(text)
    return el


def _suite(tr: TouchpointResult, result: ScanResult, index: int) -> tuple[ET.Element, dict[str, int]]:
    tp = tr.touchpoint
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    suite = ET.Element("testsuite")
    props = _sub(suite, "properties")
    for name, value in (("kind", tp.kind), ("stage", tp.stage), ("importance", tp.importance),
                        ("source", tp.source), ("url", tp.url), ("status", tr.status), ("score", tr.score),
                        ("capture", tr.capture.method if tr.capture else None)):
        if value is not None:
            _sub(props, "property", {"name": name, "value": str(value)})

    if tr.status == "error":
        case = _sub(suite, "testcase", {"name": "capture", "classname": tp.id, "time": "0"})
        msg = tr.error or "the touchpoint could not be captured"
        _sub(case, "error", {"message": _short(msg), "type": "CaptureError"}, msg)
        counts["tests"] += 1
        counts["errors"] += 1
    else:
        for run in rule_runs(tr):
            counts["tests"] += 1
            case = _sub(suite, "testcase", {"name": run["rule"], "classname": tp.id, "time": "0"})
            findings: list[Finding] = run["findings"]
            if run["status"] == "error":
                detail = run["detail"] or "the rule failed"
                _sub(case, "error", {"message": _short(detail), "type": "RuleError"}, detail)
                counts["errors"] += 1
            elif run["failing"]:
                worst = "error" if any(f.severity == "error" for f in run["failing"]) else "warning"
                n = len(run["failing"])
                _sub(case, "failure", {"message": _short(f"{n} finding(s): {run['failing'][0].message}"),
                                       "type": worst}, _finding_lines(findings))
                counts["failures"] += 1
            elif run["status"] == "inapplicable":
                _sub(case, "skipped", {"message": _short(run["detail"] or "not applicable")})
                counts["skipped"] += 1
            elif findings:
                _sub(case, "system-out", None, _finding_lines(findings))
    suite.attrib.update({
        "name": _clean(tp.id),
        "tests": str(counts["tests"]),
        "failures": str(counts["failures"]),
        "errors": str(counts["errors"]),
        "skipped": str(counts["skipped"]),
        "time": "0",
        "timestamp": result.started_at[:19],
        "id": str(index),
        "package": f"brandcheck.{tp.kind}",
    })
    # attributes first in a readable order: ElementTree keeps insertion order, so rebuild
    ordered = {k: suite.attrib[k] for k in ("name", "tests", "failures", "errors", "skipped", "time",
                                            "timestamp", "id", "package")}
    suite.attrib.clear()
    suite.attrib.update(ordered)
    return suite, counts


def _duration(result: ScanResult) -> str:
    """Seconds the scan took, from its start and finish timestamps ("0" when they do not parse)."""
    try:
        seconds = (datetime.fromisoformat(result.finished_at) - datetime.fromisoformat(result.started_at))
    except (TypeError, ValueError):
        return "0"
    return f"{max(0.0, seconds.total_seconds()):g}"


def junit_tree(result: ScanResult) -> ET.Element:
    """The `<testsuites>` element for a scan."""
    root = ET.Element("testsuites")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    suites = []
    for i, tr in enumerate(result.touchpoints):
        suite, counts = _suite(tr, result, i)
        suites.append(suite)
        for k in totals:
            totals[k] += counts[k]
    root.attrib.update({"name": _clean(f"brandcheck {result.tool_version} · kit {result.kit.name}"),
                        "tests": str(totals["tests"]), "failures": str(totals["failures"]),
                        "errors": str(totals["errors"]), "time": _duration(result)})
    root.extend(suites)
    return root


def render_junit(result: ScanResult) -> str:
    """The JUnit XML document as text (what `--format junit` writes)."""
    root = junit_tree(result)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
