"""Readability arithmetic: words, syllables and the Flesch-Kincaid grade of English copy.

Flesch-Kincaid grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59
(Kincaid et al., 1975). It was fitted on English and its syllable weights mean nothing for other
languages, so it is only computed for English; the readability rule says so for others instead of
reporting a number that looks precise and is not.

Syllables are counted with the usual vowel-group rules (silent final e, -es and -ed endings),
which agree with dictionary syllabification on the large majority of words and are
what readability tools commonly use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

_NON_LETTERS = re.compile(r"[^a-z]")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_VOICED_ES = re.compile(r"(?:s|z|x|ch|sh|c|g)es$")
_TEXT_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CLITICS = {"n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m"}


def count_syllables(word: str) -> int:
    """English syllables of one word (at least 1 for any word with letters; 1 for a number).

    Vowel groups, less a silent final e ("make"), a silent -es ("makes", not "houses") or a silent
    -ed ("jumped", not "wanted")."""
    w = _NON_LETTERS.sub("", word.lower())
    if not w:
        return 1 if any(c.isdigit() for c in word) else 0
    if len(w) <= 3:
        return 1
    n = len(_VOWEL_GROUPS.findall(w))
    if (w.endswith("e") and not w.endswith(("le", "ee", "ye", "oe"))) or (w.endswith("es") and not _VOICED_ES.search(w)) or (w.endswith("ed") and not w.endswith(("ted", "ded"))):
        n -= 1
    return max(1, n)


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


def text_words(text: str) -> list[str]:
    """The words of a text as a reader counts them: letters and digits, with an apostrophe inside
    ("don't" is one word, as in every readability tool)."""
    return _TEXT_WORDS.findall(text)


def grade_of(sentences: Iterable[str]) -> tuple[float, int, int, int]:
    """(grade, words, sentences, syllables) of English sentences; sentences without words are skipped."""
    n_words = n_sents = n_syll = 0
    for sent in sentences:
        ws = text_words(sent)
        if not ws:
            continue
        n_sents += 1
        n_words += len(ws)
        n_syll += sum(count_syllables(w) for w in ws)
    return flesch_kincaid_grade(n_words, n_sents, n_syll), n_words, n_sents, n_syll
