"""Tone-of-voice rule kinds: the kit's `voice:` section (and its brand name) checked in the copy.

Each kind reads the "tone" measurement (analyze/tone.py): text blocks with their spaCy docs, masks
of what is not copy, and skip reasons. Word-level findings (brand name, terminology, banned words)
point at the innermost element that holds the word; sentence- and block-level findings (capitals,
passive voice, readability, exclamation marks) at the text block's element; every finding carries
the text and its [start, end) span within the block, and a suggestion.

Which blocks a rule reads is its `scope.roles` (text-block roles: heading, body, button, link, nav,
footer, legal, alt, title, preheader, plain_text). What it leaves out of them is its `exclude`
(code and/or quotes); template placeholders and URLs are never copy and are always left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ...analyze.brandname import BrandMatcher
from ...analyze.context import Context
from ...analyze.readability import grade_of, text_words
from ...analyze.terms import TermIndex, TermMatch, case_like, compile_patterns, suggest_like
from ...analyze.text import span_location
from ...analyze.tone import (
    ALWAYS_MASKED,
    READER_WORDS,
    Sentence,
    ToneBlock,
    ToneReport,
    exclamations,
    is_all_caps_sentence,
    may_be_passive,
    may_have_caps_sentence,
    may_refer_to_reader,
    passive_span,
    reader_references,
)
from ...kit import Kit
from ...model import Location
from ..loader import Rule
from ..registry import Inapplicable, Outcome, Param, Pass, RuleKind, Violation, register

EXCLUDE_CHOICES = ("code", "quotes")
_MASK_KIND = {"code": "code", "quotes": "quote"}
_SENTENCE_PIECES = re.compile(r"[^.!?…]+[.!?…]*")
MAX_TEXT = 1000  # longest text a block-level finding quotes


def _exclude_param(default: list[str]) -> Param:
    return Param((list,), default, "what to leave out of the copy checked: code (<code>, <pre>, <kbd>) and/or "
                                   "quotes (<q>, <blockquote>, text in quotation marks)", EXCLUDE_CHOICES)


def _masked_kinds(rule: Rule) -> tuple[str, ...]:
    return ALWAYS_MASKED + tuple(_MASK_KIND[k] for k in rule.params.get("exclude") or [])


def _in_scope(rule: Rule, tb: ToneBlock) -> bool:
    return not rule.scope.roles or tb.role in rule.scope.roles


def _blocks(rule: Rule, report: ToneReport, grammar: bool = False) -> Iterator[ToneBlock]:
    """Checked blocks in the rule's role scope (and, for grammar checks, in the pipeline's language)."""
    for tb in report.blocks:
        if tb.skip is None and _in_scope(rule, tb) and not (grammar and tb.foreign):
            yield tb


def _nothing(rule: Rule, report: ToneReport, grammar: bool = False) -> Inapplicable:
    in_scope = [tb for tb in report.blocks if _in_scope(rule, tb)]
    if not in_scope:
        roles = f" in roles {', '.join(rule.scope.roles)}" if rule.scope.roles else ""
        return Inapplicable(f"no text{roles} on this touchpoint")
    reasons = sorted({tb.skip for tb in in_scope if tb.skip} | (
        {f"written in '{tb.foreign}', not '{report.lang}'" for tb in in_scope if tb.foreign} if grammar else set()))
    return Inapplicable("no text to check: " + "; ".join(reasons) if reasons else "no text to check")


def _word_location(report: ToneReport, tb: ToneBlock, start: int, end: int) -> tuple[Location, int | None]:
    return span_location(tb.block, start, end, report.dom)


def _block_location(report: ToneReport, tb: ToneBlock, start: int, end: int) -> tuple[Location, int | None]:
    """A location at the block's own element (not the innermost one), with the span's text."""
    loc, _ = span_location(tb.block, start, end, report.dom)
    b = tb.block
    loc.selector = b.selector or loc.selector
    if b.box is not None:
        loc.bbox = b.box.as_list()
    text = tb.text[start:end]
    loc.text = text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"
    return loc, b.element


def _violation(report: ToneReport, tb: ToneBlock, start: int, end: int, fields: dict, *, observed: object,
               expected: object, key: str, suggestion: str | None, block_level: bool = False,
               evidence: dict | None = None) -> Violation:
    loc, eid = (_block_location if block_level else _word_location)(report, tb, start, end)
    if eid is None:
        eid = tb.element
    return Violation(fields, loc, observed=observed, expected=expected, element=eid, key=key, suggestion=suggestion,
                     evidence=evidence or {}, role=tb.role)


_MATCHERS: dict[tuple, BrandMatcher] = {}


def _brand_matcher(kit: Kit, dictionary: frozenset[str]) -> BrandMatcher:
    """One BrandMatcher per kit names and dictionary for the process (kits do not change mid-scan)."""
    key = (kit.brand, kit.aliases, kit.misspellings, id(dictionary))
    m = _MATCHERS.get(key)
    if m is None or m.dictionary is not dictionary:
        if len(_MATCHERS) > 16:
            _MATCHERS.clear()
        m = _MATCHERS[key] = BrandMatcher(kit.brand, kit.aliases, kit.misspellings, dictionary)
    return m


_INDEXES: dict[tuple[int, int], tuple[object, object, TermIndex]] = {}


def _index(patterns: list, pipeline: object) -> TermIndex:
    """A TermIndex per compiled pattern list and pipeline, built once per process (its prefilter
    regex is the costly part), not once per touchpoint."""
    key = (id(patterns), id(pipeline))
    hit = _INDEXES.get(key)
    if hit is None or hit[0] is not patterns or hit[1] is not pipeline:
        if len(_INDEXES) > 64:
            _INDEXES.clear()
        hit = (patterns, pipeline, TermIndex(patterns, pipeline))  # type: ignore[arg-type]
        _INDEXES[key] = hit
    return hit[2]


def _sentence_offset(s: Sentence) -> int:
    """Block offset of the sentence's doc (doc character offsets + this = block offsets)."""
    return s.start - s.span.start_char


