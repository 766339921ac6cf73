"""Tests for brandcheck.analyze.readability: syllables, words and the Flesch-Kincaid grade."""

from __future__ import annotations

import pytest

from brandcheck.analyze.nlp import get_pipeline
from brandcheck.analyze.readability import (
    count_syllables,
    flesch_kincaid_grade,
    grade_of,
    text_words,
    words_in,
)


@pytest.mark.parametrize(("word", "n"), [
    ("cat", 1), ("the", 1), ("table", 2), ("reading", 2), ("beautiful", 3), ("organization", 5), ("make", 1),
    ("makes", 1), ("houses", 2), ("jumped", 1), ("wanted", 2), ("university", 5), ("2015", 1), ("...", 0),
])
def test_count_syllables(word: str, n: int) -> None:
    assert count_syllables(word) == n


def test_flesch_kincaid_formula() -> None:
    # 0.39 * (100 / 5) + 11.8 * (150 / 100) - 15.59 = 7.8 + 17.7 - 15.59
    assert flesch_kincaid_grade(100, 5, 150) == pytest.approx(9.91)
    assert flesch_kincaid_grade(0, 0, 0) == 0.0


def test_grade_of_simple_and_hard_english() -> None:
    en = get_pipeline("en")
    easy, hard = en.pipe([
        "The cat sat on the mat. We like the cat. It is a good cat.",
        "Notwithstanding considerable organizational complexity, interdisciplinary collaboration "
        "substantially facilitates comprehensive institutional transformation initiatives.",
    ])
    g_easy, words, sents, _ = grade_of(s.text for s in easy.sents)
    g_hard, *_ = grade_of(s.text for s in hard.sents)
    assert sents == 3 and words == 15
    assert g_easy < 3 < 12 < g_hard


def test_clitics_and_punctuation_are_not_words() -> None:
    doc = get_pipeline("en").pipe(["Don't stop, it's great!"])[0]
    assert [t.text for t in words_in(doc)] == ["Do", "stop", "it", "great"]
    assert text_words("Don't stop, it's great! 5pm") == ["Don't", "stop", "it's", "great", "5pm"]
