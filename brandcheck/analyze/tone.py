"""The tone measurement: every text block of a touchpoint, processed once by spaCy, with what the
tone rules need to judge it (tokens, sentences, masks of what is not copy) and why a block is not
checked when it is not.

Language: the kit's `voice.language`, else the page's `lang`, else English (said in the notes).
All blocks of a touchpoint go through `nlp.pipe` in one batched call, and only when a rule needs
tokens: the brand-name, exclamation and required-phrase checks work on the text alone.

What is not copy is masked rather than removed, so offsets stay those of the block and every
finding can point at its span: template placeholders (`{{name}}`, `*|FNAME|*`, `[Product Name]`),
URLs, e-mail addresses and domains are never checked; code (`<code>`, `<pre>`, `<kbd>`) and quotes
(`<q>`, `<blockquote>`, text in quotation marks) are masked for the rules whose `exclude` names
them. Hidden text never becomes a block in the first place (see analyze/text.py).

Bad input is skipped with a reason, never a crash: a block with no words (emoji, numbers), a
garbled block (mis-decoded bytes), a block in another language (grammar checks skipped there), a
huge block (checked in its first `MAX_BLOCK_CHARS` characters), text past the touchpoint's budget.
Each reason is one line in the touchpoint's notes.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..kit import Kit
from ..model import Capture
from .context import Context, measurement
from .dom import Dom
from .nlp import Pipeline, get_pipeline, guess_other_language, in_dictionary, normalize_language, words_of
from .readability import text_words
from .terms import MatchToken, match_tokens, word_set
from .text import TextBlock

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

log = logging.getLogger("brandcheck.tone")

MAX_BLOCK_CHARS = 100_000  # a block longer than this is checked in its first part only
MAX_TOUCHPOINT_CHARS = 400_000  # text of one touchpoint beyond this is not checked (a few seconds of spaCy)
CHUNK_CHARS = 10_000  # long blocks go to spaCy in pieces of at most this, cut at sentence ends
GARBLED_SHARE = 0.05  # mis-decoded sequences per character from which a block is not checked

CODE_TAGS = frozenset({"code", "pre", "kbd", "samp", "var", "tt"})
QUOTE_TAGS = frozenset({"q", "blockquote", "cite"})
#: mask kinds always excluded from word checks: they are not copy a writer wrote
ALWAYS_MASKED = ("placeholder", "url")

_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"  # Handlebars, Mustache, Liquid, Jinja
    r"|\*\|[^|\s]{1,60}\|\*"  # Mailchimp merge tags
    r"|%%[\w.\- ]{1,60}%%"  # Salesforce Marketing Cloud
    r"|\$\{[^}\n]{1,80}\}|<%.*?%>"  # template literals, ERB/ASP
    r"|\[[A-Z][\w'’ -]{0,40}\]"  # [Product Name] style blanks
    r"|\{[A-Za-z_][\w.]{0,40}\}"  # {name}
)
_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"']+|www\.[^\s<>\"']+|mailto:[^\s<>\"']+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])(?:/[^\s<>\"']*)?"  # domains
    r"|(?<![\w.])@[A-Za-z_][\w.]*[\w]|(?<![\w&#])#[A-Za-z_]\w*",  # handles, hashtags
    re.IGNORECASE)
_DOTTED = re.compile(r"[^\W_]\.[^\W\d_]")  # "ledgerly.example", not "Thanks. We"
_QUOTED = re.compile(r"“[^“”]{1,1000}”|\"[^\"\n]{1,1000}\"|„[^„“”]{1,1000}[“”]|«[^«»]{1,1000}»")
_MOJIBAKE = re.compile(r"[ÃÂ][\u0080-\u00bf]|â€|\ufffd")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_CUT = re.compile(r"[.!?…][\"'”’)]*\s+|\n")


@dataclass
class Sentence:
    """A sentence of a block: offsets within the block text, its text and the spaCy span."""

    start: int
    end: int
    span: Span
    text: str


@dataclass
class ToneBlock:
    """A text block as the tone checks see it."""

    index: int
    block: TextBlock
    text: str  # the block text, cut to MAX_BLOCK_CHARS
    masks: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind)
    skip: str | None = None  # why the block is not checked at all
    foreign: str | None = None  # the language it seems to be in, when not the pipeline's
    truncated: bool = False
    docs: list[tuple[int, Doc]] = field(default_factory=list)  # (offset in text, doc) per chunk

    @property
    def role(self) -> str:
        return self.block.role

    @property
    def element(self) -> int | None:
        return self.block.element

    @cached_property
    def word_spans(self) -> list[tuple[int, int]]:
        """Letter/digit words (regex, language-independent), for counts that need no tokenizer."""
        return [m.span() for m in re.finditer(r"[^\W_]+(?:['’][^\W_]+)*", self.text)]

    def spans(self, kinds: tuple[str, ...] | list[str] | set[str]) -> list[tuple[int, int]]:
        return [(s, e) for s, e, k in self.masks if k in kinds]

    def is_masked(self, start: int, end: int, kinds: tuple[str, ...] | list[str] | set[str]) -> bool:
        return any(s < end and start < e for s, e, k in self.masks if k in kinds)

    def words_outside(self, kinds: tuple[str, ...] | list[str] | set[str]) -> int:
        spans = self.spans(kinds)
        if not spans:
            return len(self.word_spans)
        return sum(1 for s, e in self.word_spans if not any(a < e and s < b for a, b in spans))

    @cached_property
    def word_set(self) -> frozenset[str]:
        """Lower-case words of the block, for the prefilters of the word checks."""
        return word_set(self.text)

    @cached_property
    def match_tokens(self) -> list[MatchToken]:
        return match_tokens(self.docs)

    @cached_property
    def sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        for offset, doc in self.docs:
            text = doc.text  # slicing it is much cheaper than Span.text, which builds every token
            for sent in doc.sents:
                a, b = sent.start_char, sent.end_char
                st = text[a:b]
                if st.strip():
                    out.append(Sentence(offset + a, offset + b, sent, st))
        return out


@dataclass
class ToneReport:
    """The "tone" measurement of one touchpoint."""

    lang: str
    lang_source: str  # kit | page | default
    pipeline: Pipeline
    blocks: list[ToneBlock]
    capture: Capture
    dom: Dom | None = None
    notes: list[str] = field(default_factory=list)
    _docs_done: bool = field(default=False, repr=False)

    @property
    def checked(self) -> list[ToneBlock]:
        return [b for b in self.blocks if b.skip is None]

    def ensure_docs(self) -> None:
        """Process every checked block with spaCy, in one batched `nlp.pipe` call per touchpoint."""
        if self._docs_done:
            return
        self._docs_done = True
        owners: list[tuple[ToneBlock, int]] = []
        texts: list[str] = []
        for tb in self.checked:
            for off, chunk in chunks(tb.text):
                owners.append((tb, off))
                texts.append(chunk)
        if not texts:
            return
        try:
            docs = self.pipeline.pipe(texts)
        except Exception as ex:  # noqa: BLE001 - one odd text must not cost the touchpoint its tone checks
            log.debug("nlp.pipe failed on a batch (%s); processing texts one by one", ex)
            docs = []
            for t in texts:
                try:
                    docs.append(self.pipeline.pipe([t])[0])
                except Exception as one:  # noqa: BLE001 - the same: never let one text stop the scan
                    docs.append(None)  # type: ignore[arg-type]
                    log.debug("nlp failed on a text: %s", one)
        failed = 0
        for (tb, off), doc in zip(owners, docs, strict=True):
            if doc is None:
                failed += 1
                tb.skip = tb.skip or "the language pipeline could not process this text"
                continue
            tb.docs.append((off, doc))
        if failed:
            self.notes.append(f"tone: {failed} text piece(s) could not be processed by {self.pipeline.name} "
                              f"and were not checked")
            self.capture.notes.append(self.notes[-1])

    @cached_property
    def visible_text(self) -> str:
        """The text of every block (untruncated): what a customer reads."""
        return "\n".join(tb.block.text for tb in self.blocks)

    @cached_property
    def hidden_text(self) -> str:
        """Text the touchpoint sends that is no block: hidden elements (a collapsed footer, a
        preheader set to display:none), the plain-text part, a copy file's raw text."""
        parts: list[str] = []
        cap = self.capture
        if cap.text is not None:
            parts.append(cap.text)
        if cap.email is not None:
            parts.extend(p for p in (cap.email.preheader, cap.email.plain_text) if p)
        if self.dom is not None:
            skip = {"script", "style", "template", "head", "title"}
            for e in self.dom.elements:
                if e.visible or e.tag in skip:
                    continue
                parts.extend(c for c in e.content if isinstance(c, str))
                if e.attrs.get("alt"):
                    parts.append(e.attrs["alt"])
        return "\n".join(parts)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Pieces of at most `size` characters, cut after a sentence end (else a space) where possible."""
    if len(text) <= size:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = -1
            for m in _SENTENCE_CUT.finditer(text, pos + size // 2, end):
                cut = m.end()
            if cut < 0:
                sp = text.rfind(" ", pos + size // 2, end)
                cut = sp + 1 if sp > 0 else end
            end = cut
        out.append((pos, text[pos:end]))
        pos = end
    return out


def choose_language(kit: Kit, capture: Capture) -> tuple[str, str, str | None]:
    """(language, where it came from, a note when something was off) for a touchpoint."""
    note = None
    declared = kit.voice.language
    lang = normalize_language(declared)
    if lang:
        return lang, "kit", None
    if declared:
        note = f"tone: the kit's voice.language '{declared}' is not a language code; using the page's language"
    lang = normalize_language(capture.meta.lang)
    if lang:
        return lang, "page", note
    return "en", "default", note or ("tone: neither the kit (voice.language) nor the page (lang) names a "
                                     "language; checked as English")


def block_masks(tb: ToneBlock, dom: Dom | None, tag_cache: dict[int, str | None]) -> list[tuple[int, int, str]]:
    """Spans of a block that are not plain copy: placeholders, URLs, code and quotes."""
    text = tb.text
    masks: list[tuple[int, int, str]] = []
    # each regex runs only on text holding a character it needs (most blocks hold none)
    if any(c in text for c in "{[%*$<"):
        masks.extend((m.start(), m.end(), "placeholder") for m in _PLACEHOLDER.finditer(text))
    if "@" in text or "#" in text or "://" in text or _DOTTED.search(text):
        masks.extend((m.start(), m.end(), "url") for m in _URL.finditer(text) if _LETTER.search(m.group(0)))
    if any(c in text for c in "\"“„«"):
        masks.extend((m.start(), m.end(), "quote") for m in _QUOTED.finditer(text))
    if dom is not None:
        for p in tb.block.pieces:
            if p.element is None or p.start >= len(text):
                continue
            kind = _special_kind(p.element, dom, tag_cache)
            if kind:
                masks.append((p.start, min(p.end, len(text)), kind))
    return masks


def _special_kind(eid: int, dom: Dom, cache: dict[int, str | None]) -> str | None:
    """'code' or 'quote' when the element or an ancestor is one, else None (memoised per element)."""
    if eid in cache:
        return cache[eid]
    e = dom.el(eid)
    kind: str | None
    if e.tag in CODE_TAGS:
        kind = "code"
    elif e.tag in QUOTE_TAGS:
        kind = "quote"
    elif e.parent is None or e.tag in ("body", "html"):
        kind = None
    else:
        kind = _special_kind(e.parent, dom, cache)
    cache[eid] = kind
    return kind


def _has_symbols(text: str) -> bool:
    """Emoji, pictographs or other symbols (Unicode category S*, not currency or math signs)."""
    return any(unicodedata.category(c) == "So" for c in text)


def _garbled(text: str) -> bool:
    bad = len(_MOJIBAKE.findall(text))
    return bad >= 2 and bad / max(1, len(text)) >= GARBLED_SHARE


@measurement("tone")
def tone(ctx: Context) -> ToneReport:
    cap = ctx.capture
    blocks: list[TextBlock] = ctx.get("text_blocks")
    lang, source, lang_note = choose_language(ctx.kit, cap)
    pipeline = get_pipeline(lang)
    dom: Dom | None = ctx.get("dom") if ctx.view is not None else None
    report = ToneReport(lang=lang, lang_source=source, pipeline=pipeline, blocks=[], capture=cap, dom=dom)
    budget = MAX_TOUCHPOINT_CHARS
    skipped: Counter[str] = Counter()
    foreign: Counter[str] = Counter()
    truncated: list[int] = []
    tag_cache: dict[int, str | None] = {}
    for i, b in enumerate(blocks):
        tb = ToneBlock(index=i, block=b, text=b.text)
        report.blocks.append(tb)
        if len(tb.text) > MAX_BLOCK_CHARS:
            cut = tb.text.rfind(" ", 0, MAX_BLOCK_CHARS)
            tb.text = tb.text[:cut if cut > MAX_BLOCK_CHARS // 2 else MAX_BLOCK_CHARS]
            tb.truncated = True
            truncated.append(len(b.text))
        if budget <= 0:
            tb.skip = f"past the first {MAX_TOUCHPOINT_CHARS:,} characters of the touchpoint"
            skipped["past the text budget"] += 1
            continue
        if len(tb.text) > budget:
            tb.text = tb.text[:budget]
            tb.truncated = True
        budget -= len(tb.text)
        if not _LETTER.search(tb.text):
            if _has_symbols(tb.text):
                tb.skip = "no words (only emoji or symbols)"
                skipped["emoji or symbols only, no words"] += 1
            else:  # numbers and punctuation ("+1 555 0100", "..."): not copy, not worth a note
                tb.skip = "no words (only numbers or punctuation)"
            continue
        if _garbled(tb.text):
            tb.skip = "garbled text (mis-decoded characters): fix the encoding to check it"
            skipped["garbled (mis-decoded characters)"] += 1
            continue
        tb.masks = block_masks(tb, dom, tag_cache)
        other = guess_other_language(words_of(tb.text), lang, dictionary=pipeline.dictionary)
        if other is not None:
            tb.foreign = other
            foreign[other] += 1
    notes = [n for n in (lang_note,) if n]
    if pipeline.note:
        notes.append(f"tone: {pipeline.note}")
    if skipped:
        notes.append("tone: " + f"{sum(skipped.values())} text block(s) not checked: "
                     + ", ".join(f"{n} {why}" for why, n in skipped.most_common()))
    if foreign:
        langs = ", ".join(f"{n} in {'an undetermined language' if code == 'und' else code}"
                          for code, n in foreign.most_common())
        notes.append(f"tone: {sum(foreign.values())} text block(s) do not read as '{lang}' ({langs}): readability, "
                     f"sentence length, passive voice and person are not checked there")
    for n in truncated:
        notes.append(f"tone: a text block of {n:,} characters was checked in its first {MAX_BLOCK_CHARS:,} "
                     f"characters only")
    report.notes = notes
    cap.notes.extend(notes)
    return report


# --------------------------------------------------------------------------- per-sentence style metrics

_EXCLAMATION = {"!": 1, "！": 1, "‼": 2, "⁉": 1, "⁈": 1, "¡": 0}


_EXCLAMATION_RE = re.compile("[" + "".join(c for c, n in _EXCLAMATION.items() if n) + "]")


def exclamations(text: str, excluded: list[tuple[int, int]]) -> list[int]:
    """Offsets of the exclamation marks of a text outside the excluded spans ("‼" counts twice)."""
    out: list[int] = []
    for m in _EXCLAMATION_RE.finditer(text):
        i = m.start()
        if not any(s <= i < e for s, e in excluded):
            out.extend([i] * _EXCLAMATION[m.group(0)])
    return out


def is_all_caps_sentence(text: str, dictionary: frozenset[str], min_words: int = 4) -> bool:
    """An ALL-CAPS sentence: at least `min_words` words (numbers count: "SAVE 50% TODAY ONLY"),
    every word with letters in capitals, at least two of them longer than a letter, and (when a
    dictionary is known) at least two real words, so that a row of acronyms or a code ("HTML CSS
    JS PHP", "ORDER REF ABX-77") is not taken for shouting."""
    if len(text_words(text)) < min_words:
        return False
    words = [w for w in words_of(text) if any(c.lower() != c.upper() for c in w)]
    if not words or any(w != w.upper() for w in words):
        return False
    if sum(len(w) > 1 for w in words) < 2:
        return False
    if dictionary:
        real = sum(1 for w in words if in_dictionary(w, dictionary))
        if real < 2:
            return False
    return True


def may_have_caps_sentence(text: str, min_words: int) -> bool:
    """Cheap test before sentence splitting: at least `min_words` words in capitals (or numbers)."""
    return sum(1 for w in text_words(text) if not any(c.islower() for c in w)) >= min_words


PASSIVE_DEPS = frozenset({"auxpass", "nsubjpass", "csubjpass"})
_GET = frozenset({"get", "gets", "got", "gotten", "getting"})


def may_be_passive(doc: Doc, lang: str) -> bool:
    """Cheap test on a whole doc before looking at its sentences: a passive label (English, one
    vectorised look at the dependency column) or a passive marker (Vietnamese)."""
    if lang == "vi":
        low = doc.text.lower()
        return any(m in low for m in VI_PASSIVE_MARKERS)
    from spacy.attrs import DEP

    return not _passive_ids(doc).isdisjoint(doc.to_array(DEP).tolist())


_PASSIVE_IDS: dict[int, frozenset[int]] = {}


def _passive_ids(doc: Doc) -> frozenset[int]:
    key = id(doc.vocab.strings)
    ids = _PASSIVE_IDS.get(key)
    if ids is None:
        ids = _PASSIVE_IDS[key] = frozenset(doc.vocab.strings.add(d) for d in PASSIVE_DEPS)
    return ids
VI_PASSIVE_MARKERS = frozenset({"bị", "được"})


def passive_span(sent: Span, lang: str) -> tuple[int, int] | None:
    """Character span (within the sentence's doc) of a passive verb group, or None.

    English: the parser's passive labels (auxpass, nsubjpass) - "was designed", "is needed"; not
    the "get" passive, which is mostly idiom ("get started", "get paid").
    Vietnamese: the passive markers "bị"/"được" followed, within three words, by a verb (pyvi's
    tag) - "được xây dựng", "bị khóa" ("bị" is followed by what befalls the subject, of any class)."""
    if lang == "vi":
        toks = list(sent)
        for i, t in enumerate(toks):
            if t.lower_ not in VI_PASSIVE_MARKERS:
                continue
            for nxt in toks[i + 1:i + 4]:
                if nxt.is_punct:
                    break
                if nxt.pos_ == "VERB" or (t.lower_ == "bị" and nxt.pos_ in ("NOUN", "ADJ")):
                    return t.idx, nxt.idx + len(nxt.text)
        return None
    for t in sent:
        if t.dep_ == "auxpass" and t.lower_ not in _GET:  # "get started", "get paid": idioms, not passive
            head = t.head
            start, end = min(t.idx, head.idx), max(t.idx + len(t.text), head.idx + len(head.text))
            return start, end
    for t in sent:
        if t.dep_ in ("nsubjpass", "csubjpass") and not any(
                c.dep_ == "auxpass" and c.lower_ in _GET for c in t.head.children):
            head = t.head
            return head.idx, head.idx + len(head.text)
    return None


#: words by which copy refers to its reader, per grammatical person
READER_WORDS: dict[str, dict[str, frozenset[str]]] = {
    "en": {
        "first": frozenset({"i", "me", "my", "mine", "myself"}),
        "second": frozenset({"you", "your", "yours", "yourself", "yourselves", "y'all", "ya"}),
        # nouns that name the reader in general; not "client" or "member", which in much copy name
        # the reader's own clients or a team's members
        "third": frozenset({"user", "customer", "visitor", "reader", "subscriber", "shopper"}),
    },
    "vi": {
        "first": frozenset({"tôi", "mình", "tớ"}),
        "second": frozenset({"bạn", "quý khách", "quý vị", "anh chị", "các bạn"}),
        "third": frozenset({"khách hàng", "người dùng", "người đọc", "thành viên", "người mua"}),
    },
}
_POSSESSIVE_DETS = frozenset({"our", "my", "your", "his", "her", "their", "its", "whose"})
_READER_RES: dict[str, re.Pattern[str]] = {}


def may_refer_to_reader(text: str, lang: str) -> bool:
    """Cheap test on a block: does any word by which copy refers to a reader occur at all?"""
    rx = _READER_RES.get(lang)
    if rx is None:
        words = READER_WORDS.get(lang, {})
        forms = {w for group in words.values() for w in group}
        if lang == "en":
            forms |= {w + "s" for w in words.get("third", ())}
        alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(forms, key=len, reverse=True))
        rx = _READER_RES[lang] = re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])", re.IGNORECASE)
    return rx.search(text) is not None


