"""Choose the logo identification method by measurement (run by hand, never in the test suite).

    PYTHONPATH=. .venv/bin/python benchmarks/logo_method.py [--corpus ../shared/corpus] [--quick]

For every kit of the corpus, every kit logo and deprecated logo is rendered the way pages show
logos: at widths from 16 to 240 px, on white, dark, brand-colored and photo backgrounds, padded,
stretched, recolored, cut along an edge, JPEG-compressed. Negatives are the other kits' logos, the
corpus sites' other images (client logos, icons, photos, illustrations) and generic shapes and
words. Each method ranks the kit's references for every sample; a positive is right when its own
logo ranks first with a score at or above the method's threshold, a negative when no reference
reaches the threshold. The threshold of each method is the one that maximises balanced accuracy,
so every method is shown at its best. Printed: accuracy on positives, on negatives, per
transformation, and time per candidate (all references of a kit compared).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from brandcheck.analyze import logoshape as ls
from brandcheck.analyze.rasterise import ImageLoadError, load_image, render_svg
from brandcheck.kit import load_kit


@dataclass
class Sample:
    rgb: np.ndarray  # H x W x 3 float 0..1 (opaque, as a screenshot crop), or H x W x 4 (a file with alpha)
    label: str | None  # the kit logo's name, or None for a negative
    kit: str
    transform: str


def compose(logo: np.ndarray, bg: np.ndarray | tuple[float, float, float], pad: float = 0.1) -> np.ndarray:
    """Logo RGBA over a background (a color or an image), with padding around it."""
    h, w = logo.shape[:2]
    p = round(max(h, w) * pad)
    H, W = h + 2 * p, w + 2 * p
    if isinstance(bg, np.ndarray):
        base = np.asarray(Image.fromarray((bg * 255).astype(np.uint8)).resize((W, H)), dtype=np.float32) / 255
    else:
        base = np.empty((H, W, 3), np.float32)
        base[:] = bg
    a = logo[..., 3:4]
    base[p:p + h, p:p + w] = logo[..., :3] * a + base[p:p + h, p:p + w] * (1 - a)
    return base


def rgba_at(loaded, w: int, h: int) -> np.ndarray:
    if loaded.svg is not None:
        # stretch: lay the document out with preserveAspectRatio="none"
        svg = loaded.svg.replace("<svg", '<svg preserveAspectRatio="none"', 1)
        return render_svg(svg, w, h)
    im = Image.fromarray((loaded.rgba * 255).astype(np.uint8), "RGBA").resize((w, h), Image.Resampling.LANCZOS)
    return np.asarray(im, dtype=np.float32) / 255


def recolor(rgba: np.ndarray, rgb: tuple[float, float, float]) -> np.ndarray:
    out = rgba.copy()
    out[..., :3] = rgb
    return out


def hue_shift(rgba: np.ndarray, deg: float) -> np.ndarray:
    from skimage.color import hsv2rgb, rgb2hsv

    out = rgba.copy()
    hsv = rgb2hsv(np.clip(rgba[..., :3], 0, 1))
    hsv[..., 0] = (hsv[..., 0] + deg / 360) % 1
    out[..., :3] = hsv2rgb(hsv)
    return out


def jpeg(rgb: np.ndarray, q: int = 60) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray((np.clip(rgb, 0, 1) * 255).astype(np.uint8)).save(buf, "JPEG", quality=q)
    return np.asarray(Image.open(buf).convert("RGB"), dtype=np.float32) / 255


def positives(kit_name: str, loaded, name: str, photo: np.ndarray, brand: tuple[float, float, float],
              quick: bool) -> list[Sample]:
    nat_w, nat_h = loaded.rgba.shape[1], loaded.rgba.shape[0]
    aspect = nat_w / nat_h
    out = []
    widths = [16, 24, 40, 96, 240] if aspect < 2 else [round(h * aspect) for h in (12, 20, 34, 60)]
    if quick:
        widths = widths[::2]
    white, dark = (1.0, 1.0, 1.0), (0.13, 0.15, 0.16)
    opaque = loaded.rgba[..., 3] > 0.9
    light = float(loaded.rgba[..., :3][opaque].mean()) > 0.85 if opaque.any() else False
    own_bg, other_bg = (dark, white) if light else (white, dark)
    other_ink = (0.1, 0.1, 0.1) if light else (1.0, 1.0, 1.0)
    dim_photo = photo * 0.45  # a photo under a dark overlay, as hero sections put it under a logo
    for w in widths:
        h = max(4, round(w / aspect))
        base = rgba_at(loaded, w, h)
        out.append(Sample(compose(base, own_bg), name, kit_name, f"scale {w}px own colors"))
        out.append(Sample(compose(recolor(base, other_ink), other_bg), name, kit_name, f"scale {w}px one color, other bg"))
        out.append(Sample(compose(recolor(base, (1, 1, 1)), dim_photo, pad=0.05), name, kit_name,
                          f"scale {w}px white on photo"))
        out.append(Sample(compose(base, brand, pad=0.3), name, kit_name, f"scale {w}px on brand color, padded"))
    white = own_bg
    w = 120 if aspect < 2 else 200
    h = round(w / aspect)
    for sx, sy, tag in ((1.3, 1.0, "stretched x1.3"), (1.0, 1.35, "stretched y1.35"), (0.8, 1.0, "squeezed x0.8")):
        out.append(Sample(compose(rgba_at(loaded, round(w * sx), round(h * sy)), white), name, kit_name, tag))
    base = rgba_at(loaded, w, h)
    out.append(Sample(compose(hue_shift(base, 120), white), name, kit_name, "hue shift 120"))
    out.append(Sample(compose(recolor(base, (0.85, 0.2, 0.5)), white), name, kit_name, "single wrong color"))
    full = compose(base, white, pad=0.0)
    hh, ww = full.shape[:2]
    out.append(Sample(full[:, : round(ww * 0.9)], name, kit_name, "cut 10% right"))
    out.append(Sample(full[round(hh * 0.12):, :], name, kit_name, "cut 12% top"))
    out.append(Sample(compose(base, white, pad=0.8), name, kit_name, "padded 80%"))
    out.append(Sample(jpeg(compose(base, white)), name, kit_name, "jpeg q60"))
    return out


def negatives(corpus: Path, photo_files: list[Path], quick: bool) -> list[Sample]:
    out: list[Sample] = []
    white = (1.0, 1.0, 1.0)
    for f in sorted((corpus / "sites").glob("*/assets/img/**/*")):
        if f.suffix.lower() not in (".svg", ".png", ".jpg") or f.name == "navbar-logo.svg":
            continue
        try:
            ld = load_image(f)
        except ImageLoadError:
            continue
        rgba = ld.rgba
        h, w = rgba.shape[:2]
        k = 120 / max(h, w)
        small = np.asarray(Image.fromarray((rgba * 255).astype(np.uint8), "RGBA").resize(
            (max(4, round(w * k)), max(4, round(h * k))), Image.Resampling.LANCZOS), dtype=np.float32) / 255
        out.append(Sample(compose(small, white), None, "*", f"site image {f.parent.name}/{f.name}"))
        if ls.has_transparency(small):
            out.append(Sample(small, None, "*", f"site file (alpha) {f.parent.name}/{f.name}"))
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 40)
    for word in ("Menu", "Start", "Contact us", "Services", "SB", "Portfolio"):
        im = Image.new("RGB", (40 * len(word), 64), "white")
        ImageDraw.Draw(im).text((8, 8), word, fill=(30, 30, 30), font=font)
        out.append(Sample(np.asarray(im, dtype=np.float32) / 255, None, "*", f"word {word}"))
    for shape in ("circle", "square", "rounded", "ring", "triangle", "hamburger"):
        im = Image.new("RGB", (64, 64), "white")
        d = ImageDraw.Draw(im)
        if shape == "circle":
            d.ellipse((8, 8, 56, 56), fill=(240, 98, 58))
        elif shape == "square":
            d.rectangle((8, 8, 56, 56), fill=(33, 37, 41))
        elif shape == "rounded":
            d.rounded_rectangle((8, 8, 56, 56), 10, fill=(255, 200, 0))
        elif shape == "ring":
            d.ellipse((8, 8, 56, 56), outline=(56, 105, 212), width=8)
        elif shape == "triangle":
            d.polygon([(32, 6), (58, 56), (6, 56)], fill=(26, 188, 156))
        else:
            for y in (16, 30, 44):
                d.rectangle((10, y, 54, y + 5), fill=(33, 37, 41))
        out.append(Sample(np.asarray(im, dtype=np.float32) / 255, None, "*", f"shape {shape}"))
    for f in photo_files[: (3 if quick else 8)]:
        ld = load_image(f)
        crop = ld.rgba[:200, :300, :3]
        out.append(Sample(crop, None, "*", f"photo {f.name}"))
    return out


# --------------------------------------------------------------------------- methods


class Method:
    name = ""

    def prepare(self, rgba: np.ndarray) -> object | None:
        raise NotImplementedError

    def score(self, a: object, b: object) -> float:
        raise NotImplementedError


class MaskSSIM(Method):
    name = "normalised mask + SSIM"

    def prepare(self, rgba):
        m, _ = ls.ink_mask(rgba)
        return ls.shape_of(m) if m is not None else None

    def score(self, a, b):
        return ls.ssim_score(a, b)


class MaskSSIMCrop(MaskSSIM):
    name = "mask SSIM + crop search"

    def score(self, a, b):
        return ls.match_score(a, b)


class MaskDice(MaskSSIM):
    name = "normalised mask + soft Dice"

    def score(self, a, b):
        inter = np.minimum(a.norm, b.norm).sum()
        return float(2 * inter / (a.norm.sum() + b.norm.sum() + 1e-6))


class PHash(Method):
    name = "perceptual hash (DCT 8x8 of the mask)"

    def prepare(self, rgba):
        from scipy.fft import dctn

        m, _ = ls.ink_mask(rgba)
        sh = ls.shape_of(m) if m is not None else None
        if sh is None:
            return None
        small = ls._resize(sh.norm, (32, 32))
        d = dctn(small, norm="ortho")[:8, :8].flatten()[1:]
        return d > np.median(d)

    def score(self, a, b):
        return 1.0 - float(np.count_nonzero(a != b)) / a.size


class OrbRansac(Method):
    name = "ORB features + RANSAC"

    def prepare(self, rgba):
        from skimage.feature import ORB

        m, _ = ls.ink_mask(rgba)
        sh = ls.shape_of(m) if m is not None else None
        if sh is None:
            return None
        x0, y0, x1, y1 = sh.box
        sub = m[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))]
        k = 160 / max(sub.shape)
        img = ls._resize(sub, (max(24, round(sub.shape[0] * k)), max(24, round(sub.shape[1] * k))))
        img = np.pad(img, 16)
        orb = ORB(n_keypoints=120, fast_threshold=0.05)
        try:
            orb.detect_and_extract(img)
        except (RuntimeError, IndexError, ValueError):
            return None
        if orb.keypoints is None or len(orb.keypoints) < 4:
            return None
        return orb.keypoints, orb.descriptors

    def score(self, a, b):
        from skimage.feature import match_descriptors
        from skimage.measure import ransac
        from skimage.transform import AffineTransform

        ka, da = a
        kb, db = b
        matches = match_descriptors(da, db, cross_check=True, max_ratio=0.85)
        if len(matches) < 4:
            return 0.0
        src, dst = ka[matches[:, 0]][:, ::-1], kb[matches[:, 1]][:, ::-1]
        try:
            _model, inliers = ransac((src, dst), AffineTransform, min_samples=3, residual_threshold=4, max_trials=200,
                                    rng=0)
        except (ValueError, np.linalg.LinAlgError):
            return 0.0
        if inliers is None:
            return 0.0
        return float(inliers.sum()) / float(min(len(ka), len(kb)))


METHODS: list[Callable[[], Method]] = [MaskSSIM, MaskSSIMCrop, MaskDice, PHash, OrbRansac]


def same_shape_groups(refs: dict[str, dict[str, np.ndarray]]) -> dict[tuple[str, str], str]:
    """Kit logos that are one drawing in other colors (primary and inverse) are one shape: the
    shape match names the drawing, the colors name the variant (measured separately)."""
    out = {}
    for k, v in refs.items():
        shapes = {n: MaskSSIM().prepare(r) for n, r in v.items()}
        names = list(v)
        for n in names:
            grp = n
            for m in names:
                if m < grp and shapes[m] is not None and shapes[n] is not None and \
                        ls.ssim_score(shapes[m], shapes[n]) > 0.97 and abs(np.log(shapes[m].aspect / shapes[n].aspect)) < 0.02:
                    grp = m
            out[(k, n)] = grp
    return out


def evaluate(method: Method, refs: dict[str, dict[str, np.ndarray]], samples: list[Sample]) -> dict:
    prepared = {k: {n: method.prepare(r) for n, r in v.items()} for k, v in refs.items()}
    groups = same_shape_groups(refs)
    rows = []
    t_total = 0.0
    n_cand = 0
    for s in samples:
        rgba = s.rgb if s.rgb.shape[-1] == 4 else np.concatenate([s.rgb, np.ones((*s.rgb.shape[:2], 1), np.float32)],
                                                                 axis=-1)
        kits = [s.kit] if s.kit != "*" else list(refs)
        for k in kits:
            t = time.perf_counter()
            p = method.prepare(rgba)
            scores = {n: (method.score(p, r) if p is not None and r is not None else 0.0)
                      for n, r in prepared[k].items()}
            t_total += time.perf_counter() - t
            n_cand += 1
            best = max(scores, key=scores.get) if scores else None
            sc = scores.get(best, 0.0) if best else 0.0
            if s.label is not None and best is not None and groups[(k, best)] == groups[(k, s.label)]:
                best = s.label
            rows.append((s, k, best, sc))
    # the threshold that maximises balanced accuracy
    best_t, best_acc = 0.5, -1.0
    for t in np.linspace(0.05, 0.95, 91):
        # photos behind a logo are segmented from the logo's own file, not from the crop: not tuned on
        pos = [r for r in rows if r[0].label is not None and "photo" not in r[0].transform]
        neg = [r for r in rows if r[0].label is None]
        tp = sum(1 for s, k, b, sc in pos if b == s.label and sc >= t) / max(1, len(pos))
        tn = sum(1 for s, k, b, sc in neg if sc < t) / max(1, len(neg))
        if (tp + tn) / 2 > best_acc:
            best_acc, best_t = (tp + tn) / 2, float(t)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    fails = []
    for s, k, b, sc in rows:
        ok = (b == s.label and sc >= best_t) if s.label is not None else sc < best_t
        key = s.transform.split(" on ")[0] if s.label else "negative: " + s.transform.split(" ")[0]
        if s.label and s.transform.startswith("scale"):
            key = "scale " + s.transform.split(" ", 2)[2] if " on " not in s.transform else (
                "scale, " + s.transform.split("px ", 1)[1])
        per[key][0] += ok
        per[key][1] += 1
        if not ok:
            fails.append((s.kit if s.kit != "*" else k, s.label, s.transform, b, round(sc, 3)))
    pos = [r for r in rows if r[0].label is not None and "photo" not in r[0].transform]
    neg = [r for r in rows if r[0].label is None]
    pos_scores = np.array([sc for s, k, b, sc in pos if b == s.label])
    neg_scores = np.array([sc for s, k, b, sc in neg])
    return {"pos_q": np.percentile(pos_scores, [1, 5, 10, 50]) if pos_scores.size else [],
            "neg_q": np.percentile(neg_scores, [50, 90, 99, 100]) if neg_scores.size else [],
            "threshold": best_t, "balanced": best_acc,
            "pos": sum(1 for s, k, b, sc in pos if b == s.label and sc >= best_t) / max(1, len(pos)),
            "neg": sum(1 for s, k, b, sc in neg if sc < best_t) / max(1, len(neg)),
            "n_pos": len(pos), "n_neg": len(neg), "ms": 1000 * t_total / max(1, n_cand), "per": dict(per),
            "fails": fails}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--methods", default="")
    ap.add_argument("--fails", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    photos = sorted((corpus / "sites").glob("*/assets/img/**/*.jpg"))
    photo = load_image(photos[0]).rgba[..., :3]
    refs: dict[str, dict[str, np.ndarray]] = {}
    samples: list[Sample] = []
    for kd in sorted((corpus / "kits").iterdir()):
        kit = load_kit(kd)
        refs[kd.name] = {}
        for lg in kit.logos + kit.deprecated_logos:
            ld = load_image(lg.file)
            # the palette color that stands out most against the logo's own main color
            m, _ = ls.ink_mask(ld.rgba)
            main = ls.ink_colors(ld.rgba, m)[0].lab
            labs = [ls.lab_of(np.array([c.rgba.r, c.rgba.g, c.rgba.b], np.float32) / 255) for c in kit.palette]
            j = int(np.argmax([np.sqrt(((la - np.array(main)) ** 2).sum()) for la in labs]))
            brand = tuple(c / 255 for c in (kit.palette[j].rgba.r, kit.palette[j].rgba.g, kit.palette[j].rgba.b))
            refs[kd.name][lg.name] = ld.rgba
            samples += positives(kd.name, ld, lg.name, photo, brand, args.quick)
    samples += negatives(corpus, photos, args.quick)
    print(f"{sum(1 for s in samples if s.label)} positive samples, {sum(1 for s in samples if not s.label)} "
          f"negative images (each compared with every kit)")
    for make in METHODS:
        m = make()
        if args.methods and m.name not in args.methods.split(","):
            continue
        r = evaluate(m, refs, samples)
        print(f"\n== {m.name}: balanced accuracy {r['balanced']:.3f} at threshold {r['threshold']:.2f}; "
              f"positives (photo backgrounds apart) {r['pos']:.3f} (n={r['n_pos']}), negatives {r['neg']:.3f} (n={r['n_neg']}); "
              f"{r['ms']:.2f} ms per candidate")
        print(f"   right positives' scores, percentiles 1/5/10/50: {np.round(r['pos_q'], 3)}; "
              f"negatives' best scores, percentiles 50/90/99/100: {np.round(r['neg_q'], 3)}")
        for k, (ok, n) in sorted(r["per"].items()):
            if ok < n:
                print(f"   {k:45s} {ok}/{n}")
        if args.fails:
            for f in r["fails"][:40]:
                print("   FAIL", f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
