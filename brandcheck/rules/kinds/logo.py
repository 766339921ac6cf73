"""Logo rule kinds: how the kit's logos are used on a touchpoint.

Each kind judges the logo instances the `logos` measurement found (see `analyze/logos.py`): an
outdated logo, a distorted, recolored, too small or crowded one, a raster logo blown up past its
pixels, or no logo where the header needs one. Every finding carries the evidence a reviewer needs
to see it side by side: the crop of the rendered logo, a rendering of the kit logo it was matched
to, the match confidence and the measured values.

A check that needs boxes (size, proportions, clear space) says "needs review" on a static capture
instead of guessing.

A logo found inside a larger picture (`LogoInstance.inside`, the optional banner search) counts
for `logo.Outdated` and `logo.Missing` like any other. The checks of how a logo is placed do not
judge it as if it were an image of its own: its proportions, pixel density and `object-fit` belong
to the picture (Distorted, LowResolution skip it), and the space around it inside a designed
picture is the designer's choice, which the page's elements cannot show (ClearSpace skips it).
Its size and colors are measured on the window it was found in, through the picture's own
scaling and compression: TooSmall and Recolored report them as "needs review", never as errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...analyze.context import Context
from ...analyze.kitlogos import KitLogoModel
from ...analyze.logos import LogoInstance, LogoReport, evidence_png
from ...model import Box, Location
from ..loader import Rule
from ..registry import Inapplicable, NeedsReview, Outcome, Param, Pass, RuleKind, Violation, register

#: Instance kinds that sit in the page with a box (the favicon and og:image do not).
IN_PAGE = ("img", "svg", "background", "email-header")


def _location(inst: LogoInstance) -> Location:
    box = inst.box or inst.ink_box
    if inst.selector or box:
        return Location(selector=inst.selector, bbox=box.as_list() if box else None)
    return Location(text=f"{inst.kind} {inst.src or ''}".strip())


def _evidence(inst: LogoInstance, report: LogoReport, model: KitLogoModel | None, **measured: Any) -> dict[str, Any]:
    folder = Path(report.evidence_dir) if report.evidence_dir else None
    ev: dict[str, Any] = {"crop": evidence_png(inst, folder), "kit_logo": None, "confidence": inst.confidence}
    if model is not None:
        ev["match"] = model.name
        if folder is not None:
            png = model.png(folder)
            ev["kit_logo"] = str(png) if png else None
    if inst.box is not None:
        ev["box"] = inst.box.as_list()
    if inst.ink_box is not None:
        ev["ink_box"] = inst.ink_box.as_list()
    ev.update({k: v for k, v in measured.items() if v is not None})
    return ev


def _observed_base(inst: LogoInstance) -> dict[str, Any]:
    out: dict[str, Any] = {"logo": inst.match.name if inst.match else None, "confidence": inst.confidence,
                           "kind": inst.kind}
    if inst.src:
        out["src"] = inst.src if len(inst.src) < 300 else inst.src[:300] + "…"
    if inst.inside:
        out["inside_image"] = inst.inside
    return out


def _logos(ctx: Context) -> LogoReport:
    return ctx.get("logos")


def _box_list(b: Box | None) -> list[float] | None:
    return b.as_list() if b else None


class LogoRule(RuleKind):
    """Shared by the logo kinds: they judge the `logos` measurement."""

    category = "logo"
    requires = ("logos",)


@register
class Outdated(LogoRule):
    name = "logo.outdated"
    description = "A deprecated version of the logo is in use."
    params = {}
    fields = ("logo", "replacement", "confidence", "where")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        report = _logos(ctx)
        if not any(m.deprecated for m in report.kit.models):
            yield Inapplicable("the kit lists no deprecated logos")
            return
        for inst, m in report.matched():
            if not m.deprecated:
                continue
            repl = report.kit.by_name(m.logo.replaced_by or "") or (report.kit.current[0] if report.kit.current else None)
            repl_name = repl.name if repl else (m.logo.replaced_by or "a current kit logo")
            fields = {"logo": m.name, "replacement": repl_name, "confidence": round(inst.confidence, 2),
                      "where": inst.where}
            repl_png = repl.png(Path(report.evidence_dir)) if repl and report.evidence_dir else None
            yield Violation(
                fields, _location(inst), observed={**_observed_base(inst), "deprecated": m.name},
                expected={"logo": repl_name, "file": Path(repl.logo.file).name if repl else None},
                element=inst.element, key=f"{m.name}|{inst.kind}",
                suggestion=f"replace it with the kit logo '{repl_name}'" + (f" ({Path(repl.logo.file).name})"
                                                                           if repl else ""),
                evidence=_evidence(inst, report, m, replacement_logo=str(repl_png) if repl_png else None))
        yield Pass()


@register
class Distorted(LogoRule):
    name = "logo.distorted"
    description = "A logo is shown with other proportions than the kit logo (stretched or squeezed)."
    params = {
        "tolerance": Param((float,), 0.06, "allowed change of the aspect ratio (0.06: 6 %), beyond the "
                                           "measurement's own pixel uncertainty"),
    }
    fields = ("logo", "change", "direction", "shown", "kit", "where", "confidence")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        report = _logos(ctx)
        tol = float(rule.params["tolerance"])
        seen = False
        for inst, m in report.matched():
            if inst.kind not in IN_PAGE or inst.inside:
                continue  # inside a picture: the box's proportions are the picture's
            seen = True
            if inst.aspect_ratio is None:
                if inst.box is None:
                    yield NeedsReview({"__message__": f"Logo '{m.name}' at {inst.where}: its proportions cannot be "
                                                      "measured without a browser capture (no layout boxes)"},
                                      _location(inst), element=inst.element, key=f"{m.name}|noboxes",
                                      evidence=_evidence(inst, report, m))
                continue
            change = inst.aspect_ratio - 1.0
            if abs(change) <= tol + inst.aspect_error:
                continue
            direction = "stretched wide" if change > 0 else "squeezed narrow"
            shown = inst.ink_box.w / inst.ink_box.h if inst.ink_box else None
            fields = {"logo": m.name, "change": f"{abs(change) * 100:.0f} %", "direction": direction,
                      "shown": f"{shown:.2f}:1" if shown else "?", "kit": f"{m.ink_aspect:.2f}:1",
                      "where": inst.where, "confidence": round(inst.confidence, 2)}
            yield Violation(
                fields, _location(inst),
                observed={**_observed_base(inst), "aspect_ratio": round(shown, 3) if shown else None,
                          "size": [round(inst.box.w, 1), round(inst.box.h, 1)] if inst.box else None,
                          "measured_from": inst.aspect_source},
                expected={"aspect_ratio": round(m.ink_aspect, 3), "tolerance": tol},
                element=inst.element, key=f"{m.name}|distorted",
                suggestion="scale the logo uniformly (set only its width or height, or use object-fit: contain)",
                evidence=_evidence(inst, report, m, aspect_ratio=round(shown, 4) if shown else None,
                                   kit_aspect_ratio=round(m.ink_aspect, 4), change=round(change, 4),
                                   uncertainty=round(inst.aspect_error, 4), measured_from=inst.aspect_source,
                                   object_fit=inst.object_fit, transform=inst.transform))
        if not seen:
            yield Inapplicable("no logo shown in the page")
            return
        yield Pass()


@register
class Recolored(LogoRule):
    name = "logo.recolored"
    description = ("A logo is drawn in colors none of its kit variants has, or in a variant that does not "
                   "stand out from its background (the wrong colorway).")
    params = {
        "tolerance": Param((float,), 8.0, "CIEDE2000 within which a drawn color counts as the variant's color"),
        "min_share": Param((float,), 0.12, "share of the logo's ink that must be off for a finding"),
        "min_contrast": Param((float,), 1.5, "a variant whose contrast with the backdrop is below this is the "
                                             "wrong colorway when another variant stands out"),
        "min_ink_px": Param((float,), 10.0, "below this ink height (CSS px) colors are anti-aliasing: needs review"),
    }
    fields = ("logo", "colors", "nearest", "delta_e", "share", "where", "backdrop", "contrast", "better",
              "better_contrast", "confidence")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        report = _logos(ctx)
        tol = float(rule.params["tolerance"])
        min_share = float(rule.params["min_share"])
        min_contrast = float(rule.params["min_contrast"])
        seen = False
        for inst, m in report.matched():
            if m.deprecated or not inst.colors:
                continue  # an outdated logo is to be replaced, whatever its colors
            seen = True
            off = [f for f in inst.color_fit if f.delta_e > tol]
            off_share = sum(f.share for f in off)
            tiny = inst.ink_box is not None and inst.ink_box.h < float(rule.params["min_ink_px"])
            if off and off_share >= min_share:
                worst = max(off, key=lambda f: f.share)
                fields = {"logo": m.name, "colors": [f.hex for f in off], "nearest": worst.nearest,
                          "delta_e": worst.delta_e, "share": f"{off_share * 100:.0f} %", "where": inst.where,
                          "backdrop": inst.backdrop or "?", "contrast": inst.contrast or "?", "better": "",
                          "better_contrast": "", "confidence": round(inst.confidence, 2)}
                variants = sorted({c.hex for v in report.kit.variants(m) if not v.deprecated for c in v.colors})
                observed = {**_observed_base(inst), "colors": [{"hex": f.hex, "share": f.share} for f in inst.color_fit],
                            "from": inst.color_source}
                expected = {"variant": m.name, "colors": [c.hex for c in m.colors], "variant_colors": variants,
                            "tolerance": tol}
                ev = _evidence(inst, report, m, colors=[f.__dict__ for f in inst.color_fit], tolerance=tol,
                               colors_from=inst.color_source, swatches=[worst.hex, worst.nearest])
                cls = NeedsReview if tiny or inst.inside else Violation
                if inst.inside and not tiny:
                    fields["__message__"] = (f"Logo '{m.name}' inside the image at {inst.where} looks drawn in "
                                             f"{worst.hex} (ΔE {worst.delta_e} from {worst.nearest}); colors read "
                                             "through the picture's own compression and color handling")
                if tiny:
                    fields["__message__"] = (f"Logo '{m.name}' at {inst.where} looks drawn in {worst.hex} "
                                             f"(ΔE {worst.delta_e} from {worst.nearest}), but it is too small for its "
                                             "colors to be measured reliably")
                yield cls(fields, _location(inst), observed, expected, element=inst.element,
                          key=f"{m.name}|colors|{','.join(sorted(f.hex for f in off))}",
                          suggestion=f"use the kit's '{m.name}' logo file as it is (colors {', '.join(variants)})",
                          evidence=ev)
                continue
            # the wrong colorway for the background: a variant that disappears where another would show
            if inst.contrast is not None and inst.contrast < min_contrast and inst.variant_contrast:
                better = max(inst.variant_contrast, key=lambda n: inst.variant_contrast[n])
                if better != m.name and inst.variant_contrast[better] >= 2 * min_contrast and not inst.inside:
                    fields = {"logo": m.name, "colors": [c.hex for c in inst.colors[:3]], "nearest": "",
                              "delta_e": "", "share": "", "where": inst.where, "backdrop": inst.backdrop,
                              "contrast": inst.contrast, "better": better,
                              "better_contrast": inst.variant_contrast[better],
                              "confidence": round(inst.confidence, 2)}
                    fields["__message__"] = (
                        f"Logo variant '{m.name}' ({inst.colors[0].hex}) on {inst.backdrop} at {inst.where} has "
                        f"contrast {inst.contrast}:1 and barely shows; the kit's '{better}' variant would have "
                        f"{inst.variant_contrast[better]}:1")
                    yield Violation(
                        fields, _location(inst),
                        observed={**_observed_base(inst), "backdrop": inst.backdrop, "contrast": inst.contrast},
                        expected={"variant": better, "contrast": inst.variant_contrast[better],
                                  "min_contrast": min_contrast},
                        element=inst.element, key=f"{m.name}|colorway|{inst.backdrop}",
                        suggestion=f"use the '{better}' variant on this background",
                        evidence=_evidence(inst, report, report.kit.by_name(better) or m, backdrop=inst.backdrop,
                                           contrast=inst.contrast, variant_contrast=inst.variant_contrast,
                                           swatches=[inst.colors[0].hex, inst.backdrop]))
        if not seen:
            yield Inapplicable("no current kit logo with measurable colors")
            return
        yield Pass()


@register
class TooSmall(LogoRule):
    name = "logo.too_small"
    description = "A logo is shown narrower than the kit's min_width_px."
    params = {
        "slack_px": Param((float,), 0.5, "CSS px of rounding allowed below the minimum"),
    }
    fields = ("logo", "width", "min_width", "where", "confidence")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        report = _logos(ctx)
        slack = float(rule.params["slack_px"])
        seen = False
        for inst, m in report.matched():
            if inst.kind not in IN_PAGE or m.deprecated or not m.logo.min_width_px:
                continue
            seen = True
            need = float(m.logo.min_width_px)
            if inst.rendered_width is None:
                if inst.box is None:
                    yield NeedsReview({"__message__": f"Logo '{m.name}' at {inst.where}: its rendered width cannot be "
                                                      f"measured without a browser capture (kit minimum {need:g} px)"},
                                      _location(inst), element=inst.element, key=f"{m.name}|noboxes",
                                      evidence=_evidence(inst, report, m))
                continue
            width = inst.rendered_width
            if width + slack >= need:
                continue
            fields = {"logo": m.name, "width": f"{width:.0f}", "min_width": f"{need:g}", "where": inst.where,
                      "confidence": round(inst.confidence, 2)}
            cls = Violation
            if inst.inside:
                # measured on the ink segmented inside a picture: close, but not to the pixel
                cls = NeedsReview
                fields["__message__"] = (f"Logo '{m.name}' inside the image at {inst.where} looks about {width:.0f} px "
                                         f"wide, below the kit's minimum of {need:g} px")
            yield cls(fields, _location(inst),
                            observed={**_observed_base(inst), "width_px": round(width, 1),
                                      "height_px": round(inst.rendered_height or 0, 1)},
                            expected={"min_width_px": need}, element=inst.element, key=f"{m.name}|too_small",
                            suggestion=f"show the logo at least {need:g} px wide",
                            evidence=_evidence(inst, report, m, width_px=round(width, 2), min_width_px=need,
                                               logo_box=_box_list(inst.logo_box)))
        if not seen:
            yield Inapplicable("no shown kit logo with a min_width_px")
            return
        yield Pass()


@register
class ClearSpace(LogoRule):
    name = "logo.clear_space"
    description = "Other content is drawn inside a logo's clear space (the kit's clear_space x the logo's height)."
    params = {
        "slack_px": Param((float,), 1.0, "CSS px of rounding allowed inside the margin"),
    }
    fields = ("logo", "margin", "intruder", "distance", "side", "count", "where", "confidence")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        report = _logos(ctx)
        slack = float(rule.params["slack_px"])
        seen = False
        for inst, m in report.matched():
            if inst.kind not in IN_PAGE or m.deprecated or not m.logo.clear_space or inst.inside:
                continue  # inside a picture, the space around the logo is the picture's design
            seen = True
            if inst.ink_box is None or inst.logo_box is None:
                if inst.box is None:
                    yield NeedsReview({"__message__": f"Logo '{m.name}' at {inst.where}: its clear space cannot be "
                                                      "checked without a browser capture (no layout boxes)"},
                                      _location(inst), element=inst.element, key=f"{m.name}|noboxes",
                                      evidence=_evidence(inst, report, m))
                continue
            margin = float(m.logo.clear_space) * inst.logo_box.h
            inside = [n for n in inst.neighbours if n.distance < margin - slack]
            if not inside:
                continue
            first = inside[0]
            what = f"'{first.text}'" if first.text else first.selector.rsplit(" > ", 1)[-1]
            fields = {"logo": m.name, "margin": round(margin, 1), "intruder": what, "distance": first.distance,
                      "side": first.side, "count": len(inside), "where": inst.where,
                      "confidence": round(inst.confidence, 2)}
            yield Violation(
                fields, _location(inst),
                observed={**_observed_base(inst), "intruders": [
                    {"selector": n.selector, "bbox": n.box.as_list(), "distance_px": n.distance, "side": n.side}
                    for n in inside[:10]]},
                expected={"clear_space_px": round(margin, 1), "clear_space": m.logo.clear_space},
                element=inst.element, key=f"{m.name}|clear_space",
                suggestion=f"keep {margin:.0f} px free around the logo (move {what} away)",
                evidence=_evidence(inst, report, m, margin_px=round(margin, 2), intruders=[
                    {"selector": n.selector, "bbox": n.box.as_list(), "distance_px": n.distance, "side": n.side,
                     "text": n.text} for n in inside[:10]], logo_box=_box_list(inst.logo_box)))
        if not seen:
            yield Inapplicable("no shown kit logo with a clear_space")
            return
        yield Pass()


@register
class Missing(LogoRule):
    name = "logo.missing"
    description = "No kit logo where one is required: the header of a page, the header of an email."
    params = {}
    fields = ("where", "kind")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        report = _logos(ctx)
        if not report.kit.models:
            yield Inapplicable("the kit has no logo that can be analysed")
            return
        if ctx.view is None:
            yield Inapplicable("nothing rendered")
            return
        email = ctx.touchpoint.kind == "email"
        for inst in report.logos:
            if inst.kind in ("favicon", "og"):
                continue
            if inst.in_header or (email and inst.box is None and self._first_image(report, inst)):
                yield Pass(f"logo '{inst.match.name if inst.match else '?'}' at {inst.where}")
                return
        h = report.header
        region = "email header" if email else "page header"
        # an image where the logo belongs that matches no kit logo: another logo, or one the
        # analyzer cannot read; a person decides
        placed = [i for i in report.instances if not i.is_logo and i.kind not in ("favicon", "og") and i.in_header
                  and any(c in i.context for c in ("home-link", "named-logo", "brand-alt", "email-header"))]
        if placed:
            inst = max(placed, key=lambda i: i.confidence)
            best = inst.drawing.name if inst.drawing else "none"
            unread = next((n for n in inst.notes if n.startswith(("unreadable", "not analysed"))), None)
            why = (f"could not be analysed ({unread.split(': ', 1)[-1]})" if unread and inst.drawing is None
                   else f"matches no kit logo (closest: '{best}', confidence {inst.confidence:.2f})")
            yield NeedsReview({"__message__": f"No kit logo identified in the {region}: the image at {inst.where} "
                                              f"sits where the logo belongs but {why}",
                               "where": inst.where, "kind": region},
                              _location(inst), observed={"closest": best, "confidence": inst.confidence},
                              expected={"logo": [m.name for m in report.kit.current], "in": region},
                              element=inst.element, key=f"missing|{region}|unmatched",
                              evidence=_evidence(inst, report, inst.drawing, scores=inst.scores))
            return
        elsewhere = [i for i in report.logos if i.kind not in ("favicon", "og")]
        if email and elsewhere:
            # Some email designs sign off with the logo in the footer instead of opening with it (Foundation's
            # order template): the brand is shown, and whether the header needs it too is a design decision.
            inst = max(elsewhere, key=lambda i: i.confidence)
            place = "footer" if "footer" in inst.context else "body"
            name = inst.match.name if inst.match else "?"
            yield NeedsReview({"__message__": f"No kit logo in the {region}: logo '{name}' appears only in the "
                                              f"email's {place}, at {inst.where}",
                               "where": inst.where, "kind": region},
                              _location(inst), observed={"logo": name, "in": place},
                              expected={"logo": [m.name for m in report.kit.current], "in": region},
                              element=inst.element, key=f"missing|{region}|elsewhere",
                              suggestion=f"show the kit logo in the {region} if the email's design calls for it",
                              evidence=_evidence(inst, report, inst.match or inst.drawing, scores=inst.scores))
            return
        where = h.link_selector or h.selector
        box = h.link_box or h.box
        if where is None and box is None:
            loc = Location(text="the top of the page", bbox=[0.0, 0.0, float(ctx.view.viewport[0]), 200.0]
                           if report.boxes else None)
        else:
            loc = Location(selector=where, bbox=box.as_list() if box else None)
        fields = {"where": where or "the top of the page", "kind": region}
        yield Violation(fields, loc, observed={"logos_found": len(report.logos), "header": h.selector,
                                               "home_link": h.link_selector},
                        expected={"logo": [m.name for m in report.kit.current], "in": region},
                        element=h.link if h.link is not None else h.element, key=f"missing|{region}",
                        suggestion=f"show the kit logo '{report.kit.current[0].name if report.kit.current else '?'}' "
                                   f"in the {region}",
                        evidence={"header": h.selector, "header_box": _box_list(h.box), "home_link": h.link_selector})

    @staticmethod
    def _first_image(report: LogoReport, inst: LogoInstance) -> bool:
        first = next((i for i in report.instances if i.kind in ("img", "svg", "email-header") and not i.inside), None)
        return first is inst or (first is not None and inst.inside is not None and first.index == inst.index)


@register
class LowResolution(LogoRule):
    name = "logo.low_resolution"
    description = "A raster logo is shown larger than its pixels (blurry)."
    params = {
        "min_density": Param((float,), 0.9, "image pixels per device pixel below which the logo is blurry"),
    }
    fields = ("logo", "natural", "shown", "scale", "where", "confidence")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        report = _logos(ctx)
        floor = float(rule.params["min_density"])
        seen = False
        for inst, m in report.matched():
            if not inst.raster or inst.kind not in IN_PAGE or inst.inside:
                continue  # inside a picture, the density is the picture's, not the logo's
            seen = True
            if inst.density is None or inst.natural_size is None or inst.drawn_size is None:
                continue
            if inst.density >= floor:
                continue
            nat = f"{inst.natural_size[0]:.0f}x{inst.natural_size[1]:.0f}"
            shown = f"{inst.drawn_size[0]:.0f}x{inst.drawn_size[1]:.0f}"
            fields = {"logo": m.name, "natural": nat, "shown": shown, "scale": f"{1 / inst.density:.1f}x",
                      "where": inst.where, "confidence": round(inst.confidence, 2)}
            yield Violation(fields, _location(inst),
                            observed={**_observed_base(inst), "natural_px": nat, "shown_css_px": shown,
                                      "density": round(inst.density, 3)},
                            expected={"min_density": floor}, element=inst.element, key=f"{m.name}|lowres",
                            suggestion="use the kit's vector logo, or a raster at least as large as shown "
                                       "(2x for high-density screens)",
                            evidence=_evidence(inst, report, m, density=round(inst.density, 3)))
        if not seen:
            yield Inapplicable("no raster logo in the page")
            return
        yield Pass()
