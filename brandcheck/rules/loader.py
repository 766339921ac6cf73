"""Rule files (contract 3): one rule per YAML file, id `<folder>.<file stem>`.

A file with `kind:` is a brandcheck rule evaluated by a registered rule kind; a file with
`extends:` is a Vale rule, loaded by the Vale-compatible engine so that existing style packages
work unchanged. Anything that does not load stops the run with one line naming file and line.
"""

from __future__ import annotations

import os
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RuleFileError
from ..model import KINDS as TOUCHPOINT_KINDS
from ..model import ROLES, STAGES
from ..yamlfile import LineDict, load_yaml
from .registry import RuleKind, load_builtin_kinds

LEVELS = {"error": "error", "warning": "warning", "info": "info", "suggestion": "info"}
RULE_KEYS = {"kind", "message", "level", "scope", "tags", "description", "link", "params", "category"}
SCOPE_KEYS = {"kinds", "stages", "urls", "roles", "exclude_urls"}
COMMON_FIELDS = {"rule", "touchpoint", "observed", "expected", "kit"}


@dataclass
class Scope:
    kinds: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    exclude_urls: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@dataclass
class Rule:
    id: str
    kind: str
    category: str
    message: str
    level: str
    path: Path
    line: int = 1
    scope: Scope = field(default_factory=Scope)
    tags: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    link: str | None = None
    impl: RuleKind | None = None
    vale: Any = None  # a brandcheck.vale ValeRule for `extends:` rules
    enabled: bool = True

    def param(self, name: str) -> Any:
        return self.params[name]

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "category": self.category, "level": self.level,
                "description": self.description or self.message, "link": self.link, "tags": self.tags,
                "path": str(self.path)}


