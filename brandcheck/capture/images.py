"""Images a customer sees, with their bytes and an element screenshot of each likely logo.

Bytes come from the network responses the page already received (or from a data: URI); nothing
is fetched again and an SVG is stored as text, never executed, so its scripts and external
references stay inert. Crops are cut from the full-page screenshot with Pillow, which costs one
decode per view instead of one browser screenshot per element.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from ..model import Box, Element, ImageAsset

#: crops are only cut for boxes that could be a logo: photos and hero banners are skipped
CROP_MAX_W = 900.0
CROP_MAX_H = 450.0
CROP_MIN = 4.0
MAX_CROPS = 80
MAX_DATA_URI_BYTES = 2_000_000
MAX_SVG_CHARS = 2_000_000
_BG_URL = re.compile(r"""url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)""")
_EXT = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/avif": "avif",
        "image/svg+xml": "svg", "image/x-icon": "ico", "image/vnd.microsoft.icon": "ico", "image/bmp": "bmp",
        "image/tiff": "tif"}

BodyGetter = Callable[[str], Awaitable[tuple[bytes | None, str | None, str | None]]]


def background_urls(value: str) -> list[str]:
    """url()s of a computed background-image (gradients and `none` have none)."""
    if not value or value == "none" or "url(" not in value:
        return []
    return [(m.group(1) or m.group(2) or m.group(3) or "").replace('\\"', '"') for m in _BG_URL.finditer(value)]


def sniff_mime(data: bytes, hint: str | None = None) -> str | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return "image/avif"
    if data[:4] == b"\x00\x00\x01\x00":
        return "image/x-icon"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        return "image/svg+xml"
    if hint:
        return hint.split(";")[0].strip().lower() or None
    return None


def svg_size(markup: str) -> tuple[int, int] | None:
    """An SVG's intrinsic size from width/height, or its viewBox."""
    m = re.search(r"<svg\b[^>]*>", markup[:20000], re.I | re.S)
    if not m:
        return None
    tag = m.group(0)

    def attr(name: str) -> str | None:
        a = re.search(rf"""\s{name}\s*=\s*["']([^"']*)["']""", tag, re.I)
        return a.group(1) if a else None

    w, h = attr("width"), attr("height")
    num = re.compile(r"^\s*([0-9.]+)\s*(px)?\s*$")
    if w and h and num.match(w) and num.match(h):
        return round(float(num.match(w).group(1))), round(float(num.match(h).group(1)))  # type: ignore[union-attr]
    vb = attr("viewBox")
    if vb:
        parts = re.split(r"[\s,]+", vb.strip())
        if len(parts) == 4:
            try:
                return round(float(parts[2])), round(float(parts[3]))
            except ValueError:
                return None
    return None


def raster_size(data: bytes) -> tuple[int, int] | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            return int(im.size[0]), int(im.size[1])
    except Exception:  # noqa: BLE001 - Pillow raises many kinds on corrupt data: no size
        return None


def decode_data_uri(uri: str) -> tuple[bytes, str] | None:
    m = re.match(r"^data:([^,;]*)((?:;[^,;]*)*),(.*)$", uri, re.S)
    if not m:
        return None
    mime = m.group(1) or "text/plain"
    try:
        data = base64.b64decode(m.group(3)) if ";base64" in m.group(2).lower() else unquote_to_bytes(m.group(3))
    except (ValueError, TypeError):
        return None
    return data, mime


@dataclass
class ImageStore:
    """Writes image bytes into the bundle once per distinct content (icons repeat a lot)."""

    folder: Path
    written: dict[str, str] = field(default_factory=dict)

    def save(self, data: bytes, mime: str | None) -> str:
        digest = hashlib.sha1(data).hexdigest()[:16]
        if digest in self.written:
            return self.written[digest]
        ext = _EXT.get((mime or "").lower(), "bin")
        rel = f"images/{digest}.{ext}"
        p = self.folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists():
            p.write_bytes(data)
        self.written[digest] = rel
        return rel


_LOGO_HINT = re.compile(r"logo|brand|wordmark|masthead|site-?name|favicon", re.I)


def could_be_logo(box: Box | None, asset: ImageAsset | None = None, hint: str = "") -> bool:
    """Whether an image deserves an element screenshot: logo-sized, and not a photo.

    A JPEG larger than 200x200 px is a photo unless something names it a logo (its src, alt,
    class or id, or an ancestor's): cutting and encoding every portfolio photo would cost more
    than the rest of the capture of a page.
    """
    if box is None or not (CROP_MIN <= box.w <= CROP_MAX_W and CROP_MIN <= box.h <= CROP_MAX_H):
        return False
    if asset is not None and asset.mime == "image/jpeg" and box.w * box.h > 200 * 200:
        return bool(_LOGO_HINT.search(" ".join(filter(None, [asset.src, asset.alt, hint]))))
    return True


