"""YAML loading that remembers where each key and item came from.

Kits, rules and configs are written by people; when one is wrong the error must name the file and
the line. PyYAML's composer knows the marks, so the loader builds dicts and lists that keep them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import UserError


class LineDict(dict):
    """A dict that knows the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise UserError(f"unhashable key {key!r}", line=key_node.start_mark.line + 1) from None
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path, error_cls: type[UserError] = UserError) -> Any:
    """Load one YAML document with line information; any problem is one `error_cls` line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error_cls("file not found", str(path)) from None
    except UnicodeDecodeError as ex:
        raise error_cls(f"not UTF-8 text ({ex.reason} at byte {ex.start})", str(path)) from None
    except OSError as ex:
        raise error_cls(f"cannot read: {ex.strerror}", str(path)) from None
    return load_yaml_text(text, str(path), error_cls)


def load_yaml_text(text: str, name: str, error_cls: type[UserError] = UserError) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as ex:
        mark = ex.problem_mark or ex.context_mark
        line = mark.line + 1 if mark else None
        problem = ex.problem or ex.context or "invalid YAML"
        raise error_cls(f"invalid YAML: {problem}", name, line) from None
    except yaml.YAMLError as ex:
        raise error_cls(f"invalid YAML: {ex}", name) from None
    except UserError as ex:
        raise error_cls(ex.message, name, ex.line) from None


def line_of(container: Any, key: Any) -> int | None:
    """The line of `key` in a LineDict or LineList, or of the container itself."""
    if isinstance(container, LineDict):
        return container.line_of(key)
    if isinstance(container, LineList) and isinstance(key, int):
        return container.line_of(key)
    return getattr(container, "line", None)
