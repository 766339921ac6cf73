"""Finding the brand name written wrongly: listed misspellings, casing, spacing and typos.

The kit gives the canonical name, its aliases (other correct names) and known misspellings.
Casing and spacing errors are found without being listed ("Start bootstrap", "StartBootstrap",
"Start-Bootstrap"), and so are typos nobody listed ("Legderly"), by comparing runs of one to
n+1 adjacent words with each correct form, ignoring case, spaces and hyphens, within a small edit
distance (optimal string alignment, so a swap of two letters is one edit).

What must not be flagged is as important: a word that merely looks like the brand. So a typo
must keep the brand's first letter, be at least five letters long, and not be made of real words
(the pipeline's dictionary: "Smart Bootstrap" is two words, not a typo of "Start Bootstrap"); a
lower-case dictionary word is not a casing error of a one-word brand ("acme" is a word, "ledgerly"
is not); and casing is not judged where CSS sets it (`text-transform`) or where the whole
sentence is in capitals, which is a different check. Correct occurrences, URLs, e-mail addresses,
domains and placeholders are masked out before any window is compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .nlp import in_dictionary

_WORD = re.compile(r"[^\W_]+")
_NOT_WORD = re.compile(r"[\W_]+")
_JOINABLE_GAP = re.compile(r"^(?:[ \u00a0]?|[ \u00a0]?[-‐‑_][ \u00a0]?)$")
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)")

PRIORITY = {"listed": 0, "spacing": 1, "casing": 1, "typo": 2}
REASONS = {"listed": "a misspelling the kit lists", "casing": "wrong casing", "spacing": "wrong spacing or hyphenation",
           "typo": "misspelled"}


@dataclass(frozen=True)
class BrandMention:
    """A wrong way of writing the brand, at [start, end) of the text it was found in."""

    start: int
    end: int
    text: str
    expected: str  # the correct form it stands for
    kind: str  # listed | casing | spacing | typo
    distance: int = 0

    @property
    def reason(self) -> str:
        return REASONS[self.kind]


def normalized(s: str) -> str:
    """The letters and digits of a name, lower case: spaces, hyphens and case do not count."""
    return "".join(_WORD.findall(s)).lower()


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a transposition is one edit), or limit+1 beyond limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


def typo_limit(length: int, has_dictionary: bool) -> int:
    """How many edits a typo of a name of `length` letters may have and still be that name.

    Short names have too many lookalikes to guess at (a name of four letters only admits two
    swapped letters, see `_judge`); without a dictionary to rule out real words the limit is
    stricter still."""
    if length == 4:
        return 1
    if length < 5:
        return 0
    if not has_dictionary:
        return 1 if length >= 6 else 0
    return 1 if length <= 8 else 2


class BrandMatcher:
    """Finds wrong spellings of the kit's brand name and aliases in text."""

    def __init__(self, brand: str, aliases: Iterable[str] = (), misspellings: Iterable[str] = (),
                 dictionary: frozenset[str] = frozenset()) -> None:
        forms: list[str] = []
        for f in (brand, *aliases):
            f = " ".join(str(f).split())
            if f and f not in forms and normalized(f):
                forms.append(f)
        self.forms = forms
        self.canonical = forms[0] if forms else brand
        self.dictionary = dictionary
        self._norm_forms: dict[str, str] = {}
        for f in forms:
            self._norm_forms.setdefault(normalized(f), f)
        self._form_words = {f: [w.lower() for w in _WORD.findall(f)] for f in forms}
        lowered = {f.lower() for f in forms}
        self._exact_res = [re.compile(_bounded(re.escape(f).replace(r"\ ", r"[ \u00a0]+"))) for f in forms]
        self._listed: list[tuple[re.Pattern[str], str]] = []
        for m in misspellings:
            m = " ".join(str(m).split())
            if not m or m in forms:
                continue
            pattern = _bounded(re.escape(m).replace(r"\ ", r"[ \u00a0]+"))
            # a listed form that differs from a correct one only in case is matched in that case only
            flags = 0 if m.lower() in lowered else re.IGNORECASE
            self._listed.append((re.compile(pattern, flags), self._closest_form(m)))
        self.max_words = max((len(w) for w in self._form_words.values()), default=1) + 1
        self._first_letters = {n[0] for n in self._norm_forms if n}
        self._grams = {g for fn in self._norm_forms for g in _qgrams(fn, typo_limit(len(fn), bool(dictionary)))}
        # one search for all listed misspellings (case-insensitive: a superset of the real matches)
        listed = [str(m) for m in misspellings if str(m).strip()]
        self._any_listed = re.compile("|".join(re.escape(" ".join(m.split())) for m in listed), re.IGNORECASE
                                      ) if listed else None

    def could_occur(self, text: str) -> bool:
        """False when no wrong spelling can be in `text`: none of the listed misspellings, and no
        q-gram that every spelling within the typo limit of a form must keep (an edit, even a swap,
        breaks at most q+1 q-grams, so with more q-grams than that some survive)."""
        norm = _NOT_WORD.sub("", text.lower())
        if any(g in norm for g in self._grams):
            return True
        return self._any_listed is not None and self._any_listed.search(text) is not None

    def _closest_form(self, text: str) -> str:
        n = normalized(text)
        return min(self.forms, key=lambda f: osa_distance(n, normalized(f), 99)) if self.forms else text

    def _is_word(self, word: str) -> bool:
        return in_dictionary(word, self.dictionary)

    def find(self, text: str, masked: list[tuple[int, int]] | None = None, text_transform: str | None = None
             ) -> list[BrandMention]:
        """Wrong spellings of the brand in `text`; spans in `masked` (URLs, code, ...) are skipped."""
        if not self.forms or not text or not self.could_occur(text):
            return []
        masked = list(masked or [])
        # correct occurrences: (start, end, length of the form's letters)
        exact: list[tuple[int, int, int]] = []
        for rx in self._exact_res:
            exact.extend((m.start(), m.end(), len(normalized(m.group(0)))) for m in rx.finditer(text))
        exact_spans = [(s, e) for s, e, _ in exact]
        found: list[BrandMention] = []
        for rx, expected in self._listed:
            for m in rx.finditer(text):
                if not _overlaps(m.start(), m.end(), masked + exact_spans):
                    found.append(BrandMention(m.start(), m.end(), m.group(0), expected, "listed"))
        words = [m for m in _WORD.finditer(text) if not _overlaps(m.start(), m.end(), masked)]
        css_case = (text_transform or "").lower() in ("uppercase", "lowercase", "capitalize")
        for i, first in enumerate(words):
            if first.group(0)[0].lower() not in self._first_letters:
                continue
            parts: list[str] = []
            for k in range(self.max_words):
                j = i + k
                if j >= len(words):
                    break
                if k and not _JOINABLE_GAP.match(text[words[j - 1].end():words[j].start()]):
                    break
                parts.append(words[j].group(0))
                ws, we = first.start(), words[j].end()
                # a window may hold a correct occurrence whole (an alias inside a longer form:
                # "Acme coffee" for "Acme Coffee"), but is then judged only against longer forms
                inside = 0
                cut = False
                for s, e, n in exact:
                    if ws <= s and e <= we:
                        inside = max(inside, n)
                    elif s < we and ws < e:
                        cut = True
                if cut:
                    break
                mention = self._judge(text, ws, we, parts, css_case, inside)
                if mention is not None:
                    found.append(mention)
        return _non_overlapping(found)

    def _judge(self, text: str, start: int, end: int, parts: list[str], css_case: bool, inside: int
               ) -> BrandMention | None:
        cand = text[start:end]
        n = "".join(parts).lower()
        if inside and len(n) <= inside:
            return None
        form = self._norm_forms.get(n)
        if form is not None:
            spaced = re.sub(r"[ \u00a0]+", " ", cand)
            if spaced == form:
                return None
            kind = "casing" if spaced.lower() == form.lower() else "spacing"
            if kind == "casing":
                if css_case or (cand.isupper() and _caps_context(text, start, end)):
                    return None  # CSS sets the case, or the sentence is in capitals (the all-caps check's)
                if len(parts) == 1 and cand.islower() and self._is_word(cand):
                    return None  # the ordinary word, not the brand ("acme", "slack")
            return BrandMention(start, end, cand, form, kind)
        if len(n) < 4:
            return None
        has_dict = bool(self.dictionary)
        best: tuple[int, str] | None = None
        for fn, form in self._norm_forms.items():
            if fn[0] != n[0] or len(fn) <= inside:
                continue
            limit = typo_limit(len(fn), has_dict)
            if limit == 0 or abs(len(fn) - len(n)) > limit:
                continue
            if len(fn) == 4 and not _is_swap(n, fn):
                continue  # four letters: only a swap of two neighbours is taken for a typo
            d = osa_distance(n, fn, limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, form)
        if best is None:
            return None
        if has_dict and all(self._is_word(p) for p in parts):
            return None  # real words that merely look like the brand
        return BrandMention(start, end, cand, best[1], "typo", best[0])


