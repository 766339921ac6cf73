"""Finding and starting Chromium, without needing one."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandcheck.capture.browser import BrowserCapture, _resolve_cids, find_chromium
from brandcheck.capture.options import CaptureOptions
from brandcheck.errors import CaptureError


def test_brandcheck_chromium_env_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    exe = tmp_path / "my-chromium"
    exe.write_text("#!/bin/sh\nexit 1\n")
    exe.chmod(0o755)
    monkeypatch.setenv("BRANDCHECK_CHROMIUM", str(exe))
    assert find_chromium() == str(exe)
    monkeypatch.setenv("BRANDCHECK_CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(CaptureError, match="BRANDCHECK_CHROMIUM"):
        find_chromium()


def test_start_fails_with_a_reason_the_runner_can_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    exe = tmp_path / "not-a-browser"
    exe.write_text("#!/bin/sh\nexit 3\n")
    exe.chmod(0o755)
    monkeypatch.setenv("BRANDCHECK_CHROMIUM", str(exe))
    bc = BrowserCapture(CaptureOptions())
    with pytest.raises(CaptureError, match="Chromium could not start"):
        bc.start()
    bc.close()


def test_cid_references_point_at_the_message_parts() -> None:
    html = '<img src="cid:logo@x"><td background="CID:bg%40x"><div style="background:url(cid:nope)">'
    out = _resolve_cids(html, {"logo@x": "http://127.0.0.1:1/a", "bg@x": "http://127.0.0.1:1/b"})
    assert out == '<img src="http://127.0.0.1:1/a"><td background="http://127.0.0.1:1/b"><div style="background:url(cid:nope)">'
