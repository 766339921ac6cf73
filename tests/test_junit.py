"""brandcheck.report.junit: JUnit XML, a suite per touchpoint and a case per rule, pinned by a snapshot
and validated against the common JUnit shape (tests/data/junit-common.xsd)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from factories import make_result
from lxml import etree
from snapshot import assert_snapshot, normalise

from brandcheck.model import Finding, Location
from brandcheck.report.junit import render_junit

XSD = Path(__file__).parent / "data" / "junit-common.xsd"


@pytest.fixture
def result(tmp_path):
    return make_result(tmp_path)


@pytest.fixture
def root(result) -> ET.Element:
    return ET.fromstring(render_junit(result))


def _suite(root: ET.Element, name: str) -> ET.Element:
    return next(s for s in root.findall("testsuite") if s.get("name") == name)


def _case(suite: ET.Element, name: str) -> ET.Element:
    return next(c for c in suite.findall("testcase") if c.get("name") == name)


def test_snapshot(result, tmp_path):
    assert_snapshot("factory.junit.xml", normalise(render_junit(result), tmp_path))


def test_valid_against_the_common_junit_shape(result):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    doc = etree.fromstring(render_junit(result).encode("utf-8"))
    assert schema.validate(doc), schema.error_log


def test_a_suite_per_touchpoint_and_a_case_per_rule_that_ran(root, result):
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [t.touchpoint.id for t in result.touchpoints]
    home = result.touchpoints[0]
    cases = [c.get("name") for c in _suite(root, home.touchpoint.id).findall("testcase")]
    assert cases == [o.rule for o in home.outcomes] + ["brandcheck.UnusedDisable"]
    assert all(c.get("classname") == home.touchpoint.id for c in _suite(root, home.touchpoint.id).iter("testcase"))


def test_counts_add_up(root):
    for s in root.findall("testsuite"):
        cases = s.findall("testcase")
        assert int(s.get("tests")) == len(cases)
        assert int(s.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(s.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
        assert int(s.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
    for attr in ("tests", "failures", "errors"):
        assert int(root.get(attr)) == sum(int(s.get(attr)) for s in root.findall("testsuite"))
    assert root.get("time") == "90"


def test_violations_at_error_or_warning_fail_with_the_findings_listed(root):
    home = _suite(root, "site/index.html")
    fail = _case(home, "color.OffPalette").find("failure")
    assert fail is not None and fail.get("type") == "warning"
    assert "#E8590C" in fail.get("message")
    assert "header.masthead > a.btn-xl" in fail.text and "a1b2c3d4e5f6a7b8c9d0" in fail.text
    assert _case(home, "color.Deprecated").find("failure").get("type") == "error"
    email = _suite(root, "emails/welcome.eml")
    terms = _case(email, "tone.Terminology").find("failure")
    assert terms.get("message").startswith("2 finding(s)")
    assert "log in" in terms.text and "e-mail" in terms.text


def test_needs_review_info_and_baselined_findings_pass(root):
    home = _suite(root, "site/index.html")
    for rule in ("color.Contrast", "tone.Exclamations", "brandcheck.UnusedDisable"):
        case = _case(home, rule)
        assert case.find("failure") is None and case.find("error") is None
        assert case.find("system-out") is not None
    assert "baselined" in _case(home, "tone.Exclamations").find("system-out").text
    assert "needs review" in _case(home, "color.Contrast").find("system-out").text


def test_inapplicable_is_skipped_rule_error_is_error_capture_error_is_error_case(root):
    home = _suite(root, "site/index.html")
    assert _case(home, "tone.Required").find("skipped").get("message").startswith("touchpoint kind website")
    landing = _suite(root, "https://acme.example/lp/spring?utm_source=mail&x=1")
    err = _case(landing, "typography.Rendered").find("error")
    assert err.get("type") == "RuleError" and "MeasurementError" in err.get("message")
    down = _suite(root, "https://acme.example/checkout")
    [case] = down.findall("testcase")
    assert case.get("name") == "capture"
    assert case.find("error").get("type") == "CaptureError"
    assert "ERR_CONNECTION_REFUSED" in case.find("error").get("message")


def test_suite_properties_describe_the_touchpoint(root):
    props = {p.get("name"): p.get("value") for p in _suite(root, "site/index.html").find("properties")}
    assert props["kind"] == "website" and props["stage"] == "awareness" and props["importance"] == "5"
    assert float(props["score"]) < 100


def test_text_xml_cannot_carry_is_replaced_not_fatal(result):
    result.touchpoints[0].findings.append(Finding(
        rule="tone.Terminology", category="tone", severity="error", touchpoint="site/index.html",
        message="bad \x00 byte \x1b[31m and <tag> & \ud800", location=Location(text="x\x0cy"), fingerprint="ff"))
    xml = render_junit(result)
    root = ET.fromstring(xml)  # parses: nothing XML 1.0 forbids got through
    text = _case(_suite(root, "site/index.html"), "tone.Terminology").find("failure").text
    assert "<tag> & " in text and "\x00" not in xml
