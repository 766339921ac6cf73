"""CSS color parsing in every syntax, compositing, CIEDE2000 and WCAG contrast."""

from __future__ import annotations

import pytest

from brandcheck.color import (
    RGBA,
    WHITE,
    ColorParseError,
    contrast_ratio,
    delta_e_rgba,
    parse_color,
    try_parse,
)


@pytest.mark.parametrize(
    ("css", "hex_", "alpha"),
    [
        ("red", "#FF0000", 1.0),
        ("RebeccaPurple", "#663399", 1.0),
        ("#0e7", "#00EE77", 1.0),
        ("#0e78", "#00EE77", 0x88 / 255),
        ("#0E7C7B", "#0E7C7B", 1.0),
        ("#0E7C7B80", "#0E7C7B", 0x80 / 255),
        ("rgb(14, 124, 123)", "#0E7C7B", 1.0),
        ("rgba(14,124,123,.5)", "#0E7C7B", 0.5),
        ("rgb(14 124 123 / 50%)", "#0E7C7B", 0.5),
        ("rgb(100% 0% 0%)", "#FF0000", 1.0),
        ("hsl(120, 100%, 25%)", "#008000", 1.0),
        ("hsl(120deg 100% 25% / 0.25)", "#008000", 0.25),
        ("hsla(0.5turn, 100%, 50%, 1)", "#00FFFF", 1.0),
        ("hwb(0 0% 0%)", "#FF0000", 1.0),
        ("color(srgb 1 0 0)", "#FF0000", 1.0),
        ("color(srgb 0 0.5 0 / 0.5)", "#008000", 0.5),
        ("transparent", "#000000", 0.0),
        ("Canvas", "#FFFFFF", 1.0),
    ],
)
def test_parse_syntaxes(css, hex_, alpha):
    c = parse_color(css)
    assert isinstance(c, RGBA)
    assert c.hex == hex_
    assert c.a == pytest.approx(alpha, abs=0.01)


@pytest.mark.parametrize("kw", ["currentColor", "inherit", "initial", "unset"])
def test_context_keywords_are_returned_for_the_caller(kw):
    assert parse_color(kw) == kw.lower()
    assert try_parse(kw) is None


@pytest.mark.parametrize("bad", ["#GG0000", "#12345", "rgb(1, 2)", "hsl(x, y, z)", "notacolor", "", "color(lab 1 2 3)",
                                 "rgb(1, 2, 3"])
def test_malformed_values_raise(bad):
    with pytest.raises(ColorParseError):
        parse_color(bad)
    assert try_parse(bad) is None


def test_half_transparent_black_on_white_is_grey():
    seen = RGBA(0, 0, 0, 0.5).over(WHITE)
    assert seen.hex == "#808080"
    assert seen.opaque


def test_delta_e_and_contrast():
    assert delta_e_rgba(parse_color("#0E7C7B"), parse_color("#0E7C7B")) == pytest.approx(0.0, abs=1e-6)
    assert 0.5 < delta_e_rgba(parse_color("#3869D4"), parse_color("#3967D3")) < 1.2
    assert contrast_ratio(parse_color("#000"), WHITE) == pytest.approx(21.0)
    assert contrast_ratio(parse_color("#FFFFFF"), parse_color("#FFC800")) == pytest.approx(1.55, abs=0.01)
