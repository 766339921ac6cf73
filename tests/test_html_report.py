"""brandcheck.report.html: the self-contained HTML report folder.

The first part reads the written files (structure, figures, evidence, boxes, safety); the second
opens the report in Chromium through Playwright (no console errors, no network, boxes over the right
pixels, clicks, 390 px width) and is skipped with the reason when Chromium cannot start.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from factories import BLOCKS, HOSTILE, make_hostile_result, make_result
from PIL import Image

from brandcheck.errors import UserError
from brandcheck.model import Finding, KitInfo, Location, ScanResult
from brandcheck.report import summary as S
from brandcheck.report.html import short_id, write_html
from brandcheck.report.safety import CSP

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The factory result and its report; the capture folder is deleted afterwards, as the CLI does."""
    base = tmp_path_factory.mktemp("html")
    result = make_result(base / "in")
    folder = base / "report"
    index = write_html(result, folder)
    shutil.rmtree(base / "in" / "capture")
    shutil.rmtree(base / "in" / "evidence")
    return result, folder, index


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    result = make_hostile_result(base / "in")
    folder = base / "report"
    write_html(result, folder)
    return result, folder


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def pages(folder: Path) -> list[Path]:
    return [folder / "index.html", *sorted((folder / "touchpoints").glob("*.html"))]


def home_page(folder: Path) -> Path:
    return next((folder / "touchpoints").glob("001-*.html"))


# --------------------------------------------------------------------------- structure


def test_folder_layout(built):
    result, folder, index = built
    assert index == folder / "index.html"
    assert (folder / "assets" / "report.css").is_file() and (folder / "assets" / "report.js").is_file()
    assert len(list((folder / "touchpoints").glob("*.html"))) == len(result.touchpoints)
    shots = sorted(p.name for p in (folder / "img" / "001").glob("view-*.jpg"))
    assert shots == ["view-0.jpg", "view-1.jpg"]
    assert (folder / "img" / "001" / "thumb.jpg").is_file()
    with Image.open(folder / "img" / "001" / "thumb.jpg") as im:
        assert im.size == (320, 240)
    with Image.open(folder / "img" / "001" / "view-1.jpg") as im:
        assert im.size == (390, 1600), "a DPR 2 screenshot is kept at one pixel per CSS pixel"
    with Image.open(folder / "img" / "001" / "view-0.jpg") as im:
        assert im.size == (1280, 2000)


def test_every_reference_resolves_inside_the_folder(built):
    _, folder, _ = built
    for page in pages(folder):
        doc = soup(page)
        for tag, attr in (("img", "src"), ("script", "src"), ("link", "href"), ("a", "href")):
            for el in doc.find_all(tag):
                ref = el.get(attr)
                if ref is None:
                    continue
                parts = urlsplit(ref)
                if tag == "a" and parts.scheme in ("http", "https"):
                    continue  # a link the reader may follow, never loaded by the report
                assert not parts.scheme and not parts.netloc, f"{page.name}: {tag} {attr}={ref}"
                if not parts.path:
                    assert tag == "a" and ref.startswith("#")
                    continue
                target = (page.parent / unquote(parts.path)).resolve()
                assert target.is_file(), f"{page.name}: {ref} does not exist"
                assert folder.resolve() in target.parents
        for style in doc.find_all("style"):
            for ref in re.findall(r"url\(([^)]*)\)", style.text):
                assert (page.parent / ref).resolve().is_file()


