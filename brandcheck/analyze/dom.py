"""The captured DOM as a tree analyzers can walk: ancestry, page regions, roles, selectors.

Roles decide which rules apply where (a heading is judged against the heading family, legal text
is spared the tone of voice rules that fit marketing copy), so they are computed once, here, from
tags, ARIA roles, classes and the region an element sits in (header, nav, main, footer).
Selectors from the config (`ignore.selectors`) and from rules are resolved against the captured
tree with lxml + cssselect, so they work on a saved bundle as well as on a live page.
"""

from __future__ import annotations

import re
from functools import cached_property

from ..model import Element, View
from .context import Context, measurement

HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BUTTON_CLASS = re.compile(r"(^|[\s_-])(btn|button|cta)([\s_-]|$)", re.I)
_FOOTER_CLASS = re.compile(r"(^|[\s_-])(footer|copyright|colophon)([\s_-]|$)", re.I)
_HEADER_CLASS = re.compile(r"(^|[\s_-])(header|masthead|navbar|topbar|site-header|email-masthead)([\s_-]|$)", re.I)
_NAV_CLASS = re.compile(r"(^|[\s_-])(nav|navbar|menu|navigation)([\s_-]|$)", re.I)
_LEGAL_TEXT = re.compile(r"©|\(c\)\s*\d{4}|copyright|all rights reserved|privacy policy|terms of (use|service)|"
                         r"unsubscribe|\binc\.?$|\bltd\.?$|\bllc\b", re.I)


class Dom:
    def __init__(self, view: View) -> None:
        self.view = view
        self.elements = view.elements

    def el(self, eid: int) -> Element:
        return self.elements[eid]

    def ancestors(self, eid: int) -> list[int]:
        out = []
        p = self.elements[eid].parent
        while p is not None:
            out.append(p)
            p = self.elements[p].parent
        return out

    def is_within(self, eid: int, ancestor: int) -> bool:
        return eid == ancestor or ancestor in self.ancestors(eid)

    def subtree(self, eid: int) -> list[int]:
        out, stack = [], [eid]
        while stack:
            e = stack.pop()
            out.append(e)
            stack.extend(reversed(self.elements[e].children))
        return out

    # ------------------------------------------------------------------ regions and roles
    @cached_property
    def regions(self) -> list[frozenset[str]]:
        """For every element, the page regions it sits in: header, nav, main, footer."""
        out: list[frozenset[str]] = []
        for e in self.elements:
            inherited = out[e.parent] if e.parent is not None and e.parent < len(out) else frozenset()
            own = set()
            role = e.attrs.get("role", "").lower()
            cls = e.attrs.get("class", "")
            if e.tag == "header" or role == "banner" or _HEADER_CLASS.search(cls):
                own.add("header")
            if e.tag == "nav" or role == "navigation" or (e.tag in ("div", "ul") and _NAV_CLASS.search(cls)):
                own.add("nav")
            if e.tag == "footer" or role == "contentinfo" or _FOOTER_CLASS.search(cls):
                own.add("footer")
            if e.tag == "main" or role == "main":
                own.add("main")
            out.append(inherited | own if own else inherited)
        return out

    @cached_property
    def roles(self) -> list[str]:
        """The role of each element's own text: heading, button, link, nav, footer, legal or body."""
        out: list[str] = []
        for e in self.elements:
            out.append(self._role(e, out))
        return out

    def _role(self, e: Element, done: list[str]) -> str:
        parent_role = done[e.parent] if e.parent is not None and e.parent < len(done) else None
        role_attr = e.attrs.get("role", "").lower()
        regions = self.regions[e.id]
        text = e.own_text
        if "footer" in regions and (_LEGAL_TEXT.search(text) or e.tag == "small"):
            return "legal"
        if parent_role == "legal":
            return "legal"
        if e.tag == "button" or role_attr == "button" or (e.tag == "input" and e.attrs.get("type") in (
                "submit", "button", "reset")) or (e.tag == "a" and _BUTTON_CLASS.search(e.attrs.get("class", ""))):
            return "button"
        if parent_role == "button":
            return "button"
        if e.tag in HEADING_TAGS or role_attr == "heading":
            return "heading"
        if parent_role == "heading":
            return "heading"
        if "nav" in regions:
            return "nav"
        if e.tag == "a" and e.attrs.get("href") is not None:
            return "link"
        if parent_role == "link":
            return "link"
        if "footer" in regions:
            return "footer"
        return "body"

    # ------------------------------------------------------------------ selectors
    @cached_property
    def _tree(self):
        from lxml import etree

        nodes: list[etree._Element] = []
        root = None
        for e in self.elements:
            tag = e.tag if re.match(r"^[a-zA-Z][\w-]*$", e.tag) else "x-unknown"
            if e.parent is None or e.parent >= len(nodes):
                node = etree.Element(tag) if root is None else etree.SubElement(root, tag)
                if root is None:
                    root = node
            else:
                node = etree.SubElement(nodes[e.parent], tag)
            for k, v in e.attrs.items():
                if re.match(r"^[a-zA-Z_][\w.-]*$", k):
                    try:
                        node.set(k, v)
                    except ValueError:
                        continue
            node.set("data-bc-eid", str(e.id))
            nodes.append(node)
        return root

    def select(self, selector: str) -> set[int]:
        """Ids of the elements a CSS selector matches; an invalid selector matches nothing."""
        from cssselect import GenericTranslator, SelectorError

        root = self._tree
        if root is None:
            return set()
        try:
            xpath = GenericTranslator().css_to_xpath(selector)
        except SelectorError:
            return set()
        found = root.xpath(xpath)
        return {int(n.get("data-bc-eid")) for n in found if n.get("data-bc-eid") is not None}

    def select_subtrees(self, selectors: list[str]) -> set[int]:
        """Every element matched by one of the selectors, with all its descendants."""
        out: set[int] = set()
        for s in selectors:
            for eid in self.select(s):
                out.update(self.subtree(eid))
        return out


@measurement("dom")
def dom(ctx: Context) -> Dom:
    view = ctx.view
    if view is None:
        return Dom(View(viewport=(0, 0)))
    return Dom(view)


@measurement("ignored")
def ignored(ctx: Context) -> set[int]:
    """Element ids the config tells us to ignore (cookie banners, chat widgets, partner logos)."""
    if not ctx.settings.ignore_selectors:
        return set()
    return ctx.get("dom").select_subtrees(ctx.settings.ignore_selectors)
