"""Generated logos, kits and captures for the logo analyzer's tests (not a test module).

Everything is drawn here with resvg and Pillow, so the tests need no corpus: a two-color lockup
(an orange ring mark and three dark "word" bars), its white inverse, a deprecated version with
another mark, and helpers that render them the way pages show logos (scaled, stretched,
recolored, cropped, padded, on dark backgrounds) and build captures around them.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from brandcheck.analyze.rasterise import render_svg
from brandcheck.model import Box, Capture, Element, ImageAsset, Touchpoint, View

ORANGE = "#F4623A"
INK = "#212529"

_MARK = '<path fill-rule="evenodd" d="M22 4a16 16 0 1 1 0 32a16 16 0 1 1 0-32zm0 8a8 8 0 1 0 0 16a8 8 0 1 0 0-16z"/>'
_WORDS = '<path d="M46 8h60v7H46zM46 18h44v7H46zM46 28h68v5H46z"/>'
_OLD_MARK = '<path d="M22 4L38 36H6z"/>'


def lockup_svg(mark: str = ORANGE, words: str = INK, *, old: bool = False, extra: str = "") -> str:
    """The test brand's lockup (120 x 40 units): a ring mark and three word bars."""
    shape = _OLD_MARK if old else _MARK
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="240" height="80">'
            f'<g fill="{mark}">{shape}</g><g fill="{words}">{_WORDS}</g>{extra}</svg>')


def inverse_svg() -> str:
    return lockup_svg("#FFFFFF", "#FFFFFF")


def render(svg: str, w: int, h: int) -> np.ndarray:
    """RGBA floats of an SVG laid out in a w x h box (its own preserveAspectRatio applies)."""
    return render_svg(svg, w, h)


def stretch(svg: str) -> str:
    return svg.replace("<svg ", '<svg preserveAspectRatio="none" ', 1)


def on(rgba: np.ndarray, bg: tuple[int, int, int] | np.ndarray, pad: int = 0) -> np.ndarray:
    """The logo composited on a background color (or image), with `pad` px around it: a screenshot."""
    h, w = rgba.shape[:2]
    H, W = h + 2 * pad, w + 2 * pad
    if isinstance(bg, np.ndarray):
        base = np.asarray(Image.fromarray((bg * 255).astype(np.uint8)).resize((W, H)), np.float32)[..., :3] / 255
    else:
        base = np.empty((H, W, 3), np.float32)
        base[:] = np.array(bg, np.float32) / 255
    a = rgba[..., 3:4]
    base[pad:pad + h, pad:pad + w] = rgba[..., :3] * a + base[pad:pad + h, pad:pad + w] * (1 - a)
    return np.concatenate([base, np.ones((H, W, 1), np.float32)], axis=-1)