async def collect_images(elements: list[Element], collected: dict[str, Any], tag_ok: Callable[[int], bool],
                         get_body: BodyGetter, store: ImageStore, max_bytes: int,
                         extra: list[tuple[str, str | None]] = ()) -> list[ImageAsset]:
    """ImageAssets of a view: img/picture (currentSrc), inline SVG (markup saved), external SVG
    (object/embed), CSS background images, and `extra` (favicon, og:image) without an element."""
    assets: list[ImageAsset] = []
    pending: list[tuple[ImageAsset, str]] = []  # fetched together: one CDP round trip each, in parallel

    async def fill(asset: ImageAsset, data: bytes | None, mime: str | None, why: str | None) -> None:
        if data is None:
            asset.skipped = why or "bytes not available from the page's responses"
            return
        if len(data) > max_bytes:
            asset.skipped = f"larger than {max_bytes // 1_000_000} MB"
            return
        mime = sniff_mime(data, mime)
        asset.mime = mime
        if mime == "image/svg+xml":
            size = svg_size(data[:MAX_SVG_CHARS].decode("utf-8", errors="replace"))
        else:
            size = raster_size(data)
        if asset.natural_size is None and size:
            asset.natural_size = size
        if asset.natural_size and asset.natural_size[0] <= 1 and asset.natural_size[1] <= 1:
            asset.skipped = "1x1 tracker"
            return
        asset.file = store.save(data, mime)

    async def from_src(asset: ImageAsset, src: str) -> None:
        if not src:
            asset.skipped = "no source"
            return
        if src.startswith("data:"):
            if len(src) > MAX_DATA_URI_BYTES * 4 // 3 + 100:
                asset.skipped = "data: URI too large"
                return
            dec = decode_data_uri(src)
            if dec is None:
                asset.skipped = "unreadable data: URI"
                return
            await fill(asset, dec[0], dec[1], None)
            asset.src = src.split(",", 1)[0] + ",…"
            return
        if not src.startswith(("http://", "https://")):
            asset.skipped = f"unsupported scheme ({src.split(':', 1)[0]})"
            return
        data, mime, why = await get_body(src)
        await fill(asset, data, mime, why)

    for im in collected.get("images", []):
        i = int(im["idx"])
        if i >= len(elements) or not tag_ok(i):
            continue
        e = elements[i]
        if not e.visible and not im.get("src"):
            continue
        parent = elements[e.parent] if e.parent is not None else None
        kind = "img"
        nat = (int(im.get("nw") or 0), int(im.get("nh") or 0))
        a = ImageAsset(kind=kind, element=i, selector=e.selector, src=im.get("src") or None, box=e.box,
                       natural_size=nat if nat != (0, 0) else None, alt=im.get("alt"))
        if parent is not None and parent.tag == "picture":
            a.element, a.selector = i, e.selector  # the img inside a picture is what shows
        if (e.box is not None and e.box.w <= 1 and e.box.h <= 1) or nat == (1, 1):
            a.skipped = "1x1 tracker"
        else:
            pending.append((a, im.get("src") or ""))
        assets.append(a)

    for s in collected.get("svgs", []):
        i = int(s["idx"])
        if i >= len(elements) or not tag_ok(i):
            continue
        e = elements[i]
        if not e.visible:
            continue
        a = ImageAsset(kind="svg", element=i, selector=e.selector, src=None, box=e.box, mime="image/svg+xml",
                       alt=s.get("label"))
        markup = s.get("markup")
        if markup is None:
            a.skipped = f"inline SVG of {s.get('size')} characters"
        else:
            a.natural_size = svg_size(markup) or (
                (round(s["vb"][0]), round(s["vb"][1])) if s.get("vb") and s["vb"][0] else None)
            a.file = store.save(markup.encode("utf-8"), "image/svg+xml")
        assets.append(a)

    for o in collected.get("objects", []):
        i = int(o["idx"])
        if i >= len(elements) or not tag_ok(i):
            continue
        e = elements[i]
        a = ImageAsset(kind="svg", element=i, selector=e.selector, src=o.get("src") or None, box=e.box,
                       mime="image/svg+xml")
        pending.append((a, o.get("src") or ""))
        assets.append(a)

    seen_bg: set[tuple[int, str]] = set()
    for e in elements:
        if not e.visible:
            continue
        for url in background_urls(e.style.get("background-image", "")):
            if (e.id, url) in seen_bg:
                continue
            seen_bg.add((e.id, url))
            a = ImageAsset(kind="background", element=e.id, selector=e.selector, src=url, box=e.box)
            pending.append((a, url))
            assets.append(a)

    for kind, url in extra:
        if not url:
            continue
        a = ImageAsset(kind=kind, element=None, selector=None, src=url, box=None)
        pending.append((a, url))
        assets.append(a)
    await asyncio.gather(*(from_src(a, u) for a, u in pending))
    return assets


def cut_crops(assets: list[ImageAsset], screenshot: Path, folder: Path, dpr: float, view_index: int,
              shot_height_css: float, hints: dict[int, str] | None = None) -> int:
    """Element screenshots of images that could be logos, cut from the full-page screenshot.

    `hints`: element id -> the class/id/alt text of the element and its nearest ancestors.
    """
    hints = hints or {}
    todo = [a for a in assets if a.element is not None and a.skipped != "1x1 tracker"
            and could_be_logo(a.box, a, hints.get(a.element, ""))]
    if not todo:
        return 0
    from PIL import Image

    n = 0
    done: dict[tuple[int, int, int, int], str] = {}
    with Image.open(screenshot) as shot:
        shot.load()
        for a in todo[:MAX_CROPS]:
            b = a.box
            assert b is not None
            if b.y >= shot_height_css or b.right <= 0 or b.bottom <= 0:
                continue
            x0, y0 = max(0, round(b.x * dpr)), max(0, round(b.y * dpr))
            x1 = min(shot.width, round(b.right * dpr))
            y1 = min(shot.height, round(b.bottom * dpr))
            if x1 - x0 < 2 or y1 - y0 < 2:
                continue
            key = (x0, y0, x1, y1)
            if key not in done:
                rel = f"crops/v{view_index}-e{a.element}.png"
                (folder / "crops").mkdir(parents=True, exist_ok=True)
                shot.crop(key).save(folder / rel, optimize=False, compress_level=1)
                done[key] = rel
                n += 1
            a.crop = done[key]
    return n
