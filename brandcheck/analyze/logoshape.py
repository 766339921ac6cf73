"""Logo identification: what shape is drawn, in which colors, and how well it matches a kit logo.

Method (chosen by measurement, figures below):

1. **Ink mask.** A logo is told from what is around it by transparency when the image has it
   (alpha), otherwise by its difference from the background, the dominant color of the image's
   border ring (CIELAB distance, soft so anti-aliased edges count partly). That is the same
   whether the logo is orange on white, white on a dark bar or inside an opaque PNG plate, so the
   primary and the inverse variant of a logo have the same mask.
2. **Normalisation.** The mask is trimmed to its ink box (padding gone), resampled to a fixed
   square with anti-aliasing and blurred a little (scale and anti-aliasing gone). The ink box's
   aspect ratio is kept aside: it is what the distortion check measures, and the shape match
   does not depend on it, so a stretched logo is still recognised as that logo.
3. **Match.** SSIM between normalised masks (structure, not just overlap) gives the shape score.
   To survive small crops (a logo cut by its container, an edge lost to `object-fit: cover`),
   the candidate is also slid over the kit logo at its own proportions and a few scales
   (normalised cross correlation, `match_template`), and the better of the two scores counts.

Why this method: `benchmarks/logo_method.py` renders every logo of the corpus kits the ways pages
show them (16 to 240 px, own colors, one color on the other background, on brand colors padded,
stretched x1.3 / y1.35 / x0.8, hue-shifted, recolored, cut 10-12 % along an edge, padded 80 %,
JPEG q60: 252 positives) and takes other brands' logos, icons, photos, round illustrations, words
and plain shapes as negatives (268 comparisons). Each method at its best threshold (balanced
accuracy; positives / negatives right; time per candidate in that script, full-size images):

    mask SSIM + crop search   0.994   0.988 / 1.000    60 ms   (1st percentile of positives 0.75,
                                                               best negative 0.62)
    mask SSIM alone           0.986   0.980 / 0.993    19 ms   (edge cuts: 8 of 11)
    perceptual hash (DCT)     0.975   0.968 / 0.981    30 ms   (negatives up to 0.75, positives from 0.62)
    soft Dice of masks        0.969   0.956 / 0.981    22 ms
    ORB + RANSAC              0.919   0.841 / 0.996   488 ms   (too few keypoints on flat marks at 16-40 px)

Logos over busy photos are apart: a crop's border is not a plain background there, so the
product identifies them from their file (whose ink is exact) and uses the crop only for colors.
In the product, shapes and colors are measured on images reduced to 256 px, which brings the
whole analysis of a candidate to about 20 ms of CPU (`benchmarks/logo_identify.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Side of the normalised mask.
NORM = 48
#: Height of the strip used for crop-tolerant matching.
STRIP_H = 32


@dataclass
class Shape:
    """The normalised shape of an ink mask."""

    norm: np.ndarray  # NORM x NORM float32: the ink box resampled to a square and blurred
    strip: np.ndarray  # STRIP_H high, width by aspect: the ink box at its own proportions
    aspect: float  # ink box width / height, in source pixels
    box: tuple[float, float, float, float]  # ink box x0, y0, x1, y1 (sub-pixel, source pixels)
    size: tuple[int, int]  # source width, height
    fill: float  # share of the ink box covered by ink

    @property
    def box_w(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def box_h(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class InkColor:
    rgb: tuple[float, float, float]  # 0..255
    lab: tuple[float, float, float]
    share: float  # of the ink pixels sampled

    @property
    def hex(self) -> str:
        return "#{:02X}{:02X}{:02X}".format(*(max(0, min(255, round(c))) for c in self.rgb))


# --------------------------------------------------------------------------- color space


# sRGB (D65) -> XYZ, normalised by the D65 white, as scikit-image's rgb2lab computes it
_RGB2XYZ = (np.array([[0.412453, 0.357580, 0.180423],
                      [0.212671, 0.715160, 0.072169],
                      [0.019334, 0.119193, 0.950227]], np.float64)
            / np.array([0.95047, 1.0, 1.08883])[:, None]).T.astype(np.float32)
_LINEAR = np.where(np.arange(4096) / 4095.0 > 0.04045, ((np.arange(4096) / 4095.0 + 0.055) / 1.055) ** 2.4,
                   np.arange(4096) / 4095.0 / 12.92).astype(np.float32)


def lab_of(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of sRGB floats in 0..1, any leading shape.

    The same conversion as scikit-image's `rgb2lab` (tested against it), in float32 with the sRGB
    curve read from a 12-bit table: this runs on every pixel of every candidate, and the
    general-purpose version was most of the analyzer's time."""
    shp = rgb.shape
    idx = np.clip(np.rint(rgb.reshape(-1, 3) * 4095.0), 0, 4095).astype(np.int32)
    xyz = _LINEAR[idx] @ _RGB2XYZ
    eps = 0.008856
    f = np.where(xyz > eps, np.cbrt(xyz), 7.787 * xyz + 16.0 / 116.0)
    lab = np.empty_like(xyz)
    lab[:, 0] = np.where(xyz[:, 1] > eps, 116.0 * f[:, 1] - 16.0, 903.3 * xyz[:, 1])
    lab[:, 1] = 500.0 * (f[:, 0] - f[:, 1])
    lab[:, 2] = 200.0 * (f[:, 1] - f[:, 2])
    return lab.reshape(shp)


