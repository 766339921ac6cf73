"""Turn image files (SVG markup, PNG, JPEG, GIF, WebP, ICO) into pixels, safely.

The logo analyzer reads files that come from pages nobody vetted, so loading is defensive:

- SVG is parsed with lxml with entity expansion, DTD loading and network access off, then
  sanitised before rendering: `<script>`, `<foreignObject>`, event handler attributes and every
  reference that is not a fragment (`#id`) or an inline `data:image/...` raster are removed, and
  `url()`/`@import` pointing outside the document are stripped from styles. Nothing in an SVG is
  ever executed or fetched. Rendering uses resvg (the `resvg-py` wheel), a maintained Rust renderer
  with no system dependencies, so kit logos and page logos render the same way with or without a
  browser.
- Rasters are decoded with Pillow after a size check on the header alone: a file above
  `MAX_PIXELS` is refused with a reason instead of being decoded (a 10,000 x 10,000 image is
  400 MB of RGBA). Animated images give their first frame, and say so.

Every failure is an `ImageLoadError` carrying one short reason the report can show.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

#: Largest raster decoded (width x height). A logo file is far below; a 10,000 px banner is not read.
MAX_PIXELS = 25_000_000
#: Largest side of the pixels kept for analysis; larger images are reduced while decoding.
MAX_WORK_SIDE = 1024
#: Largest SVG document read.
MAX_SVG_BYTES = 4_000_000
#: Largest side an SVG is rendered at (its own size may be absurd).
MAX_SVG_RENDER_SIDE = 2048

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_SAFE_DATA_URI = re.compile(r"^\s*data:image/(png|jpeg|jpg|gif|webp);", re.I)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_CSS_IMPORT = re.compile(r"@import[^;]*;?", re.I)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)\s*(px)?\s*$")
#: elements dropped from every SVG: what runs, embeds or plays (an <animate>/<set> can rewrite an href
#: to javascript: in a browser; a rendering needs none of them)
_DROP_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "canvas", "animate", "set",
              "animateMotion", "animateTransform", "handler", "listener"}
#: SVG names that HTML parsers lower-case (markup taken from an HTML page can carry them so)
_SVG_CASE = {n.lower(): n for n in (
    "viewBox", "preserveAspectRatio", "gradientUnits", "gradientTransform", "patternUnits", "patternTransform",
    "patternContentUnits", "clipPathUnits", "maskUnits", "maskContentUnits", "spreadMethod", "stdDeviation",
    "linearGradient", "radialGradient", "clipPath", "textPath", "foreignObject", "feGaussianBlur", "feColorMatrix",
    "feOffset", "feBlend", "feFlood", "feComposite", "feMerge", "feMergeNode", "fePointLight", "markerWidth",
    "markerHeight", "refX", "refY", "markerUnits", "pathLength", "startOffset", "textLength", "lengthAdjust")}


class ImageLoadError(Exception):
    """An image that cannot be analysed; `str(err)` is the reason, short enough for a report."""


@dataclass
class SvgInfo:
    """What an SVG document says about its own size: width/height, viewBox, preserveAspectRatio."""

    width: float | None
    height: float | None
    viewbox: tuple[float, float, float, float] | None
    preserve: str  # the preserveAspectRatio attribute ("xMidYMid meet" when absent)

    @property
    def size(self) -> tuple[float, float] | None:
        """Intrinsic size in CSS px: width/height when both are given, else the viewBox's size."""
        if self.width and self.height:
            return self.width, self.height
        if self.viewbox and self.viewbox[2] > 0 and self.viewbox[3] > 0:
            if self.width and not self.height:
                return self.width, self.width * self.viewbox[3] / self.viewbox[2]
            if self.height and not self.width:
                return self.height * self.viewbox[2] / self.viewbox[3], self.height
            return self.viewbox[2], self.viewbox[3]
        return None

    @property
    def aspect(self) -> float | None:
        """Width / height of the drawing (the viewBox's when there is one: that is what scales)."""
        if self.viewbox and self.viewbox[2] > 0 and self.viewbox[3] > 0:
            return self.viewbox[2] / self.viewbox[3]
        s = self.size
        return s[0] / s[1] if s and s[1] > 0 else None

    @property
    def stretches(self) -> bool:
        """preserveAspectRatio="none": the drawing is stretched to whatever box it is given."""
        return self.preserve.strip().split()[:1] == ["none"]


@dataclass
class Loaded:
    """An image decoded for analysis."""

    rgba: np.ndarray  # H x W x 4 float32 in 0..1, straight (not premultiplied) alpha
    kind: str  # svg | raster
    natural_size: tuple[float, float]  # the file's own size (px; an SVG's intrinsic size)
    svg: str | None = None  # sanitised markup, for re-rendering at other sizes
    svg_info: SvgInfo | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "animated: first frame of 12"


