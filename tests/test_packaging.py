"""Packaging: every sub-package is listed in pyproject.toml and the wheel carries the rule pack."""

from __future__ import annotations

import tomllib

from helpers import REPO


def test_every_package_is_listed():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "brandcheck").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert "brandcheck.builtin_rules" in listed


def test_rule_pack_is_found():
    from brandcheck.rules.loader import builtin_rules_dir

    assert (builtin_rules_dir() / "color" / "OffPalette.yml").is_file()
