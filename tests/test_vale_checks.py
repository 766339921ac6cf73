"""Each `extends:` kind with Vale's fields and semantics, on Markdown text."""

from __future__ import annotations

from pathlib import Path

import pytest
from vale_helpers import lines, rule, write

from brandcheck.vale import lint_text

# --- existence ---------------------------------------------------------------------------


def test_existence_word_boundaries_and_case(tmp_path: Path) -> None:
    r = rule(tmp_path, """
        extends: existence
        message: "Don't use '%s'."
        tokens: [app, he/she]
    """)
    assert lines("The app and apps and App; he/she.\n", [r]) == [
        "1:5:Test.Rule:Don't use 'app'.", "1:27:Test.Rule:Don't use 'he/she'."]


def test_existence_ignorecase_and_nonword(tmp_path: Path) -> None:
    word = rule(tmp_path, "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: [app]\n", "W")
    nonword = rule(tmp_path, "extends: existence\nmessage: '%s'\nnonword: true\ntokens: ['\\.\\.\\.']\n",
                   "N")
    assert lines("App apps... ok\n", [word, nonword]) == ["1:1:Test.W:App", "1:9:Test.N:..."]


def test_existence_raw_is_prepended(tmp_path: Path) -> None:
    r = rule(tmp_path, r"""
        extends: existence
        message: "'%s' looks passive."
        ignorecase: true
        raw:
          - \b(am|are|was|is)\b\s*
        tokens:
          - '[\w]+ed'
          - broken
    """)
    assert lines("It was broken. They are related. He walked.\n", [r]) == [
        "1:4:Test.Rule:'was broken' looks passive.", "1:21:Test.Rule:'are related' looks passive."]


def test_existence_exceptions(tmp_path: Path) -> None:
    r = rule(tmp_path, r"""
        extends: existence
        message: "'%s'"
        tokens: ['[A-Z]{3,5}']
        exceptions: [API, HTML]
    """)
    assert lines("Use the API and HTML and SDK.\n", [r]) == ["1:26:Test.Rule:'SDK'"]


