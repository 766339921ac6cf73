"""The typography analyzer and rules: stacks, rendered fonts mapped to kit families, every rule."""

from __future__ import annotations

import pytest
from helpers import context, page

from brandcheck.analyze.fonts import kit_family_of, parse_stack
from brandcheck.kit import FontFamily
from brandcheck.model import RenderedFont
from brandcheck.rules.engine import Engine
from brandcheck.rules.loader import builtin_rules_dir, load_rules

HEAD = ("<style>@font-face{font-family:'Fraunces';src:url(f.woff2)} @font-face{font-family:'Source Sans 3';"
        "src:url(s.woff2)} body{font-family:'Source Sans 3',Helvetica,Arial,sans-serif} h1{font-family:Fraunces,Georgia;"
        "font-weight:700}</style>")


def run(ctx, ids):
    rules = load_rules([builtin_rules_dir()])
    return Engine([rules[i] for i in ids]).evaluate(ctx)


@pytest.mark.parametrize(
    ("css", "stack"),
    [('"Merriweather Sans", -apple-system, "Segoe UI", sans-serif', ["Merriweather Sans", "-apple-system", "Segoe UI", "sans-serif"]),
     ("Roboto Slab , serif", ["Roboto Slab", "serif"]),
     ("'Font\\ With\\ Escapes', x", ["Font With Escapes", "x"]),
     ("", [])],
)
def test_parse_stack(css, stack):
    assert parse_stack(css) == stack


def test_family_mapping_by_longest_word_prefix(tmp_path):
    class K:
        families = (FontFamily("Merriweather"), FontFamily("Merriweather Sans"), FontFamily("Nunito Sans"))

    assert kit_family_of("Merriweather Light 18pt", K) == "Merriweather"
    assert kit_family_of("Merriweather Sans Light", K) == "Merriweather Sans"
    assert kit_family_of("Nunito Sans 12pt ExtraLight 12pt", K) == "Nunito Sans"
    assert kit_family_of("Nunito", K) is None


def test_non_brand_family_is_found_and_icons_and_code_are_not(tmp_path):
    html = page("<h1>Title</h1><p style='font-family: Pacifico, cursive'>fancy</p><i class='fa fa-star'>\uf005</i>"
                "<code>x = 1</code><p>body</p>", HEAD)
    res = run(context(tmp_path, html), ["typography.NonBrandFamily"])
    assert [f.observed["family"] for f in res.findings] == ["Pacifico"]
    assert res.findings[0].location.selector.endswith("p:nth-of-type(1)")


def test_other_kit_family_at_listed_weight_is_fine(tmp_path):
    html = page("<h1>Title</h1><p style='font-family:Fraunces;font-weight:600'>switched family</p>", HEAD)
    res = run(context(tmp_path, html), ["typography.NonBrandFamily", "typography.Weight"])
    assert not res.findings


def test_weight_not_listed(tmp_path):
    html = page("<h1 style='font-weight:500'>Title</h1>", HEAD)
    res = run(context(tmp_path, html), ["typography.Weight"])
    assert [(f.observed["family"], f.observed["weight"]) for f in res.findings] == [("Fraunces", 500)]
    assert res.findings[0].suggestion == "use weight 600"


def test_rendered_font_not_the_brand_is_an_error_with_the_failed_request(tmp_path):
    ctx = context(tmp_path, page("<h1>Title</h1><p>Body</p>", HEAD))
    view = ctx.capture.primary
    h1 = next(e for e in view.elements if e.tag == "h1")
    p = next(e for e in view.elements if e.tag == "p")
    view.rendered_fonts = {h1.id: [RenderedFont("DejaVu Serif", 5)],
                           p.id: [RenderedFont("Source Sans 3", 4, custom=True, face_family="Source Sans 3")]}
    from brandcheck.model import FailedRequest

    ctx.capture.failed_requests = [FailedRequest(url=ctx.capture.fonts[0].src[0], reason="HTTP 404", resource_type="font")]
    res = run(ctx, ["typography.FontNotLoaded"])
    assert len(res.findings) == 1
    f = res.findings[0]
    assert f.severity == "error" and f.observed["rendered"] == ["DejaVu Serif"]
    assert "f.woff2 (HTTP 404)" in f.message


def _separator_context(tmp_path, about_font: str):
    ctx = context(tmp_path, page("<p>Body copy</p><ul><li>About</li><li>\u22c5</li><li>Contact</li></ul>", HEAD))
    view = ctx.capture.primary
    brand = [RenderedFont("Source Sans 3", 5, custom=True, face_family="Source Sans 3")]
    view.rendered_fonts = {}
    for e in view.elements:
        if e.tag == "li" and e.own_text == "\u22c5":
            view.rendered_fonts[e.id] = [RenderedFont("DejaVu Sans", 1)]
        elif e.tag == "li" and e.own_text == "About":
            view.rendered_fonts[e.id] = [RenderedFont(about_font, 5)] if about_font == "DejaVu Sans" else brand
        elif e.tag in ("p", "li"):
            view.rendered_fonts[e.id] = brand
    return ctx


def test_a_separator_glyph_missing_from_the_web_font_is_not_a_font_that_failed(tmp_path):
    """A "⋅" between footer links drawn by a fallback: the subset lacks the glyph, the font loaded."""
    assert run(_separator_context(tmp_path / "a", "Source Sans 3"), ["typography.FontNotLoaded"]).findings == []
    # the same fallback on words is reported
    res = run(_separator_context(tmp_path / "b", "DejaVu Sans"), ["typography.FontNotLoaded"])
    assert [f.observed["rendered"] for f in res.findings] == [["DejaVu Sans"]]


def test_static_capture_says_needs_review_instead_of_guessing(tmp_path):
    html = page("<p style='font-family: Fraunces'>x</p>")  # no @font-face: unknown whether installed
    res = run(context(tmp_path, html), ["typography.FontNotLoaded"])
    assert [f.outcome for f in res.findings] == ["needs_review"]


def test_fallbacks_and_email_fallback(tmp_path):
    html = page("<p style=\"font-family:'Source Sans 3', Comic Sans MS, Arial\">x</p>"
                "<p style=\"font-family:'Source Sans 3'\">no fallback</p>", HEAD)
    res = run(context(tmp_path, html, kind="email"), ["typography.Fallback", "typography.EmailFallback"])
    by_rule = {f.rule: f for f in res.findings}
    assert by_rule["typography.Fallback"].observed["not_allowed"] == ["Comic Sans MS"]
    assert by_rule["typography.EmailFallback"].observed["stack"] == ["Source Sans 3"]
    res = run(context(tmp_path / "w", html), ["typography.EmailFallback"])
    assert not res.findings and res.outcomes[0].status == "inapplicable"
