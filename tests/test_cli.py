"""The command line (contract 4): exit codes, --output semantics, formats, errors as one line.

Scans here use --static so they run without a browser; browser captures are tested in the capture
tests. The JSON report is validated against the contract's schema (../shared/schemas, or the copy
in tests/data when the shared folder is absent; the copy is checked against the original).
"""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest
from helpers import EXAMPLE_KIT, EXAMPLES, REPO, SCHEMA, page, write_kit

from brandcheck.cli import main

LOCAL_SCHEMA = REPO / "tests" / "data" / "report.schema.json"


def schema() -> dict:
    return json.loads((SCHEMA if SCHEMA.is_file() else LOCAL_SCHEMA).read_text())


def test_schema_copy_matches_the_contract():
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas is not beside the project")
    assert json.loads(SCHEMA.read_text()) == json.loads(LOCAL_SCHEMA.read_text())


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.html").write_text(page("<p style='color:#1F2933'>Hello</p>",
                                             "<style>body{font-family:Helvetica}</style>"))
    (tmp_path / "bad.html").write_text(page("<h1 style='color:#22356F'>Old navy</h1>"))
    write_kit(tmp_path)
    return tmp_path


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as ei:
        main(["--version"])
    assert ei.value.code == 0 and "brandcheck" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["scan", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "--fail-on" in out and "exit codes" in out


def test_exit_codes(site, capsys):
    assert main(["scan", "good.html", "--kit", "kit", "--static", "-q"]) == 0  # a warning only: below the gate
    assert main(["scan", "good.html", "--kit", "kit", "--static", "-q", "--fail-on", "warning"]) == 1
    assert main(["scan", "bad.html", "--kit", "kit", "--static", "-q"]) == 1  # deprecated color: error
    assert main(["scan", "bad.html", "--kit", "kit", "--static", "-q", "--fail-on", "never"]) == 0
    assert main(["scan", "missing.html", "--kit", "kit", "--static"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "brandcheck: missing.html: target not found"


def test_bad_kit_and_bad_rules_exit_2_with_one_line(site, capsys):
    (site / "kit" / "brand.yaml").write_text("brand: X\ncolours: {}\n")
    assert main(["scan", "good.html", "--kit", "kit", "--static"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "brand.yaml:2: unknown key 'colours'" in err
    write_kit(site)
    (site / "myrules" / "x").mkdir(parents=True)
    (site / "myrules" / "x" / "Y.yml").write_text("kind: nope\nmessage: m\n")
    assert main(["scan", "good.html", "--kit", "kit", "--static", "--rules", "myrules"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("Y.yml:1: unknown kind 'nope' (kinds: " + err.split("(kinds: ")[1])
    assert "Y.yml:1:" in err and err.count("\n") == 0


def test_no_touchpoint_captured_exits_2_and_still_reports(site, capsys):
    (site / "broken.html").write_bytes(b"\0\0\0")
    assert main(["scan", "broken.html", "--kit", "kit", "--static", "--format", "json", "--output", "r.json"]) == 2
    rep = json.loads((site / "r.json").read_text())
    assert rep["touchpoints"][0]["status"] == "error" and "binary" in rep["touchpoints"][0]["error"]
    assert "no touchpoint could be captured" in capsys.readouterr().err


def test_a_broken_touchpoint_does_not_take_the_others_down(site):
    (site / "broken.html").write_bytes(b"\0\0\0")
    assert main(["scan", "broken.html", "good.html", "--kit", "kit", "--static", "--format", "json", "--output",
                 "r.json", "--fail-on", "never"]) == 0
    rep = json.loads((site / "r.json").read_text())
    assert [t["status"] for t in rep["touchpoints"]] == ["error", "ok"]
    # a touchpoint that could not be captured fails the gate
    assert main(["scan", "broken.html", "good.html", "--kit", "kit", "--static", "-q"]) == 1


def test_output_one_format_is_a_file_several_formats_a_folder(site):
    assert main(["scan", "good.html", "--kit", "kit", "--static", "--format", "json", "--output", "out.json", "-q"]) == 0
    assert json.loads((site / "out.json").read_text())["schema"] == "brandcheck/report@1"
    assert main(["scan", "good.html", "--kit", "kit", "--static", "--format", "text", "--output", "dir/", "-q"]) == 0
    assert (site / "dir" / "report.txt").is_file()
    (site / "existing").mkdir()
    assert main(["scan", "good.html", "--kit", "kit", "--static", "--format", "json", "--output", "existing", "-q"]) == 0
    assert (site / "existing" / "report.json").is_file()
    assert main(["scan", "good.html", "--kit", "kit", "--static", "--format", "json", "--format", "text",
                 "--output", "multi", "-q"]) == 0
    assert {p.name for p in (site / "multi").iterdir()} >= {"report.json", "report.txt"}


def test_text_report_to_stdout(site, capsys):
    main(["scan", "bad.html", "--kit", "kit", "--static", "-q"])
    out = capsys.readouterr().out
    assert "color.Deprecated" in out and "gate FAIL" in out and "Old Navy" in out


def test_example_scan_validates_against_the_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc = main(["scan", str(EXAMPLES / "touchpoints.yaml"), "--static", "--format", "json", "--output", "r.json", "-q"])
    assert rc == 1
    rep = json.loads((tmp_path / "r.json").read_text())
    jsonschema.Draft202012Validator(schema()).validate(rep)
    assert rep["kit"]["name"] == "Harbor Kettle" and rep["kit"]["digest"].startswith("sha256:")
    ids = [t["id"] for t in rep["touchpoints"]]
    assert ids == ["home", "teas", "spring-campaign", "about", "order-shipped", "welcome"]
    assert {t["stage"] for t in rep["touchpoints"]} >= {"awareness", "loyalty"}
    rules = {f["rule"] for f in rep["findings"]}
    assert {"color.OffPalette", "color.Deprecated", "typography.NonBrandFamily"} <= rules
    for f in rep["findings"]:
        assert f["location"].get("selector") or f["location"].get("bbox") or f["location"].get("text")
        assert len(f["fingerprint"]) >= 8
    again = tmp_path / "again"
    again.mkdir()
    monkeypatch.chdir(again)
    main(["scan", str(EXAMPLES / "touchpoints.yaml"), "--static", "--format", "json", "--output", "r.json", "-q"])
    rep2 = json.loads((again / "r.json").read_text())
    assert [f["fingerprint"] for f in rep["findings"]] == [f["fingerprint"] for f in rep2["findings"]]


def test_baseline_write_then_gate_passes(site, capsys):
    assert main(["baseline", "write", "bad.html", "--kit", "kit", "--static", "--output", "base.json", "-q"]) == 0
    assert main(["scan", "bad.html", "--kit", "kit", "--static", "-q", "--baseline", "base.json"]) == 0
    assert "baselined" in capsys.readouterr().out


def test_kit_check(capsys):
    assert main(["kit", "check", str(EXAMPLE_KIT)]) == 0
    out = capsys.readouterr().out
    assert "Harbor Teal" in out and "#0E7C7B" in out and "kit OK" in out and "192x48" in out


def test_map_names_its_kit_and_no_kit_is_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "site" / "index.html", tmp_path / "index.html")
    assert main(["scan", "index.html", "--static"]) == 2
    assert "no kit: pass --kit DIR" in capsys.readouterr().err


def test_capture_bundle_then_scan_it_offline(site, capsys):
    assert main(["capture", "bad.html", "good.html", "--out", "bundle", "--static", "-q"]) == 0
    assert (site / "bundle" / "bad.html" / "capture.json").is_file()
    assert main(["scan", "--from-capture", "bundle", "--kit", "kit", "-q", "--format", "json", "--output", "r.json"]) == 1
    rep = json.loads((site / "r.json").read_text())
    assert [t["id"] for t in rep["touchpoints"]] == ["bad.html", "good.html"]
    assert any(f["rule"] == "color.Deprecated" for f in rep["findings"])
    assert main(["scan", "--from-capture", "nothing-here", "--kit", "kit"]) == 2
    assert "capture folder not found" in capsys.readouterr().err
