"""The HTML report: a self-contained folder (index.html, a page per touchpoint, images) for people.

`write_html(result, folder)` writes:

    index.html                 overview: score, counts, journey, priority matrix, channels, touchpoints
    touchpoints/NNN-slug.html  one page per touchpoint: screenshots with numbered finding boxes, evidence
    assets/report.css|js       the report's own style and behaviour (no CDN, no framework)
    img/NNN/...                screenshots (JPEG), thumbnails, logo crops; fonts/ for font specimens

The folder opens from file:// with no network request: every file it shows is copied in (the capture
folder is deleted after the scan), and a Content-Security-Policy blocks anything else. Figures come
from summary.py; this module only arranges them, places boxes and picks evidence to show. Templates
use Jinja2 autoescape and never mark scanned content safe.

The same templates render `print.html` (overview plus every touchpoint on one page) that pdf.py
prints through Chromium.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
import shutil
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from .. import __version__
from ..model import Finding, ScanResult, TouchpointResult, View
from . import summary as S
from .assets import SHOT_MAX_WIDTH, ReportAssets, Shot
from .safety import CSP, css_color, css_font_family, safe_href, slug

log = logging.getLogger("brandcheck.report")

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_FILES = ["report.css", "report.js"]
MAX_EXTRA_BOXES = 12  # element boxes drawn per finding beyond its own (color findings list many)
MAX_TEXT = 600  # characters of context shown around a highlighted span
JOURNEY_CARDS = 8  # cards shown per stage before "show N more"
MATRIX_CHIPS = 4  # touchpoints named per matrix cell before "+N"
PRINT_SLICE_RATIO = 1.2  # height / width of a screenshot slice that fits an A4 sheet beside the margins
PRINT_MAX_SLICES = 4  # sheets of screenshot per touchpoint in the PDF
PRINT_SHOT_WIDTH = 900  # px: an A4 sheet shows a screenshot about 700 CSS px wide
PRINT_MAX_FINDINGS = 60  # findings per touchpoint in the PDF (the most severe; all are in the HTML)


# --------------------------------------------------------------------------- view models


@dataclass
class BoxView:
    """A numbered box over a screenshot, in percent of the image so it scales with the page width."""

    n: int
    css: str  # severity / outcome class
    left: float  # percent of the image
    top: float
    width: float
    height: float
    extra: bool = False
    stack: int = 0  # boxes drawn earlier at the same place: this box's number is shifted right of theirs

    @property
    def label_style(self) -> str:
        return f"margin-left:{self.stack * 2.4:.1f}em" if self.stack else ""

    @property
    def style(self) -> str:
        return f"left:{self.left:.3f}%;top:{self.top:.3f}%;width:{self.width:.3f}%;height:{self.height:.3f}%"


@dataclass
class SliceView:
    """A sheet-sized window on a screenshot in the PDF: its height and offset in percent of the width."""

    pad: float
    offset: float
    boxes: list[BoxView]


@dataclass
class ViewView:
    """One viewport's screenshot as the report shows it, with the boxes of the findings made there."""

    index: int
    label: str
    viewport: tuple[int, int]
    images_off: bool
    capped: bool
    shot: Shot | None = None
    future: Future | None = None
    dpr: float = 1.0
    boxes: list[BoxView] = field(default_factory=list)
    slices: list[SliceView] = field(default_factory=list)  # print page only


@dataclass
class FindingView:
    """A finding with its number on the page and the evidence picked (and copied) for display."""

    n: int
    f: Finding
    css: str
    state: str
    evidence: dict[str, Any]
    view: int | None = None  # index of the view the finding's box is drawn on
    outside: bool = False  # the box lies beyond the captured screenshot


@dataclass
class TouchpointPage:
    """Everything one touchpoint's page (or section of the print page) shows."""

    index: int
    tr: TouchpointResult
    card: dict[str, Any]
    file: str  # report-relative path of its page
    title: str | None
    url: str | None
    views: list[ViewView]
    groups: list[tuple[str, list[FindingView]]] = field(default_factory=list)
    outcomes: dict[str, Any] = field(default_factory=dict)
    fonts: list[tuple[str, str]] = field(default_factory=list)  # (generated family, report-relative file)
    thumb: str | None = None
    omitted: int = 0  # findings left out of the print page
    prev: TouchpointPage | None = None
    next: TouchpointPage | None = None


