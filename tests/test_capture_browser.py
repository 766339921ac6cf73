"""The browser capture against local sites on 127.0.0.1: artifacts, emails, local files, safety."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import Response, Site

from brandcheck.capture.bundle import read_capture
from brandcheck.capture.options import CaptureOptions
from brandcheck.model import Capture, Element, Touchpoint, View

pytestmark = pytest.mark.browser

BRAND_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")


def png(w: int, h: int, color: tuple[int, int, int] = (255, 200, 0), fmt: str = "PNG") -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, fmt)
    return buf.getvalue()


def url_tp(url: str, tid: str = "home", kind: str = "website") -> Touchpoint:
    return Touchpoint(id=tid, kind=kind, source=url, url=url)


def file_tp(path: Path, kind: str = "website") -> Touchpoint:
    return Touchpoint(id=path.name, kind=kind, source=str(path), path=str(path.resolve()))


def one(caps: list[Capture]) -> Capture:
    assert len(caps) == 1, [c.error for c in caps]
    return caps[0]


def find(view: View, pred: Any) -> Element:
    hits = [e for e in view.elements if pred(e)]
    assert hits, "no such element"
    return hits[0]


def by_id(view: View, i: str) -> Element:
    return find(view, lambda e: e.attrs.get("id") == i)


def opts(**kw: Any) -> CaptureOptions:
    base: dict[str, Any] = {"viewports": [(1280, 800, 1.0)], "timeout": 10.0}
    base.update(kw)
    return CaptureOptions(**base)


# --------------------------------------------------------------------------- a branded page

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Acme Home</title>
<meta name="description" content="Acme makes things">
<meta property="og:title" content="Acme"><meta property="og:image" content="/og.png">
<link rel="icon" href="/favicon.png"><link rel="canonical" href="/">
<style>
@font-face { font-family: "Brand Face"; src: url(/fonts/brand.ttf) format("truetype"); }
@font-face { font-family: "Gone Face"; font-weight: 700; src: url(/fonts/missing.woff2) format("woff2"); }
html { scroll-behavior: smooth; }
body { margin: 0; font-family: "Brand Face", serif; color: rgb(33, 37, 41); }
h1 { margin: 0; font-family: "Gone Face", "Liberation Serif", serif; font-weight: 700; color: rgb(255, 200, 0); }
.hero { background-image: url(/bg.png); height: 200px; }
nav { position: fixed; top: 0; left: 0; right: 0; height: 60px; background: rgb(0, 0, 0); transition: height .5s; }
nav.shrink { height: 30px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0, 0, 0, 0); }
.modal { display: none; }
.spacer { height: 3000px; }
</style></head>
<body>
<nav id="nav"><a href="/"><img id="logo" src="/logo.png" alt="Acme" width="120" height="40"></a>
<svg id="mark" width="40" height="40" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18" fill="rgb(255,200,0)"/></svg></nav>
<main style="padding-top: 80px">
<h1 id="title" class="title big">Hello <b>brand</b></h1>
<p id="lead" class="lead">Body copy in the brand face.</p>
<span id="sr" class="sr">Skip to content</span>
<div id="hero" class="hero"></div>
<img id="pixel" src="/pixel.gif" width="1" height="1" alt="">
<img id="datauri" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='30' height='10'%3E%3Crect width='30' height='10' fill='red'/%3E%3C/svg%3E">
<div class="modal" id="modal"><p id="modaltext">Hidden modal text</p></div>
<div class="spacer"></div>
<div id="lazy"></div>
</main>
<script>
window.addEventListener('scroll', () => document.getElementById('nav').classList.toggle('shrink', scrollY > 10));
new IntersectionObserver((es, o) => { if (es[0].isIntersecting) { const i = new Image(); i.src = '/lazy.png';
  i.id = 'lazyimg'; i.width = 50; i.height = 50; document.getElementById('lazy').appendChild(i); o.disconnect(); } })
  .observe(document.getElementById('lazy'));
console.error('boom from the page');
</script>
</body></html>"""


