"""DOMSnapshot -> elements, and font helpers, on hand-made data (no browser)."""

from __future__ import annotations

from typing import Any

from brandcheck.capture.fonts import (
    FaceMapper,
    declared_faces,
    loaded_faces,
    parse_font_faces_css,
    parse_stack,
    rendered_for_group,
    style_groups,
)
from brandcheck.capture.images import background_urls, decode_data_uri, sniff_mime, svg_size
from brandcheck.capture.snapshot import drop_ignored, elements_from_snapshot
from brandcheck.model import STYLE_PROPERTIES, Box, Element, FailedRequest

Node = tuple[int, int, str, str | None, dict[str, str], Any]


def make_snapshot(nodes: list[Node], pseudo: set[int] = frozenset(), height: float = 1000) -> dict[str, Any]:  # type: ignore[assignment]
    strings: list[str] = []

    def s(v: str) -> int:
        if v == "":
            return -1  # as Chromium sends empty strings
        if v not in strings:
            strings.append(v)
        return strings.index(v)

    doc: dict[str, Any] = {"nodes": {"parentIndex": [], "nodeType": [], "nodeName": [], "nodeValue": [],
                                     "backendNodeId": [], "attributes": [],
                                     "pseudoType": {"index": [], "value": []}},
                           "layout": {"nodeIndex": [], "styles": [], "bounds": []}, "contentHeight": height,
                           "contentWidth": 1280}
    for i, (parent, ntype, name, value, attrs, lay) in enumerate(nodes):
        n = doc["nodes"]
        n["parentIndex"].append(parent)
        n["nodeType"].append(ntype)
        n["nodeName"].append(s(name))
        n["nodeValue"].append(s(value) if value is not None else -1)
        n["backendNodeId"].append(100 + i)
        n["attributes"].append([x for k, v in attrs.items() for x in (s(k), s(v))])
        if i in pseudo:
            n["pseudoType"]["index"].append(i)
            n["pseudoType"]["value"].append(s("before"))
        if lay is not None:
            bounds, style = lay
            doc["layout"]["nodeIndex"].append(i)
            doc["layout"]["bounds"].append(bounds)
            doc["layout"]["styles"].append([s(style.get(p, "")) for p in STYLE_PROPERTIES])
    return {"documents": [doc], "strings": strings}


BASE = {"display": "block", "visibility": "visible", "opacity": "1", "position": "static", "overflow": "visible",
        "font-family": '"Brand", sans-serif', "font-weight": "400", "font-style": "normal"}


def st(**kw: str) -> dict[str, str]:
    return {**BASE, **{k.replace("_", "-"): v for k, v in kw.items()}}


def sample() -> dict[str, Any]:
    E, T = 1, 3
    nodes: list[Node] = [
        (-1, 9, "#document", None, {}, None),                                    # 0
        (0, E, "HTML", None, {"lang": "en"}, ([0, 0, 1280, 1000], st())),        # 1 -> e0
        (1, E, "HEAD", None, {}, None),                                          # 2 -> e1
        (2, E, "STYLE", None, {}, None),                                         # 3 -> e2
        (3, T, "#text", "p{color:red}", {}, None),                               # 4
        (1, E, "BODY", None, {}, ([0, 0, 1280, 1000], st())),                    # 5 -> e3
        (5, E, "H1", None, {"class": "title big"}, ([10, 10, 500, 40], st())),   # 6 -> e4
        (6, E, "H1", None, {}, None),  # placeholder replaced below
    ]
    nodes = nodes[:7]
    nodes += [
        (6, T, "#text", "Hello ", {}, ([10, 10, 60, 40], {})),                   # 7
        (6, E, "B", None, {}, ([70, 10, 60, 40], st(display="inline"))),         # 8 -> e5
        (8, T, "#text", "world", {}, ([70, 10, 60, 40], {})),                    # 9
        (6, T, "#text", "\n  ", {}, None),                                       # 10
        (6, E, "::before", None, {}, ([10, 10, 5, 5], st())),                    # 11 pseudo: skipped
        (5, E, "P", None, {"id": "ghost"}, ([0, 60, 100, 20], st(opacity="0"))),  # 12 -> e6
        (12, T, "#text", "invisible", {}, None),                                 # 13
        (5, E, "DIV", None, {"class": "clip"}, ([0, 90, 1, 1], st(overflow="hidden"))),  # 14 -> e7
        (14, E, "SPAN", None, {}, ([0, 90, 200, 14], st(display="inline"))),     # 15 -> e8 clipped to 1px
        (15, T, "#text", "preheader", {}, None),                                 # 16
        (5, E, "DIV", None, {"class": "modal"}, None),                           # 17 -> e9 display:none
        (17, E, "P", None, {}, None),                                            # 18 -> e10
        (18, T, "#text", "modal text", {}, None),                                # 19
        (5, E, "HR", None, {"class": ""}, ([0, 120, 1280, 1], st())),                       # 20 -> e11 a 1px rule shows
        (5, E, "P", None, {"style": "visibility:hidden"}, ([0, 130, 100, 20], st(visibility="hidden"))),  # 21 -> e12
        (21, T, "#text", "hidden", {}, None),                                    # 22
        (5, E, "A", None, {"class": "skip"}, ([-9999, 0, 120, 20], st(position="absolute"))),  # 23 -> e13
        (23, T, "#text", "Skip to content", {}, None),                           # 24
    ]
    return make_snapshot(nodes, pseudo={11})


