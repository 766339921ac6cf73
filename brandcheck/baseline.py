"""Baselines of accepted findings, keyed by fingerprint (as stylelint and ruff keep them).

A release team accepts today's findings once (`brandcheck baseline write`), then gates only on
new ones (`--baseline FILE`): baselined findings stay in the report, marked as such, and never
fail the gate; entries that no longer match anything on a scanned touchpoint are listed as stale
so the file can be pruned.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import UserError
from .model import ScanResult

BASELINE_SCHEMA = "brandcheck/baseline@1"


def write_baseline(result: ScanResult, path: Path) -> int:
    entries = [
        {"fingerprint": f.fingerprint, "rule": f.rule, "touchpoint": f.touchpoint, "severity": f.severity,
         "message": f.message}
        for f in result.findings if f.outcome == "violation"
    ]
    data = {"schema": BASELINE_SCHEMA, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "kit": {"name": result.kit.name, "digest": result.kit.digest}, "findings": entries}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError("baseline file not found", str(path)) from None
    except json.JSONDecodeError as ex:
        raise UserError(f"invalid JSON: {ex.msg}", str(path), ex.lineno) from None
    except OSError as ex:
        raise UserError(f"cannot read: {ex.strerror}", str(path)) from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA or not isinstance(data.get("findings"), list):
        raise UserError(f"not a {BASELINE_SCHEMA} file", str(path))
    out = []
    for i, e in enumerate(data["findings"]):
        if not isinstance(e, dict) or not isinstance(e.get("fingerprint"), str):
            raise UserError(f"findings[{i}] has no fingerprint", str(path))
        out.append(e)
    return out


def apply_baseline(result: ScanResult, entries: list[dict[str, Any]]) -> None:
    """Mark baselined findings; list entries for scanned touchpoints that matched nothing."""
    accepted = {e["fingerprint"] for e in entries}
    seen: set[str] = set()
    for f in result.findings:
        if f.fingerprint in accepted:
            f.baselined = True
            seen.add(f.fingerprint)
    scanned = {t.touchpoint.id for t in result.touchpoints if t.status != "error"}
    result.stale_baseline = [e for e in entries if e["fingerprint"] not in seen and e.get("touchpoint") in scanned]