def brand_site(site: Site) -> None:
    site.add("/", PAGE)
    site.add("/logo.png", Response(png(120, 40), content_type="image/png"))
    site.add("/bg.png", Response(png(8, 8, (10, 20, 30)), content_type="image/png"))
    site.add("/lazy.png", Response(png(50, 50, (0, 128, 0)), content_type="image/png"))
    site.add("/og.png", Response(png(60, 30), content_type="image/png"))
    site.add("/favicon.png", Response(png(16, 16), content_type="image/png"))
    site.add("/pixel.gif", Response(png(1, 1, (0, 0, 0), "GIF"), content_type="image/gif"))
    if BRAND_FONT.exists():
        site.add("/fonts/brand.ttf", Response(BRAND_FONT.read_bytes(), content_type="font/ttf"))


def test_page_artifacts(site: Site, capture: Any) -> None:
    brand_site(site)
    cap = one(capture(url_tp(site.url("/")), opts()))
    assert cap.status == "ok", cap.error
    assert cap.method == "browser" and cap.url == site.url("/")
    v = cap.primary
    assert v is not None and v.viewport == (1280, 800)
    # metadata
    m = cap.meta
    assert (m.title, m.description, m.lang) == ("Acme Home", "Acme makes things", "en")
    assert m.og["og:title"] == "Acme" and m.favicon == site.url("/favicon.png") and m.canonical == site.url("/")
    assert any("boom from the page" in c for c in m.console_errors)
    # elements: document order, ids, parents, content, styles, boxes
    assert [e.id for e in v.elements] == list(range(len(v.elements)))
    assert v.elements[0].tag == "html"
    h1 = by_id(v, "title")
    assert h1.selector == "#title" and h1.visible
    assert h1.content[0] == "Hello " and v.elements[h1.content[1]].tag == "b"  # type: ignore[index]
    assert h1.style["color"] == "rgb(255, 200, 0)" and h1.style["font-weight"] == "700"
    assert set(h1.style) == set(__import__("brandcheck.model").model.STYLE_PROPERTIES)
    assert h1.box is not None and h1.box.y == pytest.approx(80, abs=1) and h1.box.w == 1280
    assert v.elements[h1.parent].tag == "main"  # type: ignore[index]
    assert h1.attrs["class"] == "title big"
    assert not by_id(v, "sr").visible
    modal_text = by_id(v, "modaltext")
    assert not modal_text.visible and modal_text.box is None
    assert modal_text.style["display"] == "block" and by_id(v, "modal").style["display"] == "none"
    assert all(not e.content for e in v.elements if e.tag in ("script", "style", "title"))
    # the fixed nav is measured at the top, after its scroll handler undid the shrink
    nav = by_id(v, "nav")
    assert "shrink" not in nav.attrs.get("class", "") and nav.box is not None and nav.box.h == 60
    # the lazy image appeared when the page was scrolled
    lazy = by_id(v, "lazyimg")
    assert lazy.box is not None and lazy.box.y > 3000
    # screenshot
    from PIL import Image

    shot = Path(cap.bundle or "") / (v.screenshot or "")
    with Image.open(shot) as im:
        assert im.size == (1280, round(v.page_height or 0))
    assert not v.height_capped and v.device_scale_factor == 1.0


def test_page_images(site: Site, capture: Any) -> None:
    brand_site(site)
    cap = one(capture(url_tp(site.url("/")), opts()))
    v = cap.primary
    assert v is not None
    bundle = Path(cap.bundle or "")
    imgs = {(a.kind, a.selector): a for a in v.images}
    logo = imgs[("img", "#logo")]
    assert logo.natural_size == (120, 40) and logo.mime == "image/png" and logo.alt == "Acme"
    assert (bundle / (logo.file or "")).read_bytes()[:4] == b"\x89PNG"
    assert logo.crop and (bundle / logo.crop).exists()
    from PIL import Image

    with Image.open(bundle / logo.crop) as c:
        assert c.size == (120, 40) and c.getpixel((60, 20))[:3] == (255, 200, 0)
    mark = imgs[("svg", "#mark")]
    assert mark.file and mark.file.endswith(".svg") and "<circle" in (bundle / mark.file).read_text()
    assert mark.natural_size == (40, 40) and mark.crop
    hero = imgs[("background", "#hero")]
    assert hero.src == site.url("/bg.png") and hero.natural_size == (8, 8) and hero.file
    assert hero.crop is None  # a 1280 px wide banner is not a logo candidate
    assert imgs[("img", "#pixel")].skipped == "1x1 tracker" and imgs[("img", "#pixel")].file is None
    data = imgs[("img", "#datauri")]
    assert data.file and data.natural_size == (30, 10) and data.src and data.src.startswith("data:")
    assert imgs[("img", "#lazyimg")].file
    kinds = {a.kind: a for a in v.images}
    assert kinds["favicon"].file and kinds["og"].file and kinds["og"].natural_size == (60, 30)
    # nothing fetched twice: every image file came from the page's own responses
    assert site.paths().count("/logo.png") == 1


