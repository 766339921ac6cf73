"""Shared fixtures: one Chromium for the whole session, and local web sites on 127.0.0.1.

Browser tests never touch the network: every page they load comes from a `Site` (a threaded HTTP
server on 127.0.0.1 with a route table) or from a local file. Handlers that stall do so for a
bounded time and stop as soon as the site is closed.
"""

from __future__ import annotations

import contextlib
import http.server
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

Handler = Callable[["http.server.BaseHTTPRequestHandler", "Site"], None]


@dataclass
class Response:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"


class Site:
    """A small web site for one test: `site.add("/path", Response(...) or callable)`."""

    def __init__(self) -> None:
        self.routes: dict[str, Response | Handler] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, headers)
        self.stop = threading.Event()
        site = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.requests.append(("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if route is None:
                    self._send(Response("not found", 404, content_type="text/plain"))
                elif callable(route):
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        route(self, site)
                else:
                    self._send(route)

            def _send(self, r: Response) -> None:
                body = r.body.encode() if isinstance(r.body, str) else r.body
                self.send_response(r.status)
                self.send_header("Content-Type", r.content_type)
                self.send_header("Content-Length", str(len(body)))
                for k, v in r.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.server = S(("127.0.0.1", 0), H)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Response | Handler | str) -> None:
        self.routes[path] = Response(route) if isinstance(route, str) else route

    def paths(self) -> list[str]:
        return [p for _m, p, _h in self.requests]

    def sleep(self, seconds: float) -> None:
        """Stall a handler, but never past the end of the test."""
        self.stop.wait(seconds)

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


@pytest.fixture(scope="session")
def browser_host() -> Iterator[Any]:
    """One Chromium for the whole test session (starting one costs about a second)."""
    from brandcheck.capture.browser import BrowserHost

    host = BrowserHost()
    try:
        t = time.monotonic()
        host.start(timeout=90)
    except Exception as ex:  # noqa: BLE001 - any failure to start Chromium skips the browser tests
        pytest.skip(f"Chromium cannot start here: {ex} (install Debian's chromium or set BRANDCHECK_CHROMIUM)")
    _ = time.monotonic() - t
    yield host
    host.close()


@pytest.fixture
def capture(browser_host: Any, tmp_path: Path) -> Callable[..., list[Any]]:
    """capture(tp, options=None, folder=None) -> list of captures, on the shared browser."""
    from brandcheck.capture.browser import BrowserCapture
    from brandcheck.capture.options import CaptureOptions

    made: list[Any] = []

    def run(tp: Any, options: Any = None, folder: Path | None = None, hook: Any = None) -> list[Any]:
        opts = options or CaptureOptions(viewports=[(1280, 800, 1.0)])
        bc = BrowserCapture(opts, host=browser_host)
        bc.start()
        bc.after_load_hook = hook
        made.append(bc)
        return list(bc.capture(tp, folder or (tmp_path / "bundle" / tp.id.replace("/", "_").replace(":", "_"))))

    yield run
    for bc in made:
        bc.close()