def delta_e76(lab: np.ndarray, ref: np.ndarray) -> np.ndarray:
    return np.sqrt(((lab - ref) ** 2).sum(axis=-1))


# --------------------------------------------------------------------------- masks


def border_ring(rgb: np.ndarray) -> np.ndarray:
    """The pixels of the outer ring of an image (1 px, or 2 px when it is large enough)."""
    h, w = rgb.shape[:2]
    t = 2 if min(h, w) >= 16 else 1
    parts = [rgb[:t].reshape(-1, 3), rgb[-t:].reshape(-1, 3), rgb[t:-t, :t].reshape(-1, 3),
             rgb[t:-t, -t:].reshape(-1, 3)]
    return np.concatenate([p for p in parts if p.size])


def background_of(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """The dominant color of the border ring (0..1 RGB) and the share of the ring it covers.

    A share well below one half means the image has no plain background (a photo, a gradient)."""
    ring = border_ring(rgb)
    if ring.size == 0:
        return np.ones(3, dtype=np.float32), 0.0
    q = np.round(ring * 15).astype(np.int32)
    keys = q[:, 0] * 256 + q[:, 1] * 16 + q[:, 2]
    vals, counts = np.unique(keys, return_counts=True)
    mode = vals[int(np.argmax(counts))]
    center = np.array([mode // 256, (mode // 16) % 16, mode % 16], dtype=np.float32) / 15.0
    near = np.abs(ring - center).max(axis=1) <= 0.09
    color = ring[near].mean(axis=0) if near.any() else center
    return color.astype(np.float32), float(near.mean())


def has_transparency(rgba: np.ndarray) -> bool:
    return rgba.shape[-1] == 4 and float((rgba[..., 3] < 0.5).mean()) > 0.02


def ink_mask(rgba: np.ndarray, background: np.ndarray | None = None, *, min_share: float = 0.45,
             lo: float = 6.0, hi: float = 24.0) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Soft ink mask (H x W, 0..1) and the background color it was measured against.

    Transparency decides when the image has it. Otherwise each pixel's CIELAB distance to the
    background counts from `lo` (nothing) to `hi` (fully ink). Returns (None, None) when the image
    has no plain background to tell the logo from (a photo), and `background` was not given.
    """
    if has_transparency(rgba):
        return rgba[..., 3].astype(np.float32), None
    rgb = rgba[..., :3]
    if background is None:
        background, share = background_of(rgb)
        if share < min_share:
            return None, None
    bg_lab = lab_of(np.asarray(background, dtype=np.float32).reshape(1, 3))[0]
    d = delta_e76(lab_of(rgb), bg_lab)
    # the background's own noise (JPEG ringing, dithering) raises the floor, and so does a strong
    # contrast: ink 60 ΔE from its background is not half-ink at 12
    ring_d = delta_e76(lab_of(border_ring(rgb)), bg_lab)
    quiet = ring_d[ring_d < hi]
    noise = float(np.percentile(quiet, 90)) if quiet.size else 0.0
    peak = float(np.percentile(d, 99.5))
    lo = max(lo, noise * 1.5, 0.2 * peak)
    hi = max(hi, lo + 12.0, 0.6 * peak)
    return np.clip((d - lo) / (hi - lo), 0.0, 1.0).astype(np.float32), np.asarray(background, dtype=np.float32)


def ink_box(mask: np.ndarray, min_mass: float = 0.35) -> tuple[float, float, float, float] | None:
    """Sub-pixel ink box (x0, y0, x1, y1): the partial coverage of the edge rows and columns counts.

    A row or column counts as ink when its mask sums to `min_mass` pixels or more, so a single
    faint speck of noise does not stretch the box."""
    cols = mask.sum(axis=0)
    rows = mask.sum(axis=1)
    xs = np.nonzero(cols >= min_mass)[0]
    ys = np.nonzero(rows >= min_mass)[0]
    if xs.size == 0 or ys.size == 0:
        return None
    cmax = mask.max(axis=0)
    rmax = mask.max(axis=1)
    x0 = xs[0] + (1.0 - float(cmax[xs[0]]))
    x1 = xs[-1] + float(cmax[xs[-1]])
    y0 = ys[0] + (1.0 - float(rmax[ys[0]]))
    y1 = ys[-1] + float(rmax[ys[-1]])
    if x1 - x0 <= 0.2 or y1 - y0 <= 0.2:
        return None
    return float(x0), float(y0), float(x1), float(y1)


def work_size(rgba: np.ndarray, side: int = 320) -> np.ndarray:
    """The image reduced so that its long side is at most `side` px (area averaging): shape and
    color measurements need no more, and their cost grows with the pixel count."""
    h, w = rgba.shape[:2]
    if max(h, w) <= side:
        return rgba
    from PIL import Image

    k = side / max(h, w)
    size = (max(1, round(w * k)), max(1, round(h * k)))
    chans = [np.asarray(Image.fromarray(rgba[..., i].astype(np.float32), "F").resize(size, Image.Resampling.BOX))
             for i in range(rgba.shape[2])]
    return np.stack(chans, axis=-1).astype(np.float32)


def _resize(a: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resample a 2-D float array to (h, w): Pillow's bilinear filter, which widens its support
    when it reduces (anti-aliased), on 32-bit float images."""
    from PIL import Image

    h, w = shape
    if a.shape == (h, w):
        return a.astype(np.float32)
    im = Image.fromarray(np.ascontiguousarray(a, dtype=np.float32), "F")
    return np.asarray(im.resize((max(1, w), max(1, h)), Image.Resampling.BILINEAR), dtype=np.float32)


def shape_of(mask: np.ndarray) -> Shape | None:
    """Normalise an ink mask; None when there is no ink to speak of."""
    from scipy.ndimage import gaussian_filter

    if mask is None or mask.size == 0 or float(mask.sum()) < 3.0:
        return None
    box = ink_box(mask)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    sub = mask[int(np.floor(y0)):int(np.ceil(y1)), int(np.floor(x0)):int(np.ceil(x1))]
    if sub.size == 0:
        return None
    norm = gaussian_filter(_resize(sub, (NORM, NORM)), 0.8)
    aspect = (x1 - x0) / (y1 - y0)
    sw = int(np.clip(round(STRIP_H * aspect), 4, STRIP_H * 12))
    strip = _resize(sub, (STRIP_H, sw))
    fill = float(sub.mean())
    return Shape(norm=norm, strip=strip, aspect=float(aspect), box=box, size=(mask.shape[1], mask.shape[0]),
                 fill=fill)


# --------------------------------------------------------------------------- matching


def ssim_score(cand: Shape, ref: Shape) -> float:
    """SSIM of two normalised masks (1: same shape)."""
    from skimage.metrics import structural_similarity

    return float(structural_similarity(cand.norm, ref.norm, data_range=1.0, gaussian_weights=True, sigma=1.5,
                                       use_sample_covariance=False))


def crop_score(cand: Shape, ref: Shape, min_part: float = 0.6) -> float:
    """How well `cand` matches a part of `ref`: a logo with an edge cut off.

    A cut changes the ink box but not the drawing, so the candidate keeps its own proportions and
    is tried at a few scales relative to the reference's height (an edge cut can also remove the
    tallest letter), slid over it; the best normalised cross correlation counts. Only parts of at
    least `min_part` of the reference's width and height, and nearly all of one of them, count: a
    detail from the middle of a logo (a ring inside a mark) is not the logo."""
    from skimage.feature import match_template

    rh, rw = ref.strip.shape
    cw = cand.strip.shape[1]  # at the reference's height
    scales = {1.0, 0.92, 0.84, 0.76}
    if cw > rw:
        scales.add(rw / cw)
    best = -1.0
    for k in sorted(scales, reverse=True):
        th, tw = round(rh * k), round(cw * k)
        if th > rh or tw > rw or th < min_part * rh or tw < min_part * rw or (th == rh and tw == rw) or th < 4:
            continue
        if max(th / rh, tw / rw) < 0.9:
            continue  # a cut takes an edge off: the part keeps (nearly) the full extent across it
        t = _resize(cand.strip, (th, tw))
        if float(t.std()) < 1e-3:
            continue
        best = max(best, float(match_template(ref.strip, t).max()))
    return best


def match_score(cand: Shape, ref: Shape) -> float:
    """Shape similarity in 0..1: the normalised-mask SSIM, or the crop match when that is better."""
    s = ssim_score(cand, ref)
    if s < 0.85:
        s = max(s, crop_score(cand, ref))
    return max(0.0, min(1.0, s))


# --------------------------------------------------------------------------- colors


def ink_colors(rgba: np.ndarray, mask: np.ndarray, min_share: float = 0.04, merge: float = 10.0,
               max_samples: int = 6000, background: np.ndarray | None = None) -> list[InkColor]:
    """The colors a logo is drawn in: clusters of its solid ink pixels, largest first.

    Only pixels well inside the ink (mask >= 0.9, or the strongest ones for hairline logos) are
    used, and with an opaque image (`background` given) a cluster that is a blend of the
    background and a larger cluster is folded into it: anti-aliased edges are not colors of their
    own. Clusters closer than `merge` (CIELAB ΔE76) are one color."""
    if background is not None:
        # the least blended pixels: where the distance to the background peaks locally (the middle
        # of a thin stroke is its truest color; a solid area is all peak)
        from scipy.ndimage import maximum_filter

        d = delta_e76(lab_of(rgba[..., :3]), lab_of(np.asarray(background, np.float32).reshape(1, 3))[0])
        solid = (mask >= 0.5) & (d >= 0.92 * maximum_filter(d, size=3))
    else:
        solid = mask >= 0.9
        if int(solid.sum()) < 12:
            solid = mask >= max(0.5, float(mask.max()) * 0.8)
    if rgba.shape[-1] == 4 and background is None:
        solid &= rgba[..., 3] >= 0.9
    px = rgba[..., :3][solid]
    if px.shape[0] == 0:
        return []
    if px.shape[0] > max_samples:
        idx = np.linspace(0, px.shape[0] - 1, max_samples).astype(int)
        px = px[idx]
    lab = lab_of(px)
    q = np.round(lab / 3.0).astype(np.int32)
    keys, inv, counts = np.unique(q, axis=0, return_inverse=True, return_counts=True)
    order = np.argsort(-counts)
    centers: list[np.ndarray] = []
    weights: list[float] = []
    members: list[list[int]] = []
    for k in order:
        c = keys[k].astype(np.float64) * 3.0
        for i, ce in enumerate(centers):
            if float(np.sqrt(((ce - c) ** 2).sum())) < merge:
                members[i].append(int(k))
                weights[i] += float(counts[k])
                break
        else:
            centers.append(c)
            weights.append(float(counts[k]))
            members.append([int(k)])
    if background is not None and len(centers) > 1:
        # fold blends (background -> a larger color) into that color
        b = lab_of(np.asarray(background, np.float32).reshape(1, 3))[0].astype(np.float64)
        order_c = sorted(range(len(centers)), key=lambda i: -weights[i])
        for i in order_c[::-1]:
            for k in order_c:
                if k == i or weights[k] <= weights[i] or not members[k]:
                    continue
                seg = centers[k] - b
                t = float(np.clip(np.dot(centers[i] - b, seg) / max(float(np.dot(seg, seg)), 1e-6), 0, 1))
                if 0.0 < t < 1.0 and float(np.linalg.norm(centers[i] - (b + t * seg))) < 8.0:
                    members[k] += members[i]
                    weights[k] += weights[i]
                    members[i], weights[i] = [], 0.0
                    break
    inv = inv.reshape(-1)
    total = float(px.shape[0])
    out = []
    for ms, w in zip(members, weights, strict=True):
        if not ms or w / total < min_share:
            continue
        sel = np.isin(inv, ms)
        rgb = px[sel].mean(axis=0) * 255.0
        lab_m = lab[sel].mean(axis=0)
        out.append(InkColor(rgb=(float(rgb[0]), float(rgb[1]), float(rgb[2])),
                            lab=(float(lab_m[0]), float(lab_m[1]), float(lab_m[2])), share=w / total))
    s = sum(c.share for c in out) or 1.0
    for c in out:
        c.share /= s
    return sorted(out, key=lambda c: -c.share)
