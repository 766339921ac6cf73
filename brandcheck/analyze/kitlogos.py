"""The kit's logos as the logo analyzer needs them: pixels, shape, proportions and colors.

Each kit logo and deprecated logo (SVG or raster) is decoded once per kit per process (the cache
key is the kit's folder and digest, so an edited kit is read again) and described:

- its intrinsic aspect ratio (the SVG's viewBox or the raster's pixel size), and the box its ink
  fills inside that canvas, so that a logo measured on a page can be mapped back to the logo's
  full drawing (a 24-unit icon whose glyph spans 20 units is 16 px wide when its glyph is 13.3);
- its normalised shape (`logoshape.Shape`) for identification;
- the colors it is drawn in, for the recolor check;
- the other kit logos that are the same drawing in other colors (primary and inverse variants
  form one group: the shape names the drawing, the colors name the variant).

A kit logo that cannot be read does not stop the analysis: it is left out with its reason.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..kit import Kit, KitLogo
from . import logoshape as ls
from .rasterise import ImageLoadError, Loaded, load_image, render_svg

#: Two kit logos whose shapes match at least this well (and whose proportions agree) are one drawing.
SAME_DRAWING = 0.97
#: Height of the PNG written as evidence of a kit logo.
EVIDENCE_HEIGHT = 128


@dataclass
class KitLogoModel:
    """One kit logo (or deprecated logo), decoded and described."""

    logo: KitLogo
    loaded: Loaded
    shape: ls.Shape
    colors: list[ls.InkColor]
    aspect: float  # width / height of the logo's canvas (viewBox or pixels)
    ink_frac: tuple[float, float, float, float]  # the ink box as fractions of the canvas (x0, y0, x1, y1)
    group: str = ""  # name of the first kit logo with the same drawing
    _png: dict[str, Path] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.logo.name

    @property
    def deprecated(self) -> bool:
        return self.logo.deprecated

    @property
    def ink_aspect(self) -> float:
        """Width / height of the drawn ink: what a rendering's ink box is compared with."""
        return self.shape.aspect

    @property
    def ink_w_frac(self) -> float:
        return max(1e-6, self.ink_frac[2] - self.ink_frac[0])

    @property
    def ink_h_frac(self) -> float:
        return max(1e-6, self.ink_frac[3] - self.ink_frac[1])

    def render(self, height: int) -> np.ndarray:
        """RGBA of the logo at `height` px (its own proportions)."""
        height = max(2, int(height))
        width = max(2, round(height * self.aspect))
        if self.loaded.svg is not None:
            return render_svg(self.loaded.svg, width, height)
        from PIL import Image

        im = Image.fromarray((self.loaded.rgba * 255).round().astype(np.uint8), "RGBA")
        return np.asarray(im.resize((width, height), Image.Resampling.LANCZOS), dtype=np.float32) / 255.0

    def png(self, folder: Path) -> Path | None:
        """A PNG rendering of the kit logo in `folder` (written once), for reports to show beside a crop."""
        key = str(folder)
        if key in self._png and self._png[key].is_file():
            return self._png[key]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha1(f"{self.logo.file}|{self.name}".encode()).hexdigest()[:10]
            safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.name)[:40] or "logo"
            path = folder / f"{safe}-{digest}.png"
            if not path.is_file():
                from PIL import Image

                arr = self.render(EVIDENCE_HEIGHT)
                Image.fromarray((np.clip(arr, 0, 1) * 255).round().astype(np.uint8), "RGBA").save(path)
        except (OSError, ImageLoadError):
            return None
        self._png[key] = path
        return path


@dataclass
class KitLogoSet:
    """All the kit's logos that could be read, and why the others could not."""

    models: list[KitLogoModel]
    errors: list[str]

    @property
    def current(self) -> list[KitLogoModel]:
        return [m for m in self.models if not m.deprecated]

    def by_name(self, name: str) -> KitLogoModel | None:
        for m in self.models:
            if m.name == name:
                return m
        return None

    def variants(self, model: KitLogoModel) -> list[KitLogoModel]:
        """The logos with the same drawing as `model` (current and deprecated): their colors tell
        which one a rendering is."""
        return [m for m in self.models if m.group == model.group]


def describe(logo: KitLogo) -> KitLogoModel:
    """Decode and describe one kit logo; raises ImageLoadError with the reason when it cannot."""
    loaded = load_image(Path(logo.file))
    rgba = loaded.rgba
    mask, _ = ls.ink_mask(rgba)
    if mask is None:
        raise ImageLoadError("no logo can be told from its background (no transparency, no plain background)")
    shape = ls.shape_of(mask)
    if shape is None:
        raise ImageLoadError("the file draws nothing")
    h, w = mask.shape
    x0, y0, x1, y1 = shape.box
    if loaded.svg_info is not None and loaded.svg_info.aspect:
        aspect = float(loaded.svg_info.aspect)
    else:
        aspect = float(loaded.natural_size[0]) / float(loaded.natural_size[1])
    return KitLogoModel(logo=logo, loaded=loaded, shape=shape, colors=ls.ink_colors(rgba, mask), aspect=aspect,
                        ink_frac=(x0 / w, y0 / h, x1 / w, y1 / h))


def _group(models: list[KitLogoModel]) -> None:
    for i, m in enumerate(models):
        m.group = m.name
        for prev in models[:i]:
            if abs(np.log(prev.ink_aspect / m.ink_aspect)) < 0.03 and ls.ssim_score(m.shape, prev.shape) >= SAME_DRAWING:
                m.group = prev.group
                break


_CACHE: dict[tuple[str, str], KitLogoSet] = {}
_LOCK = threading.Lock()


def kit_logos(kit: Kit) -> KitLogoSet:
    """The kit's logos, decoded once per kit (folder and digest) per process."""
    key = (str(kit.path), kit.digest or ";".join(f"{lg.file}" for lg in kit.logos + kit.deprecated_logos))
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None:
        return hit
    models: list[KitLogoModel] = []
    errors: list[str] = []
    for lg in kit.logos + kit.deprecated_logos:
        try:
            models.append(describe(lg))
        except ImageLoadError as ex:
            errors.append(f"kit logo '{lg.name}' ({Path(lg.file).name}) cannot be analysed: {ex}")
    _group(models)
    result = KitLogoSet(models=models, errors=errors)
    with _LOCK:
        _CACHE[key] = result
    return result
