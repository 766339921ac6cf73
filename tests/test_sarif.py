"""brandcheck.report.sarif: SARIF 2.1.0 for GitHub code scanning, pinned by a snapshot and checked by
Microsoft's SARIF Multitool (skipped with a reason when it is not installed)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from factories import make_result
from snapshot import assert_snapshot, normalise

from brandcheck.model import Touchpoint
from brandcheck.report.sarif import FINGERPRINT_KEY, artifact_uri, render_sarif, sarif_dict

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("BRANDCHECK_CORPUS", "/work/shared/corpus"))


@pytest.fixture
def result(tmp_path):
    return make_result(tmp_path)


@pytest.fixture
def log(result, tmp_path) -> dict:
    return sarif_dict(result, base=tmp_path / "project")


def test_snapshot(result, tmp_path):
    assert_snapshot("factory.sarif", normalise(render_sarif(result, base=tmp_path / "project"), tmp_path))


def test_output_is_deterministic(result, tmp_path):
    assert render_sarif(result, base=tmp_path / "project") == render_sarif(result, base=tmp_path / "project")


def test_log_header_and_driver(log, result):
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "brandcheck"
    assert driver["version"] == result.tool_version
    ids = [r["id"] for r in driver["rules"]]
    assert set(result.rules) <= set(ids)
    assert "brandcheck.UnusedDisable" in ids, "a finding's rule missing from result.rules still gets a descriptor"
    assert ids == sorted(ids)
    offpalette = driver["rules"][ids.index("color.OffPalette")]
    assert offpalette["name"] == "ColorOffPalette"
    assert offpalette["defaultConfiguration"] == {"level": "warning"}
    assert offpalette["properties"]["category"] == "color"
    vale = driver["rules"][ids.index("Acme.Terms")]
    assert vale["helpUri"] == "https://styles.acme.example/terms"


def test_every_finding_is_one_result_pointing_at_its_rule(log, result):
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(result.findings)
    for res, f in zip(run["results"], result.findings, strict=True):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f.rule
        assert res["partialFingerprints"] == {FINGERPRINT_KEY: f.fingerprint}
        assert res["message"]["text"].startswith(f.message.rstrip("."))
        assert res["properties"]["touchpoint"] == f.touchpoint


def test_levels_kinds_and_baseline_state(log, result):
    by_fp = {r["partialFingerprints"][FINGERPRINT_KEY]: r for r in log["runs"][0]["results"]}
    expected_level = {"error": "error", "warning": "warning", "info": "note"}
    for f in result.findings:
        res = by_fp[f.fingerprint]
        if f.outcome == "needs_review":
            assert (res["kind"], res["level"]) == ("review", "none")
        else:
            assert (res["kind"], res["level"]) == ("fail", expected_level[f.severity])
        assert res["baselineState"] == ("unchanged" if f.baselined else "new")
        assert ("suppressions" in res) == f.baselined
    assert any(r["level"] == "note" for r in by_fp.values())
    assert sum(1 for r in by_fp.values() if r["baselineState"] == "unchanged") == 1


def test_locations_relative_paths_urls_regions_and_elements(log):
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"site/index.html", "https://acme.example/lp/spring?utm_source=mail&x=1",
                    "emails/welcome.eml", "copy/about.md"}
    copy = [r for r in results if r["ruleId"] == "Acme.Terms"]
    assert copy[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 10,
                                                                      "endColumn": 15}
    cta = next(r for r in results if r["partialFingerprints"][FINGERPRINT_KEY] == "a1b2c3d4e5f6a7b8c9d0")
    assert cta["locations"][0]["logicalLocations"] == [
        {"name": "header.masthead > a.btn-xl", "fullyQualifiedName": "header.masthead > a.btn-xl", "kind": "element"}]
    assert cta["properties"]["bbox"] == [520, 420, 240, 64]
    assert cta["properties"]["viewport"] == [1280, 800]
    assert "region" not in cta["locations"][0]["physicalLocation"], "no line is invented for a rendered page"
    arts = log["runs"][0]["artifacts"]
    for r in results:
        loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert arts[loc["index"]]["location"]["uri"] == loc["uri"]


def test_artifact_uri_forms(tmp_path):
    base = tmp_path / "repo"
    inside = Touchpoint(id="a", kind="website", source="site/a b.html", path=str(base / "site" / "a b.html"))
    assert artifact_uri(inside, base) == "site/a%20b.html"
    zipped = Touchpoint(id="d.zip/p.html", kind="website", source="d.zip/p.html", path="/tmp/brandcheck-zip-x/p.html")
    assert artifact_uri(zipped, base) == "d.zip/p.html"
    outside = Touchpoint(id="/elsewhere/x.html", kind="website", source=str(tmp_path / "elsewhere" / "x.html"),
                         path=str(tmp_path / "elsewhere" / "x.html"))
    assert artifact_uri(outside, base) == "../elsewhere/x.html"
    url = Touchpoint(id="u", kind="landing", source="https://acme.example/lp", url="https://acme.example/lp")
    assert artifact_uri(url, base) == "https://acme.example/lp"


def test_rule_and_capture_errors_are_execution_notifications(log):
    inv = log["runs"][0]["invocations"][0]
    notes = inv["toolExecutionNotifications"]
    rule_err = [n for n in notes if n["descriptor"]["id"] == "BC1001"]
    cap_err = [n for n in notes if n["descriptor"]["id"] == "BC1002"]
    assert len(rule_err) == 1 and len(cap_err) == 1
    assert rule_err[0]["associatedRule"]["id"] == "typography.Rendered"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[rule_err[0]["associatedRule"]["index"]]["id"] == "typography.Rendered"
    assert "ERR_CONNECTION_REFUSED" in cap_err[0]["message"]["text"]
    assert cap_err[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "https://acme.example/checkout"
    assert inv["executionSuccessful"] is True
    assert inv["startTimeUtc"] == "2026-03-02T09:00:00Z"


def test_default_base_is_the_working_directory(result, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path / "project")
    uris = {a["location"]["uri"] for a in sarif_dict(result)["runs"][0]["artifacts"]}
    assert "site/index.html" in uris


# --------------------------------------------------------------------------- SARIF Multitool


def multitool() -> list[str] | None:
    """The Multitool command: $BRANDCHECK_SARIF_MULTITOOL, the project's .tools install, or PATH.

    The platform binary is preferred: npm's `sarif-multitool` wrapper runs it through a shell, which
    splits the `;` in `--rule-kind` lists unless quoted.
    """
    env = os.environ.get("BRANDCHECK_SARIF_MULTITOOL")
    if env:
        return [env]
    for exe in sorted((ROOT / ".tools" / "node_modules" / "@microsoft").glob("sarif-multitool-*/Sarif.Multitool")):
        if os.access(exe, os.X_OK):
            return [str(exe)]
    wrapper = shutil.which("sarif-multitool") or shutil.which(str(ROOT / ".tools/node_modules/.bin/sarif-multitool"))
    return [wrapper] if wrapper else None


def run_multitool(sarif: Path, out: Path, *extra: str) -> list[dict]:
    cmd = multitool()
    if cmd is None:
        pytest.skip("SARIF Multitool not installed: npm install --prefix .tools @microsoft/sarif-multitool")
    args = ["validate", str(sarif), "--output", str(out), "--log", "ForceOverwrite", *extra]
    if not cmd[0].endswith("Sarif.Multitool"):
        args = [shlex.quote(a) for a in args]
    proc = subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=300)
    assert out.exists(), f"the Multitool wrote no log:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0]["results"]


def _errors(results: list[dict]) -> list[str]:
    return [f"{r['ruleId']}: {r['message'].get('text', r['message'])}" for r in results if r.get("level") == "error"]


@pytest.fixture
def sarif_file(result, tmp_path) -> Path:
    path = tmp_path / "report.sarif"
    path.write_text(render_sarif(result, base=tmp_path / "project"), encoding="utf-8")
    return path


def test_multitool_validate_has_no_error(sarif_file, tmp_path):
    assert _errors(run_multitool(sarif_file, tmp_path / "validate.sarif")) == []


def test_multitool_github_ingestion_rules_have_no_error(sarif_file, tmp_path):
    # "Gh;Gh": the Multitool 5.x parser rejects a one-item --rule-kind list, so the item is repeated.
    results = run_multitool(sarif_file, tmp_path / "validate-gh.sarif", "--rule-kind", "Gh;Gh")
    assert _errors(results) == []
    assert all(r["ruleId"].startswith("GH") for r in results)


def test_multitool_catches_a_broken_log(tmp_path):
    """The Multitool check is real: a log GitHub would reject gives errors."""
    bad = tmp_path / "bad.sarif"
    bad.write_text(json.dumps({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "r"}]}},
                                                             "results": [{"ruleId": "r", "message": {"text": "m."},
                                                                          "locations": [{"physicalLocation": {
                                                                              "artifactLocation": {
                                                                                  "uri": "file:///abs/x.html"}}}]}]}]}))
    assert _errors(run_multitool(bad, tmp_path / "bad-gh.sarif", "--rule-kind", "Gh;Gh"))


@pytest.mark.corpus
def test_real_scan_output_validates(tmp_path, monkeypatch):
    case = CORPUS / "cases" / "agency-m01" / "index.html"
    if not case.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    if multitool() is None:
        pytest.skip("SARIF Multitool not installed: npm install --prefix .tools @microsoft/sarif-multitool")
    from brandcheck.cli import main

    monkeypatch.chdir(tmp_path)
    rc = main(["scan", str(case), "--kit", str(CORPUS / "kits" / "agency"), "--static", "--quiet",
               "--format", "sarif", "--output", str(tmp_path / "real.sarif")])
    assert rc in (0, 1)
    log = json.loads((tmp_path / "real.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["results"], "the mutated case has findings"
    assert _errors(run_multitool(tmp_path / "real.sarif", tmp_path / "v.sarif")) == []
    assert _errors(run_multitool(tmp_path / "real.sarif", tmp_path / "v-gh.sarif", "--rule-kind", "Gh;Gh")) == []
