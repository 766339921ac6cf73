"""Benchmark: brandcheck's browser capture against a bare Playwright loop on the same pages.

Serves N pages built from the corpus's real templates (agency, creative, freelancer; each copy
gets its own title so no two pages are byte-identical) on 127.0.0.1 and prints, in one run:

- pages/min of a bare Playwright loop: new context, goto (load), full-page screenshot;
- pages/min of brandcheck's capture with every artifact at one viewport (a crawl from an index
  page that links to all N pages, at the same concurrency);
- their ratio (target: brandcheck costs at most 1.5x the bare loop);
- brandcheck's pages/min at the default two viewports;
- the peak PSS of this process plus every browser process under it, sampled every 0.25 s.

Run: `python benchmarks/capture.py [--pages 120] [--concurrency 2] [--skip-two]`.
`--pages 1000 --only brandcheck --skip-two --memory` checks that memory stays flat on a long crawl.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from brandcheck.capture.browser import LAUNCH_ARGS, BrowserCapture, find_chromium  # noqa: E402
from brandcheck.capture.options import CaptureOptions  # noqa: E402
from brandcheck.capture.server import LocalServer  # noqa: E402
from brandcheck.model import Touchpoint  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TEMPLATES = ("agency", "creative", "freelancer")


def build_site(n: int, dest: Path) -> list[str]:
    """Copy the three templates and write n pages (page-<i>.html) spread over them."""
    if not (CORPUS / "sites").is_dir():
        raise SystemExit(f"the corpus is needed for real templates: {CORPUS} not found")
    paths: list[str] = []
    for t in TEMPLATES:
        shutil.copytree(CORPUS / "sites" / t, dest / t)
    for i in range(n):
        t = TEMPLATES[i % len(TEMPLATES)]
        html = (CORPUS / "sites" / t / "index.html").read_text(encoding="utf-8")
        html = re.sub(r"<title>(.*?)</title>", rf"<title>\1 #{i}</title>", html, count=1)
        name = f"page-{i}.html"
        (dest / t / name).write_text(html, encoding="utf-8")
        paths.append(f"/{t}/{name}")
    return paths


class RssSampler:
    """Peak memory of this process and all its descendants (the browser's processes).

    Summing RSS over Chromium's processes counts the pages they share once per process (a bare
    browser would "use" several GB); the sum of PSS (proportional set size, shared pages split
    between their users) is the memory the tree really holds, so that is what is reported.
    """

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return 0

    @classmethod
    def _tree_rss(cls, pid: int) -> int:
        children: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, IndexError, ValueError):
                continue
        total, todo = 0, [pid]
        while todo:
            p = todo.pop()
            total += cls._pss(p)
            todo.extend(children.get(p, []))
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss(os.getpid()))
            self._stop.wait(0.25)

    def __enter__(self) -> RssSampler:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


class BareLoop:
    """goto + full-page screenshot per page, a new context each, `concurrency` at once."""

    def __init__(self, concurrency: int, out: Path) -> None:
        self.concurrency = concurrency
        self.out = out
        self.runner = asyncio.Runner()
        self.runner.run(self._start())

    async def _start(self) -> None:
        from playwright.async_api import async_playwright

        self.pw = await async_playwright().start()
        exe = find_chromium()
        self.browser = await self.pw.chromium.launch(args=LAUNCH_ARGS, **({"executable_path": exe} if exe else {}))

    async def _run(self, urls: list[str]) -> None:
        queue = list(urls)

        async def worker(k: int) -> None:
            while queue:
                u = queue.pop(0)
                ctx = await self.browser.new_context(viewport={"width": 1280, "height": 800})
                page = await ctx.new_page()
                await page.goto(u, wait_until="load")
                await page.screenshot(path=str(self.out / f"bare-{k}.png"), full_page=True)
                await ctx.close()

        await asyncio.gather(*(worker(k) for k in range(self.concurrency)))

    def run(self, urls: list[str]) -> float:
        t0 = time.perf_counter()
        self.runner.run(self._run(urls))
        return time.perf_counter() - t0

    def close(self) -> None:
        async def stop() -> None:
            await self.browser.close()
            await self.pw.stop()

        self.runner.run(stop())
        self.runner.close()


class Brandcheck:
    """brandcheck's crawl of an index page that links to a block of pages."""

    def __init__(self, viewports: list[tuple[int, int, float]], concurrency: int, out: Path) -> None:
        self.viewports = viewports
        self.concurrency = concurrency
        self.out = out
        self.bc: BrowserCapture | None = None
        self.n = 0

    def run(self, index_url: str, pages: int) -> tuple[float, int, int]:
        opts = CaptureOptions(viewports=self.viewports, max_pages=pages + 1, max_depth=1,
                              concurrency=self.concurrency, ignore_robots=True)
        bc = BrowserCapture(opts, host=self.bc._host if self.bc else None)
        if self.bc is None:
            bc.start()
            self.bc = bc
        self.n += 1
        tp = Touchpoint(id=f"bench{self.n}", kind="website", source=index_url, url=index_url)
        t0 = time.perf_counter()
        ok = err = 0
        for cap in bc.capture(tp, self.out / f"bench{self.n}"):
            if cap.status == "ok":
                ok += 1
            else:
                err += 1
                print(f"  error: {cap.error}", file=sys.stderr)
            cap.views.clear()  # the consumer keeps nothing: captures stream to disk
        return time.perf_counter() - t0, ok, err

    def close(self) -> None:
        if self.bc is not None:
            self.bc.close()


