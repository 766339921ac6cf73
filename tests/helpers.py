"""Builders of hand-made artifacts for tests: kits in a temp folder, static captures of HTML strings."""

from __future__ import annotations

import textwrap
from pathlib import Path

from brandcheck.analyze.context import AnalysisSettings, Context
from brandcheck.capture.options import CaptureOptions
from brandcheck.capture.static import StaticCapture
from brandcheck.kit import Kit, load_kit
from brandcheck.model import Capture, Touchpoint

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SCHEMA = REPO.parent / "shared" / "schemas" / "report.schema.json"
EXAMPLE_KIT = REPO / "brand_assets" / "harbor-kettle"
EXAMPLES = REPO / "examples" / "harbor-kettle"

LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0E7C7B"/></svg>'

KIT_YAML = """\
brand: Test Brand
aliases: [TB]
misspellings: [TestBrand]
colors:
  tolerance: 3.0
  palette:
    - {name: Teal, hex: "#0E7C7B", role: primary}
    - {name: Ink, hex: "#1F2933", role: text}
    - {name: Paper, hex: "#FFFFFF", role: background}
  deprecated:
    - {name: Old Navy, hex: "#22356F", replaced_by: Teal}
typography:
  families:
    - {family: Fraunces, role: heading, weights: [600, 700]}
    - {family: Source Sans 3, role: body, weights: [400, 600]}
  fallbacks: [Helvetica, Arial, sans-serif]
logos:
  - {name: primary, file: logos/logo.svg, min_width_px: 80, clear_space: 0.25}
voice:
  language: en
  banned: [cheap]
"""


def write_kit(tmp: Path, yaml_text: str = KIT_YAML, logo: bool = True) -> Path:
    folder = tmp / "kit"
    (folder / "logos").mkdir(parents=True, exist_ok=True)
    if logo:
        (folder / "logos" / "logo.svg").write_text(LOGO_SVG)
    (folder / "brand.yaml").write_text(textwrap.dedent(yaml_text))
    return folder


def make_kit(tmp: Path, yaml_text: str = KIT_YAML) -> Kit:
    return load_kit(write_kit(tmp, yaml_text))


def static_capture(tmp: Path, html: str, name: str = "page.html", kind: str = "website",
                   options: CaptureOptions | None = None) -> Capture:
    page = tmp / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(html, encoding="utf-8")
    tp = Touchpoint(id=name, kind=kind, source=name, path=str(page))
    out = tmp / "bundle"
    out.mkdir(exist_ok=True)
    return StaticCapture(options or CaptureOptions()).capture(tp, out)


def context(tmp: Path, html: str, kit: Kit | None = None, kind: str = "website",
            settings: AnalysisSettings | None = None) -> Context:
    kit = kit or make_kit(tmp)
    return Context(static_capture(tmp, html, kind=kind), kit, settings)


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
