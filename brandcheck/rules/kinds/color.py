"""Color rule kinds: off-palette, deprecated and unreadable (contrast) brand colors.

Findings are aggregated, one per distinct color (or color pair) per touchpoint, listing the
elements it is on, largest first, with its share of the page; severity rises with prominence
(`error_share`). Never hundreds of findings for one stray color.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...analyze.colors import ColorReport, ColorUse, KitMatcher, _text_backdrop
from ...analyze.context import Context
from ...analyze.dom import Dom
from ...color import RGBA, contrast_ratio, try_parse
from ...model import Location
from ..loader import Rule
from ..registry import Inapplicable, NeedsReview, Outcome, Param, Pass, RuleKind, Violation, register

MAX_LISTED = 25


def _elements_evidence(dom: Dom, ids: list[int]) -> list[dict[str, Any]]:
    out = []
    for eid in ids[:MAX_LISTED]:
        e = dom.el(eid)
        item: dict[str, Any] = {"selector": e.selector}
        if e.box:
            item["bbox"] = e.box.as_list()
        out.append(item)
    return out


def _location(dom: Dom, eid: int) -> Location:
    e = dom.el(eid)
    return Location(selector=e.selector, bbox=e.box.as_list() if e.box else None,
                    viewport=list(dom.view.viewport) if e.box else None)


def _share(use: ColorUse, report: ColorReport) -> float | None:
    if report.page_area <= 0 or use.area <= 0:
        return None
    return use.area / report.page_area


def _fmt_share(share: float | None) -> str:
    if share is None:
        return "share unknown"
    return f"{share * 100:.2f}% of the page" if share < 0.1 else f"{share * 100:.0f}% of the page"


_ROLE_WORDS = {"text": ("text",), "background": ("background", "surface"), "border": ("neutral", "border", "line")}


def _suggest(ctx: Context, use: ColorUse) -> str | None:
    """The kit color to use instead: the nearest one whose role fits how the color is used
    (a text color for text, a background for backgrounds), else the nearest of all."""
    kit = ctx.kit
    if not kit.palette or use.match is None or use.match.nearest is None:
        return None
    if use.match.delta_e <= 10:  # this close, the nearest kit color is most likely the one meant
        return f"use {use.match.nearest.name} {use.match.nearest.hex}"
    props = set(use.props)
    wanted = "text" if props == {"text"} else "background" if props <= {"background", "gradient"} else (
        "border" if props <= {"border", "outline"} else None)
    words = _ROLE_WORDS.get(wanted or "", ())
    fitting = [c for c in kit.palette if c.role and any(w in c.role.lower() for w in words)]
    if fitting:
        dist = KitMatcher(kit).distances([use.samples[0].seen])[0][0]
        best = min(fitting, key=lambda c: dist[kit.palette.index(c)])
        return f"use a kit {wanted} color, e.g. {best.name} {best.hex}"
    return f"use a kit color, e.g. {use.match.nearest.name} {use.match.nearest.hex}"


def _prominence_level(rule: Rule, share: float | None) -> str:
    es = rule.params.get("error_share")
    if es is not None and share is not None and share >= es:
        return "error"
    return rule.level


class ColorRule(RuleKind):
    """Shared by the color kinds: they judge the `colors` measurement and locate through the DOM."""

    category = "color"
    requires = ("colors", "dom")


@register
class OffPalette(ColorRule):
    name = "color.off_palette"
    description = "A color in use is not a kit color (beyond the kit's ΔE2000 tolerance)."
    params = {
        "error_share": Param((float,), 0.05, "share of the page from which an off-palette color is an error"),
        "review_band": Param((float,), 2.0, "ΔE beyond the tolerance that gives 'needs review' rather than a finding"),
        "tint_level": Param((str,), "info", "level for a kit color made translucent (tint), or 'off'",
                            ("error", "warning", "info", "off")),
        "properties": Param((list,), ["text", "background", "border", "outline", "fill", "stroke", "gradient"],
                            "which uses of color are checked",
                            ("text", "background", "border", "outline", "fill", "stroke", "gradient")),
    }
    fields = ("hex", "nearest", "nearest_hex", "delta_e", "tolerance", "props", "count", "share")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        report: ColorReport = ctx.get("colors")
        dom: Dom = ctx.get("dom")
        if not ctx.kit.palette:
            yield Inapplicable("the kit has no palette")
            return
        if not report.uses:
            yield Inapplicable("no colors in use")
            return
        band = float(rule.params["review_band"])
        props = set(rule.params["properties"])
        for use in report.uses:
            m = use.match
            if m is None or m.status in ("palette", "deprecated"):
                continue
            samples = [s for s in use.samples if s.prop in props]
            if not samples:
                continue
            u = ColorUse(hex=use.hex, samples=samples, match=m)
            ids = u.elements
            share = _share(u, report)
            nearest = m.nearest
            fields = {"hex": u.hex, "nearest": nearest.name if nearest else "?", "nearest_hex": nearest.hex if nearest else "?",
                      "delta_e": round(m.delta_e, 2), "tolerance": m.tolerance, "props": u.props, "count": len(ids),
                      "share": _fmt_share(share)}
            observed = {"hex": u.hex, "properties": u.props,
                        "declared": sorted({s.declared.css() for s in samples}),
                        "elements": len(ids), "share": round(share, 5) if share is not None else None}
            expected = {"nearest": nearest.name if nearest else None, "hex": nearest.hex if nearest else None,
                        "delta_e": round(m.delta_e, 2), "tolerance": m.tolerance}
            evidence = {"elements": _elements_evidence(dom, ids), "swatches": [u.hex, nearest.hex if nearest else None]}
            key = f"{u.hex}|{','.join(u.props)}"
            if m.status == "tint":
                level = rule.params["tint_level"]
                if level == "off":
                    continue
                base = m.declared_nearest
                fields["__message__"] = (
                    f"{u.hex} is {base.name if base else 'a kit color'} {base.hex if base else ''} made translucent "
                    f"(shown as {u.hex}, ΔE {m.delta_e:.2f} from {nearest.name if nearest else '?'}); "
                    f"{len(ids)} element(s), {_fmt_share(share)}")
                observed["tint_of"] = base.name if base else None
                yield Violation(fields, _location(dom, ids[0]), observed, expected, ids[0], key, severity=level,
                                evidence=evidence)
            elif m.delta_e <= m.tolerance + band:  # the rule's band decides, not the matcher's default
                fields["__message__"] = (f"{u.hex} is just beyond the tolerance of {fields['nearest']} "
                                         f"{fields['nearest_hex']} (ΔE {m.delta_e:.2f}, tolerance {m.tolerance:g}): "
                                         f"check whether it is meant to be that kit color")
                yield NeedsReview(fields, _location(dom, ids[0]), observed, expected, ids[0], key, evidence=evidence)
            else:
                yield Violation(fields, _location(dom, ids[0]), observed, expected, ids[0], key,
                                severity=_prominence_level(rule, share), evidence=evidence,
                                suggestion=_suggest(ctx, u))
        yield Pass()


@register
class Deprecated(ColorRule):
    name = "color.deprecated"
    description = "A deprecated kit color is still in use."
    params = {}
    fields = ("hex", "deprecated", "deprecated_hex", "delta_e", "replacement", "replacement_hex", "props", "count",
              "share")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        if not ctx.kit.deprecated_colors:
            yield Inapplicable("the kit lists no deprecated colors")
            return
        report: ColorReport = ctx.get("colors")
        dom: Dom = ctx.get("dom")
        by_name = {c.name: c for c in ctx.kit.palette}
        for use in report.uses:
            m = use.match
            if m is None or m.status != "deprecated" or m.deprecated is None:
                continue
            dep = m.deprecated
            repl = by_name.get(dep.replaced_by or "")
            ids = use.elements
            share = _share(use, report)
            fields = {"hex": use.hex, "deprecated": dep.name, "deprecated_hex": dep.hex,
                      "delta_e": round(m.deprecated_delta_e or 0.0, 2),
                      "replacement": repl.name if repl else (dep.replaced_by or "a current palette color"),
                      "replacement_hex": repl.hex if repl else "", "props": use.props, "count": len(ids),
                      "share": _fmt_share(share)}
            yield Violation(
                fields, _location(dom, ids[0]),
                observed={"hex": use.hex, "properties": use.props, "elements": len(ids)},
                expected={"replacement": fields["replacement"], "hex": repl.hex if repl else None,
                          "deprecated": dep.name},
                element=ids[0], key=f"{use.hex}|{dep.name}",
                evidence={"elements": _elements_evidence(dom, ids), "swatches": [use.hex, repl.hex if repl else None]},
                suggestion=f"use {fields['replacement']} {fields['replacement_hex']}".strip())
        yield Pass()


def _is_large_text(style: dict[str, str]) -> bool:
    try:
        px = float(style.get("font-size", "16px").rstrip("px"))
        weight = int(float(style.get("font-weight", "400")))
    except ValueError:
        return False
    return px >= 24 or (px >= 18.66 and weight >= 700)


@register
class Contrast(ColorRule):
    name = "color.contrast"
    description = "Text in brand colors is below the WCAG 2.x AA contrast ratio for its size."
    params = {
        "normal": Param((float,), 4.5, "minimum ratio for normal text (WCAG AA)"),
        "large": Param((float,), 3.0, "minimum ratio for large text: 24px, or 18.66px bold (WCAG AA)"),
        "kit_pairs_only": Param((bool,), True, "only judge pairs of kit colors (off-palette colors are reported "
                                               "by color.OffPalette)"),
    }
    fields = ("fg", "bg", "ratio", "required", "size", "fg_name", "bg_name", "count")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        dom: Dom = ctx.get("dom")
        report: ColorReport = ctx.get("colors")
        matcher = KitMatcher(ctx.kit)
        excluded = set(ctx.get("ignored"))
        pairs: dict[tuple[str, str, bool], list[int]] = {}
        colors: dict[tuple[str, str, bool], tuple[RGBA, RGBA, float]] = {}
        unknown: list[int] = []
        for e in dom.elements:
            if not e.visible or not e.own_text.strip() or e.id in excluded or e.tag in ("svg", "script", "style"):
                continue
            if e.box is not None and e.box.area <= 0:
                continue
            fg = try_parse(e.style.get("color"))
            if fg is None or fg.transparent:
                continue
            back = self._backdrop(e.id, e.style, report)
            if back is None:
                unknown.append(e.id)
                continue
            alpha = fg.a * report.opacities.get(e.id, 1.0)
            seen = fg.with_alpha(alpha).over(back) if alpha < 0.999 else RGBA(fg.r, fg.g, fg.b, 1.0)
            large = _is_large_text(e.style)
            ratio = contrast_ratio(seen, back)
            need = float(rule.params["large" if large else "normal"])
            if ratio + 1e-9 >= need:
                continue
            k = (seen.hex, back.hex, large)
            pairs.setdefault(k, []).append(e.id)
            colors[k] = (seen, back, ratio)
        if unknown:
            unknown.sort(key=lambda i: -(dom.el(i).box.area if dom.el(i).box else 0))
            yield NeedsReview({"__message__": f"{len(unknown)} text element(s) sit on an image or gradient: their "
                                              "contrast cannot be measured from styles", "count": len(unknown)},
                              _location(dom, unknown[0]), element=unknown[0], key="contrast-unknown",
                              evidence={"elements": _elements_evidence(dom, unknown)})
        for (fg_hex, bg_hex, large), ids in pairs.items():
            seen, back, ratio = colors[(fg_hex, bg_hex, large)]
            mf, mb = matcher.match(seen), matcher.match(back)
            if rule.params["kit_pairs_only"] and (mf.status not in ("palette", "tint") or
                                                  mb.status not in ("palette", "tint")):
                continue
            ids.sort(key=lambda i: -(dom.el(i).box.area if dom.el(i).box else 0))
            need = float(rule.params["large" if large else "normal"])
            fg_name = mf.nearest.name if mf.status == "palette" and mf.nearest else (
                f"translucent {mf.declared_nearest.name}" if mf.status == "tint" and mf.declared_nearest else fg_hex)
            bg_name = mb.nearest.name if mb.status == "palette" and mb.nearest else bg_hex
            fields = {"fg": fg_hex, "bg": bg_hex, "ratio": round(ratio, 2), "required": need,
                      "size": "large" if large else "normal", "fg_name": fg_name, "bg_name": bg_name,
                      "count": len(ids)}
            yield Violation(fields, _location(dom, ids[0]),
                            observed={"foreground": fg_hex, "background": bg_hex, "ratio": round(ratio, 2)},
                            expected={"ratio": need, "standard": "WCAG 2.x AA"}, element=ids[0],
                            key=f"{fg_hex}|{bg_hex}|{large}",
                            evidence={"elements": _elements_evidence(dom, ids), "swatches": [fg_hex, bg_hex]})
        yield Pass()

    @staticmethod
    def _backdrop(eid: int, style: dict[str, str], report: ColorReport) -> RGBA | None:
        back = report.backdrops.get(eid)
        return _text_backdrop(eid, {eid: back}, style)  # type: ignore[arg-type]
