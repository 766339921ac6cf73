"""Rule files (contract 3): ids, kinds, validation errors with file and line, overrides."""

from __future__ import annotations

import pytest

from brandcheck.errors import RuleFileError
from brandcheck.rules.loader import builtin_rules_dir, load_rules

GOOD = """\
kind: color.off_palette
level: error
message: "{hex} is not ours (nearest {nearest})"
error_share: 0.2
scope: {kinds: [website, landing], roles: [heading]}
tags: [brand]
"""


def write(tmp, rel: str, text: str):
    f = tmp / rel
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(text)
    return f


def test_builtin_pack_loads_and_ids_are_folder_dot_stem():
    rules = load_rules([builtin_rules_dir()])
    assert "color.OffPalette" in rules and "typography.FontNotLoaded" in rules
    for rid, r in rules.items():
        assert rid == f"{r.path.parent.name}.{r.path.stem}"
        assert r.level in ("error", "warning", "info") and r.message


def test_a_rule_with_params_scope_and_tags(tmp_path):
    write(tmp_path, "mine/Strict.yml", GOOD)
    r = load_rules([tmp_path])["mine.Strict"]
    assert r.kind == "color.off_palette" and r.category == "color" and r.level == "error"
    assert r.params["error_share"] == 0.2 and r.params["review_band"] == 2.0  # default filled
    assert r.scope.kinds == ["website", "landing"] and r.scope.roles == ["heading"] and r.tags == ["brand"]


def test_later_folders_override_by_id(tmp_path):
    write(tmp_path / "a", "color/OffPalette.yml", GOOD)
    rules = load_rules([builtin_rules_dir(), tmp_path / "a"])
    assert rules["color.OffPalette"].level == "error"


@pytest.mark.parametrize(
    ("text", "line", "msg"),
    [
        ("kind: color.off_palette\nmessage: [unclosed\n", 3, "invalid YAML"),
        ("kind: color.nope\nmessage: x\n", 1, "unknown kind 'color.nope'"),
        ("kind: color.off_palette\nmessage: x\nerror_shar: 1\n", 3, "unknown field 'error_shar'"),
        ("kind: color.off_palette\nmessage: x\nerror_share: lots\n", 3, "'error_share' must be a number"),
        ("kind: color.off_palette\nmessage: x\nlevel: fatal\n", 3, "'level' must be error, warning or info"),
        ("kind: color.off_palette\nmessage: 'seen {colour}'\n", 2, "uses {colour}, which kind color.off_palette does not fill"),
        ("kind: color.off_palette\nmessage: x\nscope: {kinds: [webpage]}\n", 3, "scope.kinds has 'webpage'"),
        ("message: x\n", 1, "needs 'kind'"),
        ("kind: color.off_palette\n", 1, "'message' is required"),
    ],
)
def test_bad_rule_files_name_file_and_line(tmp_path, text, line, msg):
    f = write(tmp_path, "mine/Bad.yml", text)
    with pytest.raises(RuleFileError) as ei:
        load_rules([tmp_path])
    one = ei.value.one_line()
    assert one.startswith(f"{f}:{line}: "), one
    assert msg in one


def test_missing_rules_folder(tmp_path):
    with pytest.raises(RuleFileError, match="rules folder not found"):
        load_rules([tmp_path / "none"])
