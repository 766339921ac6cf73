"""Run the right capture for each touchpoint and stream the captures out one at a time.

The browser capture is the default because brand consistency is about what is rendered; when no
browser can start (or `--static` asks for it) the static capture takes over and every capture says
so in its notes. Copy touchpoints (.md, .txt) need no rendering. A touchpoint that fails becomes a
capture with status `error` and its reason, and the loop goes on with the next one.

Captures are yielded one by one (and their files written under `workdir`) so that memory stays
flat however many pages a crawl reaches.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import CaptureError
from ..model import Capture, Touchpoint
from .bundle import safe_name
from .options import CaptureOptions

log = logging.getLogger("brandcheck.capture")


def error_capture(tp: Touchpoint, reason: str, method: str = "none") -> Capture:
    return Capture(touchpoint=tp, method=method, status="error", error=reason)


def _one_line(ex: BaseException) -> str:
    msg = " ".join(str(ex).split()) or type(ex).__name__
    return msg[:500]


def capture_touchpoints(
    touchpoints: list[Touchpoint],
    options: CaptureOptions,
    workdir: Path,
    on_start: Callable[[Touchpoint], None] | None = None,
) -> Iterator[Capture]:
    """Capture each touchpoint (a crawl entry may yield many captures)."""
    from .static import StaticCapture
    from .text import capture_copy

    needs_render = [tp for tp in touchpoints if not tp.error and tp.kind != "document"]
    browser = None
    browser_reason: str | None = None
    if needs_render and not options.static:
        try:
            from .browser import BrowserCapture

            browser = BrowserCapture(options)
            browser.start()
        except Exception as ex:  # noqa: BLE001 - any failure to start means: fall back to static
            browser_reason = _one_line(ex)
            log.warning("no browser: %s; falling back to the static capture", browser_reason)
            browser = None
    static = StaticCapture(options)
    used: set[str] = set()
    try:
        for tp in touchpoints:
            if on_start:
                on_start(tp)
            folder = workdir / _unique(safe_name(tp.id), used)
            folder.mkdir(parents=True, exist_ok=True)
            if tp.error:
                yield error_capture(tp, tp.error)
                continue
            try:
                if tp.kind == "document" or (tp.path and Path(tp.path).suffix.lower() in (".md", ".markdown", ".txt")):
                    yield capture_copy(tp, folder)
                elif browser is not None:
                    yield from browser.capture(tp, folder)
                else:
                    cap = static.capture(tp, folder)
                    if options.static:
                        cap.notes.append("static capture (--static): rendered fonts and layout are approximations")
                    else:
                        cap.notes.append(f"static capture: no browser could start ({browser_reason}); rendered fonts "
                                         "and layout are approximations")
                    yield cap
            except CaptureError as ex:
                yield error_capture(tp, _one_line(ex), "browser" if browser else "static")
            except Exception as ex:
                log.debug("capture of %s failed", tp.id, exc_info=True)
                yield error_capture(tp, f"{tp.source}: capture failed: {_one_line(ex)}",
                                    "browser" if browser else "static")
    finally:
        if browser is not None:
            browser.close()


def _unique(name: str, used: set[str]) -> str:
    base, n = name, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name