def reader_references(sent: Span, lang: str) -> list[tuple[str, int, int, str]]:
    """(person, start, end, text) of the words by which a sentence refers to its reader.

    First person: I, me, my ("Create my account"); second: you, your; third: the reader as a
    generic noun ("Users can reset their password", "the customer"). A noun counts only when it is
    generic: not possessed ("our customers" are other people), not counted ("10,000 customers")."""
    words = READER_WORDS.get(lang)
    if not words:
        return []
    out: list[tuple[str, int, int, str]] = []
    for t in sent:
        low = t.lower_
        if low in words["first"]:
            if lang == "en" and t.text == "I" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == ".":
                continue  # "World War I.", a roman numeral at a sentence end
            out.append(("first", t.idx, t.idx + len(t.text), t.text))
        elif low in words["second"]:
            out.append(("second", t.idx, t.idx + len(t.text), t.text))
        else:
            lemma = (t.lemma_ or low).lower()
            if lang == "en":
                if lemma not in words["third"] or t.pos_ not in ("NOUN", "PROPN", ""):
                    continue
                kids = list(t.children)
                if any(k.dep_ in ("poss", "nummod") or k.lower_ in _POSSESSIVE_DETS for k in kids):
                    continue
                if t.dep_ == "compound":
                    continue  # "customer support", "user guide"
            elif low not in words["third"]:
                continue
            out.append(("third", t.idx, t.idx + len(t.text), t.text))
    return out
