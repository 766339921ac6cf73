"""`extends: conditional` — `first` may appear only where `second` has introduced it."""

from __future__ import annotations

from ..alert import Hit
from .base import ExcusableRule, LintState, RuleData


def has_capture_group(pattern: str) -> bool:
    return pattern.count("(") > pattern.count("(?") + pattern.count("\\(")


class Conditional(ExcusableRule):
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
        self._bind()

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