@pytest.mark.skipif(not BRAND_FONT.exists(), reason="DejaVu Sans Mono (fonts-dejavu-core) is not installed")
def test_rendered_fonts_map_back_to_the_font_face(site: Site, capture: Any) -> None:
    brand_site(site)
    cap = one(capture(url_tp(site.url("/")), opts()))
    v = cap.primary
    assert v is not None and v.rendered_fonts is not None
    lead = by_id(v, "lead")
    (rf,) = v.rendered_fonts[lead.id]
    # the file calls itself DejaVu Sans Mono; the page loaded it as "Brand Face"
    assert rf.family == "DejaVu Sans Mono" and rf.custom and rf.face_family == "Brand Face"
    assert rf.glyphs == sum(1 for c in lead.own_text if not c.isspace())
    title = by_id(v, "title")
    fonts = v.rendered_fonts[title.id]
    assert fonts and all(not f.custom and f.face_family is None for f in fonts)  # Gone Face failed: fallback
    assert by_id(v, "sr").id not in v.rendered_fonts  # not visible
    faces = {f.family: f for f in cap.fonts}
    assert faces["Brand Face"].status == "loaded" and faces["Brand Face"].src == [site.url("/fonts/brand.ttf")]
    assert faces["Brand Face"].postscript_name == "DejaVu Sans Mono"
    assert faces["Gone Face"].status == "error" and faces["Gone Face"].weight == "700"
    failed = {f.url: f for f in cap.failed_requests}
    gone = failed[site.url("/fonts/missing.woff2")]
    assert gone.status == 404 and gone.resource_type == "font"


def test_bundle_round_trip(site: Site, capture: Any, tmp_path: Path) -> None:
    brand_site(site)
    folder = tmp_path / "b"
    cap = one(capture(url_tp(site.url("/")), opts(), folder=folder))
    assert cap.bundle == str(folder.resolve())
    back = read_capture(folder)
    assert back.primary is not None and cap.primary is not None
    assert len(back.primary.elements) == len(cap.primary.elements)
    assert back.primary.elements[5] == cap.primary.elements[5]
    assert back.primary.rendered_fonts == cap.primary.rendered_fonts
    assert back.primary.images == cap.primary.images
    assert back.meta == cap.meta and back.fonts == cap.fonts


def test_two_viewports(site: Site, capture: Any) -> None:
    brand_site(site)
    cap = one(capture(url_tp(site.url("/")), opts(viewports=[(1280, 800, 1.0), (390, 844, 2.0)])))
    assert [v.viewport for v in cap.views] == [(1280, 800), (390, 844)]
    mobile = cap.views[1]
    assert mobile.device_scale_factor == 2.0
    assert by_id(mobile, "title").box.w == 390  # type: ignore[union-attr]
    from PIL import Image

    with Image.open(Path(cap.bundle or "") / (mobile.screenshot or "")) as im:
        assert im.size[0] == 780 and im.size[1] == round((mobile.page_height or 0) * 2)
    logo = next(a for a in mobile.images if a.selector == "#logo")
    with Image.open(Path(cap.bundle or "") / (logo.crop or "")) as c:
        assert c.size == (240, 80)  # device pixels


def test_growing_page_stops_at_the_height_cap(site: Site, capture: Any) -> None:
    site.add("/", """<!DOCTYPE html><html><body style="margin:0">
<div id="feed"><div style="height:1500px;background:#eee">start</div></div>
<script>
addEventListener('scroll', () => {
  if (scrollY + innerHeight > document.body.scrollHeight - 400) {
    const d = document.createElement('div'); d.style.height = '1500px'; d.textContent = 'more';
    document.getElementById('feed').appendChild(d);
  }
});
</script></body></html>""")
    cap = one(capture(url_tp(site.url("/")), opts(max_page_height=5000)))
    v = cap.primary
    assert v is not None and v.height_capped and (v.page_height or 0) > 5000
    from PIL import Image

    with Image.open(Path(cap.bundle or "") / (v.screenshot or "")) as im:
        assert im.size == (1280, 5000)


