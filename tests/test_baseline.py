"""Baselines: write, read, apply (baselined findings never fail the gate), stale entries."""

from __future__ import annotations

import json

import pytest

from brandcheck.baseline import apply_baseline, read_baseline, write_baseline
from brandcheck.errors import UserError
from brandcheck.model import Finding, KitInfo, Location, ScanResult, Touchpoint, TouchpointResult
from brandcheck.report.summary import gate_failed


def result(fps):
    tp = Touchpoint("home", "website", "home.html")
    findings = [Finding(rule="color.OffPalette", category="color", severity="error", touchpoint="home", message=fp,
                        location=Location(selector="p"), fingerprint=fp) for fp in fps]
    return ScanResult(tool_version="0", kit=KitInfo("K", "sha256:x", "."), started_at="", finished_at="",
                      touchpoints=[TouchpointResult(tp, None, "ok", findings=findings)])


def test_round_trip_gate_and_stale(tmp_path):
    path = tmp_path / "baseline.json"
    assert write_baseline(result(["aaa111aaa", "bbb222bbb"]), path) == 2
    entries = read_baseline(path)
    later = result(["aaa111aaa", "ccc333ccc"])
    apply_baseline(later, entries)
    assert [f.baselined for f in later.findings] == [True, False]
    assert [e["fingerprint"] for e in later.stale_baseline] == ["bbb222bbb"]
    assert gate_failed(later, "error")
    only_old = result(["aaa111aaa"])
    apply_baseline(only_old, entries)
    assert not gate_failed(only_old, "error")


def test_bad_baseline_files(tmp_path):
    with pytest.raises(UserError, match="baseline file not found"):
        read_baseline(tmp_path / "none.json")
    (tmp_path / "b.json").write_text("{not json")
    with pytest.raises(UserError, match="invalid JSON"):
        read_baseline(tmp_path / "b.json")
    (tmp_path / "c.json").write_text(json.dumps({"schema": "other"}))
    with pytest.raises(UserError, match="not a brandcheck/baseline@1 file"):
        read_baseline(tmp_path / "c.json")