# --------------------------------------------------------------------------- evidence


def _state(f: Finding) -> tuple[str, str]:
    """CSS class and label: baselined and needs-review findings look different from open ones."""
    if f.baselined:
        return "baselined", f"{f.severity} · baselined"
    if f.outcome == "needs_review":
        return "review", "needs review"
    return f.severity, f.severity


def _num(v: Any) -> float | None:
    """A number from evidence written by some analyzer, or None (never trust its type)."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v)


def _color_evidence(f: Finding) -> dict[str, Any] | None:
    """Swatches (only strict hex colors reach CSS), ΔE and the kit color's name."""
    swatches = f.evidence.get("swatches") if isinstance(f.evidence, dict) else None
    obs = f.observed if isinstance(f.observed, dict) else {}
    exp = f.expected if isinstance(f.expected, dict) else {}
    if not isinstance(swatches, list) or not swatches:
        if f.category != "color" or not (obs.get("hex") or exp.get("hex")):
            return None
        swatches = [obs.get("hex"), exp.get("hex")]
    kit_name = exp.get("nearest") or exp.get("replacement") or exp.get("name")
    contrast = "ratio" in obs or "ratio" in exp  # a pair of colors seen together, not seen vs. expected
    if len(swatches) == 2:
        labels = ["text", "background"] if contrast else ["observed", "kit"]
    else:
        labels = [f"color {i + 1}" for i in range(len(swatches))]
    items = []
    for i, raw in enumerate(swatches[:6]):
        if raw is None:
            continue
        items.append({"value": str(raw)[:80], "css": css_color(raw), "label": labels[i] if i < len(labels) else "",
                      "name": (kit_name if i == 1 and len(swatches) == 2 and not contrast else None)})
    delta = _num(exp.get("delta_e")) if exp.get("delta_e") is not None else _num(obs.get("delta_e"))
    extra = {}
    for key in ("deprecated", "tolerance"):
        for src in (obs, exp):
            if key in src and isinstance(src[key], str | int | float):
                extra[key] = src[key]
    if _num(obs.get("ratio")) is not None:
        extra["ratio"] = _num(obs["ratio"])
    if _num(exp.get("ratio")) is not None:
        extra["required"] = _num(exp["ratio"])
    return {"swatches": items, "delta_e": delta, "kit_name": kit_name, "extra": extra}


def _specimen(f: Finding, assets: ReportAssets, fonts: dict[str, str]) -> dict[str, Any] | None:
    """The sample text in the rendered font (its file embedded when known) and in the kit's family."""
    spec = f.evidence.get("specimen") if isinstance(f.evidence, dict) else None
    if not isinstance(spec, dict):
        return None
    text = str(spec.get("text") or "The quick brown fox jumps over the lazy dog")[:200]
    rendered = str(spec.get("rendered") or "")[:120]
    expected = str(spec.get("expected") or "")[:120]
    font_rel = assets.font(spec.get("rendered_file"))
    rendered_css = None
    if font_rel:
        if font_rel not in fonts:
            fonts[font_rel] = f"bcf{Path(font_rel).stem}"  # hex digest: unique per file, safe in CSS
        rendered_css = f"'{fonts[font_rel]}'"
    elif css_font_family(rendered):
        rendered_css = f"'{css_font_family(rendered)}'"
    expected_css = f"'{css_font_family(expected)}'" if css_font_family(expected) else None
    return {"text": text, "rendered": rendered, "expected": expected,
            "rendered_style": f"font-family:{rendered_css},serif" if rendered_css else None,
            "expected_style": f"font-family:{expected_css},sans-serif" if expected_css else None,
            "rendered_embedded": bool(font_rel)}


