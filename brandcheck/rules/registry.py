"""Rule kinds: the Python code that evaluates rules, and what a rule evaluation can answer.

A rule file is data; its `kind` names a class registered here. A kind declares the parameters it
accepts (so that a typo in a rule file is an error, not a silently ignored field), the
placeholders its messages can use, and the measurements it needs (Lighthouse's "required
artifacts"): the engine computes each measurement once per touchpoint and hands it over.

Evaluating a rule yields outcomes in axe-core's groups: a `Violation` (becomes a finding), a
`Pass`, a `NeedsReview` (the check cannot tell, and says so instead of guessing) or
`Inapplicable` (nothing on this touchpoint for the rule to look at).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import Location

if TYPE_CHECKING:
    from ..analyze.context import Context
    from .loader import Rule


@dataclass(frozen=True)
class Param:
    """A rule parameter: its type(s), default and a one-line description for docs and errors."""

    types: tuple[type, ...]
    default: Any
    help: str = ""
    choices: tuple[Any, ...] | None = None

    def check(self, value: Any) -> str | None:
        """An error message when `value` does not fit, else None."""
        if value is None:
            return None
        if float in self.types and isinstance(value, int) and not isinstance(value, bool):
            return None
        if isinstance(value, bool) and bool not in self.types:
            return f"must be {self.type_name()}, got {value!r}"
        if not isinstance(value, self.types):
            return f"must be {self.type_name()}, got {value!r}"
        if list in self.types and isinstance(value, list) and self.choices:
            bad = [v for v in value if v not in self.choices]
            if bad:
                return f"has {bad[0]!r}; allowed: {', '.join(map(str, self.choices))}"
        elif self.choices and value not in self.choices:
            return f"must be one of {', '.join(map(str, self.choices))}, got {value!r}"
        return None

    def type_name(self) -> str:
        names = {int: "a whole number", float: "a number", str: "text", bool: "true or false", list: "a list",
                 dict: "a mapping"}
        return " or ".join(names.get(t, t.__name__) for t in self.types)


@dataclass
class Violation:
    """Something on the touchpoint that does not match the kit. `fields` fill the message."""

    fields: dict[str, Any]
    location: Location
    observed: Any = None
    expected: Any = None
    element: int | None = None
    key: str | None = None  # what identifies the problem across scans besides rule and place
    severity: str | None = None  # overrides the rule's level (e.g. prominence-based)
    suggestion: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    category: str | None = None  # overrides the kind's category (rare)
    role: str | None = None  # the role scope.roles is checked against, when not the element's own
    #                          (text blocks: alt, title, preheader and plain_text are no DOM roles)


@dataclass
class NeedsReview(Violation):
    """The check could not tell (e.g. the rendered font is unknown in a static capture)."""


@dataclass
class Pass:
    detail: str | None = None


@dataclass
class Inapplicable:
    reason: str


Outcome = Violation | NeedsReview | Pass | Inapplicable


class RuleKind:
    """Base class of rule kinds. Subclasses set the class attributes and implement `evaluate`."""

    name: ClassVar[str] = ""
    category: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params: ClassVar[dict[str, Param]] = {}
    #: placeholders every Violation of this kind fills, for validating message templates
    fields: ClassVar[tuple[str, ...]] = ()
    #: measurement names (see analyze.context) this kind needs
    requires: ClassVar[tuple[str, ...]] = ()

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        raise NotImplementedError


KINDS: dict[str, type[RuleKind]] = {}


def register(cls: type[RuleKind]) -> type[RuleKind]:
    if not cls.name or not cls.category:
        raise ValueError(f"rule kind {cls.__name__} needs a name and a category")
    if cls.name in KINDS and KINDS[cls.name] is not cls:
        raise ValueError(f"rule kind {cls.name} registered twice")
    KINDS[cls.name] = cls
    return cls


def load_builtin_kinds() -> dict[str, type[RuleKind]]:
    """Import the modules that register the built-in kinds (once) and return the registry."""
    from . import kinds  # noqa: F401 - importing registers

    return KINDS