def write_indexes(site: Path, base: str, paths: list[str], block: int) -> list[tuple[str, list[str]]]:
    """One index page per block of pages, so each block is a crawl of its own."""
    out = []
    for k in range(0, len(paths), block):
        chunk = paths[k:k + block]
        name = f"index-{k // block}.html"
        links = "".join(f'<a href="{p}">{p}</a>\n' for p in chunk)
        (site / name).write_text(f"<!DOCTYPE html><html><head><title>bench</title></head><body>{links}</body></html>")
        out.append((f"{base}/{name}", [base + p for p in chunk]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--block", type=int, default=10,
                    help="pages per round; bare and brandcheck alternate rounds so load from other "
                         "processes on the machine hits both alike")
    ap.add_argument("--only", choices=["bare", "brandcheck"], default=None)
    ap.add_argument("--skip-two", action="store_true", help="skip the two-viewport run")
    ap.add_argument("--memory", action="store_true", help="print the process tree's memory after every round")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="brandcheck-bench-"))
    from brandcheck.capture.browser import PHASES

    try:
        site = work / "site"
        site.mkdir()
        paths = build_site(a.pages, site)
        server = LocalServer(site)
        blocks = write_indexes(site, server.base, paths, a.block)
        print(f"{a.pages} pages from {', '.join(TEMPLATES)} on {server.base}, concurrency {a.concurrency}, "
              f"{os.cpu_count()} CPUs, {len(blocks)} alternating rounds of {a.block}")
        (work / "bare").mkdir()
        (work / "bundles-1").mkdir()
        bare = BareLoop(a.concurrency, work / "bare") if a.only in (None, "bare") else None
        one = Brandcheck([(1280, 800, 1.0)], a.concurrency, work / "bundles-1") if a.only in (None, "brandcheck") else None
        t_bare = t_bc = 0.0
        ok = err = 0
        with RssSampler() as rss:
            for r, (index, urls) in enumerate(blocks):
                order = [("bare", bare), ("bc", one)] if r % 2 == 0 else [("bc", one), ("bare", bare)]
                for name, runner in order:
                    if runner is None:
                        continue
                    if name == "bare":
                        t_bare += runner.run(urls)  # type: ignore[union-attr]
                    else:
                        dt, o, e = runner.run(index, len(urls))  # type: ignore[union-attr]
                        t_bc += dt
                        ok += o
                        err += e
                        shutil.rmtree(work / "bundles-1", ignore_errors=True)
                        (work / "bundles-1").mkdir()
                if a.memory:
                    print(f"  after round {r + 1} ({(r + 1) * a.block} pages): process tree PSS "
                          f"{RssSampler._tree_rss(os.getpid()) / 2**20:.0f} MiB, peak so far {rss.peak / 2**20:.0f} MiB",
                          flush=True)
        if bare:
            bare.close()
        if one:
            one.close()
        bare_ppm = a.pages / t_bare * 60 if bare else None
        bc_ppm = (ok - len(blocks)) / t_bc * 60 if one else None  # the index pages do not count
        if bare_ppm:
            print(f"bare Playwright (goto + full-page screenshot, 1280x800): {bare_ppm:7.1f} pages/min ({t_bare:.1f} s)")
        if bc_ppm:
            print(f"brandcheck capture, 1 viewport (every artifact):        {bc_ppm:7.1f} pages/min "
                  f"({ok - len(blocks)} pages ok + {len(blocks)} index pages, {err} errors, {t_bc:.1f} s)")
            print("  where brandcheck's time went (s, summed over pages and workers): "
                  + ", ".join(f"{k} {v:.1f}" for k, v in sorted(PHASES.items(), key=lambda kv: -kv[1])))
        if bare_ppm and bc_ppm:
            print(f"ratio (brandcheck time / bare time, target <= 1.5):     {bare_ppm / bc_ppm:7.2f}x")
        print(f"peak memory of the whole process tree (PSS) in these runs: {rss.peak / 2**20:.0f} MiB")
        if a.only in (None, "brandcheck") and not a.skip_two:
            PHASES.clear()
            out = work / "bundles-2"
            out.mkdir()
            two = Brandcheck([(1280, 800, 1.0), (390, 844, 2.0)], a.concurrency, out)
            t2 = 0.0
            ok2 = err2 = 0
            with RssSampler() as rss2:
                for index, urls in blocks:
                    dt, o, e = two.run(index, len(urls))
                    t2 += dt
                    ok2 += o
                    err2 += e
                    shutil.rmtree(out, ignore_errors=True)
                    out.mkdir()
            two.close()
            ok2 -= len(blocks)
            print(f"brandcheck capture, 2 viewports (1280x800 + 390x844@2): {ok2 / t2 * 60:7.1f} pages/min "
                  f"({ok2} ok, {err2} errors, {t2:.1f} s, peak PSS {rss2.peak / 2**20:.0f} MiB)")
        server.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
