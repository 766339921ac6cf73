"""Readability arithmetic: words, syllables and the Flesch-Kincaid grade of English copy.

Flesch-Kincaid grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59
(Kincaid et al., 1975). It was fitted on English and its syllable weights mean nothing for other
languages, so it is only computed for English; the readability rule says so for others instead of
reporting a number that looks precise and is not.

Syllables are counted with the usual vowel-group rules (silent final e, -es/-ed endings, a
leading y), which agree with dictionary syllabification on the large majority of words and are
what readability tools commonly use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_NON_LETTERS = re.compile(r"[^a-z]")
_SILENT_END = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")
_VOWEL_GROUPS = re.compile(r"[aeiouy]{1,2}")
_CLITICS = {"n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m"}


def count_syllables(word: str) -> int:
    """English syllables of one word (at least 1 for any word with letters; 1 for a number)."""
    w = _NON_LETTERS.sub("", word.lower())
    if not w:
        return 1 if any(c.isdigit() for c in word) else 0
    if len(w) <= 3:
        return 1
    w = _SILENT_END.sub("", w)
    w = w[1:] if w.startswith("y") else w
    return max(1, len(_VOWEL_GROUPS.findall(w)))


def is_word(tok: Token) -> bool:
    """A token that counts as a word: it has a letter or digit, and is not a clitic ("n't", "'s")."""
    if tok.is_space or tok.is_punct:
        return False
    if tok.lower_ in _CLITICS:
        return False
    return any(c.isalnum() for c in tok.text)


def words_in(span: Iterable[Token]) -> list[Token]:
    return [t for t in span if is_word(t)]


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    """The Flesch-Kincaid grade level; 0.0 for a text without words or sentences."""
    if words <= 0 or sentences <= 0:
        return 0.0
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def grade_of(sentences: Iterable[Span]) -> tuple[float, int, int, int]:
    """(grade, words, sentences, syllables) of English sentences; sentences without words are skipped."""
    n_words = n_sents = n_syll = 0
    for sent in sentences:
        ws = words_in(sent)
        if not ws:
            continue
        n_sents += 1
        n_words += len(ws)
        n_syll += sum(count_syllables(t.text) for t in ws)
    return flesch_kincaid_grade(n_words, n_sents, n_syll), n_words, n_sents, n_syll
