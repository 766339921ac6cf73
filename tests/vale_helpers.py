"""Small builders shared by the Vale engine's unit tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from brandcheck.vale import ValeRule, lint_text, load_rule


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def rule(tmp_path: Path, yaml: str, name: str = "Rule", style: str = "Test") -> ValeRule:
    return load_rule(write(tmp_path / style / f"{name}.yml", yaml), style)


def lines(text: str, rules: list[ValeRule], fmt: str = "markdown") -> list[str]:
    """`line:col:check:message` for each alert, in position order."""
    alerts = lint_text(textwrap.dedent(text).lstrip("\n"), rules, fmt=fmt)
    alerts.sort(key=lambda a: (a.line, a.column, a.check))
    return [f"{a.line}:{a.column}:{a.check}:{a.message}" for a in alerts]