def _logo(f: Finding, assets: ReportAssets, dest: str) -> dict[str, Any] | None:
    """The rendered logo crop and the kit logo, both copied into the report."""
    ev = f.evidence if isinstance(f.evidence, dict) else {}
    if not (ev.get("crop") or ev.get("kit_logo")):
        return None
    conf = _num(ev.get("confidence"))
    matched = ev.get("matched") or ev.get("match")
    return {"crop": assets.image(ev.get("crop"), dest), "kit": assets.image(ev.get("kit_logo"), dest),
            "replacement": assets.image(ev.get("replacement_logo"), dest),
            "confidence": conf, "matched": str(matched)[:80] if isinstance(matched, str) else None}


def _highlight(f: Finding) -> dict[str, Any] | None:
    """The text with the span cut out for a <mark>: before, mark, after (all escaped by the template)."""
    ctx = f.evidence.get("context") if isinstance(f.evidence, dict) else None
    text, span = None, None
    if isinstance(ctx, dict) and isinstance(ctx.get("text"), str):
        text, span = ctx["text"], ctx.get("span")
    elif f.location.text:
        text, span = f.location.text, f.location.span
    if not text:
        return None
    ok = (isinstance(span, list | tuple) and len(span) == 2 and all(isinstance(v, int) for v in span)
          and 0 <= span[0] < span[1] <= len(text))
    if not ok and isinstance(span, list | tuple) and len(span) == 2 and text is f.location.text:
        # the span counts in the text block while `text` is only the match itself: all of it is the span
        try:
            if int(span[1]) - int(span[0]) == len(text):
                return {"before": "", "mark": text, "after": ""}
        except (TypeError, ValueError):
            pass
    if not ok:
        short = text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"
        return {"before": short, "mark": "", "after": ""}
    a, b = span  # type: ignore[misc]
    before, mark, after = text[:a], text[a:b], text[b:]
    half = MAX_TEXT // 2
    if len(before) > half:
        before = "…" + before[-half:]
    if len(after) > half:
        after = after[:half] + "…"
    return {"before": before, "mark": mark, "after": after}


def _facts(value: Any) -> list[tuple[str, str]]:
    """Observed / expected as short label-value pairs (text, escaped by the template)."""
    if value is None:
        return []
    if isinstance(value, dict):
        out = []
        for k, v in list(value.items())[:12]:
            if v is None or (isinstance(v, dict | list) and not v):
                continue
            out.append((str(k)[:40], _fmt(v)))
        return out
    return [("", _fmt(value))]


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        text = f"{v:.4g}"
    elif isinstance(v, str):
        text = v
    elif isinstance(v, list) and all(isinstance(x, str | int | float) for x in v):
        text = ", ".join(str(x) for x in v)
    else:
        text = json.dumps(v, ensure_ascii=False, default=str)
    return text if len(text) <= 200 else text[:199] + "…"


def _elements(f: Finding) -> list[str]:
    """Selectors of every element a finding lists (a color is often on many)."""
    items = f.evidence.get("elements") if isinstance(f.evidence, dict) else None
    if not isinstance(items, list):
        return []
    return [str(e.get("selector"))[:300] for e in items if isinstance(e, dict) and e.get("selector")][:25]


def _evidence(f: Finding, assets: ReportAssets, dest: str, fonts: dict[str, str]) -> dict[str, Any]:
    """Every kind of evidence a finding carries; a kind that is absent or malformed is None or empty."""
    loc = f.location
    return {
        "color": _color_evidence(f),
        "specimen": _specimen(f, assets, fonts),
        "logo": _logo(f, assets, dest),
        "text": _highlight(f),
        "elements": _elements(f),
        "observed": _facts(f.observed),
        "expected": _facts(f.expected),
        "href": safe_href(loc.url),
        "where": _where(f),
    }


def _where(f: Finding) -> list[tuple[str, str]]:
    """Where the finding is, as label-value pairs (element, line, box, URL)."""
    loc = f.location
    out = []
    if loc.selector:
        out.append(("element", loc.selector[:400]))
    if loc.line:
        out.append(("line", f"{loc.line}" + (f", column {loc.column}" if loc.column else "")))
    if loc.bbox and len(loc.bbox) == 4:
        x, y, w, h = (round(float(v)) for v in loc.bbox)
        out.append(("box", f"{x}, {y} · {w}×{h} px"))
    if loc.url:
        out.append(("url", loc.url[:400]))
    return out


