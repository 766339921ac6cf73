"""A kit logo drawn inside a larger picture (brandcheck/analyze/logobanner.py, and its use by the
logo analyzer and rules): the search itself on generated banners, then whole captures put together
with PageBuilder and judged by the built-in logo rules."""

from __future__ import annotations

import io

import numpy as np
import pytest
from logo_fixtures import PageBuilder, inverse_svg, lockup_svg, noise_photo, png_bytes, render, write_kit
from PIL import Image, ImageDraw

from brandcheck.analyze import logobanner as lb
from brandcheck.analyze.context import AnalysisSettings, Context
from brandcheck.analyze.kitlogos import kit_logos
from brandcheck.config import load_config
from brandcheck.errors import RuleFileError
from brandcheck.kit import load_kit
from brandcheck.model import Box
from brandcheck.rules.engine import Engine
from brandcheck.rules.loader import builtin_rules_dir, load_rules

# --------------------------------------------------------------------------- generated banners


def gradient(w: int, h: int, c0: tuple[int, int, int], c1: tuple[int, int, int], vertical: bool = False) -> np.ndarray:
    n = h if vertical else w
    t = np.linspace(0, 1, n, dtype=np.float32)
    t = t[:, None, None] if vertical else t[None, :, None]
    img = np.array(c0, np.float32) / 255 * (1 - t) + np.array(c1, np.float32) / 255 * t
    img = np.broadcast_to(img, (h, w, 3)).copy()
    return np.concatenate([img, np.ones((h, w, 1), np.float32)], -1)


def photo(w: int, h: int, seed: int = 0) -> np.ndarray:
    p = noise_photo(w, h, seed)
    return np.concatenate([p, np.ones((h, w, 1), np.float32)], -1)


def paste(base: np.ndarray, logo: np.ndarray, x: int, y: int) -> np.ndarray:
    out = base.copy()
    h, w = logo.shape[:2]
    a = logo[..., 3:4]
    out[y:y + h, x:x + w, :3] = logo[..., :3] * a + out[y:y + h, x:x + w, :3] * (1 - a)
    return out


def words(img: np.ndarray, x: int, y: int, size: int, color: tuple[int, int, int], text: str) -> np.ndarray:
    """Text drawn with Pillow's default font scaled up: a slogan, a heading."""
    from PIL import ImageFont

    im = Image.fromarray((np.clip(img, 0, 1) * 255).round().astype(np.uint8), "RGBA")
    d = ImageDraw.Draw(im)
    try:
        font = ImageFont.load_default(size=size)
    except TypeError:  # an old Pillow without scalable default font
        font = ImageFont.load_default()
    d.text((x, y), text, fill=(*color, 255), font=font)
    return np.asarray(im, np.float32) / 255


def jpeg(img: np.ndarray, quality: int = 70) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray((np.clip(img[..., :3], 0, 1) * 255).round().astype(np.uint8), "RGB").save(buf, "JPEG",
                                                                                           quality=quality)
    buf.seek(0)
    with Image.open(buf) as im:
        return np.asarray(im.convert("RGBA"), np.float32) / 255


LIGHT = ((250, 250, 245), (205, 222, 240))
DARK = ((18, 28, 58), (70, 24, 44))


def backdrop(kind: str, w: int, h: int, panel: int) -> np.ndarray:
    if kind == "light":
        return gradient(w, h, *LIGHT)
    if kind == "dark":
        return gradient(w, h, *DARK)
    # a photo with a white panel where the logo sits (a typical email header picture)
    base = photo(w, h, 3)
    base[:, :panel, :3] = 1.0
    return base


