"""Running loaded rules over a file's blocks and placing alerts in the source.

The order and de-duplication follow Vale: blocks in document order, then the `summary` scope
(the document's prose), then `raw` (the file as written); an alert is dropped when the same
rule already reported the same line and column; `limit` caps a rule's alerts per file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from ..errors import RuleFileError
from ..yamlfile import LineDict
from . import nlp
from .alert import LEVELS, Alert, Hit
from .checks import KINDS, LintState, RuleData, ValeRule
from .config import ValeConfig
from .markup import Block, Comment, Markup, format_of, parse
from .regex import compile_vale
from .rules import load_rule, rule_files
from .scope import asks_for, matches

_CONTROL_RE = re.compile(r"^vale (.+\..+|[^.]+) = (YES|NO|on|off)$")
_CONTROL_MATCH_RE = re.compile(r"^vale (.+\..+)(\[.+\]) = (YES|NO)$")
_STYLES_RE = re.compile(r"^vale styles? = (.*)$")
# Vale prints each alert on one line: runs of whitespace in a message become one space.
_WHITESPACE = re.compile(r"\s+")


@dataclass
class ActiveRule:
    rule: ValeRule
    level: str
    scope: tuple[str, ...]


@dataclass
class Comments:
    """In-text controls (`<!-- vale off -->`, `<!-- vale Style.Rule = NO -->`)."""

    off: bool = False
    flags: dict[str, bool] = field(default_factory=dict)

    def update(self, text: str, base_styles: Iterable[str]) -> None:
        if text == "vale off":
            self.off = True
        elif text == "vale on":
            self.off = False
        elif m := _CONTROL_MATCH_RE.match(text):
            for item in re.findall(r'"([^"]*)"', m.group(2)):
                self.flags[f"{m.group(1)}[{item}]"] = m.group(3) == "NO"
        elif m := _CONTROL_RE.match(text):
            self.flags[m.group(1)] = m.group(2) in ("NO", "off")
        elif m := _STYLES_RE.match(text):
            for style in base_styles:
                self.flags[style] = True
            for style in m.group(1).split(", "):
                self.flags[style.strip()] = False

    def disabled(self, check: str) -> bool:
        if self.off:
            return True
        style = check.split(".", 1)[0]
        return self.flags.get(style, False) or self.flags.get(check, False)

    def reset(self) -> None:
        for k in self.flags:
            self.flags[k] = False


class Placer:
    """Line and column (1-based, in characters) of offsets in one source text."""

    def __init__(self, source: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def position(self, offset: int) -> tuple[int, int]:
        idx = bisect.bisect_right(self.starts, offset) - 1
        return idx + 1, offset - self.starts[idx] + 1


def _source_offset(offsets: list[int], start: int, end: int) -> int:
    for k in range(start, min(end, len(offsets))):
        if offsets[k] >= 0:
            return offsets[k]
    for k in range(min(start, len(offsets)) - 1, -1, -1):
        if offsets[k] >= 0:
            return offsets[k] + 1
    for k in range(end, len(offsets)):
        if offsets[k] >= 0:
            return offsets[k]
    return 0


def _source_end(offsets: list[int], start: int, end: int) -> int:
    for k in range(min(end, len(offsets)) - 1, start - 1, -1):
        if offsets[k] >= 0:
            return offsets[k] + 1
    return _source_offset(offsets, start, end)


class FileLinter:
    """Lints one text with a set of active rules."""

    def __init__(self, source: str, path: str, active: list[ActiveRule], base_styles: list[str]) -> None:
        self.source = source
        self.path = path
        self.active = active
        self.base_styles = base_styles
        self.placer = Placer(source)
        self.state = LintState()
        self.comments = Comments()
        self.alerts: list[Alert] = []
        self.seen: set[tuple[int, int, str]] = set()
        self.counts: dict[str, int] = {}
        self._by_scope: dict[str, list[ActiveRule]] = {}
        scopes = [a.scope for a in active]
        self.want_sentences = any(asks_for(s, "sentence") for s in scopes)
        self.want_paragraphs = any(asks_for(s, "paragraph") for s in scopes)

    def run(self, markup: Markup) -> list[Alert]:
        self.state.metrics = dict(markup.metrics)
        for item in markup.items:
            if isinstance(item, Comment):
                self.comments.update(item.text, self.base_styles)
                continue
            if item.prose:
                self._prose(item)
            else:
                self._block(item.text, item.offsets, item.scope)
        self.comments.reset()
        if markup.summary_parts:
            text_parts: list[str] = []
            offs: list[int] = []
            for part in markup.summary_parts:
                text_parts.append(part.text + "\n\n")
                offs.extend(part.offsets)
                offs.extend([-1, -1])
            ext = "." + self.path.rsplit(".", 1)[-1] if "." in self.path else ""
            self._block("".join(text_parts), offs, "summary" + ext)
        ext = Path(self.path).suffix
        self._block(self.source, list(range(len(self.source))), "raw" + ext)
        return self.alerts

    def _prose(self, block: Block) -> None:
        text, offs = block.text, block.offsets
        if self.want_paragraphs:
            cursor = 0
            for para in re.split(r"(?<=\n\n)", text):
                if not para:
                    continue
                i = text.find(para, cursor)
                cursor = i + len(para)
                self._block(para, offs[i : i + len(para)], "paragraph." + block.scope)
        if self.want_sentences:
            for s, e in nlp.split_sentences(text):
                self._block(text[s:e], offs[s:e], "sentence." + block.scope)
        self._block(text, offs, block.scope)

    def _rules_for(self, scope: str) -> list[ActiveRule]:
        found = self._by_scope.get(scope)
        if found is None:
            found = [act for act in self.active if matches(act.scope, scope)]
            self._by_scope[scope] = found
        return found

    def _block(self, text: str, offsets: list[int], scope: str) -> None:
        if not text:
            return
        comments = self.comments
        controlled = comments.off or bool(comments.flags)
        for act in self._rules_for(scope):
            name = act.rule.name
            if controlled and comments.disabled(name):
                continue
            for hit in act.rule.run(text, self.state):
                if controlled and comments.disabled(f"{name}[{hit.match}]"):
                    continue
                self._place(act, hit, offsets)

    def _place(self, act: ActiveRule, hit: Hit, offsets: list[int]) -> None:
        rule = act.rule
        if hit.match == "" and hit.start == hit.end:
            line, col = 1, 1
            span = (0, 0)
        else:
            start = _source_offset(offsets, hit.start, hit.end)
            end = _source_end(offsets, hit.start, hit.end)
            line, col = self.placer.position(start)
            span = (start, max(end, start))
        key = (line, col, rule.name)
        if key in self.seen:
            return
        if rule.limit > 0 and self.counts.get(rule.name, 0) >= rule.limit:
            return
        self.seen.add(key)
        self.counts[rule.name] = self.counts.get(rule.name, 0) + 1
        message = _WHITESPACE.sub(" ", hit.message)
        self.alerts.append(Alert(self.path, line, col, rule.name, message, act.level, span,
                                 hit.match, rule.link, hit.action))


def sanitize(text: str) -> str:
    """What Vale does to a file before linting: one kind of line break, no BOM, and the
    `&rsquo;` entity read as an apostrophe (columns are counted in the sanitized text)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("&rsquo;", "'")


