"""Time logo identification per candidate (run by hand, never in the test suite).

    PYTHONPATH=. .venv/bin/python benchmarks/logo_identify.py [--corpus ../shared/corpus]
                                                             [--bundles DIR] [--repeat 3]

A candidate is one image of a page: its file decoded (SVG rendered), its crop, both normalised
and compared with every kit logo, and, for a logo, its geometry, colors and neighbours measured:
everything `LogoAnalyzer.instance` does. Kit logos are decoded once per kit and process (cached),
so that cost is reported apart, as is the first call's import of the imaging libraries.

Candidates come from pages put together from the corpus: for every kit, its logos shown as inline
SVG and as PNG at header sizes, in their own and in wrong colors, next to every image the corpus
sites carry (photos, illustrations, client logos, icons) at the sizes the sites show them. With
`--bundles DIR --kit KIT` (capture bundles of one brand's pages written by `brandcheck capture`),
their real candidates are timed too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from logo_fixtures import PageBuilder, on, png_bytes  # noqa: E402
from PIL import Image  # noqa: E402

from brandcheck.analyze.context import Context  # noqa: E402
from brandcheck.analyze.kitlogos import kit_logos  # noqa: E402
from brandcheck.analyze.logos import LogoAnalyzer  # noqa: E402
from brandcheck.analyze.rasterise import ImageLoadError, load_image, render_svg  # noqa: E402
from brandcheck.kit import load_kit  # noqa: E402
from brandcheck.model import Box  # noqa: E402


def kit_page(kit, folder: Path, site_images: list[Path]) -> PageBuilder:
    page = PageBuilder(folder, size=(1280, 2400))
    link = page.element("a", page.header, Box(20, 20, 300, 60), attrs={"href": "/", "class": "navbar-brand"})
    main = page.element("main", page.body, Box(0, 100, 1280, 2300))
    x, y = 20, 120
    for lg in kit.logos + kit.deprecated_logos:
        ld = load_image(Path(lg.file))
        aspect = ld.natural_size[0] / ld.natural_size[1]
        h = 40
        w = round(h * aspect)
        if ld.svg is not None:
            rgba = render_svg(ld.svg, w, h)
            page.image("svg", link if x == 20 else main, Box(x, y, w, h), ld.svg.encode(), ".svg", drawn=rgba)
        else:
            small = np.asarray(Image.fromarray((ld.rgba * 255).astype(np.uint8), "RGBA").resize((w, h)),
                               np.float32) / 255
            page.image("img", main, Box(x, y, w, h), png_bytes(ld.rgba), ".png", drawn=small,
                       natural=tuple(int(v) for v in ld.natural_size))
        y += 80
    for f in site_images:
        try:
            ld = load_image(f)
        except ImageLoadError:
            continue
        aspect = ld.natural_size[0] / ld.natural_size[1]
        w = min(350, round(120 * aspect)) if aspect > 1 else 120
        h = max(8, round(w / aspect))
        if y + h > 2350:
            x, y = x + 400, 120
        if x > 1000:
            break
        small = np.asarray(Image.fromarray((ld.rgba * 255).astype(np.uint8), "RGBA").resize((w, h)), np.float32) / 255
        data = f.read_bytes()
        page.image("img", main, Box(x, y, w, h), data, f.suffix, drawn=on(small, (255, 255, 255)),
                   natural=tuple(int(v) for v in ld.natural_size))
        y += h + 20
    return page


def time_capture(cap, kit, repeat: int) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) per candidate; a first pass warms up (and is not counted)."""
    ctx = Context(cap, kit)
    out = []
    for r in range(repeat + 1):
        an = LogoAnalyzer(ctx)
        for i, asset in enumerate(cap.primary.images):
            t, c = time.perf_counter(), time.process_time()
            an.instance(i, asset)
            if r:
                out.append(((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000))
    return out


def summary(name: str, runs: list[tuple[float, float]]) -> None:
    if not runs:
        print(f"{name}: no candidates")
        return
    for label, ms in (("wall", [w for w, _ in runs]), ("CPU", [c for _, c in runs])):
        q = np.percentile(ms, [50, 95])
        print(f"{name} [{label}]: {len(ms)} candidate runs, mean {statistics.fmean(ms):.1f} ms, median "
              f"{q[0]:.1f} ms, p95 {q[1]:.1f} ms, max {max(ms):.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--bundles", default=None, help="capture bundles of pages of one brand")
    ap.add_argument("--kit", default=None, help="the kit of --bundles")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    print(f"machine load average: {' '.join(f'{v:.1f}' for v in __import__('os').getloadavg())} "
          f"(CPU time is the figure to read when the machine is shared)")
    site_images = sorted(p for p in (corpus / "sites").glob("*/assets/img/**/*")
                         if p.suffix.lower() in (".png", ".jpg", ".svg"))
    every: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kd in sorted((corpus / "kits").iterdir()):
            kit = load_kit(kd)
            t = time.perf_counter()
            kit_logos(kit)
            print(f"kit {kd.name}: {len(kit.logos) + len(kit.deprecated_logos)} kit logos described in "
                  f"{(time.perf_counter() - t) * 1000:.0f} ms (once per kit and process)")
            cap = kit_page(kit, Path(tmp) / kd.name, site_images).capture()
            ms = time_capture(cap, kit, args.repeat)
            summary(f"  {kd.name} page", ms)
            every += ms
        summary("all generated pages", every)
        if args.bundles and args.kit:
            from brandcheck.capture.bundle import read_bundles

            kit = load_kit(args.kit)
            real: list[tuple[float, float]] = []
            for cap in read_bundles(Path(args.bundles)):
                if cap.primary is not None:
                    real += time_capture(cap, kit, 1)
            summary(f"capture bundles {args.bundles}", real)
    return 0


if __name__ == "__main__":
    sys.exit(main())
