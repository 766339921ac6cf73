"""One module per Vale rule kind (`extends:` value)."""

from __future__ import annotations

from .base import LintState, RuleData, ValeRule
from .capitalization import Capitalization
from .conditional import Conditional
from .consistency import Consistency
from .existence import Existence
from .occurrence import Occurrence
from .readability import Metric, Readability
from .repetition import Repetition
from .sequence import Sequence
from .spelling import Script, Spelling
from .substitution import Substitution

KINDS: dict[str, type[ValeRule]] = {
    cls.kind: cls
    for cls in (Existence, Substitution, Occurrence, Repetition, Consistency, Capitalization,
                Conditional, Readability, Metric, Sequence, Spelling, Script)
}

__all__ = ["KINDS", "LintState", "RuleData", "ValeRule"]
