"""Turning a file into the scoped blocks Vale's rules run on.

Vale converts Markdown and reStructuredText to HTML and walks the HTML: text between block-level
tags becomes one block whose scope comes from the enclosing tags (`heading.h2`, `list`,
`blockquote`, table cells, or plain `text` which is further split into paragraphs and sentences);
code blocks are skipped and inline code is replaced by `*` so that rules cannot match inside it;
inline elements are joined to their neighbours with a space. This module reproduces that walk,
and additionally carries, for every character of every block, its offset in the original file so
alerts land on the exact line and column.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from .htmltok import Token, tokenize

SKIP_TAGS = frozenset({"script", "style", "pre", "figure", "noscript", "iframe"})
SKIP_CLASSES = frozenset({"problematic", "pre", "code"})
INLINE_TAGS = frozenset({"b", "big", "i", "small", "abbr", "acronym", "cite", "dfn", "em", "kbd",
                         "strong", "a", "br", "img", "span", "sub", "sup", "code", "tt", "del"})
SKIPPED_INLINE = ("tt", "code", "kbd")
TAG_TO_SCOPE = {
    "th": "text.table.header",
    "td": "text.table.cell",
    "caption": "text.table.caption",
    "li": "text.list",
    "blockquote": "text.blockquote",
    "figcaption": "text.figure.caption",
}
_HEADING = re.compile(r"^h\d$")
_PUNCT_STARTERS = frozenset({".", "?", "!", ",", ":", ";", ")", "]", "}", "—", "–"})
_TIGHT = frozenset({"(", "[", "{", "—", "–"})

MARKDOWN_EXTS = frozenset({".md", ".mdown", ".markdown", ".markdn", ".mkd", ".mdx"})
HTML_EXTS = frozenset({".html", ".htm", ".shtml", ".xhtml"})
RST_EXTS = frozenset({".rst", ".rest"})
TEXT_EXTS = frozenset({".txt", ".text", ".adoc", ".asciidoc", ".asc", ".org"})
CODE_COMMENTS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {}
for _exts, _line, _block in (
    ((".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".cs", ".go", ".java", ".js", ".jsx", ".ts",
      ".tsx", ".kt", ".scala", ".swift", ".rs", ".php", ".dart", ".groovy", ".less", ".scss",
      ".sass", ".proto", ".zig", ".m"), ("//",), (("/*", "*/"),)),
    ((".py", ".rb", ".sh", ".bash", ".zsh", ".pl", ".r", ".jl", ".yml", ".yaml", ".toml",
      ".ex", ".exs", ".ps1", ".nim", ".cr", ".coffee"), ("#",), ()),
    ((".lua", ".hs", ".sql", ".elm", ".ada"), ("--",), ()),
    ((".css",), (), (("/*", "*/"),)),
    ((".clj", ".cljs", ".el", ".lisp", ".scm"), (";",), ()),
    ((".erl", ".tex", ".sty"), ("%",), ()),
    ((".vim",), ('"',), ()),
):
    for _e in _exts:
        CODE_COMMENTS[_e] = (_line, _block)


def format_of(ext: str, formats: dict[str, str] | None = None) -> str:
    """Vale's format for an extension: markdown, html, rst, text, code or unknown."""
    ext = ext.lower()
    if formats:
        mapped = formats.get(ext.lstrip("."))
        if mapped:
            ext = "." + mapped.lstrip(".")
    if ext in MARKDOWN_EXTS:
        return "markdown"
    if ext in HTML_EXTS:
        return "html"
    if ext in RST_EXTS:
        return "rst"
    if ext in TEXT_EXTS:
        return "text"
    if ext in CODE_COMMENTS:
        return "code"
    return "unknown"


@dataclass
class Block:
    """A piece of text with its scope; `offsets[i]` is the file offset of `text[i]` or -1."""

    text: str
    offsets: list[int]
    scope: str
    prose: bool = False  # split into paragraphs and sentences (Vale's lintProse)


