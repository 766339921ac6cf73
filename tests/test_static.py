"""The static capture: element tree and selectors as a browser builds them, visibility, images, fonts."""

from __future__ import annotations

import pytest
from helpers import page, static_capture

from brandcheck.capture.email import parse_eml
from brandcheck.errors import CaptureError


def test_selectors_are_unique_and_tbody_is_inserted(tmp_path):
    html = page("<table><tr><td>a</td><td class='x'>b</td></tr></table><p id='intro'>c</p><p>d</p><p>e</p>")
    cap = static_capture(tmp_path, html)
    els = cap.views[0].elements
    sels = [e.selector for e in els]
    assert len(set(sels)) == len(sels)
    td = next(e for e in els if e.own_text == "b")
    assert td.selector == "body > table > tbody > tr > td.x:nth-of-type(2)"
    assert next(e for e in els if e.own_text == "c").selector == "#intro"
    assert next(e for e in els if e.own_text == "e").selector == "body > p:nth-of-type(3)"


def test_hidden_elements_are_not_visible(tmp_path):
    html = page("<div style='display:none'><p>gone</p></div><p hidden>also</p><p style='visibility:hidden'>v</p>"
                "<span class='pre' style='font-size:1px'>preheader</span><p>seen</p>")
    cap = static_capture(tmp_path, html)
    vis = {e.own_text: e.visible for e in cap.views[0].elements if e.own_text}
    assert vis == {"gone": False, "also": False, "v": False, "preheader": False, "seen": True}


def test_content_keeps_text_and_children_in_order(tmp_path):
    cap = static_capture(tmp_path, page("<p>Hello <b>big</b> world</p>"))
    p = next(e for e in cap.views[0].elements if e.tag == "p")
    b = next(e for e in cap.views[0].elements if e.tag == "b")
    assert p.content == ["Hello ", b.id, " world"]


def test_local_stylesheets_fonts_and_missing_files(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text(
        "@font-face { font-family: 'Brand'; src: url('../fonts/brand.woff2') format('woff2'); }\n"
        "body { font-family: 'Brand', Arial; color: #0E7C7B; background: url('../img/bg.png') }")
    cap = static_capture(tmp_path, page("<p>x</p>", "<link rel='stylesheet' href='css/site.css'>"))
    p = next(e for e in cap.views[0].elements if e.tag == "p")
    assert p.style["color"] == "rgb(14, 124, 123)"
    assert p.style["font-family"].startswith('"Brand"')
    assert cap.fonts[0].family == "Brand" and cap.fonts[0].status == "error"
    failed = {r.url.rsplit("/", 1)[-1]: r.resource_type for r in cap.failed_requests}
    assert failed == {"brand.woff2": "font", "bg.png": "image"}


def test_images_are_stored_with_natural_sizes(tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"></svg>')
    html = page("<img src='logo.svg' alt='Logo'><svg width='10' height='10'><circle r='4'/></svg>")
    cap = static_capture(tmp_path, html)
    kinds = {i.kind: i for i in cap.views[0].images}
    assert kinds["img"].natural_size == (120, 30) and kinds["img"].alt == "Logo"
    assert (tmp_path / "bundle" / kinds["img"].file).is_file()
    assert kinds["svg"].file and (tmp_path / "bundle" / kinds["svg"].file).read_text().startswith("<svg")


def test_email_preheader_and_meta(tmp_path):
    html = page("<span class='preheader' style='display:none'>Preview text here</span><table><tr><td>Hi</td></tr></table>",
                "<title>Subject line</title>")
    cap = static_capture(tmp_path, html, kind="email")
    assert cap.email is not None and cap.email.preheader == "Preview text here"
    assert cap.meta.title == "Subject line"
    assert cap.views[0].viewport[0] == 600


def test_binary_and_empty_files_are_capture_errors(tmp_path):
    with pytest.raises(CaptureError, match="binary"):
        static_capture(tmp_path, "\0\1\2PNG", name="bin.html")
    with pytest.raises(CaptureError, match="empty file"):
        static_capture(tmp_path, "   ", name="empty.html")


def test_odd_encodings_decode(tmp_path):
    page_file = tmp_path / "latin.html"
    page_file.write_bytes("<html><head><meta charset='iso-8859-1'></head><body><p>café</p></body></html>".encode("latin-1"))
    from brandcheck.capture.options import CaptureOptions
    from brandcheck.capture.static import StaticCapture
    from brandcheck.model import Touchpoint

    cap = StaticCapture(CaptureOptions()).capture(Touchpoint("l", "website", "l", path=str(page_file)), tmp_path)
    assert any(e.own_text == "café" for e in cap.views[0].elements)


def test_eml_parts_and_errors(tmp_path):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"] = "Hello"
    msg.set_content("plain body")
    msg.add_alternative("<p>html body <img src='cid:logo@x'></p>", subtype="html")
    msg.get_payload()[1].add_related(b"\x89PNG fake", maintype="image", subtype="png", cid="<logo@x>")
    f = tmp_path / "m.eml"
    f.write_bytes(bytes(msg))
    parsed = parse_eml(f)
    assert parsed.subject == "Hello" and "html body" in parsed.html and parsed.plain_text.strip() == "plain body"
    assert parsed.inline_parts["logo@x"][0] == "image/png"
    only_text = EmailMessage()
    only_text["Subject"] = "t"
    only_text.set_content("just text")
    g = tmp_path / "t.eml"
    g.write_bytes(bytes(only_text))
    from brandcheck.capture.options import CaptureOptions
    from brandcheck.capture.static import StaticCapture
    from brandcheck.model import Touchpoint

    with pytest.raises(CaptureError, match="no HTML part"):
        StaticCapture(CaptureOptions()).capture(Touchpoint("t", "email", "t.eml", path=str(g)), tmp_path)
    (tmp_path / "bin.eml").write_bytes(b"\0\0\0binary")
    with pytest.raises(CaptureError, match="binary"):
        parse_eml(tmp_path / "bin.eml")
