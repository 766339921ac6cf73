"""Vale rules inside a scan: `extends:` rule files in a rules folder and `--vale-config`."""

from __future__ import annotations

import json

from helpers import page, write_kit

from brandcheck.cli import main

STYLE_RULE = """\
extends: substitution
message: "Use '%s' instead of '%s'."
level: error
ignorecase: true
swap:
  utilize: use
"""
HEADING_RULE = """\
extends: existence
message: "Don't use '%s' in headings."
level: warning
scope: heading
tokens:
  - amazing
"""


def test_extends_rules_and_vale_config_become_tone_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_kit(tmp_path)
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    (style / "Utilize.yml").write_text(STYLE_RULE)
    (style / "Amazing.yml").write_text(HEADING_RULE)
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\nMinAlertLevel = suggestion\n[*.html]\nBasedOnStyles = House\n")
    (tmp_path / "p.html").write_text(page("<h1>An amazing offer</h1><p>We <b>utilize</b> tea &amp; amazing leaves.</p>"))
    assert main(["scan", "p.html", "--kit", "kit", "--static", "--vale-config", ".vale.ini", "--format", "json",
                 "--output", "r.json", "--fail-on", "never", "-q"]) == 0
    rep = json.loads((tmp_path / "r.json").read_text())
    vale = {f["rule"]: f for f in rep["findings"] if f["rule"].startswith("House.")}
    assert set(vale) == {"House.Utilize", "House.Amazing"}
    u = vale["House.Utilize"]
    assert u["category"] == "tone" and u["severity"] == "error"
    assert u["message"] == "Use 'use' instead of 'utilize'."
    assert u["location"]["selector"].endswith("p > b") and u["location"]["text"] == "utilize"
    ctx = u["evidence"]["context"]
    assert ctx["text"][ctx["span"][0]:ctx["span"][1]] == "utilize"
    a = vale["House.Amazing"]  # heading scope: only the h1's 'amazing', not the paragraph's
    assert a["location"]["selector"].endswith("h1") and a["severity"] == "warning"
    # the same rule files in a brandcheck rules folder (no .vale.ini): always on
    rules = tmp_path / "myrules" / "House"
    rules.mkdir(parents=True)
    (rules / "Utilize.yml").write_text(STYLE_RULE)
    assert main(["scan", "p.html", "--kit", "kit", "--static", "--rules", "myrules", "--format", "json",
                 "--output", "r2.json", "--fail-on", "never", "-q"]) == 0
    rep2 = json.loads((tmp_path / "r2.json").read_text())
    assert [f["location"]["text"] for f in rep2["findings"] if f["rule"] == "House.Utilize"] == ["utilize"]


def test_copy_files_keep_vales_line_and_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_kit(tmp_path)
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    (style / "Utilize.yml").write_text(STYLE_RULE)
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\n[*]\nBasedOnStyles = House\n")
    (tmp_path / "copy.md").write_text("# Title\n\nFirst line.\nWe utilize it.\n")
    main(["scan", "copy.md", "--kit", "kit", "--vale-config", ".vale.ini", "--format", "json", "--output", "r.json",
          "--fail-on", "never", "-q"])
    f = next(f for f in json.loads((tmp_path / "r.json").read_text())["findings"] if f["rule"] == "House.Utilize")
    assert (f["location"]["line"], f["location"]["column"], f["location"]["text"]) == (4, 4, "utilize")


def test_a_bad_vale_config_is_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_kit(tmp_path)
    (tmp_path / "p.html").write_text(page("<p>x</p>"))
    (tmp_path / ".vale.ini").write_text("StylesPath = nowhere\n[*]\nBasedOnStyles = X\n")
    assert main(["scan", "p.html", "--kit", "kit", "--static", "--vale-config", ".vale.ini"]) == 2
    assert ".vale.ini:1:" in capsys.readouterr().err
