"""Logo instances (brandcheck/analyze/logos.py) on captures put together by hand: images with
boxes, files and crops cut from a painted screenshot, as the browser capture gives them."""

from __future__ import annotations

import io

import numpy as np
import pytest
from logo_fixtures import (
    INK,
    ORANGE,
    PageBuilder,
    inverse_svg,
    lockup_svg,
    noise_photo,
    on,
    png_bytes,
    render,
    stretch,
    write_kit,
)
from PIL import Image

from brandcheck.analyze.context import Context
from brandcheck.analyze.logos import LogoReport, _too_thin, fit_rect
from brandcheck.kit import load_kit
from brandcheck.model import Box


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return load_kit(write_kit(tmp_path_factory.mktemp("kit")))


def analyze(page: PageBuilder, kit) -> LogoReport:
    return Context(page.capture(), kit).get("logos")


def home_link(page: PageBuilder, box: Box) -> int:
    return page.element("a", page.header, box, attrs={"href": "/", "class": "navbar-brand"})


def svg_logo(page: PageBuilder, box: Box, svg: str, drawn: np.ndarray | None = None, **kw) -> int:
    link = home_link(page, box)
    if drawn is None:
        drawn = render(svg, round(box.w), round(box.h))
    return page.image("svg", link, box, svg.encode(), ".svg", drawn=drawn, **kw)


def only_logo(report: LogoReport):
    logos = report.logos
    assert len(logos) == 1, [(i.where, i.confidence) for i in report.instances]
    return logos[0]


def test_clean_logo_in_the_header(tmp_path, kit):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 180, 60), lockup_svg())
    inst = only_logo(analyze(page, kit))
    assert inst.match.name == "primary" and inst.confidence > 0.95
    assert {"header", "home-link", "named-logo", "top"} <= set(inst.context)
    assert inst.aspect_ratio == pytest.approx(1.0, abs=0.02)
    assert inst.logo_box.w == pytest.approx(180, abs=2) and inst.logo_box.h == pytest.approx(60, abs=1)
    assert all(f.delta_e < 3 for f in inst.color_fit)
    assert inst.neighbours == []
    assert inst.backdrop == "#FFFFFF"


def test_stretched_svg_image_is_measured_as_distorted(tmp_path, kit):
    page = PageBuilder(tmp_path)
    box = Box(20, 30, 240, 40)
    svg = stretch(lockup_svg())
    link = home_link(page, box)
    page.image("img", link, box, svg.encode(), ".svg", drawn=render(svg, 240, 40), natural=(240, 80))
    inst = only_logo(analyze(page, kit))
    assert inst.match.name == "primary"
    assert inst.aspect_ratio == pytest.approx(2.0, rel=0.03)  # a 3:1 drawing in a 6:1 box
    assert inst.aspect_source == "layout"


def test_svg_that_keeps_its_proportions_in_a_wider_box_is_not_distorted(tmp_path, kit):
    page = PageBuilder(tmp_path)
    box = Box(20, 30, 240, 40)  # the drawing is letterboxed: 120 x 40 in the middle
    link = home_link(page, box)
    page.image("img", link, box, lockup_svg().encode(), ".svg", drawn=render(lockup_svg(), 240, 40))
    inst = only_logo(analyze(page, kit))
    assert inst.aspect_ratio == pytest.approx(1.0, abs=0.03)
    assert inst.logo_box.w == pytest.approx(120, abs=2)


@pytest.mark.parametrize("fit, ratio", [("fill", 1.5), ("contain", 1.0), ("cover", 1.0)])
def test_raster_image_through_object_fit(tmp_path, kit, fit, ratio):
    page = PageBuilder(tmp_path)
    box = Box(20, 20, 270, 60)  # a 3:1 raster in a 4.5:1 box
    rgba = render(lockup_svg(), 360, 120)
    x, y, w, h = fit_rect(360, 120, 270, 60, fit)
    drawn = np.zeros((60, 270, 4), np.float32)
    im = np.asarray(Image.fromarray((rgba * 255).astype(np.uint8), "RGBA").resize((round(w), round(h))),
                    np.float32) / 255
    ox, oy = round(x), round(y)
    sx0, sy0 = max(0, -ox), max(0, -oy)
    dx0, dy0 = max(0, ox), max(0, oy)
    hh, ww = min(60 - dy0, im.shape[0] - sy0), min(270 - dx0, im.shape[1] - sx0)
    drawn[dy0:dy0 + hh, dx0:dx0 + ww] = im[sy0:sy0 + hh, sx0:sx0 + ww]
    link = home_link(page, box)
    page.image("img", link, box, png_bytes(rgba), ".png", drawn=drawn, style={"object-fit": fit},
               natural=(360, 120))
    inst = only_logo(analyze(page, kit))
    assert inst.aspect_ratio == pytest.approx(ratio, rel=0.04)


