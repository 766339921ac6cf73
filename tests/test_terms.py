"""Tests for brandcheck.analyze.terms: lemma-aware matching of kit forms and inflected suggestions."""

from __future__ import annotations

import pytest

from brandcheck.analyze.nlp import Pipeline, build_pipeline, get_pipeline
from brandcheck.analyze.terms import (
    TermIndex,
    _regular,
    case_like,
    compile_patterns,
    inflect,
    match_tokens,
    suggest_like,
)


@pytest.fixture(scope="module")
def en() -> Pipeline:
    return get_pipeline("en")


def find(pipe: Pipeline, forms: list[tuple[str, str | None]], text: str) -> list[tuple[str, str, str]]:
    """(text found, kit form, suggestion) for every match of the forms in text."""
    index = TermIndex(compile_patterns(forms, pipe))
    doc = pipe.pipe([text])[0]
    return [(m.text, m.pattern.form, suggest_like(m.pattern.use, m, pipe.lang) if m.pattern.use else "")
            for m in index.find(text, match_tokens([(0, doc)]))]


TERMS = [("log in", "sign in"), ("SASS", "Sass"), ("grab", "download"), ("web site", "website"),
         ("e-mail", "email"), ("Javascript", "JavaScript")]


@pytest.mark.parametrize(("text", "expected"), [
    ("You are logged in.", [("logged in", "log in", "signed in")]),
    ("Logging In now.", [("Logging In", "log in", "Signing In")]),
    ("He logs in daily.", [("logs in", "log in", "signs in")]),
    ("Please log-in first.", [("log-in", "log in", "sign in")]),
    ("LOG IN", [("LOG IN", "log in", "SIGN IN")]),
    ("We grabbed it.", [("grabbed", "grab", "downloaded")]),
    ("Our Web Sites are fast.", [("Web Sites", "web site", "Websites")]),
    ("Send us e-mails.", [("e-mails", "e-mail", "emails")]),
    ("Styles are written in SASS.", [("SASS", "SASS", "Sass")]),
    ("Javascript is fun.", [("Javascript", "Javascript", "JavaScript")]),
])
def test_forms_in_any_inflection_with_suggestions_in_the_same_inflection(en: Pipeline, text: str,
                                                                        expected: list) -> None:
    assert find(en, TERMS, text) == expected


@pytest.mark.parametrize("text", [
    "Styles are written in Sass.",  # a capitalised form matches only that casing
    "sass is a preprocessor.",
    "JavaScript and javascript are fine.",
    "Every website we build is tested.",  # the preferred term
    "Send an email.",
    "For reference, here's your login information.",  # 'login' is another word than 'log in'
    "A blog in the making.",
])
def test_what_is_not_a_listed_form(en: Pipeline, text: str) -> None:
    assert find(en, TERMS, text) == []


def test_banned_words_are_whole_words_and_lemma_aware(en: Pipeline) -> None:
    banned = [("cheap", None), ("hell", None), ("crap", None), ("guys", None), ("hype", None), ("no-brainer", None)]
    text = ("Cheaper and cheapest, hey guy and guys. Hello, hell. Scrapbook, hyperlocal, hyped. "
            "A no brainer, a No-Brainer.")
    assert [f[0] for f in find(en, banned, text)] == [
        "Cheaper", "cheapest", "guy", "guys", "hell", "hyped", "no brainer", "No-Brainer"]


def test_vietnamese_forms_match_whole_words(en: Pipeline) -> None:
    vi = get_pipeline("vi")
    forms = [("đăng nhập", "truy cập"), ("tệ", None)]
    text = "Bạn có thể đăng nhập ngay. Đăng Nhập lại. Tiền tệ ổn định. Dịch vụ tệ."
    assert find(vi, forms, text) == [("đăng nhập", "đăng nhập", "truy cập"), ("Đăng Nhập", "đăng nhập", "Truy Cập"),
                                     ("tệ", "tệ", "")]


def test_blank_pipeline_matches_forms_as_written() -> None:
    blank = build_pipeline("en", english_models=("no_such_pipeline_installed",))
    assert find(blank, [("log in", "sign in")], "Log in or logged in.") == [("Log in", "log in", "Sign in")]


@pytest.mark.parametrize(("word", "tag", "expected"), [
    ("sign", "VBG", "signing"), ("log", "VBD", "logged"), ("buy", "VBD", "bought"), ("website", "NNS", "websites"),
    ("Download", "VBZ", "Downloads"), ("JavaScript", "NNS", "JavaScript"),
])
def test_inflect(word: str, tag: str, expected: str) -> None:
    assert inflect(word, tag) == expected


@pytest.mark.parametrize(("word", "tag", "expected"), [
    ("sign", "VBG", "signing"), ("log", "VBG", "logging"), ("make", "VBG", "making"), ("try", "VBD", "tried"),
    ("box", "NNS", "boxes"), ("city", "NNS", "cities"), ("fast", "JJR", "faster"),
])
def test_regular_inflection_without_lemminflect(word: str, tag: str, expected: str) -> None:
    assert _regular(word, tag) == expected


@pytest.mark.parametrize(("target", "seen", "expected"), [
    ("sign in", "LOG IN", "SIGN IN"), ("sign in", "Log In", "Sign In"), ("sign in", "Log in", "Sign in"),
    ("sign in", "log in", "sign in"), ("Sass", "SASS", "Sass"),
])
def test_case_like(target: str, seen: str, expected: str) -> None:
    assert case_like(target, seen) == expected


def test_prefilter_rules_out_texts_without_any_form(en: Pipeline) -> None:
    index = TermIndex(compile_patterns([("log in", "sign in"), ("do", None), ("no-brainer", None)], en), en)
    assert index.might_match("He logged in yesterday.")
    assert index.might_match("Don't.")  # spaCy splits "do" off "don't"
    assert index.might_match("A real no brainer")
    assert not index.might_match("Nothing to see in this blog.")
    assert not index.might_match("")


def test_inflections_count_even_when_the_tagger_misreads_a_word(en: Pipeline) -> None:
    text = ("Lorem ipsum dolor sit amet, consectetur adipisicing elit, quo dolore laudantium consectetur! "
            "Our e-commerce ninjas ship fast.")
    assert [f[0] for f in find(en, [("ninja", None)], text)] == ["ninjas"]


def test_inflections_stay_in_the_word_class_of_the_form(en: Pipeline) -> None:
    assert {"hypes", "hyped", "hyping"} <= en.inflections("hype")
    assert "hyper" not in en.inflections("hype")  # an adjective rule; "hype" is no adjective
    assert find(en, [("hype", None)], "Our hyper-local and hyperlocal campaigns.") == []
    assert [f[0] for f in find(en, [("hype", None)], "It was hyped.")] == ["hyped"]
