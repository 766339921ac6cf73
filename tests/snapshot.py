"""Snapshot assertions for reporters whose exact output is a contract with other tools (SARIF, JUnit).

A snapshot is the expected output of a reporter for the factory result, kept in `tests/snapshots/`.
Timestamps and temporary paths are normalised first, so the files only change when the output does.

To update snapshots after an intended change of output, run the tests with the environment variable
set, then review the diff like any other code change:

    BRANDCHECK_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_sarif.py tests/test_junit.py
    git diff tests/snapshots/
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_ENV = "BRANDCHECK_UPDATE_SNAPSHOTS"
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


def normalise(text: str, *paths: Path) -> str:
    """Replace timestamps with `<time>` and the given (temporary) folders with `<tmp>`."""
    for p in paths:
        text = text.replace(str(p), "<tmp>")
    return _ISO.sub("<time>", text)


def assert_snapshot(name: str, text: str) -> None:
    """Compare `text` with `snapshots/<name>`; with BRANDCHECK_UPDATE_SNAPSHOTS=1, rewrite it instead."""
    path = SNAPSHOTS / name
    if os.environ.get(UPDATE_ENV) == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if os.environ.get(UPDATE_ENV) != "1":
            raise AssertionError(f"snapshot {name} did not exist and was written; review it and run again")
        return
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            f"snapshots/{name}", "actual", n=2))
        raise AssertionError(f"output differs from snapshot {name} (update with {UPDATE_ENV}=1):\n{diff[:6000]}")
