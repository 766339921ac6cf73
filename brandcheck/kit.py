"""The brand-asset kit (contract 1): `brand.yaml` plus the files it names, as typed objects.

Validation is strict on purpose: a misspelled key would otherwise silently switch a check off,
so every unknown key, bad value or missing file is a `KitError` naming the file, line and key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .color import RGBA, parse_hex
from .errors import KitError
from .model import KINDS, KitInfo
from .yamlfile import LineDict, LineList, load_yaml

DEFAULT_TOLERANCE = 3.0


@dataclass(frozen=True)
class KitColor:
    name: str
    hex: str
    rgba: RGBA
    role: str | None = None
    tolerance: float = DEFAULT_TOLERANCE
    replaced_by: str | None = None  # deprecated colors only
    deprecated: bool = False


@dataclass(frozen=True)
class FontFamily:
    family: str
    role: str | None = None
    weights: tuple[int, ...] | None = None  # None: the kit does not restrict weights


@dataclass(frozen=True)
class KitLogo:
    name: str
    file: Path
    min_width_px: float | None = None
    clear_space: float | None = None
    replaced_by: str | None = None
    deprecated: bool = False


@dataclass(frozen=True)
class Term:
    use: str
    not_: tuple[str, ...]


@dataclass(frozen=True)
class VoiceStyle:
    max_exclamations_per_100_words: float | None = None
    all_caps_sentences: bool | None = None
    max_sentence_words: int | None = None
    passive_voice: bool | None = None
    person: str | None = None


@dataclass(frozen=True)
class Voice:
    language: str | None = None
    terminology: tuple[Term, ...] = ()
    banned: tuple[str, ...] = ()
    required: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_grade: float | None = None
    style: VoiceStyle = field(default_factory=VoiceStyle)


@dataclass
class Kit:
    path: Path
    brand: str
    aliases: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    tolerance: float = DEFAULT_TOLERANCE
    palette: tuple[KitColor, ...] = ()
    deprecated_colors: tuple[KitColor, ...] = ()
    families: tuple[FontFamily, ...] = ()
    fallbacks: tuple[str, ...] = ()
    logos: tuple[KitLogo, ...] = ()
    deprecated_logos: tuple[KitLogo, ...] = ()
    voice: Voice = field(default_factory=Voice)
    digest: str = ""

    @property
    def info(self) -> KitInfo:
        return KitInfo(name=self.brand, digest=self.digest, path=str(self.path))

    @property
    def all_colors(self) -> tuple[KitColor, ...]:
        return self.palette + self.deprecated_colors

    def family(self, name: str) -> FontFamily | None:
        key = normalize_family(name)
        for f in self.families:
            if normalize_family(f.family) == key:
                return f
        return None

    def is_fallback(self, name: str) -> bool:
        key = normalize_family(name)
        return any(normalize_family(f) == key for f in self.fallbacks)

    def logo(self, name: str) -> KitLogo | None:
        for lg in self.logos + self.deprecated_logos:
            if lg.name == name:
                return lg
        return None


def normalize_family(name: str) -> str:
    """Compare font families the way CSS does: case-insensitively, without quotes or extra spaces."""
    return " ".join(name.strip().strip("'\"").split()).lower()


# --------------------------------------------------------------------------- validation helpers


class _V:
    """Validation context for one kit file: every error carries file, line and key path."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def fail(self, msg: str, container: Any = None, key: Any = None) -> KitError:
        line = None
        if isinstance(container, LineDict | LineList):
            line = container.line_of(key) if key is not None else container.line
        return KitError(msg, str(self.file), line)

    def mapping(self, value: Any, where: str, container: Any, key: Any) -> LineDict:
        if not isinstance(value, dict):
            raise self.fail(f"'{where}' must be a mapping, got {_type(value)}", container, key)
        return value  # type: ignore[return-value]

    def seq(self, value: Any, where: str, container: Any, key: Any) -> LineList:
        if not isinstance(value, list):
            raise self.fail(f"'{where}' must be a list, got {_type(value)}", container, key)
        return value  # type: ignore[return-value]

    def keys(self, d: LineDict, allowed: set[str], where: str, required: set[str] = frozenset()) -> None:
        for k in d:
            if k not in allowed:
                hint = _closest(str(k), allowed)
                more = f" (did you mean '{hint}'?)" if hint else f" (allowed: {', '.join(sorted(allowed))})"
                prefix = f"{where}." if where else ""
                raise self.fail(f"unknown key '{prefix}{k}'{more}", d, k)
        for k in required:
            if k not in d:
                prefix = f"{where}." if where else ""
                raise self.fail(f"missing required key '{prefix}{k}'", d)

    def string(self, d: LineDict, key: str, where: str, required: bool = False) -> str | None:
        if key not in d or d[key] is None:
            if required:
                raise self.fail(f"missing required key '{where}.{key}'", d)
            return None
        v = d[key]
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            raise self.fail(f"'{where}.{key}' must be text, got {_type(v)}", d, key)
        s = str(v).strip()
        if required and not s:
            raise self.fail(f"'{where}.{key}' must not be empty", d, key)
        return s

    def strings(self, container: LineDict, key: str, where: str) -> tuple[str, ...]:
        if key not in container or container[key] is None:
            return ()
        v = container[key]
        if isinstance(v, str):
            return (v,)
        lst = self.seq(v, f"{where}.{key}" if where else key, container, key)
        out = []
        for i, item in enumerate(lst):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise self.fail(f"'{where}.{key}[{i}]' must be text, got {_type(item)}", lst, i)
            out.append(str(item))
        return tuple(out)

    def number(self, d: LineDict, key: str, where: str, lo: float | None = None, hi: float | None = None,
               positive: bool = False) -> float | None:
        if key not in d or d[key] is None:
            return None
        v = d[key]
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise self.fail(f"'{where}.{key}' must be a number, got {v!r}", d, key)
        if positive and v <= 0:
            raise self.fail(f"'{where}.{key}' must be greater than 0, got {v!r}", d, key)
        if lo is not None and v < lo:
            raise self.fail(f"'{where}.{key}' must be at least {lo}, got {v!r}", d, key)
        if hi is not None and v > hi:
            raise self.fail(f"'{where}.{key}' must be at most {hi}, got {v!r}", d, key)
        return float(v)

    def boolean(self, d: LineDict, key: str, where: str) -> bool | None:
        if key not in d or d[key] is None:
            return None
        v = d[key]
        if not isinstance(v, bool):
            raise self.fail(f"'{where}.{key}' must be true or false, got {v!r}", d, key)
        return v


