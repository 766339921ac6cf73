"""The JSON report (contract 5, schema brandcheck/report@1): one object, every finding."""

from __future__ import annotations

import json
from typing import Any

from ..model import ScanResult
from .summary import outcome_groups, summarize, touchpoint_counts

SCHEMA_ID = "brandcheck/report@1"


def report_dict(result: ScanResult) -> dict[str, Any]:
    tps = []
    for t in result.touchpoints:
        tp = t.touchpoint
        cap = t.capture
        tps.append({
            "id": tp.id,
            "kind": tp.kind,
            "source": tp.source,
            "url": (cap.url if cap else None) or tp.url,
            "stage": tp.stage,
            "importance": tp.importance,
            "status": t.status,
            "capture": cap.method if cap and cap.method != "none" else None,
            "error": t.error,
            "score": t.score,
            "counts": touchpoint_counts(t),
            "screenshot": t.screenshot,
            "outcomes": outcome_groups(t),
            "notes": list(cap.notes) if cap else [],
        })
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "brandcheck", "version": result.tool_version},
        "kit": {"name": result.kit.name, "digest": result.kit.digest},
        "started_at": result.started_at,
        "finished_at": result.finished_at,
        "touchpoints": tps,
        "findings": [f.to_json() for f in result.findings],
        "rules": result.rules,
        "summary": summarize(result),
    }


def render_json(result: ScanResult) -> str:
    return json.dumps(report_dict(result), indent=2, ensure_ascii=False, default=str) + "\n"