def test_elements_in_document_order_with_content_and_selectors() -> None:
    se = elements_from_snapshot(sample())
    els = se.elements
    assert [e.tag for e in els] == ["html", "head", "style", "body", "h1", "b", "p", "div", "span", "div", "p", "hr", "p",
                                    "a"]
    assert [e.id for e in els] == list(range(len(els)))
    h1 = els[4]
    assert h1.parent == 3 and h1.content == ["Hello ", 5]
    assert h1.selector == "body > h1.title"
    assert els[5].content == ["world"]
    assert els[11].attrs == {"class": ""}
    assert els[6].selector == "#ghost"
    assert els[2].content == []  # style text is not content
    assert els[4].box == Box(10, 10, 500, 40)
    assert els[4].style["font-family"] == '"Brand", sans-serif'
    assert se.backend_ids[4] == 106
    assert 9 in se.no_layout and 10 in se.no_layout


def test_visibility_rules() -> None:
    els = elements_from_snapshot(sample()).elements
    vis = {e.id: e.visible for e in els}
    assert vis[4] and vis[5]
    assert not vis[6]  # opacity 0
    assert not vis[8]  # text clipped to a pixel (preheader, sr-only)
    assert not vis[9] and not vis[10] and els[10].box is None  # display: none
    assert vis[11]  # a 1px rule without text still shows
    assert not vis[12]  # visibility: hidden
    assert not vis[13]  # moved off the page
    assert not vis[1]  # head


def test_drop_ignored_renumbers() -> None:
    els = elements_from_snapshot(sample()).elements
    kept, remap = drop_ignored(els, {4})
    assert all(e.tag != "b" for e in kept)
    assert [e.id for e in kept] == list(range(len(kept)))
    assert kept[remap[6]].selector == "#ghost"
    body = kept[remap[3]]
    assert 4 not in remap and all(isinstance(c, str) or c < len(kept) for c in body.content)


def test_parse_stack() -> None:
    assert parse_stack('"Montserrat", -apple-system, "Segoe UI", sans-serif') == [
        "Montserrat", "-apple-system", "Segoe UI", "sans-serif"]
    assert parse_stack("'Roboto Slab',serif") == ["Roboto Slab", "serif"]


def test_face_mapper_uses_the_stack_order() -> None:
    events = [{"font": {"fontFamily": "Montserrat", "platformFontFamily": "Montserrat Thin", "src": "m.woff2"}},
              {"font": {"fontFamily": "Brand Alias", "platformFontFamily": "Montserrat Thin", "src": "m.woff2"}},
              {"font": {"fontFamily": "Nameless", "platformFontFamily": "", "src": "n.woff2"}}, {}]
    faces = loaded_faces(events)
    m = FaceMapper(faces, ["Montserrat", "Brand Alias"])
    assert m.face_family("Montserrat Thin", True, ["Brand Alias", "Montserrat"]) == "Brand Alias"
    assert m.face_family("Montserrat Thin", True, ["Montserrat", "serif"]) == "Montserrat"
    assert m.face_family("", True, ["Nameless"]) == "Nameless"
    assert m.face_family("DejaVu Sans", False, ["Montserrat", "sans-serif"]) is None