# --------------------------------------------------------------------------- SVG


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, recover=False)


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _safe_href(value: str) -> bool:
    v = value.strip()
    return v.startswith("#") or bool(_SAFE_DATA_URI.match(v))


def _clean_css(text: str) -> str:
    text = _CSS_IMPORT.sub("", text)
    return _CSS_URL.sub(lambda m: m.group(0) if m.group(2).strip().startswith("#") else "none", text)


def sanitize_svg(markup: str | bytes) -> str:
    """SVG markup with everything that could run or fetch removed (see the module docstring)."""
    from lxml import etree

    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    if len(data) > MAX_SVG_BYTES:
        raise ImageLoadError(f"SVG larger than {MAX_SVG_BYTES // 1_000_000} MB")
    try:
        root = etree.fromstring(data.lstrip(), _parser())
    except etree.XMLSyntaxError as ex:
        raise ImageLoadError(f"SVG does not parse: {str(ex).splitlines()[0][:120]}") from None
    if root is None or _local(root.tag) != "svg":
        raise ImageLoadError("not an SVG document")
    if root.tag == "svg":  # inline SVG copied from an HTML page may lack the namespace; resvg needs it
        for el in root.iter():
            if isinstance(el.tag, str) and "}" not in el.tag:
                el.tag = _SVG_CASE.get(el.tag, el.tag)
            for name in list(el.attrib):
                if name in _SVG_CASE:
                    el.attrib[_SVG_CASE[name]] = el.attrib.pop(name)
        text = etree.tostring(root, encoding="unicode")
        root = etree.fromstring(text.replace("<svg", f'<svg xmlns="{SVG_NS}"', 1).encode("utf-8"), _parser())
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # entity references (their DTD is dropped), stray nodes
            parent = el.getparent()
            if parent is not None:
                _remove_keep_tail(el)
            continue
        if _local(el.tag) in _DROP_TAGS:
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
            continue
        for name in list(el.attrib):
            local = name.rsplit("}", 1)[-1]
            value = el.attrib[name]
            if local.lower().startswith("on") or (local == "href" and not _safe_href(value)):
                del el.attrib[name]
            elif local == "style" or "url(" in value:
                el.attrib[name] = _clean_css(value)
        if _local(el.tag) == "style" and el.text:
            el.text = _clean_css(el.text)
    return etree.tostring(root, encoding="unicode")


def _remove_keep_tail(node) -> None:
    """Remove a node but keep the text that follows it (lxml stores it on the node)."""
    parent = node.getparent()
    tail = node.tail or ""
    prev = node.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def _length(v: str | None) -> float | None:
    if not v:
        return None
    m = _LENGTH.match(v)
    if not m:
        return None
    f = float(m.group(1))
    return f if f > 0 else None


def svg_info(markup: str) -> SvgInfo:
    """Size, viewBox and preserveAspectRatio of sanitised markup."""
    from lxml import etree

    root = etree.fromstring(markup.encode("utf-8"), _parser())
    vb = None
    raw = root.get("viewBox")
    if raw:
        parts = [p for p in re.split(r"[\s,]+", raw.strip()) if p]
        if len(parts) == 4:
            try:
                nums = tuple(float(p) for p in parts)
                if nums[2] > 0 and nums[3] > 0:
                    vb = nums  # type: ignore[assignment]
            except ValueError:
                vb = None
    return SvgInfo(width=_length(root.get("width")), height=_length(root.get("height")), viewbox=vb,
                   preserve=root.get("preserveAspectRatio") or "xMidYMid meet")


def render_svg(markup: str, width: float | None = None, height: float | None = None, *,
               color: str | None = None, scale: float = 1.0) -> np.ndarray:
    """Render sanitised SVG markup to RGBA floats.

    With `width` and `height` the document is laid out in a box of that size, as a browser lays
    out an `<img>` or inline `<svg>` given that box: the viewBox is fitted by the document's own
    preserveAspectRatio (so `none` stretches, `meet` letterboxes). `color` resolves `currentColor`
    (the element's computed CSS color). `scale` renders at a multiple of that size for precision.
    """
    import resvg_py
    from lxml import etree

    root = etree.fromstring(markup.encode("utf-8"), _parser())
    info = svg_info(markup)
    size = info.size or (300.0, 150.0)  # CSS's default object size
    w = float(width) if width else (float(height) * size[0] / size[1] if height else size[0])
    h = float(height) if height else (float(width) * size[1] / size[0] if width else size[1])
    if info.viewbox is None and info.width and info.height and (w, h) != (info.width, info.height):
        root.set("viewBox", f"0 0 {info.width:g} {info.height:g}")  # an <img> scales the drawing
    k = max(0.01, float(scale))
    big = max(w, h) * k
    if big > MAX_SVG_RENDER_SIDE:
        k *= MAX_SVG_RENDER_SIDE / big
    pw, ph = max(1, round(w * k)), max(1, round(h * k))
    root.set("width", str(pw))
    root.set("height", str(ph))
    if color:
        root.set("color", color)
    text = etree.tostring(root, encoding="unicode")
    # system fonts take most of a render's time to load: only a drawing with live text needs them
    needs_fonts = root.find(f".//{{{SVG_NS}}}text") is not None
    try:
        png = resvg_py.svg_to_bytes(svg_string=text, skip_system_fonts=not needs_fonts)
    except (ValueError, RuntimeError) as ex:
        raise ImageLoadError(f"SVG does not render: {str(ex)[:120]}") from None
    return _png_to_array(bytes(png))


