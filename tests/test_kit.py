"""Kit loading (contract 1): typed objects, and one-line errors naming file, line and key."""

from __future__ import annotations

import pytest
from helpers import CORPUS, EXAMPLE_KIT, KIT_YAML, make_kit, write_kit

from brandcheck.errors import KitError
from brandcheck.kit import load_kit


def test_loads_every_section(tmp_path):
    kit = make_kit(tmp_path)
    assert kit.brand == "Test Brand"
    assert kit.aliases == ("TB",)
    assert [c.name for c in kit.palette] == ["Teal", "Ink", "Paper"]
    assert kit.palette[0].hex == "#0E7C7B" and kit.palette[0].tolerance == 3.0
    assert kit.deprecated_colors[0].replaced_by == "Teal"
    assert kit.family("source sans 3").weights == (400, 600)
    assert kit.is_fallback("arial") and not kit.is_fallback("Georgia")
    assert kit.logos[0].min_width_px == 80 and kit.logos[0].file.name == "logo.svg"
    assert kit.voice.banned == ("cheap",)
    assert kit.digest.startswith("sha256:") and len(kit.digest) > 20


def test_per_color_tolerance_and_short_hex(tmp_path):
    text = KIT_YAML.replace('{name: Ink, hex: "#1F2933", role: text}', '{name: Ink, hex: "#123", role: text, tolerance: 5}')
    kit = make_kit(tmp_path, text)
    ink = kit.palette[1]
    assert ink.hex == "#112233" and ink.tolerance == 5


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        (("colors:", "colours:"), "brand.yaml:4: unknown key 'colours' (did you mean 'colors'?)"),
        (('hex: "#0E7C7B"', 'hex: "#GG0000"'), "brand.yaml:7: 'colors.palette[0].hex' is not a hex color: '#GG0000'"),
        (("tolerance: 3.0", "tolerance: -1"), "brand.yaml:5: 'colors.tolerance' must be greater than 0"),
        (("logos/logo.svg", "logos/missing.svg"), "brand.yaml:18: 'logos[0].file' names a missing file: logos/missing.svg"),
        (("replaced_by: Teal", "replaced_by: Tael"), "brand.yaml:11: 'colors.deprecated[0].replaced_by' names 'Tael'"),
        (("weights: [600, 700]", "weights: [600, heavy]"), "brand.yaml:14: 'typography.families[0].weights[1]' must be a font weight"),
        (("  banned: [cheap]", "  baned: [cheap]"), "brand.yaml:21: unknown key 'voice.baned' (did you mean 'banned'?)"),
        (("min_width_px: 80", "min_widht_px: 80"), "brand.yaml:18: unknown key 'logos[0].min_widht_px'"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, change, expect):
    folder = write_kit(tmp_path, KIT_YAML.replace(*change))
    with pytest.raises(KitError) as ei:
        load_kit(folder)
    line = ei.value.one_line()
    assert "\n" not in line
    assert line.startswith(str(folder / "brand.yaml"))
    assert expect in line


def test_brand_is_required_and_yaml_errors_have_lines(tmp_path):
    folder = write_kit(tmp_path, "aliases: [x]\n")
    with pytest.raises(KitError, match="missing required key 'brand'"):
        load_kit(folder)
    folder = write_kit(tmp_path, "brand: X\ncolors: {palette: [\n")
    with pytest.raises(KitError) as ei:
        load_kit(folder)
    assert "invalid YAML" in ei.value.one_line() and ei.value.line is not None


def test_missing_folder_and_file(tmp_path):
    with pytest.raises(KitError, match="kit folder not found"):
        load_kit(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(KitError, match=r"no brand\.yaml"):
        load_kit(tmp_path / "empty")


def test_digest_changes_with_a_named_file(tmp_path):
    folder = write_kit(tmp_path)
    d1 = load_kit(folder).digest
    (folder / "logos" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert load_kit(folder).digest != d1


def test_example_kit_loads():
    kit = load_kit(EXAMPLE_KIT)
    assert kit.brand == "Harbor Kettle"
    assert kit.voice.required == {"email": ("Unsubscribe",)}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
@pytest.mark.parametrize("name", ["agency", "creative", "freelancer", "ledgerly"])
def test_corpus_kits_load(name):
    kit = load_kit(CORPUS / "kits" / name)
    assert kit.palette and kit.logos and kit.deprecated_logos
