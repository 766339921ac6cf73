"""Identification (brandcheck/analyze/logoshape.py) on logos rendered the ways pages show them."""

from __future__ import annotations

import io

import numpy as np
import pytest
from logo_fixtures import INK, ORANGE, inverse_svg, lockup_svg, noise_photo, on, render, stretch
from PIL import Image, ImageDraw, ImageFont

from brandcheck.analyze import logoshape as ls
from brandcheck.analyze.logos import CONTEXT_MIN, MATCH_MIN
from brandcheck.color import delta_e_rgba, parse_hex


def shape(rgba: np.ndarray) -> ls.Shape:
    m, _ = ls.ink_mask(rgba)
    assert m is not None, "no ink mask"
    s = ls.shape_of(m)
    assert s is not None
    return s


@pytest.fixture(scope="module")
def refs() -> dict[str, ls.Shape]:
    return {"new": shape(render(lockup_svg(), 480, 160)), "old": shape(render(lockup_svg(old=True), 480, 160))}


def scores(rgba: np.ndarray, refs: dict[str, ls.Shape]) -> dict[str, float]:
    s = shape(rgba)
    return {k: ls.match_score(s, r) for k, r in refs.items()}


@pytest.mark.parametrize("width", [48, 90, 150, 300])
def test_scaled_logo_is_identified_at_every_size(refs, width):
    sc = scores(on(render(lockup_svg(), width, width // 3), (255, 255, 255), pad=6), refs)
    assert sc["new"] >= MATCH_MIN
    assert sc["new"] > sc["old"] + 0.15


def test_inverse_on_dark_background_matches_the_same_drawing(refs):
    sc = scores(on(render(inverse_svg(), 150, 50), (33, 37, 41), pad=10), refs)
    assert sc["new"] >= 0.9
    assert sc["old"] < MATCH_MIN


def test_recolored_logo_keeps_its_shape_score(refs):
    sc = scores(on(render(lockup_svg("#C0309A", "#C0309A"), 150, 50), (255, 255, 255), pad=4), refs)
    assert sc["new"] >= 0.9


def test_stretched_logo_is_still_identified_and_its_proportions_change(refs):
    img = on(render(stretch(lockup_svg()), 200, 50), (255, 255, 255), pad=4)
    s = shape(img)
    assert ls.match_score(s, refs["new"]) >= MATCH_MIN
    assert s.aspect / refs["new"].aspect == pytest.approx(200 / 50 / 3, rel=0.05)


def test_padding_is_trimmed(refs):
    tight = shape(on(render(lockup_svg(), 150, 50), (255, 255, 255), pad=0))
    padded = shape(on(render(lockup_svg(), 150, 50), (255, 255, 255), pad=60))
    assert ls.match_score(padded, refs["new"]) == pytest.approx(ls.match_score(tight, refs["new"]), abs=0.03)
    assert padded.aspect == pytest.approx(tight.aspect, rel=0.02)


def test_small_crop_is_matched_by_the_crop_search(refs):
    full = on(render(lockup_svg(), 240, 80), (255, 255, 255))
    cut = full[:, : int(full.shape[1] * 0.88)]
    s = shape(cut)
    assert ls.crop_score(s, refs["new"]) > ls.ssim_score(s, refs["new"])
    assert ls.match_score(s, refs["new"]) >= CONTEXT_MIN
    assert ls.match_score(s, refs["new"]) > ls.match_score(s, refs["old"])


def test_jpeg_artifacts_do_not_break_identification(refs):
    img = on(render(lockup_svg(), 180, 60), (255, 255, 255), pad=8)
    buf = io.BytesIO()
    Image.fromarray((img[..., :3] * 255).astype(np.uint8)).save(buf, "JPEG", quality=55)
    jpg = np.asarray(Image.open(buf).convert("RGBA"), np.float32) / 255
    assert scores(jpg, refs)["new"] >= MATCH_MIN


def test_other_shapes_are_not_the_logo(refs):
    circle = Image.new("RGB", (80, 80), "white")
    ImageDraw.Draw(circle).ellipse((8, 8, 72, 72), fill=(240, 98, 58))
    word = Image.new("RGB", (220, 60), "white")
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 36) if _has_dejavu() else ImageFont.load_default()
    ImageDraw.Draw(word).text((6, 6), "Menu", fill=(30, 30, 30), font=font)
    for im in (circle, word):
        rgba = np.asarray(im.convert("RGBA"), np.float32) / 255
        assert max(scores(rgba, refs).values()) < MATCH_MIN


def _has_dejavu() -> bool:
    try:
        ImageFont.truetype("DejaVuSans-Bold.ttf", 10)
        return True
    except OSError:
        return False


def test_a_photo_has_no_ink_mask():
    rgba = np.concatenate([noise_photo(120, 80), np.ones((80, 120, 1), np.float32)], axis=-1)
    mask, bg = ls.ink_mask(rgba)
    assert mask is None and bg is None


def test_background_of_reads_the_border_ring():
    img = on(render(lockup_svg(), 150, 50), (12, 34, 56), pad=5)
    color, share = ls.background_of(img[..., :3])
    assert share > 0.9
    assert np.allclose(color * 255, (12, 34, 56), atol=2)


def test_ink_box_is_sub_pixel():
    # a bar from x=10.5 to x=30.25 (anti-aliased edges) in a 40 x 10 image
    m = np.zeros((10, 40), np.float32)
    m[2:8, 11:30] = 1.0
    m[2:8, 10] = 0.5
    m[2:8, 30] = 0.25
    x0, y0, x1, y1 = ls.ink_box(m)
    assert (x0, x1) == pytest.approx((10.5, 30.25))
    assert (y0, y1) == pytest.approx((2.0, 8.0))


def test_ink_colors_are_the_drawn_colors_not_the_blends():
    img = on(render(lockup_svg(), 360, 120), (255, 255, 255), pad=4)
    mask, bg = ls.ink_mask(img)
    colors = ls.ink_colors(img, mask, background=bg)
    hexes = [c.hex for c in colors]
    assert len(colors) == 2, hexes
    for c, want in zip(sorted(colors, key=lambda c: c.lab[0]), (INK, ORANGE), strict=True):
        assert delta_e_rgba(parse_hex(c.hex), parse_hex(want)) < 2.0
    assert sum(c.share for c in colors) == pytest.approx(1.0)


def test_work_size_bounds_the_pixels():
    big = np.ones((1000, 500, 4), np.float32)
    small = ls.work_size(big, 200)
    assert small.shape == (200, 100, 4)
    assert ls.work_size(small, 200) is small


def test_lab_of_is_scikit_image_rgb2lab():
    from skimage.color import rgb2lab

    rng = np.random.default_rng(7)
    px = np.concatenate([rng.random((2000, 3)), np.eye(3), np.zeros((1, 3)), np.ones((1, 3))]).astype(np.float32)
    ours = ls.lab_of(px)
    ref = rgb2lab(px.reshape(1, -1, 3).astype(np.float64)).reshape(-1, 3)
    assert np.abs(ours - ref).max() < 0.1