def _png_to_array(png: bytes) -> np.ndarray:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        return np.asarray(im.convert("RGBA"), dtype=np.float32) / 255.0


# --------------------------------------------------------------------------- rasters


def sniff(data: bytes) -> str:
    """svg | raster | unknown, from the bytes (file names and MIME types lie)."""
    head = data[:2048].lstrip()
    if head[:3] == b"\xef\xbb\xbf":
        head = head[3:].lstrip()
    low = head.lower()
    if low.startswith(b"<svg") or (low.startswith((b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in data[:8192].lower()):
        return "svg"
    if head[:8] == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff" or head[:6] in (b"GIF87a", b"GIF89a") \
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP") or head[:4] in (b"\x00\x00\x01\x00", b"BM\x00\x00") \
            or head[:2] == b"BM":
        return "raster"
    return "unknown"


def decode_raster(data: bytes, max_side: int = MAX_WORK_SIDE) -> tuple[np.ndarray, tuple[int, int], list[str]]:
    """RGBA floats of a raster (reduced to `max_side`), its natural size and notes."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im = Image.open(io.BytesIO(data))
        w, h = im.size
        if w <= 0 or h <= 0:
            raise ImageLoadError("image has no pixels")
        if w * h > MAX_PIXELS:
            raise ImageLoadError(f"image of {w}x{h} px is too large to analyse (limit {MAX_PIXELS // 1_000_000} MP)")
        if getattr(im, "is_animated", False):
            # counting frames reads the whole file: only for files of ordinary size
            frames = im.n_frames if len(data) <= 2_000_000 else None
            notes.append(f"animated: first frame of {frames}" if frames else "animated: first frame")
            im.seek(0)
        max_side = min(int(max_side), MAX_WORK_SIDE)
        if im.format == "JPEG" and max(w, h) > max_side:
            im.draft("RGB", (max_side, max_side))  # the decoder itself reduces (DCT scaling)
        im.load()
        rgba = im.convert("RGBA")
        if max(rgba.size) > max_side:
            rgba.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        arr = np.asarray(rgba, dtype=np.float32) / 255.0
    except ImageLoadError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as ex:
        raise ImageLoadError(f"not a readable image ({type(ex).__name__})") from None
    except (OSError, ValueError, SyntaxError, EOFError) as ex:
        raise ImageLoadError(f"corrupt image: {str(ex)[:100]}") from None
    return arr, (w, h), notes


# --------------------------------------------------------------------------- entry point


def load_image(source: Path | bytes, *, color: str | None = None, render_side: float = 512.0) -> Loaded:
    """Decode an image file or bytes for analysis.

    SVG is rendered so that its long side is `render_side` px (enough detail for shape and
    colors, and fast), and a raster is reduced to at most that (never below 1024 for kit-sized
    renders: `render_side` above 1024 is capped); `color` resolves `currentColor`.
    """
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
            if size > 50_000_000:
                raise ImageLoadError("file larger than 50 MB")
            data = source.read_bytes()
        except OSError as ex:
            raise ImageLoadError(f"file not readable: {ex.strerror or ex}") from None
    else:
        data = bytes(source)
    if not data:
        raise ImageLoadError("empty file")
    kind = sniff(data)
    if kind == "svg":
        markup = sanitize_svg(data)
        info = svg_info(markup)
        size = info.size or (300.0, 150.0)
        k = render_side / max(size)
        rgba = render_svg(markup, size[0] * k, size[1] * k, color=color)
        return Loaded(rgba=rgba, kind="svg", natural_size=(float(size[0]), float(size[1])), svg=markup,
                      svg_info=info)
    arr, natural, notes = decode_raster(data, max_side=max(int(render_side), 1))
    return Loaded(rgba=arr, kind="raster", natural_size=(float(natural[0]), float(natural[1])), notes=notes)