def test_scale_transform_distorts(tmp_path, kit):
    page = PageBuilder(tmp_path)
    box = Box(20, 20, 234, 60)  # a 180 x 60 svg under transform: scaleX(1.3); the box is the transformed one
    svg_logo(page, box, lockup_svg(), drawn=render(stretch(lockup_svg()), 234, 60),
             style={"transform": "matrix(1.3, 0, 0, 1, 0, 0)"})
    inst = only_logo(analyze(page, kit))
    assert inst.aspect_ratio == pytest.approx(1.3, rel=0.03)


def test_recolored_logo(tmp_path, kit):
    page = PageBuilder(tmp_path)
    svg = lockup_svg("#C0309A", INK)
    svg_logo(page, Box(20, 20, 180, 60), svg)
    inst = only_logo(analyze(page, kit))
    assert inst.match.name == "primary"
    off = [f for f in inst.color_fit if f.delta_e > 8]
    assert len(off) == 1 and off[0].hex == "#C0309A" and off[0].nearest in (ORANGE, INK)


def test_hairline_ink_cannot_tell_colors():
    """A wordmark drawn a pixel thin: every ink pixel is a blend with the backdrop (the agency logo at
    84 px wide reads as olive on the dark navbar), so the crop's colors are not the logo's."""
    hairline = np.zeros((14, 84), np.float32)
    hairline[4:10:2, 2:82] = 0.55  # anti-aliased strokes, none covering a whole pixel
    hairline[6, 10:14] = 0.95
    assert _too_thin(hairline)
    solid = np.zeros((60, 180), np.float32)
    solid[10:50, 10:170] = 1.0
    solid[9, 10:170] = solid[50, 10:170] = 0.5
    assert not _too_thin(solid)
    assert not _too_thin(np.zeros((5, 5), np.float32))


def test_inverse_variant_on_a_dark_bar(tmp_path, kit):
    page = PageBuilder(tmp_path)
    page.fill(Box(0, 0, 1280, 100), (33, 37, 41))
    page.view.elements[page.header].style["background-color"] = "#212529"
    svg_logo(page, Box(20, 20, 180, 60), inverse_svg())
    inst = only_logo(analyze(page, kit))
    assert inst.match.name == "inverse"
    assert inst.color_fit[0].delta_e < 2
    assert inst.contrast > 10


def test_white_logo_on_white_is_still_found_and_its_contrast_measured(tmp_path, kit):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 180, 60), inverse_svg())
    inst = only_logo(analyze(page, kit))
    assert inst.match.name == "inverse"
    assert inst.shape_source == "file"
    assert inst.contrast == pytest.approx(1.0, abs=0.05)
    assert inst.variant_contrast["primary"] > 3


def test_logo_over_a_photo_is_identified_and_colored_from_the_file_layout(tmp_path, kit):
    page = PageBuilder(tmp_path)
    photo = noise_photo(300, 100, seed=3) * 0.5
    page.paint(np.concatenate([photo, np.ones((100, 300, 1), np.float32)], -1), 0, 0)
    svg_logo(page, Box(20, 20, 180, 60), inverse_svg())
    inst = only_logo(analyze(page, kit))
    assert inst.match.name == "inverse"
    assert [c.hex for c in inst.colors][:1] == ["#FFFFFF"]
    assert inst.backdrop is None  # a photo is no plain backdrop


def test_outdated_logo(tmp_path, kit):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 180, 60), lockup_svg(old=True))
    inst = only_logo(analyze(page, kit))
    assert inst.match.name == "2019 lockup" and inst.match.deprecated


def test_small_logo_width(tmp_path, kit):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 60, 20), lockup_svg())
    inst = only_logo(analyze(page, kit))
    assert inst.rendered_width == pytest.approx(60, abs=1.5)


def test_neighbours_inside_reach_are_recorded(tmp_path, kit):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(60, 20, 180, 60), lockup_svg())
    label = page.element("span", page.header, Box(20, 38, 30, 20), text="New",
                         style={"background-color": "#F4623A"})
    page.fill(Box(20, 38, 30, 20), (244, 98, 58))
    page.element("nav", page.header, Box(900, 20, 300, 60))
    inst = only_logo(analyze(page, kit))
    assert [n.element for n in inst.neighbours] == [label]
    n = inst.neighbours[0]
    # the ink starts 6 units (9 px) into the 180 px svg: 60 + 9 - 50
    assert n.side == "left" and n.distance == pytest.approx(19, abs=1.5)


def test_low_resolution_raster(tmp_path, kit):
    page = PageBuilder(tmp_path)
    box = Box(20, 20, 240, 80)
    small = render(lockup_svg(), 120, 40)
    drawn = np.asarray(Image.fromarray((small * 255).astype(np.uint8), "RGBA").resize((240, 80)), np.float32) / 255
    link = home_link(page, box)
    page.image("img", link, box, png_bytes(small), ".png", drawn=drawn, natural=(120, 40))
    inst = only_logo(analyze(page, kit))
    assert inst.raster and inst.density == pytest.approx(0.5, abs=0.02)