# --------------------------------------------------------------------------- boxes


def _px_per_css(view: ViewView) -> float:
    """Screenshot pixels per CSS pixel: the DPR, or less when the capture scaled the screenshot down."""
    assert view.shot is not None
    return min(view.dpr or 1.0, view.shot.native_width / max(1, view.viewport[0]))


def _box(view: ViewView, bbox: Any, n: int, css: str, extra: bool) -> BoxView | None:
    """A CSS-pixel box in percent of the screenshot, clipped to it; None when it lies outside."""
    if view.shot is None or not isinstance(bbox, list | tuple) or len(bbox) != 4:
        return None
    try:
        x, y, w, h = (float(v) for v in bbox)
    except (TypeError, ValueError):
        return None
    k = _px_per_css(view)
    nw, nh = view.shot.native_width, view.shot.native_height
    x0, y0 = max(0.0, x * k), max(0.0, y * k)
    x1, y1 = min(nw, (x + max(w, 0)) * k), min(nh, (y + max(h, 0)) * k)
    if x0 >= nw or y0 >= nh or x1 <= 0 or y1 <= 0:
        return None
    return BoxView(n=n, css=css, left=100 * x0 / nw, top=100 * y0 / nh, width=100 * max(x1 - x0, 0.0) / nw,
                   height=100 * max(y1 - y0, 0.0) / nh, extra=extra)


def _target_view(views: list[ViewView], f: Finding) -> ViewView | None:
    """The view whose coordinates the finding's box is in: its `viewport`, else the first view."""
    usable = [v for v in views if not v.images_off and v.shot is not None]
    if not usable:
        return None
    vp = f.location.viewport
    if isinstance(vp, list | tuple) and len(vp) == 2:
        for v in usable:
            if tuple(v.viewport) == (int(vp[0]), int(vp[1])):
                return v
        return None
    return usable[0]


def _place(fv: FindingView, views: list[ViewView]) -> None:
    """Draw the finding's box (and dashed boxes for its other elements) on the view it was found in."""
    f = fv.f
    if not f.location.bbox:
        return
    view = _target_view(views, f)
    if view is None:
        return
    box = _box(view, f.location.bbox, fv.n, fv.css, extra=False)
    if box is None:
        fv.outside = True
        return
    fv.view = view.index
    corner = (round(box.left, 1), round(box.top, 1))
    box.stack = sum(1 for b in view.boxes if not b.extra and (round(b.left, 1), round(b.top, 1)) == corner)
    view.boxes.append(box)
    items = f.evidence.get("elements") if isinstance(f.evidence, dict) else None
    if isinstance(items, list):
        drawn = 0
        for e in items:
            if drawn >= MAX_EXTRA_BOXES:
                break
            if not isinstance(e, dict) or e.get("bbox") == f.location.bbox:
                continue
            extra = _box(view, e.get("bbox"), fv.n, fv.css, extra=True)
            if extra:
                view.boxes.append(extra)
                drawn += 1


# --------------------------------------------------------------------------- building the report


def _view_label(v: View) -> str:
    """"1280×800", "390×844 @2x", "600×900 · images off"."""
    w, h = v.viewport
    label = f"{w}×{h}"
    if v.device_scale_factor and v.device_scale_factor != 1:
        label += f" @{v.device_scale_factor:g}x"
    if v.images_off:
        label += " · images off"
    return label


