"""`brandcheck vale-compat PATH... --config FILE`: Vale's `--output=line --sort` behaviour."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from ..errors import RuleFileError
from .alert import Alert
from .config import ValeConfig, load_config
from .lint import active_rules, lint_source, load_rules
from .markup import format_of

IGNORED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".tox"})


def find_config(start: Path) -> Path | None:
    """`.vale.ini` (or `_vale.ini`) in `start` or the nearest folder above it."""
    for folder in (start, *start.parents):
        for name in (".vale.ini", "_vale.ini"):
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def _walk(arg: str) -> list[str]:
    """Files under `arg` as paths spelled from `arg` (so `.` gives `test.md`, not `./test.md`)."""
    p = Path(arg)
    if p.is_file():
        return [arg]
    if not p.is_dir():
        raise RuleFileError("no such file or folder", arg)
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(arg):
        dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS)
        for fn in sorted(filenames):
            full = os.path.join(dirpath, fn)
            out.append(os.path.normpath(full).replace(os.sep, "/"))
    return out


def should_lint(config: ValeConfig, path: str) -> bool:
    """Vale lints a file a section matches; with global styles, any file of a known format."""
    if config.section_matches(path):
        return True
    return config.is_global() and format_of(Path(path).suffix, config.formats) != "unknown"


def lint_paths(paths: list[str], config: ValeConfig) -> list[Alert]:
    rules = load_rules(config)
    alerts: list[Alert] = []
    for arg in paths:
        for path in _walk(arg):
            if Path(path).name in (".vale.ini", "_vale.ini") or not should_lint(config, path):
                continue
            active, styles = active_rules(config, rules, path)
            if not active:
                continue
            try:
                source = Path(path).read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            suffix = Path(path).suffix
            fmt = format_of(suffix, config.formats)
            alerts.extend(lint_source(source, path, active, fmt, suffix, config, styles))
    return alerts


def run(paths: list[str], config: str | None, out: TextIO) -> int:
    """Lint `paths` and print Vale's line output, sorted; raises `RuleFileError` on bad input."""
    if config is None:
        found = find_config(Path.cwd())
        if found is None:
            raise RuleFileError("no .vale.ini found (use --config FILE)", ".vale.ini")
        cfg_path = found
    else:
        cfg_path = Path(config)
    cfg = load_config(cfg_path)
    alerts = lint_paths(paths or ["."], cfg)
    alerts.sort(key=lambda a: (a.path, a.line, a.column, a.check, a.message))
    for a in alerts:
        out.write(a.line_format() + "\n")
    return 0
