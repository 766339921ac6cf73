"""Project configuration: `brandcheck.yaml`, or `[tool.brandcheck]` in `pyproject.toml`.

Plain data, like stylelint's or ruff's: switch rules off or change their level, add rule folders,
ignore elements by selector and URLs by glob (cookie banners, chat widgets, partner logos), and
set defaults for the gate. A key that is not known is an error naming file and line, because a
typo here would silently keep a check on (or off).

```yaml
rules:
  color.OffPalette: off              # off | on | error | warning | info
  tone.Readability: {level: info}
rule_paths: [brand-rules/]
ignore:
  selectors: ["#onetrust-banner-sdk", ".intercom-launcher"]
  urls: ["*/legal/*"]
fail_on: warning
baseline: .brandcheck-baseline.json
vale_config: .vale.ini
kit: brand_assets/acme
analysis:
  banner_search: false               # look for the logo inside banners and email header pictures (default on)
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import RuleFileError, UserError
from .yamlfile import LineDict, load_yaml

CONFIG_NAMES = ("brandcheck.yaml", "brandcheck.yml", ".brandcheck.yaml")
TOP_KEYS = {"rules", "rule_paths", "ignore", "fail_on", "baseline", "vale_config", "kit", "capture", "analysis"}
#: Analysis settings (`analyze.context.AnalysisSettings`): how measurements are made, shared by
#: every rule that reads them, so they are not rule parameters.
ANALYSIS_KEYS = {"banner_search"}
IGNORE_KEYS = {"selectors", "urls"}
CAPTURE_KEYS = {"viewports", "static", "max_pages", "max_depth", "concurrency", "timeout", "ignore_robots",
                "include", "exclude"}
LEVEL_WORDS = {"off": None, "false": None, "on": "", "true": "", "error": "error", "warning": "warning",
               "info": "info", "suggestion": "info"}


@dataclass
class RuleSetting:
    enabled: bool = True
    level: str | None = None


@dataclass
class Config:
    path: Path | None = None
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    rule_paths: list[Path] = field(default_factory=list)
    ignore_selectors: list[str] = field(default_factory=list)
    ignore_urls: list[str] = field(default_factory=list)
    fail_on: str | None = None
    baseline: Path | None = None
    vale_config: Path | None = None
    kit: Path | None = None
    capture: dict[str, Any] = field(default_factory=dict)
    banner_search: bool | None = None  # None: the analyzer's default

    def setting_for(self, rule_id: str) -> RuleSetting | None:
        """The most specific setting: the exact id, then its folder ('color'), then 'all'."""
        if rule_id in self.rules:
            return self.rules[rule_id]
        folder = rule_id.rsplit(".", 1)[0]
        return self.rules.get(folder) or self.rules.get("all")


def find_config(explicit: str | None, cwd: Path) -> Config:
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise UserError("config file not found", explicit)
        return load_config(p)
    for name in CONFIG_NAMES:
        if (cwd / name).is_file():
            return load_config(cwd / name)
    py = cwd / "pyproject.toml"
    if py.is_file():
        try:
            data = tomllib.loads(py.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as ex:
            raise RuleFileError(f"invalid TOML: {ex}", str(py)) from None
        section = data.get("tool", {}).get("brandcheck")
        if section is not None:
            return _from_data(section, py, lines=None)
    return Config()


def load_config(path: Path) -> Config:
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as ex:
            raise RuleFileError(f"invalid TOML: {ex}", str(path)) from None
        return _from_data(data.get("tool", {}).get("brandcheck", data), path, lines=None)
    data = load_yaml(path, RuleFileError)
    if data is None:
        return Config(path=path)
    return _from_data(data, path, lines=data if isinstance(data, LineDict) else None)


def _line(d: Any, key: Any) -> int | None:
    return d.line_of(key) if isinstance(d, LineDict) else None


def _from_data(data: Any, path: Path, lines: LineDict | None) -> Config:
    f = str(path)
    if not isinstance(data, dict):
        raise RuleFileError("the config must be a mapping", f, getattr(data, "line", None))
    base = path.parent
    cfg = Config(path=path)
    for k in data:
        if k not in TOP_KEYS:
            raise RuleFileError(f"unknown config key '{k}' (allowed: {', '.join(sorted(TOP_KEYS))})", f, _line(data, k))
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise RuleFileError("'rules' must map rule ids to off, on, error, warning or info", f, _line(data, "rules"))
    for rid, v in rules.items():
        setting = RuleSetting()
        word = v
        if isinstance(v, dict):
            for k in v:
                if k not in ("level", "enabled"):
                    raise RuleFileError(f"unknown key 'rules.{rid}.{k}' (allowed: enabled, level)", f, _line(v, k))
            if v.get("enabled") is False:
                setting.enabled = False
            word = v.get("level", "on")
        if isinstance(word, bool):
            word = "on" if word else "off"
        if not isinstance(word, str) or word.lower() not in LEVEL_WORDS:
            raise RuleFileError(f"'rules.{rid}' must be off, on, error, warning or info, got {word!r}", f,
                                _line(rules, rid))
        lvl = LEVEL_WORDS[word.lower()]
        if lvl is None:
            setting.enabled = False
        elif lvl:
            setting.level = lvl
        cfg.rules[str(rid)] = setting
    paths = data.get("rule_paths") or []
    if isinstance(paths, str):
        paths = [paths]
    if not isinstance(paths, list):
        raise RuleFileError("'rule_paths' must be a list of folders", f, _line(data, "rule_paths"))
    cfg.rule_paths = [(base / str(p)).resolve() for p in paths]
    ign = data.get("ignore") or {}
    if not isinstance(ign, dict):
        raise RuleFileError("'ignore' must be a mapping with selectors and urls", f, _line(data, "ignore"))
    for k in ign:
        if k not in IGNORE_KEYS:
            raise RuleFileError(f"unknown key 'ignore.{k}' (allowed: selectors, urls)", f, _line(ign, k))
    cfg.ignore_selectors = _str_list(ign, "selectors", f)
    cfg.ignore_urls = _str_list(ign, "urls", f)
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in ("error", "warning", "info", "never"):
        raise RuleFileError(f"'fail_on' must be error, warning, info or never, got {fail_on!r}", f,
                            _line(data, "fail_on"))
    cfg.fail_on = fail_on
    for key in ("baseline", "vale_config", "kit"):
        if data.get(key) is not None:
            if not isinstance(data[key], str):
                raise RuleFileError(f"'{key}' must be a path", f, _line(data, key))
            setattr(cfg, key, (base / data[key]).resolve())
    cfg.capture = dict(_section(data, "capture", CAPTURE_KEYS, f))
    ana = _section(data, "analysis", ANALYSIS_KEYS, f)
    if "banner_search" in ana:
        if not isinstance(ana["banner_search"], bool):
            raise RuleFileError(f"'analysis.banner_search' must be true or false, got {ana['banner_search']!r}", f,
                                _line(ana, "banner_search"))
        cfg.banner_search = ana["banner_search"]
    return cfg


def _section(data: dict, name: str, allowed: set[str], f: str) -> dict:
    """A mapping section whose keys must all be known (a typo is an error, never silently ignored)."""
    sec = data.get(name) or {}
    if not isinstance(sec, dict):
        raise RuleFileError(f"'{name}' must be a mapping", f, _line(data, name))
    for k in sec:
        if k not in allowed:
            raise RuleFileError(f"unknown key '{name}.{k}' (allowed: {', '.join(sorted(allowed))})", f, _line(sec, k))
    return sec


def _str_list(d: dict, key: str, f: str) -> list[str]:
    v = d.get(key)
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise RuleFileError(f"'{key}' must be a list of text", f, _line(d, key))
    return list(v)
