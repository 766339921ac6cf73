"""brandcheck.report.pdf: the report printed to PDF through Chromium (skipped when it cannot start)."""

from __future__ import annotations

import copy
import re

import pytest
from bs4 import BeautifulSoup
from factories import make_result

from brandcheck.errors import UserError
from brandcheck.report import chromium
from brandcheck.report.html import PRINT_MAX_FINDINGS, write_print_html
from brandcheck.report.pdf import write_pdf


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_print_page_holds_the_overview_and_every_touchpoint(tmp_path):
    result = make_result(tmp_path / "in")
    page = write_print_html(result, tmp_path / "print")
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    assert doc.select_one(".hero-score") is not None
    assert [s["id"] for s in doc.select("section.tp")] == [f"tp-{i}" for i in range(1, len(result.touchpoints) + 1)]
    assert all(d.has_attr("open") for d in doc.select("details.more-details, details.outcomes"))
    assert not doc.select("img[loading=lazy]"), "print loads every image before it prints"
    assert not doc.select(".view-tabs") and not doc.select("input")
    slices = doc.select("section#tp-1 .slice")
    assert len(slices) == 2, "a 1280x2000 screenshot takes two sheet-sized slices"
    links = [a["href"] for a in doc.select("#journey a.tp-card")]
    assert links and all(h.startswith("#tp-") for h in links)
    assert not (tmp_path / "print" / "img" / "001" / "view-1.jpg").exists(), "print converts the first view only"


def test_each_slice_carries_only_the_boxes_that_cross_it(tmp_path):
    result = make_result(tmp_path / "in")
    doc = BeautifulSoup(write_print_html(result, tmp_path / "print").read_text(encoding="utf-8"), "lxml")
    first, second = doc.select("section#tp-1 .slice")
    numbers = {a["data-f"]: a for a in doc.select("section#tp-1 article.finding")}
    cta = next(n for n, a in numbers.items() if "#E8590C is not" in a.select_one(".msg").text)
    footer = next(n for n, a in numbers.items() if a.select_one("code.rule").text == "brandcheck.UnusedDisable")
    assert first.select(f'a.box[data-f="{cta}"]') and not second.select(f'a.box[data-f="{cta}"]')
    assert second.select(f'a.box[data-f="{footer}"]') and not first.select(f'a.box[data-f="{footer}"]')


def test_a_touchpoint_with_many_findings_prints_the_most_severe(tmp_path):
    result = make_result(tmp_path / "in")
    home = result.touchpoints[0]
    extra = [copy.deepcopy(home.findings[-1]) for _ in range(70)]  # info findings
    for i, f in enumerate(extra):
        f.fingerprint = f"extra{i}"
    home.findings.extend(extra)
    doc = BeautifulSoup(write_print_html(result, tmp_path / "print").read_text(encoding="utf-8"), "lxml")
    shown = doc.select("section#tp-1 article.finding")
    assert len(shown) == PRINT_MAX_FINDINGS
    assert f"{len(home.findings) - PRINT_MAX_FINDINGS} less severe findings are left out" in doc.select_one(
        "section#tp-1 .findings .notice").text
    assert "sev-error" in shown[0]["class"] or any("sev-error" in a["class"] for a in shown)
    assert all(not a.select_one(".sev").text.startswith("info") for a in shown[:5])


@pytest.mark.browser
def test_pdf_is_written_and_not_empty(tmp_path):
    result = make_result(tmp_path / "in")
    out = tmp_path / "out" / "report.pdf"
    try:
        written = write_pdf(result, out)
    except UserError as ex:
        pytest.skip(f"Chromium cannot start: {ex}")
    assert written == out
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 50_000, "screenshots and text make a real document"
    assert _pages(data) >= len(result.touchpoints) + 1


def test_no_chromium_is_a_user_error(tmp_path, monkeypatch):
    monkeypatch.setenv("BRANDCHECK_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(UserError, match=r"Chromium could not start.*no-such-chromium"):
        write_pdf(make_result(tmp_path / "in"), tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_a_chromium_that_does_not_run_is_a_user_error(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BRANDCHECK_CHROMIUM", str(fake))
    assert chromium.chromium_path() == str(fake)
    with pytest.raises(UserError, match="Chromium could not start"):
        write_pdf(make_result(tmp_path / "in"), tmp_path / "r.pdf")
