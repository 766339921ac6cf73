"""The logo rule kinds (brandcheck/rules/kinds/logo.py) and the built-in rules/logo pack, run
through the rule engine on hand-made captures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from logo_fixtures import INK, PageBuilder, inverse_svg, lockup_svg, png_bytes, render, stretch, write_kit
from PIL import Image

from brandcheck.analyze.context import Context
from brandcheck.kit import load_kit
from brandcheck.model import Box
from brandcheck.rules.engine import Engine
from brandcheck.rules.loader import builtin_rules_dir, load_rules


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return load_kit(write_kit(tmp_path_factory.mktemp("kit")))


@pytest.fixture(scope="module")
def engine():
    rules = load_rules([builtin_rules_dir()])
    return Engine([r for rid, r in rules.items() if rid.startswith("logo.")])


def run(page: PageBuilder, kit, engine):
    res = Engine.evaluate(engine, Context(page.capture(), kit))
    assert res.errors == []
    return res


def counted(res):
    return [f for f in res.findings if f.outcome == "violation" and f.severity in ("error", "warning")]


def svg_logo(page: PageBuilder, box: Box, svg: str, drawn=None, kind: str = "svg", **kw) -> int:
    link = page.element("a", page.header, box, attrs={"href": "/", "class": "navbar-brand"})
    if drawn is None:
        drawn = render(svg, round(box.w), round(box.h))
    return page.image(kind, link, box, svg.encode(), ".svg", drawn=drawn, **kw)


def test_rule_files_load_with_their_kinds():
    rules = load_rules([builtin_rules_dir()])
    logo = {rid: r.kind for rid, r in rules.items() if rid.startswith("logo.")}
    assert logo == {"logo.Outdated": "logo.outdated", "logo.Distorted": "logo.distorted",
                    "logo.Recolored": "logo.recolored", "logo.TooSmall": "logo.too_small",
                    "logo.ClearSpace": "logo.clear_space", "logo.Missing": "logo.missing",
                    "logo.LowResolution": "logo.low_resolution"}


def test_a_clean_page_gives_no_logo_finding(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 180, 60), lockup_svg())
    res = run(page, kit, engine)
    assert res.findings == []
    status = {o.rule: o.status for o in res.outcomes}
    assert status["logo.Missing"] == "pass" and status["logo.Distorted"] == "pass"


def test_outdated_names_the_replacement_and_carries_evidence(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    eid = svg_logo(page, Box(20, 20, 180, 60), lockup_svg(old=True))
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.Outdated" and f.severity == "error" and f.element == eid
    assert "'2019 lockup'" in f.message and "'primary'" in f.message
    assert f.location.selector == page.view.elements[eid].selector and f.location.bbox == [20, 20, 180, 60]
    assert f.expected["logo"] == "primary"
    ev = f.evidence
    assert Path(ev["crop"]).is_file() and Path(ev["kit_logo"]).is_file() and Path(ev["replacement_logo"]).is_file()
    assert str(tmp_path) in ev["kit_logo"]  # written into the capture's bundle
    assert ev["confidence"] > 0.9 and ev["match"] == "2019 lockup"


def test_distorted_and_not_for_a_uniform_resize(tmp_path, kit, engine):
    page = PageBuilder(tmp_path / "a")
    svg = stretch(lockup_svg())
    link = page.element("a", page.header, Box(20, 30, 240, 50), attrs={"href": "/"})
    page.image("img", link, Box(20, 30, 240, 50), svg.encode(), ".svg", drawn=render(svg, 240, 50))
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.Distorted" and "stretched wide by 60 %" in f.message
    # the ink spans 108 x 32 of the 120 x 40 canvas: 216 x 40 px of the 240 x 50 box
    assert f.evidence["aspect_ratio"] == pytest.approx(216 / 40, rel=0.02)
    assert f.evidence["kit_aspect_ratio"] == pytest.approx(108 / 32, rel=0.02)
    page = PageBuilder(tmp_path / "b")  # 127 % uniformly: proportions kept
    svg_logo(page, Box(20, 20, 229, 76), lockup_svg())
    assert counted(run(page, kit, engine)) == []


def test_recolored(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 180, 60), lockup_svg("#C0309A", INK))
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.Recolored" and "#C0309A" in f.message
    assert f.evidence["swatches"][0] == "#C0309A"


def test_wrong_colorway_for_the_background(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 180, 60), inverse_svg())
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.Recolored"
    assert "'inverse'" in f.message and "'primary'" in f.message and "#FFFFFF" in f.message
    assert f.expected["variant"] == "primary"


def test_the_right_colorway_on_a_dark_bar_passes(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    page.fill(Box(0, 0, 1280, 100), (33, 37, 41))
    svg_logo(page, Box(20, 20, 180, 60), inverse_svg())
    assert counted(run(page, kit, engine)) == []


def test_too_small(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 60, 20), lockup_svg())
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.TooSmall" and "60 px wide" in f.message and "90" in f.message


def test_clear_space(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(60, 20, 180, 60), lockup_svg())
    span = page.element("span", page.header, Box(28, 38, 30, 20), text="New", style={"background-color": "#F4623A"})
    page.fill(Box(28, 38, 30, 20), (244, 98, 58))
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.ClearSpace" and "'New'" in f.message
    assert f.observed["intruders"][0]["selector"] == page.view.elements[span].selector
    assert f.expected["clear_space_px"] == pytest.approx(15, abs=0.5)  # 0.25 x 60 px


def test_missing_in_the_header_points_at_the_home_link(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    link = page.element("a", page.header, Box(20, 20, 0, 0), attrs={"href": "/", "class": "navbar-brand"})
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.Missing" and f.severity == "error" and "page header" in f.message
    assert f.location.selector == page.view.elements[link].selector


def test_missing_in_an_email(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, kind="email", size=(600, 800))
    body = page.element("table", page.body, Box(0, 100, 600, 600))
    photo = np.ones((60, 200, 4), np.float32)
    photo[..., :3] = 0.5
    page.image("img", body, Box(200, 400, 200, 60), png_bytes(photo), ".png", drawn=photo)
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.Missing" and "email header" in f.message


def test_email_header_logo_satisfies_missing(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, kind="email", size=(600, 800))
    td = page.element("td", page.body, Box(0, 0, 600, 100), attrs={"class": "email-masthead"})
    rgba = render(lockup_svg(), 360, 120)
    drawn = np.asarray(Image.fromarray((rgba * 255).astype(np.uint8), "RGBA").resize((150, 50)), np.float32) / 255
    page.image("email-header", td, Box(225, 25, 150, 50), png_bytes(rgba), ".png", drawn=drawn, natural=(360, 120),
               attrs={"alt": "Testbrand"})
    assert counted(run(page, kit, engine)) == []


def test_email_logo_only_in_the_footer_is_for_review(tmp_path, kit, engine):
    """A design that signs off with the logo instead of opening with it shows the brand: not an error."""
    page = PageBuilder(tmp_path, kind="email", size=(600, 1400))
    page.element("td", page.body, Box(0, 0, 600, 300), attrs={"class": "header"})
    foot = page.element("table", page.body, Box(0, 1200, 600, 200), attrs={"class": "row footer"})
    rgba = render(lockup_svg(), 360, 120)
    drawn = np.asarray(Image.fromarray((rgba * 255).astype(np.uint8), "RGBA").resize((150, 50)), np.float32) / 255
    page.image("img", foot, Box(20, 1250, 150, 50), png_bytes(rgba), ".png", drawn=drawn, natural=(360, 120),
               attrs={"alt": "Testbrand"})
    res = run(page, kit, engine)
    assert counted(res) == []
    (f,) = [f for f in res.findings if f.rule == "logo.Missing"]
    assert f.outcome == "needs_review" and "only in the email's footer" in f.message
    assert f.location.bbox == [20.0, 1250.0, 150.0, 50.0]


def test_low_resolution(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    small = render(lockup_svg(), 120, 40)
    drawn = np.asarray(Image.fromarray((small * 255).astype(np.uint8), "RGBA").resize((240, 80)), np.float32) / 255
    link = page.element("a", page.header, Box(20, 10, 240, 80), attrs={"href": "/"})
    page.image("img", link, Box(20, 10, 240, 80), png_bytes(small), ".png", drawn=drawn, natural=(120, 40))
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.LowResolution" and "2.0x" in f.message


def test_static_capture_asks_for_review_of_what_needs_boxes(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, boxes=False)
    svg_logo(page, Box(0, 0, 1, 1), lockup_svg(), drawn=None, style={"color": "#000000"})
    res = run(page, kit, engine)
    assert counted(res) == []
    review = sorted(f.rule for f in res.findings if f.outcome == "needs_review")
    assert review == ["logo.ClearSpace", "logo.Distorted", "logo.TooSmall"]
    assert all(f.severity == "info" for f in res.findings)


def test_static_capture_still_finds_an_outdated_logo(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, boxes=False)
    svg_logo(page, Box(0, 0, 1, 1), lockup_svg(old=True), drawn=None, style={"color": "#000000"})
    assert [f.rule for f in counted(run(page, kit, engine))] == ["logo.Outdated"]


def test_favicon_with_the_old_logo(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 180, 60), lockup_svg())
    page.n += 1
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / "fav.png").write_bytes(png_bytes(render(lockup_svg(old=True), 96, 32)))
    from brandcheck.model import ImageAsset

    page.view.images.append(ImageAsset(kind="favicon", element=None, selector=None, src="https://x.example/fav.png",
                                       box=None, file="images/fav.png"))
    (f,) = counted(run(page, kit, engine))
    assert f.rule == "logo.Outdated" and f.location.text.startswith("favicon")


def test_an_unknown_image_in_the_home_link_is_for_review_not_missing(tmp_path, kit, engine):
    page = PageBuilder(tmp_path)
    other = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">'
             '<path d="M4 4h32v8H24v24h-8V12H4z" fill="#0A7E3C"/></svg>')
    svg_logo(page, Box(20, 20, 60, 60), other)
    res = run(page, kit, engine)
    assert counted(res) == []
    (f,) = [f for f in res.findings if f.rule == "logo.Missing"]
    assert f.outcome == "needs_review" and "matches no kit logo" in f.message


def _static_painted_logo(page: PageBuilder, mark_fill: str, words_fill: str) -> int:
    """An inline logo whose markup says black, with the fills the page's CSS computes for its shapes."""
    eid = svg_logo(page, Box(0, 0, 1, 1), lockup_svg("#000000", "#000000"), drawn=None,
                   style={"color": "#000000", "fill": "rgb(0, 0, 0)"})
    for fill in (mark_fill, words_fill):
        g = page.element("g", eid, None, style={"fill": fill})
        page.element("path", g, None, style={"fill": fill})
    return eid


