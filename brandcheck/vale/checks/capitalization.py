"""`extends: capitalization` — a scope (usually a heading) must follow a case style.

`$sentence` and `$title` compare each word with what a sentence-case or title-case converter
would make of the text; a word counts as correct when it equals the converted word or is an
exception, and the text passes when the share of correct words reaches `threshold` (0.8).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex

from ..alert import Action, Hit
from ..regex import compile_vale
from .base import LintState, RuleData, ValeRule, exceptions_pattern, format_message

_WORD = r"[\p{N}\p{L}*]+[^\s]*"
_NUMBER_LIST = regex.compile(r"\d+\.")

# Words the title-case converters keep lower case inside a title (AP), plus the longer
# prepositions Chicago style also lowers.
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or", "per", "the", "to", "vs", "vs.", "via", "v", "v."]
)
_PREPOSITIONS = frozenset(
    ["with", "from", "into", "during", "including", "until", "against", "among", "throughout", "despite", "towards", "upon", "concerning", "about", "over", "through", "before", "between", "after", "since", "without", "under", "within", "along", "following", "across", "beyond", "around", "down", "near", "above"]
)
_TITLE_SPLIT = regex.compile(r"[\p{N}\p{L}]+[^\s\-/]*")
_ASCII = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                        "\u2013": "-", "\u2014": "-"})


def title_word(word: str) -> str:
    """Upper-case the first letter, lower-case the rest (the converters' notion of "Title")."""
    for i, c in enumerate(word):
        if c.isalpha():
            return word[:i] + c.upper() + word[i + 1 :].lower()
    return word.lower()


def go_title(word: str) -> str:
    """Go's `strings.Title`: upper-case the first letter of each letter run."""
    out = []
    prev_letter = False
    for c in word:
        is_letter = c.isalpha() or c.isdigit() or c == "_" or c == "'"
        out.append(c.upper() if is_letter and not prev_letter else c)
        prev_letter = is_letter
    return "".join(out)


class _Converter:
    """Sentence- or title-case conversion that keeps vocabulary terms as written."""

    def __init__(self, vocab: list[str], indicators: list[str], prefix: str) -> None:
        self.vocab = vocab
        self.indicators = indicators
        self.prefix = compile_vale(prefix) if prefix else None
        pattern = _WORD
        if vocab:
            pattern = r"\b(?:" + "|".join(vocab) + r")\b|" + _WORD
        try:
            self.token_re = compile_vale("(?i)" + pattern)
        except (regex.error, ValueError):
            self.token_re = compile_vale("(?i)" + _WORD)
        self.vocab_res = []
        for term in vocab:
            try:
                self.vocab_res.append((term, compile_vale(term)))
            except (regex.error, ValueError):
                self.vocab_res.append((term, None))

    def in_vocab(self, token: str) -> str:
        for term, pat in self.vocab_res:
            if term.lower() == token.lower():
                return term
            if pat is not None and pat.search(token):
                return token
        return ""

    def was_indicator(self, word: str, idx: int) -> bool:
        if any(len(word) > len(s) and word.endswith(s) for s in self.indicators):
            return True
        return idx == 0 and _NUMBER_LIST.search(word) is not None

    def split_prefix(self, s: str) -> tuple[str, str]:
        if self.prefix is not None:
            m = self.prefix.search(s)
            if m and s.startswith(m.group(0)):
                return m.group(0), s[len(m.group(0)) :]
        return "", s

    def sentence(self, s: str) -> str:
        prefix, s = self.split_prefix(s)
        tokens = self.token_re.findall(s)
        made = []
        for i, token in enumerate(tokens):
            entry = self.in_vocab(token)
            if entry:
                made.append(entry)
            elif i == 0 or self.was_indicator(tokens[i - 1], i - 1):
                made.append(title_word(token))
            else:
                made.append(token.lower())
        return prefix + " ".join(made)

    def title(self, s: str, chicago: bool) -> str:
        """Title case as Vale's converter writes it: small words stay lower case unless they
        open or close the title, follow a colon, or touch a hyphen."""
        prefix, s = self.split_prefix(s)
        t = s.translate(_ASCII).replace("\u2026", "...")
        end = len(t)
        tags: list[str] | None = None
        words = _TITLE_SPLIT.findall(s)
        out: list[str] = []
        idx = 0
        last = 0

        def at(i: int) -> str:
            return t[i] if 0 <= i < end else ""

        for widx, m in enumerate(_TITLE_SPLIT.finditer(s)):
            word = m.group(0)
            out.append(s[last : m.start()])
            last = m.end()
            found = t.find(word, idx)
            pos = found if found >= 0 else idx
            idx = pos + len(word)
            entry = self.in_vocab(word)
            if entry:
                out.append(entry)
                continue
            low = word.lower()
            bounding = pos == 0 or idx == end
            if low == "to" and not chicago and widx + 1 < len(words):
                if tags is None:
                    tags = _tags(words)
                ignore = widx + 1 < len(tags) and tags[widx + 1].startswith("NN")
            elif chicago:
                ignore = not bounding and (low in _SMALL_WORDS or low in _PREPOSITIONS)
            else:
                ignore = not bounding and low in _SMALL_WORDS
            if (ignore and at(pos - 1) in (" ", "-", "/") and at(pos - 2) not in (":", "-")
                    and (at(pos + len(word)) != "-" or at(pos - 1) == "-")):
                out.append(low)
            else:
                out.append(word[:1].upper() + word[1:])
        out.append(s[last:])
        return prefix + "".join(out)


def _tags(words: list[str]) -> list[str]:
    """Part-of-speech tags of a title's words (only needed to tell "to" before a noun)."""
    from .. import nlp

    return [tg for _w, tg, _s, _e in nlp.tag(" ".join(words) + ".")]


class Capitalization(ValeRule):
    kind = "capitalization"
    fields = frozenset({"match", "style", "exceptions", "indicators", "threshold", "vocab", "prefix"})
    uses_vocab = True

    def __init__(self, data: RuleData, name: str) -> None:
        super().__init__(data, name)
        if not data.has("match"):
            raise data.error("missing the required 'match' key")
        self.match = data.string("match")
        self.style = data.string("style", "AP")
        self.exceptions = data.strings("exceptions")
        self.indicators = data.strings("indicators")
        self.threshold = data.number("threshold") or 0.8
        self.vocab = data.boolean("vocab", True)
        self.prefix = data.string("prefix")
        if self.exceptions:
            data.compile(exceptions_pattern(self.exceptions, [], False), "exceptions")
        if self.prefix:
            data.compile(self.prefix, "prefix")
        self.custom: Any = None
        if self.match not in ("$title", "$sentence", "$lower", "$upper"):
            self.custom = data.compile(self.match, "match")
        self._except: Any = None
        self._converter: _Converter | None = None
        self._bind()

    def _bind(self) -> None:
        pat = exceptions_pattern(self.exceptions, self.vocab_terms, self.vocab)
        self._except = compile_vale(pat) if pat else None
        terms = self.exceptions + (self.vocab_terms if self.vocab else [])
        self._converter = _Converter(terms, self.indicators, self.prefix)

    def set_vocab(self, accepted: list[str]) -> None:
        super().set_vocab(accepted)
        self._bind()

    def _is_except(self, word: str) -> bool:
        return self._except is not None and self._except.search(word) is not None

    def _token_re(self) -> Any:
        if self._except is not None:
            return compile_vale(self._except.pattern + "|" + _WORD)
        return compile_vale(_WORD)

    def _compare(self, s: str, expected: str, sentence: bool) -> bool:
        token_re = self._token_re()
        want = token_re.findall(expected)
        count = 0.0
        words = 0.0
        for i, w in enumerate(token_re.findall(s)):
            if i >= len(want) or w == want[i] or self._is_except(w):
                count += 1
            elif sentence and i == 0 and w != go_title(w.lower()):
                return False
            elif not sentence and w == w.upper():
                count += 1
            words += 1
        return words == 0 or count / words >= self.threshold

    def check(self, s: str) -> tuple[str, bool]:
        assert self._converter is not None
        if self.match == "$sentence":
            expected = self._converter.sentence(s)
            return expected, self._compare(s, expected, True)
        if self.match == "$title":
            expected = self._converter.title(s, self.style == "Chicago")
            return expected, self._compare(s, expected, False)
        if self.match == "$lower":
            return s.lower(), s == s.lower() or self._is_except(s)
        if self.match == "$upper":
            return s.upper(), s == s.upper() or self._is_except(s)
        return self.match, bool(self.custom.search(s)) or self._is_except(s)

    def run(self, text: str, state: LintState) -> list[Hit]:
        expected, ok = self.check(text)
        if ok:
            return []
        action = self.action
        if action.name == "replace" and not action.params and self.match in ("$title", "$sentence"):
            action = Action(action.name, (expected,))
        message = format_message(self.message, text, expected)
        return [Hit(0, len(text), text, message, action)]


Check = Callable[[str], tuple[str, bool]]
