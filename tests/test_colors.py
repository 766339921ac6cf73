"""The color analyzer and color rules, from hand-built pages: each outcome, compositing, aggregation."""

from __future__ import annotations

from helpers import context, make_kit, page

from brandcheck.analyze.colors import KitMatcher
from brandcheck.color import parse_hex
from brandcheck.rules.engine import Engine
from brandcheck.rules.loader import builtin_rules_dir, load_rules


def run(tmp, html, ids, kind="website"):
    rules = load_rules([builtin_rules_dir()])
    ctx = context(tmp, html, kind=kind)
    return Engine([rules[i] for i in ids]).evaluate(ctx), ctx


def test_matcher_outcomes(tmp_path):
    m = KitMatcher(make_kit(tmp_path))
    assert m.match(parse_hex("#0E7C7B")).status == "palette"
    assert m.match(parse_hex("#0F7D7C")).status == "palette"  # within tolerance
    assert m.match(parse_hex("#22356F")).status == "deprecated"
    review = m.match(parse_hex("#138683"))
    assert review.status in ("review", "off") and review.nearest.name == "Teal"
    off = m.match(parse_hex("#E4572E"))
    assert off.status == "off" and off.delta_e > 10


def test_off_palette_is_aggregated_per_color(tmp_path):
    body = "".join(f"<p style='color:#E4572E'>stray {i}</p>" for i in range(40)) + "<p style='color:#1F2933'>ok</p>"
    res, _ = run(tmp_path, page(body), ["color.OffPalette"])
    v = [f for f in res.findings if f.outcome == "violation"]
    assert len(v) == 1
    f = v[0]
    assert f.observed["hex"] == "#E4572E" and f.observed["elements"] == 40
    assert f.expected["nearest"] and f.expected["delta_e"] > 5
    assert f.location.selector and len(f.evidence["elements"]) == 25
    assert "#E4572E is not a kit color" in f.message


def test_deprecated_names_its_replacement(tmp_path):
    res, _ = run(tmp_path, page("<h1 style='color:#22356F'>Old</h1>"), ["color.Deprecated", "color.OffPalette"])
    assert [f.rule for f in res.findings] == ["color.Deprecated"]
    f = res.findings[0]
    assert f.expected["replacement"] == "Teal" and "use Teal #0E7C7B" in f.message and f.severity == "error"


def test_translucent_kit_color_is_a_tint_and_is_composited(tmp_path):
    html = page("<div style='background:#FFFFFF'><p style='color:rgba(31,41,51,.5)'>half ink</p></div>")
    res, ctx = run(tmp_path, html, ["color.OffPalette"])
    report = ctx.get("colors")
    text = next(u for u in report.uses if "text" in u.props)
    assert text.hex == "#8F9499"  # half-transparent Ink over white is grey
    f = res.findings[0]
    assert f.severity == "info" and "made translucent" in f.message


def test_within_tolerance_is_silent_and_just_beyond_needs_review(tmp_path):
    res, _ = run(tmp_path, page("<p style='color:#1F2A33'>near ink</p>"), ["color.OffPalette"])
    assert not res.findings
    res, _ = run(tmp_path, page("<p style='color:#1F2933;border:2px solid #168584'>near teal</p>"), ["color.OffPalette"])
    assert [f.outcome for f in res.findings] == ["needs_review"]


def test_borders_backgrounds_svg_and_gradients_are_sampled(tmp_path):
    html = page("<div style='border:3px solid #E4572E'>x</div><div style='background:#E4572E'>y</div>"
                "<svg><path fill='#E4572E' d='M0 0h4v4z'/></svg>"
                "<div style='background-image: linear-gradient(#E4572E, #0E7C7B)'>z</div>")
    _, ctx = run(tmp_path, html, ["color.OffPalette"])
    use = next(u for u in ctx.get("colors").uses if u.hex == "#E4572E")
    assert set(use.props) == {"border", "background", "fill", "gradient"}


def test_contrast_of_kit_pairs(tmp_path):
    html = page("<div style='background:#0E7C7B'><p style='color:#1F2933'>dark on teal</p></div>"
                "<p style='color:#1F2933'>ink on paper</p>")
    res, _ = run(tmp_path, html, ["color.Contrast"])
    v = [f for f in res.findings if f.outcome == "violation"]
    assert len(v) == 1 and v[0].observed["foreground"] == "#1F2933" and v[0].observed["background"] == "#0E7C7B"
    assert v[0].observed["ratio"] < 4.5 and v[0].expected["ratio"] == 4.5


def test_text_over_images_is_not_guessed(tmp_path):
    html = page("<header style='background-image:url(x.jpg)'><p style='color:rgba(255,255,255,.7)'>over photo</p></header>")
    res, _ = run(tmp_path, html, ["color.Contrast", "color.OffPalette"])
    assert all(f.rule != "color.Contrast" or f.outcome == "needs_review" for f in res.findings)
    tint = [f for f in res.findings if f.rule == "color.OffPalette"]
    assert all(f.severity == "info" for f in tint)  # a translucent kit white over an unknown photo: never an error


def test_malformed_colors_do_not_crash(tmp_path):
    html = page("<p style='color: rgb(1,2)'>a</p><p style='color: #zzz'>b</p><p style='color: currentColor'>c</p>")
    res, _ = run(tmp_path, html, ["color.OffPalette", "color.Contrast"])
    assert not [o for o in res.outcomes if o.status == "error"]


def test_review_band_is_a_rule_parameter(tmp_path):
    from brandcheck.rules.loader import load_rules

    rules_dir = tmp_path / "r" / "color"
    rules_dir.mkdir(parents=True)
    (rules_dir / "OffPalette.yml").write_text("kind: color.off_palette\nmessage: '{hex}'\nreview_band: 0.1\n")
    rule = load_rules([tmp_path / "r"])["color.OffPalette"]
    ctx = context(tmp_path, page("<p style='color:#1F2933;border:2px solid #168584'>near teal</p>"))
    res = Engine([rule]).evaluate(ctx)
    assert [f.outcome for f in res.findings] == ["violation"]
