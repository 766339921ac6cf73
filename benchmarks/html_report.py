"""Benchmark of the HTML report on a large scan: 200 touchpoints, thousands of findings.

Run by hand (never a timed test):

    .venv/bin/python benchmarks/html_report.py [--touchpoints 200] [--findings 25] [--work DIR] [--pdf 20]

Screenshots are real: the corpus pages (../shared/corpus, or $BRANDCHECK_CORPUS) captured once with
Chromium at 1280x800 and 390x844@2 into the work folder, then hard-linked under a distinct path for
every touchpoint, so the report converts 2 x N screenshots as it would after a real scan. Findings
carry the evidence each category has (swatches and element boxes, a font specimen with its file,
logo crops, text spans); the first touchpoint has --heavy findings. Prints: time to write the
report (wall and CPU), its size (folder, index.html, per touchpoint), and the time Chromium takes to
load index.html, a touchpoint page and the heaviest page (median of 5, from navigation start to
DOMContentLoaded and to the load event).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from brandcheck.model import (  # noqa: E402
    STAGES,
    Capture,
    Finding,
    KitInfo,
    Location,
    PageMeta,
    RuleOutcome,
    ScanResult,
    Touchpoint,
    TouchpointResult,
    View,
)
from brandcheck.report.chromium import browser  # noqa: E402
from brandcheck.score import score  # noqa: E402

CORPUS = Path(os.environ.get("BRANDCHECK_CORPUS", ROOT.parent / "shared" / "corpus"))
PAGES = ["agency-m01", "creative-m02", "agency-clean", "creative-m05"]
VIEWS = [(1280, 800, 1.0), (390, 844, 2.0)]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
KINDS = ["website", "landing", "email", "website"]


def capture_sources(work: Path) -> list[dict[str, Path]]:
    """Real full-page screenshots of a few corpus pages (made once, kept in the work folder)."""
    out = []
    todo = []
    for name in PAGES:
        shots = {f"{w}": work / "src" / f"{name}-{w}.png" for w, _, _ in VIEWS}
        out.append(shots)
        if not all(p.exists() for p in shots.values()):
            todo.append(name)
    if todo:
        (work / "src").mkdir(parents=True, exist_ok=True)
        with browser() as b:
            for name in todo:
                page_file = CORPUS / "cases" / name / "index.html"
                for w, h, dpr in VIEWS:
                    ctx = b.new_context(viewport={"width": w, "height": h}, device_scale_factor=dpr)
                    page = ctx.new_page()
                    page.goto(page_file.as_uri(), wait_until="load")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(work / "src" / f"{name}-{w}.png"), full_page=True)
                    ctx.close()
    from PIL import Image

    crop = work / "src" / "crop.png"
    if not crop.exists():
        with Image.open(out[0]["1280"]) as im:
            im.crop((0, 0, 240, 80)).save(crop)
            im.crop((0, 0, 240, 80)).save(work / "src" / "kit.png")
    return out


def findings_for(tid: str, n: int, i: int, bundle: Path, page_h: int) -> list[Finding]:
    out = []
    vp = [1280, 800]
    for k in range(n):
        y = (k * 137 + i * 31) % max(200, page_h - 120)
        box = [40 + (k * 53) % 900, y, 120 + (k * 17) % 300, 24 + (k * 7) % 90]
        kind = k % 5
        common = {"rule": "", "category": "", "severity": ("error", "warning", "info")[k % 3], "touchpoint": tid,
                  "fingerprint": f"{i:04d}{k:04d}"}
        if kind in (0, 1):
            hexes = ["#E8590C", "#D6336C", "#F39C12", "#5C7CFA"][k % 4]
            out.append(Finding(**{**common, "rule": "color.OffPalette", "category": "color"},
                               message=f"{hexes} is not a kit color: nearest is Agency Yellow #FFC800, ΔE {10 + k}",
                               location=Location(selector=f"section:nth-of-type({k}) > a.btn", bbox=box, viewport=vp),
                               observed={"hex": hexes, "elements": 3}, expected={"nearest": "Agency Yellow",
                                                                                 "hex": "#FFC800", "delta_e": 10.0 + k},
                               evidence={"swatches": [hexes, "#FFC800"],
                                         "elements": [{"selector": f"a.b{j}", "bbox": [box[0] + 10 * j, box[1] + 30 * j,
                                                                                       80, 20]} for j in range(4)]}))
        elif kind == 2:
            out.append(Finding(**{**common, "rule": "typography.Family", "category": "typography"},
                               message="Heading is rendered in DejaVu Serif, not Montserrat",
                               location=Location(selector=f"h2:nth-of-type({k})", bbox=box, viewport=vp),
                               evidence={"specimen": {"text": "Brew better mornings", "rendered": "DejaVu Serif",
                                                      "expected": "Montserrat", "rendered_file": str(FONT)}}))
        elif kind == 3:
            out.append(Finding(**{**common, "rule": "logo.Deprecated", "category": "logo"},
                               message="The logo is the 2016 logo",
                               location=Location(selector="header img.logo", bbox=box, viewport=vp),
                               evidence={"crop": str(bundle / "crop.png"), "kit_logo": str(bundle.parent / "kit.png"),
                                         "confidence": 0.9}))
        else:
            text = "Already a member? Log in to your account and brew better mornings."
            out.append(Finding(**{**common, "rule": "tone.Terminology", "category": "tone"},
                               message="Use 'sign in' instead of 'log in'", suggestion="Sign in",
                               location=Location(selector=f"p:nth-of-type({k})", bbox=box, viewport=vp, text=text,
                                                 span=[18, 24]),
                               evidence={"context": {"text": text, "span": [18, 24]}}))
    return out


def build_result(work: Path, n_tp: int, n_f: int) -> ScanResult:
    from PIL import Image

    sources = capture_sources(work)
    heights = {str(p): Image.open(p).height for s in sources for p in s.values()}
    bundles = work / "bundles"
    shutil.rmtree(bundles, ignore_errors=True)
    bundles.mkdir(parents=True)
    shutil.copyfile(work / "src" / "kit.png", bundles / "kit.png")
    tps = []
    for i in range(n_tp):
        src = sources[i % len(sources)]
        b = bundles / f"tp{i:03d}"
        b.mkdir()
        views = []
        for vi, (w, h, dpr) in enumerate(VIEWS):
            name = f"view-{vi}-{w}x{h}.png"
            os.link(src[str(w)], b / name)
            views.append(View(viewport=(w, h), screenshot=name, device_scale_factor=dpr,
                              page_height=heights[str(src[str(w)])] / dpr))
        os.link(work / "src" / "crop.png", b / "crop.png")
        kind = KINDS[i % len(KINDS)]
        tid = f"https://acme.example/{kind}/{i:03d}/page"
        tp = Touchpoint(id=tid, kind=kind, source=tid, url=tid, stage=STAGES[i % len(STAGES)], importance=1 + i % 5)
        cap = Capture(touchpoint=tp, method="browser", url=tid, views=views, bundle=str(b),
                      meta=PageMeta(title=f"Page {i}"))
        fs = findings_for(tid, n_f, i, b, int(heights[str(src["1280"])]))
        outcomes = [RuleOutcome(r, "violation") for r in sorted({f.rule for f in fs})]
        tps.append(TouchpointResult(touchpoint=tp, capture=cap, status="ok", findings=fs, outcomes=outcomes,
                                    score=score(fs), screenshot=views[0].screenshot))
    return ScanResult(tool_version="bench", kit=KitInfo("Acme Coffee", "sha256:bench", str(work)), touchpoints=tps,
                      started_at="2026-03-02T09:00:00+00:00", finished_at="2026-03-02T10:00:00+00:00")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def load_times(url: str, runs: int = 5) -> tuple[float, float]:
    """Median DOMContentLoaded and load-event times (ms) of a page opened in a fresh tab.

    The load event waits for the stylesheet, the script and every image that is not lazy, so it is
    when the visible part of the page is complete.
    """
    dcl, loads = [], []
    with browser() as b:
        for _ in range(runs + 1):
            page = b.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url, wait_until="load")
            t = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
                return [n.domContentLoadedEventEnd - n.startTime, n.loadEventEnd - n.startTime]; }""")
            dcl.append(t[0])
            loads.append(t[1])
            page.close()
    return statistics.median(dcl[1:]), statistics.median(loads[1:])  # the first run warms the browser up


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--touchpoints", type=int, default=200)
    ap.add_argument("--findings", type=int, default=25, help="findings per touchpoint")
    ap.add_argument("--heavy", type=int, default=1000, help="findings on the first touchpoint (the worst page)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/brandcheck-bench-html"))
    ap.add_argument("--pdf", type=int, default=0, metavar="N",
                    help="also print a report of the first N touchpoints to PDF (0: no PDF)")
    a = ap.parse_args()
    from brandcheck.report.html import write_html

    a.work.mkdir(parents=True, exist_ok=True)
    result = build_result(a.work, a.touchpoints, a.findings)
    first = result.touchpoints[0]
    first.findings = findings_for(first.touchpoint.id, a.heavy, 0, Path(first.capture.bundle), 6000)
    n_find = len(result.findings)
    out = a.work / "report"
    shutil.rmtree(out, ignore_errors=True)
    t0, c0 = time.perf_counter(), time.process_time()
    write_html(result, out)
    t_write, c_write = time.perf_counter() - t0, time.process_time() - c0
    size = folder_size(out)
    imgs = folder_size(out / "img")
    index_kb = (out / "index.html").stat().st_size / 1024
    tp_pages = sorted((out / "touchpoints").glob("*.html"))
    dcl, load = load_times((out / "index.html").as_uri())
    tdcl, tload = load_times(tp_pages[1].as_uri())
    hdcl, hload = load_times(tp_pages[0].as_uri())
    print(f"scan: {a.touchpoints} touchpoints, {n_find} findings, {2 * a.touchpoints} screenshots "
          f"({os.cpu_count()} CPU, load average {os.getloadavg()[0]:.1f})")
    print(f"write_html: {t_write:.1f} s wall, {c_write:.1f} s CPU in this process "
          f"({1000 * t_write / a.touchpoints:.0f} ms wall per touchpoint)")
    print(f"folder: {size / 1e6:.1f} MB (images {imgs / 1e6:.1f} MB, {size / a.touchpoints / 1e6:.2f} MB per "
          f"touchpoint); index.html {index_kb:.0f} KB")
    print(f"Chromium, index.html: DOMContentLoaded {dcl:.0f} ms, load {load:.0f} ms")
    print(f"Chromium, a touchpoint page ({a.findings} findings): DOMContentLoaded {tdcl:.0f} ms, load {tload:.0f} ms "
          f"({tp_pages[1].stat().st_size / 1024:.0f} KB)")
    print(f"Chromium, the heaviest page ({a.heavy} findings): DOMContentLoaded {hdcl:.0f} ms, load {hload:.0f} ms "
          f"({tp_pages[0].stat().st_size / 1024:.0f} KB)")
    if a.pdf:
        from brandcheck.report.pdf import write_pdf

        part = ScanResult(tool_version=result.tool_version, kit=result.kit, touchpoints=result.touchpoints[1:a.pdf + 1],
                          started_at=result.started_at, finished_at=result.finished_at)
        t0, c0 = time.perf_counter(), time.process_time()
        pdf = write_pdf(part, a.work / "report.pdf")
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
        print(f"write_pdf ({len(part.touchpoints)} touchpoints, {len(part.findings)} findings): "
              f"{time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU in this process; "
              f"{pdf.stat().st_size / 1e6:.1f} MB, {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