# --------------------------------------------------------------------------- emails

EMAIL_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Welcome</title>
<style>.preheader { display: none !important; visibility: hidden; font-size: 1px; max-height: 0; opacity: 0; overflow: hidden; }
body { margin: 0; background: rgb(244, 244, 247); font-family: Arial, sans-serif; }</style></head>
<body><span class="preheader">Thanks for joining Acme – here is how to start.</span>
<table class="email-wrapper" width="100%" role="presentation"><tr><td align="center">
<table class="email-content" width="570" role="presentation">
<tr><td class="email-masthead"><img id="hdr" src="cid:logo@acme" alt="Acme logo" width="140" height="40"></td></tr>
<tr><td style="background: rgb(255, 255, 255)"><h1 id="hi">Hi Jane,</h1><p>Welcome to Acme. Unsubscribe any time.</p></td></tr>
</table></td></tr></table></body></html>"""


def make_eml(path: Path) -> Path:
    msg = EmailMessage()
    msg["Subject"] = "Welcome to Acme ✓"
    msg["From"] = "Acme <hello@acme.example>"
    msg["To"] = "jane@example.com"
    msg.set_content("Hi Jane,\nWelcome to Acme – café included.\n", cte="quoted-printable")
    msg.add_alternative(EMAIL_HTML, subtype="html", cte="base64")
    html_part = msg.get_payload()[1]
    html_part.add_related(png(140, 40), maintype="image", subtype="png", cid="<logo@acme>")
    path.write_bytes(bytes(msg))
    return path


def test_eml_email(capture: Any, tmp_path: Path) -> None:
    eml = make_eml(tmp_path / "welcome mail.eml")  # a space in the name: the served URL is quoted once
    cap = one(capture(file_tp(eml, "email"), opts()))
    assert cap.status == "ok", cap.error
    assert [(v.viewport, v.images_off) for v in cap.views] == [((600, 800), False), ((600, 800), True)]
    e = cap.email
    assert e is not None and e.subject == "Welcome to Acme ✓" and e.sender == "Acme <hello@acme.example>"
    assert e.plain_text is not None and "café included" in e.plain_text
    assert e.preheader == "Thanks for joining Acme – here is how to start."
    v = cap.views[0]
    hdr = next(a for a in v.images if a.selector == "#hdr")
    assert hdr.kind == "email-header" and hdr.natural_size == (140, 40) and hdr.file and hdr.crop
    pre = find(v, lambda x: x.attrs.get("class") == "preheader")
    assert not pre.visible
    off = cap.views[1]
    assert off.images == [] and by_id(off, "hi").visible
    assert not [f for f in cap.failed_requests if f.resource_type == "image"]  # blocking is not a failure


def test_html_email_by_kind(capture: Any, tmp_path: Path) -> None:
    p = tmp_path / "mail.html"
    p.write_text(EMAIL_HTML.replace('src="cid:logo@acme"', 'src="logo.png"'))
    (tmp_path / "logo.png").write_bytes(png(140, 40))
    cap = one(capture(file_tp(p, "email"), opts(images_off=False)))
    assert [v.viewport for v in cap.views] == [(600, 800)]
    assert cap.email is not None and cap.email.preheader == "Thanks for joining Acme – here is how to start."
    assert by_id(cap.views[0], "hi").box.w <= 570  # type: ignore[union-attr]


# --------------------------------------------------------------------------- local files


def test_local_file_with_parent_references(capture: Any, tmp_path: Path) -> None:
    (tmp_path / "site/css").mkdir(parents=True)
    (tmp_path / "site/img").mkdir()
    (tmp_path / "cases/c1").mkdir(parents=True)
    (tmp_path / "site/css/s.css").write_text(
        "h1 { color: rgb(1, 2, 3); } .hero { background-image: url(../img/bg.png); height: 50px; }")
    (tmp_path / "site/img/bg.png").write_bytes(png(10, 10))
    (tmp_path / "site/img/logo.png").write_bytes(png(100, 30))
    page = tmp_path / "cases/c1/index.html"
    page.write_text("""<!DOCTYPE html><html><head><link rel="stylesheet" href="../../site/css/s.css"></head><body>