def test_existence_skips_code(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: existence\nmessage: '%s'\ntokens: [foo]\n")
    text = "A `foo` span.\n\n```\nfoo\n```\n\n    foo indented\n\nfoo here.\n"
    assert lines(text, [r]) == ["9:1:Test.Rule:foo"]


# --- substitution ------------------------------------------------------------------------


def test_substitution_message_is_expected_then_observed(tmp_path: Path) -> None:
    r = rule(tmp_path, """
        extends: substitution
        message: "Consider using '%s' instead of '%s'."
        ignorecase: true
        swap:
          irregardless: regardless
          utilize: use
    """)
    assert lines("Irregardless, we utilize it. Use it.\n", [r]) == [
        "1:1:Test.Rule:Consider using 'regardless' instead of 'Irregardless'.",
        "1:18:Test.Rule:Consider using 'use' instead of 'utilize'."]


def test_substitution_replace_action_options_and_case(tmp_path: Path) -> None:
    r = rule(tmp_path, """
        extends: substitution
        message: "Use '%s' instead of '%s'."
        ignorecase: true
        action:
          name: replace
        swap:
          are not: aren't
          doubtlessly: doubtless|undoubtedly
    """)
    assert lines("Are not we? It is doubtlessly so.\n", [r]) == [
        "1:1:Test.Rule:Use 'Aren't' instead of 'Are not'.",
        "1:19:Test.Rule:Use 'doubtless' or 'undoubtedly' instead of 'doubtlessly'."]


def test_substitution_same_text_is_not_reported(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: substitution\nmessage: '%s/%s'\nignorecase: true\nswap:\n  javascript: JavaScript\n")
    assert lines("JavaScript and javascript.\n", [r]) == ["1:16:Test.Rule:JavaScript/javascript"]


def test_substitution_capture_groups_are_made_non_capturing(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: substitution\nmessage: '%s'\nswap:\n  (alpha|beta) test: gamma\n  delta: epsilon\n")
    assert lines("a beta test and delta\n", [r]) == ["1:3:Test.Rule:gamma", "1:17:Test.Rule:epsilon"]


# --- occurrence --------------------------------------------------------------------------


def test_occurrence_max_and_min(tmp_path: Path) -> None:
    long = rule(tmp_path, "extends: occurrence\nmessage: Too long\nscope: sentence\nmax: 3\ntoken: '\\b(\\w+)\\b'\n", "Max")
    intro = rule(tmp_path, "extends: occurrence\nmessage: 'Only %s'\nscope: heading\nmin: 3\ntoken: '\\w+'\n", "Min")
    text = "# Hi there\n\nOne two three. One two three four five.\n"
    assert lines(text, [long, intro]) == ["1:3:Test.Min:Only 2", "3:16:Test.Max:Too long"]


# --- repetition --------------------------------------------------------------------------


def test_repetition_alpha(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: repetition\nmessage: \"'%s' is repeated!\"\nalpha: true\ntokens: ['[^\\s]+']\n")
    assert lines("the the book\n\n// //\n\nthe `the` the\n", [r]) == ["1:1:Test.Rule:'the' is repeated!"]


# --- consistency -------------------------------------------------------------------------


def test_consistency_reports_second_spelling(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: consistency\nmessage: \"Inconsistent spelling of '%s'.\"\nignorecase: true\neither:\n  colour: color\n")
    assert lines("Colour here.\n\nNothing.\n\nAnd color there.\n", [r]) == [
        "5:5:Test.Rule:Inconsistent spelling of 'color'."]
    assert lines("Only colour here.\n", [r]) == []


# --- capitalization ----------------------------------------------------------------------


def test_capitalization_sentence_with_indicators_and_exceptions(tmp_path: Path) -> None:
    r = rule(tmp_path, """
        extends: capitalization
        message: "'%s' should use sentence-style capitalization."
        scope: heading
        match: $sentence
        indicators: [':']
        exceptions: [Kubernetes]
    """)
    text = ("# Deploy to Kubernetes\n\n# This is a Heading\n\n# Step one: Install\n\n"
            "# Step one: install\n\n# 8. Do step eight\n\n# Top-level entities\n")
    assert lines(text, [r]) == [
        "3:3:Test.Rule:'This is a Heading' should use sentence-style capitalization.",
        "7:3:Test.Rule:'Step one: install' should use sentence-style capitalization."]


def test_capitalization_title_lower_upper(tmp_path: Path) -> None:
    title = rule(tmp_path, "extends: capitalization\nmessage: \"'%s' title\"\nscope: heading\nmatch: $title\n", "T")
    lower = rule(tmp_path, "extends: capitalization\nmessage: lower\nscope: heading.h2\nmatch: $lower\n", "L")
    upper = rule(tmp_path, "extends: capitalization\nmessage: upper\nscope: heading.h3\nmatch: $upper\n", "U")
    text = "# The Art of War\n\n# the art of war in modern times\n\n## lower case\n\n### NOT UPPER yet\n"
    got = lines(text, [title, lower, upper])
    assert "3:3:Test.T:'the art of war in modern times' title" in got
    assert not any(x.startswith("1:") for x in got)
    assert "7:5:Test.U:upper" in got and not any(":Test.L:" in x for x in got)


# --- conditional -------------------------------------------------------------------------


def test_conditional_acronyms(tmp_path: Path) -> None:
    r = rule(tmp_path, r"""
        extends: conditional
        message: "'%s' has no definition."
        first: '\b([A-Z]{3,5})\b'
        second: '(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)'
        exceptions: [API]
    """)
    text = "The World Health Organization (WHO) helps.\n\nWHO and DAFB and API, `DAFB` too.\n"
    assert lines(text, [r]) == ["3:9:Test.Rule:'DAFB' has no definition."]


# --- readability and metric --------------------------------------------------------------


def test_readability_grade(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: readability\nmessage: 'Grade %s is too high.'\nmetrics: [Flesch-Kincaid]\ngrade: 8\n")
    easy = "The cat sat. The dog ran.\n"
    hard = ("Notwithstanding considerable organizational heterogeneity, institutional "
            "interoperability necessitates comprehensive standardization initiatives.\n")
    assert lines(easy, [r]) == []
    got = lines(hard, [r])
    assert len(got) == 1 and got[0].startswith("1:1:Test.Rule:Grade ") and r.scope == ["summary"]


def test_metric_formula_and_condition(tmp_path: Path) -> None:
    r = rule(tmp_path, """
        extends: metric
        message: "This topic has %s H2s in it."
        formula: heading.h2
        condition: "> 0"
    """)
    assert lines("# One\n\n## Two\n\nText.\n", [r]) == ["1:1:Test.Rule:This topic has 1.00 H2s in it."]
    assert lines("# One\n\nText.\n", [r]) == []


def test_metric_rejects_bad_formula(tmp_path: Path) -> None:
    from brandcheck.errors import RuleFileError

    with pytest.raises(RuleFileError) as info:
        rule(tmp_path, "extends: metric\nmessage: m\nformula: 'words +'\ncondition: '> 1'\n")
    assert ":3: invalid formula" in info.value.one_line()


# --- sequence ----------------------------------------------------------------------------


def test_sequence_with_tags(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    r = rule(tmp_path, """
        extends: sequence
        message: "The infinitive '%[4]s' after 'be' requires 'to'."
        tokens:
          - tag: MD
          - pattern: be
          - tag: JJ
          - tag: VB|VBP
    """)
    got = lint_text("It would be great write it.\n", [r], fmt="markdown")
    assert [(a.line, a.column, a.match) for a in got] == [(1, 4, "would be great write")]


# --- spelling ----------------------------------------------------------------------------


def test_spelling_with_a_custom_dictionary(tmp_path: Path) -> None:
    pytest.importorskip("spylls")
    write(tmp_path / "dicts" / "tiny.aff", "SET UTF-8\n")
    write(tmp_path / "dicts" / "tiny.dic", "4\nthe\ncat\nsat\non\n")
    r = rule(tmp_path, f"""
        extends: spelling
        message: "Did you really mean '%s'?"
        dicpath: {tmp_path / "dicts"}
        dictionaries: [tiny]
    """)
    assert lines("The cat sat on the matt with API v2.\n", [r]) == [
        "1:20:Test.Rule:Did you really mean 'matt'?", "1:25:Test.Rule:Did you really mean 'with'?"]


def test_rule_check_on_plain_text(tmp_path: Path) -> None:
    r = rule(tmp_path, "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [very]\n")
    [hit] = r.check("A very good day.")
    assert (hit.start, hit.end, hit.match, hit.message) == (2, 6, "very", "Avoid 'very'.")