def _type(v: Any) -> str:
    if v is None:
        return "nothing"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    return repr(v)


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    m = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return m[0] if m else None


# --------------------------------------------------------------------------- loading

TOP_KEYS = {"brand", "aliases", "misspellings", "colors", "typography", "logos", "deprecated_logos", "voice"}


def load_kit(path: str | Path) -> Kit:
    """Load and validate a kit folder (or its brand.yaml directly)."""
    p = Path(path)
    if not p.exists():
        raise KitError("kit folder not found", str(p))
    if p.is_dir():
        folder, file = p, p / "brand.yaml"
        if not file.exists() and (p / "brand.yml").exists():
            file = p / "brand.yml"
    else:
        folder, file = p.parent, p
    if not folder.exists():
        raise KitError("kit folder not found", str(p))
    if not file.is_file():
        raise KitError("no brand.yaml in the kit folder", str(folder))
    data = load_yaml(file, KitError)
    v = _V(file)
    if not isinstance(data, LineDict):
        raise KitError("the kit must be a mapping with at least 'brand'", str(file), getattr(data, "line", 1))
    v.keys(data, TOP_KEYS, "", required={"brand"})
    brand = v.string(data, "brand", "kit", required=True)
    assert brand is not None
    kit = Kit(path=folder.resolve(), brand=brand)
    kit.aliases = v.strings(data, "aliases", "")
    kit.misspellings = v.strings(data, "misspellings", "")
    if data.get("colors") is not None:
        _load_colors(v, kit, v.mapping(data["colors"], "colors", data, "colors"))
    if data.get("typography") is not None:
        _load_typography(v, kit, v.mapping(data["typography"], "typography", data, "typography"))
    files: list[Path] = []
    if data.get("logos") is not None:
        kit.logos = tuple(_load_logos(v, kit, data, "logos", deprecated=False, files=files))
    if data.get("deprecated_logos") is not None:
        kit.deprecated_logos = tuple(_load_logos(v, kit, data, "deprecated_logos", deprecated=True, files=files))
        names = {lg.name for lg in kit.logos}
        lst = data["deprecated_logos"]
        for i, lg in enumerate(kit.deprecated_logos):
            if lg.replaced_by and names and lg.replaced_by not in names:
                raise v.fail(f"'deprecated_logos[{i}].replaced_by' names '{lg.replaced_by}', which is not a logo "
                             f"of the kit ({', '.join(sorted(names))})", lst[i], "replaced_by")
    if data.get("voice") is not None:
        kit.voice = _load_voice(v, v.mapping(data["voice"], "voice", data, "voice"))
    kit.digest = _digest(file, files)
    return kit


