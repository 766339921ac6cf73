"""The logo analyzer and rules on the labeled corpus, rendered in Chromium (brandcheck/analyze/logos.py,
brandcheck/rules/kinds/logo.py): every logo violation found as the right rule at the right element,
no finding for a uniform resize, none on the clean originals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from logo_harness import Renderer, chromium_available

from brandcheck.analyze.context import Context
from brandcheck.kit import load_kit
from brandcheck.rules.engine import Engine
from brandcheck.rules.loader import builtin_rules_dir, load_rules

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
RULE_OF = {"logo.outdated": "logo.Outdated", "logo.distorted": "logo.Distorted", "logo.recolored": "logo.Recolored",
           "logo.too_small": "logo.TooSmall", "logo.clear_space": "logo.ClearSpace", "logo.missing": "logo.Missing"}

pytestmark = [pytest.mark.corpus, pytest.mark.browser]


def _cases() -> list[str]:
    """Every case with a logo label (violation or near miss), and the clean original of each."""
    if not (CORPUS / "cases").is_dir():
        return []
    out: list[str] = []
    for d in sorted((CORPUS / "cases").iterdir()):
        f = d / "expected.json"
        if not f.is_file():
            continue
        exp = json.loads(f.read_text())
        labels = exp["violations"] + exp["near_misses"]
        if any(lb.get("category") == "logo" for lb in labels):
            out.append(d.name)
            clean = Path(exp.get("clean") or "").name
            if clean and (CORPUS / "cases" / clean).is_dir():
                out.append(clean)
    return sorted(set(out))


@pytest.fixture(scope="module")
def renderer():
    if not (CORPUS / "cases").is_dir():
        pytest.skip(f"the corpus is not at {CORPUS}")
    why = chromium_available()
    if why:
        pytest.skip(why)
    r = Renderer()
    yield r
    r.close()


@pytest.fixture(scope="module")
def engine():
    rules = load_rules([builtin_rules_dir()])
    return Engine([r for rid, r in rules.items() if rid.startswith("logo.")])


def _related(dom, a: int, b: int) -> bool:
    """The same element, or one within three levels of the other (as the corpus scorer counts)."""
    return a == b or a in dom.ancestors(b)[:3] or b in dom.ancestors(a)[:3]


@pytest.mark.parametrize("case", _cases() or ["(no corpus)"])
def test_case(case, renderer, engine, tmp_path):
    d = CORPUS / "cases" / case
    exp = json.loads((d / "expected.json").read_text())
    page = d / exp["page"]
    logo_labels = [lb for lb in exp["violations"] if lb["category"] == "logo"]
    near = [lb for lb in exp["near_misses"] if lb["category"] == "logo"]
    selectors = [lb["selector"] for lb in logo_labels + near]
    cap, resolved = renderer.capture(page, tmp_path / "bundle", exp["kind"], selectors)
    ctx = Context(cap, load_kit(CORPUS / exp["kit"]))
    res = engine.evaluate(ctx)
    assert res.errors == []
    dom = ctx.get("dom")
    counted = [f for f in res.findings if f.outcome == "violation" and f.severity in ("error", "warning")]
    unexplained = list(counted)
    for lb in logo_labels:
        rule = RULE_OF[lb["type"]]
        hits = [f for f in counted if f.rule == rule and (
            lb.get("scope") == "page" or any(f.element is not None and _related(dom, f.element, t)
                                             for t in resolved[lb["selector"]]))]
        assert hits, f"{case}: {lb['type']} at {lb['selector']} not found; findings: " \
                     f"{[(f.rule, f.message) for f in counted]}"
        for f in hits:
            assert f.evidence.get("confidence") is not None or rule == "logo.Missing"
            if rule != "logo.Missing":
                assert Path(f.evidence["crop"]).is_file() and Path(f.evidence["kit_logo"]).is_file()
        unexplained = [f for f in unexplained if f not in hits]
    # nothing else: not the uniform resize next door, nothing on the clean originals
    assert unexplained == [], f"{case}: unexpected {[(f.rule, f.message) for f in unexplained]}"
    # the logo of every page is found and identified
    report = ctx.get("logos")
    if not any(lb["type"] == "logo.missing" for lb in logo_labels):
        assert report.logos, f"{case}: no logo identified"
