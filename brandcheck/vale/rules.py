"""Loading Vale rule files (one YAML mapping per file) and style folders."""

from __future__ import annotations

from pathlib import Path

from ..errors import RuleFileError
from ..yamlfile import LineDict, load_yaml
from .checks import KINDS, RuleData, ValeRule

EXTENSION_POINTS = ("capitalization", "conditional", "consistency", "existence", "occurrence",
                    "repetition", "substitution", "readability", "spelling", "sequence", "metric",
                    "script")


def load_rule(path: Path, style: str | None = None) -> ValeRule:
    """Load one rule file; any problem is a `RuleFileError` naming the file and line.

    The rule's name is `Style.Rule`: the style is the folder the file sits in unless given.
    """
    path = Path(path)
    doc = load_yaml(path, RuleFileError)
    if not isinstance(doc, LineDict):
        raise RuleFileError("a rule must be a YAML mapping", str(path), getattr(doc, "line", 1) or 1)
    data = RuleData(doc, path)
    if not data.has("extends") or data.raw.get("extends") is None:
        raise data.error("missing the required 'extends' key")
    extends = data.raw["extends"]
    if not isinstance(extends, str) or extends not in KINDS:
        raise data.error(f"'extends' key must be one of {list(EXTENSION_POINTS)} (got {extends!r})",
                         "extends")
    if data.raw.get("code") is True:
        raise data.error("`code` is deprecated; please use `scope: raw` instead", "code")
    cls = KINDS[extends]
    if extends not in ("consistency", "spelling"):  # Vale decodes these two leniently
        data.check_unknown(cls.fields, extends)
    name = f"{style or path.parent.name}.{path.stem}"
    return cls(data, name)


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a style folder (Vale reads `*.yml` and `*.yaml`, recursively)."""
    files = [p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    return sorted(files)


def load_style(folder: Path) -> list[ValeRule]:
    """Every rule of a style folder, named after the folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RuleFileError("style folder not found", str(folder))
    return [load_rule(p, folder.name) for p in rule_files(folder)]