def _is_swap(a: str, b: str) -> bool:
    """Whether `a` is `b` with two neighbouring letters swapped ("nvoa" for "nova")."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _qgrams(norm: str, edits: int) -> set[str]:
    """The q-grams of a normalized form, q as large as possible (at most 4) while more q-grams
    remain than `edits` edits can break ((q+1) each): at least one survives in any typo."""
    for q in (4, 3, 2, 1):
        if q <= len(norm) and len(norm) - q + 1 > (q + 1) * edits:
            return {norm[i:i + q] for i in range(len(norm) - q + 1)}
    return {c for c in norm}


def _bounded(pattern: str) -> str:
    return rf"(?<![^\W_]){pattern}(?![^\W_])"


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _caps_context(text: str, start: int, end: int) -> bool:
    """Whether the sentence around [start, end) is written in capitals (all its other cased letters,
    if it has any)."""
    s = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end)
    e = m.start() if m else len(text)
    rest = text[s:start] + text[end:e]
    letters = [c for c in rest if c.isalpha() and c.lower() != c.upper()]
    # the name alone in capitals is a label set like a wordmark ("LEDGERLY" as a heading)
    return all(c.isupper() for c in letters)


def _non_overlapping(found: list[BrandMention]) -> list[BrandMention]:
    found.sort(key=lambda m: (PRIORITY[m.kind], m.distance, -(m.end - m.start), m.start))
    kept: list[BrandMention] = []
    for m in found:
        if not any(k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
