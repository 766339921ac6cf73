"""The search for a logo inside a larger picture: found / false positives, and CPU ms per picture
(run by hand, never in the test suite).

    PYTHONPATH=. .venv/bin/python benchmarks/logo_banner.py [--corpus ../shared/corpus] [--repeat 2]

Positives: every logo of every corpus kit (current and deprecated) drawn into banners the way
designers do, 600 x 200 (an email header picture) and 1280 x 420 (a hero), at 20, 30, 45 and 70 %
of the banner's height, at the left, centre and right, on a light gradient, a dark gradient and a
white panel beside a photo, with a slogan beside it, saved as PNG and as JPEG q70. A logo is
found when the best window is that kit logo's drawing (any variant of it) within a tenth of its
height of where it was drawn.

Negatives: every image the corpus sites carry (photos, illustrations, client logos, icons,
backgrounds) as a 600 x 200 and a 1280 x 420 banner (cover-cropped), plus generated banners of
photo-like noise, gradients and slogans, searched for every corpus kit's logos. What counts is the
best confirmed shape score of any window, against `logobanner.BANNER_MIN`.

Time: `process_time` around `logobanner.search` (the machine is shared; wall time is noisy),
after one warm-up search per kit (the imports and the kit's templates are paid once per process).
Then what the option adds to a whole `logos` measurement: an email page with a 600 x 200 header
picture and a page with a 1280 x 420 hero (no crop: cut from the full-page screenshot), analysed
with `banner_search` on and off.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from brandcheck.analyze import logobanner as lb  # noqa: E402
from brandcheck.analyze.kitlogos import KitLogoModel, kit_logos  # noqa: E402
from brandcheck.analyze.rasterise import ImageLoadError, load_image  # noqa: E402
from brandcheck.kit import load_kit  # noqa: E402

SIZES = ((600, 200), (1280, 420))
FRACS = (0.2, 0.3, 0.45, 0.7)
WHERE = ("left", "center", "right")


def _u8(a: np.ndarray) -> Image.Image:
    return Image.fromarray((np.clip(a, 0, 1) * 255).round().astype(np.uint8), "RGBA" if a.shape[-1] == 4 else "RGB")


def _f(im: Image.Image) -> np.ndarray:
    return np.asarray(im.convert("RGBA"), np.float32) / 255


def gradient(w: int, h: int, c0: tuple[int, int, int], c1: tuple[int, int, int]) -> np.ndarray:
    t = np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
    img = np.array(c0, np.float32) / 255 * (1 - t) + np.array(c1, np.float32) / 255 * t
    img = np.broadcast_to(img, (h, w, 3))
    return np.concatenate([img, np.ones((h, w, 1), np.float32)], -1)


def photo(w: int, h: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    small = rng.random((max(2, h // 16), max(2, w // 16), 3)).astype(np.float32)
    big = _f(_u8(small).resize((w, h), Image.Resampling.BICUBIC))[..., :3]
    p = np.clip(big * 0.6 + rng.random((h, w, 3)).astype(np.float32) * 0.15, 0, 1)
    return np.concatenate([p, np.ones((h, w, 1), np.float32)], -1)


def slogan(img: np.ndarray, x: int, y: int, size: int, color: tuple[int, int, int], text: str) -> np.ndarray:
    im = _u8(img)
    try:
        font = ImageFont.load_default(size=size)
    except TypeError:
        font = ImageFont.load_default()
    ImageDraw.Draw(im).text((x, y), text, fill=(*color, 255), font=font)
    return _f(im)


def jpeg(img: np.ndarray, q: int = 70) -> np.ndarray:
    buf = io.BytesIO()
    _u8(img[..., :3]).save(buf, "JPEG", quality=q)
    buf.seek(0)
    with Image.open(buf) as im:
        return _f(im)


def cover(img: np.ndarray, w: int, h: int) -> np.ndarray:
    ih, iw = img.shape[:2]
    k = max(w / iw, h / ih)
    im = _u8(img).resize((max(w, round(iw * k)), max(h, round(ih * k))), Image.Resampling.LANCZOS)
    x, y = (im.width - w) // 2, (im.height - h) // 2
    a = _f(im.crop((x, y, x + w, y + h)))
    a[..., :3] = a[..., :3] * a[..., 3:4] + (1 - a[..., 3:4])  # transparent parts on white
    a[..., 3] = 1.0
    return a


def light_ink(m: KitLogoModel) -> bool:
    if not m.colors:
        return False
    main = m.colors[0]
    return main.lab[0] > 70


def positives(models: list[KitLogoModel]):
    for m in models:
        for w, h in SIZES:
            for frac in FRACS:
                lh = round(h * frac)
                lw = round(lh * m.aspect)
                if lw > 0.9 * w:
                    continue
                logo = m.render(lh)
                for where in WHERE:
                    for bg in ("light", "dark", "panel"):
                        if (bg == "light" and light_ink(m)) or (bg == "dark" and not light_ink(m)):
                            continue
                        if bg == "panel" and light_ink(m):
                            continue
                        mg = max(3, round(0.12 * lh))
                        panel = max(w // 2, lw + 2 * mg + 12)
                        x = {"left": mg + 4, "center": ((panel if bg == "panel" else w) - lw) // 2,
                             "right": w - lw - mg - 4}[where]
                        if bg == "panel" and where == "right":
                            x = mg + 4 + (panel - lw - 2 * mg - 8) // 2
                        y = mg if where != "center" else (h - lh) // 2
                        if bg == "light":
                            base = gradient(w, h, (250, 250, 245), (205, 222, 240))
                        elif bg == "dark":
                            base = gradient(w, h, (18, 28, 58), (70, 24, 44))
                        else:
                            base = photo(w, h, 7).copy()
                            base[:, :panel, :3] = 1.0
                        if bg != "panel":
                            # a slogan where there is room beside the logo (never over it)
                            tx = 20 if where == "right" else x + lw + 30
                            room = (x - 50) if where == "right" else (w - tx)
                            if room >= 180:
                                base = slogan(base, tx, h - 60, 28,
                                              (200, 80, 60) if bg == "light" else (240, 240, 240), "Summer sale")
                        img = base.copy()
                        a = logo[..., 3:4]
                        img[y:y + lh, x:x + lw, :3] = logo[..., :3] * a + img[y:y + lh, x:x + lw, :3] * (1 - a)
                        truth = (x + m.ink_frac[0] * lw, y + m.ink_frac[1] * lh, x + m.ink_frac[2] * lw,
                                 y + m.ink_frac[3] * lh)
                        for fmt in ("png", "jpeg"):
                            yield (f"{m.name} {w}x{h} {frac} {where} {bg} {fmt}", jpeg(img) if fmt == "jpeg" else img,
                                   m, truth)


def negatives(corpus: Path):
    files = sorted(p for p in (corpus / "sites").glob("*/assets/img/**/*") if p.suffix.lower() in (".png", ".jpg",
                                                                                                   ".svg"))
    for f in files:
        try:
            ld = load_image(f, render_side=1024)
        except ImageLoadError:
            continue
        for w, h in SIZES:
            yield f"{f.relative_to(corpus)} {w}x{h}", cover(ld.rgba, w, h)
    for s in range(6):
        yield f"photo-{s}", photo(600, 200, s)
        yield f"photo-{s} slogan", slogan(photo(1280, 420, s), 60, 60, 72, (255, 255, 255), "New collection")
    yield "gradient", gradient(600, 200, (250, 250, 245), (20, 120, 240))
    yield "slogan light", slogan(gradient(600, 200, (250, 250, 245), (205, 222, 240)), 20, 40, 56, (33, 37, 41),
                                 "Summer sale -40%")
    yield "slogan dark", slogan(gradient(1280, 420, (18, 28, 58), (70, 24, 44)), 40, 100, 96, (255, 255, 255),
                                "Spring is here")


def page_cost(corpus: Path, repeat: int) -> None:
    """CPU ms of the `logos` measurement with the search on and off, on two pages with a banner."""
    import tempfile

    from logo_fixtures import PageBuilder

    from brandcheck.analyze.context import AnalysisSettings, Context
    from brandcheck.model import Box

    kit = load_kit(corpus / "kits" / "ledgerly")
    models = kit_logos(kit)
    logo = next(m for m in models.models if m.name == "primary")
    with tempfile.TemporaryDirectory() as tmp:
        for name, kind, (w, h) in (("email header 600x200", "email", (600, 200)), ("hero 1280x420", "website",
                                                                                   (1280, 420))):
            img = gradient(w, h, (250, 250, 245), (205, 222, 240))
            lh = round(0.25 * h)
            r = logo.render(lh)
            a = r[..., 3:4]
            img[12:12 + lh, 12:12 + r.shape[1], :3] = r[..., :3] * a + img[12:12 + lh, 12:12 + r.shape[1], :3] * (1 - a)
            img = slogan(img, w // 2, h - 70, 40, (200, 80, 60), "Summer sale")
            page = PageBuilder(Path(tmp) / name.split()[0], kind=kind, size=(max(640, w), 1400))
            buf = io.BytesIO()
            _u8(img).save(buf, "PNG")
            page.image("email-header" if kind == "email" else "background", page.body, Box(0, 80, w, h),
                       buf.getvalue(), ".png", drawn=img, natural=(w, h), tag="img" if kind == "email" else "section")
            cap = page.capture()
            if kind != "email":
                cap.primary.images[0].crop = None  # a hero has no crop: the screenshot is decoded
            for on in (False, True):
                ms = []
                for _ in range(max(2, repeat + 1)):
                    ctx = Context(cap, kit, AnalysisSettings(banner_search=on))
                    c = time.process_time()
                    rep = ctx.get("logos")
                    ms.append((time.process_time() - c) * 1000)
                found = [f"{i.match.name} ({'inside' if i.inside else 'whole image'})" for i in rep.logos]
                print(f"logos measurement, {name}, banner_search={'on ' if on else 'off'}: "
                      f"{statistics.median(ms[1:]):.0f} ms CPU (logos: {found})")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=1, help="time each search this many times")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    print(f"machine load average: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    cpu: dict[str, list[float]] = {"positive": [], "negative": []}
    pos_scores: list[float] = []
    neg_best: list[tuple[float, str]] = []
    found = total = 0
    misses: list[str] = []
    for kd in sorted((corpus / "kits").iterdir()):
        kit = kit_logos(load_kit(kd))
        lb.search(photo(600, 200, 99), kit)  # warm-up: imports, templates
        k_found = k_total = 0
        for name, img, m, truth in positives(kit.models):
            for _ in range(args.repeat):
                c = time.process_time()
                got = lb.search(img, kit, min_score=0.0)
                cpu["positive"].append((time.process_time() - c) * 1000)
            total += 1
            k_total += 1
            lh = truth[3] - truth[1]
            hit = next((g for g in got if g.model.group == m.group
                        and all(abs(a - b) <= 0.1 * lh + 2 for a, b in zip(g.ink, truth, strict=True))), None)
            if hit is not None and hit.score >= lb.BANNER_MIN and got[0] is hit:
                found += 1
                k_found += 1
            else:
                misses.append(f"{kd.name}: {name}: best {[(g.model.name, round(g.score, 3)) for g in got[:2]]}")
            if hit is not None:
                pos_scores.append(hit.score)
        for name, img in negatives(corpus):
            for _ in range(args.repeat):
                c = time.process_time()
                got = lb.search(img, kit, min_score=0.0)
                cpu["negative"].append((time.process_time() - c) * 1000)
            best = max((g.score for g in got), default=0.0)
            neg_best.append((best, f"{kd.name}: {name}" + (f" ({got[0].model.name})" if got else "")))
        print(f"kit {kd.name}: {k_found}/{k_total} banners with a logo found")
    print(f"\nfound: {found}/{total} ({100 * found / max(1, total):.1f} %) at BANNER_MIN {lb.BANNER_MIN}")
    if pos_scores:
        q = np.percentile(pos_scores, [1, 5, 50])
        print(f"score of the true window: 1st percentile {q[0]:.3f}, 5th {q[1]:.3f}, median {q[2]:.3f}")
    fp = [n for s, n in neg_best if s >= lb.BANNER_MIN]
    print(f"negatives: {len(neg_best)} banner x kit searches, {len(fp)} false positives at {lb.BANNER_MIN}")
    for s, n in sorted(neg_best, reverse=True)[:6]:
        print(f"  best negative {s:.3f}  {n}")
    for label, ms in cpu.items():
        if ms:
            q = np.percentile(ms, [50, 95])
            print(f"CPU ms per banner searched ({label}): mean {statistics.fmean(ms):.1f}, median {q[0]:.1f}, "
                  f"p95 {q[1]:.1f}, max {max(ms):.1f} ({len(ms)} searches)")
    page_cost(corpus, args.repeat)
    if misses:
        print(f"\nmissed ({len(misses)}):")
        for line in misses[:40]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
