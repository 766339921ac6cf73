"""Kit logos (brandcheck/analyze/kitlogos.py): decoded, described, grouped and cached per kit."""

from __future__ import annotations

import pytest
from logo_fixtures import INK, ORANGE, write_kit

from brandcheck.analyze.kitlogos import KitLogoSet, kit_logos
from brandcheck.color import delta_e_rgba, parse_hex
from brandcheck.kit import load_kit


@pytest.fixture()
def kit(tmp_path):
    return load_kit(write_kit(tmp_path / "kit"))


def test_every_logo_is_described(kit):
    s = kit_logos(kit)
    assert s.errors == []
    assert [m.name for m in s.models] == ["primary", "inverse", "2019 lockup"]
    primary = s.by_name("primary")
    assert primary.aspect == pytest.approx(3.0)  # viewBox 120 x 40
    # the ink spans x 6..114 and y 4..36 of the 120 x 40 canvas
    x0, y0, x1, y1 = primary.ink_frac
    assert x0 == pytest.approx(6 / 120, abs=0.01) and x1 == pytest.approx(114 / 120, abs=0.01)
    assert y0 == pytest.approx(4 / 40, abs=0.01) and y1 == pytest.approx(36 / 40, abs=0.01)
    assert primary.ink_aspect == pytest.approx(108 / 32, rel=0.02)


def test_colors_of_each_variant(kit):
    s = kit_logos(kit)
    primary = {c.hex for c in s.by_name("primary").colors}
    assert len(primary) == 2
    for want in (ORANGE, INK):
        assert min(delta_e_rgba(parse_hex(h), parse_hex(want)) for h in primary) < 1.0
    assert [c.hex for c in s.by_name("inverse").colors] == ["#FFFFFF"]


def test_variants_of_one_drawing_form_a_group(kit):
    s = kit_logos(kit)
    assert s.by_name("inverse").group == "primary"
    assert s.by_name("2019 lockup").group == "2019 lockup"
    assert {m.name for m in s.variants(s.by_name("primary"))} == {"primary", "inverse"}
    assert [m.name for m in s.current] == ["primary", "inverse"]


def test_raster_kit_logo(tmp_path):
    s = kit_logos(load_kit(write_kit(tmp_path / "kit", raster_primary=True)))
    primary = s.by_name("primary")
    assert primary.loaded.kind == "raster"
    assert primary.aspect == pytest.approx(3.0)
    # the raster and the SVG inverse are the same drawing
    assert s.by_name("inverse").group == "primary"


def test_an_unreadable_kit_logo_is_left_out_with_its_reason(tmp_path):
    folder = write_kit(tmp_path / "kit")
    (folder / "logos" / "lockup-white.svg").write_text("<svg><unclosed></svg>")
    s = kit_logos(load_kit(folder))
    assert [m.name for m in s.models] == ["primary", "2019 lockup"]
    assert len(s.errors) == 1 and "inverse" in s.errors[0] and "does not parse" in s.errors[0]


def test_cached_per_kit_and_digest(kit, tmp_path):
    a = kit_logos(kit)
    assert kit_logos(load_kit(kit.path)) is a
    # an edited kit (another digest) is read again
    (kit.path / "logos" / "lockup-white.svg").write_text((kit.path / "logos" / "lockup.svg").read_text())
    b = kit_logos(load_kit(kit.path))
    assert isinstance(b, KitLogoSet) and b is not a


def test_png_evidence_is_written_once(kit, tmp_path):
    m = kit_logos(kit).by_name("primary")
    p = m.png(tmp_path / "ev")
    assert p is not None and p.is_file()
    mtime = p.stat().st_mtime_ns
    assert m.png(tmp_path / "ev") == p and p.stat().st_mtime_ns == mtime
    from PIL import Image

    with Image.open(p) as im:
        assert im.size == (384, 128)
