"""Hand-made ScanResults for reporter tests: realistic, deterministic, with evidence files on disk.

Reporters are views of one ScanResult, so their tests should not depend on capture, analyzers or
rules: these factories build the result the pipeline would produce, with every kind of touchpoint
(website, landing, email, document), several journey stages, every category of finding with the
evidence conventions the analyzers use (swatches, font specimen, logo crops, text spans), a
baselined finding, a needs-review finding, a rule error, a capture error and a stale baseline entry.

Images are drawn with Pillow at known places, so a test can check that a finding's box is drawn
over the element it names: `BLOCKS` gives each drawn element's CSS-pixel box and color.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from brandcheck.model import (
    Capture,
    Finding,
    KitInfo,
    Location,
    PageMeta,
    RuleOutcome,
    ScanResult,
    Touchpoint,
    TouchpointResult,
    View,
)
from brandcheck.score import score

STARTED = "2026-03-02T09:00:00+00:00"
FINISHED = "2026-03-02T09:01:30+00:00"
TOOL_VERSION = "0.1.0"
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

#: Elements drawn on the desktop screenshot of the home page: name -> (css box [x, y, w, h], color).
BLOCKS: dict[str, tuple[list[float], str]] = {
    "header": ([0, 0, 1280, 96], "#212529"),
    "logo": ([40, 24, 160, 48], "#FFC800"),
    "hero-cta": ([520, 420, 240, 64], "#E8590C"),  # off-palette orange
    "promo": ([80, 900, 520, 200], "#F39C12"),  # deprecated color
    "heading": ([80, 1300, 700, 60], "#FFFFFF"),
    "footer": ([0, 1900, 1280, 100], "#6C757D"),
}
DESKTOP = (1280, 800)
DESKTOP_HEIGHT = 2000
MOBILE = (390, 844)
MOBILE_HEIGHT = 1600

RULES: dict[str, dict[str, Any]] = {
    "color.OffPalette": {"id": "color.OffPalette", "kind": "color.off_palette", "category": "color",
                         "level": "warning", "description": "Colors a customer sees must be kit colors.",
                         "link": None, "tags": ["brand", "color"], "path": "/rules/color/OffPalette.yml"},
    "color.Deprecated": {"id": "color.Deprecated", "kind": "color.deprecated", "category": "color", "level": "error",
                         "description": "Deprecated brand colors must no longer appear.", "link": None,
                         "tags": ["brand", "color"], "path": "/rules/color/Deprecated.yml"},
    "color.Contrast": {"id": "color.Contrast", "kind": "color.contrast", "category": "color", "level": "warning",
                       "description": "Text in brand colors must meet WCAG 2.x AA contrast.", "link": None,
                       "tags": ["brand", "color", "accessibility"], "path": "/rules/color/Contrast.yml"},
    "typography.Family": {"id": "typography.Family", "kind": "typography.family", "category": "typography",
                          "level": "warning", "description": "Text is rendered in a kit font family.",
                          "link": None, "tags": ["brand", "typography"], "path": "/rules/typography/Family.yml"},
    "typography.Rendered": {"id": "typography.Rendered", "kind": "typography.rendered", "category": "typography",
                            "level": "error", "description": "Declared web fonts actually load.", "link": None,
                            "tags": ["brand", "typography"], "path": "/rules/typography/Rendered.yml"},
    "logo.Deprecated": {"id": "logo.Deprecated", "kind": "logo.deprecated", "category": "logo", "level": "error",
                        "description": "Old logo versions must no longer appear.", "link": None,
                        "tags": ["brand", "logo"], "path": "/rules/logo/Deprecated.yml"},
    "logo.MinSize": {"id": "logo.MinSize", "kind": "logo.min_size", "category": "logo", "level": "warning",
                     "description": "Logos are shown at least at the kit's minimum width.", "link": None,
                     "tags": ["brand", "logo"], "path": "/rules/logo/MinSize.yml"},
    "tone.Terminology": {"id": "tone.Terminology", "kind": "tone.terminology", "category": "tone",
                         "level": "warning", "description": "Use the kit's preferred terms.", "link": None,
                         "tags": ["brand", "tone"], "path": "/rules/tone/Terminology.yml"},
    "tone.Required": {"id": "tone.Required", "kind": "tone.required", "category": "tone", "level": "error",
                      "description": "Phrases the kit requires for this kind of touchpoint appear.", "link": None,
                      "tags": ["brand", "tone"], "path": "/rules/tone/Required.yml"},
    "tone.Exclamations": {"id": "tone.Exclamations", "kind": "tone.exclamations", "category": "tone",
                          "level": "info", "description": "Exclamation marks stay within the kit's budget.",
                          "link": None, "tags": ["brand", "tone"], "path": "/rules/tone/Exclamations.yml"},
    "Acme.Terms": {"id": "Acme.Terms", "kind": "vale.substitution", "category": "tone", "level": "warning",
                   "description": "Acme's house terms (a Vale rule).",
                   "link": "https://styles.acme.example/terms", "tags": ["vale"],
                   "path": "/styles/Acme/Terms.yml"},
}


# --------------------------------------------------------------------------- evidence files


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(str(FONT_FILE), size)
    except OSError:
        return ImageFont.load_default()


def draw_desktop(path: Path) -> None:
    """The home page at 1280 px, DPR 1: the blocks of BLOCKS on a white page."""
    im = Image.new("RGB", (DESKTOP[0], DESKTOP_HEIGHT), "#FFFFFF")
    d = ImageDraw.Draw(im)
    for name, (box, color) in BLOCKS.items():
        x, y, w, h = box
        d.rectangle([x, y, x + w - 1, y + h - 1], fill=color)
        if name in ("hero-cta", "promo"):
            d.text((x + 16, y + 16), name.upper(), fill="#212529", font=_font(22))
    d.text((80, 1220), "Brew better mornings", fill="#212529", font=_font(40))
    for i in range(8):
        d.text((80, 1420 + i * 40), "Lorem ipsum dolor sit amet, consectetur adipiscing elit.", fill="#495057",
               font=_font(20))
    im.save(path)


def draw_mobile(path: Path) -> None:
    """The home page at 390 px, DPR 2 (so the PNG is 780 px wide)."""
    im = Image.new("RGB", (MOBILE[0] * 2, MOBILE_HEIGHT * 2), "#FFFFFF")
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, 779, 159], fill="#212529")
    d.rectangle([32, 40, 271, 119], fill="#FFC800")
    d.rectangle([60, 700, 719, 827], fill="#E8590C")
    d.rectangle([40, 1400, 739, 1799], fill="#F39C12")
    im.save(path)


def draw_landing(path: Path) -> None:
    im = Image.new("RGB", (DESKTOP[0], 1200), "#F8F9FA")
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, 1279, 79], fill="#FFFFFF")
    d.rectangle([32, 20, 71, 59], fill="#FFC800")  # a tiny logo
    d.rectangle([300, 400, 979, 599], fill="#D6336C")
    d.text((320, 420), "SPRING SALE!!!", fill="#FFFFFF", font=_font(48))
    im.save(path)


def draw_email(path: Path, images_off: bool = False) -> None:
    im = Image.new("RGB", (600, 900), "#FFFFFF")
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, 599, 99], fill="#F4F4F7" if images_off else "#FFC800")
    d.text((40, 160), "Welcome to Acme Coffee", fill="#212529", font=_font(30))
    d.text((40, 220), "Please log in to confirm your e-mail.", fill="#51545E", font=_font(18))
    im.save(path)


def draw_logo(path: Path, color: str, label: str) -> None:
    im = Image.new("RGBA", (320, 96), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.ellipse([8, 8, 88, 88], fill=color)
    d.text((104, 28), label, fill="#212529", font=_font(32))
    im.save(path)


# --------------------------------------------------------------------------- findings


def _f(rule: str, tp: str, message: str, location: Location, fingerprint: str, *, severity: str | None = None,
       outcome: str = "violation", **kw: Any) -> Finding:
    meta = RULES.get(rule, {"category": kw.pop("category", "meta"), "level": "info"})
    category = kw.pop("category", meta["category"])
    return Finding(rule=rule, category=category, severity=severity or meta["level"], touchpoint=tp, message=message,
                   location=location, fingerprint=fingerprint, outcome=outcome, **kw)


def _box(name: str) -> list[float]:
    return list(BLOCKS[name][0])


def _home_findings(tp: str, ev: Path) -> list[Finding]:
    vp = list(DESKTOP)
    return [
        _f("color.OffPalette", tp,
           "#E8590C is not a kit color: nearest is Agency Yellow #FFC800, ΔE 21.4 (tolerance 3); used as background "
           "on 2 element(s), 1.21% of the page",
           Location(selector="header.masthead > a.btn-xl", bbox=_box("hero-cta"), viewport=vp), "a1b2c3d4e5f6a7b8c9d0",
           observed={"hex": "#E8590C", "properties": ["background"], "elements": 2, "share": 0.01212},
           expected={"nearest": "Agency Yellow", "hex": "#FFC800", "delta_e": 21.4, "tolerance": 3.0},
           suggestion="use Agency Yellow #FFC800",
           evidence={"swatches": ["#E8590C", "#FFC800"],
                     "elements": [{"selector": "header.masthead > a.btn-xl", "bbox": _box("hero-cta")},
                                  {"selector": "footer a.btn-sm", "bbox": [1100, 1930, 120, 40]}]}),
        _f("color.Deprecated", tp,
           "#F39C12 is the deprecated color Orange (2014 theme) (ΔE 0); use Agency Yellow #FFC800 instead "
           "(1 element(s))",
           Location(selector="section#promo > div.banner", bbox=_box("promo"), viewport=vp), "b2c3d4e5f6a7b8c9d0e1",
           observed={"hex": "#F39C12", "properties": ["background"], "elements": 1},
           expected={"replacement": "Agency Yellow", "hex": "#FFC800", "deprecated": "Orange (2014 theme)",
                     "delta_e": 0.0},
           suggestion="use Agency Yellow #FFC800",
           evidence={"swatches": ["#F39C12", "#FFC800"],
                     "elements": [{"selector": "section#promo > div.banner", "bbox": _box("promo")}]}),
        _f("color.Contrast", tp,
           "Text #FFFFFF (White) on #FFC800 (Agency Yellow) has contrast 1.6:1, below WCAG AA 4.5:1 for normal text "
           "(1 element(s))",
           Location(selector="header.site > a.brand", bbox=_box("logo"), viewport=vp), "c3d4e5f6a7b8c9d0e1f2",
           severity="info", outcome="needs_review",
           observed={"hex": "#FFFFFF", "ratio": 1.6}, expected={"ratio": 4.5},
           evidence={"swatches": ["#FFFFFF", "#FFC800"]}),
        _f("typography.Family", tp,
           "Heading is rendered in DejaVu Serif, not the kit's heading family Montserrat",
           Location(selector="section#about > h2.section-heading", bbox=_box("heading"), viewport=vp),
           "d4e5f6a7b8c9d0e1f2a3",
           observed={"family": "DejaVu Serif", "declared": "Montserrat, sans-serif"},
           expected={"family": "Montserrat", "role": "heading"},
           suggestion="load Montserrat with @font-face (the web font failed to load)",
           evidence={"specimen": {"text": "Brew better mornings", "rendered": "DejaVu Serif",
                                  "expected": "Montserrat",
                                  "rendered_file": str(FONT_FILE) if FONT_FILE.is_file() else None}}),
        _f("logo.Deprecated", tp, "The logo in the header is the 2016 logo; use the primary logo",
           Location(selector="header.site > a.brand > img", bbox=_box("logo"), viewport=vp), "e5f6a7b8c9d0e1f2a3b4",
           observed={"logo": "2016 logo", "width": 160}, expected={"logo": "primary"},
           evidence={"crop": str(ev / "crop-home.png"), "kit_logo": str(ev / "kit-2016.png"), "confidence": 0.91,
                     "match": "2016 logo", "replacement_logo": str(ev / "kit-primary.png")}),
        _f("tone.Terminology", tp, "Use 'sign in' instead of 'log in'",
           Location(selector="section#about > p.lead", bbox=[80, 1420, 700, 30], viewport=vp,
                    text="Log in to your account and brew better mornings.", span=[0, 6]),
           "f6a7b8c9d0e1f2a3b4c5", observed={"text": "Log in"}, expected={"text": "Sign in"}, suggestion="Sign in",
           evidence={"context": {"text": "Already a member? Log in to your account and brew better mornings.",
                                 "span": [18, 24]}}),
        _f("tone.Exclamations", tp, "3 exclamation marks in 24 words (at most 1 per 100 words)",
           Location(selector="footer > p.legal", bbox=_box("footer"), viewport=vp,
                    text="Great coffee! Great people! Great mornings!", span=[12, 13]),
           "a7b8c9d0e1f2a3b4c5d6", observed={"value": 3}, expected={"value": 1}, baselined=True,
           evidence={"context": {"text": "Great coffee! Great people! Great mornings!", "span": [12, 13]}}),
        Finding(rule="brandcheck.UnusedDisable", category="meta", severity="info", touchpoint=tp,
                message="Inline disable suppressed no finding of 'color.OffPalette'; remove it or fix the rule id",
                location=Location(selector="footer", bbox=_box("footer"), viewport=vp),
                observed='data-brandcheck-disable="color.OffPalette"', expected="a disable that is used",
                fingerprint="b8c9d0e1f2a3b4c5d6e7"),
    ]


def _landing_findings(tp: str, ev: Path) -> list[Finding]:
    vp = list(DESKTOP)
    return [
        _f("color.OffPalette", tp,
           "#D6336C is not a kit color: nearest is Agency Yellow #FFC800, ΔE 48.2 (tolerance 3); used as background "
           "on 1 element(s), 9% of the page",
           Location(selector="main > section.hero", bbox=[300, 400, 680, 200], viewport=vp), "c9d0e1f2a3b4c5d6e7f8",
           severity="error",
           observed={"hex": "#D6336C", "properties": ["background"], "elements": 1, "share": 0.0885},
           expected={"nearest": "Agency Yellow", "hex": "#FFC800", "delta_e": 48.2, "tolerance": 3.0},
           evidence={"swatches": ["#D6336C", "#FFC800"],
                     "elements": [{"selector": "main > section.hero", "bbox": [300, 400, 680, 200]}]}),
        _f("logo.MinSize", tp, "The logo is 40px wide, below the kit's minimum of 80px",
           Location(selector="header > a > img.logo", bbox=[32, 20, 40, 40], viewport=vp), "d0e1f2a3b4c5d6e7f8a9",
           observed={"width": 40}, expected={"min_width": 80},
           evidence={"crop": str(ev / "crop-landing.png"), "kit_logo": str(ev / "kit-primary.png"),
                     "confidence": 0.64}),
        _f("tone.Exclamations", tp, "2 exclamation marks in 3 words (at most 1 per 100 words)",
           Location(selector="main > section.hero > h1", bbox=[320, 420, 420, 60], viewport=vp,
                    text="SPRING SALE!!!", span=[11, 14]),
           "e1f2a3b4c5d6e7f8a9b0", observed={"value": 3}, expected={"value": 1},
           evidence={"context": {"text": "SPRING SALE!!!", "span": [11, 14]}}),
    ]


def _email_findings(tp: str) -> list[Finding]:
    vp = [600, 900]
    return [
        _f("tone.Terminology", tp, "Use 'sign in' instead of 'log in'",
           Location(selector="td.content-cell > p:nth-of-type(1)", bbox=[40, 220, 400, 24], viewport=vp,
                    text="Please log in to confirm your e-mail.", span=[7, 13]),
           "f2a3b4c5d6e7f8a9b0c1", observed={"text": "log in"}, expected={"text": "sign in"}, suggestion="sign in",
           evidence={"context": {"text": "Please log in to confirm your e-mail.", "span": [7, 13]}}),
        _f("tone.Terminology", tp, "Use 'email' instead of 'e-mail'",
           Location(selector="td.content-cell > p:nth-of-type(1)", bbox=[40, 220, 400, 24], viewport=vp,
                    text="Please log in to confirm your e-mail.", span=[30, 36]),
           "a3b4c5d6e7f8a9b0c1d2", observed={"text": "e-mail"}, expected={"text": "email"}, suggestion="email",
           evidence={"context": {"text": "Please log in to confirm your e-mail.", "span": [30, 36]}}),
        _f("tone.Required", tp, "The email does not contain the required phrase 'Unsubscribe'",
           Location(text="Welcome to Acme Coffee"), "b4c5d6e7f8a9b0c1d2e3",
           observed=None, expected={"phrase": "Unsubscribe"}),
    ]


def _copy_findings(tp: str) -> list[Finding]:
    return [
        _f("Acme.Terms", tp, "Use 'sign in' rather than 'login'.",
           Location(text="Use your login to reach the dashboard.", span=[9, 14], line=3, column=10),
           "c5d6e7f8a9b0c1d2e3f4", observed={"text": "login"}, expected={"text": "sign in"}, suggestion="sign in",
           evidence={"context": {"text": "Use your login to reach the dashboard.", "span": [9, 14]}}),
        _f("Acme.Terms", tp, "Use 'email' rather than 'e-mail'.",
           Location(text="Questions? Send an e-mail to hello@acme.example.", span=[19, 25], line=7, column=20),
           "d6e7f8a9b0c1d2e3f4a5", observed={"text": "e-mail"}, expected={"text": "email"}, suggestion="email",
           severity="info"),
    ]


def _outcomes(findings: list[Finding], ran: list[str], extra: dict[str, tuple[str, str | None]] | None = None
              ) -> list[RuleOutcome]:
    """One outcome per rule, as the engine reports them (violation, needs_review, pass, ...)."""
    extra = extra or {}
    out = []
    for rid in ran:
        if rid in extra:
            out.append(RuleOutcome(rid, *extra[rid]))
            continue
        mine = [f for f in findings if f.rule == rid]
        viol = [f for f in mine if f.outcome == "violation"]
        if viol:
            out.append(RuleOutcome(rid, "violation", f"{len(viol)} finding(s)"))
        elif mine:
            out.append(RuleOutcome(rid, "needs_review", f"{len(mine)} item(s) to review"))
        else:
            out.append(RuleOutcome(rid, "pass"))
    return out


def make_result(folder: Path, *, title: str = "Acme Coffee: brew better mornings") -> ScanResult:
    """A realistic scan of five touchpoints; images and evidence are written under `folder`.

    Local touchpoints live under `folder / "project"` (pass it to render_sarif as the base).
    """
    folder = Path(folder)
    project = folder / "project"
    bundles = folder / "capture"
    ev = folder / "evidence"
    for d in (project / "site", project / "emails", project / "copy", ev):
        d.mkdir(parents=True, exist_ok=True)
    home_b, landing_b, email_b = bundles / "home", bundles / "landing", bundles / "welcome"
    for d in (home_b, landing_b, email_b):
        d.mkdir(parents=True, exist_ok=True)
    draw_desktop(home_b / "view-0-1280x800.png")
    draw_mobile(home_b / "view-1-390x844.png")
    draw_landing(landing_b / "view-0-1280x800.png")
    draw_email(email_b / "view-0-600x900.png")
    draw_email(email_b / "view-1-600x900-images-off.png", images_off=True)
    draw_logo(ev / "crop-home.png", "#F39C12", "Acme 2016")
    draw_logo(ev / "crop-landing.png", "#FFC800", "Acme")
    draw_logo(ev / "kit-primary.png", "#FFC800", "Acme Coffee")
    draw_logo(ev / "kit-2016.png", "#F39C12", "Acme 2016")

    every = list(RULES)
    web_rules = [r for r in every if r not in ("tone.Required", "Acme.Terms")]

    # 1. the home page: a website at the start of the journey, captured in a browser at two viewports
    home_tp = Touchpoint(id="site/index.html", kind="website", source="site/index.html",
                         path=str(project / "site" / "index.html"), stage="awareness", importance=5)
    home_cap = Capture(touchpoint=home_tp, method="browser", url=f"file://{project}/site/index.html",
                       views=[View(viewport=DESKTOP, screenshot="view-0-1280x800.png", page_height=DESKTOP_HEIGHT),
                              View(viewport=MOBILE, screenshot="view-1-390x844.png", page_height=MOBILE_HEIGHT,
                                   device_scale_factor=2.0)],
                       meta=PageMeta(title=title, lang="en"), bundle=str(home_b),
                       notes=["1 web font failed to load: Montserrat (net::ERR_FILE_NOT_FOUND)"])
    home_f = _home_findings(home_tp.id, ev)
    home = TouchpointResult(touchpoint=home_tp, capture=home_cap, status="ok", findings=home_f,
                            outcomes=_outcomes(home_f, web_rules),
                            score=score(home_f), screenshot="view-0-1280x800.png")
    home.outcomes.append(RuleOutcome("tone.Required", "inapplicable", "touchpoint kind website not in scope (email)"))

    # 2. a landing page on the web, with a rule that failed while evaluating it
    lp_url = "https://acme.example/lp/spring?utm_source=mail&x=1"
    lp_tp = Touchpoint(id=lp_url, kind="landing", source=lp_url, url=lp_url, stage="consideration", importance=4)
    lp_cap = Capture(touchpoint=lp_tp, method="browser", url=lp_url,
                     views=[View(viewport=DESKTOP, screenshot="view-0-1280x800.png", page_height=1200)],
                     meta=PageMeta(title="Spring sale | Acme Coffee"), bundle=str(landing_b))
    lp_f = _landing_findings(lp_tp.id, ev)
    lp = TouchpointResult(touchpoint=lp_tp, capture=lp_cap, status="ok", findings=lp_f,
                          outcomes=_outcomes(lp_f, web_rules, {"typography.Rendered": (
                              "error", "MeasurementError: rendered fonts are not available for this capture")}),
                          score=score(lp_f), screenshot="view-0-1280x800.png")
    lp.outcomes.append(RuleOutcome("tone.Required", "inapplicable", "touchpoint kind landing not in scope (email)"))

    # 3. a welcome email, rendered with images on and off
    em_tp = Touchpoint(id="emails/welcome.eml", kind="email", source="emails/welcome.eml",
                       path=str(project / "emails" / "welcome.eml"), stage="loyalty", importance=3)
    em_cap = Capture(touchpoint=em_tp, method="browser", url="http://127.0.0.1:8765/welcome.html",
                     views=[View(viewport=(600, 900), screenshot="view-0-600x900.png", page_height=900),
                            View(viewport=(600, 900), screenshot="view-1-600x900-images-off.png", page_height=900,
                                 images_off=True)],
                     meta=PageMeta(title="Welcome to Acme Coffee"), bundle=str(email_b))
    em_f = _email_findings(em_tp.id)
    em = TouchpointResult(touchpoint=em_tp, capture=em_cap, status="ok", findings=em_f,
                          outcomes=_outcomes(em_f, [*web_rules, "tone.Required"]), score=score(em_f),
                          screenshot="view-0-600x900.png")

    # 4. copy delivered as Markdown: no views, line and column locations
    cp_tp = Touchpoint(id="copy/about.md", kind="document", source="copy/about.md",
                       path=str(project / "copy" / "about.md"), stage="decision", importance=2)
    cp_cap = Capture(touchpoint=cp_tp, method="text", text="# About\n\nUse your login to reach the dashboard.\n",
                     text_format="markdown")
    cp_f = _copy_findings(cp_tp.id)
    tone_rules = ["tone.Terminology", "tone.Exclamations", "Acme.Terms"]
    cp = TouchpointResult(touchpoint=cp_tp, capture=cp_cap, status="ok", findings=cp_f,
                          outcomes=_outcomes(cp_f, tone_rules), score=score(cp_f))

    # 5. a page that could not be captured
    err_url = "https://acme.example/checkout"
    err_tp = Touchpoint(id=err_url, kind="website", source=err_url, url=err_url, stage="purchase", importance=5)
    err_msg = "https://acme.example/checkout: net::ERR_CONNECTION_REFUSED"
    err = TouchpointResult(touchpoint=err_tp, capture=Capture(touchpoint=err_tp, method="browser", status="error",
                                                              error=err_msg),
                           status="error", error=err_msg, outcomes=[RuleOutcome("capture", "error", err_msg)])

    return ScanResult(
        tool_version=TOOL_VERSION,
        kit=KitInfo(name="Acme Coffee", digest="sha256:" + "3d9c665b954a453e" * 4, path=str(folder / "kit")),
        touchpoints=[home, lp, em, cp, err],
        started_at=STARTED, finished_at=FINISHED, rules=dict(RULES),
        rule_errors=[f"typography.Rendered on {lp_url}: MeasurementError: rendered fonts are not available for "
                     "this capture"],
        stale_baseline=[{"fingerprint": "0f0f0f0f0f0f0f0f0f0f", "rule": "color.OffPalette",
                         "touchpoint": "site/index.html", "severity": "warning",
                         "message": "#AA0000 is not a kit color"}],
        notes=["Some touchpoints were captured statically (no browser): rendered fonts and layout could not be "
               "measured; such checks say 'needs review'."],
        fail_on="error",
    )


HOSTILE = '<script>alert(1)</script>'


def make_hostile_result(folder: Path) -> ScanResult:
    """The factory result with scanned content that tries to run code in the report.

    A page titled with a script, an id and messages carrying markup, `javascript:` URLs in every
    place a URL can appear, a CSS-injecting color and font name, and an SVG logo with a script.
    """
    result = make_result(folder, title=HOSTILE)
    home = result.touchpoints[0]
    assert home.capture is not None
    landing = result.touchpoints[1]
    assert landing.capture is not None
    landing.capture.url = "javascript:alert(2)"
    home.capture.meta.canonical = "javascript:alert(3)"
    home.capture.notes.append(f"note {HOSTILE}")
    svg = Path(folder) / "evidence" / "evil.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="alert(4)">'
                   '<script>alert(5)</script><rect width="40" height="40" fill="red"/>'
                   '<image href="https://evil.example/x.png" width="10" height="10"/></svg>', encoding="utf-8")
    vp = list(DESKTOP)
    home.findings.append(Finding(
        rule="color.OffPalette", category="color", severity="warning", touchpoint=home.touchpoint.id,
        message=f"{HOSTILE} <img src=x onerror=alert(6)> is not a kit color",
        location=Location(selector='a[href="javascript:alert(7)"]', bbox=[10, 10, 20, 20], viewport=vp,
                          url="javascript:alert(8)", text=f"{HOSTILE} text", span=[0, 8]),
        observed={"hex": "red;background:url(https://evil.example/c.png)", "name": HOSTILE},
        expected={"nearest": HOSTILE, "hex": "#FFC800", "delta_e": 99},
        fingerprint="e7f8a9b0c1d2e3f4a5b6", suggestion=f"{HOSTILE}",
        evidence={"swatches": ["red;background:url(https://evil.example/c.png)", "#FFC800"],
                  "elements": [{"selector": HOSTILE, "bbox": [10, 10, 20, 20]}]}))
    home.findings.append(Finding(
        rule="typography.Family", category="typography", severity="warning", touchpoint=home.touchpoint.id,
        message="font", location=Location(selector="p", bbox=[10, 40, 20, 20], viewport=vp),
        fingerprint="f8a9b0c1d2e3f4a5b6c7",
        evidence={"specimen": {"text": HOSTILE, "rendered": "x'; } body { background: url(https://evil.example/f)",
                               "expected": '"></style><script>alert(9)</script>', "rendered_file": None}}))
    home.findings.append(Finding(
        rule="logo.Deprecated", category="logo", severity="error", touchpoint=home.touchpoint.id,
        message="svg logo", location=Location(selector="svg", bbox=[10, 70, 20, 20], viewport=vp),
        fingerprint="a9b0c1d2e3f4a5b6c7d8", evidence={"crop": str(svg), "kit_logo": str(svg), "confidence": 0.5}))
    home.touchpoint.id = f"site/{HOSTILE}.html"
    for f in home.findings:
        f.touchpoint = home.touchpoint.id
    return result
