"""Typography rule kinds: non-brand families, brand fonts that did not load, unlisted weights,
fallbacks the kit does not allow, and email stacks without an approved fallback.

Like colors, findings are aggregated: one per family (or family and weight, or stack) per
touchpoint, listing the elements, largest first. Where the rendered font is unknown (a static
capture) the checks that need it say "needs review" and never guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...analyze.context import Context
from ...analyze.dom import Dom
from ...analyze.fonts import (
    GENERIC,
    FontReport,
    FontRun,
    faces_for,
    failed_requests_for,
    kit_family_of,
    rendered_family,
)
from ...kit import normalize_family
from ...model import Location
from ..loader import Rule
from ..registry import Inapplicable, NeedsReview, Outcome, Param, Pass, RuleKind, Violation, register

MAX_LISTED = 25


def _group(runs: list[FontRun], key) -> dict[Any, list[FontRun]]:
    out: dict[Any, list[FontRun]] = {}
    for r in runs:
        k = key(r)
        if k is not None:
            out.setdefault(k, []).append(r)
    for v in out.values():
        v.sort(key=lambda r: -(r.box.area if r.box else 0))
    return out


def _loc(dom: Dom, run: FontRun) -> Location:
    return Location(selector=run.selector, bbox=run.box.as_list() if run.box else None,
                    viewport=list(dom.view.viewport) if run.box else None, text=run.text[:120] or None)


def _elements(runs: list[FontRun]) -> list[dict[str, Any]]:
    out = []
    for r in runs[:MAX_LISTED]:
        item: dict[str, Any] = {"selector": r.selector, "text": r.text[:60]}
        if r.box:
            item["bbox"] = r.box.as_list()
        out.append(item)
    return out


def _checked(report: FontReport, rule: Rule) -> list[FontRun]:
    """Runs a typography rule judges: not icon glyphs, not code unless asked."""
    include_code = bool(rule.params.get("include_code", False))
    return [r for r in report.runs if not r.icon and (include_code or not r.code) and r.stack]


def _has_word_chars(text: str) -> bool:
    """Whether text holds a letter or a digit (any script), the glyphs a brand font is chosen for."""
    return any(ch.isalnum() for ch in text)


def _specimen(run: FontRun, rendered: str | None, expected: str | None) -> dict[str, Any]:
    return {"text": run.text[:80], "rendered": rendered, "expected": expected, "rendered_file": None}


class FontRule(RuleKind):
    """Shared by the typography kinds: they judge the `fonts` measurement, code left out unless asked."""

    category = "typography"
    requires = ("fonts", "dom")
    params = {"include_code": Param((bool,), False, "also judge code, pre and kbd text")}


@register
class NonBrandFamily(FontRule):
    name = "typography.non_brand_family"
    description = "Text is set in a family the kit does not list (the first family of its stack)."
    fields = ("family", "count", "kit_families", "sample")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        kit = ctx.kit
        if not kit.families:
            yield Inapplicable("the kit lists no font families")
            return
        report: FontReport = ctx.get("fonts")
        dom: Dom = ctx.get("dom")
        runs = _checked(report, rule)
        if not runs:
            yield Inapplicable("no text")
            return
        groups = _group(runs, lambda r: None if kit_family_of(r.first, kit) else normalize_family(r.first or ""))
        names = ", ".join(f.family for f in kit.families)
        for _key, rs in groups.items():
            fam = rs[0].first or "?"
            fields = {"family": fam, "count": len(rs), "kit_families": names, "sample": rs[0].text[:40]}
            main = rs[0].main_rendered
            yield Violation(fields, _loc(dom, rs[0]),
                            observed={"family": fam, "stack": rs[0].stack, "elements": len(rs)},
                            expected={"families": [f.family for f in kit.families]},
                            element=rs[0].element, key=f"family:{normalize_family(fam)}",
                            suggestion=f"set this text in {kit.families[0].family}" if len(kit.families) == 1 else
                            f"set this text in a kit family ({names})",
                            evidence={"elements": _elements(rs),
                                      "specimen": _specimen(rs[0], main.family if main else fam, kit.families[0].family)})
        yield Pass()


@register
class FontNotLoaded(FontRule):
    name = "typography.font_not_loaded"
    description = "Text declared in a kit family renders in another font: the brand font did not load."
    fields = ("family", "rendered", "count", "reason")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        kit = ctx.kit
        report: FontReport = ctx.get("fonts")
        dom: Dom = ctx.get("dom")
        cap = ctx.capture
        runs = [r for r in _checked(report, rule) if kit_family_of(r.first, kit)]
        if ctx.touchpoint.kind == "email":
            # Most email clients ignore web fonts, so an email that declares no @font-face for a kit family
            # relies on its fallbacks by design (typography.EmailFallback checks those); only a declared face
            # that fails is a broken reference.
            runs = [r for r in runs if faces_for(kit_family_of(r.first, kit) or "", cap)]
        if not runs:
            yield Inapplicable("no text declared in a kit family (with a web font, for emails)")
            return
        if report.rendered_known:
            # A run of only symbols and punctuation (a "⋅" separator, an arrow) drawn by a fallback tells
            # that the web font's subset lacks that glyph, not that the font failed to load.
            bad = [r for r in runs if r.rendered and r.main_rendered is not None and _has_word_chars(r.text)
                   and rendered_family(r.main_rendered, kit) != kit_family_of(r.first, kit)]
            for fam, rs in _group(bad, lambda r: kit_family_of(r.first, kit)).items():
                rendered = sorted({r.main_rendered.family for r in rs if r.main_rendered})
                yield self._violation(fam, rendered, rs, dom, cap, known=True)
            yield Pass()
            return
        # static capture: the rendered font is unknown; only a face whose files are all missing is certain
        for fam, rs in _group(runs, lambda r: kit_family_of(r.first, kit)).items():
            faces = faces_for(fam, cap)
            if faces and all(f.status == "error" for f in faces):
                yield self._violation(fam, [], rs, dom, cap, known=True)
            elif not faces:
                v = self._violation(fam, [], rs, dom, cap, known=False)
                yield NeedsReview(v.fields, v.location, v.observed, v.expected, v.element, v.key, evidence=v.evidence)
        yield Pass()

    def _violation(self, fam: str, rendered: list[str], rs: list[FontRun], dom: Dom, cap, known: bool) -> Violation:
        failed = failed_requests_for(fam, cap)
        faces = faces_for(fam, cap)
        if failed:
            r = failed[0]
            reason = f"failed request {r.url} ({r.reason})"
        elif not faces:
            reason = f"no @font-face declares {fam}, so it renders only where it is installed"
        elif all(f.status == "error" for f in faces):
            reason = f"every @font-face of {fam} failed to load"
        else:
            reason = "the browser chose another font for these glyphs"
        shown = ", ".join(rendered) if rendered else ("a fallback" if known else "unknown (static capture)")
        fields = {"family": fam, "rendered": shown, "count": len(rs), "reason": reason}
        return Violation(fields, _loc(dom, rs[0]),
                         observed={"rendered": rendered or None, "family": fam, "elements": len(rs),
                                   "failed_requests": [f.url for f in failed[:5]]},
                         expected={"family": fam}, element=rs[0].element, key=f"notloaded:{normalize_family(fam)}",
                         suggestion=f"serve {fam} as a web font (@font-face) and check that its files load",
                         evidence={"elements": _elements(rs), "specimen": _specimen(rs[0], rendered[0] if rendered
                                                                                    else None, fam)})


@register
class Weight(FontRule):
    name = "typography.weight"
    description = "Text in a kit family uses a weight the kit does not list for it."
    fields = ("family", "weight", "weights", "count")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        kit = ctx.kit
        if not any(f.weights for f in kit.families):
            yield Inapplicable("the kit lists no weights")
            return
        report: FontReport = ctx.get("fonts")
        dom: Dom = ctx.get("dom")

        def key(r: FontRun):
            fam = kit.family(kit_family_of(r.first, kit) or "")
            if fam is None or not fam.weights or r.weight in fam.weights:
                return None
            return (fam.family, r.weight)

        for (fam, weight), rs in _group(_checked(report, rule), key).items():
            weights = kit.family(fam).weights or ()  # type: ignore[union-attr]
            fields = {"family": fam, "weight": weight, "weights": ", ".join(map(str, weights)), "count": len(rs)}
            nearest = min(weights, key=lambda w: abs(w - weight))
            yield Violation(fields, _loc(dom, rs[0]), observed={"family": fam, "weight": weight, "elements": len(rs)},
                            expected={"family": fam, "weights": list(weights)}, element=rs[0].element,
                            key=f"weight:{normalize_family(fam)}:{weight}", suggestion=f"use weight {nearest}",
                            evidence={"elements": _elements(rs)})
        yield Pass()


def _is_allowed_fallback(name: str, kit) -> bool:
    return kit.is_fallback(name) or kit_family_of(name, kit) is not None


@register
class Fallback(FontRule):
    name = "typography.fallback"
    description = "A font stack of a kit family names fallbacks the kit does not allow."
    fields = ("family", "fallbacks", "allowed", "count")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        kit = ctx.kit
        if not kit.fallbacks:
            yield Inapplicable("the kit lists no fallbacks")
            return
        report: FontReport = ctx.get("fonts")
        dom: Dom = ctx.get("dom")

        def key(r: FontRun):
            if not kit_family_of(r.first, kit):
                return None
            bad = tuple(f for f in r.stack[1:] if not _is_allowed_fallback(f, kit))
            return (kit_family_of(r.first, kit), bad) if bad else None

        for (fam, bad), rs in _group(_checked(report, rule), key).items():
            fields = {"family": fam, "fallbacks": ", ".join(bad), "allowed": ", ".join(kit.fallbacks),
                      "count": len(rs)}
            yield Violation(fields, _loc(dom, rs[0]), observed={"stack": rs[0].stack, "not_allowed": list(bad)},
                            expected={"fallbacks": list(kit.fallbacks)}, element=rs[0].element,
                            key=f"fallback:{normalize_family(fam)}:{'|'.join(bad)}",
                            suggestion=f"use only the kit's fallbacks after {fam}: {', '.join(kit.fallbacks)}",
                            evidence={"elements": _elements(rs)})
        yield Pass()


@register
class EmailFallback(FontRule):
    name = "typography.email_fallback"
    description = ("In an email, a stack of a kit web font has no kit-approved fallback: most email clients ignore "
                   "web fonts, so readers see the client's default.")
    fields = ("family", "stack", "allowed", "count")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        kit = ctx.kit
        if ctx.touchpoint.kind != "email":
            yield Inapplicable("not an email")
            return
        if not kit.fallbacks:
            yield Inapplicable("the kit lists no fallbacks")
            return
        report: FontReport = ctx.get("fonts")
        dom: Dom = ctx.get("dom")

        def key(r: FontRun):
            if not kit_family_of(r.first, kit):
                return None
            approved = [f for f in r.stack[1:] if kit.is_fallback(f) and normalize_family(f) not in GENERIC]
            return None if approved else (kit_family_of(r.first, kit), tuple(r.stack))

        for (fam, stack), rs in _group(_checked(report, rule), key).items():
            named = [f for f in kit.fallbacks if normalize_family(f) not in GENERIC]
            fields = {"family": fam, "stack": ", ".join(stack), "allowed": ", ".join(named or kit.fallbacks),
                      "count": len(rs)}
            yield Violation(fields, _loc(dom, rs[0]), observed={"stack": list(stack)},
                            expected={"fallbacks": list(kit.fallbacks)}, element=rs[0].element,
                            key=f"emailfallback:{'|'.join(stack)}",
                            suggestion=f"add a kit fallback after {fam}: {', '.join(named or kit.fallbacks)}",
                            evidence={"elements": _elements(rs)})
        yield Pass()
