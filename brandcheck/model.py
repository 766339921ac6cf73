"""The shared vocabulary of the pipeline: touchpoints, capture artifacts, findings.

Capture produces these objects, analyzers read them, rules turn measurements into findings and
reporters render findings. Everything here is plain data (dataclasses that round-trip through
JSON) so that a capture can be written to disk as a bundle and re-analyzed offline, as
Lighthouse does with its artifacts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

KINDS: tuple[str, ...] = ("website", "landing", "email", "document")
STAGES: tuple[str, ...] = (
    "awareness",
    "consideration",
    "decision",
    "purchase",
    "post-purchase",
    "loyalty",
    "advocacy",
)
CATEGORIES: tuple[str, ...] = ("color", "typography", "logo", "tone")

#: Roles a text run or element can play; rules scope on them.
ROLES: tuple[str, ...] = ("heading", "body", "button", "link", "nav", "header", "footer", "legal", "alt", "title",
                          "preheader", "plain_text", "other")


#: Computed style properties every capture records for every element (static capture: cascaded).
STYLE_PROPERTIES: tuple[str, ...] = (
    "display",
    "visibility",
    "opacity",
    "position",
    "color",
    "background-color",
    "background-image",
    "border-top-color",
    "border-right-color",
    "border-bottom-color",
    "border-left-color",
    "border-top-width",
    "border-right-width",
    "border-bottom-width",
    "border-left-width",
    "border-top-style",
    "border-right-style",
    "border-bottom-style",
    "border-left-style",
    "outline-color",
    "outline-style",
    "outline-width",
    "fill",
    "stroke",
    "font-family",
    "font-weight",
    "font-size",
    "font-style",
    "text-transform",
    "object-fit",
    "transform",
    "overflow",
    "width",
    "height",
    "content",
)


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in CSS pixels of the full-page render (x, y from the page's top left)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def area(self) -> float:
        return max(0.0, self.w) * max(0.0, self.h)

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def as_list(self) -> list[float]:
        return [round(self.x, 1), round(self.y, 1), round(self.w, 1), round(self.h, 1)]

    def intersection(self, other: Box) -> float:
        ix = max(0.0, min(self.right, other.right) - max(self.x, other.x))
        iy = max(0.0, min(self.bottom, other.bottom) - max(self.y, other.y))
        return ix * iy

    def contains(self, other: Box, slack: float = 0.5) -> bool:
        return (
            self.x - slack <= other.x
            and self.y - slack <= other.y
            and other.right <= self.right + slack
            and other.bottom <= self.bottom + slack
        )

    def expanded(self, margin: float) -> Box:
        return Box(self.x - margin, self.y - margin, self.w + 2 * margin, self.h + 2 * margin)

    @classmethod
    def from_list(cls, v: list[float] | tuple[float, ...] | None) -> Box | None:
        if not v or len(v) != 4:
            return None
        return cls(float(v[0]), float(v[1]), float(v[2]), float(v[3]))


# --------------------------------------------------------------------------- touchpoints


@dataclass
class CrawlSpec:
    max_pages: int = 1
    max_depth: int = 0
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)


@dataclass
class Touchpoint:
    """One thing a customer sees: a page, a landing page, an email or a piece of copy."""

    id: str
    kind: str  # one of KINDS
    source: str  # the URL, or the path as the user gave it
    url: str | None = None  # http(s) URL when the touchpoint is remote
    path: str | None = None  # absolute local path when the touchpoint is a file
    stage: str | None = None
    importance: int | None = None
    crawl: CrawlSpec | None = None
    kind_given: bool = False  # False: kind was detected from the content
    root: str | None = None  # local files: the folder that holds everything the page references
    error: str | None = None  # the target could not become a capturable touchpoint (unsafe zip entry, ...)

    @property
    def is_local(self) -> bool:
        return self.path is not None


# --------------------------------------------------------------------------- capture artifacts


@dataclass
class Element:
    """One element of the rendered DOM with the computed styles the analyzers need.

    `content` keeps the element's children in document order: strings are its own text nodes,
    integers are child element ids. From it a text block can be put back together the way a reader
    sees it (inline children inside a paragraph) without storing the text twice.
    """

    id: int
    tag: str
    selector: str
    parent: int | None
    box: Box | None
    visible: bool
    style: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)
    content: list[str | int] = field(default_factory=list)

    @property
    def own_text(self) -> str:
        return " ".join(" ".join(c.split()) for c in self.content if isinstance(c, str) and c.strip())

    @property
    def children(self) -> list[int]:
        return [c for c in self.content if isinstance(c, int)]


@dataclass
class ImageAsset:
    """An image a customer sees: `img`, `picture`, inline or external SVG, CSS background, icon."""

    kind: str  # img | svg | background | favicon | og | email-header
    element: int | None
    selector: str | None
    src: str | None
    box: Box | None
    natural_size: tuple[int, int] | None = None
    file: str | None = None  # bundle-relative path of the image's bytes (or SVG markup)
    crop: str | None = None  # bundle-relative path of the element screenshot
    alt: str | None = None
    mime: str | None = None
    skipped: str | None = None  # why the bytes are not available, if they are not


@dataclass
class FontFace:
    """An @font-face rule the page declared, and whether the browser loaded it."""

    family: str
    src: list[str] = field(default_factory=list)
    weight: str = "400"
    style: str = "normal"
    status: str = "unknown"  # loaded | error | unloaded | unknown
    stylesheet: str | None = None
    postscript_name: str | None = None  # the name the font file itself carries, when known


@dataclass
class FailedRequest:
    url: str
    reason: str
    resource_type: str | None = None
    status: int | None = None


@dataclass
class RenderedFont:
    """What the browser actually drew a text run with (CDP CSS.getPlatformFontsForNode)."""

    family: str  # family as the browser names it (the font file's own name)
    glyphs: int = 0
    custom: bool = False  # a web font (True) or a font installed on the machine (False)
    face_family: str | None = None  # the @font-face family it was loaded as, when mapped back


@dataclass
class View:
    """The capture of one touchpoint at one viewport."""

    viewport: tuple[int, int]
    elements: list[Element] = field(default_factory=list)
    images: list[ImageAsset] = field(default_factory=list)
    screenshot: str | None = None  # bundle-relative PNG of the full page
    page_height: float | None = None
    height_capped: bool = False
    device_scale_factor: float = 1.0
    #: element id -> fonts rendered for its own text; None when the capture cannot know
    rendered_fonts: dict[int, list[RenderedFont]] | None = None
    images_off: bool = False  # an email rendered as clients show it with images blocked

    def element(self, eid: int | None) -> Element | None:
        if eid is None or eid < 0 or eid >= len(self.elements):
            return None
        return self.elements[eid]


@dataclass
class EmailParts:
    subject: str | None = None
    sender: str | None = None
    preheader: str | None = None
    plain_text: str | None = None


@dataclass
class PageMeta:
    title: str | None = None
    description: str | None = None
    lang: str | None = None
    og: dict[str, str] = field(default_factory=dict)
    favicon: str | None = None
    canonical: str | None = None
    console_errors: list[str] = field(default_factory=list)


@dataclass
class Capture:
    """Everything captured of one touchpoint: the artifacts and nothing judged yet."""

    touchpoint: Touchpoint
    method: str  # browser | static | text
    status: str = "ok"  # ok | error | partial
    error: str | None = None
    url: str | None = None  # final URL (after redirects), file:// or http://127.0.0.1 for local files
    views: list[View] = field(default_factory=list)
    fonts: list[FontFace] = field(default_factory=list)
    failed_requests: list[FailedRequest] = field(default_factory=list)
    meta: PageMeta = field(default_factory=PageMeta)
    email: EmailParts | None = None
    notes: list[str] = field(default_factory=list)
    text: str | None = None  # plain copy (.md/.txt touchpoints)
    text_format: str | None = None  # markdown | text, for copy touchpoints
    bundle: str | None = None  # folder holding the files that artifacts name

    @property
    def primary(self) -> View | None:
        for v in self.views:
            if not v.images_off:
                return v
        return self.views[0] if self.views else None

    def bundle_path(self, rel: str | None) -> Path | None:
        if not rel or not self.bundle:
            return None
        return Path(self.bundle) / rel


# --------------------------------------------------------------------------- findings and results


@dataclass
class Location:
    selector: str | None = None
    bbox: list[float] | None = None
    viewport: list[int] | None = None
    text: str | None = None
    span: list[int] | None = None  # [start, end) character offsets within `text_block`
    url: str | None = None
    line: int | None = None  # 1-based, for copy files and Vale alerts
    column: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass
class Finding:
    """One inconsistency (or a "needs review") on one touchpoint, with evidence."""

    rule: str
    category: str
    severity: str
    touchpoint: str
    message: str
    location: Location
    observed: Any = None
    expected: Any = None
    fingerprint: str = ""
    outcome: str = "violation"  # violation | needs_review
    suggestion: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)  # bundle files for reports (crops, swatches)
    tags: list[str] = field(default_factory=list)
    baselined: bool = False
    element: int | None = None  # element id in the primary view, for inline disables and fingerprints
    key: str | None = None  # what makes the finding the same problem across scans (see fingerprint)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "touchpoint": self.touchpoint,
            "message": self.message,
            "location": self.location.to_json(),
            "observed": self.observed,
            "expected": self.expected,
            "fingerprint": self.fingerprint,
            "outcome": self.outcome,
        }
        if self.suggestion:
            out["suggestion"] = self.suggestion
        if self.evidence:
            out["evidence"] = self.evidence
        if self.tags:
            out["tags"] = list(self.tags)
        if self.baselined:
            out["baselined"] = True
        return out


@dataclass
class RuleOutcome:
    """How one rule went on one touchpoint, in axe-core's four groups plus rule errors."""

    rule: str
    status: str  # violation | pass | needs_review | inapplicable | error
    detail: str | None = None


@dataclass
class TouchpointResult:
    touchpoint: Touchpoint
    capture: Capture | None
    status: str  # ok | error | partial
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[RuleOutcome] = field(default_factory=list)
    score: float | None = None
    screenshot: str | None = None

    def counts(self, include_baselined: bool = False) -> dict[str, int]:
        c = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            if f.baselined and not include_baselined:
                continue
            if f.outcome == "violation":
                c[f.severity] += 1
        return c


@dataclass
class KitInfo:
    name: str
    digest: str
    path: str


@dataclass
class ScanResult:
    """The one object every reporter is a view of."""

    tool_version: str
    kit: KitInfo
    touchpoints: list[TouchpointResult]
    started_at: str
    finished_at: str
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> description for SARIF etc.
    rule_errors: list[str] = field(default_factory=list)
    stale_baseline: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fail_on: str = "error"

    @property
    def findings(self) -> list[Finding]:
        return [f for t in self.touchpoints for f in t.findings]