def _pages(result: ScanResult, assets: ReportAssets, print_mode: bool = False) -> list[TouchpointPage]:
    """Page models, with their screenshots queued for conversion (print: first usable view only)."""
    pages = []
    for i, tr in enumerate(result.touchpoints, start=1):
        tp = tr.touchpoint
        cap = tr.capture
        name = f"{i:03d}-{slug(tp.id)}"
        views = []
        if cap is not None and cap.status != "error":
            for vi, v in enumerate(cap.views):
                vv = ViewView(index=vi, label=_view_label(v), viewport=(int(v.viewport[0]), int(v.viewport[1])),
                              images_off=v.images_off, capped=v.height_capped, dpr=float(v.device_scale_factor or 1))
                src = cap.bundle_path(v.screenshot)
                first = not v.images_off and not any(not x.images_off for x in cap.views[:vi])
                if src is not None and src.is_file() and (first or not print_mode):
                    vv.future = assets.screenshot(src, f"img/{i:03d}/view-{vi}",
                                                  f"img/{i:03d}/thumb" if first and not print_mode else None,
                                                  dpr=vv.dpr, max_width=PRINT_SHOT_WIDTH if print_mode else SHOT_MAX_WIDTH)
                views.append(vv)
        # a remote touchpoint shows its final URL; a local file's capture URL (file:// or the capture's
        # own server on 127.0.0.1) means nothing once the scan is over, its path is the id already
        url = ((cap.url if cap else None) or tp.url) if tp.url else None
        pages.append(TouchpointPage(index=i, tr=tr, card=S.touchpoint_card(tr), file=f"touchpoints/{name}.html",
                                    title=cap.meta.title if cap and cap.meta else None, url=url, views=views,
                                    outcomes=S.outcome_groups(tr)))
    for a, b in itertools.pairwise(pages):
        a.next, b.prev = b, a
    return pages


def _finish_pages(pages: list[TouchpointPage], assets: ReportAssets, print_mode: bool = False) -> None:
    """After the screenshots are converted (their pixel sizes place the boxes): findings, evidence, boxes.

    The print page shows at most PRINT_MAX_FINDINGS findings per touchpoint (the most severe; the
    numbers stay those of the HTML report) so that a PDF of a large scan stays printable.
    """
    assets.wait()
    for p in pages:
        for v in p.views:
            v.shot = v.future.result() if v.future is not None else None
            v.future = None
            if v.shot and v.shot.thumb and p.thumb is None:
                p.thumb = v.shot.thumb
        ordered = S.findings_by_category(p.tr)
        shown: set[int] | None = None
        if print_mode:
            every = sorted((f for _, fs in ordered for f in fs), key=S.finding_sort_key)
            shown = {id(f) for f in every[:PRINT_MAX_FINDINGS]}
            p.omitted = max(0, len(every) - PRINT_MAX_FINDINGS)
        fonts: dict[str, str] = {}
        n = 0
        groups = []
        for category, findings in ordered:
            items = []
            for f in findings:
                n += 1
                if shown is not None and id(f) not in shown:
                    continue
                css, state = _state(f)
                fv = FindingView(n=n, f=f, css=css, state=state,
                                 evidence=_evidence(f, assets, "img/evidence", fonts))
                _place(fv, p.views)
                items.append(fv)
            if items:
                groups.append((category, items))
        p.groups = groups
        p.fonts = [(family, rel) for rel, family in fonts.items()]
        for v in p.views:
            v.boxes.sort(key=lambda b: (b.extra is False, -(b.width * b.height)))  # small boxes on top
            if print_mode:
                v.slices = _slices(v)


def _slices(v: ViewView) -> list[SliceView]:
    """The print page's windows on a tall screenshot, each with only the boxes that cross it."""
    if v.shot is None:
        return []
    total = v.shot.height / v.shot.width  # image height in widths
    count = min(PRINT_MAX_SLICES, max(1, math.ceil(total / PRINT_SLICE_RATIO - 1e-9)))
    out = []
    for k in range(count):
        start = k * PRINT_SLICE_RATIO
        height = min(PRINT_SLICE_RATIO, total - start)
        top_pct, bottom_pct = 100 * start / total, 100 * (start + height) / total
        boxes = [b for b in v.boxes if b.top < bottom_pct and b.top + b.height > top_pct]
        out.append(SliceView(pad=100 * height, offset=100 * start, boxes=boxes))
    return out


def short_id(tid: str) -> str:
    """A touchpoint id short enough for a card: a URL's path (or its host), a file's last two parts.

    Touchpoints of one site share their scheme and host, so a card that shows `https://acme.ex…`
    says nothing; the full id stays in the card's title and on its page.
    """
    parts = urlsplit(tid)
    if parts.scheme in ("http", "https") and parts.netloc:
        path = parts.path or "/"
        if path == "/" and not parts.query:
            return parts.netloc
        return path + (f"?{parts.query}" if parts.query else "")
    segs = tid.replace("\\", "/").rstrip("/").split("/")
    return "/".join(segs[-2:]) if len(segs) > 2 else tid


