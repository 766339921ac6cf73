"""Files the HTML report shows, copied into the report folder (the capture folder is deleted after).

Every image is decoded and re-encoded with Pillow rather than copied byte for byte: the report then
holds only real pixels (no polyglot file from a scanned page), and screenshots shrink from PNG to
JPEG, which keeps a scan of hundreds of touchpoints small. Screenshots become one JPEG at native
resolution (capped in width) for the touchpoint page, plus a small thumbnail of the top of the page
for the overview: the overview loads only thumbnails, a touchpoint's full images load when its page
is opened. SVG is sanitised, font files are copied only when they are font files.

Screenshot work (decode, encode) is the slow part of writing a report and runs on a thread pool:
Pillow releases the GIL while it decodes and encodes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .safety import sanitize_svg

log = logging.getLogger("brandcheck.report")

SHOT_MAX_WIDTH = 1600  # px; wider screenshots (DPR 2 desktop) are scaled down
SHOT_QUALITY = 78
THUMB_SIZE = (320, 240)  # the top of the page, 4:3
THUMB_QUALITY = 72
EVIDENCE_MAX = 480  # px, longest side of a logo crop or kit logo
FONT_SUFFIXES = {".woff2": b"wOF2", ".woff": b"wOFF", ".ttf": None, ".otf": b"OTTO"}
FONT_MAX_BYTES = 8 * 1024 * 1024
IMAGE_MAX_PIXELS = 120_000_000
#: What Pillow raises on a file it cannot use: unreadable, truncated, not an image, too large.
IMAGE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, MemoryError, Image.DecompressionBombError)


@dataclass
class Shot:
    """A screenshot as the report holds it: the page image and its pixel size (boxes scale by it)."""

    src: str  # path relative to the report folder
    width: int  # pixel size of the copy in the report
    height: int
    native_width: int  # pixel size of the capture's screenshot (boxes are placed in its pixels)
    native_height: int
    thumb: str | None = None


def _workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class ReportAssets:
    """Copies images and fonts into `folder`, once each, and answers with report-relative paths."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._done: dict[tuple[str, str], str | None] = {}
        self._pool = ThreadPoolExecutor(max_workers=_workers(), thread_name_prefix="report-img")
        self._futures: list[Future] = []

    # ------------------------------------------------------------------ screenshots

    def screenshot(self, src: Path, dest: str, thumb: str | None, dpr: float = 1.0,
                   max_width: int = SHOT_MAX_WIDTH) -> Future[Shot | None]:
        """Queue a screenshot: `dest` (and `thumb`) are report-relative names without suffix.

        A screenshot taken at a device pixel ratio above 1 is stored at one pixel per CSS pixel: a
        quarter of the bytes at DPR 2, and still sharp at the size the report shows it.
        """
        fut = self._pool.submit(self._screenshot, Path(src), dest, thumb, max(1.0, float(dpr or 1.0)), max_width)
        self._futures.append(fut)
        return fut

    def _screenshot(self, src: Path, dest: str, thumb: str | None, dpr: float = 1.0,
                    max_width: int = SHOT_MAX_WIDTH) -> Shot | None:
        try:
            with Image.open(src) as im:
                if im.width * im.height > IMAGE_MAX_PIXELS:
                    raise ValueError(f"{im.width}x{im.height} is too large")
                im.load()
                rgb = _flatten(im)
                native = im.size
            width = min(max_width, round(rgb.width / dpr))
            if rgb.width > width:
                h = round(rgb.height * width / rgb.width)
                rgb = rgb.resize((width, max(1, h)), Image.Resampling.BILINEAR, reducing_gap=2.0)
            rel = f"{dest}.jpg"
            out = self.folder / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            rgb.save(out, "JPEG", quality=SHOT_QUALITY)
            shot = Shot(src=rel, width=rgb.width, height=rgb.height, native_width=native[0], native_height=native[1])
            if thumb:
                top = rgb.crop((0, 0, rgb.width, min(rgb.height, round(rgb.width * THUMB_SIZE[1] / THUMB_SIZE[0]))))
                top.thumbnail(THUMB_SIZE, Image.Resampling.BILINEAR)
                shot.thumb = f"{thumb}.jpg"
                top.save(self.folder / shot.thumb, "JPEG", quality=THUMB_QUALITY)
        except IMAGE_ERRORS as ex:  # an unreadable screenshot must not take the report down
            log.warning("screenshot %s not shown: %s", src, ex)
            shot = None
        return shot

    def wait(self) -> None:
        """Finish every queued screenshot (raises nothing: failures were logged and shown as absent)."""
        for fut in self._futures:
            fut.result()
        self._futures.clear()

    def close(self) -> None:
        self.wait()
        self._pool.shutdown(wait=True)

    # ------------------------------------------------------------------ evidence

    def image(self, src: object, dest_dir: str) -> str | None:
        """A logo crop or kit logo, re-encoded as PNG (or SVG, sanitised); None when unusable."""
        if not isinstance(src, str) or not src:
            return None
        path = Path(src)
        key = ("img", str(path))
        if key in self._done:
            return self._done[key]
        rel: str | None = None
        try:
            if path.is_file():
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()[:16]
                if path.suffix.lower() == ".svg" or data.lstrip()[:5] in (b"<svg ", b"<?xml"):
                    clean = sanitize_svg(data)
                    if clean is not None:
                        rel = f"{dest_dir}/{digest}.svg"
                        self._write(rel, clean)
                else:
                    rel = f"{dest_dir}/{digest}.png"
                    if not (self.folder / rel).exists():
                        self._png(path, self.folder / rel)
        except IMAGE_ERRORS as ex:
            log.warning("evidence image %s not shown: %s", src, ex)
            rel = None
        self._done[key] = rel
        return rel

    def _png(self, src: Path, out: Path) -> None:
        with Image.open(src) as im:
            if im.width * im.height > IMAGE_MAX_PIXELS:
                raise ValueError(f"{im.width}x{im.height} is too large")
            im.load()
            im = im.convert("RGBA") if im.mode not in ("RGB", "RGBA") else im
            im.thumbnail((EVIDENCE_MAX, EVIDENCE_MAX), Image.Resampling.LANCZOS)
            out.parent.mkdir(parents=True, exist_ok=True)
            im.save(out, "PNG")

    def font(self, src: object) -> str | None:
        """A font file a specimen is drawn with, copied when it really is a font; else None."""
        if not isinstance(src, str) or not src:
            return None
        path = Path(src)
        key = ("font", str(path))
        if key in self._done:
            return self._done[key]
        rel = None
        suffix = path.suffix.lower()
        try:
            if suffix in FONT_SUFFIXES and path.is_file() and path.stat().st_size <= FONT_MAX_BYTES:
                data = path.read_bytes()
                magic = FONT_SUFFIXES[suffix]
                ok = data[:4] == magic if magic else data[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
                if ok:
                    rel = f"fonts/{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
                    self._write(rel, data)
        except OSError as ex:
            log.warning("font %s not shown: %s", src, ex)
        self._done[key] = rel
        return rel

    def _write(self, rel: str, data: bytes) -> None:
        out = self.folder / rel
        if out.exists():
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)

    def copy_static(self, src_dir: Path, names: list[str], dest_dir: str) -> None:
        """The report's own CSS and JS (package data) into `dest_dir`."""
        out = self.folder / dest_dir
        out.mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copyfile(src_dir / name, out / name)


def _flatten(im: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no alpha, and a transparent page background is white in a browser."""
    if im.mode == "RGB":
        return im
    if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        bg = Image.new("RGB", rgba.size, (255, 255, 255))
        bg.paste(rgba, mask=rgba.getchannel("A"))
        return bg
    return im.convert("RGB")
