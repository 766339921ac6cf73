"""`extends: repetition` — the same token twice in a row ("the the")."""

from __future__ import annotations

from typing import Any

import regex

from .. import nlp
from ..alert import Hit
from ..regex import compile_vale
from .base import LintState, RuleData, ValeRule, exceptions_pattern, format_message, phrase_pattern


class Repetition(ValeRule):
    kind = "repetition"
    fields = frozenset({"tokens", "max", "ignorecase", "alpha", "vocab", "exceptions"})
    uses_vocab = True

    def __init__(self, data: RuleData, name: str) -> None:
        super().__init__(data, name)
        tokens = data.strings("tokens")
        if not tokens:
            raise data.error("missing the required 'tokens' key")
        self.max = data.integer("max")
        self.ignorecase = data.boolean("ignorecase")
        self.alpha = data.boolean("alpha")
        self.vocab = data.boolean("vocab", True)
        self.exceptions = data.strings("exceptions")
        prefix = "(?i)" if self.ignorecase else ""
        self.pattern = data.compile(prefix + "(" + "|".join(tokens) + ")", "tokens")
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

    def run(self, text: str, state: LintState) -> list[Hit]:
        hits: list[Hit] = []
        prev = ""
        ploc = (0, 0)
        count = 0
        for m in self.pattern.finditer(text):
            curr = m.group(0).strip()
            if self.ignorecase:
                hit = curr != "" and curr.casefold() == prev.casefold()
            else:
                hit = curr != "" and curr == prev
            hit = hit and (not self.alpha or all(c.isalpha() for c in curr))
            if hit:
                count += 1
            if hit and count > self.max:
                start, end = ploc[0], m.end()
                span_text = text[start:end]
                if len(nlp.sentences(span_text)) == 1:
                    excused = self._except is not None and self._except.search(span_text)
                    if not excused and self._phrase is not None:
                        excused = any(p.start() <= start and end <= p.end()
                                      for p in self._phrase.finditer(text))
                    if not excused:
                        hits.append(Hit(start, end, span_text, format_message(self.message, curr),
                                        self.action))
                        count = 0
            ploc = m.span()
            prev = curr
        return hits
