"""What every Vale rule kind shares: the common fields, their validation, and message filling.

Vale decodes a rule with mapstructure in "weakly typed" mode and rejects unknown keys; keys match
case-insensitively. The loader here does the same so that a package that loads in Vale loads here
and a field Vale would reject is rejected with the file and line of the offending key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import regex

from ...errors import RuleFileError
from ...yamlfile import LineDict, LineList
from ..alert import LEVELS, Action, Hit
from ..regex import RegexError, compile_vale, text_words

COMMON_FIELDS = frozenset(
    {"extends", "message", "description", "level", "scope", "link", "limit", "action", "name",
     "selector", "matchcase", "path", "tests"}
)

WORD_TEMPLATE = r"(?m)\b(?:%s)\b"
NONWORD_TEMPLATE = r"(?m)(?:%s)"


class LintState:
    """Per-file memory some rules need across blocks (Vale's `File.Sequences`)."""

    def __init__(self) -> None:
        self.sequences: list[str] = []
        self.metrics: dict[str, int] = {}
        self._words_for: str | None = None
        self._words: dict[bool, frozenset[str]] = {}

    def words(self, text: str, lower: bool) -> frozenset[str]:
        """The block's words (cached for the block, shared by every rule that asks)."""
        if self._words_for is not text:
            self._words_for = text
            self._words = {}
        found = self._words.get(lower)
        if found is None:
            found = self._words[lower] = text_words(text, lower)
        return found


class RuleData:
    """A rule's YAML mapping with typed, validating accessors that know the line of each key."""

    def __init__(self, data: LineDict, path: Path) -> None:
        self.path = path
        self.raw: dict[str, Any] = {}
        self.lines: dict[str, int] = {}
        for key, value in data.items():
            lowered = str(key).lower()
            self.raw[lowered] = value
            self.lines[lowered] = data.line_of(key)
        self.used: set[str] = set()

    def error(self, message: str, key: str | None = None) -> RuleFileError:
        line = self.lines.get(key, 1) if key else 1
        return RuleFileError(message, str(self.path), line)

    def has(self, key: str) -> bool:
        return key in self.raw

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return self.raw.get(key, default)

    def string(self, key: str, default: str = "") -> str:
        value = self.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (str, int, float)):
            return str(value)
        raise self.error(f"'{key}' must be a string", key)

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return value != 0
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in {"1", "t", "true", "yes", "on"}:
                return True
            if lowered in {"0", "f", "false", "no", "off", ""}:
                return False
        raise self.error(f"'{key}' must be a boolean (true or false)", key)

    def integer(self, key: str, default: int = 0) -> int:
        value = self.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise self.error(f"'{key}' must be an integer", key)

    def number(self, key: str, default: float = 0.0) -> float:
        value = self.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return float(value)
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
        raise self.error(f"'{key}' must be a number", key)

    def strings(self, key: str) -> list[str]:
        value = self.get(key)
        if value is None:
            return []
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return [str(value)]
        if isinstance(value, bool):
            return ["true" if value else "false"]
        if isinstance(value, list):
            out: list[str] = []
            for i, item in enumerate(value):
                if isinstance(item, bool):
                    out.append("true" if item else "false")
                elif isinstance(item, (str, int, float)):
                    out.append(str(item))
                elif item is None:
                    out.append("")
                else:
                    line = value.line_of(i) if isinstance(value, LineList) else self.lines.get(key, 1)
                    raise RuleFileError(f"'{key}' must be a list of strings", str(self.path), line)
            return out
        raise self.error(f"'{key}' must be a list of strings", key)

    def mapping(self, key: str) -> list[tuple[str, str, int]]:
        """A `swap:`/`either:` map as (key, value, line) in file order."""
        value = self.get(key)
        if value is None:
            return []
        if not isinstance(value, dict):
            raise self.error(f"'{key}' must be a map of strings", key)
        out: list[tuple[str, str, int]] = []
        for k, v in value.items():
            line = value.line_of(k) if isinstance(value, LineDict) else self.lines.get(key, 1)
            if isinstance(v, (dict, list)):
                raise RuleFileError(f"'{key}' values must be strings", str(self.path), line)
            if isinstance(k, bool):
                k = "true" if k else "false"
            if isinstance(v, bool):
                v = "true" if v else "false"
            out.append((str(k), "" if v is None else str(v), line))
        return out

    def compile(self, pattern: str, key: str, flags: int = 0) -> Any:
        try:
            return compile_vale(pattern, flags)
        except (RegexError, ValueError, OverflowError) as ex:
            raise self.error(f"invalid regular expression in '{key}': {ex}", key) from None

    def check_unknown(self, allowed: Iterable[str], kind: str) -> None:
        allowed_set = set(allowed) | COMMON_FIELDS
        for key in self.raw:
            if key not in allowed_set:
                raise self.error(f"'{key}' is not a field of extends: {kind}", key)


