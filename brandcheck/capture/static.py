"""The static capture: HTML read with BeautifulSoup, CSS cascaded with tinycss2, no browser.

It is the fallback when no browser can start, and it lets the whole pipeline run anywhere. It
parses with html5lib so the element tree (and therefore every selector) is the one a browser
builds, `<tbody>` included. What only rendering can tell (layout boxes, the font actually drawn)
is left empty: analyzers then answer "needs review" instead of guessing, and the report says that
a static capture was used.
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag

from .. import __version__
from ..errors import CaptureError
from ..model import (
    Capture,
    Element,
    EmailParts,
    FailedRequest,
    FontFace,
    ImageAsset,
    PageMeta,
    Touchpoint,
    View,
)
from .cascade import UA_CSS, Cascade, StyleSheet, parse_stylesheet
from .email import parse_eml
from .options import CaptureOptions
from .selectors import SelectorNode, build_selectors

MAX_STYLESHEETS = 40
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".avif"}


def decode_html(raw: bytes, source: str) -> str:
    """Decode page bytes: BOM, then a meta charset, then UTF-8, then cp1252 (never crash on odd bytes)."""
    if b"\0" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CaptureError(f"{source}: not an HTML file (binary content)")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc, errors="replace")
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.I)
    encodings = [m.group(1).decode("ascii", "ignore")] if m else []
    for enc in [*encodings, "utf-8", "cp1252"]:
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


class StaticCapture:
    def __init__(self, options: CaptureOptions) -> None:
        self.options = options

    # ------------------------------------------------------------------ loading
    def _fetch(self, url: str, accept_html: bool = True) -> tuple[bytes, str, str]:
        """GET a URL with the capture's limits; returns (body, final URL, content type)."""
        headers = {"User-Agent": self.options.user_agent or f"brandcheck/{__version__} (+static capture)"}
        headers.update(self.options.headers)
        req = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.options.timeout) as resp:
                ctype = resp.headers.get("Content-Type", "")
                if accept_html and "html" not in ctype.lower() and "xml" not in ctype.lower():
                    raise CaptureError(f"{url}: not an HTML page (Content-Type: {ctype or 'none'})")
                body = resp.read(self.options.max_body_bytes + 1)
                if len(body) > self.options.max_body_bytes:
                    raise CaptureError(f"{url}: response larger than {self.options.max_body_bytes} bytes")
                return body, resp.geturl(), ctype
        except urllib.error.HTTPError as ex:
            raise CaptureError(f"{url}: HTTP {ex.code} {ex.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as ex:
            reason = getattr(ex, "reason", ex)
            raise CaptureError(f"{url}: cannot fetch: {reason}") from None

    def capture(self, tp: Touchpoint, folder: Path) -> Capture:
        email_parts: EmailParts | None = None
        inline_parts: dict[str, tuple[str, bytes]] = {}
        if tp.url:
            raw, final_url, _ = self._fetch(tp.url)
            html = decode_html(raw, tp.url)
            base = final_url
        else:
            assert tp.path
            p = Path(tp.path)
            if p.suffix.lower() == ".eml":
                parsed = parse_eml(p)
                if parsed.html is None:
                    raise CaptureError(f"{tp.source}: the email has no HTML part (plain text only)")
                html = parsed.html
                inline_parts = parsed.inline_parts
                email_parts = EmailParts(subject=parsed.subject, sender=parsed.sender, plain_text=parsed.plain_text)
            else:
                try:
                    raw = p.read_bytes()
                except OSError as ex:
                    raise CaptureError(f"{tp.source}: cannot read: {ex.strerror}") from None
                html = decode_html(raw, tp.source)
            base = p.resolve().as_uri()
            final_url = base
        if not html.strip():
            raise CaptureError(f"{tp.source}: empty file")
        cap = Capture(touchpoint=tp, method="static", url=final_url, bundle=str(folder))
        soup = BeautifulSoup(html, "html5lib")
        width = self.options.email_width if tp.kind == "email" else self.options.viewports[0][0]
        sheets = self._stylesheets(soup, base, width, cap)
        cascade = Cascade(sheets, width, base)
        view = View(viewport=(width, self.options.viewports[0][1] if self.options.viewports else 800))
        nodes = self._elements(soup, cascade, view)
        self._images(nodes, view, base, folder, cap, inline_parts)
        cap.views.append(view)
        cap.meta = self._meta(soup, base)
        if tp.kind == "email":
            email_parts = email_parts or EmailParts()
            email_parts.preheader = _preheader(soup)
            if not email_parts.subject and cap.meta.title:
                email_parts.subject = cap.meta.title
            cap.email = email_parts
        return cap

    # ------------------------------------------------------------------ CSS
    def _read_resource(self, url: str, cap: Capture, kind: str) -> str | None:
        parsed = urlparse(url)
        try:
            if parsed.scheme == "file":
                return Path(unquote(parsed.path)).read_text(encoding="utf-8", errors="replace")
            if parsed.scheme in ("http", "https"):
                body, _, _ = self._fetch(url, accept_html=False)
                return body.decode("utf-8", errors="replace")
        except (OSError, CaptureError) as ex:
            cap.failed_requests.append(FailedRequest(url=url, reason=str(ex).split(": ")[-1], resource_type=kind))
        return None

    def _stylesheets(self, soup: BeautifulSoup, base: str, width: int, cap: Capture) -> list[StyleSheet]:
        sheets = [parse_stylesheet(UA_CSS, None, width, 0, origin=0)]
        order = [1_000]
        loaded: set[str] = set()

        def add(css: str, url: str | None, depth: int = 0) -> None:
            sheet = parse_stylesheet(css, url, width, order[0])
            order[0] += len(sheet.rules) + 1
            for imp, _media in sheet.imports:
                target = urljoin(url or base, imp)
                if depth < 4 and target not in loaded and len(loaded) < MAX_STYLESHEETS:
                    loaded.add(target)
                    text = self._read_resource(target, cap, "stylesheet")
                    if text is not None:
                        add(text, target, depth + 1)
            sheets.append(sheet)
            for ff in sheet.font_faces:
                srcs = [urljoin(ff.base_url or url or base, s) for s in ff.src]
                cap.fonts.append(FontFace(family=ff.family, src=srcs, weight=ff.weight, style=ff.style,
                                          status=_font_status(srcs, cap), stylesheet=url))

        for node in soup.find_all(["link", "style"]):
            if node.name == "style":
                if _media_ok(node.get("media"), width):
                    add("".join(str(c) for c in node.children), base)  # get_text() skips CSS strings
                continue
            rel = " ".join(node.get("rel") or []).lower() if isinstance(node.get("rel"), list) else str(
                node.get("rel") or "").lower()
            if "stylesheet" not in rel or "alternate" in rel or not node.get("href"):
                continue
            if not _media_ok(node.get("media"), width):
                continue
            url = urljoin(base, str(node["href"]))
            if url in loaded or len(loaded) >= MAX_STYLESHEETS:
                continue
            loaded.add(url)
            if urlparse(url).scheme not in ("file", "http", "https"):
                continue
            text = self._read_resource(url, cap, "stylesheet")
            if text is not None:
                add(text, url)
        return sheets

    # ------------------------------------------------------------------ elements
    def _elements(self, soup: BeautifulSoup, cascade: Cascade, view: View) -> list[Tag]:
        tags: list[Tag] = []
        parents: list[int | None] = []
        index: dict[int, int] = {}
        for el in soup.descendants:
            if not isinstance(el, Tag):
                continue
            parent = el.parent
            pid = index.get(id(parent)) if isinstance(parent, Tag) else None
            index[id(el)] = len(tags)
            tags.append(el)
            parents.append(pid)
        selectors = build_selectors([
            SelectorNode(tag=t.name, parent=parents[i], id=str(t.get("id")) if t.get("id") else None,
                         classes=" ".join(t.get("class")) if isinstance(t.get("class"), list) else t.get("class"))
            for i, t in enumerate(tags)
        ])
        cascade.prepare(tags, parents)
        styles: list[dict[str, str]] = []
        hidden: list[bool] = []
        for i, el in enumerate(tags):
            pid = parents[i]
            style = cascade.compute(el, styles[pid] if pid is not None else None)
            styles.append(style)
            gone = (style.get("display") == "none" or el.has_attr("hidden") or el.name in ("head", "title")
                    or (pid is not None and hidden[pid]))
            try:
                transparent = float(style.get("opacity", "1")) <= 0.0
            except ValueError:
                transparent = False
            hidden.append(gone or transparent)
            content: list[str | int] = []
            for child in el.children:
                if isinstance(child, Tag):
                    cid = index.get(id(child))
                    if cid is not None:
                        content.append(cid)
                elif (isinstance(child, NavigableString)
                      and not isinstance(child, Comment | Doctype | ProcessingInstruction)
                      and el.name not in ("script", "style", "template", "noscript") and str(child).strip()):
                    content.append(str(child))
            attrs = {}
            for k, v in el.attrs.items():
                attrs[k] = " ".join(v) if isinstance(v, list) else str(v)
            visible = not hidden[i] and style.get("visibility") not in ("hidden", "collapse") and not _clipped(style)
            view.elements.append(Element(id=i, tag=el.name.lower(), selector=selectors[i], parent=pid, box=None,
                                         visible=visible, style={k: style[k] for k in style if not k.startswith("--")},
                                         attrs=attrs, content=content))
        return tags

    # ------------------------------------------------------------------ images
    def _images(self, tags: list[Tag], view: View, base: str, folder: Path, cap: Capture,
                inline_parts: dict[str, tuple[str, bytes]]) -> None:
        img_dir = folder / "images"
        n = [0]

        def store(src: str | None, data: bytes | None = None, suffix: str = "") -> tuple[str | None, str | None]:
            """Copy the image's bytes into the bundle; returns (relative file, reason skipped)."""
            n[0] += 1
            img_dir.mkdir(exist_ok=True)
            if data is not None:
                name = f"img{n[0]:04d}{suffix or '.bin'}"
                (img_dir / name).write_bytes(data)
                return f"images/{name}", None
            if not src:
                return None, "no source"
            parsed = urlparse(src)
            if parsed.scheme == "file":
                p = Path(unquote(parsed.path))
                if not p.is_file():
                    cap.failed_requests.append(FailedRequest(url=src, reason="file not found", resource_type="image"))
                    return None, "file not found"
                if p.stat().st_size > 20_000_000:
                    return None, "larger than 20 MB"
                name = f"img{n[0]:04d}{p.suffix.lower()}"
                shutil.copyfile(p, img_dir / name)
                return f"images/{name}", None
            if parsed.scheme == "data":
                return None, "data: URI (not stored)"
            return None, "remote image not fetched by the static capture"

        for el, e in zip(tags, view.elements, strict=True):
            if not e.visible:
                continue
            if e.tag == "img":
                src = e.attrs.get("src")
                data = None
                suffix = ""
                if src and src.startswith("cid:") and src[4:] in inline_parts:
                    mime, data = inline_parts[src[4:]]
                    suffix = "." + mime.split("/")[-1].replace("svg+xml", "svg").replace("jpeg", "jpg")
                url = urljoin(base, src) if src and not src.startswith("cid:") else src
                file, skipped = store(url, data, suffix)
                view.images.append(ImageAsset(kind="img", element=e.id, selector=e.selector, src=url, box=None,
                                              natural_size=_natural_size(folder / file) if file else None,
                                              file=file, alt=e.attrs.get("alt"), skipped=skipped))
            elif e.tag == "svg" and (e.parent is None or view.elements[e.parent].tag != "svg"):
                markup = str(el).encode("utf-8")
                file, skipped = store(None, markup, ".svg")
                view.images.append(ImageAsset(kind="svg", element=e.id, selector=e.selector, src=None, box=None,
                                              file=file, mime="image/svg+xml", skipped=skipped,
                                              natural_size=_natural_size(folder / file) if file else None))
            bg = e.style.get("background-image", "none")
            for u in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", bg):
                url = urljoin(base, u)
                file, skipped = store(url)
                view.images.append(ImageAsset(kind="background", element=e.id, selector=e.selector, src=url, box=None,
                                              file=file, skipped=skipped,
                                              natural_size=_natural_size(folder / file) if file else None))

    # ------------------------------------------------------------------ meta
    def _meta(self, soup: BeautifulSoup, base: str) -> PageMeta:
        meta = PageMeta()
        if soup.title and soup.title.string:
            meta.title = " ".join(soup.title.string.split())
        html = soup.find("html")
        if isinstance(html, Tag) and html.get("lang"):
            meta.lang = str(html.get("lang"))
        for m in soup.find_all("meta"):
            name = str(m.get("name") or m.get("property") or "").lower()
            content = m.get("content")
            if content is None:
                continue
            if name == "description":
                meta.description = str(content)
            elif name.startswith("og:"):
                meta.og[name[3:]] = str(content)
        for link in soup.find_all("link"):
            rel = " ".join(link.get("rel") or []).lower()
            if "icon" in rel and link.get("href") and not meta.favicon:
                meta.favicon = urljoin(base, str(link["href"]))
            if "canonical" in rel and link.get("href"):
                meta.canonical = urljoin(base, str(link["href"]))
        return meta


def _media_ok(media: object, width: int) -> bool:
    from .cascade import media_matches

    return media is None or media_matches(str(media), width)


def _clipped(style: dict[str, str]) -> bool:
    """Text shrunk out of sight (a preheader's 1px font in a 0-size box) is not seen by a reader."""
    size = style.get("font-size", "16px")
    try:
        px = float(size.rstrip("px"))
    except ValueError:
        px = 16.0
    return px <= 1.0


def _font_status(srcs: list[str], cap: Capture) -> str:
    """Static capture: a face whose every local file is missing cannot load; otherwise unknown."""
    local = [s for s in srcs if urlparse(s).scheme == "file"]
    if not local or len(local) != len(srcs):
        return "unknown"
    missing = [s for s in local if not Path(unquote(urlparse(s).path)).is_file()]
    for s in missing:
        cap.failed_requests.append(FailedRequest(url=s, reason="file not found", resource_type="font"))
    return "error" if len(missing) == len(local) else "unknown"


def _natural_size(path: Path) -> tuple[int, int] | None:
    try:
        if path.suffix.lower() == ".svg":
            head = path.read_text(encoding="utf-8", errors="replace")[:4000]
            m = re.search(r"<svg[^>]*>", head, re.S)
            if not m:
                return None
            tag = m.group(0)
            w = re.search(r"\swidth=[\"']([\d.]+)(px)?[\"']", tag)
            h = re.search(r"\sheight=[\"']([\d.]+)(px)?[\"']", tag)
            if w and h:
                return round(float(w.group(1))), round(float(h.group(1)))
            vb = re.search(r"viewBox=[\"'][\d.\s-]+?([\d.]+)[\s,]+([\d.]+)[\"']", tag)
            if vb:
                return round(float(vb.group(1))), round(float(vb.group(2)))
            return None
        from PIL import Image

        with Image.open(path) as im:
            return im.size
    except Exception:  # noqa: BLE001 - a corrupt image has no natural size; analyzers skip it
        return None


def _preheader(soup: BeautifulSoup) -> str | None:
    el = soup.select_one(".preheader, [class*=preheader], [class*=preview-text]")
    if el is None:
        return None
    text = " ".join(el.get_text(" ").split())
    return text or None