# --- rule sets -------------------------------------------------------------------------------


def _builtin(name: str, spec: dict[str, object]) -> ValeRule:
    data = LineDict()
    data.line = 1
    data.key_lines = {}
    for k, v in spec.items():
        data[k] = v
        data.key_lines[k] = 1
    kind = str(spec["extends"])
    return KINDS[kind](RuleData(data, Path(f"<builtin {name}>")), name)


def builtin_rules(accepted: list[str], rejected: list[str]) -> dict[str, ValeRule]:
    """Vale's own style: spelling, repetition, and the Vocab-driven Terms and Avoid rules."""
    rules: dict[str, ValeRule] = {}
    rules["Vale.Spelling"] = _builtin("Vale.Spelling", {
        "extends": "spelling", "message": "Did you really mean '%s'?", "level": "error",
        "action": {"name": "suggest", "params": ["spellings"]}})
    rules["Vale.Repetition"] = _builtin("Vale.Repetition", {
        "extends": "repetition", "message": "'%s' is repeated!", "level": "error",
        "ignorecase": True, "alpha": True, "tokens": [r"[^\s.!?]+"],
        "action": {"name": "edit", "params": ["truncate", " "]}})
    swap = {}
    for term in accepted:
        if term.startswith("(?i)"):
            continue
        swap[term] = term
    terms = _builtin("Vale.Terms", {
        "extends": "substitution", "message": "Use '%s' instead of '%s'.", "level": "error",
        "ignorecase": True, "vocab": False, "swap": swap or {"\x00never\x00": "x"}})
    rules["Vale.Terms"] = terms
    rules["Vale.Avoid"] = _builtin("Vale.Avoid", {
        "extends": "existence", "message": "Avoid using '%s'.", "level": "error",
        "ignorecase": False, "vocab": False, "tokens": rejected or ["\x00never\x00"]})
    return rules


def load_rules(config: ValeConfig) -> dict[str, ValeRule]:
    """Every rule the config can enable: its styles' rules and individually named ones."""
    if getattr(config, "_rules", None) is not None:
        return config._rules  # type: ignore[attr-defined,no-any-return]
    rules: dict[str, ValeRule] = {}
    styles_path = config.styles_path
    for style in config.all_styles():
        if style == "Vale":
            rules.update(builtin_rules(config.accepted, config.rejected))
            continue
        folder = styles_path / style if styles_path else None
        if folder is None or not folder.is_dir():
            raise RuleFileError(f"style '{style}' not found in StylesPath ({styles_path})",
                                str(config.path), _style_line(config, style))
        for f in rule_files(folder):
            rule = load_rule(f, style)
            rules.setdefault(rule.name, rule)
    for key in config.all_rule_keys():
        if key in rules:
            continue
        style, _, rname = key.partition(".")
        if style == "Vale":
            for k, v in builtin_rules(config.accepted, config.rejected).items():
                rules.setdefault(k, v)
            continue
        if styles_path is None:
            continue
        for ext in (".yml", ".yaml"):
            f = styles_path / style / (rname + ext)
            if f.is_file():
                rules[key] = load_rule(f, style)
                break
        # A rule that does not exist is ignored, as Vale ignores it.
    for rule in rules.values():
        if rule.uses_vocab and config.accepted:
            rule.set_vocab(config.accepted)
    config._rules = rules  # type: ignore[attr-defined]
    return rules