_VERB = re.compile(r"%[sdvq%]")


def format_message(message: str, *subs: str) -> str:
    """Go's Sprintf as Vale uses it: fill `%s` in order; extra values are ignored."""
    if "%" not in message:
        return message
    values = iter(subs)

    def fill(m: re.Match[str]) -> str:
        verb = m.group(0)[1]
        if verb == "%":
            return "%"
        value = next(values, None)
        if value is None:
            return f"%!{verb}(MISSING)"
        return f'"{value}"' if verb == "q" else value

    return _VERB.sub(fill, message)


def to_sentence(items: list[str], conj: str = "or") -> str:
    """Vale's `core.ToSentence`: quoted items joined as in English prose."""
    quoted = [f"'{s}'" for s in items]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} {conj} {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", {conj} " + quoted[-1]


def make_regexp(nonword: bool, ignorecase: bool, extra: str = "", append: bool = True,
                template: str = "") -> str:
    """Vale's `makeRegexp`: word-bounded (or not) template, raw pattern before or after."""
    regex = (template or WORD_TEMPLATE) if not nonword else NONWORD_TEMPLATE
    regex = regex + extra if append else extra + regex
    if ignorecase:
        regex = "(?i)" + regex
    return regex


def fill_template(regex: str, tokens: str) -> str:
    """Go's Sprintf with one `%s`: only the first verb is filled."""
    return regex.replace("%s", tokens, 1)


def exceptions_pattern(exceptions: list[str], vocab: list[str], use_vocab: bool) -> str:
    """Vale's `updateExceptions`: longest first, each term case-sensitive unless it says `(?i)`."""
    terms = list(exceptions) + (list(vocab) if use_vocab else [])
    if not terms:
        return ""
    terms.sort(key=len, reverse=True)
    terms = [t if t.startswith("(?i)") else "(?-i)" + t for t in terms]
    return fill_template(make_regexp(False, False), "|".join(terms))


def phrase_pattern(exceptions: list[str], vocab: list[str], use_vocab: bool) -> str:
    """Multi-word exceptions, which also excuse a match of one of their words."""
    terms = list(exceptions) + (list(vocab) if use_vocab else [])
    phrases = [t for t in terms if " " in t or "\t" in t or r"\s" in t]
    if not phrases:
        return ""
    return r"(?i)\b(?:" + "|".join(phrases) + r")\b"


def is_phrase(s: str) -> bool:
    """Vale's `IsPhrase`: letters, digits, spaces and hyphens only (so not a regex)."""
    return all(c.isalpha() or c.isdigit() or c in " -" for c in s)


class ValeRule:
    """A loaded Vale rule. Subclasses implement `run` for one `extends:` kind."""

    kind: ClassVar[str] = ""
    fields: ClassVar[frozenset[str]] = frozenset()
    uses_vocab: ClassVar[bool] = False

    def __init__(self, data: RuleData, name: str) -> None:
        self.path = data.path
        self.name = name
        self.extends = self.kind
        if not data.has("message") and not data.has("description"):
            raise data.error("missing the required 'message' key")
        self.message = data.string("message")
        self.description = data.string("description")
        level = data.string("level", "suggestion") if data.has("level") else "suggestion"
        if level not in LEVELS:
            raise data.error(f"'level' must be one of {list(LEVELS)}", "level")
        self.level = level
        self.link = data.string("link")
        self.limit = data.integer("limit")
        scope = data.strings("scope") if data.has("scope") else ["text"]
        for s in scope:
            base = s.split("&")[0].lstrip("~").split(".")[0]
            if " " in base.strip():
                raise data.error(f"scope '{s}' contains spaces", "scope")
        self.scope = [s.strip() for s in scope] or ["text"]
        self.action = self._action(data)
        self.matchcase = data.boolean("matchcase")
        data.get("name")
        data.get("selector")
        data.get("path")
        data.get("tests")
        data.get("extends")
        self.vocab_terms: list[str] = []

    @staticmethod
    def _action(data: RuleData) -> Action:
        value = data.get("action")
        if value is None:
            return Action()
        if not isinstance(value, dict):
            raise data.error("'action' must be a map with 'name' and 'params'", "action")
        name = value.get("name", "")
        params = value.get("params", []) or []
        if not isinstance(name, str):
            raise data.error("'action.name' must be a string", "action")
        if isinstance(params, str):
            params = [params]
        if not isinstance(params, list):
            raise data.error("'action.params' must be a list", "action")
        return Action(name, tuple(str(p) for p in params))

    def set_vocab(self, accepted: list[str]) -> None:
        """Accepted vocabulary (Vocab's accept.txt) as extra exceptions, for rules that use it."""
        self.vocab_terms = list(accepted)

    def needs(self) -> set[str]:
        """Which text units the rule reads beyond its scope (e.g. 'sentence' for tagging)."""
        return set()

    def run(self, text: str, state: LintState) -> list[Hit]:  # pragma: no cover - abstract
        """Findings in one scoped text; `state` carries what the rule remembers across blocks."""
        raise NotImplementedError

    def check(self, text: str) -> list[Hit]:
        """Run the rule on one piece of text on its own (no markup, no file-level memory)."""
        return self.run(text, LintState())

    # Helpers shared by kinds -------------------------------------------------------------

    def hit(self, text: str, start: int, end: int, *subs: str) -> Hit:
        match = text[start:end]
        fills = subs or (match,)
        return Hit(start, end, match, format_message(self.message, *fills), self.action)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def search(pattern: Any, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


class ExcusableRule(ValeRule):
    """A rule whose `exceptions` (and, with `vocab`, the accepted vocabulary) excuse a match, as
    Vale's existence, repetition and conditional checks do: searched in the matched text, and as
    multi-word phrases that excuse any match lying inside one of them.

    Subclasses set `exceptions` and `vocab`, then call `_bind()`; accepted vocabulary arriving
    later (`set_vocab`) rebinds. The phrase spans of a text are found once per text, not per match.
    """

    exceptions: list[str]
    vocab: bool

    def _uses_vocab(self) -> bool:
        return self.vocab

    def _bind(self) -> None:
        use = self._uses_vocab()
        pat = exceptions_pattern(self.exceptions, self.vocab_terms, use)
        self._except: Any = compile_vale(pat) if pat else None
        phr = phrase_pattern(self.exceptions, self.vocab_terms, use)
        try:
            self._phrase: Any = compile_vale(phr) if phr else None
        except (regex.error, ValueError):
            self._phrase = None
        self._spans_of: tuple[str, list[tuple[int, int]]] | None = None

    def set_vocab(self, accepted: list[str]) -> None:
        super().set_vocab(accepted)
        self._bind()

    def _excused(self, text: str, matched: str, start: int, end: int) -> bool:
        if self._except is not None and self._except.search(matched):
            return True
        if self._phrase is None:
            return False
        if self._spans_of is None or self._spans_of[0] is not text:
            self._spans_of = (text, [p.span() for p in self._phrase.finditer(text)])
        return any(s <= start and end <= e for s, e in self._spans_of[1])
