"""Kit words and phrases in text, lemma-aware: terminology forms to replace and banned words.

Contract 1: "a form written in lower case matches any casing, a form with capitals (e.g. SASS) only
that casing; inflections count". So each word of a form matches a token whose text is that word,
or whose lemma is one of the word's lemmas ("logging in" for "log in", "cheapest" for "cheap",
"guy" for "guys"). Matching is on whole tokens, which is what keeps "scrapbook" from matching
"crap" and "Hello" from matching "hell"; in Vietnamese, whose words are several syllables, a form
must cover whole words of pyvi's segmentation ("tệ" is not found in "tiền tệ"). Hyphens between words do not count ("log-in" is "log in",
"no brainer" is "no-brainer"); other punctuation ends a phrase.

A form's lemmas are all those the pipeline's lemmatizer could give it in any word class (its own
rules, exceptions and index), so that a single kit word, with no sentence around it, still
matches every inflection. Suggestions keep the inflection and casing of what was written:
"logging in" -> "signing in", "Logged In" -> "Signed In", "web sites" -> "websites". Inflections
come from LemmInflect when installed (it knows irregular forms; loaded only when a suggestion needs
it), else from the regular English rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .nlp import Pipeline

_HYPHEN = re.compile(r"^[-‐‑–]+$")
_GAP = re.compile(r"^[\s\-‐‑]*$")


class MatchToken(NamedTuple):
    """A word of the text as the matcher sees it: offsets within its block, forms, word class.
    (A named tuple: blocks have thousands of them and they are built on every scan.)"""

    start: int
    end: int
    text: str
    lower: str
    lemma: str  # lower-case lemma (the lower-case text when the pipeline has none)
    tag: str  # fine-grained tag (PTB for English), "" when untagged
    word_start: bool = True  # False for the 2nd.. syllable of a segmented word ("nhập" of "đăng nhập")
    word_end: bool = True  # False for all but the last syllable of a segmented word


@dataclass(frozen=True)
class TermWord:
    text: str
    lower: str
    lemmas: frozenset[str]  # lower-case lemmas a text token may have to count as this word
    inflections: frozenset[str] = frozenset()  # lower-case word forms that count as this word


@dataclass(frozen=True)
class TermPattern:
    """One form from the kit: a terminology form to replace (with its preferred term) or a banned word."""

    form: str
    words: tuple[TermWord, ...]
    case_sensitive: bool
    use: str | None = None  # the preferred term (terminology); None for banned words


@dataclass
class TermMatch:
    pattern: TermPattern
    start: int
    end: int
    tokens: list[MatchToken]
    text: str = ""

    @property
    def exact(self) -> bool:
        """True when the text is the form itself, not an inflection of it."""
        if self.pattern.case_sensitive:
            return all(t.text == w.text for t, w in zip(self.tokens, self.pattern.words, strict=True))
        return all(t.lower == w.lower for t, w in zip(self.tokens, self.pattern.words, strict=True))


def match_tokens(docs: Iterable[tuple[int, Doc]]) -> list[MatchToken]:
    """The words of a block's docs for matching: hyphens dropped, multi-syllable tokens (pyvi's
    "đăng nhập") split into their syllables so that forms match whatever the segmenter did."""
    out: list[MatchToken] = []
    for offset, doc in docs:
        for tok in doc:
            if tok.is_space or _HYPHEN.match(tok.text):
                continue
            start = offset + tok.idx
            text = tok.text
            lemma = tok.lemma_.lower() if tok.lemma_ else ""
            if " " in text.strip() or "_" in text.strip("_"):
                parts = list(re.finditer(r"[^\s_]+", text))
                for k, m in enumerate(parts):
                    part = m.group(0)
                    out.append(MatchToken(start + m.start(), start + m.end(), part, part.lower(), part.lower(),
                                          tok.tag_, word_start=k == 0, word_end=k == len(parts) - 1))
                continue
            out.append(MatchToken(start, start + len(text), text, text.lower(), lemma or text.lower(), tok.tag_))
    return out


_PATTERNS: dict[tuple[int, tuple[tuple[str, str | None], ...]], tuple[Any, list[TermPattern]]] = {}


def compile_patterns(forms: Sequence[tuple[str, str | None]], pipeline: Pipeline) -> list[TermPattern]:
    """Patterns for (form, preferred term or None) pairs, tokenized and lemmatized by the pipeline.

    Kits are small and the same for every touchpoint of a scan: patterns are compiled once per
    pipeline and list of forms."""
    key = (id(pipeline), tuple(forms))
    hit = _PATTERNS.get(key)
    if hit is None or hit[0] is not pipeline:
        if len(_PATTERNS) > 64:
            _PATTERNS.clear()
        hit = (pipeline, _compile(key[1], pipeline))
        _PATTERNS[key] = hit
    return hit[1]


def _compile(forms: tuple[tuple[str, str | None], ...], pipeline: Pipeline) -> list[TermPattern]:
    out: list[TermPattern] = []
    for form, use in forms:
        form = " ".join(str(form).split())
        if not form:
            continue
        case_sensitive = any(c.isupper() for c in form)
        doc = pipeline.make_doc(form)
        words: list[TermWord] = []
        for t in match_tokens([(0, doc)]):
            lemmas = set(pipeline.lemmas_of(t.text))
            if pipeline.lemmas and t.lemma:
                lemmas.add(t.lemma)
            inflections = frozenset(f for lemma in lemmas for f in pipeline.inflections(lemma))
            words.append(TermWord(t.text, t.lower, frozenset(lemmas), inflections))
        if words:
            out.append(TermPattern(form, tuple(words), case_sensitive, use))
    return out


@dataclass
class TermIndex:
    """Patterns indexed by the keys their first word can be found under (text or lemma), with a
    prefilter that tells from a text's words alone, in one set operation, that it cannot match."""

    patterns: list[TermPattern]
    pipeline: Pipeline | None = None
    _by_key: dict[str, list[TermPattern]] = field(default_factory=dict)
    _forms: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        forms: set[str] = set()
        for p in self.patterns:
            first = p.words[0]
            for key in {first.lower, *first.lemmas, *first.inflections}:
                self._by_key.setdefault(key, []).append(p)
            # every word of a pattern must be there: the prefilter looks for its longest (rarest) one
            word = max(p.words, key=lambda w: len(w.lower))
            forms.add(word.lower)
            for lemma in word.lemmas:
                forms.update(self.pipeline.surface_forms(lemma) if self.pipeline is not None else (lemma,))
        forms.discard("")
        self._forms = frozenset(forms)

    def might_match(self, words: set[str] | frozenset[str] | str) -> bool:
        """False when no pattern can occur in a text, given its set of lower-case words (see
        `word_set`): none of them is a possible form of the longest word of any pattern (the
        lemmatizer's suffix rules run backwards, and its irregular forms). One set operation."""
        if isinstance(words, str):
            words = word_set(words)
        return not self._forms.isdisjoint(words)


    def find(self, text: str, tokens: Sequence[MatchToken]) -> list[TermMatch]:
        """Every occurrence of a pattern in the tokens of `text`, longest first where they overlap."""
        found: list[TermMatch] = []
        for i, tok in enumerate(tokens):
            cands = self._by_key.get(tok.lower, [])
            if tok.lemma != tok.lower:
                cands = cands + self._by_key.get(tok.lemma, [])
            for p in cands:
                m = _match_at(p, tokens, i, text)
                if m is not None:
                    found.append(m)
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[TermMatch] = []
        seen: set[tuple[int, int, str]] = set()
        for m in found:
            key = (m.start, m.end, m.pattern.form)
            if key in seen or any(k.start < m.end and m.start < k.end for k in kept):
                continue
            seen.add(key)
            kept.append(m)
        return kept