def builtin_rules_dir() -> Path:
    """The built-in rule pack: `rules/` beside the package in a checkout, or packaged with a wheel."""
    env = os.environ.get("BRANDCHECK_BUILTIN_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[2] / "rules"
    if here.is_dir():
        return here
    from importlib import resources

    return Path(str(resources.files("brandcheck") / "builtin_rules"))


def rule_files(root: Path) -> list[tuple[str, Path]]:
    """(rule id, file) for every rule under a rules folder: `<root>/<folder>/<Stem>.yml`."""
    if not root.is_dir():
        raise RuleFileError("rules folder not found", str(root))
    out = []
    for f in sorted(root.rglob("*")):
        if f.suffix.lower() not in (".yml", ".yaml") or not f.is_file():
            continue
        rel = f.relative_to(root)
        if any(p.startswith(".") for p in rel.parts):
            continue
        folder = rel.parts[-2] if len(rel.parts) >= 2 else root.name
        out.append((f"{folder}.{f.stem}", f))
    return out


def load_rules(folders: list[Path]) -> dict[str, Rule]:
    """Load every rule of the folders in order; a later folder's rule overrides one with the same id."""
    rules: dict[str, Rule] = {}
    for folder in folders:
        for rid, f in rule_files(folder):
            rules[rid] = load_rule(f, rid)
    return rules


def load_rule(path: Path, rule_id: str) -> Rule:
    data = load_yaml(path, RuleFileError)
    f = str(path)
    if not isinstance(data, LineDict):
        raise RuleFileError("a rule file must be a mapping with 'kind' (brandcheck) or 'extends' (Vale)", f,
                            getattr(data, "line", 1))
    if "extends" in data and "kind" not in data:
        return _load_vale_rule(path, rule_id, data)
    if "kind" not in data:
        raise RuleFileError("a rule needs 'kind' (a brandcheck rule kind) or 'extends' (a Vale rule type)", f, 1)
    kinds = load_builtin_kinds()
    kind_name = data["kind"]
    if not isinstance(kind_name, str) or kind_name not in kinds:
        raise RuleFileError(f"unknown kind {kind_name!r} (kinds: {', '.join(sorted(kinds))})", f, data.line_of("kind"))
    cls = kinds[kind_name]
    allowed = RULE_KEYS | set(cls.params)
    for k in data:
        if k not in allowed:
            raise RuleFileError(f"unknown field '{k}' for kind {kind_name} (fields: "
                                f"{', '.join(sorted(allowed - {'params'}))})", f, data.line_of(k))
    message = data.get("message")
    if not isinstance(message, str) or not message.strip():
        raise RuleFileError("'message' is required and must be text", f, data.line_of("message"))
    _check_placeholders(message, set(cls.fields) | COMMON_FIELDS, f, data.line_of("message"), kind_name)
    level = data.get("level", "warning")
    if level not in LEVELS:
        raise RuleFileError(f"'level' must be error, warning or info, got {level!r}", f, data.line_of("level"))
    params: dict[str, Any] = {}
    given = dict(data.get("params") or {}) if isinstance(data.get("params"), dict) else {}
    if "params" in data and not isinstance(data["params"], dict):
        raise RuleFileError("'params' must be a mapping", f, data.line_of("params"))
    for k in given:
        if k not in cls.params:
            raise RuleFileError(f"unknown parameter '{k}' for kind {kind_name} (parameters: "
                                f"{', '.join(sorted(cls.params)) or 'none'})", f, data["params"].line_of(k))
    for name, p in cls.params.items():
        value = data.get(name, given.get(name, p.default))
        err = p.check(value)
        if err:
            line = data.line_of(name) if name in data else data["params"].line_of(name)
            raise RuleFileError(f"'{name}' {err}", f, line)
        params[name] = value
    category = data.get("category", cls.category)
    if not isinstance(category, str) or not category:
        raise RuleFileError("'category' must be a word", f, data.line_of("category"))
    return Rule(
        id=rule_id, kind=kind_name, category=category, message=message.strip(), level=LEVELS[level], path=path,
        line=data.line, scope=_scope(data, f), tags=_strings(data, "tags", f), params=params,
        description=str(data.get("description") or ""), link=data.get("link"), impl=cls(),
    )


def _check_placeholders(message: str, allowed: set[str], f: str, line: int, kind: str) -> None:
    try:
        parsed = list(string.Formatter().parse(message))
    except ValueError as ex:
        raise RuleFileError(f"'message' is not a valid template: {ex}", f, line) from None
    for _, name, _, _ in parsed:
        if name is None:
            continue
        base = name.split(".")[0].split("[")[0]
        if base not in allowed:
            raise RuleFileError(f"'message' uses {{{name}}}, which kind {kind} does not fill (it fills: "
                                f"{', '.join(sorted(allowed))})", f, line)


def _strings(data: LineDict, key: str, f: str) -> list[str]:
    v = data.get(key)
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise RuleFileError(f"'{key}' must be a list of words", f, data.line_of(key))
    return list(v)


def _scope(data: LineDict, f: str) -> Scope:
    raw = data.get("scope")
    if raw is None:
        return Scope()
    if not isinstance(raw, LineDict):
        raise RuleFileError("'scope' must be a mapping of kinds, stages, urls, exclude_urls, roles", f,
                            data.line_of("scope"))
    for k in raw:
        if k not in SCOPE_KEYS:
            raise RuleFileError(f"unknown key 'scope.{k}' (allowed: {', '.join(sorted(SCOPE_KEYS))})", f,
                                raw.line_of(k))
    sc = Scope(**{k: _strings(raw, k, f) for k in SCOPE_KEYS})
    for name, values, allowed in (("kinds", sc.kinds, TOUCHPOINT_KINDS), ("stages", sc.stages, STAGES),
                                  ("roles", sc.roles, ROLES)):
        for v in values:
            if v not in allowed:
                raise RuleFileError(f"scope.{name} has {v!r}; allowed: {', '.join(allowed)}", f, raw.line_of(name))
    return sc


def _load_vale_rule(path: Path, rule_id: str, data: LineDict) -> Rule:
    try:
        from .. import vale
    except ImportError as ex:  # pragma: no cover - the package ships with brandcheck
        raise RuleFileError(f"Vale rules are not available: {ex}", str(path), data.line_of("extends")) from None
    style = rule_id.rsplit(".", 1)[0]
    vrule = vale.load_rule(path, style=style)
    return Rule(id=rule_id, kind=f"vale.{vrule.extends}", category="tone", message=str(vrule.message or ""),
                level=LEVELS.get(str(vrule.level), "warning"), path=path, line=data.line, tags=["vale"],
                description=str(data.get("description") or vrule.message or ""), link=getattr(vrule, "link", None),
                vale=vrule)