def test_static_capture_identifies_from_files_without_measuring(tmp_path, kit):
    page = PageBuilder(tmp_path, boxes=False)
    link = home_link(page, Box(0, 0, 1, 1))
    page.image("svg", link, Box(0, 0, 1, 1), lockup_svg(old=True).encode(), ".svg",
               style={"color": "#000000"})
    report = analyze(page, kit)
    assert not report.boxes
    inst = only_logo(report)
    assert inst.match.name == "2019 lockup"
    assert inst.box is None and inst.aspect_ratio is None and inst.rendered_width is None
    assert inst.color_source == "file"


def test_photos_and_icons_are_not_logos(tmp_path, kit):
    page = PageBuilder(tmp_path)
    body = page.element("main", page.body, Box(0, 100, 1280, 700))
    photo = np.concatenate([noise_photo(300, 200, seed=1), np.ones((200, 300, 1), np.float32)], -1)
    page.image("img", body, Box(100, 200, 300, 200), png_bytes(photo), ".png", drawn=photo, natural=(300, 200))
    icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>'
    page.image("svg", body, Box(500, 200, 24, 24), icon.encode(), ".svg", drawn=render(icon, 24, 24))
    report = analyze(page, kit)
    assert report.logos == []
    assert len(report.instances) == 2


def _gif(frames: int = 3) -> bytes:
    ims = [Image.fromarray((on(render(lockup_svg(), 180, 60), (255, 255, 255))[..., :3] * 255).astype(np.uint8))]
    ims += [Image.new("RGB", (180, 60), c) for c in ("red", "blue")][: frames - 1]
    buf = io.BytesIO()
    ims[0].save(buf, "GIF", save_all=True, append_images=ims[1:], duration=100, loop=0)
    return buf.getvalue()


def test_bad_input_never_crashes_and_is_reported(tmp_path, kit):
    page = PageBuilder(tmp_path)
    body = page.element("main", page.body, Box(0, 100, 1280, 700))
    page.image("img", body, Box(10, 120, 100, 50), b"\x89PNG\r\n\x1a\n garbage", ".png")  # corrupt
    page.image("img", body, Box(10, 200, 1, 1), png_bytes(np.ones((1, 1, 4), np.float32)), ".png",
               natural=(1, 1))  # tracker
    page.image("img", body, Box(10, 220, 100, 50), None, "", skipped="data: URI (not stored)",
               src="data:image/png;base64,…")
    huge = Image.new("1", (10_000, 3_000))
    buf = io.BytesIO()
    huge.save(buf, "PNG")
    page.image("img", body, Box(10, 600, 1000, 150), buf.getvalue(), ".png", natural=(10_000, 3_000))
    script = lockup_svg(extra='<script>while(1){}</script><image href="http://t.example/p.gif" width="1" height="1"/>')
    link = home_link(page, Box(20, 20, 180, 60))
    page.image("svg", link, Box(20, 20, 180, 60), script.encode(), ".svg", drawn=render(lockup_svg(), 180, 60))
    page.image("img", body, Box(400, 300, 180, 60), _gif(), ".gif", natural=(180, 60),
               drawn=on(render(lockup_svg(), 180, 60), (255, 255, 255)), attrs={"alt": "Testbrand logo"})
    report = analyze(page, kit)
    reasons = dict(report.skipped)
    assert any("corrupt" in r or "not a readable" in r for r in reasons.values()), reasons
    assert any("data: URI" in r for r in reasons.values())
    assert any("too large" in r for r in reasons.values()), reasons
    assert all(i.box is None or i.box.w > 1.5 for i in report.instances)  # the tracker is not a candidate
    names = sorted((i.kind, i.match.name) for i in report.logos)
    assert names == [("img", "primary"), ("svg", "primary")]
    gif = next(i for i in report.logos if i.kind == "img")
    assert "animated: first frame of 3" in gif.notes


def test_evidence_folder_is_in_the_bundle(tmp_path, kit):
    page = PageBuilder(tmp_path)
    svg_logo(page, Box(20, 20, 180, 60), lockup_svg())
    report = analyze(page, kit)
    assert report.evidence_dir == str(tmp_path / "logo-evidence")
    assert only_logo(report).crop_path.endswith(".png")


def test_header_and_home_link_are_found_for_a_page_without_logo(tmp_path, kit):
    page = PageBuilder(tmp_path)
    link = home_link(page, Box(20, 20, 0, 0))
    report = analyze(page, kit)
    assert report.logos == []
    assert report.header.element == page.header and report.header.link == link


@pytest.mark.parametrize("fit, want", [
    ("fill", (0, 0, 300, 100)), ("contain", (75, 0, 150, 100)), ("cover", (0, -50, 300, 200)),
    ("none", (-150, -150, 600, 400)), ("scale-down", (75, 0, 150, 100)), ("bogus", (0, 0, 300, 100))])
def test_fit_rect_follows_object_fit(fit, want):
    # a 600 x 400 image in a 300 x 100 box, object-position at the center
    assert fit_rect(600, 400, 300, 100, fit) == pytest.approx(want)