def _sentences(rule: Rule, tb: ToneBlock) -> Iterator[Sentence]:
    kinds = _masked_kinds(rule)
    for s in tb.sentences:
        # a sentence mostly inside excluded text (a quotation, a code sample) is not the brand's copy
        inside = sum(min(e, s.end) - max(b, s.start) for b, e in tb.spans(kinds) if b < s.end and s.start < e)
        if inside * 2 >= s.end - s.start:
            continue
        yield s


class ToneRule(RuleKind):
    """Shared by the tone kinds: they judge the `tone` measurement."""

    category = "tone"
    requires = ("tone",)


# --------------------------------------------------------------------------- kit words


@register
class BrandName(ToneRule):
    name = "tone.brand_name"
    description = "The brand name (or an alias) written with the wrong casing, spacing or spelling."
    params = {"exclude": _exclude_param(["code"])}
    fields = ("found", "brand", "reason")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        report: ToneReport = ctx.get("tone")
        matcher = _brand_matcher(ctx.kit, report.pipeline.dictionary)
        kinds = _masked_kinds(rule)
        any_block = False
        for tb in _blocks(rule, report):
            any_block = True
            for m in matcher.find(tb.text, tb.spans(kinds), tb.block.text_transform):
                yield _violation(report, tb, m.start, m.end, {"found": m.text, "brand": m.expected, "reason": m.reason},
                                 observed=m.text, expected=m.expected, key=m.text, suggestion=f"write '{m.expected}'",
                                 evidence={"kind": m.kind, "edit_distance": m.distance})
        yield Pass() if any_block else _nothing(rule, report)


@register
class Terminology(ToneRule):
    name = "tone.terminology"
    description = "A form the kit's terminology lists under `not` is used instead of the preferred term."
    params = {"exclude": _exclude_param(["code"])}
    fields = ("found", "use", "form")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        terms = ctx.kit.voice.terminology
        if not terms:
            yield Inapplicable("the kit lists no terminology (voice.terminology)")
            return
        report: ToneReport = ctx.get("tone")
        report.ensure_docs()
        pipe = report.pipeline
        wrong = _index(compile_patterns([(f, t.use) for t in terms for f in t.not_], pipe), pipe)
        right = _index(compile_patterns([(t.use, None) for t in terms], pipe), pipe)
        kinds = _masked_kinds(rule)
        any_block = False
        for tb in _blocks(rule, report):
            any_block = True
            if not wrong.might_match(tb.word_set):
                continue
            toks = tb.match_tokens
            matches = wrong.find(tb.text, toks)
            if not matches:
                continue
            preferred = [(m.start, m.end) for m in right.find(tb.text, toks)]
            for m in matches:
                if tb.is_masked(m.start, m.end, kinds) or any(s < m.end and m.start < e for s, e in preferred):
                    continue
                use = m.pattern.use or ""
                suggestion = suggest_like(use, m, report.lang)
                yield _violation(report, tb, m.start, m.end, {"found": m.text, "use": suggestion, "form": m.pattern.form},
                                 observed=m.text, expected=use, key=f"{m.pattern.form}|{m.text.lower()}",
                                 suggestion=f"write '{suggestion}'",
                                 evidence={"form": m.pattern.form, "inflected": not m.exact})
        yield Pass() if any_block else _nothing(rule, report)


