"""The browser capture: Playwright driving Chromium, one capture bundle per page.

The capture runner is synchronous and streams captures one by one; crawling wants several pages in
flight at once. So Playwright's async API runs in one background thread with its own event loop
(`BrowserHost`), and `BrowserCapture.capture()` is a generator that hands out captures as that loop
finishes them, through a bounded queue (a slow consumer holds the crawl back instead of letting
finished pages pile up in memory). Each capture's files and capture.json are on disk before it is
yielded.

Per page and viewport: a fresh browser context (no state leaks between pages; device scale factor
is a context setting), navigation, a scroll through the page for lazy content, back to the top,
one DOMSnapshot for every element's styles and box, one JavaScript call for the rest (metadata,
images, SVG markup, @font-face rules), `CSS.getPlatformFontsForNode` once per distinct font style,
then the full-page screenshot and crops cut from it.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import json
import logging
import os
import queue
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import CaptureError
from ..model import (
    STYLE_PROPERTIES,
    Capture,
    EmailParts,
    FailedRequest,
    ImageAsset,
    PageMeta,
    RenderedFont,
    Touchpoint,
    View,
)
from .bundle import safe_name, write_capture
from .crawler import (
    CrawlPlan,
    Frontier,
    HostPacer,
    RobotsCache,
    crawled_id,
    expand_sitemaps,
    fetch_url,
    host_of,
    is_allowed_host,
    looks_like_sitemap,
    normalize_url,
    plan_crawl,
    site_of,
    strip_credentials,
    url_key,
    user_agent,
)
from .email import parse_eml
from .fonts import (
    FaceMapper,
    declared_faces,
    loaded_faces,
    parse_font_faces_css,
    rendered_for_group,
    representative,
    style_groups,
)
from .images import ImageStore, collect_images, cut_crops
from .options import CaptureOptions
from .pagejs import COLLECT, SETTLE
from .server import ServerPool, compute_root
from .snapshot import drop_ignored, elements_from_snapshot

log = logging.getLogger("brandcheck.capture.browser")

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
]
TRANSIENT = ("ERR_CONNECTION_RESET", "ERR_CONNECTION_CLOSED", "ERR_EMPTY_RESPONSE", "ERR_TIMED_OUT",
             "ERR_NETWORK_CHANGED", "ERR_HTTP2_PROTOCOL_ERROR", "Timeout", "timed out")
MAX_CONSOLE = 50
EMAIL_VIEW_HEIGHT = 800
_DONE = object()
#: seconds spent per phase of the page capture, summed over all pages (the benchmark prints them)
PHASES: dict[str, float] = {}


def _phase(name: str, t0: float) -> float:
    now = time.perf_counter()
    PHASES[name] = PHASES.get(name, 0.0) + (now - t0)
    return now


def find_chromium() -> str | None:
    """BRANDCHECK_CHROMIUM, then Debian's chromium, then chromium on PATH; None lets Playwright use
    its own browser where one is installed."""
    env = os.environ.get("BRANDCHECK_CHROMIUM")
    if env:
        if not (os.path.isfile(env) and os.access(env, os.X_OK)):
            raise CaptureError(f"BRANDCHECK_CHROMIUM={env}: not an executable file")
        return env
    for cand in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        p = shutil.which(name)
        if p:
            return p
    return None


def _one_line(ex: BaseException) -> str:
    msg = str(ex).split("\nCall log:")[0]
    msg = " ".join(msg.split()) or type(ex).__name__
    return msg[:300]


class PageError(Exception):
    """A page that cannot be captured; `transient` ones are retried, `non_html` ones skipped."""

    def __init__(self, reason: str, transient: bool = False, non_html: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.non_html = non_html


# --------------------------------------------------------------------------- the browser thread


class BrowserHost:
    """Chromium under Playwright's async API in a thread of its own.

    Tests share one host across many `BrowserCapture`s (starting Chromium costs about a second).
    A browser that died is launched again before the next page.
    """

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pw: Any = None
        self.browser: Any = None
        self.version: str | None = None
        self._lock: asyncio.Lock | None = None

    def start(self, timeout: float = 60.0) -> None:
        if self.loop is not None:
            return
        if self.executable is None:
            self.executable = find_chromium()
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            ready.set()
            loop.run_forever()

        self._thread = threading.Thread(target=run, name="brandcheck-browser", daemon=True)
        self._thread.start()
        ready.wait()
        self.loop = loop
        try:
            self.run(self._launch(), timeout)
        except BaseException:
            self.close()
            raise

    def run(self, coro: Any, timeout: float | None = None) -> Any:
        assert self.loop is not None
        fut = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return fut.result(timeout)
        except concurrent.futures.TimeoutError:
            fut.cancel()
            raise CaptureError("the browser did not answer in time") from None

    def submit(self, coro: Any) -> concurrent.futures.Future[Any]:
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    async def _launch(self) -> None:
        try:
            from playwright.async_api import async_playwright
        except ImportError as ex:
            raise CaptureError(f"Playwright is not installed ({ex})") from None
        self._lock = asyncio.Lock()
        if self._pw is None:
            self._pw = await async_playwright().start()
        kwargs: dict[str, Any] = {"args": LAUNCH_ARGS, "headless": True, "timeout": 60_000}
        if self.executable:
            kwargs["executable_path"] = self.executable
        try:
            self.browser = await self._pw.chromium.launch(**kwargs)
        except Exception as ex:  # noqa: BLE001 - any launch failure means no browser; the runner falls back
            where = self.executable or "Playwright's own Chromium"
            raise CaptureError(f"Chromium could not start ({where}): {_one_line(ex)}") from None
        self.version = self.browser.version

    async def ensure_browser(self) -> Any:
        assert self._lock is not None
        async with self._lock:
            if self.browser is None or not self.browser.is_connected():
                log.warning("the browser is gone; starting it again")
                with contextlib.suppress(Exception):
                    await self.browser.close()
                await self._launch()
        return self.browser

    async def _shutdown(self) -> None:
        with contextlib.suppress(Exception):
            if self.browser is not None:
                await asyncio.wait_for(self.browser.close(), 15)
        with contextlib.suppress(Exception):
            if self._pw is not None:
                await asyncio.wait_for(self._pw.stop(), 15)
        self.browser = None
        self._pw = None

    def close(self) -> None:
        if self.loop is None:
            return
        with contextlib.suppress(Exception):
            self.run(self._shutdown(), 40)
        self.loop.call_soon_threadsafe(self.loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        with contextlib.suppress(Exception):
            self.loop.close()
        self.loop = None


# --------------------------------------------------------------------------- one page


@dataclass
class PageJob:
    """One page to load: a URL (remote or served from 127.0.0.1) and the touchpoint it becomes."""

    url: str
    tp: Touchpoint
    folder: Path
    email: bool = False
    email_parts: EmailParts | None = None
    trusted_sites: set[str] = field(default_factory=set)  # credentials and extra headers go only here
    fetch_sites: set[str] = field(default_factory=set)  # favicon / og:image may be fetched from here
    notes: list[str] = field(default_factory=list)
    virtual: list[tuple[Any, str]] = field(default_factory=list)  # (server, path) served for this page only


@dataclass
class ViewResult:
    view: View
    final_url: str
    meta: PageMeta
    links: list[str]
    fonts: list[Any]
    failed: list[FailedRequest]
    redirects: int
    notes: list[str] = field(default_factory=list)
    preheader: str | None = None


class BrowserCapture:
    """Captures touchpoints with Chromium (see the module docstring for the design)."""

    def __init__(self, options: CaptureOptions, host: BrowserHost | None = None) -> None:
        self.options = options
        self._host = host
        self._own_host = host is None
        self._servers = ServerPool()
        self._used_folders: set[Path] = set()
        #: test hook: awaited with the Playwright page after navigation (e.g. to crash the renderer)
        self.after_load_hook: Any = None

    # ------------------------------------------------------------------ life cycle

    def start(self) -> None:
        if self._host is None:
            self._host = BrowserHost()
        self._host.start()

    def close(self) -> None:
        self._servers.close()
        if self._own_host and self._host is not None:
            self._host.close()
        self._host = None if self._own_host else self._host

    @property
    def host(self) -> BrowserHost:
        if self._host is None or self._host.loop is None:
            raise CaptureError("the browser capture was not started")
        return self._host

    # ------------------------------------------------------------------ the generator

    def capture(self, tp: Touchpoint, folder: Path) -> Iterator[Capture]:
        """Captures of a touchpoint: one for a page, file or email; one per page for a crawl.

        A page that fails yields a capture with status `error` and the reason; the crawl goes on.
        Crawled pages come as they finish; the crawl's first page comes last, because it carries the
        crawl's notes (pages captured, URLs skipped and why), which are known only at the end.
        Every capture's files and capture.json are in `Capture.bundle` when it is yielded.
        """
        host = self.host
        out: queue.Queue[Any] = queue.Queue(maxsize=max(2, self.options.concurrency + 1))
        cancelled = threading.Event()
        assert host.loop is not None
        loop = host.loop

        async def emit(item: Any) -> None:
            # blocking put in a worker thread: a slow consumer slows the crawl down
            while not cancelled.is_set():
                try:
                    await loop.run_in_executor(None, lambda: out.put(item, timeout=0.5))
                    return
                except queue.Full:
                    continue

        async def main() -> None:
            try:
                await self._capture_async(tp, folder, emit)
            finally:
                await emit(_DONE)

        fut = host.submit(main())
        try:
            while True:
                try:
                    item = out.get(timeout=0.5)
                except queue.Empty:
                    if fut.done():
                        fut.result()  # raises what the capture raised
                        return
                    continue
                if item is _DONE:
                    break
                yield item
            fut.result()
        finally:
            if not fut.done():
                cancelled.set()
                fut.cancel()
                with contextlib.suppress(Exception):
                    while True:
                        out.get_nowait()

    # ------------------------------------------------------------------ dispatch

    async def _capture_async(self, tp: Touchpoint, folder: Path, emit: Any) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._used_folders.add(folder.resolve())
        if tp.path:
            job = await asyncio.to_thread(self._local_job, tp, folder)
            try:
                cap = await self._capture_page(job)
            finally:
                for server, vpath in job.virtual:
                    server.remove_virtual(vpath)
            await emit(cap)
            return
        if not tp.url:
            raise CaptureError(f"{tp.source}: nothing to capture (no URL and no file)")
        plan = plan_crawl(tp, self.options)
        sitemap = urlsplit(tp.url).path.lower().endswith((".xml", ".xml.gz")) and looks_like_sitemap(tp.url)
        if not plan.is_crawl and not sitemap:
            job = self._url_job(tp, tp.url, folder)
            await emit(await self._capture_page(job))
            return
        await self._crawl(tp, folder, plan, sitemap, emit)

    def _url_job(self, tp: Touchpoint, url: str, folder: Path, sites: set[str] | None = None) -> PageJob:
        sites = sites or {site_of(host_of(url))}
        return PageJob(url=url, tp=tp, folder=folder, email=tp.kind == "email", trusted_sites=set(sites),
                       fetch_sites=set(sites))

    def _local_job(self, tp: Touchpoint, folder: Path) -> PageJob:
        """Serve a local file (or an .eml's HTML part) from 127.0.0.1 under a root that holds
        everything it references."""
        assert tp.path is not None
        path = Path(tp.path)
        if not path.is_file():
            raise CaptureError(f"{tp.source}: file not found")
        notes: list[str] = []
        if path.suffix.lower() == ".eml":
            parsed = parse_eml(path)
            html = parsed.html
            if html is None:
                text = parsed.plain_text or ""
                html = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><pre style='white-space:"
                        f"pre-wrap;font-family:monospace'>{_html_escape(text)}</pre></body></html>")
                notes.append("the email has no HTML part: its plain text is rendered")
            root, more = (Path(tp.root), []) if tp.root else compute_root(path, html=html)
            notes += more
            server = self._servers.get(root)
            rel_dir = path.parent.resolve().relative_to(server.root).as_posix()
            prefix = f"/{rel_dir}/" if rel_dir not in ("", ".") else "/"
            cid_urls: dict[str, str] = {}
            virtual: list[tuple[Any, str]] = []
            for n, (cid, (ctype, data)) in enumerate(parsed.inline_parts.items()):
                vpath = f"/__brandcheck_cid__/{abs(hash((str(path), cid)))}-{n}"
                cid_urls[cid] = server.add_virtual(vpath, ctype, data)
                virtual.append((server, vpath))
            html = _resolve_cids(html, cid_urls)
            page_path = f"{prefix}{path.stem}.brandcheck-email.html"  # add_virtual quotes it
            url = server.add_virtual(page_path, "text/html; charset=utf-8", html.encode("utf-8"))
            virtual.append((server, page_path))
            parts = EmailParts(subject=parsed.subject, sender=parsed.sender, plain_text=parsed.plain_text)
            return PageJob(url=url, tp=tp, folder=folder, email=True, email_parts=parts,
                           trusted_sites={"127.0.0.1"}, fetch_sites={"127.0.0.1"}, notes=notes, virtual=virtual)
        root, more = (Path(tp.root), []) if tp.root else compute_root(path)
        notes += more
        server = self._servers.get(root)
        email = tp.kind == "email"
        return PageJob(url=server.url_for(path), tp=tp, folder=folder, email=email,
                       email_parts=EmailParts() if email else None, trusted_sites={"127.0.0.1"},
                       fetch_sites={"127.0.0.1"}, notes=notes)

    # ------------------------------------------------------------------ crawling

    def _child_folder(self, folder: Path, tid: str) -> Path:
        base = folder.parent / safe_name(tid)
        cand, n = base, 1
        while cand.resolve() in self._used_folders:
            n += 1
            cand = base.with_name(f"{base.name}~{n}")
        self._used_folders.add(cand.resolve())
        cand.mkdir(parents=True, exist_ok=True)
        return cand

    def _fetch_headers(self) -> dict[str, str]:
        h = dict(self.options.headers)
        if self.options.basic_auth:
            user, pw = self.options.basic_auth
            h["Authorization"] = "Basic " + base64.b64encode(f"{user}:{pw}".encode()).decode()
        if self.options.cookies:
            h["Cookie"] = "; ".join(f"{c['name']}={c['value']}" for c in self.options.cookies if "name" in c)
        return h

    async def _crawl(self, tp: Touchpoint, folder: Path, plan: CrawlPlan, sitemap: bool, emit: Any) -> None:
        assert tp.url is not None
        entry = normalize_url(tp.url) or tp.url
        frontier = Frontier(plan, [host_of(entry)])
        headers = self._fetch_headers()
        ua = user_agent(self._host.version if self._host else None) if not self.options.user_agent else self.options.user_agent

        def fetch(u: str) -> Any:
            return fetch_url(u, headers=headers, trusted_sites=set(frontier.allowed_sites), timeout=self.options.timeout,
                             max_redirects=plan.max_redirects, user_agent_str=ua)

        robots = None if plan.ignore_robots else RobotsCache(fetch)
        pacer = HostPacer(plan.per_host_delay)
        notes: list[str] = []
        if sitemap:
            pages, sm_notes = await asyncio.to_thread(expand_sitemaps, entry, fetch, plan.max_pages * 3 + 10,
                                                      frontier.allowed_sites)
            notes += sm_notes
            for u in pages:
                if robots is not None and not robots.known(u):
                    await asyncio.to_thread(robots.allowed, u)  # fetch robots.txt off the loop
                frontier.add(u, 0, None, robots)
            if not pages:
                notes.append(f"sitemap {entry}: no page URLs on the site")
        else:
            frontier.add_entry(entry)
        if robots is not None:
            delay = await asyncio.to_thread(robots.crawl_delay, entry)
            if delay:
                pacer.set_host_delay(host_of(entry), delay)
        captured: set[str] = set()
        held: list[Capture] = []  # the first capture carries the crawl's notes; it is emitted last
        in_flight = 0
        wake = asyncio.Event()
        counts = {"ok": 0, "error": 0, "duplicate": 0}

        async def handle(item: Any) -> None:
            nonlocal in_flight
            is_entry = item.url == entry and not sitemap
            tid = tp.id if is_entry else crawled_id(tp.id, item.url)
            child = tp if is_entry else Touchpoint(
                id=tid, kind=tp.kind, source=item.url, url=item.url, stage=tp.stage, importance=tp.importance,
                kind_given=tp.kind_given)
            cfolder = folder if is_entry else self._child_folder(folder, tid)
            wait = pacer.reserve(host_of(item.url))
            if wait > 0:
                await asyncio.sleep(wait)
            job = self._url_job(child, item.url, cfolder, set(frontier.allowed_sites))
            job.trusted_sites = set(frontier.allowed_sites)
            res: dict[str, Any] = {}
            cap = await self._capture_page(job, is_entry=is_entry, result=res)
            if res.get("non_html"):
                frontier.skipped.append((item.url, res["non_html"]))
                _remove_empty(cfolder)
                return
            final = cap.url or item.url
            if is_entry and final and host_of(final):
                frontier.allow_site(host_of(final))
            if cap.status != "error":
                if final and not is_entry and not is_allowed_host(final, frontier.allowed_sites):
                    frontier.skipped.append((item.url, f"redirects to another site ({final})"))
                    shutil.rmtree(cfolder, ignore_errors=True)
                    return
                keys = {url_key(final), url_key(item.url)}
                canon = normalize_url(cap.meta.canonical) if cap.meta.canonical else None
                if canon and is_allowed_host(canon, frontier.allowed_sites):
                    keys.add(url_key(canon))
                if not is_entry and (url_key(final) in captured or (canon and url_key(canon) in captured)):
                    counts["duplicate"] += 1
                    frontier.skipped.append((item.url, f"same page as {canon or final} (canonical or redirect)"))
                    shutil.rmtree(cfolder, ignore_errors=True)
                    return
                captured.update(keys)
                for k in (final, canon):
                    if k:
                        frontier.mark_seen(k)
                if item.depth < plan.max_depth:
                    for link in res.get("links", []):
                        n = normalize_url(link, final)
                        if n is None or frontier.seen(n) or not is_allowed_host(n, frontier.allowed_sites):
                            continue
                        if robots is not None and not robots.known(n):
                            await asyncio.to_thread(robots.allowed, n)  # fetch robots.txt off the loop
                        frontier.add(n, item.depth + 1, final, robots)
                counts["ok"] += 1
            else:
                counts["error"] += 1
            if not held:
                held.append(cap)
            else:
                await emit(cap)

        async def worker() -> None:
            nonlocal in_flight
            while True:
                item = frontier.pop()
                if item is None:
                    if in_flight == 0:
                        wake.set()
                        return
                    wake.clear()
                    await wake.wait()
                    continue
                in_flight += 1
                try:
                    await handle(item)
                except Exception as ex:  # one page never stops the crawl
                    log.debug("crawl page failed", exc_info=True)
                    counts["error"] += 1
                    await emit(Capture(touchpoint=Touchpoint(id=crawled_id(tp.id, item.url), kind=tp.kind,
                                                             source=item.url, url=item.url),
                                       method="browser", status="error", error=f"{item.url}: {_one_line(ex)}"))
                finally:
                    in_flight -= 1
                    wake.set()

        await asyncio.gather(*(worker() for _ in range(plan.concurrency)))
        if robots is not None:
            notes += robots.notes
        summary = (f"crawl: {counts['ok']} page(s) captured, {counts['error']} failed, "
                   f"limits max_pages={plan.max_pages} max_depth={plan.max_depth}")
        if len(frontier):
            summary += f"; {len(frontier)} more URL(s) left by --max-pages"
        notes.insert(0, summary)
        for url, why in frontier.skipped[:200]:
            notes.append(f"skipped {strip_credentials(url)}: {why}")
        if len(frontier.skipped) > 200:
            notes.append(f"... and {len(frontier.skipped) - 200} more skipped URLs")
        if held:
            cap = held[0]
            cap.notes.extend(notes)
            if cap.bundle:
                write_capture(cap, Path(cap.bundle))
            await emit(cap)
        else:
            await emit(Capture(touchpoint=tp, method="browser", status="error",
                               error=f"{strip_credentials(tp.url)}: the crawl found no page to capture",
                               notes=notes))

    # ------------------------------------------------------------------ one page, every view

    def _viewports(self, job: PageJob) -> list[tuple[int, int, float, bool]]:
        if job.email:
            vps = [(int(self.options.email_width), EMAIL_VIEW_HEIGHT, 1.0, False)]
            if self.options.images_off:
                vps.append((int(self.options.email_width), EMAIL_VIEW_HEIGHT, 1.0, True))
            return vps
        return [(int(w), int(h), float(d), False) for (w, h, d) in self.options.viewports]

    async def _capture_page(self, job: PageJob, is_entry: bool = True, result: dict[str, Any] | None = None) -> Capture:
        """Every view of one page; errors of the primary view make an error capture."""
        tp = job.tp
        shown = strip_credentials(job.url) if not job.tp.path else tp.source
        cap = Capture(touchpoint=tp, method="browser", url=strip_credentials(job.url), notes=list(job.notes),
                      bundle=str(job.folder.resolve()), email=job.email_parts)
        store = ImageStore(job.folder)
        failed: dict[tuple[str, str], FailedRequest] = {}
        for vi, (w, h, dpr, off) in enumerate(self._viewports(job)):
            attempts = 1 + (max(0, self.options.retries) if vi == 0 else 0)
            res: ViewResult | None = None
            err: PageError | None = None
            for attempt in range(attempts):
                try:
                    res = await self._render(job, vi, w, h, dpr, off, store)
                    err = None
                    break
                except PageError as ex:
                    err = ex
                    if not ex.transient or attempt + 1 >= attempts:
                        break
                    log.info("%s: %s; retrying", shown, ex.reason)
                    await asyncio.sleep(0.5)
            if res is None:
                assert err is not None
                if vi == 0:
                    if err.non_html and result is not None:
                        result["non_html"] = err.reason
                    cap.status = "error"
                    cap.error = f"{shown}: {err.reason}"
                    cap.views = []
                    break
                cap.status = "partial"
                cap.notes.append(f"view {w}x{h}{' images off' if off else ''} failed: {err.reason}")
                continue
            cap.views.append(res.view)
            for f in res.failed:
                if (f.url, f.reason) not in failed and not any(k[0] == f.url for k in failed):
                    failed[(f.url, f.reason)] = f
            cap.notes.extend(n for n in res.notes if n not in cap.notes)
            if vi == 0:
                cap.url = strip_credentials(res.final_url)
                cap.meta = res.meta
                cap.fonts = res.fonts
                if result is not None:
                    result["links"] = res.links
                if job.email:
                    parts = cap.email or EmailParts()
                    if not parts.preheader:
                        parts.preheader = res.preheader
                    cap.email = parts
        cap.failed_requests = list(failed.values())
        t0 = time.perf_counter()
        write_capture(cap, job.folder)
        _phase("write-json", t0)
        return cap

    # ------------------------------------------------------------------ one view

    async def _render(self, job: PageJob, vi: int, width: int, height: int, dpr: float, images_off: bool,
                      store: ImageStore) -> ViewResult:
        host = self.host
        browser = await host.ensure_browser()
        opts = self.options
        total = opts.timeout * 1.5 + 5
        t0 = time.perf_counter()
        ctx = await browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=dpr,
            user_agent=opts.user_agent or user_agent(host.version),
            accept_downloads=False,
            service_workers="block",
            http_credentials=self._credentials(job),
        )
        _phase("context", t0)
        try:
            return await asyncio.wait_for(
                self._render_in(ctx, job, vi, width, height, dpr, images_off, store), total)
        except TimeoutError:
            raise PageError(f"timed out after {total:.0f} s (the page kept the browser busy)", transient=True) from None
        finally:
            try:
                await asyncio.wait_for(ctx.close(), 15)
            except Exception:  # noqa: BLE001 - a context that will not close is recovered by a restart
                log.warning("a browser context did not close; restarting the browser")
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(browser.close(), 15)

    def _credentials(self, job: PageJob) -> dict[str, Any] | None:
        if not self.options.basic_auth or job.tp.path:
            return None
        user, pw = self.options.basic_auth
        p = urlsplit(job.url)
        # only the site's own origin gets the password, never a third-party host
        return {"username": user, "password": pw, "origin": f"{p.scheme}://{p.netloc}", "send": "unauthorized"}

    async def _render_in(self, ctx: Any, job: PageJob, vi: int, width: int, height: int, dpr: float,
                         images_off: bool, store: ImageStore) -> ViewResult:
        opts = self.options
        if opts.cookies and not job.tp.path:
            cookies = []
            for c in opts.cookies:
                ck: dict[str, Any] = {"name": str(c.get("name", "")), "value": str(c.get("value", ""))}
                if c.get("domain"):
                    ck["domain"] = c["domain"]
                    ck["path"] = c.get("path", "/")
                else:
                    ck["url"] = job.url
                cookies.append(ck)
            await ctx.add_cookies(cookies)
        page = await ctx.new_page()
        state: dict[str, Any] = {"crashed": False, "oversize": False, "doc_request": None, "doc_bytes": 0}
        console: list[str] = []
        failed: list[FailedRequest] = []
        responses: dict[str, Any] = {}
        font_events: list[dict[str, Any]] = []
        sheets: dict[str, str] = {}

        def on_popup(p: Any) -> None:
            if p is not page:
                _spawn(_quiet(p.close()))

        ctx.on("page", on_popup)
        page.on("dialog", lambda d: _spawn(_quiet(d.dismiss())))
        page.on("download", lambda d: _spawn(_quiet(d.cancel())))
        page.on("crash", lambda _p: state.__setitem__("crashed", True))

        def on_console(msg: Any) -> None:
            if msg.type == "error" and len(console) < MAX_CONSOLE:
                console.append(" ".join(msg.text.split())[:500])

        def on_pageerror(err: Any) -> None:
            if len(console) < MAX_CONSOLE:
                console.append(("uncaught: " + " ".join(str(err).split()))[:500])

        page.on("console", on_console)
        page.on("pageerror", on_pageerror)

        failed_by_url: dict[str, FailedRequest] = {}

        def add_failed(f: FailedRequest) -> None:
            # a 404 font is reported twice (the response, then the loader aborting): keep the status
            prev = failed_by_url.get(f.url)
            if prev is None:
                failed_by_url[f.url] = f
                failed.append(f)
            elif prev.status is None and f.status is not None:
                failed[failed.index(prev)] = f
                failed_by_url[f.url] = f

        def on_response(resp: Any) -> None:
            try:
                req = resp.request
                rtype = req.resource_type
                if resp.status >= 400:
                    add_failed(FailedRequest(url=strip_credentials(resp.url), reason=f"HTTP {resp.status}",
                                             resource_type=rtype, status=resp.status))
                elif rtype not in ("script", "stylesheet", "font", "websocket", "eventsource", "manifest"):
                    responses.setdefault(resp.url, resp)
            except Exception:  # noqa: BLE001 - a response event must never break the page's capture
                pass

        def on_failed(req: Any) -> None:
            text = (req.failure or "failed") if isinstance(req.failure, str) else "failed"
            if images_off and req.resource_type == "image":
                return
            add_failed(FailedRequest(url=strip_credentials(req.url), reason=text, resource_type=req.resource_type))

        page.on("response", on_response)
        page.on("requestfailed", on_failed)

        extra_headers = dict(opts.headers) if opts.headers and not job.tp.path else {}
        if images_off or extra_headers:
            trusted = job.trusted_sites

            async def route(r: Any) -> None:
                req = r.request
                if images_off and req.resource_type == "image":
                    await r.abort("blockedbyclient")
                    return
                if extra_headers and site_of(host_of(req.url)) in trusted:
                    await r.continue_(headers={**req.headers, **extra_headers})
                    return
                await r.continue_()

            await page.route("**/*", route)

        cdp = await ctx.new_cdp_session(page)
        cdp.on("CSS.fontsUpdated", lambda ev: font_events.append(ev))
        cdp.on("CSS.styleSheetAdded", lambda ev: sheets.setdefault(ev["header"].get("sourceURL", ""),
                                                                    ev["header"]["styleSheetId"]))
        max_body = int(opts.max_body_bytes)

        def on_net_response(ev: dict[str, Any]) -> None:
            if ev.get("type") == "Document" and state["doc_request"] is None:
                state["doc_request"] = ev.get("requestId")
                length = ev.get("response", {}).get("headers", {})
                cl = next((v for k, v in length.items() if k.lower() == "content-length"), None)
                if cl and cl.isdigit() and int(cl) > max_body:
                    state["oversize"] = True
                    _spawn(_quiet(cdp.send("Page.navigate", {"url": "about:blank"})))

        def on_data(ev: dict[str, Any]) -> None:
            if ev.get("requestId") == state["doc_request"] and not state["oversize"]:
                state["doc_bytes"] += int(ev.get("dataLength", 0))
                if state["doc_bytes"] > max_body:
                    state["oversize"] = True
                    _spawn(_quiet(cdp.send("Page.navigate", {"url": "about:blank"})))

        cdp.on("Network.responseReceived", on_net_response)
        cdp.on("Network.dataReceived", on_data)
        t0 = time.perf_counter()
        await cdp.send("Network.enable", {"maxTotalBufferSize": 0, "maxResourceBufferSize": 0})
        await cdp.send("DOM.enable")
        await cdp.send("CSS.enable")

        t0 = _phase("cdp-enable", t0)
        # ---- navigation
        try:
            resp = await page.goto(job.url, wait_until="load", timeout=opts.timeout * 1000)
        except Exception as ex:  # noqa: BLE001 - every navigation failure becomes this page's error
            msg = _one_line(ex)
            if state["oversize"]:
                raise PageError(f"response larger than {max_body} bytes: refused") from None
            if state["crashed"] or "crash" in msg.lower():
                raise PageError("the renderer crashed") from None
            if "Download is starting" in msg or ("ERR_ABORTED" in msg and "download" in msg.lower()):
                raise PageError("not an HTML page (a download)", non_html=True) from None
            if "ERR_INVALID_AUTH_CREDENTIALS" in msg:
                raise PageError("HTTP 401: authentication required (credentials missing or refused)") from None
            if "ERR_TOO_MANY_REDIRECTS" in msg:
                raise PageError("redirect loop (net::ERR_TOO_MANY_REDIRECTS)") from None
            if "Timeout" in msg:
                raise PageError(f"timed out after {opts.timeout:g} s loading the page", transient=True) from None
            m = re.search(r"net::[A-Z_0-9]+", msg)
            reason = m.group(0) if m else msg
            raise PageError(f"could not load: {reason}", transient=any(t in msg for t in TRANSIENT)) from None
        _phase("goto", t0)
        if state["oversize"]:
            raise PageError(f"response larger than {max_body} bytes: refused")
        if state["crashed"]:
            raise PageError("the renderer crashed")
        redirects = 0
        if resp is not None:
            if resp.status >= 400:
                raise PageError(f"HTTP {resp.status}", transient=resp.status in (502, 503, 504))
            ctype = (await resp.header_value("content-type") or "").split(";")[0].strip().lower()
            if ctype and not ("html" in ctype or ctype == "text/plain"):
                raise PageError(f"not an HTML page ({ctype})", non_html=True)
            r = resp.request.redirected_from
            while r is not None and redirects < 1000:
                redirects += 1
                r = r.redirected_from
            if redirects > opts.max_redirects:
                raise PageError(f"more than {opts.max_redirects} redirects")
        if self.after_load_hook is not None:
            await self.after_load_hook(page, cdp)

        try:
            return await self._measure(page, cdp, ctx, job, vi, width, height, dpr, images_off, store, state,
                                       console, failed, responses, font_events, sheets, redirects)
        except PageError:
            raise
        except Exception as ex:
            if state["crashed"] or "crash" in str(ex).lower():
                raise PageError("the renderer crashed") from None
            if "Execution context was destroyed" in str(ex) or "navigat" in str(ex).lower():
                raise PageError("the page kept navigating while it was measured", transient=True) from None
            raise

    async def _measure(self, page: Any, cdp: Any, ctx: Any, job: PageJob, vi: int, width: int, height: int,
                       dpr: float, images_off: bool, store: ImageStore, state: dict[str, Any], console: list[str],
                       failed: list[FailedRequest], responses: dict[str, Any], font_events: list[dict[str, Any]],
                       sheets: dict[str, str], redirects: int) -> ViewResult:
        opts = self.options
        cap_h = int(opts.max_page_height)
        notes: list[str] = []
        t0 = time.perf_counter()
        settle = await page.evaluate(SETTLE, {"cap": cap_h, "waitMs": int(min(2000, opts.timeout * 250)),
                                              "scroll": True})
        snap = await cdp.send("DOMSnapshot.captureSnapshot", {"computedStyles": list(STYLE_PROPERTIES),
                                                              "includeDOMRects": False})
        t0 = _phase("settle+snapshot", t0)
        se = elements_from_snapshot(snap)
        t0 = _phase("snapshot-python", t0)
        elements = se.elements
        collected = json.loads(await page.evaluate(COLLECT, {
            "noLayout": [i for i in se.no_layout if _wants_style(elements, i)],
            "props": list(STYLE_PROPERTIES), "maxSvg": 2_000_000}))
        t0 = _phase("collect-js", t0)
        tags: dict[str, str] = collected.get("tags", {})

        def tag_ok(i: int) -> bool:
            t = tags.get(str(i))
            return t is None or (i < len(elements) and elements[i].tag == t.lower())

        if collected.get("count") != len(elements):
            notes.append(f"the DOM changed while it was measured ({len(elements)} elements in the snapshot, "
                         f"{collected.get('count')} a moment later)")
        for k, st in collected.get("styles", {}).items():
            i = int(k)
            if i < len(elements) and tag_ok(i):
                elements[i].style = {p: str(st.get(p, "")) for p in STYLE_PROPERTIES}
        page_height = float(max(se.content_height, settle.get("height") or 0))

        # rendered fonts: once per distinct style
        rendered: dict[int, list[RenderedFont]] = {}
        faces = loaded_faces(font_events)
        mapper = FaceMapper(faces, [f["family"] for f in collected.get("faces", []) if f.get("status") == "loaded"])
        groups = style_groups(elements)
        if groups:
            await cdp.send("DOM.getDocument", {"depth": 0})
            reps = {key: representative(elements, ids) for key, ids in groups.items()}
            pushed = await cdp.send("DOM.pushNodesByBackendIdsToFrontend",
                                    {"backendNodeIds": [se.backend_ids[r] for r in reps.values()]})
            node_ids = pushed.get("nodeIds", [])

            async def fonts_of(node_id: int) -> list[dict[str, Any]]:
                if not node_id:
                    return []
                try:
                    r = await cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})
                    return list(r.get("fonts", []))
                except Exception:  # noqa: BLE001 - a node gone from the DOM has no platform fonts
                    return []

            results = await asyncio.gather(*(fonts_of(n) for n in node_ids))
            for (_key, ids), fonts in zip(groups.items(), results, strict=False):
                if fonts:
                    rendered.update(rendered_for_group(fonts, elements, ids, mapper))

        # declared @font-face rules (cross-origin stylesheets read over CDP)
        rules = list(collected.get("fontRules", []))
        for href in collected.get("inaccessible", [])[:20]:
            sid = sheets.get(href)
            if not sid:
                continue
            try:
                text = (await cdp.send("CSS.getStyleSheetText", {"styleSheetId": sid})).get("text", "")
                rules += parse_font_faces_css(text, href)
            except Exception:  # noqa: BLE001 - an unreadable stylesheet adds no @font-face
                continue
        fonts = declared_faces(rules, collected.get("faces", []), failed, faces)
        t0 = _phase("fonts", t0)

        # screenshot, capped
        shot_rel = f"view-{vi}-{width}x{height}{'-images-off' if images_off else ''}.png"
        shot_path = job.folder / shot_rel
        capped = page_height > cap_h or bool(settle.get("grew"))
        shot_h = min(page_height, cap_h) if page_height > 0 else height
        # CDP directly (what Playwright's full-page screenshot does in Chromium), encoded for speed:
        # the PNG is decoded again at once for the crops, so its size matters less than its cost
        shot_w = max(width, min(int(se.content_width or width), width * 4))
        shot = await cdp.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "optimizeForSpeed": True, "fromSurface": True,
            "clip": {"x": 0, "y": 0, "width": shot_w, "height": max(1.0, shot_h), "scale": dpr}})
        await asyncio.to_thread(shot_path.write_bytes, base64.b64decode(shot["data"]))
        del shot
        t0 = _phase("screenshot", t0)

        # images, bytes from the responses the page got
        meta_js = collected.get("meta", {})
        final_url = page.url
        extra: list[tuple[str, str | None]] = []
        if not images_off:
            if meta_js.get("favicon"):
                extra.append(("favicon", meta_js["favicon"]))
            og_img = collected.get("og", {}).get("og:image")
            if og_img:
                extra.append(("og", normalize_url(og_img, final_url) or og_img))
        body_tasks: dict[str, asyncio.Task[tuple[bytes | None, str | None, str | None]]] = {}

        async def fetch_body(url: str) -> tuple[bytes | None, str | None, str | None]:
            resp = responses.get(url)
            if resp is not None:
                try:
                    cl = resp.headers.get("content-length")
                    if cl and cl.isdigit() and int(cl) > opts.max_body_bytes:
                        return (None, None, f"larger than {opts.max_body_bytes // 1_000_000} MB")
                    return (await resp.body(), resp.headers.get("content-type"), None)
                except Exception as ex:  # noqa: BLE001 - the bytes are optional evidence; the reason is kept
                    return (None, None, f"bytes not available ({_one_line(ex)[:80]})")
            if site_of(host_of(url)) in job.fetch_sites and url.startswith(("http://", "https://")):
                # favicons and og:images are not loaded by a page: fetch them from the page's own site
                try:
                    r = await page.request.get(url, timeout=min(10_000, opts.timeout * 1000), max_redirects=3,
                                               fail_on_status_code=False)
                    if not r.ok:
                        failed.append(FailedRequest(url=strip_credentials(url), reason=f"HTTP {r.status}",
                                                    resource_type="image", status=r.status))
                        return (None, None, f"HTTP {r.status}")
                    cl = r.headers.get("content-length")
                    if cl and cl.isdigit() and int(cl) > opts.max_body_bytes:
                        return (None, None, f"larger than {opts.max_body_bytes // 1_000_000} MB")
                    return (await r.body(), r.headers.get("content-type"), None)
                except Exception as ex:  # noqa: BLE001 - the bytes are optional evidence; the reason is kept
                    return (None, None, f"could not fetch ({_one_line(ex)[:80]})")
            if url.startswith(("http://", "https://")):
                return (None, None, "on another site and not loaded by the page: not fetched")
            return (None, None, "not loaded by the page")

        async def get_body(url: str) -> tuple[bytes | None, str | None, str | None]:
            if url not in body_tasks:
                body_tasks[url] = asyncio.ensure_future(fetch_body(url))
            return await body_tasks[url]

        images: list[ImageAsset] = []
        if not images_off:
            images = await collect_images(elements, collected, tag_ok, get_body, store, int(opts.max_body_bytes),
                                          extra)
            if job.email:
                _mark_email_header(images)
            if opts.crop_images:
                t0 = _phase("images", t0)
                await asyncio.to_thread(cut_crops, images, shot_path, job.folder, dpr, vi, float(shot_h),
                                        _logo_hints(elements, images))
                t0 = _phase("crops", t0)

        if opts.ignore_selectors:
            ignored = await page.evaluate(
                """(sels) => { const all = [...document.querySelectorAll('*')]; const idx = new Map(all.map((e, i) => [e, i]));
                   const out = new Set(); for (const s of sels) { try { for (const e of document.querySelectorAll(s)) out.add(idx.get(e)); } catch (e) {} }
                   return [...out]; }""", list(opts.ignore_selectors))
            elements, remap = drop_ignored(elements, {int(i) for i in ignored if i is not None})
            rendered = {remap[k]: v for k, v in rendered.items() if k in remap}
            kept_images = []
            for a in images:
                if a.element is None or a.element in remap:
                    a.element = remap.get(a.element) if a.element is not None else None
                    kept_images.append(a)
            images = kept_images

        view = View(viewport=(width, height), elements=elements, images=images, screenshot=shot_rel,
                    page_height=page_height, height_capped=capped, device_scale_factor=dpr,
                    rendered_fonts=rendered, images_off=images_off)
        meta = PageMeta(title=meta_js.get("title"), description=meta_js.get("description"), lang=meta_js.get("lang"),
                        og=dict(collected.get("og", {})), favicon=meta_js.get("favicon"),
                        canonical=meta_js.get("canonical"), console_errors=list(console))
        return ViewResult(view=view, final_url=final_url, meta=meta, links=[u for u, nofollow in collected.get("links", [])],
                          fonts=fonts, failed=list(failed), redirects=redirects, notes=notes,
                          preheader=collected.get("preheader"))


# --------------------------------------------------------------------------- helpers


_BACKGROUND: set[asyncio.Task[Any]] = set()


def _spawn(coro: Any) -> None:
    """Fire and forget from an event callback, keeping a reference so the task is not collected."""
    task = asyncio.ensure_future(coro)
    _BACKGROUND.add(task)
    task.add_done_callback(_BACKGROUND.discard)


async def _quiet(aw: Any) -> None:
    with contextlib.suppress(Exception):
        await aw


def _wants_style(elements: list[Any], i: int) -> bool:
    """Computed styles are read by script only for hidden body content, not for head metadata."""
    e = elements[i]
    if e.tag in ("head", "script", "style", "meta", "link", "title", "noscript", "template", "base"):
        return False
    p = e.parent
    while p is not None:
        if elements[p].tag == "head":
            return False
        p = elements[p].parent
    return True


def _logo_hints(elements: list[Any], images: list[ImageAsset]) -> dict[int, str]:
    """class, id and alt of each image element and its three nearest ancestors (a `navbar-brand`
    link or a `logo` div names the image inside it)."""
    out: dict[int, str] = {}
    for a in images:
        if a.element is None:
            continue
        parts: list[str] = []
        e: Any = elements[a.element]
        for _ in range(4):
            parts += [e.attrs.get("class", ""), e.attrs.get("id", ""), e.attrs.get("alt", "")]
            if e.parent is None:
                break
            e = elements[e.parent]
        out[a.element] = " ".join(p for p in parts if p)
    return out


def _mark_email_header(images: list[ImageAsset]) -> None:
    """The first image at the top of an email is its header (usually the logo in the masthead)."""
    for a in images:
        if a.kind in ("img", "svg") and a.box is not None and a.box.y < 300 and a.box.w > 8:
            a.kind = "email-header"
            return


def _html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_CID_RX = re.compile(r"cid:([^\"'\s)>]+)", re.I)


def _resolve_cids(html: str, urls: dict[str, str]) -> str:
    """cid: references (src, background, url()) pointed at the message's own parts."""

    def sub(m: re.Match[str]) -> str:
        cid = m.group(1)
        from urllib.parse import unquote

        return urls.get(cid) or urls.get(unquote(cid)) or m.group(0)

    return _CID_RX.sub(sub, html)


def _remove_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            if p.name == "capture.json":
                p.unlink()
        folder.rmdir()


__all__ = ["PHASES", "BrowserCapture", "BrowserHost", "find_chromium"]
