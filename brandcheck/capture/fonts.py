"""Which fonts a page declared, which loaded, and which one each text was really drawn with.

The browser names a rendered web font by its file's name table, which often differs from the CSS
family (fontsource's Montserrat files call themselves "Montserrat Thin"), and some files carry no
usable name. CDP's `CSS.fontsUpdated` event tells, for every web font the page loaded, both the
`@font-face` family and the name the platform gives its file; `face_family` maps a rendered font
back through that table, so the analyzers decide "is this the brand font" by the face that was
used, never by a file's internal name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from ..model import Element, FailedRequest, FontFace, RenderedFont

_URL_RX = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
_GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif",
                      "ui-sans-serif", "ui-monospace", "ui-rounded", "emoji", "math", "fangsong"})


def parse_stack(value: str) -> list[str]:
    """A computed `font-family` into its families, quotes removed, in order."""
    out: list[str] = []
    buf = ""
    quote: str | None = None
    for ch in value or "":
        if quote:
            if ch == quote:
                quote = None
            else:
                buf += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ",":
            if buf.strip():
                out.append(" ".join(buf.split()))
            buf = ""
        else:
            buf += ch
    if buf.strip():
        out.append(" ".join(buf.split()))
    return out


def _norm(family: str) -> str:
    return " ".join(family.strip().strip("\"'").split()).lower()


@dataclass
class LoadedFace:
    """One web font the page loaded, from a CSS.fontsUpdated event."""

    family: str  # the @font-face family
    platform: str  # the name the file carries (what getPlatformFontsForNode reports)
    src: str
    weight: str = "400"
    style: str = "normal"


def loaded_faces(events: Iterable[dict[str, Any]]) -> list[LoadedFace]:
    out: list[LoadedFace] = []
    seen: set[tuple[str, str, str]] = set()
    for ev in events:
        f = ev.get("font") if isinstance(ev, dict) else None
        if not f:
            continue
        key = (f.get("fontFamily", ""), f.get("platformFontFamily", ""), f.get("src", ""))
        if key in seen:
            continue
        seen.add(key)
        out.append(LoadedFace(family=" ".join(str(f.get("fontFamily", "")).split()).strip("\"'"),
                              platform=str(f.get("platformFontFamily", "")), src=str(f.get("src", "")),
                              weight=str(f.get("fontWeight", "400")), style=str(f.get("fontStyle", "normal"))))
    return out


class FaceMapper:
    """Maps a rendered font (by its platform name) back to the @font-face family that loaded it."""

    def __init__(self, faces: list[LoadedFace], loaded_families: Iterable[str] = ()) -> None:
        self.by_platform: dict[str, list[str]] = {}
        for f in faces:
            fams = self.by_platform.setdefault(f.platform.lower(), [])
            if f.family not in fams:
                fams.append(f.family)
        self.loaded_families = {_norm(f): f for f in loaded_families}

    def face_family(self, rendered: str, custom: bool, stack: list[str]) -> str | None:
        """The @font-face family the browser drew `rendered` from, for an element whose declared
        stack is `stack`. The browser takes the first family of the stack that has a face, so
        among the faces that produce this file, the one earliest in the stack is the one used."""
        candidates = self.by_platform.get(rendered.lower(), [])
        if candidates:
            cand = {_norm(c): c for c in candidates}
            for fam in stack:
                if _norm(fam) in cand:
                    return cand[_norm(fam)]
            return candidates[0]
        if custom:
            # a web font the events missed: the first stack family with a loaded face
            for fam in stack:
                if _norm(fam) in self.loaded_families:
                    return self.loaded_families[_norm(fam)]
            for fam in stack:
                if _norm(fam) == _norm(rendered):
                    return fam
        return None


# --------------------------------------------------------------------------- style groups


def has_wide_text(text: str) -> bool:
    """Text outside Latin (CJK, Cyrillic, symbols) may fall back to other fonts than Latin text of
    the same style, so it is asked for separately."""
    return any(ord(c) > 0x24F for c in text)


def style_groups(elements: list[Element]) -> dict[tuple[str, str, str, bool], list[int]]:
    """Visible elements with own text grouped by (font-family, font-weight, font-style, wide text):
    CSS.getPlatformFontsForNode is asked once per group, not once per node."""
    groups: dict[tuple[str, str, str, bool], list[int]] = {}
    for e in elements:
        if not e.visible:
            continue
        text = e.own_text
        if not text:
            continue
        key = (e.style.get("font-family", ""), e.style.get("font-weight", ""), e.style.get("font-style", ""),
               has_wide_text(text))
        groups.setdefault(key, []).append(e.id)
    return groups


def representative(elements: list[Element], ids: list[int]) -> int:
    """The element with the most text: its glyphs are the best sample of the style."""
    return max(ids, key=lambda i: len(elements[i].own_text))


def rendered_for_group(fonts: list[dict[str, Any]], elements: list[Element], ids: list[int],
                       mapper: FaceMapper) -> dict[int, list[RenderedFont]]:
    """Spread the fonts reported for a group's representative onto every element of the group.

    Glyph counts are the representative's shares scaled to each element's own text length, so a
    rule weighing "how much text fell back" still sees each element's own amount.
    """
    total = sum(int(f.get("glyphCount", 0)) for f in fonts) or 1
    out: dict[int, list[RenderedFont]] = {}
    for eid in ids:
        e = elements[eid]
        stack = parse_stack(e.style.get("font-family", ""))
        n = sum(1 for c in e.own_text if not c.isspace())
        runs: list[RenderedFont] = []
        for f in fonts:
            fam = str(f.get("familyName", ""))
            custom = bool(f.get("isCustomFont", False))
            share = int(f.get("glyphCount", 0)) / total
            runs.append(RenderedFont(family=fam, glyphs=max(1, round(share * n)) if share > 0 else 0,
                                     custom=custom, face_family=mapper.face_family(fam, custom, stack)))
        out[eid] = runs
    return out


# --------------------------------------------------------------------------- declared faces


def src_urls(src: str, base: str | None) -> list[str]:
    """The url() sources of an @font-face `src`, resolved against the stylesheet (local() dropped)."""
    out: list[str] = []
    for m in _URL_RX.finditer(src or ""):
        u = (m.group(1) or m.group(2) or m.group(3) or "").strip()
        if not u:
            continue
        out.append(urljoin(base, u) if base and not u.startswith("data:") else u)
    return [u if not u.startswith("data:") else u[:64] + "…" for u in out]


def parse_font_faces_css(text: str, sheet_url: str | None) -> list[dict[str, str]]:
    """@font-face rules of a stylesheet's text (for cross-origin sheets the page cannot read)."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    out: list[dict[str, str]] = []

    def walk(rs: list[Any]) -> None:
        for r in rs:
            if r.type != "at-rule":
                continue
            kw = r.lower_at_keyword
            if kw == "font-face" and r.content is not None:
                decls = tinycss2.parse_declaration_list(r.content, skip_comments=True, skip_whitespace=True)
                d = {x.lower_name: tinycss2.serialize(x.value).strip() for x in decls if x.type == "declaration"}
                out.append({"family": d.get("font-family", ""), "src": d.get("src", ""),
                            "weight": d.get("font-weight", "400"), "style": d.get("font-style", "normal"),
                            "range": d.get("unicode-range", ""), "sheet": sheet_url or "", "base": sheet_url or ""})
            elif kw in ("media", "supports", "layer", "document") and r.content is not None:
                walk(tinycss2.parse_rule_list(r.content, skip_comments=True, skip_whitespace=True))

    walk(rules)
    return out


