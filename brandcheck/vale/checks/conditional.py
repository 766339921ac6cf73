"""`extends: conditional` — `first` may appear only where `second` has introduced it."""

from __future__ import annotations

from typing import Any

import regex

from ..alert import Hit
from ..regex import compile_vale
from .base import LintState, RuleData, ValeRule, exceptions_pattern, phrase_pattern


def has_capture_group(pattern: str) -> bool:
    return pattern.count("(") > pattern.count("(?") + pattern.count("\\(")


class Conditional(ValeRule):
    kind = "conditional"
    fields = frozenset({"first", "second", "exceptions", "ignorecase", "vocab"})
    uses_vocab = True

    def __init__(self, data: RuleData, name: str) -> None:
        super().__init__(data, name)
        for key in ("first", "second"):
            if not data.has(key):
                raise data.error(f"missing the required '{key}' key")
        self.exceptions = data.strings("exceptions")
        self.ignorecase = data.boolean("ignorecase")
        self.vocab = data.boolean("vocab", True)
        second = data.string("second")
        self.second = data.compile(second, "second")
        self.second_has_group = has_capture_group(second)
        self.first = data.compile(data.string("first"), "first")
        self._except: Any = None
        self._phrase: Any = None
        self._bind()

    def _bind(self) -> None:
        pat = exceptions_pattern(self.exceptions, self.vocab_terms, self.vocab)
        self._except = compile_vale(pat) if pat else None
        phr = phrase_pattern(self.exceptions, self.vocab_terms, self.vocab)
        try:
            self._phrase = compile_vale(phr) if phr else None
        except (regex.error, ValueError):
            self._phrase = None

    def set_vocab(self, accepted: list[str]) -> None:
        super().set_vocab(accepted)
        self._bind()

    def _excused(self, text: str, s: str, start: int, end: int) -> bool:
        if self._except is not None and self._except.search(s):
            return True
        if self._phrase is not None:
            return any(p.start() <= start and end <= p.end() for p in self._phrase.finditer(text))
        return False

    def run(self, text: str, state: LintState) -> list[Hit]:
        hits: list[Hit] = []
        if not self.second_has_group:
            if self.second.search(text):
                return hits
            for m in self.first.finditer(text):
                if m.start() == m.end() or self._excused(text, m.group(0), *m.span()):
                    continue
                hits.append(self.hit(text, m.start(), m.end()))
            return hits
        for m in self.second.finditer(text):
            for g in m.groups():
                if g:
                    state.sequences.append(g)
        for m in self.first.finditer(text):
            s = m.group(0)
            if m.start() == m.end() or s in state.sequences:
                continue
            if self._excused(text, s, *m.span()):
                continue
            hits.append(self.hit(text, m.start(), m.end()))
        return hits