def test_every_page_carries_the_content_security_policy(built):
    _, folder, _ = built
    for page in pages(folder):
        meta = soup(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and meta["content"] == CSP
    assert "script-src 'self'" in CSP and "default-src 'none'" in CSP


# --------------------------------------------------------------------------- overview


def test_overview_figures_come_from_the_summary(built):
    result, folder, _ = built
    s = S.summarize(result)
    doc = soup(folder / "index.html")
    assert doc.select_one(".hero-score .big").text.strip() == f"{s['score']:g}"
    kpis = {li["class"][0]: li.b.text for li in doc.select(".hero .kpis li[class]")}
    assert kpis["k-error"] == str(s["findings"]["error"])
    assert kpis["k-warning"] == str(s["findings"]["warning"])
    assert kpis["k-review"] == str(s["needs_review"])
    assert "Gate FAIL" in doc.select_one(".gate").text
    rows = {tr.th.text: [td.text for td in tr.find_all("td")] for tr in doc.select("#by-category tbody tr")}
    for row in S.category_table(result):
        assert rows[row["category"]][:2] == [str(row["error"]), str(row["warning"])]


def test_journey_has_the_seven_stages_in_order(built):
    _, folder, _ = built
    doc = soup(folder / "index.html")
    stages = [h.text for h in doc.select("#journey .stage h3")]
    assert stages == ["awareness", "consideration", "decision", "purchase", "post-purchase", "loyalty", "advocacy"]
    awareness = doc.select("#journey .stage")[0]
    assert [c["title"] for c in awareness.select("a.tp-card")] == ["site/index.html"]
    assert "band-bad" in awareness.select_one("a.tp-card")["class"]


def test_cards_show_short_ids_and_keep_the_full_one_in_the_title():
    assert short_id("https://acme.example/lp/spring?utm=1") == "/lp/spring?utm=1"
    assert short_id("https://acme.example/") == "acme.example"
    assert short_id("site/en/pages/about.html") == "pages/about.html"
    assert short_id("home") == "home"


def test_a_stage_with_many_touchpoints_folds_the_rest(tmp_path):
    result = make_result(tmp_path / "in")
    many = [copy.deepcopy(result.touchpoints[3]) for _ in range(12)]
    for i, t in enumerate(many):
        t.touchpoint.id = f"copy/page-{i:02d}.md"
    result.touchpoints.extend(many)
    write_html(result, tmp_path / "r")
    decision = soup(tmp_path / "r" / "index.html").select("#journey .stage")[2]
    assert len(decision.select(".stage-cards > ol.cards > li")) == 8
    assert decision.select_one("details.more-cards summary").text == "5 more"
    assert decision.select_one("a.tp-card")["title"].startswith("copy/")


def test_priority_matrix_puts_important_and_inconsistent_top_left(built):
    _, folder, _ = built
    doc = soup(folder / "index.html")
    first_row = doc.select("#priorities table.matrix tbody tr")[0]
    cells = first_row.find_all("td")
    assert [a["title"].split(" · ")[0] for a in cells[0].select("a")] == ["https://acme.example/checkout"]
    assert [a["title"].split(" · ")[0] for a in cells[1].select("a")] == ["site/index.html"]
    fix_first = [a.text for a in doc.select("#priorities .fix-first a")]
    assert fix_first[:2] == ["https://acme.example/checkout", "site/index.html"]


def test_touchpoint_table_is_sortable_and_links_every_page(built):
    result, folder, _ = built
    doc = soup(folder / "index.html")
    table = doc.select_one("table#tp-table.sortable")
    assert table is not None
    assert len(table.select("thead th[data-sort] button")) == 9
    links = [tr.select_one("td[data-v] a")["href"] for tr in table.select("tbody tr")]
    assert len(links) == len(result.touchpoints)
    assert all((folder / link).is_file() for link in links)
    scores = [tr.select("td")[5]["data-v"] for tr in table.select("tbody tr")]
    assert scores[-1] == "-1", "a touchpoint without score sorts as -1"


def test_channels_listed_in_contract_order(built):
    _, folder, _ = built
    doc = soup(folder / "index.html")
    kinds = [li.select_one(".bar-label").contents[0].strip() for li in doc.select("#by-channel .bars li")]
    assert kinds == ["website", "landing", "email", "document"]


# --------------------------------------------------------------------------- touchpoint pages


def _finding(doc: BeautifulSoup, rule: str, nth: int = 0):
    return [a for a in doc.select("article.finding") if a.select_one("code.rule").text == rule][nth]


def test_findings_grouped_by_category_and_numbered_in_order(built):
    _, folder, _ = built
    doc = soup(home_page(folder))
    cats = [h.contents[0].strip() for h in doc.select(".cat-h")]
    assert cats == ["color", "typography", "logo", "tone", "meta"]
    numbers = [int(a["data-f"]) for a in doc.select("article.finding")]
    assert numbers == list(range(1, len(numbers) + 1))
    first = doc.select("article.finding")[0]
    assert "sev-error" in first["class"], "open errors come first within a category"


def test_color_evidence_swatches_delta_e_and_kit_name(built):
    _, folder, _ = built
    art = _finding(soup(home_page(folder)), "color.OffPalette")
    styles = [sw["style"] for sw in art.select(".sw")]
    assert styles == ["background:#E8590C", "background:#FFC800"]
    assert "Agency Yellow" in art.select_one(".ev-color").text
    assert art.select_one(".delta b").text == "21.4"
    assert "use Agency Yellow #FFC800" in art.select_one(".suggestion").text


def test_contrast_swatches_are_text_and_background(built):
    _, folder, _ = built
    art = _finding(soup(home_page(folder)), "color.Contrast")
    assert [c.small.text for c in art.select(".swatch figcaption")] == ["text", "background"]
    assert "contrast 1.6:1 (needs 4.5:1)" in " ".join(art.select_one(".ev-color .delta").text.split())


def test_font_specimen_embeds_the_rendered_font(built):
    _, folder, _ = built
    page = home_page(folder)
    doc = soup(page)
    art = _finding(doc, "typography.Family")
    rendered, expected = art.select(".specimen p")
    assert rendered.text == expected.text == "Brew better mornings"
    family = re.search(r"font-family:'(bcf[0-9a-f]+)'", rendered["style"]).group(1)
    style = doc.find("style").text
    assert family in style
    font = re.search(rf"font-family: {family}; src: url\(([^)]+)\)", style).group(1)
    assert (page.parent / font).read_bytes()[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO", b"wOFF", b"wOF2")
    assert "Montserrat" in expected["style"]


def test_logo_crop_beside_kit_logo(built):
    _, folder, _ = built
    page = home_page(folder)
    art = _finding(soup(page), "logo.Deprecated")
    imgs = art.select(".ev-logo img")
    assert [i["alt"] for i in imgs] == ["logo as rendered", "kit logo", "kit logo to use"]
    assert "kit: 2016 logo" in art.select_one(".ev-logo").text and "use instead" in art.select_one(".ev-logo").text
    for img in imgs:
        with Image.open(page.parent / img["src"]) as im:
            assert im.format == "PNG" and im.width <= 480
    assert "91%" in art.select_one(".ev-logo .delta").text


def test_text_span_highlighted_with_suggestion(built):
    _, folder, _ = built
    art = _finding(soup(home_page(folder)), "tone.Terminology")
    quote = art.select_one(".ev-text")
    assert quote.mark.text == "Log in"
    assert quote.text == "Already a member? Log in to your account and brew better mornings."
    assert "Sign in" in art.select_one(".suggestion").text


def test_a_span_counted_in_the_block_marks_the_whole_matched_text(tmp_path):
    """Tone analyzers may give only the match as location.text, with the span counted in its block."""
    result = make_result(tmp_path / "in")
    f = result.touchpoints[2].findings[0]
    f.evidence = {"form": "log in"}
    f.location.text, f.location.span = "log in", [75, 81]
    write_html(result, tmp_path / "r")
    doc = soup(next((tmp_path / "r" / "touchpoints").glob("003-*.html")))
    assert doc.select_one("article.finding .ev-text mark").text == "log in"


def test_copy_findings_show_line_and_column(built):
    _, folder, _ = built
    doc = soup(next((folder / "touchpoints").glob("004-*.html")))
    assert doc.select_one(".shots") is None, "copy has no screenshot"
    art = _finding(doc, "Acme.Terms")
    assert "3, column 10" in art.select_one(".where").text
    assert art.select_one(".ev-text mark").text == "login"


def test_capture_error_page(built):
    _, folder, _ = built
    doc = soup(next((folder / "touchpoints").glob("005-*.html")))
    assert "ERR_CONNECTION_REFUSED" in doc.select_one(".notice-error").text
    assert "not captured" in doc.select_one(".all-good").text


def test_boxes_are_placed_in_percent_of_the_screenshot(built):
    result, folder, _ = built
    doc = soup(home_page(folder))
    panel = doc.select_one('[data-view-panel="0"]')
    boxes = {b["data-f"]: b for b in panel.select("a.box")}
    home = result.touchpoints[0]
    drawn = [f for f in home.findings if f.location.bbox and f.location.viewport == [1280, 800]]
    assert len(boxes) == len(drawn)
    cta = _finding(doc, "color.OffPalette")
    style = boxes[cta["data-f"]]["style"]
    x, y, w, h = BLOCKS["hero-cta"][0]
    assert style == (f"left:{100 * x / 1280:.3f}%;top:{100 * y / 2000:.3f}%;"
                     f"width:{100 * w / 1280:.3f}%;height:{100 * h / 2000:.3f}%")
    assert panel.select("span.box.extra"), "the other elements of a color finding get dashed boxes"
    assert not doc.select_one('[data-view-panel="1"]').select("a.box"), "no desktop box on the mobile view"


def _one_finding_result(tmp_path: Path, view_size: tuple[int, int], png_size: tuple[int, int], dpr: float,
                        bbox: list[float]) -> ScanResult:
    result = make_result(tmp_path / "in")
    home = result.touchpoints[0]
    assert home.capture is not None
    v = home.capture.views[0]
    v.viewport, v.device_scale_factor = view_size, dpr
    Image.new("RGB", png_size, "white").save(Path(home.capture.bundle) / v.screenshot)
    home.findings = [Finding(rule="color.OffPalette", category="color", severity="warning", touchpoint=home.touchpoint.id,
                             message="m", location=Location(selector="x", bbox=bbox, viewport=list(view_size)),
                             fingerprint="f1")]
    return result


def test_box_scaling_for_dpr_2(tmp_path):
    result = _one_finding_result(tmp_path, (390, 844), (780, 2000), 2.0, [39, 100, 195, 50])
    write_html(result, tmp_path / "r")
    box = soup(home_page(tmp_path / "r")).select_one("a.box")
    assert box["style"] == "left:10.000%;top:10.000%;width:50.000%;height:5.000%"


def test_box_scaling_for_a_screenshot_the_capture_scaled_down(tmp_path):
    # 1280 CSS px captured at DPR 2 but stored 1280 px wide: half a pixel per CSS pixel of the DPR
    result = _one_finding_result(tmp_path, (1280, 800), (1280, 1000), 2.0, [128, 100, 640, 100])
    write_html(result, tmp_path / "r")
    box = soup(home_page(tmp_path / "r")).select_one("a.box")
    assert box["style"] == "left:10.000%;top:10.000%;width:50.000%;height:10.000%"


def test_box_beyond_the_captured_height_is_noted_not_drawn(tmp_path):
    result = _one_finding_result(tmp_path, (1280, 800), (1280, 1000), 1.0, [0, 1500, 100, 50])
    write_html(result, tmp_path / "r")
    doc = soup(home_page(tmp_path / "r"))
    assert doc.select_one("a.box") is None
    assert "outside the captured screenshot" in doc.select_one("article.finding").text


def test_missing_screenshots_and_evidence_do_not_break_the_report(tmp_path):
    result = make_result(tmp_path / "in")
    shutil.rmtree(tmp_path / "in" / "capture")
    shutil.rmtree(tmp_path / "in" / "evidence")
    write_html(result, tmp_path / "r")
    doc = soup(home_page(tmp_path / "r"))
    assert doc.select_one(".shots") is None
    assert doc.select_one(".ev-logo .muted").text == "no crop"
    assert len(doc.select("article.finding")) == len(result.touchpoints[0].findings)


def test_a_corrupt_screenshot_is_left_out_with_a_warning(tmp_path, caplog):
    result = make_result(tmp_path / "in")
    home = result.touchpoints[0]
    shot = Path(home.capture.bundle) / home.capture.views[0].screenshot
    shot.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    write_html(result, tmp_path / "r")
    doc = soup(home_page(tmp_path / "r"))
    assert [f["data-view-panel"] for f in doc.select("figure.shot")] == ["1"], "the mobile view is still shown"
    assert "screenshot" in caplog.text and "not shown" in caplog.text


def test_rewriting_a_folder_drops_pages_of_touchpoints_no_longer_scanned(tmp_path):
    result = make_result(tmp_path / "in")
    (tmp_path / "r" / "touchpoints").mkdir(parents=True)
    (tmp_path / "r" / "touchpoints" / "042-old-page.html").write_text("old")
    (tmp_path / "r" / "notes.txt").write_text("the user's")
    result.touchpoints = result.touchpoints[:2]
    write_html(result, tmp_path / "r")
    assert sorted(p.name[:3] for p in (tmp_path / "r" / "touchpoints").iterdir()) == ["001", "002"]
    assert (tmp_path / "r" / "notes.txt").read_text() == "the user's"


def test_empty_scan_renders(tmp_path):
    result = ScanResult(tool_version="0.1.0", kit=KitInfo("Acme", "sha256:0", "/k"), touchpoints=[],
                        started_at="2026-01-01T00:00:00+00:00", finished_at="2026-01-01T00:00:01+00:00")
    index = write_html(result, tmp_path / "r")
    assert "No findings." in index.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- safety


def test_scanned_content_is_escaped(hostile):
    _, folder = hostile
    for page in pages(folder):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page.name
        assert "onerror=alert" not in html.replace("onerror=alert(6)&gt;", ""), page.name
        doc = soup(page)
        assert [s.get("src") for s in doc.find_all("script")] == [s.get("src") for s in doc.find_all("script", src=True)]
        assert all(s["src"].endswith("assets/report.js") for s in doc.find_all("script"))
        for el in doc.find_all(True):
            for attr, value in el.attrs.items():
                text = " ".join(value) if isinstance(value, list) else value
                assert not attr.startswith("on"), f"{page.name}: event handler {attr}"
                if attr in ("href", "src"):
                    assert not text.strip().lower().startswith(("javascript:", "data:", "vbscript:")), text
                if attr == "style":
                    assert "url(" not in text and "evil" not in text, text
    home = home_page(folder)
    assert HOSTILE in soup(home).select_one("h1.tp-id").text, "the hostile title is shown, as text"
    assert soup(home).select_one(".tp-title").text == HOSTILE


def test_svg_evidence_is_sanitised(hostile):
    _, folder = hostile
    svgs = list(folder.rglob("*.svg"))
    assert svgs
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert "<script" not in text and "onload" not in text and "evil.example" not in text
        assert "<rect" in text


def test_javascript_urls_are_text_not_links(hostile):
    _, folder = hostile
    doc = soup(next((folder / "touchpoints").glob("002-*.html")))
    assert "javascript:alert(2)" in doc.select_one(".facts .url").text
    assert doc.select_one(".facts .url a") is None
    home = soup(home_page(folder))
    assert any("javascript:alert(8)" in w.text for w in home.select(".where")), "a finding's URL is shown as text"
    assert not [a for a in home.select(".where a")]


def test_remote_touchpoints_link_their_url_local_files_do_not(built):
    _, folder, _ = built
    landing = soup(next((folder / "touchpoints").glob("002-*.html")))
    link = landing.select_one(".facts .url a")
    assert link["href"] == "https://acme.example/lp/spring?utm_source=mail&x=1"
    assert set(link["rel"]) >= {"noopener", "noreferrer"}
    assert soup(home_page(folder)).select_one(".facts .url") is None


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def browser():
    from brandcheck.report.chromium import browser as launch

    try:
        with launch() as b:
            yield b
    except UserError as ex:
        pytest.skip(f"Chromium cannot start: {ex}")


class Watch:
    """Console errors, page errors, dialogs and requests that leave file:// of one page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


def _decode_images(page) -> None:
    """Wait until the images that load with the page are decoded (lazy ones may never load: skipped)."""
    page.evaluate("""Promise.race([
        Promise.all([...document.images].filter(i => i.loading !== 'lazy').map(i => i.decode().catch(() => null))),
        new Promise(r => setTimeout(r, 10000))])""")


def _open(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    watch = Watch(page)
    page.goto(url, wait_until="load")
    return page, watch


@pytest.mark.browser
def test_pages_open_without_errors_or_network(browser, built):
    _, folder, _ = built
    for path in pages(folder):
        page, watch = _open(browser, path.as_uri())
        _decode_images(page)
        broken = page.evaluate("[...document.images].filter(i => i.complete && i.loading !== 'lazy' && !i.naturalWidth)"
                               ".map(i => i.src)")
        page.close()
        assert watch.errors == [], path.name
        assert watch.requests == [], path.name
        assert broken == [], path.name


@pytest.mark.browser
def test_boxes_sit_over_the_right_pixels(browser, built, tmp_path):
    """Each box's center, in a screenshot of the report, shows the color of the element it names."""
    _, folder, _ = built
    page, _ = _open(browser, home_page(folder).as_uri(), width=1440)
    _decode_images(page)
    doc = soup(home_page(folder))
    checks = {"color.OffPalette": "hero-cta", "color.Deprecated": "promo"}
    for rule, block in checks.items():
        n = _finding(doc, rule)["data-f"]
        box = page.locator(f'[data-view-panel="0"] a.box[data-f="{n}"]')
        box.scroll_into_view_if_needed()
        rect = box.bounding_box()
        img = page.locator('[data-view-panel="0"] img').bounding_box()
        scale = img["width"] / 1280
        x, y, w, h = BLOCKS[block][0]
        assert abs(rect["x"] - (img["x"] + x * scale)) <= 1.5
        assert abs(rect["y"] - (img["y"] + y * scale)) <= 1.5
        assert abs(rect["width"] - w * scale) <= 1.5
        assert abs(rect["height"] - h * scale) <= 1.5
        shot = tmp_path / f"{block}.png"
        page.screenshot(path=str(shot), clip={"x": rect["x"] + rect["width"] * 0.7, "y": rect["y"] + rect["height"] / 2,
                                              "width": 4, "height": 4})
        with Image.open(shot) as im:
            r, g, b = im.convert("RGB").getpixel((2, 2))
        expected = BLOCKS[block][1]
        want = tuple(int(expected[i:i + 2], 16) for i in (1, 3, 5))
        assert all(abs(a - b) <= 24 for a, b in zip((r, g, b), want, strict=True)), (block, (r, g, b), want)
    page.close()


@pytest.mark.browser
def test_clicking_a_finding_highlights_its_box_and_back(browser, built):
    _, folder, _ = built
    page, watch = _open(browser, home_page(folder).as_uri())
    page.locator("article.finding[data-f='2'] .msg").click()
    assert page.locator("a.box[data-f='2']").get_attribute("class").split().count("is-active") == 1
    assert "is-active" in page.locator("article.finding[data-f='2']").get_attribute("class")
    page.locator("a.box[data-f='1']").click()
    assert "is-active" in page.locator("article.finding[data-f='1']").get_attribute("class")
    assert "is-active" not in page.locator("a.box[data-f='2']").get_attribute("class")
    assert page.url.endswith("#f-1-1")
    # the mobile tab hides the desktop screenshot; showing a finding switches back to it
    page.locator("button[data-view='1']").click()
    assert page.locator("[data-view-panel='0']").is_hidden()
    page.locator("article.finding[data-f='2'] a.num").click()
    assert page.locator("[data-view-panel='0']").is_visible()
    page.close()
    assert watch.errors == []


@pytest.mark.browser
def test_sorting_and_filtering_the_touchpoint_table(browser, built):
    _, folder, _ = built
    page, watch = _open(browser, (folder / "index.html").as_uri())
    page.locator("#tp-table th:has-text('score') button").click()
    ids = page.locator("#tp-table tbody tr td:nth-child(2) a").all_inner_texts()
    assert ids[0] == "https://acme.example/checkout" and ids[-1] == "copy/about.md"
    page.locator("#tp-table th:has-text('score') button").click()
    assert page.locator("#tp-table tbody tr td:nth-child(2) a").first.inner_text() == "copy/about.md"
    page.fill("input[data-filter]", "email")
    assert page.locator("#tp-table tbody tr:visible").count() == 1
    page.close()
    assert watch.errors == []


@pytest.mark.browser
def test_usable_at_390_px(browser, built):
    _, folder, _ = built
    for path in (folder / "index.html", home_page(folder)):
        page, watch = _open(browser, path.as_uri(), width=390)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path.name
        # nothing but scrollable tables and the matrix is wider than the screen
        wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect(); return r.right > 391 && !e.closest('.table-wrap, .journey, .view-tabs');
        }).map(e => e.tagName + '.' + e.className)""")
        assert wide == [], (path.name, wide[:5])
        page.close()
        assert watch.errors == []
    page, _ = _open(browser, home_page(folder).as_uri(), width=390)
    img = page.locator("[data-view-panel='0'] img").bounding_box()
    assert 300 <= img["width"] <= 390
    assert page.locator("article.finding").first.is_visible()
    page.close()


@pytest.mark.browser
def test_hostile_report_runs_nothing_and_requests_nothing(browser, hostile):
    _, folder = hostile
    for path in pages(folder):
        page, watch = _open(browser, path.as_uri())
        _decode_images(page)
        for el in page.locator("a.box .box-n, article.finding .msg").all()[:8]:
            el.click()
        page.close()
        assert watch.dialogs == [], path.name
        assert watch.requests == [], path.name
        assert watch.errors == [], path.name
