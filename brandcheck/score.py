"""The touchpoint score, 0 to 100: how closely a touchpoint follows its kit.

    penalty = sum over violations (baselined ones too; not "needs review") of
              weight(severity) / n        where n is the finding's rank within its rule (1, 2, 3, ...)
    score   = 100 * exp(-penalty / 40)    rounded to one decimal

Weights: error 10, warning 4, info 0. The 1/n damping makes the fiftieth stray use of one colour
count less than the first use of a wrong logo, so a score reflects how many different things are
wrong more than how often one thing repeats. One error gives 77.9, one warning 90.5, three errors
of different rules 47.2; nothing wrong gives 100. A touchpoint that could not be captured has no
score (null).
"""

from __future__ import annotations

import math
from collections import Counter

from .model import Finding

WEIGHTS = {"error": 10.0, "warning": 4.0, "info": 0.0}
SCALE = 40.0


def penalty(findings: list[Finding]) -> float:
    rank: Counter[str] = Counter()
    total = 0.0
    for f in sorted(findings, key=lambda f: -WEIGHTS.get(f.severity, 0)):
        if f.outcome != "violation":
            continue
        rank[f.rule] += 1
        total += WEIGHTS.get(f.severity, 0.0) / rank[f.rule]
    return total


def score(findings: list[Finding]) -> float:
    return round(100.0 * math.exp(-penalty(findings) / SCALE), 1)