def _weight(w: str) -> str:
    w = (w or "400").strip().lower()
    return {"normal": "400", "bold": "700"}.get(w, w)


def declared_faces(rules: list[dict[str, Any]], faces: list[dict[str, Any]], failed: list[FailedRequest],
                   loaded: list[LoadedFace]) -> list[FontFace]:
    """Capture.fonts: every @font-face rule with its load status.

    The status comes from `document.fonts` (matched by family, weight, style and range, in order);
    a face whose file request failed is `error` whatever the page says, and the name its file
    carries (from the fontsUpdated events, by src) is kept as `postscript_name`.
    """
    failed_urls = {f.url for f in failed}
    platform_by_src = {f.src: f.platform for f in loaded}
    pool: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for f in faces:
        pool.setdefault((_norm(f.get("family", "")), _weight(str(f.get("weight", ""))),
                         str(f.get("style", "normal")).lower()), []).append(f)
    out: list[FontFace] = []
    seen: set[tuple[str, str, str, str, str]] = set()
    for r in rules:
        family = " ".join(str(r.get("family", "")).split()).strip("\"'")
        srcs = src_urls(str(r.get("src", "")), r.get("base") or r.get("sheet"))
        weight = _weight(str(r.get("weight", "400")))
        style = str(r.get("style", "normal")).lower()
        key = (family, weight, style, ",".join(srcs), str(r.get("sheet") or ""))
        if key in seen:
            continue
        seen.add(key)
        status = "unknown"
        cands = pool.get((_norm(family), weight, style), [])
        match = next((c for c in cands if c.get("range", "") == r.get("range", "")), cands[0] if cands else None)
        if match is not None:
            cands.remove(match)
            status = {"loaded": "loaded", "error": "error", "unloaded": "unloaded"}.get(str(match.get("status")), "unknown")
        if any(s in failed_urls for s in srcs):
            status = "error"
        elif status in ("unknown", "unloaded") and any(s in platform_by_src for s in srcs):
            status = "loaded"
        pname = next((platform_by_src[s] for s in srcs if s in platform_by_src), None)
        out.append(FontFace(family=family, src=srcs, weight=weight, style=style, status=status,
                            stylesheet=r.get("sheet") or None, postscript_name=pname))
    # faces added by script (FontFace API) have no rule
    for (fam, weight, style), rest in pool.items():
        for f in rest:
            if any(_norm(o.family) == fam and o.weight == weight and o.style == style for o in out):
                continue
            out.append(FontFace(family=str(f.get("family", "")).strip("\"'"), src=[], weight=weight, style=style,
                                status={"loaded": "loaded", "error": "error"}.get(str(f.get("status")), "unloaded")))
    return out


def is_generic(family: str) -> bool:
    return _norm(family) in _GENERIC
