"""`extends: sequence` — a run of words described by patterns and part-of-speech tags.

Tagging uses spaCy's Penn Treebank tags (what Vale's tagger emits); a rule's `tag` is a regex
searched in the tag, as Vale does, so `NN` also matches `NNS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import nlp
from ..alert import Hit
from ..regex import compile_vale
from .base import LintState, RuleData, ValeRule, fill_template, format_message, make_regexp


@dataclass
class NLPToken:
    pattern: str = ""
    tag: str = ""
    skip: int = 0
    negate: bool = False
    optional: bool = False
    start: bool = False
    end: bool = False
    regex: Any = None
    tag_regex: Any = None


@dataclass
class Word:
    text: str
    tag: str
    start: int
    end: int


def _matches(token: NLPToken, word: Word) -> bool:
    failed_tag = (token.tag_regex.search(word.tag) is not None) == token.negate
    failed_tok = token.regex is not None and (token.regex.search(word.text) is not None) == token.negate
    if (not token.pattern and failed_tag) or (not token.tag and failed_tok):
        return False
    return not (token.tag and token.pattern and (failed_tag or failed_tok))


class Sequence(ValeRule):
    kind = "sequence"
    fields = frozenset({"tokens", "ignorecase"})

    def __init__(self, data: RuleData, name: str) -> None:
        super().__init__(data, name)
        self.ignorecase = data.boolean("ignorecase")
        raw = data.get("tokens")
        if not isinstance(raw, list) or not raw:
            raise data.error("'tokens' must be a list of {pattern, tag, skip, negate} maps", "tokens")
        self.tokens: list[NLPToken] = []
        for item in raw:
            if not isinstance(item, dict):
                raise data.error("each sequence token must be a map", "tokens")
            unknown = set(map(str.lower, map(str, item))) - {"pattern", "tag", "skip", "negate"}
            if unknown:
                raise data.error(f"unknown sequence token field(s): {sorted(unknown)}", "tokens")
            low = {str(k).lower(): v for k, v in item.items()}
            base = NLPToken(pattern=str(low.get("pattern") or ""), tag=str(low.get("tag") or ""),
                            skip=int(low.get("skip") or 0), negate=bool(low.get("negate") or False))
            for i in range(base.skip, 0, -1):
                self.tokens.append(NLPToken(base.pattern, base.tag, base.skip, base.negate,
                                            optional=True, start=(i == base.skip)))
            if base.pattern or base.tag:
                self.tokens.append(NLPToken(base.pattern, base.tag, base.skip, base.negate,
                                            optional=False, end=True))
        for tok in self.tokens:
            if tok.pattern:
                regex = fill_template(make_regexp(True, self.ignorecase, "", False), tok.pattern)
                tok.regex = data.compile(regex, "tokens")
            tok.tag_regex = data.compile(tok.tag, "tokens")
        self.scope = ["sentence"]

    def needs(self) -> set[str]:
        return {"sentence"}

    def _sequence(self, idx: int, target: NLPToken, words: list[Word], history: list[int]
                  ) -> tuple[list[Word], int]:
        toks = self.tokens
        size_t, size_w = len(toks), len(words)
        index = 0
        for jdx, w in enumerate(words):
            if not (_matches(target, w) and jdx not in history):
                continue
            index = jdx
            found: list[Word] = []
            if idx > 0:
                i = 1
                while idx - i >= 0:
                    if jdx - i < 0:
                        return [], index
                    tok = toks[idx - i]
                    word = words[jdx - i]
                    found.insert(0, word)
                    optional = tok.optional
                    if tok.skip > 0:
                        optional = (tok.optional or tok.end) and not tok.start
                    mat = _matches(tok, word)
                    if not mat and not optional:
                        return [], index
                    if mat and optional:
                        break
                    i += 1
            i = 0
            while idx + i < size_t:
                if jdx + i >= size_w:
                    return [], index
                tok = toks[idx + i]
                word = words[jdx + i]
                found.append(word)
                mat = _matches(tok, word)
                if not mat and not tok.optional:
                    return [], index
                if mat and tok.optional:
                    break
                i += 1
            return found, index
        return [], index

    def run(self, text: str, state: LintState) -> list[Hit]:
        hits: list[Hit] = []
        words = [Word(*t) for t in nlp.tag(text)]
        history: list[int] = []
        for idx, tok in enumerate(self.tokens):
            if tok.negate or not tok.pattern:
                continue
            for _ in tok.regex.finditer(text):
                found, index = self._sequence(idx, tok, words, history)
                history.append(index)
                if found:
                    start, end = found[0].start, found[-1].end
                    steps = [w.text for w in found]
                    hits.append(Hit(start, end, text[start:end],
                                    format_message(self.message, *steps), self.action))
            break
        return hits


def compile_tag(tag: str) -> Any:
    return compile_vale(tag)