def banner(frac: float, where: str, bg: str, *, svg: str | None = None, w: int = 600, h: int = 200
           ) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A w x h banner with the lockup `frac` of its height high; returns it and the logo's box."""
    if svg is None:
        svg = inverse_svg() if bg == "dark" else lockup_svg()
    lh = round(h * frac)
    lw = 3 * lh
    logo = render(svg, lw, lh)
    m = max(2, round(0.1 * lh))
    if lh + 2 * m > h:
        m = (h - lh) // 2
    panel = max(w // 2, lw + 2 * m + 12)
    x = {"left": m + 4, "center": (panel - lw) // 2 if bg == "photo" else (w - lw) // 2,
         "right": w - lw - m - 4}[where]
    y = m if where != "center" else (h - lh) // 2
    base = backdrop(bg, w, h, panel)
    if bg != "photo":
        # a slogan beside the logo: the picture is not just a padded logo
        tx = 20 if where == "right" else min(w - 180, x + lw + 30)
        base = words(base, tx, h - 60 if where != "right" else 20, 28,
                     (200, 80, 60) if bg == "light" else (240, 240, 240), "Summer sale")
    return paste(base, logo, x, y), (x, y, x + lw, y + lh)


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return load_kit(write_kit(tmp_path_factory.mktemp("kit")))


@pytest.fixture(scope="module")
def kitset(kit):
    return kit_logos(kit)


def _near(found: tuple[float, ...], truth: tuple[int, ...], tol: float) -> bool:
    """The found ink box within `tol` x the logo's height of the true logo box (the lockup's ink
    fills nearly all of its canvas: 4-114 x 4-36 of 120 x 40 units)."""
    h = truth[3] - truth[1]
    w = truth[2] - truth[0]
    ink = (truth[0] + w * 4 / 120, truth[1] + h * 4 / 40, truth[0] + w * 114 / 120, truth[1] + h * 36 / 40)
    return all(abs(a - b) <= tol * h for a, b in zip(found, ink, strict=True))


# --------------------------------------------------------------------------- the search


@pytest.mark.parametrize("frac", [0.2, 0.35, 0.6, 0.9])
@pytest.mark.parametrize("bg", ["light", "dark", "photo"])
def test_the_logo_is_found_at_every_scale_on_every_backdrop(kitset, frac, bg):
    where = "left" if frac > 0.5 else ("center" if bg != "dark" else "right")
    img, truth = banner(frac, where, bg)
    got = lb.search(img, kitset)
    assert got, f"not found at {frac} on {bg}"
    best = got[0]
    assert best.model.group == "primary" and not best.model.deprecated
    assert best.score >= lb.BANNER_MIN
    assert _near(best.ink, truth, 0.12), (best.ink, truth)


@pytest.mark.parametrize("where", ["left", "center", "right"])
def test_position_and_jpeg_compression(kitset, where):
    img, truth = banner(0.3, where, "light")
    got = lb.search(jpeg(img, 60), kitset)
    assert got and got[0].model.group == "primary" and _near(got[0].ink, truth, 0.12)


def test_a_wide_hero_banner(kitset):
    img, truth = banner(0.2, "left", "dark", w=1280, h=420)
    got = lb.search(img, kitset)
    assert got and _near(got[0].ink, truth, 0.12)


def test_the_deprecated_logo_is_told_from_the_current_one(kitset):
    img, truth = banner(0.3, "left", "light", svg=lockup_svg(old=True))
    got = lb.search(img, kitset)
    assert got and got[0].model.deprecated and got[0].model.name == "2019 lockup"
    assert _near(got[0].ink, truth, 0.12)


NEGATIVES = {
    **{f"photo-{s}": (lambda s=s: photo(600, 200, s)) for s in range(4)},
    "gradient": lambda: gradient(600, 200, (250, 250, 245), (20, 120, 240)),
    "dark gradient": lambda: gradient(600, 200, *DARK, vertical=True),
    "slogan on light": lambda: words(gradient(600, 200, *LIGHT), 20, 40, 56, (33, 37, 41), "Summer sale -40%"),
    "slogan on dark": lambda: words(gradient(600, 200, *DARK), 30, 60, 48, (255, 255, 255), "New collection"),
    "slogan on photo": lambda: words(photo(600, 200, 5), 30, 20, 64, (255, 255, 255), "Big sale"),
    "plain": lambda: gradient(600, 200, (255, 255, 255), (255, 255, 255)),
}


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_nothing_is_found_in_banners_without_the_logo(kitset, name):
    assert lb.search(NEGATIVES[name](), kitset) == []


def test_shapes_that_look_like_parts_of_the_logo_are_not_it(kitset):
    im = Image.new("RGBA", (600, 200), (255, 255, 255, 255))
    d = ImageDraw.Draw(im)
    d.ellipse((20, 20, 140, 140), outline=(244, 98, 58, 255), width=24)  # a ring like the mark, alone
    d.rectangle((200, 40, 560, 70), fill=(33, 37, 41, 255))  # bars like the words, alone
    d.rectangle((200, 90, 480, 120), fill=(33, 37, 41, 255))
    assert lb.search(np.asarray(im, np.float32) / 255, kitset) == []


def test_transparent_banner_and_tiny_inputs(kitset):
    img = photo(600, 200, 2)
    img[:, :300] = 0.0  # a transparent half, the page shows through
    img = paste(img, render(lockup_svg(), 180, 60), 20, 20)
    img[20:80, 20:200, 3] = np.maximum(img[20:80, 20:200, 3], render(lockup_svg(), 180, 60)[..., 3])
    got = lb.search(img, kitset)
    assert got and got[0].model.group == "primary"
    assert lb.search(np.ones((4, 4, 4), np.float32), kitset) == []


# --------------------------------------------------------------------------- in the analyzer and rules


@pytest.fixture(scope="module")
def engine():
    rules = load_rules([builtin_rules_dir()])
    return Engine([r for rid, r in rules.items() if rid.startswith("logo.")])


def run(page: PageBuilder, kit, engine, *, banner_search: bool = True):
    ctx = Context(page.capture(), kit, AnalysisSettings(banner_search=banner_search))
    res = engine.evaluate(ctx)
    assert res.errors == []
    return res, ctx.get("logos")


def by_rule(res, rule: str):
    return [f for f in res.findings if f.rule == rule]


def email_with_header(tmp_path, img: np.ndarray, *, fmt: str = "PNG", boxes: bool = True,
                      shown: tuple[int, int] = (600, 200)) -> PageBuilder:
    """An email whose header is the picture `img` (600 x 200), shown at `shown` CSS px."""
    page = PageBuilder(tmp_path, kind="email", size=(640, 900), boxes=boxes)
    box = Box(20, 10, *shown)
    drawn = img
    if shown != (600, 200):
        drawn = np.asarray(Image.fromarray((np.clip(img, 0, 1) * 255).round().astype(np.uint8), "RGBA").resize(
            shown, Image.Resampling.LANCZOS), np.float32) / 255
    buf = io.BytesIO()
    Image.fromarray((np.clip(img, 0, 1) * 255).round().astype(np.uint8), "RGBA").convert(
        "RGB" if fmt == "JPEG" else "RGBA").save(buf, fmt)
    page.image("email-header", page.body, box, buf.getvalue(), ".png" if fmt == "PNG" else ".jpg", drawn=drawn,
               natural=(600, 200), attrs={"alt": "Summer sale"})
    page.element("p", page.body, Box(20, 240, 600, 40), text="Hello, our summer sale starts today.")
    return page


def test_an_email_header_picture_with_the_logo_satisfies_missing(tmp_path, kit, engine):
    img, truth = banner(0.3, "left", "light")
    res, report = run(email_with_header(tmp_path, img), kit, engine)
    found = [i for i in report.logos if i.inside]
    assert len(found) == 1
    inst = found[0]
    assert inst.match.name == "primary" and inst.confidence >= lb.BANNER_MIN
    assert inst.inside == inst.selector and "found inside a larger image at" in inst.notes[0]
    # the window's box is in page px: the picture sits at (20, 10)
    assert inst.ink_box is not None and _near((inst.ink_box.x - 20, inst.ink_box.y - 10, inst.ink_box.right - 20,
                                              inst.ink_box.bottom - 10), truth, 0.12)
    assert inst.box.x >= 20 and inst.box.right <= 620 and inst.box.w < 300
    assert "email-header" in inst.context
    assert inst.crop_path and Image.open(inst.crop_path).size[0] > 50
    assert [f.outcome for f in by_rule(res, "logo.Missing")] == []
    # none of the placement checks judge the picture's box as the logo's
    for rule in ("logo.Distorted", "logo.ClearSpace", "logo.LowResolution", "logo.TooSmall", "logo.Recolored"):
        assert by_rule(res, rule) == [], rule


def test_without_the_search_the_same_email_misses_its_logo(tmp_path, kit, engine):
    img, _ = banner(0.3, "left", "light")
    res, report = run(email_with_header(tmp_path, img), kit, engine, banner_search=False)
    assert not any(i.inside for i in report.instances)
    assert [f.outcome for f in by_rule(res, "logo.Missing")] == ["needs_review"]  # an unidentified header image


def test_a_deprecated_logo_inside_a_hero_banner_is_outdated(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, size=(1280, 900))
    img, _truth = banner(0.25, "left", "dark", svg=lockup_svg("#FFFFFF", "#FFFFFF", old=True), w=1280, h=420)
    box = Box(0, 100, 1280, 420)
    page.image("background", page.body, box, png_bytes(img), ".png", drawn=img, tag="section",
               attrs={"class": "hero"})
    res, _report = run(page, kit, engine)
    out = by_rule(res, "logo.Outdated")
    assert len(out) == 1 and out[0].outcome == "violation"
    f = out[0]
    assert f.observed["inside_image"] == "section#e3" and f.observed["deprecated"] == "2019 lockup"
    assert f.evidence["crop"] and f.evidence["kit_logo"] and f.evidence["confidence"] >= lb.BANNER_MIN
    bx = f.evidence["box"]
    assert bx[1] >= 100 and bx[3] < 200  # the window, not the banner
    for rule in ("logo.Distorted", "logo.ClearSpace", "logo.LowResolution"):
        assert [x for x in by_rule(res, rule) if x.outcome != "pass"] == [], rule


def test_a_current_logo_inside_a_page_banner_counts_for_the_header(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, size=(1280, 900))
    img, _ = banner(0.3, "right", "light", w=1000, h=300)
    page.image("img", page.header, Box(140, 0, 1000, 300), png_bytes(img), ".png", drawn=img, natural=(1000, 300))
    res, report = run(page, kit, engine)
    assert [i.inside for i in report.logos] == ["img#e3"]
    assert [f.outcome for f in by_rule(res, "logo.Missing")] == []
    assert by_rule(res, "logo.Outdated") == []


def test_a_small_logo_inside_a_banner_is_for_review_not_too_small(tmp_path, kit, engine):
    img, _ = banner(0.2, "left", "light", w=600, h=200)  # the lockup drawn 120 x 40: ink 110 px, canvas 120
    page = email_with_header(tmp_path, img, shown=(300, 100))  # shown at half its size: the logo 60 px wide
    res, _report = run(page, kit, engine)
    small = by_rule(res, "logo.TooSmall")
    assert [f.outcome for f in small] == ["needs_review"]
    assert "inside the image" in small[0].message


def test_banners_without_the_logo_give_nothing_and_missing_still_fires(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, size=(1280, 900))
    for k, (name, make) in enumerate(sorted(NEGATIVES.items())[:4]):
        img = make()
        page.image("img", page.body, Box(20 + 620 * (k % 2), 10 + 210 * (k // 2), 600, 200), png_bytes(img),
                   ".png", drawn=img, natural=(600, 200), attrs={"alt": name})
    res, report = run(page, kit, engine)
    assert report.logos == []
    assert [f.outcome for f in by_rule(res, "logo.Missing")] == ["violation"]


def test_static_capture_searches_the_file(tmp_path, kit, engine):
    img, _ = banner(0.3, "left", "light", svg=lockup_svg(old=True))
    page = email_with_header(tmp_path, img, fmt="JPEG", boxes=False)
    res, report = run(page, kit, engine)
    found = [i for i in report.logos if i.inside]
    assert len(found) == 1 and found[0].box is None and found[0].match.deprecated
    assert [f.outcome for f in by_rule(res, "logo.Outdated")] == ["violation"]


def test_corrupt_and_huge_pictures_are_skipped_with_a_reason(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, size=(1280, 900), boxes=False)
    page.image("img", page.header, None, b"\x89PNG\r\n\x1a\nnot really", ".png", natural=(800, 200))
    big = Image.new("RGB", (6000, 4500), (250, 250, 250))
    buf = io.BytesIO()
    big.save(buf, "PNG")
    page.image("img", page.header, None, buf.getvalue(), ".png", natural=(6000, 4500))
    _res, report = run(page, kit, engine)
    reasons = dict(report.skipped)
    assert any("corrupt" in r or "not a readable" in r for r in reasons.values()), reasons
    assert any("too large" in r for r in reasons.values()), reasons
    assert report.logos == []


def test_a_page_background_is_not_searched(tmp_path, kit, engine):
    page = PageBuilder(tmp_path, size=(1280, 900))
    img = photo(1280, 1800, 1)
    page.image("background", page.body, Box(0, 0, 1280, 1800), png_bytes(img), ".png", drawn=img[:900], tag="div")
    _res, report = run(page, kit, engine)
    assert any("page or section background" in r for _, r in report.skipped)


# --------------------------------------------------------------------------- the option


def test_config_analysis_banner_search(tmp_path):
    p = tmp_path / "brandcheck.yaml"
    p.write_text("analysis:\n  banner_search: false\n")
    assert load_config(p).banner_search is False
    p.write_text("rules: {}\n")
    assert load_config(p).banner_search is None  # the analyzer's default
    assert AnalysisSettings().banner_search is True
    p.write_text("analysis:\n  banner_serch: true\n")
    with pytest.raises(RuleFileError, match=r"analysis\.banner_serch"):
        load_config(p)
    p.write_text("analysis:\n  banner_search: maybe\n")
    with pytest.raises(RuleFileError, match="true or false"):
        load_config(p)


def test_correlator_computes_what_match_template_does():
    """The shared-FFT correlator is only a faster route to skimage's normalised cross correlation."""
    from skimage.feature import match_template

    rng = np.random.default_rng(7)
    image = rng.random((60, 140)).astype(np.float32)
    corr = lb._Correlator(image)
    for th, tw in ((9, 21), (20, 33), (60, 40)):
        template = image[:th, 50:50 + tw] + 0.1 * rng.random((th, tw)).astype(np.float32)
        ours = corr.match(template)
        theirs = match_template(image, template)
        assert ours.shape == theirs.shape
        assert np.abs(ours - theirs).max() < 1e-4
