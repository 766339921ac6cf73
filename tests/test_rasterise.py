"""Safe image loading (brandcheck/analyze/rasterise.py): SVG sanitising and rendering, raster
decoding, and every kind of bad input giving one clear reason."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from logo_fixtures import lockup_svg, png_bytes, render
from PIL import Image

from brandcheck.analyze.rasterise import (
    ImageLoadError,
    load_image,
    render_svg,
    sanitize_svg,
    sniff,
    svg_info,
)


def test_sanitize_removes_scripts_handlers_and_external_references():
    evil = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" '
            'onload="alert(1)"><script>alert(2)</script><foreignObject><div/></foreignObject>'
            '<image xlink:href="http://tracker.example/x.png" width="5" height="5"/>'
            '<image href="file:///etc/passwd" width="5" height="5"/>'
            '<use href="other.svg#a"/><use href="#local"/>'
            '<style>@import url(http://x.example/a.css); rect{fill:url(http://x.example/p#g)}</style>'
            '<a href="#local"><set attributeName="href" to="javascript:alert(3)"/></a>'
            '<animate attributeName="href" values="javascript:alert(4)"/>'
            '<rect id="local" width="10" height="10" style="fill:url(https://x.example/q)"/></svg>')
    out = sanitize_svg(evil)
    for bad in ("script", "alert", "foreignObject", "tracker.example", "/etc/passwd", "other.svg", "@import",
                "x.example", "<set", "<animate", "javascript"):
        assert bad not in out, bad
    assert 'href="#local"' in out


def test_sanitize_keeps_inline_raster_data_uris():
    px = "data:image/png;base64," + __import__("base64").b64encode(png_bytes(np.ones((2, 2, 4), np.float32))).decode()
    out = sanitize_svg(f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{px}" width="2" height="2"/></svg>')
    assert px in out


def test_entities_are_never_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>')
    out = sanitize_svg(bomb)
    assert "aaaa" not in out


def test_inline_svg_without_namespace_and_with_html_lowercased_attributes_renders():
    markup = '<svg viewbox="0 0 20 10" fill="currentColor"><rect width="20" height="10"/></svg>'
    clean = sanitize_svg(markup)
    info = svg_info(clean)
    assert info.viewbox == (0.0, 0.0, 20.0, 10.0)
    rgba = render_svg(clean, 40, 20, color="#FF0000")
    assert rgba.shape == (20, 40, 4)
    assert np.allclose(rgba[10, 20], [1, 0, 0, 1])


def test_preserve_aspect_ratio_decides_what_a_box_of_other_proportions_shows():
    meet = render(lockup_svg(), 240, 40)  # 3:1 drawing in a 6:1 box: letterboxed
    alpha_cols = np.nonzero(meet[..., 3].max(axis=0) > 0.5)[0]
    assert alpha_cols[-1] - alpha_cols[0] < 130
    stretched = render(lockup_svg().replace("<svg ", '<svg preserveAspectRatio="none" ', 1), 240, 40)
    alpha_cols = np.nonzero(stretched[..., 3].max(axis=0) > 0.5)[0]
    assert alpha_cols[-1] - alpha_cols[0] > 200


def test_svg_intrinsic_size():
    info = svg_info(sanitize_svg(lockup_svg()))
    assert info.size == (240.0, 80.0)
    assert info.aspect == pytest.approx(3.0)
    assert not info.stretches


def test_raster_decoding_and_natural_size():
    loaded = load_image(png_bytes(render(lockup_svg(), 300, 100)))
    assert loaded.kind == "raster"
    assert loaded.natural_size == (300.0, 100.0)
    assert loaded.rgba.shape == (100, 300, 4)


def test_large_rasters_are_reduced_for_analysis():
    im = Image.new("RGB", (3000, 1000), "white")
    buf = io.BytesIO()
    im.save(buf, "PNG")
    loaded = load_image(buf.getvalue())
    assert loaded.natural_size == (3000.0, 1000.0)
    assert max(loaded.rgba.shape[:2]) <= 1024


def _png_header_only(w: int, h: int) -> bytes:
    """A PNG whose header claims w x h pixels (no need to hold the pixels to test the guard)."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def test_a_10000_px_image_is_refused_before_decoding():
    with pytest.raises(ImageLoadError, match="too large"):
        load_image(_png_header_only(10_000, 10_000))


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"not an image at all", "not a readable image"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "corrupt|not a readable"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><g>", "does not parse"),
    (b"<?xml version='1.0'?><html/>", "not an SVG|not a readable"),
])
def test_bad_input_gives_one_reason(data, reason):
    with pytest.raises(ImageLoadError, match=reason):
        load_image(data)


def test_truncated_png_is_reported_not_raised_as_something_else():
    good = png_bytes(render(lockup_svg(), 300, 100))
    with pytest.raises(ImageLoadError):
        load_image(good[: len(good) // 2])


def test_animated_gif_gives_its_first_frame_and_says_so():
    frames = [Image.new("RGB", (40, 20), c) for c in ("red", "blue", "green")]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    loaded = load_image(buf.getvalue())
    assert loaded.notes == ["animated: first frame of 3"]
    assert np.allclose(loaded.rgba[10, 20, :3], [1, 0, 0], atol=0.02)


def test_sniff_tells_svg_from_raster_whatever_the_name():
    assert sniff(lockup_svg().encode()) == "svg"
    assert sniff(b"\xef\xbb\xbf  <?xml version='1.0'?>\n<svg/>") == "svg"
    assert sniff(png_bytes(np.ones((2, 2, 4), np.float32))) == "raster"
    assert sniff(b"hello") == "unknown"
