"""Serve local deliverables over http://127.0.0.1 so they render as they do when opened from disk.

Why http and not file://, measured on the corpus (15 site cases and 2 emails, 4,674 elements):
both render identical boxes, visibility and rendered fonts, in the same time (70 s vs 73 s), but
over http (1) every image's bytes come from the network responses (file:// responses carry no
body for Playwright: the agency page kept 18 of 51 images, only the inline SVGs); (2) a page can
only read files under the served root, whereas a file:// page may load any file on the machine
as an image or a font; (3) a missing file is an HTTP 404 that the capture reports as on a real
site (file:// gives net::ERR_FILE_NOT_FOUND with no status); (4) scripts that fetch() or import
modules work, which file:// forbids.

The root must hold every file the page references, or `../../x.css` would resolve to `/x.css`
on the server and load the wrong file. `compute_root` walks the page's references (HTML
attributes, inline styles, stylesheets and their `@import`s and `url()`s) and takes their common
ancestor, bounded so that a page cannot widen the root to the whole disk by naming
`../../../../etc/passwd`.
"""

from __future__ import annotations

import contextlib
import http.server
import mimetypes
import os
import posixpath
import re
import socketserver
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

#: the root is at most this many folders above the page's own folder
MAX_LEVELS_UP = 4
#: stylesheets followed when computing a root (a loop of @imports stops here)
MAX_STYLESHEETS = 200

_ATTR_RX = re.compile(
    r"""\b(?:src|href|poster|data|background|srcset|imagesrcset|xlink:href|content)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
    re.I,
)
_CSS_URL_RX = re.compile(r"""url\(\s*("[^"]*"|'[^']*'|[^)\s]*)\s*\)|@import\s+("[^"]*"|'[^']*')""", re.I)

mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("font/woff", ".woff")
mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")
mimetypes.add_type("text/javascript", ".mjs")


def _unquote_ref(v: str) -> str:
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1]
    return v.strip()


def _local_ref(ref: str) -> str | None:
    """The path part of a reference that points at a local file (no scheme, no //host)."""
    ref = ref.strip()
    if not ref or ref.startswith(("#", "//")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref):
        return None
    path = urlsplit(ref).path
    return unquote(path) if path else None


def references(text: str, css: bool = False) -> list[str]:
    """Local references in an HTML or CSS text (srcset lists split into their URLs)."""
    out: list[str] = []
    if not css:
        for m in _ATTR_RX.finditer(text):
            v = _unquote_ref(m.group(1))
            parts = [p.strip().split()[0] for p in v.split(",") if p.strip()] if "," in v or " " in v.strip() else [v]
            for p in parts:
                if (r := _local_ref(p)) is not None:
                    out.append(r)
    for m in _CSS_URL_RX.finditer(text):
        v = _unquote_ref(m.group(1) or m.group(2) or "")
        if (r := _local_ref(v)) is not None:
            out.append(r)
    return out


def _resolve(base_dir: Path, ref: str) -> Path:
    if ref.startswith("/"):  # root-relative: the file system root is where file:// resolves it
        return Path(os.path.normpath(ref))
    return Path(os.path.normpath(base_dir / ref))


def referenced_files(page: Path, html: str | None = None) -> list[Path]:
    """Every local path the page reaches through HTML and CSS (existing or not: a missing font
    file must 404 inside the root, not resolve to another file)."""
    if html is None:
        html = page.read_text(encoding="utf-8", errors="replace")
    found: list[Path] = []
    todo: list[Path] = []
    for ref in references(html):
        p = _resolve(page.parent, ref)
        found.append(p)
        if p.suffix.lower() == ".css":
            todo.append(p)
    seen: set[Path] = set()
    while todo and len(seen) < MAX_STYLESHEETS:
        css = todo.pop()
        if css in seen or not css.is_file():
            continue
        seen.add(css)
        try:
            text = css.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for ref in references(text, css=True):
            p = _resolve(css.parent, ref)
            found.append(p)
            if p.suffix.lower() == ".css":
                todo.append(p)
    return found


def boundary_for(page: Path) -> Path:
    """The highest folder a page's root may be: `MAX_LEVELS_UP` above the page, never the file
    system root or a top-level folder (/home, /tmp), and never outside an extracted zip."""
    page = page.resolve()
    parts = page.parent.parts
    for i, part in enumerate(parts):
        if part.startswith("brandcheck-zip-"):
            return Path(*parts[: i + 1])
    up = max(len(parts) - MAX_LEVELS_UP, 3)  # ("/", "top", "second") at least
    return Path(*parts[: min(up, len(parts))])


def compute_root(page: Path, extra: Iterable[Path] = (), boundary: Path | None = None,
                 html: str | None = None) -> tuple[Path, list[str]]:
    """(root, notes): the common ancestor of the page and what it references, within the boundary.

    References that fall outside the boundary are left unserved (they 404) and named in a note.
    `html` stands in for the page's text when it is not the file's (an .eml's HTML part).
    """
    page = page.resolve()
    bound = (boundary or boundary_for(page)).resolve()
    root = page.parent
    notes: list[str] = []
    outside: list[str] = []
    try:
        refs = referenced_files(page, html)
    except OSError:
        refs = []
    for p in [*refs, *extra]:
        p = Path(os.path.normpath(p))
        if not p.is_relative_to(bound):
            outside.append(str(p))
            continue
        common = Path(os.path.commonpath([root, p]))
        if common.is_relative_to(bound):
            root = common
    if outside:
        shown = ", ".join(sorted(set(outside))[:3])
        notes.append(f"references outside {bound} are not served: {shown}")
    return root, notes


# --------------------------------------------------------------------------- the server


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]):  # type: ignore[no-untyped-def]
        self.send_error(404, "Not Found")
        return None

    def _virtual(self) -> tuple[str, bytes] | None:
        path = unquote(urlsplit(self.path).path)
        return self.server.virtual.get(path)

    def do_GET(self) -> None:
        v = self._virtual()
        if v is not None:
            self._send_bytes(*v)
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        v = self._virtual()
        if v is not None:
            self._send_bytes(*v, head=True)
            return
        super().do_HEAD()

    def _send_bytes(self, ctype: str, data: bytes, head: bool = False) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def translate_path(self, path: str) -> str:
        """Map a URL path into the root; anything that would leave it (.., symlinks) maps nowhere."""
        root = self.server.root
        rel = posixpath.normpath(unquote(urlsplit(path).path)).lstrip("/")
        if rel in (".", ""):
            rel = ""
        full = (root / rel).resolve() if rel else root
        if not full.is_relative_to(root):
            return str(root / ".brandcheck-outside-root" / "x")  # does not exist: 404
        return str(full)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        t = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
        return t + ("; charset=utf-8" if t.startswith("text/") and "charset" not in t else "")


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.virtual: dict[str, tuple[str, bytes]] = {}
        super().__init__(("127.0.0.1", 0), _Handler)


