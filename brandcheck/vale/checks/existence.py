"""`extends: existence` — report every match of a list of tokens."""

from __future__ import annotations

from typing import Any

import regex

from ..alert import Hit
from ..regex import compile_vale, first_words
from .base import (
    LintState,
    RuleData,
    ValeRule,
    exceptions_pattern,
    fill_template,
    make_regexp,
    phrase_pattern,
)


class Existence(ValeRule):
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
        self._except: Any = None
        self._phrase: Any = None
        self._bind()

    def _bind(self) -> None:
        use_vocab = self.vocab and not self.nonword
        pat = exceptions_pattern(self.exceptions, self.vocab_terms, use_vocab)
        self._except = compile_vale(pat) if pat else None
        phr = phrase_pattern(self.exceptions, self.vocab_terms, use_vocab)
        try:
            self._phrase = compile_vale(phr) if phr else None
        except (regex.error, ValueError):
            self._phrase = None

    def set_vocab(self, accepted: list[str]) -> None:
        super().set_vocab(accepted)
        self._bind()

    def run(self, text: str, state: LintState) -> list[Hit]:
        hits: list[Hit] = []
        if self._first is not None and self._first.isdisjoint(state.words(text, self.ignorecase)):
            return hits
        phrases: list[tuple[int, int]] | None = None
        for m in self.pattern.finditer(text):
            start, end = m.span()
            if start == end:
                continue
            observed = m.group(0).strip()
            if self._except is not None and self._except.search(observed):
                continue
            if self._phrase is not None:
                if phrases is None:
                    phrases = [p.span() for p in self._phrase.finditer(text)]
                if any(s <= start and end <= e for s, e in phrases):
                    continue
            hits.append(self.hit(text, start, end))
        return hits