<h1 id="t">Case</h1><div class="hero" id="hero"></div><img id="logo" src="../../site/img/logo.png">
<img id="passwd" src="file:///etc/passwd"><img id="escape" src="../../../../../../../../etc/hostname">
<script>fetch('../../site/css/s.css').then(r => r.text()).then(t => document.title = 'fetched ' + t.length)</script>
</body></html>""")
    cap = one(capture(file_tp(page), opts()))
    assert cap.status == "ok", cap.error
    assert cap.url and cap.url.startswith("http://127.0.0.1:")
    v = cap.primary
    assert v is not None
    assert by_id(v, "t").style["color"] == "rgb(1, 2, 3)"
    assert next(a for a in v.images if a.selector == "#logo").natural_size == (100, 30)
    assert next(a for a in v.images if a.kind == "background").file
    assert cap.meta.title and cap.meta.title.startswith("fetched")  # scripts may fetch over http
    # the page cannot read files outside its root
    for sel in ("#passwd", "#escape"):
        a = next(a for a in v.images if a.selector == sel)
        assert a.file is None
    files = b"".join(p.read_bytes() for p in Path(cap.bundle or "").rglob("*") if p.is_file())
    assert b"root:x:" not in files


# --------------------------------------------------------------------------- auth and secrets


def test_auth_headers_and_cookies_stay_secret(site: Site, capture: Any) -> None:
    import base64

    good = "Basic " + base64.b64encode(b"stage:s3cr3t-pw").decode()

    def guarded(h: Any, s: Site) -> None:
        hdrs = {k.lower(): v for k, v in h.headers.items()}
        if hdrs.get("authorization") != good:
            h.send_response(401)
            h.send_header("WWW-Authenticate", 'Basic realm="staging"')
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        ok = hdrs.get("x-staging-key") == "hdr-secret-1" and "session=cookie-secret-2" in hdrs.get("cookie", "")
        body = (f"<html><body><h1 id='t'>{'welcome' if ok else 'missing header or cookie'}</h1>"
                f"<img src='http://localhost:{s.server.server_address[1]}/third.png'></body></html>").encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    site.add("/", guarded)
    site.add("/third.png", Response(png(4, 4), content_type="image/png"))
    o = opts(basic_auth=("stage", "s3cr3t-pw"), headers={"X-Staging-Key": "hdr-secret-1"},
             cookies=[{"name": "session", "value": "cookie-secret-2"}])
    cap = one(capture(url_tp(site.url("/")), o))
    assert cap.status == "ok", cap.error
    assert by_id(cap.primary, "t").own_text == "welcome"  # type: ignore[arg-type]
    third = [h for _m, p, h in site.requests if p == "/third.png"]
    assert third and all("authorization" not in h and "x-staging-key" not in h for h in third)
    text = (Path(cap.bundle or "") / "capture.json").read_text()
    for secret in ("s3cr3t-pw", "hdr-secret-1", "cookie-secret-2", good.split()[1]):
        assert secret not in text
    # without credentials the page is an error, not a crash
    cap = one(capture(url_tp(site.url("/")), opts(retries=0)))
    assert cap.status == "error" and "HTTP 401" in (cap.error or "")


# --------------------------------------------------------------------------- bad input


def test_http_500_is_an_error_with_the_url(site: Site, capture: Any) -> None:
    site.add("/", Response("<h1>oops</h1>", 500))
    cap = one(capture(url_tp(site.url("/")), opts(retries=0)))
    assert cap.status == "error" and cap.error == f"{site.url('/')}: HTTP 500"


def test_transient_503_is_retried(site: Site, capture: Any) -> None:
    n = {"calls": 0}

    def flaky(h: Any, s: Site) -> None:
        n["calls"] += 1
        body = b"<p>busy</p>" if n["calls"] == 1 else b"<p id='ok'>ok</p>"
        h.send_response(503 if n["calls"] == 1 else 200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    site.add("/", flaky)
    cap = one(capture(url_tp(site.url("/")), opts(retries=1)))
    assert cap.status == "ok" and n["calls"] == 2


def test_hanging_server_times_out(site: Site, capture: Any) -> None:
    site.add("/", lambda h, s: s.sleep(30))
    cap = one(capture(url_tp(site.url("/")), opts(timeout=2.0, retries=0)))
    assert cap.status == "error" and "timed out" in (cap.error or "")


def test_script_that_never_ends(site: Site, capture: Any) -> None:
    site.add("/", "<html><body><p>x</p><script>while (true) {}</script></body></html>")
    site.add("/after", "<p id='fine'>fine</p>")
    cap = one(capture(url_tp(site.url("/")), opts(timeout=2.0, retries=0)))
    assert cap.status == "error" and "timed out" in (cap.error or "")
    cap = one(capture(url_tp(site.url("/after")), opts()))  # the browser is still usable
    assert cap.status == "ok"


def test_script_that_hangs_after_load(site: Site, capture: Any) -> None:
    site.add("/", "<html><body><p>x</p><script>addEventListener('load', () => setTimeout(() => { while (true) {} }, 0))"
                  "</script></body></html>")
    cap = one(capture(url_tp(site.url("/")), opts(timeout=2.0, retries=0)))
    assert cap.status == "error" and "timed out" in (cap.error or "")


def test_a_view_that_fails_leaves_the_touchpoint_partial(site: Site, capture: Any) -> None:
    """The desktop view is captured; the phone view hangs: the capture keeps what it has, says which
    view failed, and the scan reports the touchpoint as partial instead of losing it."""
    site.add("/", "<html><body><p id='t'>x</p><script>if (innerWidth < 500) { while (true) {} }</script></body></html>")
    cap = one(capture(url_tp(site.url("/")), opts(viewports=[(1280, 800, 1.0), (390, 844, 2.0)], timeout=2.0,
                                                   retries=0)))
    assert cap.status == "partial"
    assert [v.viewport for v in cap.views] == [(1280, 800)]
    assert by_id(cap.views[0], "t").box is not None
    assert any(n.startswith("view 390x844 failed") and "timed out" in n for n in cap.notes), cap.notes


def test_redirect_loop(site: Site, capture: Any) -> None:
    site.add("/loop", Response("", 302, {"Location": "/loop"}))
    cap = one(capture(url_tp(site.url("/loop")), opts(retries=0)))
    assert cap.status == "error" and "redirect" in (cap.error or "")


def test_too_many_redirects_by_option(site: Site, capture: Any) -> None:
    for i in range(4):
        site.add(f"/r{i}", Response("", 302, {"Location": f"/r{i + 1}"}))
    site.add("/r4", "<p>end</p>")
    assert one(capture(url_tp(site.url("/r0")), opts(max_redirects=3, retries=0))).status == "error"
    cap = one(capture(url_tp(site.url("/r0")), opts(max_redirects=4)))
    assert cap.status == "ok" and cap.url == site.url("/r4")


def _huge(with_length: bool) -> Any:
    def handler(h: Any, s: Site) -> None:
        total = 50_000_000
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if with_length:
            h.send_header("Content-Length", str(total))
        else:
            h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<p>" + b"x" * 65_000 + b"</p>\n"
        sent = 0
        while sent < total and not s.stop.is_set():
            h.wfile.write(chunk)
            sent += len(chunk)
        h.close_connection = True

    return handler


def test_fifty_megabyte_body_is_refused(site: Site, capture: Any) -> None:
    site.add("/big", _huge(True))
    site.add("/big-chunked", _huge(False))
    for path in ("/big", "/big-chunked"):
        cap = one(capture(url_tp(site.url(path)), opts(retries=0)))
        assert cap.status == "error" and "larger than" in (cap.error or ""), cap.error


def test_renderer_crash(site: Site, capture: Any) -> None:
    site.add("/", "<p>about to crash</p>")

    async def crash(page: Any, cdp: Any) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(cdp.send("Page.crash"), 2)

    cap = one(capture(url_tp(site.url("/")), opts(retries=0), hook=crash))
    assert cap.status == "error" and "crash" in (cap.error or "")
    assert one(capture(url_tp(site.url("/")), opts())).status == "ok"


def test_dialogs_popups_and_downloads(site: Site, capture: Any, tmp_path: Path) -> None:
    site.add("/", """<html><body><h1 id="t">dialogs</h1><script>
