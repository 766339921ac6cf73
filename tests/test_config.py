"""Config files: brandcheck.yaml and [tool.brandcheck], rule settings, ignores, errors with lines."""

from __future__ import annotations

import pytest

from brandcheck.config import find_config
from brandcheck.errors import RuleFileError
from brandcheck.scan import load_rule_set


def test_yaml_config(tmp_path):
    (tmp_path / "rules" / "mine").mkdir(parents=True)
    (tmp_path / "brandcheck.yaml").write_text(
        "rules:\n  color.OffPalette: off\n  color.Contrast: error\n  typography: info\n"
        "rule_paths: [rules]\nignore:\n  selectors: ['#cookies']\n  urls: ['*/legal/*']\nfail_on: warning\n")
    cfg = find_config(None, tmp_path)
    assert cfg.fail_on == "warning" and cfg.ignore_selectors == ["#cookies"] and cfg.ignore_urls == ["*/legal/*"]
    rules = {r.id: r for r in load_rule_set([], cfg, None)}
    assert not rules["color.OffPalette"].enabled
    assert rules["color.Contrast"].level == "error"
    assert rules["typography.Weight"].level == "info"  # folder-wide setting


def test_pyproject_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.brandcheck]\nfail_on = 'never'\n[tool.brandcheck.rules]\n"
                                             "'color.Deprecated' = 'warning'\n")
    cfg = find_config(None, tmp_path)
    assert cfg.fail_on == "never" and cfg.rules["color.Deprecated"].level == "warning"


@pytest.mark.parametrize(
    ("text", "expect"),
    [("rulez: {}\n", "brandcheck.yaml:1: unknown config key 'rulez'"),
     ("rules:\n  color.OffPalette: loud\n", "brandcheck.yaml:2: 'rules.color.OffPalette' must be off, on"),
     ("ignore:\n  selector: [x]\n", "brandcheck.yaml:2: unknown key 'ignore.selector'"),
     ("fail_on: sometimes\n", "brandcheck.yaml:1: 'fail_on' must be error, warning, info or never")],
)
def test_config_errors(tmp_path, text, expect):
    (tmp_path / "brandcheck.yaml").write_text(text)
    with pytest.raises(RuleFileError) as ei:
        find_config(None, tmp_path)
    assert expect in ei.value.one_line()