def _style_line(config: ValeConfig, style: str) -> int:
    if config.path and config.path.is_file():
        for i, line in enumerate(config.path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if style in line and "basedonstyles" in line.lower():
                return i
    return config.lines.get("basedonstyles", 1)


def active_rules(config: ValeConfig, rules: dict[str, ValeRule], path: str) -> tuple[list[ActiveRule], list[str]]:
    """Vale's `shouldRun` for one file: level filter, per-file and global switches, base styles."""
    min_level = LEVELS[config.min_alert_level]
    file_checks = config.checks_for(path)
    styles = config.styles_for(path)
    out: list[ActiveRule] = []
    for name, rule in rules.items():
        setting = file_checks.get(name, config.global_checks.get(name))
        level = rule.level
        if setting is not None:
            if setting == "NO":
                continue
            if setting in LEVELS:
                level = setting
        elif name.split(".", 1)[0] not in styles:
            continue
        if LEVELS[level] < min_level:
            continue
        out.append(ActiveRule(rule, level, tuple(rule.scope)))
    return out, styles


def lint_source(source: str, path: str, active: list[ActiveRule], fmt: str, ext: str,
                config: ValeConfig | None = None, base_styles: list[str] | None = None) -> list[Alert]:
    source = sanitize(source)
    if not active:
        return []
    markup = parse(
        source, fmt, ext,
        tuple(config.ignored_scopes) if config else (),
        tuple(config.skipped_scopes) if config else (),
        tuple(config.ignored_classes) if config else (),
    )
    if config is not None:
        _apply_ignores(markup, source, config, path)
    linter = FileLinter(source, path, active, base_styles or [])
    return linter.run(markup)


def _ignore_spans(patterns: list[str], source: str, config: ValeConfig) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        try:
            compiled = compile_vale(pattern, regex.MULTILINE)
        except (regex.error, ValueError):
            raise RuleFileError(f"invalid ignore pattern '{pattern}'", str(config.path)) from None
        spans.extend(m.span() for m in compiled.finditer(source) if m.end() > m.start())
    return spans


def _apply_ignores(markup: Markup, source: str, config: ValeConfig, path: str) -> None:
    """`BlockIgnores` and `TokenIgnores`: matched source text is not prose.

    Vale turns such matches into code (a block or an inline span) before parsing, so their
    words are masked like code; here the characters they cover are masked after parsing, which
    keeps every other position unchanged.
    """
    blocks: list[str] = []
    tokens: list[str] = []
    for sec in config.sections:
        if (sec.block_ignores or sec.token_ignores) and sec.matches(path):
            blocks.extend(sec.block_ignores)
            tokens.extend(sec.token_ignores)
    spans = _ignore_spans(blocks, source, config) + _ignore_spans(tokens, source, config)
    if not spans:
        return
    covered = bytearray(len(source) + 1)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    kept: list[Block | Comment] = []
    for item in markup.items:
        if isinstance(item, Block):
            chars = list(item.text)
            changed = False
            for i, off in enumerate(item.offsets):
                if off >= 0 and covered[off] and chars[i] != "\n":
                    chars[i] = "*"
                    changed = True
            if changed:
                item.text = "".join(chars)
                if not item.text.strip(" *\n"):
                    continue
        kept.append(item)
    markup.items = kept
    for part in markup.summary_parts:
        part.text = "".join("*" if off >= 0 and covered[off] and c != "\n" else c
                            for c, off in zip(part.text, part.offsets, strict=True))


def lint_file(path: Path, config: ValeConfig, root: Path | None = None) -> list[Alert]:
    """Lint one file as Vale would with this config; paths in alerts are relative to `root`."""
    path = Path(path)
    root = Path(root) if root is not None else Path.cwd()
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    rules = load_rules(config)
    active, styles = active_rules(config, rules, rel)
    if not active:
        return []
    try:
        source = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return []
    fmt = format_of(path.suffix, config.formats)
    ext = path.suffix
    return lint_source(source, rel, active, fmt, ext, config, styles)


def lint_text(text: str, rules: list[ValeRule], fmt: str = "text", name: str = "stdin") -> list[Alert]:
    """Lint a string with the given rules (all enabled at their own levels)."""
    fmts = {"markdown": ".md", "html": ".html", "rst": ".rst", "text": ".txt"}
    if fmt not in fmts:
        raise ValueError(f"fmt must be one of {sorted(fmts)}, not {fmt!r}")
    ext = fmts[fmt]
    active = [ActiveRule(r, r.level, tuple(r.scope)) for r in rules]
    display = name if "." in Path(name).name else name + ext
    return lint_source(text, display, active, fmt, ext)
