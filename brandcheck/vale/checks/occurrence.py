"""`extends: occurrence` — too many (or too few) matches of `token` in one scope."""

from __future__ import annotations

from ..alert import Hit
from .base import LintState, RuleData, ValeRule, format_message


def is_code(s: str) -> bool:
    """Text Vale masked out (code spans become `*`); a count should not point at it."""
    return all(c in "*@" for c in s)


class Occurrence(ValeRule):
    kind = "occurrence"
    fields = frozenset({"token", "max", "min", "ignorecase"})

    def __init__(self, data: RuleData, name: str) -> None:
        super().__init__(data, name)
        if not data.has("token"):
            raise data.error("missing the required 'token' key")
        self.token = data.string("token")
        self.max = data.integer("max")
        self.min = data.integer("min")
        self.ignorecase = data.boolean("ignorecase")
        prefix = "(?i)" if self.ignorecase else ""
        self.pattern = data.compile(prefix + f"(?:{self.token})", "token")

    def run(self, text: str, state: LintState) -> list[Hit]:
        spans = [m.span() for m in self.pattern.finditer(text)]
        count = len(spans)
        if not ((self.max > 0 and count > self.max) or (self.min > 0 and count < self.min)):
            return []
        message = format_message(self.message, str(count))
        if count == 0:
            # Nothing to point at: Vale reports the start of the scope.
            return [Hit(0, 0, "", message, self.action)]
        for start, end in spans:
            m = text[start:end]
            if m.strip() and not is_code(m):
                return [Hit(start, end, m, message, self.action)]
        return []
