"""What a Vale rule reports, before and after it is placed in the source file."""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS: dict[str, int] = {"suggestion": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Action:
    """A rule's `action:` block; kept so callers can offer the fix Vale would offer."""

    name: str = ""
    params: tuple[str, ...] = ()


@dataclass
class Hit:
    """One finding in a block's text: `start`/`end` index the block, not the file."""

    start: int
    end: int
    match: str
    message: str
    action: Action = field(default_factory=Action)


@dataclass
class Alert:
    """One alert placed in the linted file, in Vale's terms (1-based line and column)."""

    path: str
    line: int
    column: int
    check: str
    message: str
    severity: str
    span: tuple[int, int]
    match: str
    link: str = ""
    action: Action = field(default_factory=Action)

    @property
    def brandcheck_severity(self) -> str:
        """brandcheck's severity for this alert: Vale's `suggestion` is brandcheck's `info`."""
        return "info" if self.severity == "suggestion" else self.severity

    def line_format(self) -> str:
        """Vale's `--output=line` form."""
        return f"{self.path}:{self.line}:{self.column}:{self.check}:{self.message}"
