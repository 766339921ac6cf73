"""The real templates of ../shared/corpus: brand fonts reported as rendered, broken fonts seen as
broken, and boxes that match the labeled cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS

from brandcheck.capture.options import CaptureOptions
from brandcheck.model import Capture, Element, Touchpoint, View

pytestmark = [
    pytest.mark.browser,
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the development corpus is not at {CORPUS}"),
]

DESKTOP = CaptureOptions(viewports=[(1280, 800, 1.0)])


def tp(rel: str, kind: str = "website") -> Touchpoint:
    p = CORPUS / rel
    return Touchpoint(id=rel, kind=kind, source=rel, path=str(p.resolve()))


def resolve(view: View, selector: str) -> list[int]:
    """Element ids a CSS selector matches in the captured DOM (via lxml + cssselect), so label
    selectors written against the rendered page are checked against what the capture recorded."""
    from cssselect import HTMLTranslator
    from lxml import etree

    nodes: dict[int, Any] = {}
    root = None
    for e in view.elements:
        n = etree.Element(e.tag if e.tag.replace("-", "").isalnum() else "x")
        for k in ("id", "class"):
            if k in e.attrs:
                n.set(k, e.attrs[k])
        n.set("data-eid", str(e.id))
        nodes[e.id] = n
        if e.parent is None:
            root = n
        else:
            nodes[e.parent].append(n)
    tree = etree.ElementTree(root)
    return [int(n.get("data-eid")) for n in tree.xpath(HTMLTranslator().css_to_xpath(selector))]


def faces(view: View, e: Element) -> set[str | None]:
    assert view.rendered_fonts is not None
    return {f.face_family for f in view.rendered_fonts.get(e.id, [])}


@pytest.fixture(scope="module")
def agency(browser_host: Any, tmp_path_factory: pytest.TempPathFactory) -> Capture:
    from brandcheck.capture.browser import BrowserCapture

    bc = BrowserCapture(DESKTOP, host=browser_host)
    bc.start()
    try:
        (cap,) = list(bc.capture(tp("sites/agency/index.html"), tmp_path_factory.mktemp("agency")))
    finally:
        bc.close()
    return cap


def test_agency_brand_fonts_render(agency: Capture) -> None:
    assert agency.status == "ok", agency.error
    v = agency.primary
    assert v is not None and v.rendered_fonts
    headings = [e for e in v.elements if e.tag == "h2" and "section-heading" in e.attrs.get("class", "") and e.visible]
    assert len(headings) >= 4
    for h in headings:
        (rf,) = v.rendered_fonts[h.id]
        # the file calls itself "Montserrat Thin"; it was loaded by the @font-face for Montserrat
        assert rf.custom and rf.face_family == "Montserrat", rf
    body = [e for e in v.elements if e.tag == "p" and e.visible and e.own_text and "Roboto Slab" in e.style["font-family"]]
    assert body and all(faces(v, e) == {"Roboto Slab"} for e in body)
    loaded = {(f.family, f.weight) for f in agency.fonts if f.status == "loaded"}
    assert {("Montserrat", "400"), ("Montserrat", "700"), ("Roboto Slab", "400")} <= loaded
    assert agency.failed_requests == []
    assert agency.meta.title == "Agency - Start Bootstrap Theme" and agency.meta.lang == "en"
    logo = next(a for a in v.images if a.selector and a.selector.endswith("a.navbar-brand > img"))
    assert logo.file and logo.crop and logo.natural_size == (300, 51)


def test_agency_every_selector_resolves_to_its_element(agency: Capture) -> None:
    v = agency.primary
    assert v is not None
    bad = [e.selector for e in v.elements if resolve(v, e.selector) != [e.id]]
    assert bad == []


def test_broken_brand_font_is_seen(browser_host: Any, tmp_path: Path) -> None:
    from brandcheck.capture.browser import BrowserCapture

    bc = BrowserCapture(DESKTOP, host=browser_host)
    bc.start()
    try:
        (cap,) = list(bc.capture(tp("cases/freelancer-m05/index.html"), tmp_path / "m05"))
    finally:
        bc.close()
    assert cap.status == "ok", cap.error
    v = cap.primary
    assert v is not None and v.rendered_fonts is not None
    exp = json.loads((CORPUS / "cases/freelancer-m05/expected.json").read_text())
    (label,) = [x for x in exp["violations"] if x["type"] == "typography.font_not_loaded"]
    for sel in [label["selector"]] + [a["selector"] for a in label["also"]]:
        (eid,) = resolve(v, sel)
        e = v.elements[eid]
        assert "Montserrat" in e.style["font-family"]
        fonts = v.rendered_fonts[eid]
        assert fonts and all(f.face_family != "Montserrat" and "Montserrat" not in f.family for f in fonts), fonts
    failed_fonts = [f for f in cap.failed_requests if f.resource_type == "font"]
    assert failed_fonts and all(f.status == 404 for f in failed_fonts)
    assert any("montserrat" in f.url for f in failed_fonts)
    assert any(f.family == "Montserrat" and f.status == "error" for f in cap.fonts)


@pytest.mark.parametrize("case", ["agency-m03", "creative-m02", "email-invoice-m01"])
def test_boxes_match_the_labels(browser_host: Any, tmp_path: Path, case: str) -> None:
    from brandcheck.capture.browser import BrowserCapture

    exp = json.loads((CORPUS / "cases" / case / "expected.json").read_text())
    assert exp["viewport"] == [1280, 800]
    bc = BrowserCapture(DESKTOP, host=browser_host)
    bc.start()
    try:
        # boxes in expected.json are at 1280 px, emails too: capture as a page at that width
        (cap,) = list(bc.capture(tp(f"cases/{case}/{exp['page']}"), tmp_path / case))
    finally:
        bc.close()
    v = cap.primary
    assert v is not None
    assert v.page_height == pytest.approx(exp["page_height"], abs=2)
    checked = 0
    for label in exp["violations"] + exp["near_misses"] + exp["natural"]:
        for sel, bbox in [(label["selector"], label.get("bbox"))] + [(a["selector"], a.get("bbox"))
                                                                      for a in label.get("also", [])]:
            if "," in sel or not bbox or label.get("type") == "logo.missing":
                continue
            ids = resolve(v, sel)
            assert len(ids) == 1, sel
            box = v.elements[ids[0]].box
            assert box is not None, sel
            assert max(abs(a - b) for a, b in zip(box.as_list(), bbox, strict=True)) <= 2, (sel, box, bbox)
            checked += 1
    assert checked >= 1


def test_email_template_at_email_width(browser_host: Any, tmp_path: Path) -> None:
    from brandcheck.capture.browser import BrowserCapture

    bc = BrowserCapture(CaptureOptions(), host=browser_host)
    bc.start()
    try:
        (cap,) = list(bc.capture(tp("emails/welcome.html", "email"), tmp_path / "welcome"))
    finally:
        bc.close()
    assert cap.status == "ok", cap.error
    assert [(v.viewport, v.images_off) for v in cap.views] == [((600, 800), False), ((600, 800), True)]
    assert cap.email is not None and cap.email.preheader and cap.email.preheader.startswith("Thanks for trying out Ledgerly")
    hdr = [a for a in cap.views[0].images if a.kind == "email-header"]
    assert hdr and hdr[0].file and hdr[0].crop