def _load_colors(v: _V, kit: Kit, colors: LineDict) -> None:
    v.keys(colors, {"tolerance", "palette", "deprecated"}, "colors")
    tol = v.number(colors, "tolerance", "colors", positive=True, hi=100)
    if tol is not None:
        kit.tolerance = tol

    def one(item: Any, lst: LineList, i: int, where: str, deprecated: bool) -> KitColor:
        d = v.mapping(item, f"{where}[{i}]", lst, i)
        allowed = {"name", "hex", "replaced_by", "tolerance"} if deprecated else {"name", "hex", "role", "tolerance"}
        v.keys(d, allowed, f"{where}[{i}]", required={"name", "hex"})
        name = v.string(d, "name", f"{where}[{i}]", required=True)
        hx = d["hex"]
        if not isinstance(hx, str):
            raise v.fail(f"'{where}[{i}].hex' must be a quoted hex color like \"#F4623A\", got {hx!r}", d, "hex")
        try:
            rgba = parse_hex(hx)
        except ValueError:
            raise v.fail(f"'{where}[{i}].hex' is not a hex color: {hx!r} (expected #RGB or #RRGGBB)", d, "hex") from None
        if not rgba.opaque:
            raise v.fail(f"'{where}[{i}].hex' must be opaque: {hx!r}", d, "hex")
        ctol = v.number(d, "tolerance", f"{where}[{i}]", positive=True, hi=100)
        return KitColor(
            name=name or "",
            hex=rgba.hex,
            rgba=rgba,
            role=v.string(d, "role", f"{where}[{i}]") if not deprecated else None,
            tolerance=ctol if ctol is not None else kit.tolerance,
            replaced_by=v.string(d, "replaced_by", f"{where}[{i}]") if deprecated else None,
            deprecated=deprecated,
        )

    if colors.get("palette") is not None:
        lst = v.seq(colors["palette"], "colors.palette", colors, "palette")
        kit.palette = tuple(one(it, lst, i, "colors.palette", False) for i, it in enumerate(lst))
    if colors.get("deprecated") is not None:
        lst = v.seq(colors["deprecated"], "colors.deprecated", colors, "deprecated")
        kit.deprecated_colors = tuple(one(it, lst, i, "colors.deprecated", True) for i, it in enumerate(lst))
        names = {c.name for c in kit.palette}
        for i, c in enumerate(kit.deprecated_colors):
            if c.replaced_by and names and c.replaced_by not in names:
                raise v.fail(f"'colors.deprecated[{i}].replaced_by' names '{c.replaced_by}', which is not a palette "
                             f"color", lst[i], "replaced_by")


def _load_typography(v: _V, kit: Kit, typo: LineDict) -> None:
    v.keys(typo, {"families", "fallbacks"}, "typography")
    fams = []
    if typo.get("families") is not None:
        lst = v.seq(typo["families"], "typography.families", typo, "families")
        for i, item in enumerate(lst):
            if isinstance(item, str):
                fams.append(FontFamily(family=item))
                continue
            d = v.mapping(item, f"typography.families[{i}]", lst, i)
            where = f"typography.families[{i}]"
            v.keys(d, {"family", "role", "weights"}, where, required={"family"})
            weights = None
            if d.get("weights") is not None:
                wl = v.seq(d["weights"], f"{where}.weights", d, "weights")
                ws = []
                for j, w in enumerate(wl):
                    if isinstance(w, str) and w.strip().lower() in ("normal", "bold"):
                        w = 400 if w.strip().lower() == "normal" else 700
                    if isinstance(w, bool) or not isinstance(w, int) or not 1 <= w <= 1000:
                        raise v.fail(f"'{where}.weights[{j}]' must be a font weight from 1 to 1000, got {w!r}", wl, j)
                    ws.append(int(w))
                weights = tuple(ws)
            fams.append(FontFamily(family=v.string(d, "family", where, required=True) or "",
                                   role=v.string(d, "role", where), weights=weights))
    kit.families = tuple(fams)
    kit.fallbacks = v.strings(typo, "fallbacks", "typography")


