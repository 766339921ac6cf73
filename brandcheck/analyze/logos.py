"""Logo instances on a touchpoint: every image that could be a logo, which kit logo it is, and how
it is shown (measurement `logos`).

Candidates are the capture's images: `<img>` (and `<picture>` through its `<img>`), inline and
external SVG, CSS background images, the favicon, the Open Graph image and an email's header
image. Each is identified (`logoshape`: normalised ink masks compared with SSIM, crop tolerant)
from two views when the capture has both:

- the **file** the page references (image bytes, or the SVG markup, rendered without scripts or
  fetches), whose ink is exact and independent of what is behind it on the page, so a white logo
  over a photo or on a white bar is still recognised;
- the **crop** of the element from the full-page screenshot: what a customer sees, after CSS
  (`object-fit`, transforms, filters, `currentColor`).

The better of the two scores is the confidence. Whatever the two views can tell is then measured
for the rules to judge, none of it guessed when the capture cannot give it:

- proportions: the ink box's aspect ratio against the kit logo's, from the crop's pixels when it
  segments cleanly, else from the file laid out in the element's box the way a browser does
  (`object-fit`, the SVG's own `preserveAspectRatio`, scale transforms);
- the rendered size of the whole logo (the kit logo's canvas mapped onto the page through its
  ink box), its pixel density for raster files, and what else is drawn close to it (clear space);
- its colors (the crop's solid ink pixels; from the file when there is no crop), which variant of
  the drawing they fit (primary, inverse, a deprecated colorway), how far each color is from it,
  and the contrast with the backdrop, for the wrong colorway on a background.

A static capture has files but no boxes: identification still works (an outdated logo is found
statically), and the size checks say "needs review" instead of guessing.

With the `banner_search` analysis setting (on by default), pictures near the top that are not a
logo themselves are also searched for a kit logo drawn inside them (`logobanner`): a hero banner,
an email's header picture. What is found there becomes an instance of its own (`inside` names the
picture), with the box of the window it was found in.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..color import RGBA, contrast_ratio, delta_e, try_parse
from ..model import Box, Element, ImageAsset, View
from . import logobanner
from . import logoshape as ls
from .context import Context, MeasurementError, measurement
from .dom import Dom
from .kitlogos import KitLogoModel, KitLogoSet, kit_logos
from .rasterise import ImageLoadError, Loaded, load_image, render_svg

log = logging.getLogger("brandcheck.logos")

#: A candidate whose best shape score reaches this is a logo wherever it is. Set from
#: `benchmarks/logo_method.py`: no negative there (other brands' logos, icons, photos, round
#: illustrations, plain shapes) reaches it, while nine in ten renderings of kit logos down to 16 px
#: do, and all of those at usual sizes.
MATCH_MIN = 0.75
#: ...and this much where the page itself says it is a logo (home link, header, footer, "logo" in
#: its name or alt text, an email's header image, the favicon): the balanced-accuracy optimum of
#: the benchmark, which tiny and cropped renderings of kit logos reach.
CONTEXT_MIN = 0.45
#: The context that lowers the bar.
LOGO_CONTEXT = ("home-link", "named-logo", "brand-alt", "email-header", "favicon", "og")
#: Long side (px) of the pixels shape and colors are measured on.
WORK_SIDE = 256
#: Shape score from which a crop's own segmentation is trusted for measuring proportions.
CROP_TRUST = 0.72
#: A drawing this much wider or narrower than a kit logo is not that logo, however alike the shapes.
MAX_ASPECT_FACTOR = 1.8
#: Candidates per touchpoint (pages with hundreds of icons).
MAX_CANDIDATES = 250
#: Elements closer than this many logo heights are recorded as neighbours (for clear space).
NEIGHBOUR_REACH = 1.0
#: CSS px from the top of the page within which a logo counts as being in the header.
HEADER_TOP = 200.0
#: CSS px from the top of an email within which its header image sits.
EMAIL_HEADER_TOP = 300.0
#: Image kinds a logo can be drawn inside (the favicon is too small, the og:image is not shown on the page).
BANNER_KINDS = ("img", "svg", "background", "email-header")
#: Smallest picture searched for a logo inside (CSS px, or file px without boxes): room for a logo
#: of at least 16 px high next to something else.
BANNER_MIN_H = 40.0
BANNER_MIN_W = 120.0
#: Largest picture searched (CSS px area): beyond it an image is a page or section background.
BANNER_MAX_AREA = 1600.0 * 1200.0
#: Pictures searched per touchpoint, and an email's first images searched wherever they sit.
MAX_BANNERS = 6
EMAIL_FIRST_IMAGES = 3
#: Largest full-page screenshot decoded to cut a banner from (pixels).
MAX_SCREENSHOT_PIXELS = 60_000_000

_HOME_HREF = re.compile(r"^(/|#|#top|#page-top|#home|\./?|index\.html?|/index\.html?)$", re.I)
_LOGO_WORD = re.compile(r"logo|brand", re.I)
_CONTENT_TAGS = {"img", "svg", "video", "canvas", "input", "button", "select", "textarea", "iframe", "picture",
                 "object", "embed"}


# --------------------------------------------------------------------------- results


@dataclass
class ColorFit:
    """How one observed logo color fits the variant the logo was matched to."""

    hex: str
    share: float
    nearest: str  # hex of the variant's nearest color
    delta_e: float  # CIEDE2000


@dataclass
class Neighbour:
    """Another visible element drawn near a logo."""

    element: int
    selector: str
    box: Box
    distance: float  # CSS px from the logo's ink box (0: touching or overlapping)
    side: str  # left | right | above | below | over
    text: str = ""


@dataclass
class LogoInstance:
    """One candidate image and what the analyzer found about it."""

    index: int
    kind: str  # the ImageAsset kind
    element: int | None
    selector: str | None
    src: str | None
    box: Box | None  # the element's box (CSS px of the full page)
    is_logo: bool = False
    confidence: float = 0.0
    match: KitLogoModel | None = None  # the kit logo (variant) it is
    drawing: KitLogoModel | None = None  # the kit logo whose shape matched best (before the colors chose a variant)
    scores: dict[str, float] = field(default_factory=dict)  # kit logo name -> shape score
    shape_source: str | None = None  # file | crop: the view that gave the confidence
    context: list[str] = field(default_factory=list)  # header, nav, footer, home-link, named-logo, top
    # geometry
    ink_box: Box | None = None  # the drawn ink, CSS px
    logo_box: Box | None = None  # the kit logo's whole canvas mapped onto the page, CSS px
    aspect_ratio: float | None = None  # rendered ink proportions / kit ink proportions (1: undistorted)
    aspect_error: float = 0.0  # relative uncertainty of aspect_ratio (pixel quantisation)
    aspect_source: str | None = None  # crop | layout
    object_fit: str | None = None
    transform: str | None = None
    natural_size: tuple[float, float] | None = None
    raster: bool = False
    density: float | None = None  # image pixels per device pixel as shown (below 1: upscaled, blurry)
    drawn_size: tuple[float, float] | None = None  # CSS px the image itself is drawn at
    # colors
    colors: list[ls.InkColor] = field(default_factory=list)
    color_source: str | None = None  # crop | file
    color_fit: list[ColorFit] = field(default_factory=list)
    backdrop: str | None = None  # hex of the plain color behind the logo, when there is one
    contrast: float | None = None  # WCAG ratio of the logo's main color on the backdrop
    variant_contrast: dict[str, float] = field(default_factory=dict)  # each variant's main color on the backdrop
    neighbours: list[Neighbour] = field(default_factory=list)
    # evidence (absolute paths)
    crop_path: str | None = None
    file_path: str | None = None
    notes: list[str] = field(default_factory=list)
    inside: str | None = None  # found inside a larger image: that image's selector (or src)

    @property
    def rendered_width(self) -> float | None:
        return self.logo_box.w if self.logo_box else None

    @property
    def rendered_height(self) -> float | None:
        return self.logo_box.h if self.logo_box else None

    @property
    def where(self) -> str:
        return self.selector or self.src or f"image #{self.index}"

    @property
    def in_header(self) -> bool:
        return any(c in self.context for c in ("header", "nav", "email-header", "top"))


@dataclass
class HeaderInfo:
    """Where a header logo would be: the header element and its home link, if the page has them."""

    element: int | None = None
    selector: str | None = None
    box: Box | None = None
    link: int | None = None
    link_selector: str | None = None
    link_box: Box | None = None


@dataclass
class LogoReport:
    instances: list[LogoInstance]
    skipped: list[tuple[str, str]]  # (where, reason) for images that could not be analysed
    kit: KitLogoSet
    header: HeaderInfo
    boxes: bool  # the capture has element boxes (a browser capture)
    evidence_dir: str | None = None

    @property
    def logos(self) -> list[LogoInstance]:
        return [i for i, _ in self.matched()]

    def matched(self) -> list[tuple[LogoInstance, KitLogoModel]]:
        """The logos with the kit logo each one is, for the rules (which all need both)."""
        return [(i, i.match) for i in self.instances if i.is_logo and i.match is not None]


# --------------------------------------------------------------------------- helpers


def _css_px(v: str | None) -> float:
    try:
        return float(str(v).strip().removesuffix("px")) if v not in (None, "", "auto", "none") else 0.0
    except ValueError:
        return 0.0


def _scale_of(transform: str | None) -> tuple[float, float] | None:
    """(sx, sy) of a computed transform without rotation or skew; None when there is rotation."""
    if not transform or transform == "none":
        return 1.0, 1.0
    m = re.match(r"matrix\(\s*([^)]*)\)", transform.strip())
    if not m:
        return None
    try:
        a, b, c, d = (float(x) for x in m.group(1).split(",")[:4])
    except ValueError:
        return None
    if abs(b) > 1e-3 or abs(c) > 1e-3 or a == 0 or d == 0:
        return None
    return abs(a), abs(d)


def fit_rect(nat_w: float, nat_h: float, box_w: float, box_h: float, fit: str) -> tuple[float, float, float, float]:
    """Where `object-fit` draws an image of natural size nat_w x nat_h in a box (object-position: center)."""
    fit = (fit or "fill").strip()
    if fit == "fill" or nat_w <= 0 or nat_h <= 0:
        return 0.0, 0.0, box_w, box_h
    contain = min(box_w / nat_w, box_h / nat_h)
    cover = max(box_w / nat_w, box_h / nat_h)
    if fit == "contain":
        k = contain
    elif fit == "cover":
        k = cover
    elif fit == "none":
        k = 1.0
    elif fit == "scale-down":
        k = min(1.0, contain)
    else:
        return 0.0, 0.0, box_w, box_h
    w, h = nat_w * k, nat_h * k
    return (box_w - w) / 2, (box_h - h) / 2, w, h


def _load_crop(path: Path) -> np.ndarray | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            if im.width * im.height > 4_000_000:
                return None
            return np.asarray(im.convert("RGBA"), dtype=np.float32) / 255.0
    except (OSError, UnidentifiedImageError, ValueError):
        return None


def _too_thin(mask: np.ndarray) -> bool:
    """Whether hardly any of the ink covers whole pixels (below 12 of them, or a tenth of the ink)."""
    ink = int((mask >= 0.5).sum())
    solid = int((mask >= 0.9).sum())
    return ink > 0 and solid < max(12, 0.1 * ink)


def _rgba_hex(rgb01: np.ndarray) -> str:
    c = np.clip(np.asarray(rgb01, dtype=np.float64) * 255, 0, 255)
    return "#{:02X}{:02X}{:02X}".format(*(round(float(x)) for x in c[:3]))


def _rgba(rgb255: tuple[float, float, float]) -> RGBA:
    return RGBA(rgb255[0], rgb255[1], rgb255[2], 1.0)


def shape_scores(shape: ls.Shape | None, kit: KitLogoSet, *, gate_aspect: bool = True) -> dict[str, float]:
    """Shape score of a candidate against every kit logo; a drawing whose proportions are further
    from a kit logo's than any plausible distortion scores 0 against it."""
    out: dict[str, float] = {}
    if shape is None:
        return out
    for m in kit.models:
        if gate_aspect and abs(np.log(shape.aspect / m.ink_aspect)) > np.log(MAX_ASPECT_FACTOR):
            out[m.name] = 0.0
            continue
        out[m.name] = ls.match_score(shape, m.shape)
    return out


