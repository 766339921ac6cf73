"""How files become scoped blocks, and how block characters map back to the source."""

from __future__ import annotations

from brandcheck.vale.markup import Block, Comment, format_of, parse


def blocks(source: str, fmt: str, ext: str) -> list[tuple[str, str]]:
    out = parse(source, fmt, ext)
    return [(b.scope, b.text) for b in out.items if isinstance(b, Block)]


def test_markdown_scopes() -> None:
    src = (
        "# Title *here*\n\nA para with `code` and **bold** text.\n\n- item one\n- item two\n\n"
        "> quoted\n\n| H1 | H2 |\n|----|----|\n| c1 | c2 |\n\n![alt words](img.png)\n\n"
        "```python\nprint('skip')\n```\n"
    )
    got = blocks(src, "markdown", ".md")
    assert got == [
        ("text.heading.h1.md", "Title here"),
        ("text.md", "A para with **** and bold text."),
        ("text.list.md", "item one"),
        ("text.list.md", "item two"),
        ("text.blockquote.md", "quoted"),
        ("text.table.header.md", "H1"),
        ("text.table.header.md", "H2"),
        ("text.table.cell.md", "c1"),
        ("text.table.cell.md", "c2"),
        ("text.attr.alt", "alt words"),
    ]


def test_markdown_offsets_point_into_the_source() -> None:
    src = "Intro line\nwith *emphasis* and a [link](http://example.com/x) here.\n"
    out = parse(src, "markdown", ".md")
    block = out.items[0]
    assert isinstance(block, Block)
    for i, ch in enumerate(block.text):
        off = block.offsets[i]
        if off >= 0:
            assert src[off] == ch
    here = block.text.index("here")
    assert block.offsets[here] == src.index("here")


def test_front_matter_and_info_strings_are_not_prose() -> None:
    src = "---\ntitle: Nope\n---\n\n```json\n{}\n```\n\nBody.\n"
    assert blocks(src, "markdown", ".md") == [("text.frontmatter.title", "Nope"), ("text.md", "Body.")]


def test_comments_are_kept_in_order() -> None:
    out = parse("<!-- vale off -->\n\nText.\n\n<!-- vale on -->\n", "markdown", ".md")
    kinds = [type(i).__name__ for i in out.items]
    assert kinds == ["Comment", "Block", "Comment"]
    first = out.items[0]
    assert isinstance(first, Comment) and first.text == "vale off"


def test_html() -> None:
    src = ("<html><head><style>p {}</style></head><body><h2>Big &amp; bold</h2>"
           "<p>Some <code>x</code> text &mdash; here.</p><pre>skip me</pre>"
           '<p class="code">no</p><img alt="An image"/></body></html>')
    got = blocks(src, "html", ".html")
    assert got == [("text.heading.h2.html", "Big & bold"), ("text.html", "Some * text — here."),
                   ("text.attr.alt", "An image")]
    out = parse(src, "html", ".html")
    para = out.items[1]
    assert isinstance(para, Block)
    assert para.offsets[para.text.index("—")] == src.index("&mdash;")


def test_rst() -> None:
    src = "Title\n=====\n\nfoo ``bar`` foo bar\n\n.. code-block:: python\n\n   skipped()\n\n* item\n"
    got = blocks(src, "rst", ".rst")
    assert ("text.rst", "foo *** foo bar") in got
    assert any(scope.startswith("text.heading.h1") and text == "Title" for scope, text in got)
    assert ("text.list.rst", "item") in got
    assert not any("skipped" in text for _, text in got)


def test_plain_text_and_code() -> None:
    assert blocks("Line one.\n\nLine two.\n", "text", ".txt") == [("text.txt", "Line one.\n\nLine two.\n")]
    src = 'x = "# not a comment"  # a real comment\n/* no */\n'
    assert blocks(src, "code", ".py") == [("text.comment.line.py", "a real comment")]
    go = "// Package x does things.\nfunc f() {} /* block\n * comment */\n"
    assert blocks(go, "code", ".go") == [("text.comment.line.go", "Package x does things."),
                                         ("text.comment.block.go", "block\ncomment")]


def test_formats() -> None:
    assert format_of(".md") == "markdown" and format_of(".MARKDOWN") == "markdown"
    assert format_of(".rst") == "rst" and format_of(".htm") == "html"
    assert format_of(".txt") == "text" and format_of(".go") == "code"
    assert format_of(".xyz") == "unknown"
    assert format_of(".mdx2", {"mdx2": "md"}) == "markdown"


def test_gfm_extras_read_like_goldmark() -> None:
    src = "Text with note[^1] and ~~gone~~ here.\n\n- [ ] task one\n\n[^1]: The note text.\n"
    got = blocks(src, "markdown", ".md")
    assert got[0] == ("text.md", "Text with note 1 and gone here.")
    assert ("text.list.md", "task one") in got
    assert any(scope == "text.list.md" and text.startswith("The note text.") for scope, text in got)