@register
class Banned(ToneRule):
    name = "tone.banned"
    description = "A word or phrase the kit bans (voice.banned) appears, in any inflection."
    params = {
        "exclude": _exclude_param(["code"]),
        "alternatives": Param((dict,), {}, "neutral replacements to suggest, by banned word (lower case)"),
    }
    fields = ("found", "word")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        banned = ctx.kit.voice.banned
        if not banned:
            yield Inapplicable("the kit bans no words (voice.banned)")
            return
        report: ToneReport = ctx.get("tone")
        report.ensure_docs()
        index = _index(compile_patterns([(w, None) for w in banned], report.pipeline), report.pipeline)
        alternatives = {str(k).lower(): str(v) for k, v in (rule.params.get("alternatives") or {}).items()}
        kinds = _masked_kinds(rule)
        any_block = False
        for tb in _blocks(rule, report):
            any_block = True
            if not index.might_match(tb.word_set):
                continue
            for m in index.find(tb.text, tb.match_tokens):
                if tb.is_masked(m.start, m.end, kinds):
                    continue
                yield _violation(report, tb, m.start, m.end, {"found": m.text, "word": m.pattern.form},
                                 observed=m.text, expected=f"no '{m.pattern.form}'", key=f"{m.pattern.form}|{m.text.lower()}",
                                 suggestion=self._suggest(m, alternatives))
        yield Pass() if any_block else _nothing(rule, report)

    @staticmethod
    def _suggest(m: TermMatch, alternatives: dict[str, str]) -> str:
        alt = alternatives.get(m.pattern.form.lower())
        if not alt:
            return f"remove '{m.text}' or rephrase"
        return f"write '{case_like(alt, m.text)}' instead, or remove '{m.text}'"


