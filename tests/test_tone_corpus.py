"""Corpus tests for the tone rules (brandcheck.rules.kinds.tone over rules/tone) on ../shared/corpus.

Every case page goes through the static capture and the built-in tone rules, and is held to the
corpus's labels as corpus/README.md describes them:
- each labeled tone violation is found at warning or error, by the rule for its type, with a
  location that points at it (a selector resolving to the labeled element, one of its three
  nearest ancestors or something inside it; or a text that contains the inserted text);
- no tone near-miss is pointed at by a warning or error that the clean original does not have;
- a clean original gives no tone warning or error that is not one of its natural items.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from brandcheck.analyze.context import Context
from brandcheck.analyze.dom import Dom
from brandcheck.capture.options import CaptureOptions
from brandcheck.capture.static import StaticCapture
from brandcheck.kit import load_kit
from brandcheck.model import Finding, Touchpoint
from brandcheck.rules.engine import Engine
from brandcheck.rules.loader import builtin_rules_dir, load_rules

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
pytestmark = [pytest.mark.corpus,
              pytest.mark.skipif(not (CORPUS / "cases").is_dir(), reason=f"no corpus at {CORPUS}")]

RULE_OF_TYPE = {
    "tone.banned_word": "tone.BannedWords", "tone.terminology": "tone.Terminology", "tone.brand_name": "tone.BrandName",
    "tone.exclamations": "tone.Exclamations", "tone.all_caps": "tone.AllCaps",
    "tone.required_missing": "tone.RequiredPhrases",
}
SEVERE = ("error", "warning")


def _cases() -> list[str]:
    if not (CORPUS / "cases").is_dir():
        return []
    return sorted(p.parent.name for p in (CORPUS / "cases").glob("*/expected.json"))


def _expected(case: str) -> dict:
    return json.loads((CORPUS / "cases" / case / "expected.json").read_text(encoding="utf-8"))


def _labels(case: str, group: str) -> list[dict]:
    return [e for e in _expected(case)[group] if e["category"] == "tone"]


@cache
def _rules() -> tuple:
    return tuple(r for rid, r in load_rules([builtin_rules_dir()]).items() if rid.startswith("tone."))


@cache
def _scan(case: str, tmp: str) -> tuple[tuple[Finding, ...], Dom]:
    exp = _expected(case)
    page = CORPUS / "cases" / case / exp["page"]
    tp = Touchpoint(id=case, kind=exp["kind"], source=str(page), path=str(page.resolve()))
    folder = Path(tmp) / case
    folder.mkdir(parents=True, exist_ok=True)
    cap = StaticCapture(CaptureOptions()).capture(tp, folder)
    ctx = Context(cap, load_kit(CORPUS / exp["kit"]))
    res = Engine(list(_rules())).evaluate(ctx)
    assert not res.errors, res.errors
    return tuple(f for f in res.findings if f.category == "tone"), ctx.get("dom")


@cache
def _page_text(case: str) -> str:
    import lxml.html

    exp = _expected(case)
    root = lxml.html.fromstring((CORPUS / "cases" / case / exp["page"]).read_text(encoding="utf-8"))
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    return _norm(root.text_content())


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").replace("’", "'")).strip().lower()


def _points_at(f: Finding, label: dict, dom: Dom, clean_text: str) -> bool:
    loc = f.location
    if loc.selector:
        found = dom.select(loc.selector)
        if 0 < len(found) <= 20:
            for sel in [label["selector"]] + [a["selector"] for a in label.get("also") or []]:
                for x in dom.select(sel):
                    near = dom.ancestors(x)[:3]
                    if any(e == x or e in near or x in dom.ancestors(e) for e in found):
                        return True
    ft, gt = _norm(loc.text), _norm(label.get("text"))
    if len(ft) >= 3 and gt:
        return gt in ft or (ft in gt and ft not in clean_text)
    return False


def _severe(findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.severity in SEVERE and f.outcome == "violation"]


VIOLATION_CASES = [c for c in _cases() if any(v["category"] == "tone" for v in _expected(c)["violations"])]
NEAR_MISS_CASES = [c for c in _cases() if any(n["category"] == "tone" for n in _expected(c)["near_misses"])]
CLEAN_CASES = [c for c in _cases() if c.endswith("-clean")]


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("tone-corpus"))


@pytest.mark.parametrize("case", VIOLATION_CASES)
def test_labeled_tone_violations_are_found(case: str, tmp: str) -> None:
    findings, dom = _scan(case, tmp)
    clean_text = _page_text(_expected(case)["clean"].split("/")[-1])
    for label in _labels(case, "violations"):
        rule = RULE_OF_TYPE[label["type"]]
        mine = [f for f in _severe(findings) if f.rule == rule]
        if label.get("scope") == "page":
            assert mine, f"{case} {label['id']}: no {rule} finding for '{label['what']}'"
            continue
        assert any(_points_at(f, label, dom, clean_text) for f in mine), (
            f"{case} {label['id']}: {label['what']} - {rule} found: "
            f"{[(f.location.selector, f.location.text) for f in mine]}")


@pytest.mark.parametrize("case", NEAR_MISS_CASES)
def test_no_tone_near_miss_is_reported(case: str, tmp: str) -> None:
    findings, dom = _scan(case, tmp)
    clean = _expected(case)["clean"].split("/")[-1]
    clean_findings, _ = _scan(clean, tmp)
    on_clean = {(f.rule, f.location.selector) for f in clean_findings}
    clean_text = _page_text(clean)
    for label in _labels(case, "near_misses"):
        alarms = [f for f in _severe(findings) if (f.rule, f.location.selector) not in on_clean
                  and _points_at(f, label, dom, clean_text)]
        assert not alarms, f"{case} {label['id']} ({label['what']}): {[f.message for f in alarms]}"


@pytest.mark.parametrize("case", CLEAN_CASES)
def test_clean_originals_give_only_natural_tone_findings(case: str, tmp: str) -> None:
    findings, dom = _scan(case, tmp)
    natural = _labels(case, "natural") + [e for e in _expected(case)["natural"]
                                          if "tone" in (e.get("also_categories") or [])]
    text = _page_text(case)
    unexpected = []
    for f in _severe(findings):
        if not any(_points_at(f, e, dom, text) for e in natural if e.get("scope") != "page"):
            unexpected.append((f.rule, f.location.selector, f.location.text, f.message))
    assert not unexpected, f"{case}: tone findings that are not natural items: {unexpected}"


def test_the_corpus_has_tone_labels() -> None:
    assert VIOLATION_CASES and NEAR_MISS_CASES and CLEAN_CASES
