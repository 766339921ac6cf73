"""Starting Chromium for the report (PDF printing, and the report's browser tests).

The executable and the launch flags are the capture's (`capture.browser.find_chromium` and
`LAUNCH_ARGS`): the system Chromium is preferred, with the flags that keep a start fast when the
network is closed. The report drives it with Playwright's sync API, since printing happens after
the scan, outside the capture's browser thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import UserError


def chromium_path() -> str | None:
    """The Chromium executable to drive, or None to let Playwright use its own."""
    from ..capture.browser import find_chromium

    return find_chromium()


@contextmanager
def browser() -> Iterator[Any]:
    """A launched Chromium (Playwright sync API); UserError with one line when none can start."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from ..capture.browser import LAUNCH_ARGS
    from ..errors import CaptureError

    try:
        path = chromium_path()
    except CaptureError as ex:
        raise UserError(f"Chromium could not start ({ex})") from ex
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=path, args=LAUNCH_ARGS, timeout=60_000)
        except PlaywrightError as ex:
            first = str(ex).strip().splitlines()[0] if str(ex).strip() else type(ex).__name__
            raise UserError(f"Chromium could not start ({first}); install it (apt-get install chromium) "
                            "or set BRANDCHECK_CHROMIUM") from ex
        try:
            yield b
        finally:
            b.close()
