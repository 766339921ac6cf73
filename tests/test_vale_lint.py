"""Running rules over a file: the Alert fields, in-text controls, limits, scopes."""

from __future__ import annotations

from pathlib import Path

import pytest
from vale_helpers import lines, rule

from brandcheck.vale import Alert, lint_text


def test_alert_fields(tmp_path: Path) -> None:
    r = rule(tmp_path, """
        extends: existence
        message: "Avoid '%s'."
        level: warning
        link: https://example.com/r
        action:
          name: remove
        tokens: [very]
    """)
    text = "# Title\n\nIt is vеry fine and very good.\n"
    [a] = lint_text(text, [r], fmt="markdown", name="page.md")
    assert isinstance(a, Alert)
    assert (a.path, a.line, a.column, a.check, a.severity) == ("page.md", 3, 21, "Test.Rule", "warning")
    assert a.message == "Avoid 'very'." and a.match == "very"
    assert text[a.span[0] : a.span[1]] == "very"
    assert a.link == "https://example.com/r" and a.action.name == "remove"
    assert a.line_format() == "page.md:3:21:Test.Rule:Avoid 'very'."


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: existence\nmessage: '%s'\ntokens: [bad]\n")
    assert lines("Çà et là — bad.\n", [r]) == ["1:12:Test.Rule:bad"]


def test_vale_off_on_and_rule_switches(tmp_path: Path) -> None:
    a = rule(tmp_path, "extends: existence\nmessage: A\ntokens: [foo]\n", "A")
    b = rule(tmp_path, "extends: existence\nmessage: B\ntokens: [bar]\n", "B")
    text = ("foo bar\n\n<!-- vale off -->\n\nfoo bar\n\n<!-- vale on -->\n\n"
            "<!-- vale Test.A = NO -->\n\nfoo bar\n\n<!-- vale Test.A = YES -->\n\nfoo\n")
    assert lines(text, [a, b]) == ["1:1:Test.A:A", "1:5:Test.B:B", "11:5:Test.B:B", "15:1:Test.A:A"]


def test_limit_and_dedup(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: existence\nmessage: '%s'\nlimit: 2\ntokens: [x]\n")
    assert lines("x x x x\n", [r]) == ["1:1:Test.Rule:x", "1:3:Test.Rule:x"]


def test_scopes(tmp_path: Path) -> None:
    heading = rule(tmp_path, "extends: existence\nmessage: h\nscope: heading\ntokens: [foo]\n", "H")
    not_heading = rule(tmp_path, "extends: existence\nmessage: nh\nscope: ~heading\ntokens: [foo]\n", "NH")
    para = rule(tmp_path, "extends: existence\nmessage: p\nscope: paragraph\ntokens: ['^But']\n", "P")
    sent = rule(tmp_path, "extends: existence\nmessage: s\nscope: sentence\ntokens: ['^Foo']\n", "S")
    raw = rule(tmp_path, "extends: existence\nmessage: r\nscope: raw\nnonword: true\ntokens: ['`foo`']\n", "R")
    lst = rule(tmp_path, "extends: existence\nmessage: l\nscope: list\ntokens: [foo]\n", "L")
    text = "# foo\n\nBut here. Foo there `foo`.\n\n- foo\n"
    assert lines(text, [heading, not_heading, para, sent, raw, lst]) == [
        "1:3:Test.H:h",
        "3:1:Test.P:p",
        "3:11:Test.S:s",
        "3:21:Test.R:r",
        "5:3:Test.L:l",
        "5:3:Test.NH:nh",
    ]


def test_summary_scope_sees_the_document(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: occurrence\nmessage: 'Too many: %s'\nscope: summary\nmax: 2\ntoken: widget\n")
    assert lines("widget one.\n\nwidget two.\n\n- widget three\n", [r]) == ["1:1:Test.Rule:Too many: 3"]


def test_plain_text_and_html(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: existence\nmessage: '%s'\ntokens: [foo]\n")
    assert lines("one foo\ntwo foo\n", [r], fmt="text") == ["1:5:Test.Rule:foo", "2:5:Test.Rule:foo"]
    assert lines("<p>a <b>foo</b></p>\n<pre>foo</pre>\n", [r], fmt="html") == ["1:9:Test.Rule:foo"]
    with pytest.raises(ValueError):
        lint_text("x", [r], fmt="docx")


def test_front_matter_only_for_rules_that_ask(tmp_path: Path) -> None:
    plain = rule(tmp_path, "extends: existence\nmessage: p\ntokens: [Great]\n", "P")
    front = rule(tmp_path, "extends: capitalization\nmessage: \"'%s' title\"\nscope: text.frontmatter.title\n"
                 "match: $title\n", "F")
    text = '---\ntitle: "my great title"\n---\n\nGreat text.\n'
    assert lines(text, [plain, front]) == ["2:9:Test.F:'my great title' title", "5:1:Test.P:p"]


def test_rsquo_entity_reads_as_apostrophe(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: [\"it's\"]\n")
    assert lines("Yes it&rsquo;s here and it's there.\n", [r]) == ["1:5:Test.Rule:it's", "1:19:Test.Rule:it's"]


def test_brandcheck_severity(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: existence\nmessage: m\ntokens: [x]\n")
    [a] = lint_text("x\n", [r])
    assert (a.severity, a.brandcheck_severity) == ("suggestion", "info")


def test_lint_file_with_config(tmp_path: Path) -> None:
    from vale_helpers import write

    from brandcheck.vale import lint_file, load_config

    write(tmp_path / "styles" / "Acme" / "Very.yml", "extends: existence\nmessage: \"'%s'\"\ntokens: [very]\n")
    ini = write(tmp_path / "site" / ".vale.ini", "StylesPath = ../styles\n[docs/*.md]\nBasedOnStyles = Acme\n")
    page = write(tmp_path / "site" / "docs" / "a.md", "# A very title\n")
    other = write(tmp_path / "site" / "b.md", "very\n")
    config = load_config(ini)
    [a] = lint_file(page, config, root=tmp_path / "site")
    assert a.line_format() == "docs/a.md:1:5:Acme.Very:'very'"
    assert lint_file(other, config, root=tmp_path / "site") == []