def test_rendered_fonts_spread_over_a_style_group() -> None:
    def el(i: int, text: str) -> Element:
        return Element(id=i, tag="p", selector=f"p{i}", parent=None, box=Box(0, 0, 10, 10), visible=True,
                       style={"font-family": "Brand, serif", "font-weight": "400", "font-style": "normal"},
                       content=[text])

    els = [el(0, "abcd"), el(1, "abcdefgh"), el(2, "日本")]
    groups = style_groups(els)
    assert sorted(len(v) for v in groups.values()) == [1, 2]
    m = FaceMapper(loaded_faces([{"font": {"fontFamily": "Brand", "platformFontFamily": "Brand Light"}}]))
    out = rendered_for_group([{"familyName": "Brand Light", "isCustomFont": True, "glyphCount": 8}], els, [0, 1], m)
    assert out[0][0].face_family == "Brand" and out[0][0].glyphs == 4 and out[1][0].glyphs == 8


def test_declared_faces_status() -> None:
    rules = [
        {"family": '"Brand"', "src": 'url("f/b.woff2") format("woff2")', "weight": "400", "style": "normal",
         "range": "", "sheet": "http://h/css/a.css", "base": "http://h/css/a.css"},
        {"family": "Broken", "src": "url(f/x.woff2)", "weight": "bold", "style": "normal", "range": "",
         "sheet": None, "base": "http://h/index.html"},
        {"family": "Unused", "src": "url(u.woff2)", "weight": "400", "style": "normal", "range": "",
         "sheet": None, "base": "http://h/"},
    ]
    faces = [{"family": "Brand", "weight": "400", "style": "normal", "status": "loaded", "range": ""},
             {"family": "Broken", "weight": "700", "style": "normal", "status": "loading", "range": ""},
             {"family": "Unused", "weight": "400", "style": "normal", "status": "unloaded", "range": ""}]
    failed = [FailedRequest(url="http://h/f/x.woff2", reason="HTTP 404", resource_type="font", status=404)]
    loaded = loaded_faces([{"font": {"fontFamily": "Brand", "platformFontFamily": "Brand Thin",
                                     "src": "http://h/css/f/b.woff2"}}])
    out = declared_faces(rules, faces, failed, loaded)
    assert [(f.family, f.weight, f.status) for f in out] == [("Brand", "400", "loaded"), ("Broken", "700", "error"),
                                                            ("Unused", "400", "unloaded")]
    assert out[0].src == ["http://h/css/f/b.woff2"] and out[0].postscript_name == "Brand Thin"
    assert out[0].stylesheet == "http://h/css/a.css"


def test_font_faces_from_css_text() -> None:
    css = "@media screen{@font-face{font-family:'X Y';src:url(a.woff2) format('woff2');font-weight:700}} p{}"
    (r,) = parse_font_faces_css(css, "http://h/s.css")
    assert r["family"].strip("'\"") == "X Y" and "a.woff2" in r["src"] and r["weight"] == "700"


def test_image_helpers() -> None:
    assert background_urls('url("http://h/a.png"), linear-gradient(red, blue), url(b.jpg)') == ["http://h/a.png", "b.jpg"]
    assert background_urls("none") == []
    assert svg_size('<svg width="120" height="40px">') == (120, 40)
    assert svg_size('<svg viewBox="0 0 300 51">') == (300, 51)
    assert sniff_mime(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff_mime(b"<?xml version='1.0'?><svg>") == "image/svg+xml"
    assert decode_data_uri("data:image/svg+xml,%3Csvg%3E") == (b"<svg>", "image/svg+xml")
    assert decode_data_uri("data:image/png;base64,iVBORw==")[1] == "image/png"  # type: ignore[index]
