"""`extends: substitution` — suggest a replacement for each match of a `swap:` key."""

from __future__ import annotations

from typing import Any

import regex

from ..alert import Action, Hit
from ..regex import compile_vale, first_words
from .base import (
    LintState,
    RuleData,
    ValeRule,
    exceptions_pattern,
    fill_template,
    format_message,
    is_phrase,
    make_regexp,
    to_sentence,
)

_CAPTURE_OPEN = regex.compile(r"(?<!\\)\((?!\?)")
_GROUP_REF = regex.compile(r"\$(\d+)|\$\{(\w+)\}")


def cap_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def options(expected: str) -> list[str]:
    """`a|b|c` in a swap value offers three suggestions; `\\|` is a literal bar."""
    temp = expected.replace("\\|", "\x00")
    return [o.replace("\x00", "|") for o in temp.split("|") if o]


def convert_message(message: str) -> str:
    """Drop the quotes around the suggestion's `%s`: the quoted suggestion list brings its own.

    The suggestion is the first fill, so in `Use '%s' instead of '%s'` the first quotes go, and
    in a message with a single `'%s'` (`Did you mean '%s'?`) those quotes go.
    """
    fills = message.count("%s")
    for spec in ("'%s'", '"%s"'):
        count = message.count(spec)
        if count == 2 or (count == 1 and fills == 1):
            message = message.replace(spec, "%s", 1)
    return message


def match_token(expected: str, observed: str, ignorecase: bool) -> bool:
    """Is `observed` already what `expected` (a phrase or a pattern) asks for?"""
    if is_phrase(expected):
        return expected == observed
    try:
        pat = compile_vale(("(?i)" if ignorecase else "") + f"^(?:{expected})$")
    except (regex.error, ValueError):
        return expected == observed
    return pat.search(observed) is not None


class Substitution(ValeRule):
    kind = "substitution"
    fields = frozenset({"swap", "exceptions", "ignorecase", "nonword", "vocab", "capitalize", "pos"})
    uses_vocab = True

    def __init__(self, data: RuleData, name: str) -> None:
        super().__init__(data, name)
        self.exceptions = data.strings("exceptions")
        self.ignorecase = data.boolean("ignorecase")
        self.nonword = data.boolean("nonword")
        self.vocab = data.boolean("vocab", True)
        self.capitalize = data.boolean("capitalize")
        data.get("pos")
        swap = data.mapping("swap")
        if not swap and not data.has("swap"):
            raise data.error("missing the required 'swap' key")
        # Longest keys first, so that alternation prefers the most specific term.
        swap = sorted(swap, key=lambda kv: len(kv[0]), reverse=True)
        self.keys: list[str] = []
        self.replacements: list[str] = []
        parts: list[str] = []
        for key, value, line in swap:
            try:
                compile_vale(key)
            except (regex.error, ValueError) as ex:
                from ...errors import RuleFileError

                raise RuleFileError(f"invalid regular expression '{key}': {ex}", str(data.path), line) from None
            self.keys.append(key)
            self.replacements.append(value)
            body = key
            if key.count("(") != key.count("(?") + key.count("\\("):
                body = _CAPTURE_OPEN.sub("(?:", key)
            parts.append(f"({body})")
        template = make_regexp(self.nonword, self.ignorecase)
        self.pattern_text = fill_template(template, "|".join(parts))
        self.pattern = data.compile(self.pattern_text, "swap")
        self._first = None if self.nonword else first_words(self.keys, self.ignorecase)
        if self.exceptions:
            data.compile(exceptions_pattern(self.exceptions, [], False), "exceptions")
        self._except: Any = None
        self._bind()

    def _bind(self) -> None:
        pat = exceptions_pattern(self.exceptions, self.vocab_terms, self.vocab)
        self._except = compile_vale(pat) if pat else None

    def set_vocab(self, accepted: list[str]) -> None:
        super().set_vocab(accepted)
        self._bind()

    def _expected(self, index: int, observed: str) -> str:
        expected = self.replacements[index]
        if self.capitalize and observed == cap_first(observed):
            expected = cap_first(expected)
        if not regex.search(r"\$\d+|\$\{\w+\}", expected):
            return expected
        flags = regex.IGNORECASE if self.ignorecase else 0
        template = _GROUP_REF.sub(lambda m: f"\\g<{m.group(1) or m.group(2)}>", expected)
        try:
            return compile_vale(self.keys[index], flags).sub(template, observed)
        except (regex.error, ValueError):
            return expected

    def run(self, text: str, state: LintState) -> list[Hit]:
        hits: list[Hit] = []
        if self._first is not None and self._first.isdisjoint(state.words(text, self.ignorecase)):
            return hits
        for m in self.pattern.finditer(text):
            for gi in range(1, len(self.keys) + 1):
                start, end = m.span(gi)
                if start < 0:
                    continue
                observed = text[start:end]
                if not observed:
                    continue
                expected = self._expected(gi - 1, observed)
                if match_token(expected, observed, False):
                    continue
                if self._except is not None and self._except.search(observed):
                    continue
                message = self.message
                action = self.action
                if action.name == "replace" and not action.params:
                    params = options(expected)
                    if observed == cap_first(observed):
                        params = [cap_first(p) for p in params]
                    action = Action(action.name, tuple(params))
                    expected = to_sentence(params, "or")
                    message = convert_message(message)
                hits.append(Hit(start, end, observed, format_message(message, expected, observed), action))
        return hits
