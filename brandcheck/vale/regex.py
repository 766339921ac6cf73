"""Vale's regular-expression dialect on top of the `regex` package.

Vale compiles rule patterns with regexp2, a port of .NET's engine: lookbehinds, atomic groups,
possessive quantifiers and inline flags that switch on part-way through a pattern all work there.
The `regex` package already understands almost all of that (including mid-pattern `(?i)` scoped
to the rest of its group, as .NET does), so only the few spellings it lacks are rewritten here
rather than re-implementing an engine.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import regex

__all__ = ["RegexError", "compile_vale", "translate"]

RegexError = regex.error


def _hex_escape(code: str) -> str:
    value = int(code, 16)
    return f"\\u{value:04x}" if value <= 0xFFFF else f"\\U{value:08x}"


_FLAG_GROUP = regex.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")
_SUBTRACTION = regex.compile(r"\[(?:\\.|[^\]\\\[])*?-\[")


def translate(pattern: str) -> str:
    """Rewrite the Go/.NET spellings that `regex` reads differently or not at all.

    `\\x{2019}` (Go) becomes `\\u2019`; `\\z` (.NET absolute end) becomes `\\Z`; `\\Z`
    (.NET: end or before a final newline) becomes a lookahead with that meaning; `\\Q..\\E`
    quotes; `\\e` is ESC; .NET's `(?'name'..)` and `\\k'name'` become Python's named groups;
    the flags `n` (explicit capture) and `U` (ungreedy), which `regex` lacks, are dropped;
    class subtraction `[a-z-[aeiou]]` becomes the `regex` V1 spelling `[a-z--[aeiou]]`.
    Everything else is passed through.
    """
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "(" and pattern.startswith("(?'", i):
            end = pattern.find("'", i + 3)
            if end > 0:
                out.append(f"(?P<{pattern[i + 3 : end]}>")
                i = end + 1
                continue
        if ch == "(" and pattern.startswith("(?", i) and i + 2 < n and pattern[i + 2] not in "<:=!>#'P|":
            m = _FLAG_GROUP.match(pattern, i)
            if m and ("n" in m.group(0) or "U" in m.group(0)):
                on = m.group(1).replace("n", "").replace("U", "")
                off = (m.group(2) or "").replace("n", "").replace("U", "")
                if not on and not off:
                    out.append("(?:" if m.group(3) == ":" else "")
                else:
                    out.append("(?" + on + ("-" + off if off else "") + m.group(3))
                i = m.end()
                continue
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = pattern[i + 1]
        if nxt == "x" and i + 2 < n and pattern[i + 2] == "{":
            end = pattern.find("}", i + 3)
            code = pattern[i + 3 : end] if end > 0 else ""
            if end > 0 and code and all(c in "0123456789abcdefABCDEF" for c in code):
                out.append(_hex_escape(code))
                i = end + 1
                continue
        if nxt == "Q":
            end = pattern.find("\\E", i + 2)
            end = n if end < 0 else end
            out.append(regex.escape(pattern[i + 2 : end]))
            i = end + 2
            continue
        if nxt == "k" and i + 2 < n and pattern[i + 2] in "<'":
            close = ">" if pattern[i + 2] == "<" else "'"
            end = pattern.find(close, i + 3)
            if end > 0:
                out.append(f"(?P={pattern[i + 3 : end]})")
                i = end + 1
                continue
        if nxt == "e":
            out.append("\\x1b")
            i += 2
            continue
        if nxt == "z":
            out.append("\\Z")
            i += 2
            continue
        if nxt == "Z":
            out.append("(?=\\n?\\Z)")
            i += 2
            continue
        out.append(pattern[i : i + 2])
        i += 2
    result = "".join(out)
    if _SUBTRACTION.search(result):
        result = "(?V1)" + _SUBTRACTION.sub(lambda m: m.group(0)[:-2] + "--[", result)
    return result


@functools.lru_cache(maxsize=4096)
def compile_vale(pattern: str, flags: int = 0) -> Any:
    """Compile a Vale pattern; raises `regex.error` with the engine's message when it is invalid."""
    return regex.compile(translate(pattern), flags)



_META = frozenset("\\.^$*+?()[]{}|")
_WORD_RUN = regex.compile(r"\w+")


def is_literal(token: str) -> bool:
    """A token with no regular-expression syntax in it (so plain text to look for)."""
    return bool(token) and not any(c in _META for c in token)


def _syntax(pattern: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Index and character of everything outside escapes and character classes: the characters
    that can open or close a group or separate alternatives."""
    i = start
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            yield i, c
        i += 1


def _group_end(pattern: str, start: int) -> int:
    """Index just past the group opening at `start`, or -1."""
    depth = 0
    for i, c in _syntax(pattern, start):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _split_alternatives(body: str) -> list[str] | None:
    out: list[str] = []
    depth = 0
    last = 0
    for i, c in _syntax(body):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(body[last:i])
            last = i + 1
    out.append(body[last:])
    return out


def lead_words(pattern: str, depth: int = 0) -> set[str] | None:
    """The words a match of `pattern` can start with, when that is certain; else None.

    Only leading literal text and leading `(?:a|b)` groups are understood. A word is only
    returned when the pattern itself ends it (a space, a hyphen, an apostrophe or the end of
    the pattern follows), so the matched text's first word is exactly that word.
    """
    if depth > 3 or not pattern:
        return None
    if pattern.startswith("(?:"):
        end = _group_end(pattern, 0)
        if end < 0 or (end < len(pattern) and pattern[end] in "?*{"):
            return None
        alts = _split_alternatives(pattern[3 : end - 1])
        if alts is None:
            return None
        words: set[str] = set()
        for alt in alts:
            found = lead_words(alt + pattern[end:], depth + 1)
            if found is None:
                return None
            words |= found
        return words
    run: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            run.append(pattern[i + 1])
            i += 2
            continue
        if c in _META:
            break
        run.append(c)
        i += 1
    if i < len(pattern) and pattern[i] in "?*{" and run:
        run.pop()  # the quantifier makes the last character optional
    literal = "".join(run)
    m = _WORD_RUN.match(literal)
    if m is None:
        return None
    if m.end() < len(literal) or (i >= len(pattern) and m.end() == len(literal) == len(run)):
        return {m.group(0)}
    return None


def first_words(tokens: list[str], ignorecase: bool) -> frozenset[str] | None:
    """The first word of each token, or None when that cannot bound the matches.

    With Vale's word template (`\\b(?:tokens)\\b`) a token can only match where its first
    word is a whole word of the text, so a block none of whose words is in this set cannot match
    and need not be searched.
    """
    out: set[str] = set()
    for t in tokens:
        if not t.isascii():
            return None
        words = lead_words(t)
        if not words:
            return None
        out |= {w.lower() for w in words} if ignorecase else words
    return frozenset(out)


def text_words(text: str, lower: bool) -> frozenset[str]:
    return frozenset(_WORD_RUN.findall(text.lower() if lower else text))
