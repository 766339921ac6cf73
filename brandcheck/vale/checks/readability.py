"""`extends: readability` and `extends: metric` — document-level scores.

Both measure a whole scope (by default Vale's `summary`, the document's prose) and report once,
at the top of the file, when the score crosses a threshold.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable
from typing import Any

from .. import nlp
from ..alert import Hit
from .base import LintState, RuleData, ValeRule, format_message

METRICS = ("Gunning Fog", "Coleman-Liau", "Flesch-Kincaid", "SMOG", "Automated Readability")


def measured_scope(declared: list[str], explicit: bool) -> list[str]:
    """An unset scope, or plain `text`, measures the document (Vale's `summary`)."""
    if not explicit or declared == ["text"]:
        return ["summary"]
    return declared


class DocStats:
    """The counts readability formulas use, computed the way prose's `summarize` does."""

    def __init__(self, text: str) -> None:
        sents = nlp.sentences(text)
        ws = nlp.words(text)
        self.sentences = max(len(sents), 1) if ws else len(sents)
        self.words = len(ws)
        self.characters = sum(sum(1 for c in w if c.isalnum()) for w in ws)
        self.syllables = 0
        self.polysyllabic = 0
        self.complex = 0
        self.long = 0
        for w in ws:
            s = nlp.syllables(w)
            self.syllables += s
            if s >= 3:
                self.polysyllabic += 1
                if not (w[:1].isupper() or "-" in w):
                    self.complex += 1
            if len(w) > 6:
                self.long += 1
        self.paragraphs = max(len([p for p in re.split(r"\n\s*\n", text) if p.strip()]), 1)

    def flesch_kincaid(self) -> float:
        return 0.39 * (self.words / self.sentences) + 11.8 * (self.syllables / self.words) - 15.59

    def gunning_fog(self) -> float:
        return 0.4 * ((self.words / self.sentences) + 100.0 * (self.complex / self.words))

    def coleman_liau(self) -> float:
        letters = self.characters / self.words * 100
        sentences = self.sentences / self.words * 100
        return 0.0588 * letters - 0.296 * sentences - 15.8

    def smog(self) -> float:
        return 1.0430 * math.sqrt(self.polysyllabic * 30.0 / self.sentences) + 3.1291

    def automated_readability(self) -> float:
        return 4.71 * (self.characters / self.words) + 0.5 * (self.words / self.sentences) - 21.43

    def variables(self) -> dict[str, float]:
        return {
            "words": float(self.words),
            "sentences": float(self.sentences),
            "characters": float(self.characters),
            "syllables": float(self.syllables),
            "complex_words": float(self.complex),
            "long_words": float(self.long),
            "polysyllabic_words": float(self.polysyllabic),
            "paragraphs": float(self.paragraphs),
        }


class Readability(ValeRule):
    kind = "readability"
    fields = frozenset({"metrics", "grade"})

    def __init__(self, data: RuleData, name: str) -> None:
        explicit = data.has("scope")
        super().__init__(data, name)
        self.metrics = data.strings("metrics")
        if not self.metrics:
            raise data.error("missing the required 'metrics' key")
        for m in self.metrics:
            if m not in METRICS:
                raise data.error(f"unknown metric '{m}'; expected one of {list(METRICS)}", "metrics")
        self.grade = data.number("grade")
        self.scope = measured_scope(self.scope, explicit)

    def run(self, text: str, state: LintState) -> list[Hit]:
        doc = DocStats(text)
        if doc.words == 0:
            return []
        funcs: dict[str, Callable[[], float]] = {
            "SMOG": doc.smog,
            "Gunning Fog": doc.gunning_fog,
            "Coleman-Liau": doc.coleman_liau,
            "Flesch-Kincaid": doc.flesch_kincaid,
            "Automated Readability": doc.automated_readability,
        }
        grade = sum(funcs[m]() for m in self.metrics) / len(self.metrics)
        if grade > self.grade:
            return [Hit(0, 0, "", format_message(self.message, f"{grade:.2f}"), self.action)]
        return []


_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Mod: operator.mod, ast.Pow: operator.pow,
}
_CMPOPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Eq: operator.eq, ast.NotEq: operator.ne,
}


def _tengo_to_python(expr: str) -> str:
    return expr.replace("&&", " and ").replace("||", " or ").replace("!=", "\x00").replace(
        "!", " not ").replace("\x00", "!=")


def evaluate(expr: str, variables: dict[str, float]) -> Any:
    """Evaluate a metric formula (Tengo syntax: arithmetic, comparisons, `math.*`) safely."""
    tree = ast.parse(_tengo_to_python(expr).strip(), mode="eval")

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id in variables:
                return variables[node.id]
            raise ValueError(f"unknown variable '{node.id}'")
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                return math.inf if left > 0 else (0.0 if left == 0 else -math.inf)
            return _BINOPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            val = ev(node.operand)
            if isinstance(node.op, ast.USub):
                return -val
            if isinstance(node.op, ast.UAdd):
                return val
            if isinstance(node.op, ast.Not):
                return not val
        if isinstance(node, ast.BoolOp):
            vals = [ev(v) for v in node.values]
            return all(vals) if isinstance(node.op, ast.And) else any(vals)
        if isinstance(node, ast.Compare):
            left = ev(node.left)
            for op, comp in zip(node.ops, node.comparators, strict=True):
                right = ev(comp)
                if type(op) not in _CMPOPS or not _CMPOPS[type(op)](left, right):
                    return False
                left = right
            return True
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "math"):
            fn = getattr(math, node.func.attr, None)
            if fn is None or not callable(fn):
                raise ValueError(f"unknown function 'math.{node.func.attr}'")
            return float(fn(*[ev(a) for a in node.args]))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "math":
            val = getattr(math, node.attr, None)
            if isinstance(val, float):
                return val
        raise ValueError("unsupported expression")

    return ev(tree)


METRIC_VARIABLES = ("pre", "list", "blockquote", "heading_h1", "heading_h2", "heading_h3",
                    "heading_h4", "heading_h5", "heading_h6")


class Metric(ValeRule):
    kind = "metric"
    fields = frozenset({"formula", "condition"})

    def __init__(self, data: RuleData, name: str) -> None:
        explicit = data.has("scope")
        super().__init__(data, name)
        if not data.has("formula"):
            raise data.error("missing the required 'formula' key")
        self.formula = re.sub(r"heading\.(h[1-6])", r"heading_\1", data.string("formula"))
        self.condition = data.string("condition")
        self.scope = measured_scope(self.scope, explicit)
        sample = {k: 1.0 for k in (*DocStats("a b.").variables(), *METRIC_VARIABLES)}
        for key, expr in (("formula", self.formula), ("condition", f"1.0 {self.condition}")):
            try:
                evaluate(expr, sample)
            except (SyntaxError, ValueError, TypeError) as ex:
                raise data.error(f"invalid {key} '{expr}': {ex}", key) from None
        self.counts: dict[str, float] = {}

    def run(self, text: str, state: LintState) -> list[Hit]:
        doc = DocStats(text)
        if doc.words == 0:
            return []
        variables = doc.variables()
        for k in METRIC_VARIABLES:
            variables[k] = 0.0
        for k, v in state.metrics.items():
            if not k.startswith("table"):
                variables[k.replace(".", "_")] = float(v)
        try:
            result = evaluate(self.formula, variables)
            ok = evaluate(f"{float(result)!r} {self.condition}", variables)
        except (ValueError, TypeError, ZeroDivisionError, OverflowError):
            return []
        if ok is True:
            return [Hit(0, 0, "", format_message(self.message, f"{result:.2f}"), self.action)]
        return []
