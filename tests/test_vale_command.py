"""`vale-compat`: file selection, Vale's line output, default config, and bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from vale_helpers import write

from brandcheck.errors import RuleFileError
from brandcheck.vale import command


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path / "styles" / "Acme" / "Very.yml",
          "extends: existence\nmessage: \"Remove '%s'.\"\nlevel: warning\nignorecase: true\ntokens: [very]\n")
    proj = tmp_path / "proj"
    write(proj / ".vale.ini", """
        StylesPath = ../styles
        MinAlertLevel = suggestion

        [*.{md,txt}]
        BasedOnStyles = Acme
        Acme.Missing = YES
    """)
    write(proj / "b.md", "# Very good\n\nIt is very nice.\n")
    write(proj / "docs" / "a.md", "A `very` code span and very text.\n")
    write(proj / "notes.txt", "very\n")
    write(proj / "main.go", "// very commented\n")
    write(proj / "node_modules" / "x.md", "very\n")
    monkeypatch.chdir(proj)
    return proj


def run(paths: list[str], config: str | None = ".vale.ini") -> tuple[int, list[str]]:
    buf = io.StringIO()
    status = command.run(paths, config, buf)
    return status, buf.getvalue().splitlines()


def test_lints_matching_files_and_prints_sorted_lines(project: Path) -> None:
    status, out = run(["."])
    assert status == 0
    assert out == [
        "b.md:1:3:Acme.Very:Remove 'Very'.",
        "b.md:3:7:Acme.Very:Remove 'very'.",
        "docs/a.md:1:24:Acme.Very:Remove 'very'.",
        "notes.txt:1:1:Acme.Very:Remove 'very'.",
    ]


def test_single_file_and_default_config(project: Path) -> None:
    status, out = run(["docs/a.md"], None)
    assert (status, out) == (0, ["docs/a.md:1:24:Acme.Very:Remove 'very'."])


def test_code_comments_when_a_section_matches(project: Path) -> None:
    (project / ".vale.ini").write_text(
        "StylesPath = ../styles\n[*.go]\nBasedOnStyles = Acme\n", encoding="utf-8")
    assert run(["."])[1] == ["main.go:1:4:Acme.Very:Remove 'very'."]


def test_min_alert_level_filters(project: Path) -> None:
    (project / ".vale.ini").write_text(
        "StylesPath = ../styles\nMinAlertLevel = error\n[*.md]\nBasedOnStyles = Acme\n", encoding="utf-8")
    assert run(["."])[1] == []


def test_bad_config_and_bad_rule_raise(project: Path, tmp_path: Path) -> None:
    with pytest.raises(RuleFileError):
        run(["."], "missing.ini")
    write(tmp_path / "styles" / "Acme" / "Broken.yml", "extends: nope\nmessage: m\n")
    with pytest.raises(RuleFileError) as info:
        run(["."])
    assert info.value.one_line().startswith(f"{tmp_path / 'styles' / 'Acme' / 'Broken.yml'}:1: ")


def test_missing_path(project: Path) -> None:
    with pytest.raises(RuleFileError):
        run(["nope"])


def test_block_and_token_ignores(project: Path) -> None:
    (project / ".vale.ini").write_text(
        "StylesPath = ../styles\n[*.md]\nBasedOnStyles = Acme\n"
        "TokenIgnores = (\\{\\{[^}]*\\}\\})\nBlockIgnores = (?s)(<Tabs>.*?</Tabs>)\n", encoding="utf-8")
    (project / "c.md").write_text(
        "Keep {{ very }} out, very much.\n\n<Tabs>\nvery hidden\n</Tabs>\n\nvery last.\n", encoding="utf-8")
    assert run(["c.md"])[1] == ["c.md:1:22:Acme.Very:Remove 'very'.", "c.md:7:1:Acme.Very:Remove 'very'."]


def test_module_entry_point_exit_codes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from brandcheck.vale.__main__ import main

    assert main([".", "--config", ".vale.ini"]) == 0
    assert "b.md:1:3:Acme.Very:Remove 'Very'." in capsys.readouterr().out
    assert main([".", "--config", "nope.ini"]) == 2
    assert capsys.readouterr().err.strip() == "nope.ini: config file not found"
