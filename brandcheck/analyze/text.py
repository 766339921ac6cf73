"""Text blocks: the visible copy of a touchpoint, put together the way a reader sees it.

A block is the text of one block-level element with its inline children (a paragraph with its
links and bold words), whitespace collapsed as CSS does. Each block remembers which element each
stretch of its text came from, so that a finding on a span points at the innermost element and
its box. Hidden text (scripts, `display:none`, zero-size preheaders) is not a block; an email's
preheader and plain-text part, alt texts and the page title are added as blocks of their own, since
customers read them too. Copy files (.md, .txt) become one block per paragraph with line numbers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Box, Capture, Location
from .context import Context, measurement
from .dom import Dom

SKIP_TAGS = {"script", "style", "template", "noscript", "svg", "head", "title", "iframe", "object", "select",
             "option", "textarea", "canvas", "video", "audio", "math"}
INLINE_DISPLAYS = {"inline", "contents", ""}


@dataclass
class TextPiece:
    start: int
    end: int
    element: int | None


@dataclass
class TextBlock:
    text: str
    role: str  # a model.ROLES value, or alt / title / preheader / plain_text / copy
    source: str  # page | preheader | plain_text | alt | title | copy
    element: int | None = None
    selector: str | None = None
    box: Box | None = None
    pieces: list[TextPiece] = field(default_factory=list)
    line: int | None = None  # first line, for copy files
    text_transform: str | None = None
    _starts: list[int] = field(default_factory=list, repr=False)

    def element_at(self, offset: int) -> int | None:
        if not self.pieces:
            return self.element
        if not self._starts:
            self._starts = [p.start for p in self.pieces]
        i = bisect.bisect_right(self._starts, offset) - 1
        if 0 <= i < len(self.pieces) and self.pieces[i].start <= offset < max(self.pieces[i].end, offset + 1):
            return self.pieces[i].element
        return self.element

    def line_at(self, offset: int) -> int | None:
        if self.line is None:
            return None
        return self.line + self.text.count("\n", 0, max(0, offset))


def span_location(block: TextBlock, start: int, end: int, dom: Dom | None) -> tuple[Location, int | None]:
    """Where a span of a block is: the innermost element holding its start, that element's box,
    the span's text and offsets within the block."""
    eid = block.element_at(start)
    sel, box = block.selector, block.box
    if dom is not None and eid is not None and eid < len(dom.elements):
        el = dom.el(eid)
        sel = el.selector
        box = el.box or block.box
    loc = Location(selector=sel, bbox=box.as_list() if box else None, text=block.text[start:end], span=[start, end],
                   line=block.line_at(start))
    if dom is not None and box is not None:
        loc.viewport = list(dom.view.viewport)
    return loc, eid


def _collapse_into(out: list[str], pieces: list[TextPiece], text: str, eid: int | None, pending_space: list[bool],
                   length: list[int]) -> None:
    """Append `text` with CSS white-space collapsing, recording which element it came from."""
    for m in re.finditer(r"\S+|\s+", text):
        tok = m.group(0)
        if tok.isspace():
            if length[0] > 0:
                pending_space[0] = True
            continue
        if pending_space[0]:
            out.append(" ")
            length[0] += 1
            pending_space[0] = False
        start = length[0]
        out.append(tok)
        length[0] += len(tok)
        if pieces and pieces[-1].element == eid and pieces[-1].end >= start - 1:
            pieces[-1].end = length[0]
        else:
            pieces.append(TextPiece(start, length[0], eid))