alert('hi'); confirm('sure?'); prompt('name?'); window.open('/popup');
addEventListener('beforeunload', e => { e.preventDefault(); e.returnValue = ''; });
</script></body></html>""")
    site.add("/popup", "<p>popup</p>")
    site.add("/file.bin", Response(b"\0" * 1000, content_type="application/octet-stream",
                                   headers={"Content-Disposition": "attachment; filename=file.bin"}))
    cap = one(capture(url_tp(site.url("/")), opts()))
    assert cap.status == "ok" and by_id(cap.primary, "t").own_text == "dialogs"  # type: ignore[arg-type]
    cap = one(capture(url_tp(site.url("/file.bin")), opts(retries=0), folder=tmp_path / "download"))
    assert cap.status == "error" and "not an HTML page" in (cap.error or "")
    assert not [p for p in Path(cap.bundle or ".").rglob("*") if p.name != "capture.json" and p.is_file()]


# --------------------------------------------------------------------------- crawling


def crawl_site(site: Site) -> None:
    other = f"http://localhost:{site.server.server_address[1]}"

    def page(title: str, links: list[str], extra: str = "") -> str:
        anchors = "".join(f'<a href="{u}">{u}</a> ' for u in links)
        return f"<html><head><title>{title}</title>{extra}</head><body><h1>{title}</h1>{anchors}</body></html>"

    site.add("/", page("home", ["/a", "/a/", "/a#team", "/b", "/doc.pdf", "/private/x", other + "/",
                                "/skip/me", "mailto:x@y.z", "/err", "/data", "/moved", "/b-copy", "/hang"]))
    site.add("/a", page("a", ["/a/deep", "/"]))
    site.add("/a/deep", page("deep", ["/a/deeper"]))
    site.add("/a/deeper", page("deeper", []))
    site.add("/b", page("b", ["/a"]))
    site.add("/b-copy", page("b copy", [], '<link rel="canonical" href="/b">'))
    site.add("/moved", Response("", 301, {"Location": "/a"}))
    site.add("/err", Response("<p>server error</p>", 500))
    site.add("/hang", lambda h, s: s.sleep(20))
    site.add("/data", Response(b"\x00\x01", content_type="application/octet-stream"))
    site.add("/private/x", page("private", []))
    site.add("/robots.txt", Response("User-agent: *\nDisallow: /private/\n", content_type="text/plain"))


def test_crawl_rules(site: Site, capture: Any) -> None:
    crawl_site(site)
    o = opts(max_pages=20, max_depth=2, exclude=["/skip/*"], concurrency=2, timeout=4.0, retries=0)
    caps = capture(url_tp(site.url("/")), o)
    by = {c.touchpoint.id: c for c in caps}
    assert set(by) == {"home", "home:/a", "home:/a/deep", "home:/b", "home:/err", "home:/hang"}, sorted(by)
    assert by["home:/err"].status == "error" and "HTTP 500" in (by["home:/err"].error or "")
    assert by["home:/hang"].status == "error"
    assert by["home:/a"].status == "ok" and by["home:/a"].touchpoint.url == site.url("/a")
    assert by["home:/a"].touchpoint.kind == "website"
    # folders are siblings, one per page, each with its capture.json
    assert len({c.bundle for c in caps}) == len(caps)
    assert all((Path(c.bundle or "") / "capture.json").exists() for c in caps)
    notes = "\n".join(by["home"].notes)
    assert "crawl: 4 page(s) captured, 2 failed" in notes
    for path, why in (("/doc.pdf", "not an HTML page"), ("/private/x", "robots.txt"), ("/skip/me", "exclude"),
                      ("/data", "not an HTML page"), ("/b-copy", "same page as"), ("/moved", "same page as")):
        assert f"skipped {site.url(path)}: " in notes and why in notes.split(f"skipped {site.url(path)}: ")[1]
    assert "/private/x" not in site.paths() and "/doc.pdf" not in site.paths() and "/a/deeper" not in site.paths()
    assert not any(h.get("host", "").startswith("localhost") for _m, _p, h in site.requests)
    assert caps[-1].touchpoint.id == "home"  # the entry carries the crawl summary and comes last


def test_crawl_limits_and_ignore_robots(site: Site, capture: Any) -> None:
    crawl_site(site)
    caps = capture(url_tp(site.url("/")), opts(max_pages=2, max_depth=1))
    assert len(caps) == 2
    assert "more URL(s) left by --max-pages" in "\n".join(caps[-1].notes)
    caps = capture(url_tp(site.url("/b")), opts(max_pages=5, max_depth=3, include=["/private/*", "/b"],
                                                ignore_robots=True))
    assert {c.touchpoint.id for c in caps} == {"home"}  # /b links only to /a, not included
    site.add("/b", '<a href="/private/x">p</a>')
    caps = capture(url_tp(site.url("/b")), opts(max_pages=5, include=["/private/*"], ignore_robots=True))
    assert {c.touchpoint.id for c in caps} == {"home", "home:/private/x"}


def test_crawl_from_a_gzipped_sitemap(site: Site, capture: Any) -> None:
    import gzip

    crawl_site(site)
    sm = f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{site.url('/a')}</loc></url><url><loc>{site.url('/b')}</loc></url>
<url><loc>{site.url('/private/x')}</loc></url><url><loc>http://elsewhere.invalid/</loc></url></urlset>"""
    site.add("/sitemap.xml.gz", Response(gzip.compress(sm.encode()), content_type="application/gzip"))
    caps = capture(url_tp(site.url("/sitemap.xml.gz"), "map"), opts(max_pages=10, max_depth=0))
    assert {c.touchpoint.id for c in caps} == {"map:/a", "map:/b"}
    assert any("robots.txt" in n for c in caps for n in c.notes)


