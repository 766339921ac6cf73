"""Unique, readable CSS selectors for captured elements.

Both captures (browser and static) build selectors with this one function, so a finding points at
the same element whichever capture found it. A selector starts at the nearest ancestor with a
unique id and walks down with `>`; a tag is qualified by its first class for readability and by
`:nth-of-type()` when siblings share the tag, so it resolves to exactly one element in the
rendered page (where the browser has inserted `<tbody>`; the static capture parses with html5lib,
which does the same).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_IDENT = re.compile(r"^-?[_a-zA-Z][_a-zA-Z0-9-]*$")


@dataclass
class SelectorNode:
    tag: str
    parent: int | None
    id: str | None = None
    classes: str | None = None


def css_ident(s: str) -> str | None:
    """`s` if it can stand in a selector without escaping, else None."""
    return s if _IDENT.match(s) else None


def build_selectors(nodes: Sequence[SelectorNode]) -> list[str]:
    """A selector per node (nodes are in document order; parents come before children)."""
    id_counts = Counter(n.id for n in nodes if n.id)
    # siblings: (parent, tag) -> running count, to number :nth-of-type in document order
    same_tag: Counter[tuple[int | None, str]] = Counter()
    index_of_type: list[int] = []
    for n in nodes:
        key = (n.parent, n.tag)
        same_tag[key] += 1
        index_of_type.append(same_tag[key])
    out: list[str] = []
    for i, n in enumerate(nodes):
        tag = n.tag.lower()
        if tag in ("html", "head", "body"):  # one of each in a parsed document
            out.append(tag)
            continue
        if n.id and id_counts[n.id] == 1 and css_ident(n.id):
            out.append(f"#{n.id}")
            continue
        part = tag if css_ident(tag) else "*"
        if n.classes:
            first = next((c for c in n.classes.split() if css_ident(c)), None)
            if first:
                part += f".{first}"
        if same_tag[(n.parent, n.tag)] > 1:
            part += f":nth-of-type({index_of_type[i]})"
        parent_sel = out[n.parent] if n.parent is not None and n.parent < len(out) else None
        out.append(f"{parent_sel} > {part}" if parent_sel else part)
    return out