def _load_logos(v: _V, kit: Kit, data: LineDict, key: str, deprecated: bool, files: list[Path]) -> list[KitLogo]:
    lst = v.seq(data[key], key, data, key)
    out = []
    allowed = {"name", "file", "replaced_by"} if deprecated else {"name", "file", "min_width_px", "clear_space"}
    for i, item in enumerate(lst):
        where = f"{key}[{i}]"
        d = v.mapping(item, where, lst, i)
        v.keys(d, allowed, where, required={"name", "file"})
        name = v.string(d, "name", where, required=True) or ""
        rel = v.string(d, "file", where, required=True) or ""
        f = (kit.path / rel).resolve()
        if not f.is_file():
            raise v.fail(f"'{where}.file' names a missing file: {rel}", d, "file")
        files.append(f)
        out.append(KitLogo(
            name=name,
            file=f,
            min_width_px=v.number(d, "min_width_px", where, lo=0) if not deprecated else None,
            clear_space=v.number(d, "clear_space", where, lo=0, hi=5) if not deprecated else None,
            replaced_by=v.string(d, "replaced_by", where) if deprecated else None,
            deprecated=deprecated,
        ))
    return out


STYLE_KEYS = {"max_exclamations_per_100_words", "all_caps_sentences", "max_sentence_words", "passive_voice", "person"}


def _load_voice(v: _V, voice: LineDict) -> Voice:
    v.keys(voice, {"language", "terminology", "banned", "required", "readability", "style"}, "voice")
    terms = []
    if voice.get("terminology") is not None:
        lst = v.seq(voice["terminology"], "voice.terminology", voice, "terminology")
        for i, item in enumerate(lst):
            where = f"voice.terminology[{i}]"
            d = v.mapping(item, where, lst, i)
            v.keys(d, {"use", "not"}, where, required={"use", "not"})
            nots = v.strings(d, "not", where)
            if not nots:
                raise v.fail(f"'{where}.not' must list at least one form", d, "not")
            terms.append(Term(use=v.string(d, "use", where, required=True) or "", not_=nots))
    required: dict[str, tuple[str, ...]] = {}
    if voice.get("required") is not None:
        req = v.mapping(voice["required"], "voice.required", voice, "required")
        for k in req:
            if k not in KINDS and k != "all":
                raise v.fail(f"unknown touchpoint kind 'voice.required.{k}' (kinds: {', '.join(KINDS)}, all)", req, k)
            required[str(k)] = v.strings(req, k, "voice.required")
    max_grade = None
    if voice.get("readability") is not None:
        rd = v.mapping(voice["readability"], "voice.readability", voice, "readability")
        v.keys(rd, {"max_grade"}, "voice.readability")
        max_grade = v.number(rd, "max_grade", "voice.readability", lo=0, hi=30)
    style = VoiceStyle()
    if voice.get("style") is not None:
        st = v.mapping(voice["style"], "voice.style", voice, "style")
        v.keys(st, STYLE_KEYS, "voice.style")
        person = v.string(st, "person", "voice.style")
        if person is not None and person not in ("first", "second", "third"):
            raise v.fail(f"'voice.style.person' must be first, second or third, got {person!r}", st, "person")
        msw = v.number(st, "max_sentence_words", "voice.style", positive=True)
        style = VoiceStyle(
            max_exclamations_per_100_words=v.number(st, "max_exclamations_per_100_words", "voice.style", lo=0),
            all_caps_sentences=v.boolean(st, "all_caps_sentences", "voice.style"),
            max_sentence_words=int(msw) if msw is not None else None,
            passive_voice=v.boolean(st, "passive_voice", "voice.style"),
            person=person,
        )
    lang = v.string(voice, "language", "voice")
    return Voice(
        language=lang.lower() if lang else None,
        terminology=tuple(terms),
        banned=v.strings(voice, "banned", "voice"),
        required=required,
        max_grade=max_grade,
        style=style,
    )


def _digest(file: Path, files: list[Path]) -> str:
    """sha256 over brand.yaml and every file it names, so any change to the kit changes the digest."""
    h = hashlib.sha256()
    h.update(file.read_bytes())
    for f in sorted(set(files)):
        h.update(b"\0" + f.name.encode() + b"\0")
        h.update(f.read_bytes())
    return "sha256:" + h.hexdigest()