def test_capture_json_has_no_credentials_in_urls(site: Site, capture: Any) -> None:
    site.add("/", "<p id='x'>hi</p>")
    url = site.url("/").replace("http://", "http://user:pw-in-url@")
    cap = one(capture(url_tp(url), opts()))
    text = json.dumps(json.loads((Path(cap.bundle or "") / "capture.json").read_text())["capture"]["url"])
    assert "pw-in-url" not in text


def test_user_agent_and_per_host_delay(site: Site, capture: Any) -> None:
    import time

    stamps: dict[str, float] = {}

    def page(links: list[str]) -> Any:
        def h(handler: Any, s: Site) -> None:
            stamps[handler.path] = time.monotonic()
            body = "".join(f'<a href="{u}">{u}</a>' for u in links).encode()
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        return h

    site.add("/", page(["/p1", "/p2"]))
    site.add("/p1", page([]))
    site.add("/p2", page([]))
    caps = capture(url_tp(site.url("/")), opts(max_pages=3, concurrency=2, per_host_delay=0.6))
    assert len(caps) == 3
    t = sorted(stamps.values())
    assert t[2] - t[1] >= 0.4  # two workers, still one request per 0.6 s (less context start-up jitter)
    uas = {h.get("user-agent", "") for _m, p, h in site.requests if p in ("/", "/p1")}
    assert uas and all("brandcheck/" in ua and "HeadlessChrome" not in ua for ua in uas)


