"""Loading rule files: names, validation, and errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from vale_helpers import write

from brandcheck.errors import RuleFileError
from brandcheck.vale import load_rule, load_style


def err(tmp_path: Path, text: str) -> str:
    path = write(tmp_path / "Style" / "Bad.yml", text)
    with pytest.raises(RuleFileError) as info:
        load_rule(path)
    return info.value.one_line().replace(str(path), "Bad.yml")


def test_rule_name_and_common_fields(tmp_path: Path) -> None:
    path = write(tmp_path / "Acme" / "Hedge.yml", """
        extends: existence
        message: "Avoid '%s'."
        level: warning
        link: https://example.com/hedge
        scope: [heading, list]
        tokens: [maybe]
    """)
    r = load_rule(path)
    assert r.name == "Acme.Hedge"
    assert (r.extends, r.level, r.message, r.link) == ("existence", "warning", "Avoid '%s'.",
                                                       "https://example.com/hedge")
    assert r.scope == ["heading", "list"]
    assert load_rule(path, "Other").name == "Other.Hedge"


def test_defaults(tmp_path: Path) -> None:
    r = load_rule(write(tmp_path / "S" / "R.yml", "extends: existence\nmessage: m\ntokens: [x]\n"))
    assert r.level == "suggestion" and r.scope == ["text"]


def test_invalid_regex_names_file_and_line(tmp_path: Path) -> None:
    msg = err(tmp_path, "extends: existence\nmessage: m\ntokens:\n  - '(oops'\n")
    assert msg.startswith("Bad.yml:3: invalid regular expression")


def test_invalid_swap_key_names_its_line(tmp_path: Path) -> None:
    msg = err(tmp_path, "extends: substitution\nmessage: m\nswap:\n  good: fine\n  '[bad': x\n")
    assert msg.startswith("Bad.yml:5: invalid regular expression")


def test_unknown_extends(tmp_path: Path) -> None:
    msg = err(tmp_path, "message: m\nextends: existance\ntokens: [x]\n")
    assert msg.startswith("Bad.yml:2: 'extends' key must be one of")


def test_missing_extends_and_message(tmp_path: Path) -> None:
    assert err(tmp_path, "message: m\ntokens: [x]\n").startswith("Bad.yml:1: missing the required 'extends'")
    assert err(tmp_path, "extends: existence\ntokens: [x]\n").startswith(
        "Bad.yml:1: missing the required 'message'")


def test_missing_kind_field(tmp_path: Path) -> None:
    assert "'swap'" in err(tmp_path, "extends: substitution\nmessage: m\n")
    assert "'token'" in err(tmp_path, "extends: occurrence\nmessage: m\nmax: 3\n")


def test_unknown_field_names_its_line(tmp_path: Path) -> None:
    msg = err(tmp_path, "extends: existence\nmessage: m\ntokens: [x]\ntokenz: [y]\n")
    assert msg.startswith("Bad.yml:4: 'tokenz' is not a field of extends: existence")


def test_bad_level_and_bad_type(tmp_path: Path) -> None:
    assert err(tmp_path, "extends: existence\nmessage: m\nlevel: fatal\ntokens: [x]\n").startswith(
        "Bad.yml:3: 'level' must be one of")
    assert err(tmp_path, "extends: existence\nmessage: m\nignorecase: maybe\ntokens: [x]\n").startswith(
        "Bad.yml:3: 'ignorecase' must be a boolean")


def test_broken_yaml_names_line(tmp_path: Path) -> None:
    msg = err(tmp_path, "extends: existence\nmessage: m\ntokens: [x\n")
    assert msg.startswith("Bad.yml:") and "invalid YAML" in msg


def test_consistency_keeps_extra_keys_as_vale_does(tmp_path: Path) -> None:
    r = load_rule(write(tmp_path / "S" / "C.yml",
                        "extends: consistency\nmessage: m\neither: {a: b}\nnote: ignored\n"))
    assert r.extends == "consistency"


def test_load_style_reads_yml_and_yaml(tmp_path: Path) -> None:
    write(tmp_path / "Acme" / "A.yml", "extends: existence\nmessage: m\ntokens: [a]\n")
    write(tmp_path / "Acme" / "B.yaml", "extends: existence\nmessage: m\ntokens: [b]\n")
    write(tmp_path / "Acme" / "notes.txt", "not a rule")
    assert [r.name for r in load_style(tmp_path / "Acme")] == ["Acme.A", "Acme.B"]


CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "vale"


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"Vale corpus not found at {CORPUS}")
@pytest.mark.parametrize("style", ["Microsoft/Microsoft", "write-good/write-good", "proselint/proselint"])
def test_shipped_packages_load_unchanged(style: str) -> None:
    rules = load_style(CORPUS / style)
    assert len(rules) >= 8
    assert all(r.name.startswith(Path(style).name + ".") for r in rules)
