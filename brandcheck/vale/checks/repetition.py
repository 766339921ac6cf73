"""`extends: repetition` — the same token twice in a row ("the the")."""

from __future__ import annotations

from .. import nlp
from ..alert import Hit
from .base import ExcusableRule, LintState, RuleData, format_message


class Repetition(ExcusableRule):
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
                if len(nlp.sentences(span_text)) == 1 and not self._excused(text, span_text, start, end):
                    hits.append(Hit(start, end, span_text, format_message(self.message, curr), self.action))
                    count = 0
            ploc = m.span()
            prev = curr
        return hits