def noise_photo(w: int, h: int, seed: int = 0) -> np.ndarray:
    """A busy photo-like backdrop: smooth color blobs plus grain."""
    rng = np.random.default_rng(seed)
    small = rng.random((max(2, h // 16), max(2, w // 16), 3)).astype(np.float32)
    big = np.asarray(Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.Resampling.BICUBIC),
                     np.float32) / 255
    return np.clip(big * 0.6 + rng.random((h, w, 3)).astype(np.float32) * 0.15, 0, 1)


def png_bytes(rgba: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray((np.clip(rgba, 0, 1) * 255).round().astype(np.uint8), "RGBA").save(buf, "PNG")
    return buf.getvalue()


def write_kit(folder: Path, *, raster_primary: bool = False, extra_yaml: str = "") -> Path:
    """A kit folder with the lockup, its inverse and a deprecated version."""
    (folder / "logos" / "old").mkdir(parents=True, exist_ok=True)
    if raster_primary:
        (folder / "logos" / "lockup.png").write_bytes(png_bytes(render(lockup_svg(), 360, 120)))
        primary = "logos/lockup.png"
    else:
        (folder / "logos" / "lockup.svg").write_text(lockup_svg())
        primary = "logos/lockup.svg"
    (folder / "logos" / "lockup-white.svg").write_text(inverse_svg())
    (folder / "logos" / "old" / "lockup-2019.svg").write_text(lockup_svg(old=True))
    (folder / "brand.yaml").write_text(f"""brand: Testbrand
colors:
  palette:
    - {{name: Orange, hex: "{ORANGE}", role: primary}}
    - {{name: Ink, hex: "{INK}", role: text}}
    - {{name: Paper, hex: "#FFFFFF", role: background}}
logos:
  - {{name: primary, file: {primary}, min_width_px: 90, clear_space: 0.25}}
  - {{name: inverse, file: logos/lockup-white.svg, min_width_px: 90, clear_space: 0.25}}
deprecated_logos:
  - {{name: 2019 lockup, file: logos/old/lockup-2019.svg, replaced_by: primary}}
{extra_yaml}""")
    return folder


class PageBuilder:
    """A capture of a page put together by hand: elements with boxes, images with files and crops
    cut from a screenshot that is painted as the elements are added."""

    def __init__(self, folder: Path, kind: str = "website", size: tuple[int, int] = (1280, 800),
                 background: tuple[int, int, int] = (255, 255, 255), boxes: bool = True) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.boxes = boxes
        self.shot = np.empty((size[1], size[0], 3), np.float32)
        self.shot[:] = np.array(background, np.float32) / 255
        self.view = View(viewport=size, page_height=float(size[1]))
        self.tp = Touchpoint(id="page", kind=kind, source="page.html")
        self.n = 0
        bg = "#{:02X}{:02X}{:02X}".format(*background)
        self.html = self.element("html", None, Box(0, 0, size[0], size[1]), style={"background-color": bg})
        self.body = self.element("body", self.html, Box(0, 0, size[0], size[1]))
        self.header = self.element("header", self.body, Box(0, 0, size[0], 100), attrs={"class": "site-header"})

    def element(self, tag: str, parent: int | None, box: Box | None, *, attrs: dict[str, str] | None = None,
                style: dict[str, str] | None = None, text: str = "") -> int:
        eid = len(self.view.elements)
        sel = f"{tag}#e{eid}"
        el = Element(id=eid, tag=tag, selector=sel, parent=parent, box=box if self.boxes else None, visible=True,
                     style=dict(style or {}), attrs=dict(attrs or {}), content=[text] if text else [])
        self.view.elements.append(el)
        if parent is not None:
            self.view.elements[parent].content.append(eid)
        return eid

    def paint(self, rgba: np.ndarray, x: int, y: int) -> None:
        h, w = rgba.shape[:2]
        region = self.shot[y:y + h, x:x + w]
        a = rgba[: region.shape[0], : region.shape[1], 3:4]
        region[:] = rgba[: region.shape[0], : region.shape[1], :3] * a + region * (1 - a)

    def fill(self, box: Box, color: tuple[int, int, int]) -> None:
        self.shot[int(box.y):int(box.bottom), int(box.x):int(box.right)] = np.array(color, np.float32) / 255

    def image(self, kind: str, parent: int, box: Box, file_bytes: bytes | None, suffix: str, *,
              drawn: np.ndarray | None = None, tag: str | None = None, attrs: dict[str, str] | None = None,
              style: dict[str, str] | None = None, natural: tuple[int, int] | None = None,
              skipped: str | None = None, src: str | None = None) -> int:
        """An image element; `drawn` is what the browser would paint in its box (defaults to the file
        rendered in the box)."""
        eid = self.element(tag or ("svg" if kind == "svg" else "img"), parent, box, attrs=attrs, style=style)
        self.n += 1
        file = None
        if file_bytes is not None:
            file = f"images/f{self.n}{suffix}"
            (self.folder / "images").mkdir(exist_ok=True)
            (self.folder / file).write_bytes(file_bytes)
        if drawn is not None:
            self.paint(drawn, round(box.x), round(box.y))
        asset = ImageAsset(kind=kind, element=eid, selector=self.view.elements[eid].selector, src=src or file,
                           box=box if self.boxes else None, natural_size=natural, file=file, skipped=skipped)
        asset.crop = None
        self.view.images.append(asset)
        return eid

    def capture(self) -> Capture:
        if self.boxes:
            shot = Image.fromarray((np.clip(self.shot, 0, 1) * 255).round().astype(np.uint8), "RGB")
            shot.save(self.folder / "shot.png")
            self.view.screenshot = "shot.png"
            (self.folder / "crops").mkdir(exist_ok=True)
            for i, a in enumerate(self.view.images):
                if a.box is None or a.skipped:
                    continue
                b = a.box
                rel = f"crops/c{i}.png"
                shot.crop((round(b.x), round(b.y), round(b.right), round(b.bottom))).save(self.folder / rel)
                a.crop = rel
        return Capture(touchpoint=self.tp, method="browser" if self.boxes else "static", views=[self.view],
                       bundle=str(self.folder))
