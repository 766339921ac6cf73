"""Text blocks: paragraphs put together as read, roles, hidden text left out, extra blocks, copy files."""

from __future__ import annotations

from helpers import context, page

from brandcheck.analyze.text import copy_blocks, span_location


def test_blocks_join_inline_children_and_skip_hidden(tmp_path):
    html = page("<nav><a href='/'>Home</a></nav><h1>Big <em>news</em></h1>"
                "<p>Read   <a href='#'>the story</a> now.<br>Second line</p><div style='display:none'>secret</div>"
                "<footer><p>© 2026 Brand Ltd.</p></footer><img src='x.png' alt='A kettle'>"
                "<script>var s='no';</script>", "<title>Page title</title>")
    ctx = context(tmp_path, html)
    blocks = ctx.get("text_blocks")
    got = [(b.role, b.text) for b in blocks]
    assert ("nav", "Home") in got
    assert ("heading", "Big news") in got
    assert ("body", "Read the story now. Second line") in got
    assert ("legal", "© 2026 Brand Ltd.") in got
    assert ("alt", "A kettle") in got and ("title", "Page title") in got
    assert not any("secret" in t or "var s" in t for _, t in got)


def test_span_points_at_the_innermost_element(tmp_path):
    ctx = context(tmp_path, page("<p>Read <a href='#'>the story</a> now.</p>"))
    block = next(b for b in ctx.get("text_blocks") if b.source == "page")
    start = block.text.index("story")
    loc, eid = span_location(block, start, start + 5, ctx.get("dom"))
    assert eid is not None and ctx.get("dom").el(eid).tag == "a"
    assert loc.selector.endswith("p > a") and loc.text == "story" and loc.span == [start, start + 5]


def test_copy_blocks_skip_code_and_keep_lines():
    md = "# Title\n\nFirst para\ncontinues.\n\n```\ncode here\n```\n\n- item with [a link](http://x)\n"
    blocks = copy_blocks(md, "markdown")
    assert [(b.role, b.text, b.line) for b in blocks] == [
        ("heading", "Title", 1), ("body", "First para\ncontinues.", 3), ("body", "item with a link", 10)]
