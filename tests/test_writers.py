"""brandcheck.report.writers with cli.write_reports: several formats in one run, each where contract 4 says."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

from factories import make_result

from brandcheck.cli import write_reports


def test_several_formats_in_one_run_write_into_one_folder(tmp_path):
    result = make_result(tmp_path / "in")
    out = tmp_path / "out"
    written = write_reports(result, ["sarif", "junit", "html", "json"], str(out), io.StringIO())
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "html/index.html", "report.json", "report.junit.xml", "report.sarif"]
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    junit = ET.parse(out / "report.junit.xml").getroot()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == len(report["findings"])
    assert [s.get("name") for s in junit.findall("testsuite")] == [t["id"] for t in report["touchpoints"]]
    assert (out / "html" / "touchpoints").is_dir()


def test_one_format_to_a_file_path(tmp_path):
    result = make_result(tmp_path / "in")
    target = tmp_path / "ci" / "brandcheck.sarif"
    [written] = write_reports(result, ["sarif"], str(target), io.StringIO())
    assert written == target and json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_junit_to_standard_output(tmp_path):
    result = make_result(tmp_path / "in")
    buf = io.StringIO()
    assert write_reports(result, ["junit"], None, buf) == []
    assert ET.fromstring(buf.getvalue()).tag == "testsuites"
