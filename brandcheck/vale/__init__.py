"""A Vale-compatible text-rule engine: Vale style packages load unchanged and give Vale's alerts.

Rules are YAML files whose `extends:` names one of Vale's rule kinds; a `.vale.ini` says where
styles live and which rules apply to which files. See `lint_file` / `lint_text` for linting and
`command.run` for the `vale-compat` command.
"""

from __future__ import annotations

from pathlib import Path

from .alert import Action, Alert
from .checks import ValeRule
from .config import ValeConfig, load_config
from .lint import lint_file, lint_text, load_rules
from .rules import load_rule, rule_files


def load_style(folder: Path) -> list[ValeRule]:
    """Every `*.yml`/`*.yaml` rule of a style folder, named `Folder.File`."""
    from .rules import load_style as _load_style

    return _load_style(folder)


__all__ = [
    "Action",
    "Alert",
    "ValeConfig",
    "ValeRule",
    "lint_file",
    "lint_text",
    "load_config",
    "load_rule",
    "load_rules",
    "load_style",
    "rule_files",
]