# --------------------------------------------------------------------------- the analyzer


class LogoAnalyzer:
    """Finds and measures the logo instances of one view."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.capture = ctx.capture
        self.view: View | None = ctx.view
        self.kit = kit_logos(ctx.kit)
        self.dom: Dom | None = ctx.get("dom") if self.view is not None else None
        self.boxes = bool(self.view and any(e.box is not None for e in self.view.elements))
        self.dpr = float(self.view.device_scale_factor or 1.0) if self.view else 1.0
        self._files: dict[tuple[str, str | None], Loaded | str] = {}
        self._backdrops: list[RGBA | None] | None = None
        self._shot: object | None = None  # the decoded full-page screenshot (PIL image) or why not
        bundle = self.capture.bundle
        self.evidence_dir = Path(bundle) / "logo-evidence" if bundle else None

    # ------------------------------------------------------------------ entry
    def run(self) -> LogoReport:
        header = self._header()
        report = LogoReport(instances=[], skipped=[], kit=self.kit, header=header, boxes=self.boxes,
                            evidence_dir=str(self.evidence_dir) if self.evidence_dir else None)
        if self.view is None or not self.kit.models:
            return report
        images = list(self.view.images)
        if len(images) > MAX_CANDIDATES:
            # keep the ones most likely to be logos: header and footer first, then by size
            images.sort(key=lambda a: (0 if self._context(a) else 1, -(a.box.area if a.box else 0)))
            report.skipped.append(("page", f"{len(images) - MAX_CANDIDATES} more images not analysed "
                                           f"(limit {MAX_CANDIDATES})"))
            images = images[:MAX_CANDIDATES]
        searched: list[tuple[LogoInstance, ImageAsset]] = []
        for i, asset in enumerate(images):
            where = asset.selector or asset.src or f"image #{i}"
            if asset.skipped and not asset.crop:
                report.skipped.append((where, asset.skipped))
                if asset.skipped != "1x1 tracker":
                    # kept (unidentified) so that a check can say the logo's place holds an image it
                    # could not read, rather than that there is no logo
                    report.instances.append(LogoInstance(
                        index=i, kind=asset.kind, element=asset.element, selector=asset.selector, src=asset.src,
                        box=asset.box, context=self._context(asset), notes=[f"not analysed: {asset.skipped}"]))
                continue
            try:
                inst = self.instance(i, asset)
            except Exception as ex:  # any failure on one image must skip that image with its reason, never the scan
                log.debug("logo candidate %s failed", where, exc_info=True)
                report.skipped.append((where, f"could not be analysed: {type(ex).__name__}: {ex}"))
                continue
            if inst is None:
                continue
            if inst.notes and not inst.is_logo and any(n.startswith("unreadable") for n in inst.notes):
                report.skipped.append((where, inst.notes[0]))
            report.instances.append(inst)
            searched.append((inst, asset))
        if self.ctx.settings.banner_search:
            self._banners(report, searched, images)
        return report

    # ------------------------------------------------------------------ logos inside pictures
    def _banner_reason(self, inst: LogoInstance, asset: ImageAsset, rank: int | None) -> str | None:
        """None when this picture is searched for a logo inside it, else why not.

        Searched: pictures that are not a logo themselves, big enough to hold a logo next to
        something else, where a brand's logo is put inside a picture and where the checks that
        use it look: the header or the top `HEADER_TOP` px of a page (a hero banner, a header strip
        drawn as one image), and an email's header picture or first `EMAIL_FIRST_IMAGES` images
        (an email's "header" is often a designed 600 px image). Pictures further down (product
        photos, illustrations) are not searched: each search costs tens of milliseconds and is
        one more chance for a chance match, and `logo.Missing` only looks at the header anyway."""
        if inst.is_logo or asset.kind not in BANNER_KINDS:
            return "not a picture"
        size = (asset.box.w, asset.box.h) if asset.box is not None else inst.natural_size
        if size is None:
            return "size unknown"
        if size[1] < BANNER_MIN_H or size[0] < BANNER_MIN_W:
            return "too small to hold a logo beside other content"
        email = self.ctx.touchpoint.kind == "email"
        top = asset.box is not None and asset.box.y < (EMAIL_HEADER_TOP if email else HEADER_TOP)
        region = any(c in inst.context for c in ("header", "nav", "email-header"))
        first = email and rank is not None and rank < EMAIL_FIRST_IMAGES
        if not (top or region or first):
            return "not in the header region"
        return None

    def _banners(self, report: LogoReport, searched: list[tuple[LogoInstance, ImageAsset]],
                 images: list[ImageAsset]) -> None:
        """Search the pictures `_banner_reason` admits for kit logos drawn inside them."""
        in_page = [a for a in images if a.kind in BANNER_KINDS]
        ranks = {id(a): k for k, a in enumerate(in_page)}
        todo = [(inst, a) for inst, a in searched if self._banner_reason(inst, a, ranks.get(id(a))) is None]
        if len(todo) > MAX_BANNERS:
            report.skipped.append(("page", f"{len(todo) - MAX_BANNERS} more pictures not searched for a logo inside "
                                           f"them (limit {MAX_BANNERS})"))
            todo = todo[:MAX_BANNERS]
        for inst, asset in todo:
            try:
                got = self._banner_pixels(inst, asset)
                if isinstance(got, str):
                    report.skipped.append((inst.where, f"not searched for a logo inside: {got}"))
                    continue
                rgba, to_page = got
                for m in logobanner.search(rgba, self.kit):
                    report.instances.append(self._banner_instance(inst, m, to_page))
            except Exception as ex:  # one picture that cannot be searched must not stop the scan
                log.debug("banner search in %s failed", inst.where, exc_info=True)
                report.skipped.append((inst.where, f"not searched for a logo inside: {type(ex).__name__}: {ex}"))

    def _screenshot(self) -> object | str:
        """The full-page screenshot, decoded once (PIL image), or why it is not available."""
        if self._shot is None:
            from PIL import Image, UnidentifiedImageError

            path = self.capture.bundle_path(self.view.screenshot if self.view else None)
            if path is None or not path.is_file():
                self._shot = "no screenshot"
            else:
                try:
                    with Image.open(path) as im:
                        if im.width * im.height > MAX_SCREENSHOT_PIXELS:
                            self._shot = f"screenshot of {im.width}x{im.height} px too large to decode"
                        else:
                            im.load()
                            self._shot = im.convert("RGB")
                except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as ex:
                    self._shot = f"screenshot not readable ({type(ex).__name__})"
        return self._shot

    def _banner_pixels(self, inst: LogoInstance, asset: ImageAsset
                       ) -> tuple[np.ndarray, Callable[[tuple[float, float, float, float]], Box | None]] | str:
        """The picture as the customer sees it, and how its pixels map to CSS px of the page.

        The screenshot (the element's crop, else the box cut from the full-page screenshot) is
        preferred: it is what is shown after `object-fit`, `background-size` and anything drawn
        over the picture, and its pixels map to the page exactly. Without one (a static capture)
        the file is searched; its windows map to the page through `object-fit` for `<img>`, and
        not at all for a CSS background (whose size and position are not modelled)."""
        box = asset.box
        if box is not None and box.area > BANNER_MAX_AREA:
            return f"{box.w:.0f}x{box.h:.0f} px: a page or section background, not a banner"
        if box is not None:
            crop = None
            crop_path = self.capture.bundle_path(asset.crop)
            if crop_path is not None and crop_path.is_file():
                crop = _load_crop(crop_path)
            if crop is None:
                shot = self._screenshot()
                if not isinstance(shot, str):
                    from PIL import Image

                    assert isinstance(shot, Image.Image)
                    x0, y0 = max(0, round(box.x * self.dpr)), max(0, round(box.y * self.dpr))
                    x1, y1 = min(shot.width, round(box.right * self.dpr)), min(shot.height, round(box.bottom * self.dpr))
                    if x1 - x0 >= 8 and y1 - y0 >= 8:
                        crop = np.asarray(shot.crop((x0, y0, x1, y1)).convert("RGBA"), dtype=np.float32) / 255.0
                        ox, oy = x0 / self.dpr, y0 / self.dpr  # where the cut starts, CSS px

                        def shot_map(b: tuple[float, float, float, float]) -> Box | None:
                            return Box(ox + b[0] / self.dpr, oy + b[1] / self.dpr, (b[2] - b[0]) / self.dpr,
                                       (b[3] - b[1]) / self.dpr)

                        return crop, shot_map
            if crop is not None:
                kx, ky = crop.shape[1] / max(box.w, 1e-6), crop.shape[0] / max(box.h, 1e-6)

                def crop_map(b: tuple[float, float, float, float]) -> Box | None:
                    return Box(box.x + b[0] / kx, box.y + b[1] / ky, (b[2] - b[0]) / kx, (b[3] - b[1]) / ky)

                return crop, crop_map
        path = self.capture.bundle_path(asset.file)
        if path is None:
            return "no screenshot and no file"
        e = self._element(asset.element)
        try:
            loaded = load_image(path, color=self._color_of(e), render_side=1024)
        except ImageLoadError as ex:
            return str(ex)
        rgba = loaded.rgba
        if box is None or asset.kind == "background":
            return rgba, lambda b: None
        fit = ((e.style.get("object-fit") if e else None) or "fill") if asset.kind in ("img", "email-header") \
            else "contain"
        rx, ry, rw, rh = fit_rect(loaded.natural_size[0], loaded.natural_size[1], box.w, box.h, fit)
        fx, fy = rw / rgba.shape[1], rh / rgba.shape[0]

        def file_map(b: tuple[float, float, float, float]) -> Box | None:
            return Box(box.x + rx + b[0] * fx, box.y + ry + b[1] * fy, (b[2] - b[0]) * fx, (b[3] - b[1]) * fy)

        return rgba, file_map

    def _banner_instance(self, banner: LogoInstance, m: logobanner.BannerMatch,
                         to_page: Callable[[tuple[float, float, float, float]], Box | None]) -> LogoInstance:
        """A logo found inside a picture, as an instance the logo rules can judge.

        Its box is the window it was found in, on the page; its ink box and the kit logo's canvas
        are mapped from the confirmed ink. What describes the picture rather than the logo
        (proportions of the box, object-fit, pixel density) is left unset; colors are read from
        the window the way a crop's are, and choose the variant."""
        inst = LogoInstance(index=banner.index, kind=banner.kind, element=banner.element, selector=banner.selector,
                            src=banner.src, box=to_page(m.window), inside=banner.where, is_logo=True,
                            confidence=round(m.score, 4), drawing=m.model, scores=dict(m.scores),
                            shape_source="banner", file_path=banner.file_path, natural_size=banner.natural_size,
                            raster=banner.raster)
        inst.notes.append(f"found inside a larger image at {banner.where} (search correlation {m.ncc:.2f})")
        ink = to_page(m.ink)
        inst.context = [c for c in banner.context if c != "top"]
        if inst.box is not None and inst.box.y < HEADER_TOP:
            inst.context.append("top")
        if ink is not None and ink.w > 0 and ink.h > 0:
            ref = m.model
            inst.ink_box = ink
            cw, ch = ink.w / ref.ink_w_frac, ink.h / ref.ink_h_frac
            inst.logo_box = Box(ink.x - ref.ink_frac[0] * cw, ink.y - ref.ink_frac[1] * ch, cw, ch)
        self._colors(inst, None, None, m.rgba, m.mask, m.background, m.score, None)
        self._choose_variant(inst, m.model)
        if self.evidence_dir is not None:
            inst.crop_path = self._banner_evidence(banner, m)
        return inst

    def _banner_evidence(self, banner: LogoInstance, m: logobanner.BannerMatch) -> str | None:
        """The window a logo was found in, as a PNG beside the other evidence."""
        assert self.evidence_dir is not None
        try:
            from PIL import Image

            self.evidence_dir.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha1(f"{banner.where}|{banner.index}|{m.window}".encode()).hexdigest()[:10]
            out = self.evidence_dir / f"banner-{digest}.png"
            Image.fromarray((np.clip(m.rgba, 0, 1) * 255).round().astype(np.uint8),
                            "RGBA" if m.rgba.shape[-1] == 4 else "RGB").save(out)
            return str(out)
        except OSError:
            return None

    # ------------------------------------------------------------------ context
    def _element(self, eid: int | None) -> Element | None:
        return self.view.element(eid) if self.view is not None else None

    def _context(self, asset: ImageAsset) -> list[str]:
        out: list[str] = []
        if asset.kind in ("favicon", "og", "email-header"):
            out.append(asset.kind)
        e = self._element(asset.element)
        if e is None or self.dom is None:
            return out
        regions = self.dom.regions[e.id]
        out += [r for r in ("header", "nav", "footer") if r in regions]
        chain = [e.id, *self.dom.ancestors(e.id)[:4]]
        brand = [self.ctx.kit.brand.lower(), *(a.lower() for a in self.ctx.kit.aliases)]
        for a in chain:
            el = self.dom.el(a)
            if el.tag == "a" and _HOME_HREF.match((el.attrs.get("href") or "").strip()):
                out.append("home-link")
                break
        for a in chain:
            el = self.dom.el(a)
            words = " ".join(el.attrs.get(k, "") for k in ("class", "id", "alt", "aria-label", "title", "role"))
            if _LOGO_WORD.search(words) or any(b and b in words.lower() for b in brand):
                out.append("named-logo")
                break
        if e.tag == "img" and any(b and b in (e.attrs.get("alt") or "").lower() for b in brand):
            out.append("brand-alt")
        if asset.box is not None and asset.box.y < HEADER_TOP:
            out.append("top")
        if self.ctx.touchpoint.kind == "email" and asset.box is not None and asset.box.y < EMAIL_HEADER_TOP \
                and "email-header" not in out and asset.kind in ("img", "svg"):
            first = next((a for a in self.view.images if a.kind in ("img", "svg", "email-header")), None)
            if first is asset:
                out.append("email-header")
        return list(dict.fromkeys(out))

    # ------------------------------------------------------------------ files
    def _color_of(self, e: Element | None) -> str | None:
        if e is None:
            return None
        c = try_parse(e.style.get("color"))
        return c.css() if c is not None else None

    def _load_file(self, asset: ImageAsset, color: str | None) -> Loaded | str:
        path = self.capture.bundle_path(asset.file)
        if path is None:
            return "no file in the capture"
        e = self._element(asset.element)
        painted = asset.crop is None and asset.kind == "svg" and e is not None and e.tag == "svg"
        key = (str(path), f"{color}|painted" if painted else color)
        if key not in self._files:
            try:
                if painted:
                    assert e is not None
                    source: Path | bytes = self._paint_from_dom(path.read_bytes(), e)
                else:
                    source = path
                self._files[key] = load_image(source, color=color, render_side=WORK_SIDE)
            except ImageLoadError as ex:
                self._files[key] = str(ex)
            except OSError as ex:
                self._files[key] = f"file not readable: {ex.strerror or ex}"
        return self._files[key]

    def _paint_from_dom(self, markup: bytes, e: Element) -> bytes:
        """Inline SVG markup with the fill and stroke the page's CSS gives each shape.

        Without a screenshot (a static capture) the file is all there is to read the colors from,
        and a page often paints its inline logo from its own stylesheet (`.logo path {fill: ...}`)
        or through `currentColor`: the computed styles of the captured elements say what each
        shape is painted with. The markup and the captured subtree are walked together; when they
        do not line up, the markup is used as it is."""
        from lxml import etree

        from .rasterise import _parser, sanitize_svg

        if self.dom is None:
            return markup
        try:
            root = etree.fromstring(sanitize_svg(markup).encode("utf-8"), _parser())
        except (ImageLoadError, etree.XMLSyntaxError):
            return markup
        nodes = [n for n in root.iter() if isinstance(n.tag, str)]
        ids = self.dom.subtree(e.id)
        if len(nodes) != len(ids) or any(n.tag.rsplit("}", 1)[-1].lower() != self.dom.el(i).tag.lower()
                                         for n, i in zip(nodes, ids, strict=True)):
            return markup
        for n, i in zip(nodes, ids, strict=True):
            st = self.dom.el(i).style
            css = []
            for prop in ("fill", "stroke"):
                v = (st.get(prop) or "").strip()
                if v.lower() == "currentcolor":
                    v = st.get("color") or ""
                c = try_parse(v) if v and v != "none" else None
                if c is not None:
                    css.append(f"{prop}:{c.css()}")
                elif v == "none":
                    css.append(f"{prop}:none")
            if css:  # the computed value wins over what the markup says
                n.set("style", (n.get("style") + ";" if n.get("style") else "") + ";".join(css))
        return etree.tostring(root)

    # ------------------------------------------------------------------ one candidate
    def instance(self, index: int, asset: ImageAsset) -> LogoInstance | None:
        e = self._element(asset.element)
        inst = LogoInstance(index=index, kind=asset.kind, element=asset.element, selector=asset.selector,
                            src=asset.src, box=asset.box, context=self._context(asset))
        if e is not None:
            inst.object_fit = e.style.get("object-fit") or None
            t = e.style.get("transform")
            inst.transform = t if t and t != "none" else None
        if asset.box is not None and (asset.box.w <= 1.5 or asset.box.h <= 1.5):
            return None  # trackers and spacers
        color = self._color_of(e)
        loaded: Loaded | None = None
        if asset.file:
            got = self._load_file(asset, color)
            if isinstance(got, str):
                inst.notes.append(f"unreadable file: {got}")
            else:
                loaded = got
                inst.notes += got.notes
                inst.raster = got.kind == "raster"
                inst.file_path = str(self.capture.bundle_path(asset.file))
        inst.natural_size = (tuple(float(v) for v in asset.natural_size) if asset.natural_size  # type: ignore[assignment]
                             else (loaded.natural_size if loaded else None))
        crop: np.ndarray | None = None
        crop_path = self.capture.bundle_path(asset.crop)
        if crop_path is not None and crop_path.is_file():
            crop = _load_crop(crop_path)
            if crop is not None:
                inst.crop_path = str(crop_path)
        if loaded is None and crop is None:
            if asset.skipped:
                inst.notes.append(f"unreadable file: {asset.skipped}")
            return inst

        # shapes of the two views
        file_mask = file_shape = None
        file_rgba = None
        if loaded is not None:
            file_rgba = ls.work_size(loaded.rgba, WORK_SIDE)
            file_mask, _ = ls.ink_mask(file_rgba)
            file_shape = ls.shape_of(file_mask) if file_mask is not None else None
        crop_mask = crop_shape = None
        crop_bg = None
        if crop is not None:
            crop = ls.work_size(crop, WORK_SIDE)
            crop_rgb = crop.copy()
            crop_rgb[..., 3] = 1.0
            crop_mask, crop_bg = ls.ink_mask(crop_rgb)
            crop_shape = ls.shape_of(crop_mask) if crop_mask is not None else None
        file_scores = shape_scores(file_shape, self.kit)
        crop_scores = shape_scores(crop_shape, self.kit)
        names = [m.name for m in self.kit.models]
        scores = {n: max(file_scores.get(n, 0.0), crop_scores.get(n, 0.0)) for n in names}
        inst.scores = {n: round(v, 4) for n, v in scores.items()}
        if not scores:
            return inst
        best_name = max(scores, key=lambda n: scores[n])
        best = scores[best_name]
        drawing = self.kit.by_name(best_name)
        assert drawing is not None
        inst.drawing = drawing
        inst.confidence = round(best, 4)
        inst.shape_source = "file" if file_scores.get(best_name, 0.0) >= crop_scores.get(best_name, 0.0) else "crop"
        logo_context = any(c in inst.context for c in LOGO_CONTEXT)
        inst.is_logo = best >= MATCH_MIN or (best >= CONTEXT_MIN and logo_context)
        if not inst.is_logo:
            return inst

        # geometry and colors
        model_mask = None
        if asset.box is not None:
            model_mask = self._geometry(inst, asset, e, loaded, crop, crop_shape, drawing)
        self._colors(inst, file_rgba, file_mask, crop, crop_mask, crop_bg, crop_scores.get(best_name, 0.0),
                     model_mask)
        self._choose_variant(inst, drawing)
        if asset.box is not None and inst.ink_box is not None and self.dom is not None:
            inst.neighbours = self._neighbours(inst)
        return inst

    # ------------------------------------------------------------------ geometry
    def _layout(self, asset: ImageAsset, e: Element | None, loaded: Loaded, box: Box, scale: float
                ) -> tuple[np.ndarray, tuple[float, float, float, float], tuple[float, float, float, float]] | None:
        """The file drawn as a browser lays it out in the element's box, at `scale` px per CSS px.

        Returns the drawing (the whole image, even where `object-fit: cover` lets the box cut it),
        the rect it occupies (CSS px, relative to the box's top left, inside the borders) and the
        content box (x, y, w, h) it is clipped to. Scale transforms are undone by the caller."""
        bl = _css_px(e.style.get("border-left-width")) if e else 0.0
        bt = _css_px(e.style.get("border-top-width")) if e else 0.0
        bw = max(1.0, box.w - bl - (_css_px(e.style.get("border-right-width")) if e else 0.0))
        bh = max(1.0, box.h - bt - (_css_px(e.style.get("border-bottom-width")) if e else 0.0))
        fit = (e.style.get("object-fit") if e else None) or "fill"
        if asset.kind not in ("img", "email-header"):
            fit = "fill"  # inline SVG and <object>: the document fits itself (preserveAspectRatio)
        nat = loaded.natural_size
        if loaded.kind == "svg" and loaded.svg_info is not None and loaded.svg_info.aspect:
            nat = (loaded.svg_info.aspect * 100.0, 100.0)
        rx, ry, rw, rh = fit_rect(nat[0], nat[1], bw, bh, fit)
        dw, dh = max(1, round(rw * scale)), max(1, round(rh * scale))
        if dw * dh > 8_000_000:
            return None
        if loaded.kind == "svg" and loaded.svg is not None:
            img = render_svg(loaded.svg, dw, dh, color=self._color_of(e))
        else:
            from PIL import Image

            im = Image.fromarray((loaded.rgba * 255).round().astype(np.uint8), "RGBA")
            img = np.asarray(im.resize((dw, dh), Image.Resampling.BILINEAR), dtype=np.float32) / 255.0
        return img, (bl + rx, bt + ry, rw, rh), (bl, bt, bw, bh)

    @staticmethod
    def _clip_to(img: np.ndarray, rect: tuple[float, float, float, float], box: Box, size: tuple[int, int]
                 ) -> np.ndarray:
        """The drawing's ink mask as it falls on a crop of `size` (w, h) px of the element's box."""
        from PIL import Image

        W, H = size
        kx, ky = W / max(box.w, 1e-6), H / max(box.h, 1e-6)
        out = np.zeros((H, W), np.float32)
        dw, dh = max(1, round(rect[2] * kx)), max(1, round(rect[3] * ky))
        m8 = Image.fromarray((np.clip(img[..., 3] if img.shape[-1] == 4 else img, 0, 1) * 255).astype(np.uint8))
        m = np.asarray(m8.resize((dw, dh), Image.Resampling.BOX), dtype=np.float32) / 255.0
        ox, oy = round(rect[0] * kx), round(rect[1] * ky)
        x0, y0, x1, y1 = max(0, ox), max(0, oy), min(W, ox + dw), min(H, oy + dh)
        if x1 > x0 and y1 > y0:
            out[y0:y1, x0:x1] = m[y0 - oy:y1 - oy, x0 - ox:x1 - ox]
        return out

    def _geometry(self, inst: LogoInstance, asset: ImageAsset, e: Element | None, loaded: Loaded | None,
                  crop: np.ndarray | None, crop_shape: ls.Shape | None, ref: KitLogoModel) -> np.ndarray | None:
        """Ink box, proportions, rendered size and density; returns the layout model's mask at crop size."""
        box = asset.box
        assert box is not None
        model_mask = None
        scale_xy = _scale_of(inst.transform)
        layout_box = box
        if scale_xy is not None and scale_xy != (1.0, 1.0):
            layout_box = Box(box.x, box.y, box.w / scale_xy[0], box.h / scale_xy[1])
        layout_ink: tuple[float, float, float, float] | None = None  # CSS px relative to the box
        layout_err = 0.0
        if loaded is not None:
            scale = float(np.clip(96.0 / max(1.0, min(layout_box.w, layout_box.h)), 1.0, 8.0))
            lay = self._layout(asset, e, loaded, layout_box, scale)
            if lay is not None:
                img, rect, content = lay
                sx, sy = scale_xy or (1.0, 1.0)
                inst.drawn_size = (rect[2] * sx, rect[3] * sy)
                if rect[0] < content[0] - 0.5 or rect[1] < content[1] - 0.5 or \
                        rect[0] + rect[2] > content[0] + content[2] + 0.5 or rect[1] + rect[3] > content[1] + content[3] + 0.5:
                    inst.notes.append("the image is larger than its box (object-fit: cover): the box cuts the logo")
                mask, _ = ls.ink_mask(img)
                b = ls.ink_box(mask) if mask is not None else None
                if b is not None:
                    # the whole drawing's ink (a cut by the box does not change the drawing's proportions)
                    layout_ink = ((rect[0] + b[0] / scale) * sx, (rect[1] + b[1] / scale) * sy,
                                  (rect[0] + b[2] / scale) * sx, (rect[1] + b[3] / scale) * sy)
                    layout_err = 1.0 / (scale * max(1.0, min(b[2] - b[0], b[3] - b[1])))
                    if crop is not None and mask is not None:
                        ink_only = np.where(mask[..., None] > 0, img, 0.0) if img.shape[-1] == 4 else img
                        ink_only = ink_only.copy()
                        ink_only[..., 3] = mask
                        lay_box = Box(box.x, box.y, box.w / sx, box.h / sy)
                        model_mask = self._clip_to(ink_only, rect, lay_box, (crop.shape[1], crop.shape[0])) \
                            if (sx, sy) == (1.0, 1.0) else None
        crop_ink: tuple[float, float, float, float] | None = None
        crop_err = 0.0
        if crop is not None and crop_shape is not None and ls.ssim_score(crop_shape, ref.shape) >= CROP_TRUST:
            kx, ky = crop.shape[1] / max(box.w, 1e-6), crop.shape[0] / max(box.h, 1e-6)
            x0, y0, x1, y1 = crop_shape.box
            crop_ink = (x0 / kx, y0 / ky, x1 / kx, y1 / ky)
            crop_err = 0.5 / max(1.0, x1 - x0) + 0.5 / max(1.0, y1 - y0)
        # The file laid out in its box is exact (no segmentation, whatever is behind the logo) as far
        # as layout goes; the crop is what is seen, and the only view of what layout does not model
        # (rotation, CSS backgrounds).
        if layout_ink is not None and scale_xy is not None:
            ink, inst.aspect_source, inst.aspect_error = layout_ink, "layout", layout_err
            if crop_ink is not None:
                seen = ((crop_ink[2] - crop_ink[0]) / max(1e-6, crop_ink[3] - crop_ink[1]))
                laid = ((layout_ink[2] - layout_ink[0]) / max(1e-6, layout_ink[3] - layout_ink[1]))
                if abs(np.log(seen / laid)) > 0.1 + crop_err:
                    inst.notes.append(f"the screenshot shows proportions {seen:.2f} where the layout gives "
                                      f"{laid:.2f}: something the layout model does not know (CSS effects, "
                                      "content over the logo)")
        elif crop_ink is not None:
            ink, inst.aspect_source, inst.aspect_error = crop_ink, "crop", crop_err
        elif layout_ink is not None:
            ink, inst.aspect_source, inst.aspect_error = layout_ink, "layout", layout_err
            inst.notes.append("rotated or skewed: proportions measured without the transform")
        else:
            return model_mask
        x0, y0, x1, y1 = ink
        iw, ih = x1 - x0, y1 - y0
        if iw <= 0 or ih <= 0:
            return model_mask
        inst.ink_box = Box(box.x + x0, box.y + y0, iw, ih)
        inst.aspect_ratio = (iw / ih) / ref.ink_aspect
        # the whole logo (its canvas) on the page, from its ink box
        cw, ch = iw / ref.ink_w_frac, ih / ref.ink_h_frac
        inst.logo_box = Box(inst.ink_box.x - ref.ink_frac[0] * cw, inst.ink_box.y - ref.ink_frac[1] * ch, cw, ch)
        if inst.raster and inst.natural_size and inst.drawn_size and inst.drawn_size[0] > 0:
            inst.density = inst.natural_size[0] / (inst.drawn_size[0] * self.dpr)
        return model_mask

    # ------------------------------------------------------------------ colors
    def _colors(self, inst: LogoInstance, file_rgba: np.ndarray | None, file_mask: np.ndarray | None,
                crop: np.ndarray | None, crop_mask: np.ndarray | None, crop_bg: np.ndarray | None,
                crop_score: float, model_mask: np.ndarray | None) -> None:
        """The logo's colors as seen (crop) or as drawn (file), and its backdrop."""
        if crop is not None:
            rgb = crop.copy()
            rgb[..., 3] = 1.0
            # which crop pixels are ink: the file laid out in the box (exact, whatever is behind the
            # logo) when the screenshot shows the logo where the layout puts it, else the crop's own
            mask = None
            aligned = model_mask is not None and float(model_mask.max()) >= 0.9
            if aligned and crop_mask is not None and float(crop_mask.sum()) >= 0.3 * float(model_mask.sum()):
                # the screenshot may show the page in another state than the layout (a navbar that
                # shrinks on scroll): then the crop's own ink is what is seen
                iou = float(np.minimum(model_mask, crop_mask).sum() / max(1e-6, np.maximum(model_mask, crop_mask).sum()))
                if iou < 0.5:
                    aligned = False
                    inst.notes.append(f"the screenshot does not show the logo where the layout puts it (overlap "
                                      f"{iou:.2f}): colors are read from the screenshot's own ink")
            if aligned:
                mask = model_mask
            elif crop_mask is not None and crop_score >= CONTEXT_MIN:
                mask = crop_mask
            if mask is not None and _too_thin(mask):
                # strokes a pixel or two wide: no pixel is all ink, every one is a blend with what is
                # behind, so the screenshot cannot tell the logo's colors (the file still can)
                inst.notes.append("the logo is drawn too thin at this size for its pixels to show its colors: "
                                  "colors read from its file")
                mask = None
            if mask is not None:
                back = mask < 0.02
                if model_mask is not None and mask is model_mask and crop_mask is not None:
                    back &= crop_mask < 0.5
                backdrop = None
                if int(back.sum()) >= 8:
                    px = rgb[..., :3][back]
                    med = np.median(px, axis=0)
                    spread = float(np.percentile(np.abs(px - med).max(axis=1), 80))
                    if spread <= 0.08:
                        backdrop = med.astype(np.float32)
                elif crop_bg is not None and mask is crop_mask:
                    backdrop = crop_bg
                # with a plain backdrop, anti-aliased blends with it are folded into the ink colors
                cols = ls.ink_colors(rgb, mask, background=backdrop)
                if backdrop is not None and len(cols) > 1:
                    # ink "colored" like the backdrop is backdrop seen through a slightly shifted mask;
                    # a logo entirely in the backdrop's color (white on white) keeps it
                    blab = ls.lab_of(backdrop.reshape(1, 3))[0]
                    kept = [c for c in cols if float(np.sqrt(((np.array(c.lab) - blab) ** 2).sum())) > 5.0]
                    if kept:
                        total = sum(c.share for c in kept)
                        for c in kept:
                            c.share /= total
                        cols = kept
                if cols:
                    inst.colors, inst.color_source = cols, "crop"
                    inst.backdrop = _rgba_hex(backdrop) if backdrop is not None else None
        if not inst.colors and file_rgba is not None and file_mask is not None:
            inst.colors, inst.color_source = ls.ink_colors(file_rgba, file_mask), "file"
        if inst.backdrop is None and self.dom is not None and inst.element is not None and inst.color_source == "file":
            back = self._dom_backdrop(inst.element)
            if back is not None:
                inst.backdrop = back.hex

    def _dom_backdrop(self, eid: int) -> RGBA | None:
        """The opaque background behind an element from computed styles (static captures).

        Computed here from the DOM rather than through the `colors` measurement, which itself
        asks for the logos (to leave their pixels out)."""
        from .colors import backdrops

        if self._backdrops is None and self.dom is not None:
            self._backdrops = backdrops(self.dom)
        if not self._backdrops or eid >= len(self._backdrops):
            return None
        return self._backdrops[eid]

    def _choose_variant(self, inst: LogoInstance, drawing: KitLogoModel) -> None:
        """Pick the variant of the drawing whose colors the rendering fits best, and measure the fit."""
        variants = self.kit.variants(drawing)
        if not inst.colors:
            inst.match = drawing
            return
        obs_lab = np.array([c.lab for c in inst.colors], dtype=np.float64)
        shares = np.array([c.share for c in inst.colors], dtype=np.float64)
        best: tuple[float, KitLogoModel, list[ColorFit]] | None = None
        for v in variants:
            if not v.colors:
                continue
            kit_lab = np.array([c.lab for c in v.colors], dtype=np.float64)
            d = delta_e(obs_lab[:, None, :], kit_lab[None, :, :])
            d = np.atleast_2d(d)
            j = d.argmin(axis=1)
            dmin = d[np.arange(len(inst.colors)), j]
            # a variant whose main colors are absent from the rendering fits worse
            missing = 0.0
            for k, kc in enumerate(v.colors):
                if kc.share >= 0.15 and float(d[:, k].min()) > 10.0:
                    missing += kc.share * 10.0
            cost = float((dmin * shares).sum()) + missing
            fits = [ColorFit(hex=c.hex, share=round(c.share, 3), nearest=v.colors[int(j[i])].hex,
                             delta_e=round(float(dmin[i]), 2)) for i, c in enumerate(inst.colors)]
            # prefer a current logo to a deprecated one of the same drawing at equal fit
            cost += 0.5 if v.deprecated else 0.0
            if best is None or cost < best[0]:
                best = (cost, v, fits)
        if best is None:
            inst.match = drawing
            return
        inst.match, inst.color_fit = best[1], best[2]
        if inst.backdrop is not None:
            back = try_parse(inst.backdrop)
            if back is not None:
                main = inst.colors[0]
                inst.contrast = round(contrast_ratio(_rgba(main.rgb), back), 2)
                for v in variants:
                    if v.colors and not v.deprecated:
                        inst.variant_contrast[v.name] = round(contrast_ratio(_rgba(v.colors[0].rgb), back), 2)

    # ------------------------------------------------------------------ clear space
    def _neighbours(self, inst: LogoInstance) -> list[Neighbour]:
        """Visible content drawn within reach of the logo: text, images, controls, painted boxes."""
        assert self.dom is not None and inst.ink_box is not None and self.view is not None
        ink = inst.ink_box
        reach = NEIGHBOUR_REACH * (inst.logo_box.h if inst.logo_box else ink.h)
        zone = ink.expanded(reach)
        own = set(self.dom.subtree(inst.element)) if inst.element is not None else set()
        ancestors = set(self.dom.ancestors(inst.element)) if inst.element is not None else set()
        try:
            ignored = self.ctx.get("ignored")
        except MeasurementError:
            ignored = set()
        out: list[Neighbour] = []
        for el in self.view.elements:
            if el.id in own or el.id in ancestors or el.id in ignored or not el.visible or el.box is None:
                continue
            b = el.box
            if b.w <= 0.5 or b.h <= 0.5 or b.intersection(zone) <= 0:
                continue
            if b.contains(ink, slack=0.5):
                continue  # a container (a bar, a section) around the logo, not something next to it
            if not self._is_content(el):
                continue
            dx = max(ink.x - b.right, b.x - ink.right, 0.0)
            dy = max(ink.y - b.bottom, b.y - ink.bottom, 0.0)
            dist = float(max(dx, dy)) if dx == 0 or dy == 0 else float(np.hypot(dx, dy))
            if dx == 0 and dy == 0:
                side = "over"
            elif dx >= dy:
                side = "left" if b.right <= ink.x + 0.5 else "right"
            else:
                side = "above" if b.bottom <= ink.y + 0.5 else "below"
            out.append(Neighbour(element=el.id, selector=el.selector, box=b, distance=round(dist, 2), side=side,
                                 text=el.own_text[:60]))
        # an element and its own children are one thing next to the logo: keep the outermost
        ids = {n.element for n in out}
        out = [n for n in out if not any(a in ids for a in self.dom.ancestors(n.element))]
        return sorted(out, key=lambda n: n.distance)

    def _is_content(self, el: Element) -> bool:
        if el.tag in ("html", "body", "head", "script", "style", "br", "wbr", "noscript", "template"):
            return False
        try:
            if float(el.style.get("opacity", "1") or 1) <= 0.01:
                return False
        except ValueError:
            pass
        if el.own_text.strip() or el.tag in _CONTENT_TAGS:
            return True
        bg = try_parse(el.style.get("background-color"))
        if bg is not None and bg.a > 0.05:
            return True
        if el.style.get("background-image", "none") not in ("none", ""):
            return True
        for side in ("top", "right", "bottom", "left"):
            if el.style.get(f"border-{side}-style", "none") not in ("none", "hidden") and \
                    _css_px(el.style.get(f"border-{side}-width")) > 0:
                return True
        return False

    # ------------------------------------------------------------------ header
    def _header(self) -> HeaderInfo:
        info = HeaderInfo()
        if self.view is None or self.dom is None:
            return info
        regions = self.dom.regions
        for e in self.view.elements:
            if not e.visible:
                continue
            own = regions[e.id] - (regions[e.parent] if e.parent is not None else frozenset())
            if "header" in own or ("nav" in own and info.element is None):
                if info.element is None or ("header" in own and "header" not in regions[info.element]):
                    info.element, info.selector, info.box = e.id, e.selector, e.box
                if "header" in own:
                    break
        scope = set(self.dom.subtree(info.element)) if info.element is not None else None
        for e in self.view.elements:
            # an invisible (empty) home link still says where the logo belongs
            if e.tag != "a" or (scope is not None and e.id not in scope) or (scope is None and not e.visible):
                continue
            href = (e.attrs.get("href") or "").strip()
            cls = e.attrs.get("class", "")
            if _HOME_HREF.match(href) or _LOGO_WORD.search(cls) or "navbar-brand" in cls:
                if scope is None and (e.box is None or e.box.y > HEADER_TOP):
                    continue
                info.link, info.link_selector, info.link_box = e.id, e.selector, e.box
                break
        return info


def evidence_png(inst: LogoInstance, loaded_dir: Path | None) -> str | None:
    """Where the rendered logo can be seen: its crop, else its file rendered to a PNG in the bundle."""
    if inst.crop_path:
        return inst.crop_path
    if inst.file_path is None or loaded_dir is None:
        return None
    try:
        loaded = load_image(Path(inst.file_path))
    except ImageLoadError:
        return None
    if loaded.kind == "raster" and Path(inst.file_path).suffix.lower() == ".png":
        return inst.file_path
    try:
        loaded_dir.mkdir(parents=True, exist_ok=True)
        out = loaded_dir / f"file-{hashlib.sha1(inst.file_path.encode()).hexdigest()[:10]}.png"
        if not out.is_file():
            from PIL import Image

            Image.fromarray((np.clip(loaded.rgba, 0, 1) * 255).round().astype(np.uint8), "RGBA").save(out)
        return str(out)
    except OSError:
        return None


@measurement("logos")
def logos(ctx: Context) -> LogoReport:
    """Every logo instance of the touchpoint (see the module docstring)."""
    return LogoAnalyzer(ctx).run()
