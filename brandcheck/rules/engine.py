"""Evaluate rules on one touchpoint and turn their outcomes into findings.

The engine owns everything that is the same for every rule: scope (touchpoint kind, stage, URL
globs, element roles), message templates, config ignores, inline disables (themselves audited: a
disable that suppressed nothing is reported), fingerprints, and isolation: a rule that raises
becomes a rule error for that touchpoint and the other rules still run.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import math
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..analyze.context import Context, MeasurementError
from ..model import Finding, Location, RuleOutcome
from .loader import Rule
from .registry import Inapplicable, NeedsReview, Pass, Violation

log = logging.getLogger("brandcheck.rules")

DISABLE_ATTR = "data-brandcheck-disable"
UNUSED_DISABLE_RULE = "brandcheck.UnusedDisable"


@dataclass
class EvalResult:
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[RuleOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class _Template(string.Formatter):
    """Fills `{placeholders}`; numbers are shown rounded, lists joined, missing values as '?'."""

    def get_value(self, key: Any, args: Any, kwargs: dict[str, Any]) -> Any:
        if isinstance(key, str):
            return kwargs.get(key, "?")
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec:
            if isinstance(value, float):
                return f"{value:.2f}".rstrip("0").rstrip(".") if not math.isnan(value) else "?"
            if isinstance(value, list | tuple):
                return ", ".join(str(v) for v in value)
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


_TEMPLATE = _Template()


def format_message(template: str, fields: dict[str, Any]) -> str:
    try:
        return _TEMPLATE.format(template, **fields)
    except (IndexError, KeyError, ValueError, AttributeError):
        return template


def in_scope(rule: Rule, ctx: Context) -> str | None:
    """None when the rule applies to the touchpoint, else the reason it does not."""
    tp = ctx.touchpoint
    sc = rule.scope
    if sc.kinds and tp.kind not in sc.kinds:
        return f"touchpoint kind {tp.kind} not in scope ({', '.join(sc.kinds)})"
    if sc.stages and tp.stage not in sc.stages:
        return f"stage {tp.stage or 'none'} not in scope ({', '.join(sc.stages)})"
    url = ctx.capture.url or tp.url or tp.source
    if sc.urls and not any(fnmatch.fnmatch(url, g) or fnmatch.fnmatch(tp.source, g) for g in sc.urls):
        return "URL not in scope"
    if sc.exclude_urls and any(fnmatch.fnmatch(url, g) or fnmatch.fnmatch(tp.source, g) for g in sc.exclude_urls):
        return "URL excluded by scope"
    return None


class Engine:
    def __init__(self, rules: list[Rule]) -> None:
        self.rules = [r for r in rules if r.enabled]

    def evaluate(self, ctx: Context) -> EvalResult:
        res = EvalResult()
        try:
            ignored: set[int] = ctx.get("ignored") if ctx.view is not None else set()
        except MeasurementError:
            ignored = set()
        roles = None
        for rule in self.rules:
            reason = in_scope(rule, ctx)
            if reason:
                res.outcomes.append(RuleOutcome(rule.id, "inapplicable", reason))
                continue
            try:
                outcomes = list(self._run(rule, ctx))
            except Exception as ex:
                msg = str(ex) if isinstance(ex, MeasurementError) else f"{type(ex).__name__}: {ex}"
                log.debug("rule %s failed on %s", rule.id, ctx.touchpoint.id, exc_info=True)
                res.outcomes.append(RuleOutcome(rule.id, "error", msg))
                res.errors.append(f"{rule.id} on {ctx.touchpoint.id}: {msg}")
                continue
            produced = 0
            review = 0
            passed = 0
            inapplicable: str | None = None
            for o in outcomes:
                if isinstance(o, Violation):  # NeedsReview included
                    if o.element is not None and o.element in ignored:
                        continue
                    if rule.scope.roles and o.role is not None:
                        if o.role not in rule.scope.roles:
                            continue
                    elif rule.scope.roles and o.element is not None:
                        if roles is None:
                            roles = ctx.get("dom").roles
                        if o.element < len(roles) and roles[o.element] not in rule.scope.roles:
                            continue
                    res.findings.append(self._finding(rule, ctx, o))
                    if isinstance(o, NeedsReview):
                        review += 1
                    else:
                        produced += 1
                elif isinstance(o, Pass):
                    passed += 1
                elif isinstance(o, Inapplicable):
                    inapplicable = o.reason
            if produced:
                status, detail = "violation", f"{produced} finding(s)"
            elif review:
                status, detail = "needs_review", f"{review} item(s) to review"
            elif passed:
                status, detail = "pass", None
            elif inapplicable:
                status, detail = "inapplicable", inapplicable
            else:
                status, detail = "pass", None
            res.outcomes.append(RuleOutcome(rule.id, status, detail))
        self._apply_disables(ctx, res)
        assign_fingerprints(ctx, res.findings)
        return res

    def _run(self, rule: Rule, ctx: Context) -> list[Any]:
        if rule.vale is not None:
            from .kinds.vale import evaluate_vale_rule

            return list(evaluate_vale_rule(rule, ctx))
        assert rule.impl is not None
        for name in rule.impl.requires:
            ctx.get(name)  # raise MeasurementError early, with the measurement's own message
        return list(rule.impl.evaluate(rule, ctx))

    def _finding(self, rule: Rule, ctx: Context, v: Violation) -> Finding:
        fields = dict(v.fields)
        fields.setdefault("rule", rule.id)
        fields.setdefault("touchpoint", ctx.touchpoint.id)
        fields.setdefault("observed", _short(v.observed))
        fields.setdefault("expected", _short(v.expected))
        fields.setdefault("kit", ctx.kit.brand)
        needs_review = isinstance(v, NeedsReview)
        message = v.fields.get("__message__") or format_message(rule.message, fields)
        severity = "info" if needs_review else (v.severity or rule.level)
        loc = v.location
        if loc.bbox and not loc.viewport and ctx.view is not None:
            loc.viewport = list(ctx.view.viewport)
        category = v.category or rule.category
        return Finding(rule=rule.id, category=category, severity=severity, touchpoint=ctx.touchpoint.id,
                       message=message, location=loc, observed=v.observed, expected=v.expected,
                       outcome="needs_review" if needs_review else "violation", suggestion=v.suggestion,
                       evidence=dict(v.evidence), tags=list(rule.tags), element=v.element, key=v.key)

    # ------------------------------------------------------------------ inline disables
    def _apply_disables(self, ctx: Context, res: EvalResult) -> None:
        view = ctx.view
        if view is None:
            return
        directives = []
        for e in view.elements:
            raw = e.attrs.get(DISABLE_ATTR)
            if raw is None:
                continue
            ids_part, _, reason = raw.partition("--")
            ids = [s for s in re.split(r"[\s,]+", ids_part.strip()) if s]
            directives.append({"element": e.id, "ids": ids or ["all"], "reason": reason.strip(), "used": Counter()})
        if not directives:
            return
        dom = ctx.get("dom")
        kept = []
        for f in res.findings:
            suppressed = False
            if f.element is not None:
                chain = {f.element, *dom.ancestors(f.element)}
                for d in directives:
                    if d["element"] in chain:
                        for rid in d["ids"]:
                            if rid == "all" or rid == f.rule or f.rule.startswith(rid + "."):
                                d["used"][rid] += 1
                                suppressed = True
                                break
                    if suppressed:
                        break
            if not suppressed:
                kept.append(f)
        known = {r.id for r in self.rules}
        for d in directives:
            el = view.elements[d["element"]]
            for rid in d["ids"]:
                if d["used"][rid]:
                    continue
                if rid != "all" and rid not in known and not any(k.startswith(rid + ".") for k in known):
                    why = f"names rule '{rid}', which does not exist"
                else:
                    why = f"suppressed no finding of '{rid}'"
                kept.append(Finding(
                    rule=UNUSED_DISABLE_RULE, category="meta", severity="info", touchpoint=ctx.touchpoint.id,
                    message=f"Inline disable {why}; remove it or fix the rule id"
                            + (f" (reason given: {d['reason']})" if d["reason"] else ""),
                    location=Location(selector=el.selector, bbox=el.box.as_list() if el.box else None,
                                      viewport=list(view.viewport) if el.box else None),
                    observed=f'{DISABLE_ATTR}="{el.attrs.get(DISABLE_ATTR)}"', expected="a disable that is used",
                    element=el.id, key=f"disable:{rid}"))
        res.findings = kept


def _short(v: Any) -> Any:
    if isinstance(v, dict):
        for k in ("hex", "value", "text", "family", "name"):
            if k in v:
                return v[k]
    return v


# --------------------------------------------------------------------------- fingerprints

_NTH = re.compile(r":nth-(of-type|child)\(\d+\)")


def stable_anchor(selector: str | None) -> str:
    """A selector without positional parts, so inserting a sibling above does not change it."""
    if not selector:
        return ""
    return _NTH.sub("", selector)


def assign_fingerprints(ctx: Context, findings: list[Finding]) -> None:
    """Fingerprint = rule + touchpoint + place (positions stripped) + what was seen + occurrence.

    The same problem in the same place keeps its fingerprint when the page changes around it;
    two identical problems under one anchor are told apart by their order.
    """
    seen: Counter[str] = Counter()
    for f in findings:
        if f.fingerprint:
            continue
        what = f.key if f.key is not None else json.dumps(f.observed, sort_keys=True, default=str)
        place = stable_anchor(f.location.selector) or (f.location.text or "")
        base = "\x1f".join([f.rule, f.touchpoint, place, what])
        seen[base] += 1
        n = seen[base]
        f.fingerprint = hashlib.sha256(f"{base}\x1f{n}".encode()).hexdigest()[:20]