class LocalServer:
    """A static file server for one root on 127.0.0.1 (a free port), in a daemon thread.

    `add_virtual` serves bytes that are not files (an email's HTML with its `cid:` parts) at a
    path inside the root, so their relative references resolve as the file's would.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._server = _Server(self.root)
        self._thread = threading.Thread(target=self._server.serve_forever, name="brandcheck-files", daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url_for(self, path: Path) -> str:
        rel = path.resolve().relative_to(self.root).as_posix()
        return f"{self.base}/{quote(rel)}"

    def add_virtual(self, url_path: str, ctype: str, data: bytes) -> str:
        if not url_path.startswith("/"):
            url_path = "/" + url_path
        self._server.virtual[url_path] = (ctype, data)
        return f"{self.base}{quote(url_path)}"

    def remove_virtual(self, url_path: str) -> None:
        self._server.virtual.pop(url_path if url_path.startswith("/") else "/" + url_path, None)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._server.shutdown()
            self._server.server_close()


class ServerPool:
    """One server per root, reused across touchpoints (the corpus cases all share one root)."""

    def __init__(self) -> None:
        self._servers: dict[Path, LocalServer] = {}
        self._lock = threading.Lock()

    def get(self, root: Path) -> LocalServer:
        root = root.resolve()
        with self._lock:
            s = self._servers.get(root)
            if s is None:
                s = self._servers[root] = LocalServer(root)
            return s

    def close(self) -> None:
        with self._lock:
            for s in self._servers.values():
                s.close()
            self._servers.clear()