@dataclass
class Comment:
    """An HTML comment, which may carry `vale off` / `vale Style.Rule = NO` controls."""

    text: str


@dataclass
class Markup:
    items: list[Block | Comment] = field(default_factory=list)
    summary_parts: list[Block] = field(default_factory=list)
    metrics: dict[str, int] = field(default_factory=dict)


def mask(text: str) -> str:
    return "".join(c if c == "\n" else "*" for c in text)


class Aligner:
    """Places text produced from markup back in the source, moving forward only."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cursor = 0

    def align(self, text: str) -> list[int]:
        """Offsets of `text`'s characters; surrounding whitespace is left unplaced (-1).

        Whitespace between tags says nothing about where the next words are, and placing it
        (at the next line break, say) would move the cursor past them.
        """
        core = text.strip()
        if not core:
            return [-1] * len(text)
        lead = len(text) - len(text.lstrip())
        placed = self._align(core)
        return [-1] * lead + placed + [-1] * (len(text) - lead - len(core))

    def _align(self, text: str) -> list[int]:
        src = self.source
        pos = src.find(text, self.cursor)
        if pos >= 0 and (pos - self.cursor) <= max(200, 4 * len(text)):
            self.cursor = pos + len(text)
            return list(range(pos, pos + len(text)))
        offsets = [-1] * len(text)
        c = self.cursor
        n = len(src)
        for i, ch in enumerate(text):
            if ch.isspace():
                if c < n and src[c].isspace():
                    offsets[i] = c
                    c += 1
                continue
            j = src.find(ch, c, c + 48)
            if j >= 0:
                offsets[i] = j
                c = j + 1
        self.cursor = c
        return offsets

    def skip(self, text: str, window: int = 400) -> None:
        """Move past `text` (e.g. a link's URL, which follows its text in Markdown)."""
        if text:
            pos = self.source.find(text, self.cursor, self.cursor + len(text) + window)
            if pos >= 0:
                self.cursor = pos + len(text)


class Walker:
    """Vale's HTML walk (lint/ast.go) over tokens that carry source offsets."""

    def __init__(self, ext: str, skipped: tuple[str, ...] = SKIPPED_INLINE,
                 skip_tags: frozenset[str] = SKIP_TAGS, ignored_classes: tuple[str, ...] = (),
                 skip_alt: bool = False) -> None:
        self.ext = ext
        self.skipped = skipped
        self.skip_tags = skip_tags
        self.skip_classes = SKIP_CLASSES | frozenset(ignored_classes)
        self.skip_alt = skip_alt
        self.out = Markup()

    def _checks(self, cls: str) -> bool:
        return any(c in self.skip_classes for c in cls.split(" "))

    def walk(self, tokens: list[Token]) -> Markup:
        out = self.out
        in_block = inline = skip = False
        attr = parent_class = ""
        active_cls = ""
        begin = end = 0
        history: list[str] = []
        active_tag = ""
        buf: list[str] = []
        boffs: list[int] = []

        def last_tag() -> str:
            return history[-1] if history else active_tag

        def nested_list() -> bool:
            if last_tag() == "li" and len(history) > 3:
                return history[-2] in ("ol", "ul") and history[-3] == "li"
            return False

        for tok in tokens:
            kind = tok.kind
            if kind == "text":
                raw = tok.text
                lo, hi = 0, len(raw)
                while lo < hi and raw[lo].isspace():
                    lo += 1
                while hi > lo and raw[hi - 1].isspace():
                    hi -= 1
                txt = raw[lo:hi]
                toffs = tok.offsets[lo:hi]
            elif kind == "comment":
                txt = tok.text.strip()
                toffs = []
            else:
                txt = tok.tag
                toffs = []
            start = kind == "start"
            if active_cls and txt == active_cls:
                if start:
                    begin += 1
                elif kind != "self":
                    end += 1
            closed = active_cls != "" and begin == end and begin > 0
            cls = tok.attrs.get("class", "")
            skip_class = self._checks(cls)
            block_skip = skip_class and txt not in INLINE_TAGS
            if start and (txt in self.skip_tags or block_skip):
                if block_skip:
                    active_cls, begin, end = txt, 1, 0
                in_block = True
                out.metrics[txt] = out.metrics.get(txt, 0) + 1
            elif in_block and kind != "text" and (txt in self.skip_tags or closed):
                in_block = False
                if closed:
                    active_cls, begin, end = "", 0, 0
            elif start:
                if txt in ("em", "b") and last_tag() == "code":
                    txt = "code"
                inline = txt in INLINE_TAGS
                skip = txt in self.skipped
                history.append(txt)
                active_tag = txt
            elif kind == "end" and txt in INLINE_TAGS:
                active_tag = ""
            elif kind == "comment":
                out.items.append(Comment(txt))
            elif kind == "text":
                if self.ext == ".rst" and not skip:
                    skip = _rst_skipped(history)
                if not in_block and txt:
                    skip_class = self._checks(parent_class)
                    piece, poffs = txt, list(toffs)
                    if nested_list() and not inline:
                        piece, poffs = " " + piece, [-1, *poffs]
                    do_skip = skip or skip_class
                    starter = piece[:1] in _PUNCT_STARTERS and not do_skip
                    if do_skip or attr == piece:
                        piece = mask(piece)
                        skip = False
                    if inline and not starter:
                        piece, poffs = " " + piece, [-1, *poffs]
                    if piece.startswith(" ") and buf and buf[-1][-1:] in _TIGHT:
                        piece, poffs = piece[1:], poffs[1:]
                    buf.append(piece)
                    boffs.extend(poffs)
            if kind == "end" and txt not in INLINE_TAGS:
                content = "".join(buf)
                if content.strip():
                    self._scope(history, content, boffs)
                history = []
                buf = []
                boffs = []
            attr = tok.attrs.get("href", "")
            parent_class = tok.attrs.get("class", "")
            if tok.tag == "img" and kind in ("start", "self") and "alt" in tok.attrs and not self.skip_alt:
                alt = tok.attrs["alt"]
                if alt:
                    out.items.append(Block(alt, list(tok.attr_offsets.get("alt", [-1] * len(alt))),
                                           "text.attr.alt"))
        return out

    def _scope(self, history: list[str], txt: str, offs: list[int]) -> None:
        out = self.out
        for tag in history:
            scope = TAG_TO_SCOPE.get(tag)
            if (scope and tag not in INLINE_TAGS) or _HEADING.match(tag):
                if scope is None:
                    scope = "text.heading." + tag
                stripped = txt.lstrip(" ")
                offs = offs[len(txt) - len(stripped) :]
                block = Block(stripped, offs, scope + self.ext)
                if scope in ("text.blockquote", "text.list"):
                    out.summary_parts.append(Block(txt, offs, "summary"))
                key = scope.removeprefix("text.")
                out.metrics[key] = out.metrics.get(key, 0) + 1
                out.items.append(block)
                return
        out.summary_parts.append(Block(txt, offs, "summary"))
        out.items.append(Block(txt, offs, "text" + self.ext, prose=True))


def _rst_skipped(history: list[str]) -> bool:
    """rst2html wraps words of inline literals in `<span class="pre">` inside `<tt>`."""
    n = len(history)
    for i in range(n - 1, -1, -1):
        if history[i] == "span":
            continue
        return history[i] == "tt" and i + 1 != n
    return False


# --- format front ends ---------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _markdown_it() -> Any:
    from markdown_it import MarkdownIt

    # Vale renders Markdown with goldmark's GFM (tables, strikethrough, linkify, task lists) and
    # footnote extensions; the same set is enabled here where the plugins are installed.
    options = {"html": True, "xhtmlOut": True}
    rules = ["table", "strikethrough"]
    try:
        import linkify_it  # noqa: F401

        options["linkify"] = True
        rules.append("linkify")
    except ImportError:
        pass
    md = MarkdownIt("commonmark", options).enable(rules)
    try:
        from mdit_py_plugins.footnote import footnote_plugin
        from mdit_py_plugins.tasklists import tasklists_plugin

        md = md.use(footnote_plugin).use(tasklists_plugin)
    except ImportError:
        pass
    return md


def _as_goldmark(tokens: list[Token]) -> list[Token]:
    """Smooth over markdown-it's HTML where goldmark's differs in ways the walk can see:
    strikethrough is `<del>` (an inline tag), footnote references read `1`, not `[1]`."""
    in_ref = False
    for tok in tokens:
        if tok.tag == "s" and tok.kind in ("start", "end"):
            tok.tag = "del"
        elif tok.kind == "start" and tok.tag == "sup" and "footnote-ref" in tok.attrs.get("class", ""):
            in_ref = True
        elif tok.kind == "end" and tok.tag == "sup":
            in_ref = False
        elif in_ref and tok.kind == "text" and tok.text.startswith("[") and tok.text.endswith("]"):
            tok.text = tok.text[1:-1]
    return tokens


_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(?:\n|\Z)", re.DOTALL)
_INFO_STRING = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.+)$", re.MULTILINE)


