"""An HTML tokenizer that keeps, for every decoded character, its offset in the input.

Vale walks HTML with Go's tokenizer; this produces the same kinds of tokens (start, end,
self-closing, text, comment) and, unlike it, knows where each character came from, which is what
lets alerts be placed exactly instead of by searching for their text afterwards.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_ENTITY_RE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_TAG_RE = re.compile(r"<(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_ATTR_RE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""", re.DOTALL)
RAW_TEXT_TAGS = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                           "noframes", "noscript", "plaintext"})


@dataclass
class Token:
    kind: str  # "start" | "end" | "self" | "text" | "comment"
    tag: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    attr_offsets: dict[str, list[int]] = field(default_factory=dict)
    text: str = ""
    offsets: list[int] = field(default_factory=list)


def decode(raw: str, base: int) -> tuple[str, list[int]]:
    """Unescape entities; each output character maps to the input offset it came from."""
    if "&" not in raw:
        return raw, list(range(base, base + len(raw)))
    out: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _ENTITY_RE.finditer(raw):
        seg = raw[pos : m.start()]
        out.append(seg)
        offs.extend(range(base + pos, base + m.start()))
        dec = html.unescape(m.group(0))
        out.append(dec)
        offs.extend([base + m.start()] * len(dec))
        pos = m.end()
    out.append(raw[pos:])
    offs.extend(range(base + pos, base + len(raw)))
    return "".join(out), offs


def _attrs(body: str, base: int) -> tuple[dict[str, str], dict[str, list[int]]]:
    attrs: dict[str, str] = {}
    offsets: dict[str, list[int]] = {}
    for m in _ATTR_RE.finditer(body):
        name = m.group(1).lower()
        for gi in (2, 3, 4):
            if m.group(gi) is not None:
                value, offs = decode(m.group(gi), base + m.start(gi))
                break
        else:
            value, offs = "", []
        if name not in attrs:
            attrs[name] = value
            offsets[name] = offs
    return attrs, offsets


def tokenize(src: str) -> list[Token]:
    """Tokens of `src` in order; text and attribute values are entity-decoded with offsets."""
    tokens: list[Token] = []
    i = 0
    n = len(src)
    text_start = 0

    def flush(end: int) -> None:
        if end > text_start:
            text, offs = decode(src[text_start:end], text_start)
            tokens.append(Token("text", text=text, offsets=offs))

    while i < n:
        lt = src.find("<", i)
        if lt < 0:
            break
        if src.startswith("<!--", lt):
            end = src.find("-->", lt + 4)
            end = n if end < 0 else end
            flush(lt)
            body = src[lt + 4 : end]
            tokens.append(Token("comment", text=body, offsets=list(range(lt + 4, end))))
            i = text_start = min(n, end + 3)
            continue
        if src.startswith("<!", lt) or src.startswith("<?", lt):
            end = src.find(">", lt)
            end = n if end < 0 else end
            flush(lt)
            i = text_start = min(n, end + 1)
            continue
        m = _TAG_RE.match(src, lt)
        if not m:
            i = lt + 1
            continue
        flush(lt)
        closing, tag, body = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            tokens.append(Token("end", tag=tag))
        else:
            attrs, attr_offs = _attrs(body, m.start(3))
            kind = "self" if body.rstrip().endswith("/") else "start"
            tokens.append(Token(kind, tag=tag, attrs=attrs, attr_offsets=attr_offs))
            if kind == "start" and tag in RAW_TEXT_TAGS:
                close = re.compile(r"</" + re.escape(tag) + r"\s*>", re.IGNORECASE).search(src, m.end())
                end = close.start() if close else n
                if end > m.end():
                    body_text = src[m.end() : end]
                    tokens.append(Token("text", text=body_text, offsets=list(range(m.end(), end))))
                if close:
                    tokens.append(Token("end", tag=tag))
                    i = text_start = close.end()
                else:
                    i = text_start = n
                continue
        i = text_start = m.end()
    text_start = min(text_start, n)
    flush(n)
    return tokens
