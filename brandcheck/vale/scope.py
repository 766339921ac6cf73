"""Rule scopes (`scope: heading`, `~list`, `text.md & ~heading`) against block scopes."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=4096)
def _sections(value: str) -> frozenset[str]:
    return frozenset(p.strip() for p in value.split(".") if p.strip())


@functools.lru_cache(maxsize=1024)
def parse_scope(entries: tuple[str, ...]) -> tuple[tuple[tuple[bool, frozenset[str]], ...], ...]:
    """Each entry is an AND of (negated, sections) parts; a rule matches if any entry does."""
    out = []
    for entry in entries:
        parts = []
        for part in entry.split("&"):
            part = part.strip()
            negated = part.startswith("~")
            parts.append((negated, _sections(part.lstrip("~"))))
        out.append(tuple(parts))
    return tuple(out)


def asks_for(entries: tuple[str, ...], unit: str) -> bool:
    """Does some entry name `unit` (sentence, paragraph) without negating it?"""
    return any(not neg and unit in secs for entry in parse_scope(entries) for neg, secs in entry)


def matches(entries: tuple[str, ...], block_scope: str) -> bool:
    target = _sections(block_scope)
    sized = "raw" in target or "summary" in target
    fragment = "sentence" in target or "paragraph" in target
    front = "frontmatter" in target
    for entry in parse_scope(entries):
        if front and not any(not neg and "frontmatter" in secs for neg, secs in entry):
            continue
        if fragment:
            unit = "sentence" if "sentence" in target else "paragraph"
            if not any(not neg and unit in secs for neg, secs in entry):
                continue
        ok = True
        for negated, secs in entry:
            contained = secs <= target
            if negated:
                if contained or sized:
                    ok = False
                    break
            elif not contained:
                ok = False
                break
        if ok:
            return True
    return False