def blank(text: str) -> str:
    """Same length, same line breaks, nothing to lint."""
    return "".join("\n" if c == "\n" else " " for c in text)


def _align_tokens(tokens: list[Token], source: str) -> None:
    """Give text tokens of generated HTML offsets in the source they were generated from."""
    aligner = Aligner(source)
    pending_href: list[str] = []
    for tok in tokens:
        if tok.kind == "text":
            tok.offsets = aligner.align(tok.text)
        elif tok.kind in ("start", "self") and tok.tag == "a":
            pending_href.append(tok.attrs.get("href", ""))
        elif tok.kind == "end" and tok.tag == "a":
            href = pending_href.pop() if pending_href else ""
            aligner.skip(href)
        if tok.kind in ("start", "self") and tok.tag == "img":
            alt = tok.attrs.get("alt", "")
            tok.attr_offsets["alt"] = aligner.align(alt) if alt else []
            aligner.skip(tok.attrs.get("src", ""))
        elif tok.kind in ("start", "self"):
            tok.attr_offsets = {}


_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*[:=][ \t]*(.*?)[ \t]*$", re.MULTILINE)


def front_matter(source: str) -> list[Block]:
    """Top-level string fields of YAML/TOML front matter, scoped `text.frontmatter.<field>`.

    Only rules that name `frontmatter` in their scope read these; the document's prose starts
    after the front matter.
    """
    m = _FRONT_MATTER.match(source)
    if not m:
        return []
    out: list[Block] = []
    for f in _FIELD.finditer(source, m.start(), m.end()):
        value, start = f.group(2), f.start(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value, start = value[1:-1], start + 1
        if value and value[0] not in "[{|>&*":
            out.append(Block(value, list(range(start, start + len(value))),
                             "text.frontmatter." + f.group(1)))
    return out


def markdown_tokens(source: str) -> list[Token]:
    body = source
    m = _FRONT_MATTER.match(body)
    if m:
        body = blank(m.group(0)) + body[m.end() :]
    # Info strings (```json) are not prose; Vale masks them so rules cannot match there.
    body = _INFO_STRING.sub(lambda x: x.group(1) + x.group(2) + blank(x.group(3)), body)
    rendered = _markdown_it().render(body)
    tokens = _as_goldmark(tokenize(rendered))
    _align_tokens(tokens, body)
    return tokens


def rst_tokens(source: str) -> list[Token]:
    from docutils.core import publish_parts

    settings = {
        "report_level": 5, "halt_level": 5, "file_insertion_enabled": False, "raw_enabled": False,
        "toc_backlinks": "none", "footnote_backlinks": False, "sectnum_xform": False,
        "warning_stream": False, "input_encoding": "unicode", "output_encoding": "unicode",
        "doctitle_xform": False,
    }
    try:
        parts = publish_parts(source, writer="html4css1", settings_overrides=settings)
        rendered = parts["body"]
    except Exception:  # noqa: BLE001 - docutils raises many kinds on pathological input; lint it as text then
        rendered = "<p>" + source.replace("&", "&amp;").replace("<", "&lt;") + "</p>"
    tokens = tokenize(rendered)
    _align_tokens(tokens, source)
    return tokens


def code_blocks(source: str, ext: str) -> Markup:
    """Comments of a source file, as Vale lints them (`text.comment.line` / `.block`)."""
    line_marks, block_marks = CODE_COMMENTS.get(ext.lower(), ((), ()))
    out = Markup()
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch in "\"'`" and ext not in (".vim",):
            # Skip string literals so that comment markers inside them do not count.
            j = i + 1
            while j < n and source[j] != ch and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            i = j + 1
            continue
        hit = False
        for start_mark, end_mark in block_marks:
            if source.startswith(start_mark, i):
                end = source.find(end_mark, i + len(start_mark))
                end = n if end < 0 else end
                body_start = i + len(start_mark)
                _add_comment(out, source, body_start, end, "text.comment.block" + ext, block=True)
                i = end + len(end_mark)
                hit = True
                break
        if hit:
            continue
        for mark in line_marks:
            if source.startswith(mark, i):
                end = source.find("\n", i)
                end = n if end < 0 else end
                _add_comment(out, source, i + len(mark), end, "text.comment.line" + ext, block=False)
                i = end
                hit = True
                break
        if not hit:
            i += 1
    return out


def _add_comment(out: Markup, source: str, start: int, end: int, scope: str, block: bool) -> None:
    text = source[start:end]
    offs = list(range(start, end))
    if block:
        # Drop the decoration at the start of each line of a block comment (" * ").
        chars: list[str] = []
        keep: list[int] = []
        at_line_start = True
        for ch, off in zip(text, offs, strict=True):
            if at_line_start and ch in " \t*":
                continue
            at_line_start = ch == "\n"
            chars.append(ch)
            keep.append(off)
        text, offs = "".join(chars), keep
    lo, hi = 0, len(text)
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if lo < hi:
        out.items.append(Block(text[lo:hi], offs[lo:hi], scope, prose=True))
        out.summary_parts.append(Block(text[lo:hi], offs[lo:hi], "summary"))


def parse(source: str, fmt: str, ext: str, ignored_scopes: tuple[str, ...] = (),
          skipped_scopes: tuple[str, ...] = (), ignored_classes: tuple[str, ...] = ()) -> Markup:
    """Blocks of `source` for a format (markdown, html, rst, text, code, unknown)."""
    if fmt in ("markdown", "html", "rst"):
        front: list[Block] = front_matter(source) if fmt in ("markdown", "rst") else []
        if fmt == "markdown":
            tokens = markdown_tokens(source)
        elif fmt == "rst":
            tokens = rst_tokens(source)
        else:
            tokens = tokenize(source)
        skipped = tuple(ignored_scopes) or SKIPPED_INLINE
        skip_tags = frozenset(skipped_scopes) if skipped_scopes else SKIP_TAGS
        walker = Walker(ext, skipped, skip_tags, ignored_classes, skip_alt="alt" in skipped_scopes)
        walker.out.items.extend(front)
        return walker.walk(tokens)
    if fmt == "code":
        return code_blocks(source, ext)
    out = Markup()
    offs = list(range(len(source)))
    if fmt == "text":
        out.items.append(Block(source, offs, "text" + ext, prose=True))
        out.summary_parts.append(Block(source, offs, "summary"))
    else:
        out.items.append(Block(source, offs, "text" + ext, prose=False))
    return out
