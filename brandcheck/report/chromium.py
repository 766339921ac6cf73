"""Starting Chromium for the report (PDF printing, and the report's browser tests).

Playwright's own browser download does not work everywhere brandcheck runs, so the system Chromium
is preferred (`$BRANDCHECK_CHROMIUM`, then `/usr/bin/chromium` and the usual names on PATH), with
the flags that keep a start fast when the network is closed. Without one, Playwright's bundled
browser is tried.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import UserError

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """The Chromium executable to drive, or None to let Playwright use its own."""
    env = os.environ.get("BRANDCHECK_CHROMIUM")
    if env:
        return env
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def browser() -> Iterator[Any]:
    """A launched Chromium (Playwright sync API); UserError with one line when none can start."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as ex:  # pragma: no cover - playwright is a dependency
        raise UserError(f"Playwright is not installed: {ex}") from ex
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, timeout=60_000)
        except PlaywrightError as ex:
            first = str(ex).strip().splitlines()[0] if str(ex).strip() else type(ex).__name__
            raise UserError(f"Chromium could not start ({first}); install it (apt-get install chromium) "
                            "or set BRANDCHECK_CHROMIUM") from ex
        try:
            yield b
        finally:
            b.close()
