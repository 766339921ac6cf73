"""A small CSS cascade for the static capture: enough to know each element's colors and fonts.

It is not a browser. It parses stylesheets with tinycss2, keeps the rules whose media query fits
the viewport, matches selectors with soupsieve (indexed by the rightmost id/class/tag so that a
Bootstrap-sized stylesheet stays fast), orders declarations by origin, `!important`, specificity
and source order, expands the shorthands that carry colors and fonts, resolves `var()` and
inheritance, and serializes colors the way Chromium does so the analyzers see one format.
Anything it cannot know (layout, the rendered font) it leaves out rather than guessing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import soupsieve
import tinycss2
from bs4 import Tag

from ..color import RGBA, ColorParseError, parse_color
from ..model import STYLE_PROPERTIES

INHERITED = {"color", "font-family", "font-size", "font-style", "font-weight", "text-transform", "visibility",
             "fill", "stroke"}

INITIAL: dict[str, str] = {
    "display": "inline", "visibility": "visible", "opacity": "1", "position": "static",
    "color": "rgb(0, 0, 0)", "background-color": "rgba(0, 0, 0, 0)", "background-image": "none",
    "outline-color": "currentcolor", "outline-style": "none", "outline-width": "3px",
    "fill": "rgb(0, 0, 0)", "stroke": "none", "font-family": "\"Times New Roman\"", "font-weight": "400",
    "font-size": "16px", "font-style": "normal", "text-transform": "none", "object-fit": "fill",
    "transform": "none", "overflow": "visible", "width": "auto", "height": "auto", "content": "normal",
}
for _side in ("top", "right", "bottom", "left"):
    INITIAL[f"border-{_side}-color"] = "currentcolor"
    INITIAL[f"border-{_side}-width"] = "medium"
    INITIAL[f"border-{_side}-style"] = "none"

BLOCK_TAGS = {
    "html", "body", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "section",
    "article", "header", "footer", "nav", "main", "aside", "form", "fieldset", "figure", "figcaption",
    "blockquote", "pre", "address", "hr", "center", "details", "summary", "menu", "legend", "dialog", "hgroup",
}
HIDDEN_TAGS = {"head", "script", "style", "template", "noscript", "title", "meta", "link", "base", "param",
               "source", "track", "datalist", "area", "map"}
TABLE_DISPLAY = {"table": "table", "tr": "table-row", "td": "table-cell", "th": "table-cell",
                 "thead": "table-header-group", "tbody": "table-row-group", "tfoot": "table-footer-group",
                 "caption": "table-caption", "col": "table-column", "colgroup": "table-column-group",
                 "li": "list-item", "img": "inline", "button": "inline-block", "input": "inline-block",
                 "select": "inline-block", "textarea": "inline-block"}

# A minimal user-agent stylesheet (Chromium's defaults that matter for color and type).
UA_CSS = """
h1{font-size:2em;font-weight:700} h2{font-size:1.5em;font-weight:700} h3{font-size:1.17em;font-weight:700}
h4{font-size:1em;font-weight:700} h5{font-size:.83em;font-weight:700} h6{font-size:.67em;font-weight:700}
b,strong,th{font-weight:700} i,em,cite,var,dfn,address{font-style:italic} small{font-size:smaller}
a:link{color:#0000ee} code,kbd,samp,pre,tt{font-family:monospace}
button,input,select,textarea{font-family:system-ui;font-size:13.333px;color:#000}
button{background-color:#efefef;border:2px outset #767676}
input,textarea,select{background-color:#fff;border:2px inset #767676}
mark{background-color:#ff0;color:#000} hr{border:1px inset #808080}
"""

DYNAMIC_PSEUDO = re.compile(
    r"::?(hover|focus|focus-visible|focus-within|active|visited|target|before|after|placeholder|selection|marker|"
    r"first-letter|first-line|backdrop|file-selector-button|-webkit-[a-z-]+|-moz-[a-z-]+|-ms-[a-z-]+|autofill|"
    r"placeholder-shown|invalid|valid|indeterminate|checked|disabled|enabled|read-only|read-write|"
    r"user-invalid|in-range|out-of-range|default|required|optional|modal|popover-open|fullscreen)\b"
)

SVG_NS = "http://www.w3.org/2000/svg"
SVG_TAGS = {"svg", "path", "g", "circle", "rect", "ellipse", "line", "polyline", "polygon", "text", "tspan", "use",
            "symbol", "defs", "stop", "lineargradient", "radialgradient"}
PRESENTATION_ATTRS = ("fill", "stroke", "color", "opacity", "visibility", "display", "font-family", "font-size",
                      "font-weight", "font-style")

_KEYWORD_SIZES = {"xx-small": 9, "x-small": 10, "small": 13, "medium": 16, "large": 18, "x-large": 24,
                  "xx-large": 32, "xxx-large": 48}


@dataclass(order=True)
class _Decl:
    important: int
    origin: int  # 0 user agent, 1 author, 2 inline style
    specificity: tuple[int, int, int]
    order: int
    prop: str = field(compare=False)
    value: str = field(compare=False)


@dataclass
class Rule:
    selector: str
    specificity: tuple[int, int, int]
    decls: list[tuple[str, str, bool]]  # (property, value, important)
    order: int
    origin: int


@dataclass
class FontFaceRule:
    family: str
    src: list[str]
    weight: str
    style: str
    base_url: str | None


@dataclass
class StyleSheet:
    rules: list[Rule] = field(default_factory=list)
    font_faces: list[FontFaceRule] = field(default_factory=list)
    imports: list[tuple[str, str | None]] = field(default_factory=list)  # (url, media)


# --------------------------------------------------------------------------- parsing


def specificity(selector: str) -> tuple[int, int, int]:
    """Specificity of one complex selector (approximate for :is()/:where(), exact otherwise)."""
    s = re.sub(r":where\([^)]*\)", "", selector)
    s = re.sub(r"\"[^\"]*\"|'[^']*'", "", s)
    ids = len(re.findall(r"#[\w-]+", s))
    classes = len(re.findall(r"\.[\w-]+|\[[^\]]*\]|:(?!:)[\w-]+", s))
    classes -= len(re.findall(r":(not|is|has)\b", s))
    s2 = re.sub(r"\[[^\]]*\]|#[\w-]+|\.[\w-]+|::?[\w-]+(\([^)]*\))?", " ", s)
    types = len([t for t in re.findall(r"(?:^|[\s>+~(])([a-zA-Z][\w-]*)", s2) if t])
    types += len(re.findall(r"::[\w-]+", s))
    return (ids, max(0, classes), types)


def media_matches(media: str, width: int) -> bool:
    """Evaluate a media query list for a screen of `width` CSS px (enough for the common forms)."""
    media = media.strip().lower()
    if not media:
        return True
    for query in media.split(","):
        q = query.strip()
        if q.startswith("not "):
            continue
        q = re.sub(r"^only\s+", "", q)
        ok = True
        for part in re.split(r"\s+and\s+", q):
            part = part.strip()
            if part in ("", "all", "screen"):
                continue
            if part in ("print", "speech"):
                ok = False
                break
            m = re.match(r"\(\s*(min|max)-width\s*:\s*([\d.]+)(px|em|rem)\s*\)", part)
            if m:
                px = float(m.group(2)) * (16 if m.group(3) in ("em", "rem") else 1)
                ok = width >= px if m.group(1) == "min" else width <= px
                if not ok:
                    break
                continue
            m = re.match(r"\(\s*width\s*([<>]=?)\s*([\d.]+)px\s*\)", part)
            if m:
                px = float(m.group(2))
                ok = {"<": width < px, "<=": width <= px, ">": width > px, ">=": width >= px}[m.group(1)]
                if not ok:
                    break
                continue
            if re.match(r"\(\s*prefers-reduced-motion\s*:\s*no-preference\s*\)", part):
                continue
            if re.match(r"\(\s*prefers-color-scheme\s*:\s*light\s*\)", part):
                continue
            if re.match(r"\(\s*(hover|pointer|any-hover|any-pointer)\s*:", part):
                continue
            ok = False  # unknown feature (dark scheme, orientation...): assume it does not apply
            break
        if ok:
            return True
    return False


def parse_stylesheet(css: str, base_url: str | None, width: int, order_start: int = 0, origin: int = 1) -> StyleSheet:
    sheet = StyleSheet()
    counter = [order_start]

    def walk(rules: Iterable, active: bool) -> None:
        for r in rules:
            if r.type == "qualified-rule":
                if not active:
                    continue
                prelude = tinycss2.serialize(r.prelude).strip()
                decls = _declarations(r.content)
                if base_url:
                    decls = [(n, absolutize_urls(v, base_url), imp) for n, v, imp in decls]
                if not decls:
                    continue
                for sel in _split_selectors(prelude):
                    counter[0] += 1
                    sheet.rules.append(Rule(sel, specificity(sel), decls, counter[0], origin))
            elif r.type == "at-rule":
                kw = r.lower_at_keyword
                if kw == "media":
                    m = tinycss2.serialize(r.prelude)
                    if r.content is not None:
                        walk(tinycss2.parse_rule_list(r.content, skip_comments=True, skip_whitespace=True),
                             active and media_matches(m, width))
                elif kw in ("supports", "layer", "container", "document"):
                    if r.content is not None:
                        walk(tinycss2.parse_rule_list(r.content, skip_comments=True, skip_whitespace=True), active)
                elif kw == "font-face" and r.content is not None:
                    ff = _font_face(r.content, base_url)
                    if ff:
                        sheet.font_faces.append(ff)
                elif kw == "import":
                    url, media = _import_target(r.prelude)
                    if url and (media is None or media_matches(media, width)):
                        sheet.imports.append((url, media))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), True)
    return sheet


_URL_RE = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def absolutize_urls(value: str, base: str) -> str:
    """Make url() references absolute against the stylesheet they were written in, as browsers do."""
    if "url(" not in value:
        return value
    from urllib.parse import urljoin

    return _URL_RE.sub(lambda m: f'url("{urljoin(base, m.group(2).strip())}")', value)


def _split_selectors(prelude: str) -> list[str]:
    out, depth, cur = [], 0, []
    for ch in prelude:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur).strip())
    return [s for s in out if s]


def _declarations(content: list) -> list[tuple[str, str, bool]]:
    out = []
    for d in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if d.type != "declaration":
            continue
        name = d.name if d.name.startswith("--") else d.lower_name
        out.append((name, tinycss2.serialize(d.value).strip(), bool(d.important)))
    return out


def _font_face(content: list, base_url: str | None) -> FontFaceRule | None:
    props = {n: v for n, v, _ in _declarations(content)}
    fam = props.get("font-family")
    if not fam:
        return None
    srcs = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", props.get("src", ""))
    return FontFaceRule(family=fam.strip().strip("'\""), src=srcs, weight=props.get("font-weight", "400"),
                        style=props.get("font-style", "normal"), base_url=base_url)


def _import_target(prelude: list) -> tuple[str | None, str | None]:
    url = None
    rest = []
    for tok in prelude:
        if (url is None and tok.type == "url") or (url is None and tok.type == "string"):
            url = tok.value
        elif url is None and tok.type == "function" and tok.lower_name == "url":
            url = "".join(t.value for t in tok.arguments if t.type in ("string", "ident"))
        else:
            rest.append(tok)
    media = tinycss2.serialize(rest).strip() or None
    return url, media


def parse_inline(style: str) -> list[tuple[str, str, bool]]:
    try:
        return _declarations(tinycss2.parse_component_value_list(style))
    except Exception:  # noqa: BLE001 - a broken style attribute is ignored, as browsers do
        return []


# --------------------------------------------------------------------------- shorthands


def _tokens(value: str) -> list[str]:
    """Split a value on top-level whitespace, keeping functions like rgb(...) whole."""
    out, depth, cur = [], 0, []
    for ch in value:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch.isspace() and depth == 0:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
    if cur:
        out.append("".join(cur))
    return out


_BORDER_STYLES = {"none", "hidden", "dotted", "dashed", "solid", "double", "groove", "ridge", "inset", "outset"}


def _is_color(tok: str) -> bool:
    if tok.lower().startswith("var("):
        return False
    try:
        parse_color(tok)
        return True
    except ColorParseError:
        return False


def _is_length(tok: str) -> bool:
    return bool(re.match(r"^-?[\d.]+(px|em|rem|pt|%|vh|vw)?$|^(thin|medium|thick)$", tok.lower()))


def expand(prop: str, value: str) -> list[tuple[str, str]]:
    """Expand the shorthands that set colors and fonts into longhands."""
    sides = ("top", "right", "bottom", "left")
    if prop == "background":
        toks = _tokens(value)
        out = [("background-color", "rgba(0, 0, 0, 0)"), ("background-image", "none")]
        for t in toks:
            low = t.lower()
            if low.startswith(("url(", "linear-gradient(", "radial-gradient(", "conic-gradient(",
                               "repeating-linear-gradient(", "repeating-radial-gradient(")):
                out[1] = ("background-image", t)
            elif _is_color(t) or low.startswith("var("):
                out[0] = ("background-color", t)
        if "var(" in value and not any(_is_color(t) for t in toks) and len(toks) == 1:
            out[0] = ("background-color", value)
        return out
    if prop in ("border", "outline") or prop in (f"border-{s}" for s in sides):
        width, style, color = "medium", "none", "currentcolor"
        for t in _tokens(value):
            low = t.lower()
            if low in _BORDER_STYLES:
                style = low
            elif _is_length(low):
                width = low
            else:
                color = t
        if prop == "outline":
            return [("outline-width", width), ("outline-style", style), ("outline-color", color)]
        which = sides if prop == "border" else (prop.split("-")[1],)
        out = []
        for s in which:
            out += [(f"border-{s}-width", width), (f"border-{s}-style", style), (f"border-{s}-color", color)]
        return out
    if prop in ("border-color", "border-width", "border-style"):
        kind = prop.split("-")[1]
        toks = (_tokens(value) or [value])[:4]
        if len(toks) == 1:
            t4 = toks * 4
        elif len(toks) == 2:
            t4 = [toks[0], toks[1], toks[0], toks[1]]
        elif len(toks) == 3:
            t4 = [toks[0], toks[1], toks[2], toks[1]]
        else:
            t4 = toks
        return [(f"border-{s}-{kind}", v) for s, v in zip(sides, t4, strict=True)]
    if prop == "font":
        return _expand_font(value)
    return [(prop, value)]


def _expand_font(value: str) -> list[tuple[str, str]]:
    m = re.match(r"^(?P<pre>.*?)(?P<size>[\d.]+(px|em|rem|pt|%)|xx-small|x-small|small|medium|large|x-large|"
                 r"xx-large|smaller|larger)(/\S+)?\s+(?P<fam>.+)$", value.strip(), re.I)
    if not m:
        return []
    out = [("font-size", m.group("size")), ("font-family", m.group("fam").strip()),
           ("font-style", "normal"), ("font-weight", "400")]
    for t in m.group("pre").split():
        low = t.lower()
        if low in ("italic", "oblique"):
            out[2] = ("font-style", low)
        elif low in ("bold", "bolder", "lighter") or re.match(r"^\d{3}$", low):
            out[3] = ("font-weight", low)
    return out


# --------------------------------------------------------------------------- computing


def resolve_vars(value: str, custom: dict[str, str], depth: int = 0) -> str | None:
    """Substitute var(--x, fallback); None when a variable is undefined with no fallback."""
    if "var(" not in value:
        return value
    if depth > 12:
        return None
    out = []
    i = 0
    while True:
        j = value.find("var(", i)
        if j < 0:
            out.append(value[i:])
            break
        out.append(value[i:j])
        k, lvl = j + 4, 1
        while k < len(value) and lvl:
            lvl += {"(": 1, ")": -1}.get(value[k], 0)
            k += 1
        inner = value[j + 4 : k - 1]
        name, sep, fallback = inner.partition(",")
        v = custom.get(name.strip())
        if v is None:
            if not sep:
                return None
            v = fallback.strip()
        r = resolve_vars(v, custom, depth + 1)
        if r is None:
            return None
        out.append(r)
        i = k
    return "".join(out)


def serialize_color(value: str, current: str) -> str:
    v = value.strip()
    if v.lower() == "currentcolor":
        return current
    try:
        c = parse_color(v)
    except ColorParseError:
        return v
    if isinstance(c, str):
        return current
    return rgb_string(c)


def rgb_string(c: RGBA) -> str:
    r, g, b = (max(0, min(255, round(x))) for x in (c.r, c.g, c.b))
    if c.a >= 0.999:
        return f"rgb({r}, {g}, {b})"
    return f"rgba({r}, {g}, {b}, {round(c.a, 3):g})"


def font_px(value: str, parent_px: float, root_px: float = 16.0) -> float:
    v = value.strip().lower()
    if v in _KEYWORD_SIZES:
        return float(_KEYWORD_SIZES[v])
    if v == "smaller":
        return parent_px / 1.2
    if v == "larger":
        return parent_px * 1.2
    m = re.match(r"^(-?[\d.]+)(px|em|rem|%|pt)?$", v)
    if not m:
        m2 = re.match(r"^calc\((.*)\)$", v)
        if m2:  # Bootstrap's responsive sizes: calc(1.375rem + 1.5vw) -> take the rem part
            parts = re.findall(r"([\d.]+)(rem|px|em)", m2.group(1))
            if parts:
                n, unit = parts[0]
                return font_px(n + unit, parent_px, root_px)
        return parent_px
    n = float(m.group(1))
    unit = m.group(2) or "px"
    return {"px": n, "em": n * parent_px, "rem": n * root_px, "%": n * parent_px / 100, "pt": n * 4 / 3}[unit]


def font_weight(value: str, parent: int) -> int:
    v = value.strip().lower()
    if v == "normal":
        return 400
    if v == "bold":
        return 700
    if v == "bolder":
        return 400 if parent < 350 else 700 if parent < 550 else 900
    if v == "lighter":
        return 100 if parent < 550 else 400 if parent < 750 else 700
    try:
        return max(1, min(1000, round(float(v))))
    except ValueError:
        return parent


class Cascade:
    """Matches rules to elements and computes styles top-down."""

    def __init__(self, sheets: list[StyleSheet], width: int, page_base: str | None = None) -> None:
        self.width = width
        self.page_base = page_base
        self.by_id: dict[str, list[Rule]] = defaultdict(list)
        self.by_class: dict[str, list[Rule]] = defaultdict(list)
        self.by_tag: dict[str, list[Rule]] = defaultdict(list)
        self.universal: list[Rule] = []
        self._compiled: dict[str, soupsieve.SoupSieve | None] = {}
        for sheet in sheets:
            for r in sheet.rules:
                if DYNAMIC_PSEUDO.search(r.selector):
                    continue
                key = _rightmost_key(r.selector)
                if key is None:
                    self.universal.append(r)
                elif key[0] == "#":
                    self.by_id[key[1:]].append(r)
                elif key[0] == ".":
                    self.by_class[key[1:]].append(r)
                else:
                    self.by_tag[key].append(r)

    def _match(self, rule: Rule, el: Tag) -> bool:
        sel = self._compiled.get(rule.selector, False)
        if sel is False:
            try:
                sel = soupsieve.compile(rule.selector)
            except Exception:  # noqa: BLE001 - selectors soupsieve does not know never match
                sel = None
            self._compiled[rule.selector] = sel
        if sel is None:
            return False
        try:
            return bool(sel.match(el))
        except Exception:  # noqa: BLE001 - a selector that fails to match is no match
            return False

    def prepare(self, tags: list[Tag], parents: list[int | None]) -> None:
        """Match every rule against the whole document at once (rule-major).

        Matching element by element with soupsieve is quadratic in the number of siblings for
        `:nth-child()`-style selectors (Bootstrap has many), which made a page of a few thousand
        elements take minutes. Here each selector is compiled once to XPath (cssselect) and
        evaluated over an lxml mirror of the document, in C; rules whose rightmost id, class or tag
        occurs nowhere in the page are skipped without being evaluated. Selectors cssselect cannot
        translate fall back to one soupsieve `select()` over the document.
        """
        from lxml import etree

        ids, classes, names = set(), set(), set()
        nodes: list[etree._Element] = []
        index: dict[int, int] = {}
        for i, t in enumerate(tags):
            index[id(t)] = i
            names.add(t.name.lower())
            if t.get("id"):
                ids.add(str(t.get("id")))
            cls = t.get("class") or []
            classes.update(cls if isinstance(cls, list) else str(cls).split())
            name = t.name.lower() if re.match(r"^[a-z][a-z0-9-]*$", t.name.lower()) else "x-unknown"
            pid = parents[i]
            node = etree.Element(name) if pid is None else etree.SubElement(nodes[pid], name)
            for k, v in t.attrs.items():
                if re.match(r"^[a-zA-Z_][\w.-]*$", k):
                    try:
                        node.set(k, " ".join(v) if isinstance(v, list) else str(v))
                    except ValueError:
                        continue
            node.set("data-bc-i", str(i))
            nodes.append(node)
        rules: list[Rule] = list(self.universal)
        for k in ids:
            rules += self.by_id.get(k, [])
        for k in classes:
            rules += self.by_class.get(k, [])
        for k in names:
            rules += self.by_tag.get(k, [])
        by_selector: dict[str, list[Rule]] = defaultdict(list)
        for r in rules:
            by_selector[r.selector].append(r)
        matched: list[list[Rule]] = [[] for _ in tags]
        roots = [n for n in nodes if n.getparent() is None]
        soup_root = tags[0] if tags else None
        while soup_root is not None and soup_root.parent is not None:
            soup_root = soup_root.parent
        for selector, rs in by_selector.items():
            hits: list[int] = []
            xp = _xpath(selector)
            if xp is not None:
                for root in roots:
                    try:
                        hits += [int(n.get("data-bc-i")) for n in xp(root) if n.get("data-bc-i") is not None]
                    except etree.XPathError:
                        hits = []
                        xp = None
                        break
            if xp is None and soup_root is not None:
                try:
                    hits = [index[id(t)] for t in soupsieve.select(selector, soup_root) if id(t) in index]
                except Exception:  # noqa: BLE001 - selectors neither engine knows never match
                    hits = []
            for i in hits:
                matched[i].extend(rs)
        self._matched = {id(t): matched[i] for i, t in enumerate(tags)}

    def _candidates(self, el: Tag) -> list[Rule]:
        cands: list[Rule] = list(self.universal)
        if el.get("id"):
            cands += self.by_id.get(str(el.get("id")), [])
        classes = el.get("class") or []
        for c in classes if isinstance(classes, list) else str(classes).split():
            cands += self.by_class.get(c, [])
        cands += self.by_tag.get(el.name.lower(), [])
        seen: set[int] = set()
        out = []
        for r in cands:
            if id(r) not in seen:
                seen.add(id(r))
                if self._match(r, el):
                    out.append(r)
        return out

    def declarations(self, el: Tag) -> list[_Decl]:
        prepared = getattr(self, "_matched", None)
        rules = prepared.get(id(el), []) if prepared is not None else self._candidates(el)
        out = []
        for r in rules:
            for prop, value, imp in r.decls:
                out.append(_Decl(int(imp), r.origin, r.specificity, r.order, prop, value))
        if el.name in SVG_TAGS or (el.parent is not None and getattr(el, "namespace", None) == SVG_NS):
            # SVG presentation attributes: author styles of specificity 0 that any rule overrides
            for attr in PRESENTATION_ATTRS:
                v = el.get(attr)
                if v:
                    out.append(_Decl(0, 1, (0, 0, 0), -1, attr, str(v)))
        style = el.get("style")
        if style:
            for n, (prop, value, imp) in enumerate(parse_inline(str(style))):
                if self.page_base:
                    value = absolutize_urls(value, self.page_base)
                out.append(_Decl(int(imp), 2, (1, 0, 0), 10_000_000 + n, prop, value))
        return out

    def compute(self, el: Tag, parent: dict[str, str] | None) -> dict[str, str]:
        """Computed style of `el` given its parent's computed style (custom properties included)."""
        # inline styles are author styles with the highest specificity, important or not
        decls = sorted(self.declarations(el), key=lambda d: (d.important, d.origin, d.specificity, d.order))
        specified: dict[str, str] = {}
        for d in decls:
            for prop, value in expand(d.prop, d.value):
                specified[prop] = value
        parent = parent or {}
        custom = {k: v for k, v in parent.items() if k.startswith("--")}
        custom.update({k: v for k, v in specified.items() if k.startswith("--")})
        out: dict[str, str] = dict(custom)
        parent_px = float(parent.get("font-size", "16px").rstrip("px") or 16)
        for prop in STYLE_PROPERTIES:
            raw = specified.get(prop)
            if raw is not None:
                raw = resolve_vars(raw, custom)
                if raw is not None and raw.strip().lower() in ("inherit", "unset") and (
                        prop in INHERITED or raw.strip().lower() == "inherit"):
                    raw = parent.get(prop, INITIAL.get(prop, ""))
                elif raw is not None and raw.strip().lower() in ("initial", "unset", "revert"):
                    raw = INITIAL.get(prop, "")
            if raw is None:
                raw = parent.get(prop) if prop in INHERITED and prop in parent else INITIAL.get(prop, "")
            out[prop] = raw
        # derived values, serialized as Chromium does
        out["font-size"] = f"{round(font_px(out['font-size'], parent_px), 2):g}px"
        out["font-weight"] = str(font_weight(out["font-weight"], int(parent.get("font-weight", "400"))))
        color = serialize_color(out["color"], parent.get("color", "rgb(0, 0, 0)"))
        out["color"] = color
        for prop in ("background-color", "outline-color", "fill", "stroke",
                     "border-top-color", "border-right-color", "border-bottom-color", "border-left-color"):
            if out[prop] not in ("none", ""):
                out[prop] = serialize_color(out[prop], color)
        if "display" not in specified:
            out["display"] = default_display(el.name.lower())
        return out


@lru_cache(maxsize=20000)
def _xpath(selector: str):
    from cssselect import GenericTranslator
    from lxml import etree

    try:
        return etree.XPath(GenericTranslator().css_to_xpath(selector))
    except Exception:  # noqa: BLE001 - unsupported pseudo-classes, syntax errors
        return None


def default_display(tag: str) -> str:
    if tag in HIDDEN_TAGS:
        return "none"
    if tag in BLOCK_TAGS:
        return "block"
    return TABLE_DISPLAY.get(tag, "inline")


def _rightmost_key(selector: str) -> str | None:
    """The id, class or tag that the rightmost compound of a selector requires, for indexing."""
    s = re.sub(r"\([^()]*\)", "", selector)
    s = re.sub(r"\[[^\]]*\]", "", s)
    last = re.split(r"\s*[>+~]\s*|\s+", s.strip())[-1] if s.strip() else ""
    m = re.search(r"#([\w-]+)", last)
    if m:
        return "#" + m.group(1)
    m = re.search(r"\.([\w-]+)", last)
    if m:
        return "." + m.group(1)
    m = re.match(r"^([a-zA-Z][\w-]*)", last)
    if m:
        return m.group(1).lower()
    return None