_WORDS = re.compile(r"[^\W_]+")
_CONTRACTED = re.compile(r"([^\W_]+)n['’]t(?![^\W_])")


def word_set(text: str) -> frozenset[str]:
    """The lower-case words of a text, with the part spaCy splits off a contraction ("do" of "don't")."""
    low = text.lower()
    words = set(_WORDS.findall(low))
    if "'" in low or "’" in low:
        words.update(_CONTRACTED.findall(low))
    return frozenset(words)


def _word_matches(tok: MatchToken, w: TermWord, case_sensitive: bool) -> bool:
    if case_sensitive:  # an inflection counts when it keeps the form's casing ("iPhones" for "iPhone")
        return tok.text == w.text or ((tok.lemma in w.lemmas or tok.lower in w.inflections) and len(w.text) > 2
                                      and tok.text.startswith(w.text[:-1]))
    # the token's lemma in context, or its form (the tagger may misread a word: "ninjas" as singular)
    return tok.lower == w.lower or tok.lemma in w.lemmas or tok.lower in w.inflections


def _match_at(p: TermPattern, tokens: Sequence[MatchToken], i: int, text: str) -> TermMatch | None:
    n = len(p.words)
    if i + n > len(tokens):
        return None
    for k, w in enumerate(p.words):
        tok = tokens[i + k]
        if k and not _GAP.match(text[tokens[i + k - 1].end:tok.start]):
            return None
        if not _word_matches(tok, w, p.case_sensitive):
            return None
    span = list(tokens[i:i + n])
    if not (span[0].word_start and span[-1].word_end):
        return None  # a piece of a longer word ("tệ" in "tiền tệ"), not the word itself
    return TermMatch(p, span[0].start, span[-1].end, span, text[span[0].start:span[-1].end])


