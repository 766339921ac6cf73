"""`extends: existence` — report every match of a list of tokens."""

from __future__ import annotations

from ..alert import Hit
from ..regex import first_words
from .base import (
    ExcusableRule,
    LintState,
    RuleData,
    exceptions_pattern,
    fill_template,
    make_regexp,
)


class Existence(ExcusableRule):
    kind = "existence"
    fields = frozenset({"raw", "tokens", "exceptions", "append", "ignorecase", "nonword", "vocab"})
    uses_vocab = True

    def __init__(self, data: RuleData, name: str) -> None:
        super().__init__(data, name)
        self.raw = data.strings("raw")
        tokens = [t for t in data.strings("tokens") if t.strip()]
        self.exceptions = data.strings("exceptions")
        self.append = data.boolean("append")
        self.ignorecase = data.boolean("ignorecase")
        self.nonword = data.boolean("nonword")
        self.vocab = data.boolean("vocab", True)
        word = not self.nonword and bool(tokens)
        regex = make_regexp(not word, self.ignorecase, "".join(self.raw), self.append)
        self.pattern_text = fill_template(regex, "|".join(tokens))
        self.pattern = data.compile(self.pattern_text, "tokens" if tokens else "raw")
        self._first = first_words(tokens, self.ignorecase) if word else None
        for key in ("exceptions",):
            if self.exceptions:
                data.compile(exceptions_pattern(self.exceptions, [], False), key)
        self._bind()

    def _uses_vocab(self) -> bool:
        return self.vocab and not self.nonword

    def run(self, text: str, state: LintState) -> list[Hit]:
        hits: list[Hit] = []
        if self._first is not None and self._first.isdisjoint(state.words(text, self.ignorecase)):
            return hits
        for m in self.pattern.finditer(text):
            start, end = m.span()
            if start == end or self._excused(text, m.group(0).strip(), start, end):
                continue
            hits.append(self.hit(text, start, end))
        return hits
