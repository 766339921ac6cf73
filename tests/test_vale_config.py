""".vale.ini parsing: paths, levels, sections, per-rule switches, Vocab, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from vale_helpers import write

from brandcheck.errors import RuleFileError
from brandcheck.vale import load_config
from brandcheck.vale.lint import active_rules, load_rules


def styles(tmp_path: Path) -> Path:
    root = tmp_path / "styles"
    write(root / "Acme" / "Hedge.yml", "extends: existence\nmessage: m\nlevel: warning\ntokens: [maybe]\n")
    write(root / "Acme" / "Tone.yml", "extends: existence\nmessage: m\nlevel: suggestion\ntokens: [sort of]\n")
    write(root / "Other" / "Loud.yml", "extends: existence\nmessage: m\nlevel: error\ntokens: [wow]\n")
    write(root / "config" / "vocabularies" / "Base" / "accept.txt", "# products\nBrandCheck\nmaybe\n")
    write(root / "config" / "vocabularies" / "Base" / "reject.txt", "synergy\n")
    return root


def test_parses_globals_and_sections(tmp_path: Path) -> None:
    styles(tmp_path)
    ini = write(tmp_path / "proj" / ".vale.ini", """
        # comment
        StylesPath = ../styles
        MinAlertLevel = warning
        Vocab = Base

        [*.{md,rst}]
        BasedOnStyles = Acme, Vale
        Acme.Tone = error
        Other.Loud = YES
        Missing.Rule = YES

        [docs/*.md]
        Acme.Hedge = NO
    """)
    cfg = load_config(ini)
    assert cfg.styles_path == (tmp_path / "styles").resolve()
    assert cfg.min_alert_level == "warning"
    assert cfg.accepted == ["BrandCheck", "maybe"] and cfg.rejected == ["synergy"]
    assert cfg.styles_for("a.md") == ["Acme", "Vale"] and cfg.styles_for("a.txt") == []
    rules = load_rules(cfg)
    assert {"Acme.Hedge", "Acme.Tone", "Other.Loud", "Vale.Terms", "Vale.Avoid"} <= set(rules)
    assert "Missing.Rule" not in rules  # enabled but absent: ignored, as Vale ignores it

    def levels(path: str) -> dict[str, str]:
        active, _ = active_rules(cfg, rules, path)
        return {a.rule.name: a.level for a in active if not a.rule.name.startswith("Vale.")}

    assert levels("a.md") == {"Acme.Hedge": "warning", "Acme.Tone": "error", "Other.Loud": "error"}
    assert levels("docs/a.md") == {"Acme.Tone": "error", "Other.Loud": "error"}
    assert levels("a.txt") == {}


def test_vocab_accept_is_an_exception_and_terms_fix_case(tmp_path: Path) -> None:
    from brandcheck.vale.command import lint_paths

    styles(tmp_path)
    ini = write(tmp_path / "proj" / ".vale.ini",
                "StylesPath = ../styles\nVocab = Base\n[*.md]\nBasedOnStyles = Acme, Vale\n")
    write(tmp_path / "proj" / "a.md", "We use brandcheck, maybe. Pure synergy.\n")
    cfg = load_config(ini)
    import os

    old = os.getcwd()
    os.chdir(tmp_path / "proj")
    try:
        got = sorted(a.line_format() for a in lint_paths(["."], cfg) if a.check != "Vale.Spelling")
    finally:
        os.chdir(old)
    assert got == [
        "a.md:1:32:Vale.Avoid:Avoid using 'synergy'.",
        "a.md:1:8:Vale.Terms:Use 'BrandCheck' instead of 'brandcheck'.",
    ]


def test_relative_styles_path_is_relative_to_the_ini(tmp_path: Path) -> None:
    styles(tmp_path)
    cfg = load_config(write(tmp_path / "a" / "b" / ".vale.ini", "StylesPath = ../../styles\n"))
    assert cfg.styles_path == (tmp_path / "styles").resolve()


def test_unreadable_or_missing_ini(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as info:
        load_config(tmp_path / "nope.ini")
    assert info.value.one_line().startswith(f"{tmp_path / 'nope.ini'}: ")
    bad = tmp_path / "bin.ini"
    bad.write_bytes(b"StylesPath = x\n\xff\xfe\n")
    with pytest.raises(RuleFileError) as info:
        load_config(bad)
    assert info.value.one_line().startswith(f"{bad}:2: ")


def test_malformed_lines_name_their_line(tmp_path: Path) -> None:
    styles(tmp_path)
    for text, line in (
        ("StylesPath = styles\nthis is not ini\n", 2),
        ("StylesPath = styles\nMinAlertLevel = loud\n", 2),
        ("StylesPath = styles\n[*.md]\nAcme.Hedge = sometimes\n", 3),
        ("StylesPath = nowhere\n", 1),
        ("StylesPath = styles\nVocab = Nope\n", 2),
    ):
        ini = write(tmp_path / ".vale.ini", text)
        with pytest.raises(RuleFileError) as info:
            load_config(ini)
        assert info.value.one_line().startswith(f"{ini}:{line}: "), text


def test_missing_style_names_the_ini_line(tmp_path: Path) -> None:
    styles(tmp_path)
    ini = write(tmp_path / ".vale.ini", "StylesPath = styles\n\n[*.md]\nBasedOnStyles = Nope\n")
    cfg = load_config(ini)
    with pytest.raises(RuleFileError) as info:
        load_rules(cfg)
    assert info.value.one_line().startswith(f"{ini}:4: style 'Nope' not found")


def test_bad_rule_in_enabled_style_stops_loading(tmp_path: Path) -> None:
    root = styles(tmp_path)
    write(root / "Acme" / "Broken.yml", "extends: existence\nmessage: m\ntokens: ['(']\n")
    cfg = load_config(write(tmp_path / ".vale.ini", "StylesPath = styles\n[*]\nBasedOnStyles = Acme\n"))
    with pytest.raises(RuleFileError) as info:
        load_rules(cfg)
    assert info.value.one_line().startswith(f"{root / 'Acme' / 'Broken.yml'}:3: ")