def _env() -> jinja2.Environment:
    """Jinja2 with autoescape on, undefined names an error, and the filters that make URLs and CSS safe."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_href"] = safe_href
    env.filters["css_color"] = css_color
    env.filters["short_id"] = short_id
    env.filters["score"] = lambda v: "–" if v is None else f"{v:g}"
    env.filters["num"] = lambda v, nd=2: "" if v is None else f"{v:.{nd}f}".rstrip("0").rstrip(".")
    env.globals["csp"] = CSP
    env.globals["journey_cards"] = JOURNEY_CARDS
    env.globals["matrix_chips"] = MATRIX_CHIPS
    return env


def _context(result: ScanResult, pages: list[TouchpointPage]) -> dict[str, Any]:
    """What every template sees: the figures of summary.py and the page models."""
    s = S.summarize(result)
    methods = sorted({t.capture.method for t in result.touchpoints if t.capture and t.status != "error"})
    return {
        "result": result,
        "s": s,
        "band": S.score_band(s["score"]),
        "bands": S.SCORE_BANDS,
        "categories": S.category_table(result),
        "channels": S.channels(result),
        "journey": S.journey(result),
        "matrix": S.priority_matrix(result),
        "pages": pages,
        "page_by_id": {p.tr.touchpoint.id: p for p in pages},
        "methods": methods,
        "version": __version__,
    }


_OWN_PAGE = re.compile(r"^\d{3,}-[a-z0-9-]*\.html$")
_OWN_IMAGES = re.compile(r"^(\d{3,}|evidence)$")


def _clear_previous(folder: Path) -> None:
    """Remove the pages and images an earlier report wrote here (and nothing else of the folder).

    Without this, a folder reused for a smaller scan would keep pages of touchpoints no longer scanned.
    """
    pages = folder / "touchpoints"
    if pages.is_dir():
        for p in pages.iterdir():
            if p.is_file() and _OWN_PAGE.match(p.name):
                p.unlink()
    images = folder / "img"
    if images.is_dir():
        for p in images.iterdir():
            if p.is_dir() and _OWN_IMAGES.match(p.name):
                shutil.rmtree(p, ignore_errors=True)


def _prepare(result: ScanResult, folder: Path, print_mode: bool = False
             ) -> tuple[jinja2.Environment, dict[str, Any], list[TouchpointPage]]:
    """Copy assets and images into `folder` and build the page models."""
    folder.mkdir(parents=True, exist_ok=True)
    _clear_previous(folder)
    assets = ReportAssets(folder)
    try:
        assets.copy_static(STATIC, STATIC_FILES, "assets")
        pages = _pages(result, assets, print_mode)
        _finish_pages(pages, assets, print_mode)
    finally:
        assets.close()
    return _env(), _context(result, pages), pages


def write_html(result: ScanResult, folder: Path) -> Path:
    """Write the report folder; returns the path of its index.html."""
    folder = Path(folder)
    env, ctx, pages = _prepare(result, folder)
    index = env.get_template("index.html.j2").render(**ctx, root="", print_mode=False)
    (folder / "index.html").write_text(index, encoding="utf-8")
    tpl = env.get_template("touchpoint.html.j2")
    (folder / "touchpoints").mkdir(exist_ok=True)
    for p in pages:
        html = tpl.render(**ctx, page=p, root="../", print_mode=False)
        (folder / p.file).write_text(html, encoding="utf-8")
    return folder / "index.html"


def write_print_html(result: ScanResult, folder: Path) -> Path:
    """One page with the overview and every touchpoint, for printing to PDF; returns its path."""
    folder = Path(folder)
    env, ctx, _ = _prepare(result, folder, print_mode=True)
    html = env.get_template("print.html.j2").render(**ctx, root="", print_mode=True)
    out = folder / "print.html"
    out.write_text(html, encoding="utf-8")
    return out
