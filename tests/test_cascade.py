"""The static capture's CSS cascade: specificity, !important, inline styles, var(), shorthands, media."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from brandcheck.capture.cascade import (
    Cascade,
    expand,
    media_matches,
    parse_stylesheet,
    resolve_vars,
    specificity,
)


def computed(html: str, css: str, selector: str, width: int = 1280) -> dict[str, str]:
    soup = BeautifulSoup(html, "html5lib")
    cascade = Cascade([parse_stylesheet(css, "file:///x/", width)], width)
    styles: dict[int, dict[str, str]] = {}
    target = soup.select_one(selector)
    for el in soup.find_all(True):
        parent = styles.get(id(el.parent))
        styles[id(el)] = cascade.compute(el, parent)
        if el is target:
            return styles[id(el)]
    raise AssertionError("selector matched nothing")


def test_specificity():
    assert specificity("#a .b p") == (1, 1, 1)
    assert specificity("ul li.x:first-child") == (0, 2, 2)
    assert specificity(":where(.a) p") == (0, 0, 1)


def test_order_specificity_important_and_inline():
    css = "p { color: red } .x { color: green } p { color: blue } .y { color: #111 !important }"
    assert computed("<p class='x'>a</p>", css, "p")["color"] == "rgb(0, 128, 0)"
    assert computed("<p class='x y'>a</p>", css, "p")["color"] == "rgb(17, 17, 17)"
    assert computed("<p class='x' style='color: #222'>a</p>", css, "p")["color"] == "rgb(34, 34, 34)"
    # inline !important beats a stylesheet's !important
    assert computed("<p class='y' style='color: #62ad69 !important'>a</p>", css, "p")["color"] == "rgb(98, 173, 105)"


def test_inheritance_and_initial_values():
    css = "body { color: #0E7C7B; font-family: 'Fraunces', serif; background-color: #eee }"
    st = computed("<body><div><span>x</span></div></body>", css, "span")
    assert st["color"] == "rgb(14, 124, 123)"
    assert st["font-family"] == '"Fraunces", serif'
    assert st["background-color"] == "rgba(0, 0, 0, 0)"  # not inherited


def test_custom_properties_and_fallbacks():
    css = ":root { --brand: #0E7C7B; --alpha: 0.5 } p { color: var(--brand); border-color: var(--nope, #fff) }"
    st = computed("<html><body><p>x</p></body></html>", css, "p")
    assert st["color"] == "rgb(14, 124, 123)"
    assert resolve_vars("var(--a, var(--b, 3px))", {}) == "3px"
    assert resolve_vars("var(--a)", {}) is None


def test_shorthands():
    assert ("background-color", "#fff") in expand("background", "#fff url(a.png) no-repeat")
    assert ("border-top-color", "#123") in expand("border", "1px solid #123")
    assert ("border-left-width", "2px") in expand("border-width", "1px 2px")
    font = dict(expand("font", "italic bold 12px/30px Georgia, serif"))
    assert font["font-family"] == "Georgia, serif" and font["font-weight"] == "bold" and font["font-style"] == "italic"


@pytest.mark.parametrize(
    ("media", "width", "ok"),
    [("screen and (min-width: 992px)", 1280, True), ("(max-width: 600px)", 1280, False), ("print", 1280, False),
     ("(min-width: 36em)", 600, True), ("(prefers-color-scheme: dark)", 1280, False), ("all", 390, True)],
)
def test_media_queries(media, width, ok):
    assert media_matches(media, width) is ok


def test_media_rules_apply_only_when_they_match():
    css = "p { color: #000 } @media (min-width: 900px) { p { color: #fff } }"
    assert computed("<p>x</p>", css, "p", width=1280)["color"] == "rgb(255, 255, 255)"
    assert computed("<p>x</p>", css, "p", width=390)["color"] == "rgb(0, 0, 0)"


def test_current_color_borders_and_svg_presentation_attributes():
    st = computed("<p style='color: #0E7C7B; border: 1px solid'>x</p>", "", "p")
    assert st["border-top-color"] == "rgb(14, 124, 123)"
    st = computed("<div style='color:#C8553D'><svg><path fill='currentColor'/></svg></div>", "", "path")
    assert st["fill"] == "rgb(200, 85, 61)"