def page_blocks(dom: Dom, ignored: set[int]) -> list[TextBlock]:
    elements = dom.elements
    blocks: list[TextBlock] = []

    def is_inline(eid: int) -> bool:
        e = elements[eid]
        return e.style.get("display", "inline") in INLINE_DISPLAYS and e.tag not in ("br", "hr")

    def walk(eid: int, out: list[str], pieces: list[TextPiece], space: list[bool], length: list[int]) -> None:
        for c in elements[eid].content:
            if isinstance(c, str):
                _collapse_into(out, pieces, c, eid, space, length)
                continue
            child = elements[c]
            if child.tag == "br":
                space[0] = length[0] > 0
                continue
            if not child.visible or child.tag in SKIP_TAGS or c in ignored:
                continue
            if is_inline(c):
                walk(c, out, pieces, space, length)
            else:
                space[0] = length[0] > 0  # a nested block breaks the line

    for e in elements:
        if not e.visible or e.tag in SKIP_TAGS or e.id in ignored or (is_inline(e.id) and e.parent is not None):
            continue
        if any(elements[a].tag in SKIP_TAGS for a in dom.ancestors(e.id)[:6]):
            continue
        out: list[str] = []
        pieces: list[TextPiece] = []
        walk(e.id, out, pieces, [False], [0])
        text = "".join(out).strip()
        if not text:
            continue
        blocks.append(TextBlock(text=text, role=dom.roles[e.id], source="page", element=e.id, selector=e.selector,
                                box=e.box, pieces=pieces, text_transform=e.style.get("text-transform")))
    # alt texts of visible images: customers read them when images are off, screen readers always
    for e in elements:
        if e.tag == "img" and e.visible and e.id not in ignored:
            alt = " ".join((e.attrs.get("alt") or "").split())
            if alt:
                blocks.append(TextBlock(text=alt, role="alt", source="alt", element=e.id, selector=e.selector,
                                        box=e.box, pieces=[TextPiece(0, len(alt), e.id)]))
    return blocks


def copy_blocks(text: str, fmt: str | None) -> list[TextBlock]:
    """Paragraph blocks of a copy file; Markdown markup and code are left out of the text."""
    blocks: list[TextBlock] = []
    lines = text.splitlines()
    in_code = False
    para: list[str] = []
    start_line = 0
    role = "body"

    def flush() -> None:
        nonlocal para, role
        if para:
            t = "\n".join(para).strip()
            if t:
                blocks.append(TextBlock(text=t, role=role, source="copy", line=start_line))
        para = []
        role = "body"

    for i, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if fmt == "markdown":
            if re.match(r"^\s*(```|~~~)", line):
                flush()
                in_code = not in_code
                continue
            if in_code or (re.match(r"^( {4}|\t)", raw) and not para):
                continue
            m = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if m:
                flush()
                start_line = i
                role = "heading"
                para = [_strip_md(m.group(2))]
                flush()
                continue
            line = re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", line)
            line = re.sub(r"^\s*>\s?", "", line)
            line = _strip_md(line)
        if not line.strip():
            flush()
            continue
        if not para:
            start_line = i
        para.append(line)
    flush()
    return blocks


def _strip_md(line: str) -> str:
    line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"`[^`]*`", "", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", line)
    return line


def extra_blocks(capture: Capture, dom: Dom | None) -> list[TextBlock]:
    """Text a customer reads that is not a visible block: preheader, plain-text part, title."""
    out: list[TextBlock] = []
    em = capture.email
    if em and em.preheader:
        t = " ".join(em.preheader.split())
        eid = None
        sel = None
        if dom is not None:
            found = dom.select(".preheader") or dom.select("[class*=preheader]")
            if found:
                eid = min(found)
                sel = dom.el(eid).selector
        out.append(TextBlock(text=t, role="preheader", source="preheader", element=eid, selector=sel,
                             pieces=[TextPiece(0, len(t), eid)]))
    if em and em.plain_text:
        for b in copy_blocks(em.plain_text, "text"):
            b.role, b.source = "plain_text", "plain_text"
            out.append(b)
    if capture.meta.title:
        t = capture.meta.title
        eid = None
        sel = None
        if dom is not None:
            found = dom.select("title")
            if found:
                eid = min(found)
                sel = dom.el(eid).selector
        out.append(TextBlock(text=t, role="title", source="title", element=eid, selector=sel or "head > title",
                             pieces=[TextPiece(0, len(t), eid)]))
    return out


@measurement("text_blocks")
def text_blocks(ctx: Context) -> list[TextBlock]:
    cap = ctx.capture
    if cap.text is not None:
        return copy_blocks(cap.text, cap.text_format)
    if ctx.view is None:
        return []
    dom: Dom = ctx.get("dom")
    blocks = page_blocks(dom, ctx.get("ignored"))
    blocks.extend(extra_blocks(cap, dom))
    return blocks