# --------------------------------------------------------------------------- suggestions


def suggest_like(target: str, match: TermMatch, lang: str) -> str:
    """`target` in the inflection and casing of what the match found ("logging in" -> "signing in")."""
    words = target.split()
    if lang == "en" and words:
        for tok, w in zip(match.tokens, match.pattern.words, strict=True):
            if tok.lower != w.lower and tok.tag:
                words = _inflect_words(words, tok.tag)
                break
    return case_like(" ".join(words), match.text)


def _inflect_words(words: list[str], tag: str) -> list[str]:
    if tag.startswith("VB") and tag != "VB":
        idx = next((i for i, w in enumerate(words) if _inflections(w, "VERB")), 0)
    elif tag in ("NNS", "NNPS") or tag in ("JJR", "JJS", "RBR", "RBS"):
        idx = len(words) - 1
    else:
        return words
    out = list(words)
    out[idx] = inflect(words[idx], tag)
    return out


def _inflections(word: str, upos: str) -> dict[str, tuple[str, ...]]:
    try:
        import lemminflect
    except ImportError:
        return {}
    return lemminflect.getAllInflections(word.lower(), upos=upos)


def inflect(word: str, tag: str) -> str:
    """`word` (a base form) in the inflection a PTB tag names: ("sign", "VBG") -> "signing"."""
    if any(c.isupper() for c in word[1:]):
        return word  # a name with inner capitals (JavaScript) is not inflected
    try:
        import lemminflect

        forms = lemminflect.getInflection(word.lower(), tag=tag)
        if forms:
            return case_like(forms[0], word)
    except ImportError:  # fall back on the regular rules below
        pass
    return case_like(_regular(word.lower(), tag), word)


def _regular(w: str, tag: str) -> str:
    """Regular English inflection, for when LemmInflect is not installed."""
    vowels = "aeiou"
    if tag in ("NNS", "NNPS", "VBZ"):
        if re.search(r"(s|x|z|ch|sh)$", w):
            return w + "es"
        if w.endswith("y") and len(w) > 1 and w[-2] not in vowels:
            return w[:-1] + "ies"
        return w + "s"
    cvc = len(w) >= 3 and w[-1] not in vowels + "wxy" and w[-2] in vowels and w[-3] not in vowels and len(w) <= 4
    if tag == "VBG":
        if w.endswith("ie"):
            return w[:-2] + "ying"
        if w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
            return w[:-1] + "ing"
        return w + (w[-1] if cvc else "") + "ing"
    if tag in ("VBD", "VBN"):
        if w.endswith("e"):
            return w + "d"
        if w.endswith("y") and len(w) > 1 and w[-2] not in vowels:
            return w[:-1] + "ied"
        return w + (w[-1] if cvc else "") + "ed"
    if tag in ("JJR", "RBR"):
        return w + ("r" if w.endswith("e") else "er")
    if tag in ("JJS", "RBS"):
        return w + ("st" if w.endswith("e") else "est")
    return w


def case_like(target: str, seen: str) -> str:
    """`target` cased like `seen`: ALL CAPS, Title Case or a capital first letter carry over;
    a target with capitals of its own (a name like JavaScript) keeps them."""
    if not target or not seen:
        return target
    if any(c.isupper() for c in target):
        return target
    letters = [c for c in seen if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return target.upper()
    seen_words = seen.split()
    if len(seen_words) > 1 and all(w[0].isupper() for w in seen_words if w[0].isalpha()):
        return " ".join(w[:1].upper() + w[1:] for w in target.split())
    if seen[0].isupper():
        return target[0].upper() + target[1:]
    return target
