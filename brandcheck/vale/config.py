"""`.vale.ini`: where styles live, which rules run on which files, and the vocabulary.

The file is INI as Vale reads it (go-ini): global keys first, then `[glob]` sections. Only the
keys Vale defines are given meaning; a `Style.Rule` key that names a rule which does not exist
is accepted and ignored, as Vale does.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import RuleFileError
from .alert import LEVELS
from .glob import compile_glob, glob_match

_SECTION_RE = re.compile(r"^\[(.*)\]\s*$")
_KEY_RE = re.compile(r"^([^=]+?)\s*[=:]\s*(.*)$")
_RULE_KEY_RE = re.compile(r"^[^.\s]+\.[^\s]+$")

GLOBAL_KEYS = {
    "stylespath", "minalertlevel", "vocab", "packages", "ignoredscopes", "skippedscopes",
    "ignoredclasses", "wordtemplate", "nlpendpoint", "basedonstyles", "blockignores",
    "tokenignores", "transform", "lang", "commentdelimiters",
}
SECTION_KEYS = {"basedonstyles", "blockignores", "tokenignores", "transform", "lang",
                "commentdelimiters"}


@dataclass
class Section:
    """One `[glob]` section."""

    pattern: str
    line: int
    styles: list[str] | None = None
    checks: dict[str, str] = field(default_factory=dict)
    block_ignores: list[str] = field(default_factory=list)
    token_ignores: list[str] = field(default_factory=list)
    lang: str = ""

    def matches(self, path: str) -> bool:
        return glob_match(self.pattern, path)


@dataclass
class ValeConfig:
    """A parsed `.vale.ini`."""

    path: Path | None = None
    styles_path: Path | None = None
    min_alert_level: str = "suggestion"
    vocab: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    global_styles: list[str] = field(default_factory=list)
    global_checks: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    ignored_scopes: list[str] = field(default_factory=list)
    skipped_scopes: list[str] = field(default_factory=list)
    ignored_classes: list[str] = field(default_factory=list)
    word_template: str = ""
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def styles_for(self, path: str) -> list[str]:
        """Base styles for a file: the last matching section that sets them, else the global ones."""
        styles = list(self.global_styles)
        for sec in self.sections:
            if sec.styles is not None and sec.matches(path):
                styles = list(sec.styles)
        return styles

    def checks_for(self, path: str) -> dict[str, str]:
        checks: dict[str, str] = {}
        for sec in self.sections:
            if sec.checks and sec.matches(path):
                checks.update(sec.checks)
        return checks

    def section_matches(self, path: str) -> bool:
        return any(sec.matches(path) for sec in self.sections)

    def is_global(self) -> bool:
        return bool(self.global_styles or self.global_checks)

    def all_styles(self) -> list[str]:
        out: list[str] = []
        for s in [*self.global_styles, *(x for sec in self.sections for x in (sec.styles or []))]:
            if s not in out:
                out.append(s)
        return out

    def all_rule_keys(self) -> list[str]:
        out: list[str] = []
        for k in [*self.global_checks, *(k for sec in self.sections for k in sec.checks)]:
            if k not in out:
                out.append(k)
        return out


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _strip_comment(value: str) -> str:
    # go-ini drops an inline comment only when a space precedes its marker.
    m = re.search(r"\s[#;]", value)
    return value[: m.start()].rstrip() if m else value


def _read_words(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as ex:
        raise RuleFileError(f"cannot read vocabulary: {ex.strerror}", str(path)) from None
    words = []
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            words.append(s)
    return words


def _check_value(value: str, name: str, ini: Path, line: int) -> str:
    v = value.strip()
    if v.upper() in ("YES", "NO", "ON", "OFF", "TRUE", "FALSE"):
        return "YES" if v.upper() in ("YES", "ON", "TRUE") else "NO"
    if v.lower() in LEVELS:
        return v.lower()
    raise RuleFileError(
        f"'{name}' must be YES, NO or a level (suggestion, warning, error), not '{v}'", str(ini), line)


def load_config(ini_path: Path) -> ValeConfig:
    """Parse `.vale.ini`; an unreadable or malformed file is a `RuleFileError` with its line."""
    ini_path = Path(ini_path)
    try:
        raw = ini_path.read_bytes()
    except FileNotFoundError:
        raise RuleFileError("config file not found", str(ini_path)) from None
    except IsADirectoryError:
        raise RuleFileError("config path is a folder, not a file", str(ini_path)) from None
    except OSError as ex:
        raise RuleFileError(f"cannot read config: {ex.strerror}", str(ini_path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as ex:
        line = raw[: ex.start].count(b"\n") + 1
        raise RuleFileError("config is not UTF-8 text", str(ini_path), line) from None
    return parse_config(text, ini_path)


def parse_config(text: str, ini_path: Path) -> ValeConfig:
    cfg = ValeConfig(path=ini_path)
    section: Section | None = None
    in_formats = False
    styles_line = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        m = _SECTION_RE.match(stripped)
        if m:
            name = m.group(1).strip()
            if not name:
                raise RuleFileError("empty section name", str(ini_path), lineno)
            in_formats = name == "formats"
            if in_formats:
                section = None
                continue
            try:
                compile_glob(name)
            except re.error as ex:
                raise RuleFileError(f"invalid glob '{name}': {ex}", str(ini_path), lineno) from None
            section = Section(name, lineno)
            cfg.sections.append(section)
            continue
        km = _KEY_RE.match(stripped)
        if not km:
            raise RuleFileError(f"malformed line (expected 'key = value' or '[section]'): {stripped!r}",
                                str(ini_path), lineno)
        key, value = km.group(1).strip(), _strip_comment(km.group(2).strip())
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
            value = value[1:-1]
        lkey = key.lower()
        if in_formats:
            cfg.formats[key.lstrip(".")] = value.lstrip(".")
            continue
        if section is None:
            if lkey == "stylespath":
                cfg.styles_path = Path(os.path.expanduser(os.path.expandvars(value)))
                styles_line = lineno
            elif lkey == "minalertlevel":
                if value.lower() not in LEVELS:
                    raise RuleFileError(f"MinAlertLevel must be one of {list(LEVELS)}, not '{value}'",
                                        str(ini_path), lineno)
                cfg.min_alert_level = value.lower()
            elif lkey == "vocab":
                cfg.vocab = _split_list(value)
                cfg.lines["vocab"] = lineno
            elif lkey == "basedonstyles":
                cfg.global_styles = _split_list(value)
                cfg.lines["basedonstyles"] = lineno
            elif lkey == "ignoredscopes":
                cfg.ignored_scopes = _split_list(value)
            elif lkey == "skippedscopes":
                cfg.skipped_scopes = _split_list(value)
            elif lkey == "ignoredclasses":
                cfg.ignored_classes = _split_list(value)
            elif lkey == "wordtemplate":
                cfg.word_template = value
            elif lkey in GLOBAL_KEYS:
                pass
            elif _RULE_KEY_RE.match(key):
                cfg.global_checks[key] = _check_value(value, key, ini_path, lineno)
            # Other keys are Vale settings brandcheck does not need; Vale ignores unknown ones too.
            continue
        if lkey == "basedonstyles":
            section.styles = _split_list(value)
        elif lkey == "blockignores":
            section.block_ignores.append(value)
        elif lkey == "tokenignores":
            section.token_ignores.append(value)
        elif lkey == "lang":
            section.lang = value
        elif lkey in SECTION_KEYS:
            pass
        elif _RULE_KEY_RE.match(key):
            section.checks[key] = _check_value(value, key, ini_path, lineno)
    if cfg.styles_path is not None and not cfg.styles_path.is_absolute():
        cfg.styles_path = (ini_path.parent / cfg.styles_path).resolve()
    if cfg.styles_path is not None and not cfg.styles_path.is_dir():
        raise RuleFileError(f"StylesPath '{cfg.styles_path}' is not a folder", str(ini_path),
                            styles_line or 1)
    _load_vocab(cfg)
    return cfg


def _load_vocab(cfg: ValeConfig) -> None:
    if not cfg.vocab:
        return
    if cfg.styles_path is None:
        raise RuleFileError("Vocab needs a StylesPath", str(cfg.path), cfg.lines.get("vocab", 1))
    for name in cfg.vocab:
        found = False
        for folder in (cfg.styles_path / "config" / "vocabularies" / name,
                       cfg.styles_path / "Vocab" / name):
            if folder.is_dir():
                found = True
                for fname, target in (("accept.txt", cfg.accepted), ("reject.txt", cfg.rejected)):
                    p = folder / fname
                    if p.is_file():
                        for w in _read_words(p):
                            if w not in target:
                                target.append(w)
                break
        if not found:
            raise RuleFileError(f"vocabulary '{name}' not found under {cfg.styles_path}",
                                str(cfg.path), cfg.lines.get("vocab", 1))