def test_static_capture_reads_an_inline_logo_painted_by_the_page_css(tmp_path, kit, engine):
    page = PageBuilder(tmp_path / "kit-colors", boxes=False)
    _static_painted_logo(page, "rgb(244, 98, 58)", "rgb(33, 37, 41)")
    assert counted(run(page, kit, engine)) == []
    inst = Context(page.capture(), kit).get("logos").logos[0]
    assert inst.color_source == "file" and max(f.delta_e for f in inst.color_fit) < 3
    # the same markup painted black by the page is recolored
    page = PageBuilder(tmp_path / "black", boxes=False)
    _static_painted_logo(page, "rgb(0, 0, 0)", "rgb(0, 0, 0)")
    assert [f.rule for f in counted(run(page, kit, engine))] == ["logo.Recolored"]


def test_a_header_image_that_could_not_be_read_is_for_review(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, boxes=False)  # the static capture does not store data: URIs
    link = page.element("a", page.header, None, attrs={"href": "/", "class": "navbar-brand"})
    page.image("img", link, Box(0, 0, 1, 1), None, "", skipped="data: URI (not stored)",
               src="data:image/png;base64,…", attrs={"alt": "Testbrand"})
    res = run(page, kit, engine)
    assert counted(res) == []
    (f,) = [f for f in res.findings if f.rule == "logo.Missing"]
    assert f.outcome == "needs_review" and "could not be analysed (data: URI (not stored))" in f.message
