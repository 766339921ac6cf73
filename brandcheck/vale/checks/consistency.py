"""`extends: consistency` — one file should not use both spellings of an `either:` pair."""

from __future__ import annotations

from typing import Any

from ..alert import Hit
from .base import LintState, RuleData, ValeRule, fill_template, format_message, make_regexp


class Consistency(ValeRule):
    kind = "consistency"
    fields = frozenset({"either", "nonword", "ignorecase"})

    def __init__(self, data: RuleData, name: str) -> None:
        super().__init__(data, name)
        self.nonword = data.boolean("nonword")
        self.ignorecase = data.boolean("ignorecase")
        either = data.mapping("either")
        if not either and not data.has("either"):
            raise data.error("missing the required 'either' key")
        template = make_regexp(self.nonword, self.ignorecase)
        stem = name.split(".")[-1].replace("-", "_")
        self.steps: list[tuple[Any, str, str]] = []
        count = 0
        for first, second, _line in either:
            count += 2
            a, b = f"{stem}{count}", f"{stem}{count + 1}"
            body = f"(?P<{a}>{first})|(?P<{b}>{second})"
            pattern = data.compile(fill_template(template, body), "either")
            self.steps.append((pattern, a, b))

    def run(self, text: str, state: LintState) -> list[Hit]:
        hits: list[Hit] = []
        for pattern, a, b in self.steps:
            found = False
            last: tuple[int, int] | None = None
            for m in pattern.finditer(text):
                found = True
                for group in (a, b):
                    if m.start(group) >= 0:
                        last = m.span(group)
                        state.sequences.append(group)
            if found and last is not None and a in state.sequences and b in state.sequences:
                start, end = last
                match = text[start:end]
                hits.append(Hit(start, end, match, format_message(self.message, match), self.action))
        return hits
