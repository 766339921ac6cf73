"""The touchpoint score formula documented in brandcheck/score.py and the README."""

from __future__ import annotations

from brandcheck.model import Finding, Location
from brandcheck.score import score


def f(rule, sev, outcome="violation"):
    return Finding(rule=rule, category="color", severity=sev, touchpoint="t", message="m", location=Location(selector="p"),
                   outcome=outcome)


def test_score_values():
    assert score([]) == 100.0
    assert score([f("a", "error")]) == 77.9
    assert score([f("a", "warning")]) == 90.5
    assert score([f("a", "error"), f("b", "error"), f("c", "error")]) == 47.2
    assert score([f("a", "info"), f("b", "warning", outcome="needs_review")]) == 100.0


def test_repeats_of_one_rule_are_damped():
    many = [f("a", "warning") for _ in range(50)]
    distinct = [f(str(i), "warning") for i in range(50)]
    assert score(many) > score(distinct)
    assert score(many) > 0