def test_remote_page_cannot_read_local_files(site: Site, capture: Any) -> None:
    site.add("/", '<img id="a" src="file:///etc/passwd"><iframe src="file:///etc/hostname"></iframe>'
                  '<a href="file:///etc/passwd">x</a><link rel="icon" href="file:///etc/passwd">'
                  '<meta property="og:image" content="file:///etc/passwd">')
    caps = capture(url_tp(site.url("/")), opts(max_pages=5))
    cap = caps[-1]
    assert cap.status == "ok" and len(caps) == 1
    files = b"".join(p.read_bytes() for p in Path(cap.bundle or "").rglob("*") if p.is_file() and p.suffix != ".png")
    assert b"root:x:" not in files
    assert all(a.file is None for a in cap.primary.images)  # type: ignore[union-attr]


def test_ignore_selectors_leave_elements_out(site: Site, capture: Any) -> None:
    site.add("/", '<div id="keep"><p id="a">a</p></div><div id="cookie-banner"><p>We use cookies</p>'
                  '<img src="/x.png"></div><p id="b">b <span>c</span></p>')
    site.add("/x.png", Response(png(20, 20), content_type="image/png"))
    cap = one(capture(url_tp(site.url("/")), opts(ignore_selectors=["#cookie-banner", "bad[[selector"])))
    v = cap.primary
    assert v is not None
    assert not any(e.attrs.get("id") == "cookie-banner" or e.own_text == "We use cookies" for e in v.elements)
    assert [e.id for e in v.elements] == list(range(len(v.elements)))
    b = by_id(v, "b")
    assert b.selector == "body > p#b" or b.selector == "#b"
    assert v.elements[b.content[1]].tag == "span"  # type: ignore[index]
    assert all(a.element is None or a.element < len(v.elements) for a in v.images)
    assert not [a for a in v.images if a.src and a.src.endswith("/x.png")]
