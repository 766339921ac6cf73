"""Benchmark: color and typography analysis time against capture time, per page (issue 4).

Captures every page of the corpus (the labeled cases: three real templates and six emails, with
their mutations) with brandcheck's browser capture at the default viewports, then analyzes each
capture, timing separately:

- capture: BrowserCapture for the page (wall time, both viewports);
- color + typography: the `colors` and `fonts` measurements and every color.* and typography.*
  rule of the built-in pack (the logo measurement, which `colors` consults to leave logos out, is
  computed first and not counted here);
- everything: all measurements and all built-in rules (logo, tone and Vale-free), for information.

Target: color + typography analysis takes at most 10 % of the page's capture time. Prints one line
per page and the totals, and the ratio per page (median and worst).

Run: `python benchmarks/analyze.py [--limit N] [--viewports 1]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from brandcheck.analyze.context import AnalysisSettings, Context  # noqa: E402
from brandcheck.capture.browser import BrowserCapture  # noqa: E402
from brandcheck.capture.options import DESKTOP, CaptureOptions  # noqa: E402
from brandcheck.kit import load_kit  # noqa: E402
from brandcheck.model import Touchpoint  # noqa: E402
from brandcheck.rules.engine import Engine  # noqa: E402
from brandcheck.rules.loader import builtin_rules_dir, load_rules  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="only the first N cases")
    ap.add_argument("--viewports", type=int, choices=(1, 2), default=2, help="1: desktop only; 2: the default")
    a = ap.parse_args()
    cases = sorted(d for d in (CORPUS / "cases").iterdir() if (d / "expected.json").is_file())
    if a.limit:
        cases = cases[: a.limit]
    rules = load_rules([builtin_rules_dir()])
    ct_rules = [r for rid, r in rules.items() if rid.startswith(("color.", "typography."))]
    all_engine = Engine(list(rules.values()))
    ct_engine = Engine(ct_rules)
    opts = CaptureOptions()
    if a.viewports == 1:
        opts.viewports = [DESKTOP]
    kits = {}
    rows = []
    work = Path(tempfile.mkdtemp(prefix="bc-bench-analyze-"))
    browser = BrowserCapture(opts)
    browser.start()
    try:
        for d in cases:
            exp = json.loads((d / "expected.json").read_text())
            kit = kits.setdefault(exp["kit"], load_kit(CORPUS / exp["kit"]))
            page = d / exp["page"]
            tp = Touchpoint(id=d.name, kind=exp["kind"], source=str(page), path=str(page.resolve()))
            t0 = time.perf_counter()
            caps = list(browser.capture(tp, work / d.name))
            t_capture = time.perf_counter() - t0
            cap = caps[0]
            if cap.status == "error":
                print(f"{d.name}: capture error {cap.error}", file=sys.stderr)
                continue
            ctx = Context(cap, kit, AnalysisSettings())
            ctx.get("logos")  # consulted by colors; timed with "everything", not here
            t0 = time.perf_counter()
            ct_engine.evaluate(ctx)
            t_ct = time.perf_counter() - t0
            ctx2 = Context(cap, kit, AnalysisSettings())
            t0 = time.perf_counter()
            all_engine.evaluate(ctx2)
            t_all = time.perf_counter() - t0
            n = len(cap.primary.elements) if cap.primary else 0
            rows.append((d.name, n, t_capture, t_ct, t_all))
            print(f"{d.name:<34} elements {n:>5}  capture {t_capture:6.2f}s  color+typography {t_ct * 1000:7.1f}ms "
                  f"({100 * t_ct / t_capture:4.1f}%)  all rules {t_all:5.2f}s", flush=True)
    finally:
        browser.close()
    if not rows:
        return
    ratios = [r[3] / r[2] for r in rows]
    tot_cap = sum(r[2] for r in rows)
    tot_ct = sum(r[3] for r in rows)
    tot_all = sum(r[4] for r in rows)
    print(f"\n{len(rows)} pages, {a.viewports} viewport(s): capture {tot_cap:.1f}s, color+typography analysis "
          f"{tot_ct:.2f}s = {100 * tot_ct / tot_cap:.1f}% of capture (median page {100 * statistics.median(ratios):.1f}%, "
          f"worst {100 * max(ratios):.1f}%); all built-in rules {tot_all:.1f}s = {100 * tot_all / tot_cap:.0f}%")


if __name__ == "__main__":
    main()