def _norm_phrase(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(s.split()).casefold()


@register
class Required(ToneRule):
    name = "tone.required"
    description = "A phrase the kit requires for this kind of touchpoint (voice.required) is missing."
    params = {}
    fields = ("phrase", "kind")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        req = ctx.kit.voice.required
        kind = ctx.touchpoint.kind
        phrases = list(dict.fromkeys([*req.get(kind, ()), *req.get("all", ())]))
        if not phrases:
            yield Inapplicable(f"the kit requires no phrase on {kind} touchpoints")
            return
        report: ToneReport = ctx.get("tone")
        visible = _norm_phrase(report.visible_text)
        hidden: str | None = None
        anchor = self._anchor(report)
        for phrase in phrases:
            wanted = _norm_phrase(phrase)
            if wanted in visible:
                continue
            if hidden is None:
                hidden = _norm_phrase(report.hidden_text)
            if wanted in hidden:
                continue
            loc = Location(text=phrase)
            if anchor is not None:
                loc.selector = anchor.block.selector
                if anchor.block.box is not None:
                    loc.bbox = anchor.block.box.as_list()
            yield Violation({"phrase": phrase, "kind": kind}, loc, observed=None, expected=phrase,
                            key=f"required|{phrase}",
                            suggestion=f"add '{phrase}'" + (" to the footer" if anchor and anchor.role in (
                                "footer", "legal") else ""),
                            evidence={"searched": "all text of the touchpoint, hidden parts and the plain-text "
                                                  "part included"})
        yield Pass()

    @staticmethod
    def _anchor(report: ToneReport) -> ToneBlock | None:
        """Where a missing phrase belongs: the last footer or legal block, else the last page block."""
        page = [tb for tb in report.blocks if tb.block.source in ("page", "copy")]
        for tb in reversed(page):
            if tb.role in ("footer", "legal"):
                return tb
        return page[-1] if page else None


# --------------------------------------------------------------------------- style


@register
class Exclamations(ToneRule):
    name = "tone.exclamations"
    description = "More exclamation marks per 100 words in a text block than the kit allows."
    params = {
        "min_words": Param((int,), 20, "a block with fewer words counts as this many (contract 1: 20)"),
        "exclude": _exclude_param(["code", "quotes"]),
    }
    fields = ("count", "words", "rate", "limit", "min_words")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        limit = ctx.kit.voice.style.max_exclamations_per_100_words
        if limit is None:
            yield Inapplicable("the kit sets no voice.style.max_exclamations_per_100_words")
            return
        report: ToneReport = ctx.get("tone")
        kinds = _masked_kinds(rule)
        floor = max(1, int(rule.params["min_words"]))
        any_block = False
        for tb in _blocks(rule, report):
            any_block = True
            marks = exclamations(tb.text, tb.spans(kinds))
            if not marks:
                continue
            words = tb.words_outside(kinds)
            rate = len(marks) / max(words, floor) * 100
            if rate <= limit + 1e-9:
                continue
            start = _sentence_start(tb.text, marks[0])
            end = marks[-1] + 1
            yield _violation(report, tb, start, end,
                             {"count": len(marks), "words": words, "rate": round(rate, 1), "limit": limit,
                              "min_words": floor},
                             observed={"exclamation_marks": len(marks), "words": words, "per_100_words": round(rate, 1)},
                             # the count is part of the problem: a burst added to a block that already had
                             # too many is a new finding, not the old one
                             expected={"max_per_100_words": limit}, key=f"exclamations|{len(marks)}",
                             suggestion=_exclamation_advice(_allowed(limit, max(words, floor))),
                             block_level=True)
        yield Pass() if any_block else _nothing(rule, report)


def _allowed(limit: float, words: int) -> int:
    return int(limit * words / 100 + 1e-9)


def _exclamation_advice(allowed: int) -> str:
    if allowed <= 0:
        return "end the sentence(s) with a full stop instead of an exclamation mark"
    return f"keep at most {allowed} exclamation mark(s) in this block; end the other sentences with a full stop"


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding `pos` (after the previous sentence end), for span quotes."""
    start = 0
    for m in re.finditer(r"[.!?…]+[\"'”’)]*\s+", text[:pos]):
        if m.end() <= pos:
            start = m.end()
    return start


@register
class AllCaps(ToneRule):
    name = "tone.all_caps"
    description = "An ALL-CAPS sentence in the copy (CSS text-transform is a typographic style and not counted)."
    params = {
        "min_words": Param((int,), 4, "fewer words in capitals are an acronym or a label, not a sentence"),
        "exclude": _exclude_param(["code", "quotes"]),
    }
    fields = ("sentence", "words")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        if ctx.kit.voice.style.all_caps_sentences is not False:
            yield Inapplicable("the kit does not forbid ALL-CAPS sentences (voice.style.all_caps_sentences)")
            return
        report: ToneReport = ctx.get("tone")
        report.ensure_docs()
        dictionary = report.pipeline.dictionary
        min_words = max(1, int(rule.params["min_words"]))
        any_block = False
        for tb in _blocks(rule, report):
            any_block = True
            if (tb.block.text_transform or "").lower() in ("uppercase", "lowercase"):
                continue  # the case the customer sees is set by CSS, not by the copy
            if not may_have_caps_sentence(tb.text, min_words):
                continue
            pieces = [p for s in _sentences(rule, tb) for p in self._pieces(tb.text, s)]
            for start, end in self._joined(tb.text, pieces):
                text = tb.text[start:end]
                if is_all_caps_sentence(text, dictionary, min_words):
                    n = len(text_words(text))
                    yield _violation(report, tb, start, end, {"sentence": text.strip(), "words": n},
                                     observed=text.strip(), expected="sentence case",
                                     key=f"caps|{text.strip()}", suggestion=f"write '{_sentence_case(text.strip())}'",
                                     block_level=True)
        yield Pass() if any_block else _nothing(rule, report)

    @staticmethod
    def _joined(text: str, pieces: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
        """Pieces with the capitals-only pieces that follow them without a sentence mark put back
        together: the segmenter reads capitals as sentence starts ("CLASSES START MONDAY | AT NINE
        SHARP."), which would leave every part of a shouted sentence below `min_words`."""
        run: tuple[int, int] | None = None
        for start, end in pieces:
            piece = text[start:end]
            caps = not any(c.islower() for c in piece)
            if run is not None and caps and not text[run[0]:run[1]].rstrip().endswith(tuple(".!?…")):
                run = (run[0], end)
                continue
            if run is not None:
                yield run
            run = (start, end) if caps else None
            if not caps:
                yield start, end
        if run is not None:
            yield run

    @staticmethod
    def _pieces(text: str, s: Sentence) -> Iterator[tuple[int, int]]:
        """The sentence, or its pieces between sentence marks when the segmenter joined several."""
        seg = text[s.start:s.end]
        pieces = [m for m in _SENTENCE_PIECES.finditer(seg) if m.group(0).strip()]
        if len(pieces) <= 1:
            lead = len(seg) - len(seg.lstrip())
            yield s.start + lead, s.start + len(seg.rstrip())
            return
        for m in pieces:
            lead = len(m.group(0)) - len(m.group(0).lstrip())
            yield s.start + m.start() + lead, s.start + m.start() + len(m.group(0).rstrip())


def _sentence_case(text: str) -> str:
    low = text.lower()
    return low[:1].upper() + low[1:]


@register
class SentenceLength(ToneRule):
    name = "tone.sentence_length"
    description = "A sentence of body copy longer than the kit's voice.style.max_sentence_words."
    params = {"exclude": _exclude_param(["code", "quotes"])}
    fields = ("words", "max_words")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        limit = ctx.kit.voice.style.max_sentence_words
        if limit is None:
            yield Inapplicable("the kit sets no voice.style.max_sentence_words")
            return
        report: ToneReport = ctx.get("tone")
        report.ensure_docs()
        tagged = report.pipeline.tags
        any_block = False
        for tb in _blocks(rule, report, grammar=True):
            any_block = True
            if len(tb.word_spans) <= limit:
                continue  # no sentence of the block can be longer than the block
            for s in _sentences(rule, tb):
                # words as written, between spaces: a Vietnamese syllable counts as a word, as word
                # processors count it, the same as for the exclamation and capitals checks
                n = len(text_words(s.text))
                if n <= limit:
                    continue
                if tagged and not any(t.pos_ in ("VERB", "AUX") for t in s.span):
                    continue  # a list or a table row run together, not a sentence
                yield _violation(report, tb, s.start, s.end, {"words": n, "max_words": limit},
                                 observed={"words": n, "sentence": s.text}, expected={"max_words": limit},
                                 key=f"length|{s.text[:80]}", suggestion="split the sentence in two",
                                 block_level=True)
        yield Pass() if any_block else _nothing(rule, report, grammar=True)


@register
class Readability(ToneRule):
    name = "tone.readability"
    description = "Body copy whose Flesch-Kincaid grade is above the kit's voice.readability.max_grade."
    params = {
        "min_words": Param((int,), 30, "blocks with fewer words are too short for a meaningful grade"),
        "exclude": _exclude_param(["code", "quotes"]),
    }
    fields = ("grade", "max_grade", "words", "sentences")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        max_grade = ctx.kit.voice.max_grade
        if max_grade is None:
            yield Inapplicable("the kit sets no voice.readability.max_grade")
            return
        report: ToneReport = ctx.get("tone")
        if report.lang != "en":
            yield Inapplicable(f"the Flesch-Kincaid grade is defined for English only; this copy is checked as "
                               f"'{report.lang}'")
            return
        report.ensure_docs()
        min_words = max(1, int(rule.params["min_words"]))
        any_block = False
        for tb in _blocks(rule, report, grammar=True):
            any_block = True
            if len(tb.word_spans) < min_words:
                continue
            sents = list(_sentences(rule, tb))
            grade, words, n_sents, syll = grade_of(s.text for s in sents)
            if words < min_words or grade <= max_grade:
                continue
            yield _violation(report, tb, sents[0].start, sents[-1].end,
                             {"grade": round(grade, 1), "max_grade": max_grade, "words": words, "sentences": n_sents},
                             observed={"grade": round(grade, 1), "words": words, "sentences": n_sents,
                                       "syllables": syll},
                             expected={"max_grade": max_grade}, key=f"readability|{tb.block.selector or tb.index}",
                             suggestion="use shorter sentences and shorter words", block_level=True)
        yield Pass() if any_block else _nothing(rule, report, grammar=True)


@register
class PassiveVoice(ToneRule):
    name = "tone.passive_voice"
    description = "A passive sentence in body copy when the kit says voice.style.passive_voice: false."
    params = {"exclude": _exclude_param(["code", "quotes"])}
    fields = ("verb", "sentence")

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        if ctx.kit.voice.style.passive_voice is not False:
            yield Inapplicable("the kit does not forbid the passive voice (voice.style.passive_voice)")
            return
        report: ToneReport = ctx.get("tone")
        pipe = report.pipeline
        if not (pipe.parser or (report.lang == "vi" and pipe.tags)):
            yield Inapplicable(f"passive voice needs a parser ('{report.lang}' is processed by {pipe.name}, "
                               f"which has none)")
            return
        report.ensure_docs()
        any_block = False
        for tb in _blocks(rule, report, grammar=True):
            any_block = True
            if not any(may_be_passive(doc, report.lang) for _, doc in tb.docs):
                continue
            for s in _sentences(rule, tb):
                ps = passive_span(s.span, report.lang)
                if ps is None:
                    continue
                off = _sentence_offset(s)
                verb = tb.text[off + ps[0]:off + ps[1]]
                yield _violation(report, tb, s.start, s.end, {"verb": verb, "sentence": s.text},
                                 observed={"sentence": s.text, "passive": verb}, expected="active voice",
                                 key=f"passive|{s.text[:80]}",
                                 suggestion="say who does it: make the doer the subject", block_level=True,
                                 evidence={"passive_span": [off + ps[0], off + ps[1]]})
        yield Pass() if any_block else _nothing(rule, report, grammar=True)


#: roles whose copy speaks for the reader ("Create my account"): there, and only there, "my" and
#: "I" are the reader; in body copy they are the writer (a freelancer's "I design posters")
UI_ROLES = frozenset({"button", "link", "nav"})


def _in_ui(report: ToneReport, tb: ToneBlock, offset: int) -> bool:
    """Whether the text at `offset` of a block is in a button, link or navigation (the innermost
    element's role: a button inside a paragraph counts)."""
    if tb.role in UI_ROLES:
        return True
    eid = tb.block.element_at(offset)
    if report.dom is None or eid is None or eid >= len(report.dom.elements):
        return False
    return report.dom.roles[eid] in UI_ROLES


@register
class Person(ToneRule):
    name = "tone.person"
    description = ("Copy that refers to the reader in another grammatical person than the kit's voice.style.person: "
                   "'you' (second), generic nouns such as 'users' or 'the customer' (third), and in buttons and "
                   "links 'my'/'I' (first: the control speaks for the reader).")
    params = {"exclude": _exclude_param(["code", "quotes"])}
    fields = ("found", "person", "expected")

    ADVICE = {"first": "speak for the reader in the first person ('my account')",
              "second": "address the reader as 'you'",
              "third": "refer to the reader in the third person ('the customer')"}

    def evaluate(self, rule: Rule, ctx: Context) -> Iterable[Outcome]:
        person = ctx.kit.voice.style.person
        if person is None:
            yield Inapplicable("the kit sets no voice.style.person")
            return
        report: ToneReport = ctx.get("tone")
        if report.lang not in READER_WORDS:
            yield Inapplicable(f"no list of reader pronouns for '{report.lang}'")
            return
        report.ensure_docs()
        any_block = False
        for tb in _blocks(rule, report, grammar=True):
            any_block = True
            if not may_refer_to_reader(tb.text, report.lang):
                continue
            for s in _sentences(rule, tb):
                off = _sentence_offset(s)
                refs = [r for r in reader_references(s.span, report.lang)
                        if r[0] != person and (r[0] != "first" or _in_ui(report, tb, off + r[1]))]
                if not refs:
                    continue
                found_person, a, b, word = refs[0]
                yield _violation(report, tb, off + a, off + b,
                                 {"found": word, "person": found_person, "expected": person},
                                 observed={"word": word, "person": found_person, "sentence": s.text},
                                 expected={"person": person}, key=f"person|{found_person}|{s.text[:80]}",
                                 suggestion=self.ADVICE[person])
        yield Pass() if any_block else _nothing(rule, report, grammar=True)
