"""Turn one CDP `DOMSnapshot.captureSnapshot` into the capture's element list.

The snapshot gives, in one round trip, every node of the document with its attributes and, for
every node the browser laid out, the computed styles asked for and its box in document
coordinates. Per-element JavaScript would cost a round trip (or a style recalculation) per node;
this is the pass that keeps a 2,000-element page under 100 ms. Everything here is pure data
processing over the snapshot so it is tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import STYLE_PROPERTIES, Box, Element
from .selectors import SelectorNode, build_selectors

ELEMENT_NODE = 1
TEXT_NODE = 3
DOCUMENT_FRAGMENT_NODE = 11
#: elements whose text is code or metadata, not something a reader sees
NO_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})
#: attributes longer than this are cut (inline data: URIs can be megabytes)
MAX_ATTR_CHARS = 4096


@dataclass
class SnapshotElements:
    """The elements of the main document plus what the rest of the capture needs to find them."""

    elements: list[Element]
    backend_ids: list[int]  # per element: CDP backend node id (for CSS.getPlatformFontsForNode)
    current_src: dict[int, str]  # element id -> currentSrc (img, picture's img, video poster...)
    input_values: dict[int, str]  # element id -> current value of form fields
    no_layout: list[int]  # element ids the browser did not lay out (styles come from elsewhere)
    content_height: float = 0.0
    content_width: float = 0.0
    shadow_skipped: int = 0
    notes: list[str] = field(default_factory=list)


def _rare(strings: list[str], data: dict[str, Any] | None) -> dict[int, str]:
    """RareStringData {index: [...], value: [...]} -> node index -> string."""
    if not data:
        return {}
    return {i: strings[v] for i, v in zip(data.get("index", []), data.get("value", []), strict=False) if v >= 0}


def _rare_int(data: dict[str, Any] | None) -> dict[int, int]:
    if not data:
        return {}
    return dict(zip(data.get("index", []), data.get("value", []), strict=False))


def _attr_value(name: str, value: str) -> str:
    if len(value) > MAX_ATTR_CHARS:
        if value[:5].lower() == "data:":
            head = value.split(",", 1)[0]
            return f"{head},… ({len(value)} characters)"
        return value[:MAX_ATTR_CHARS] + "…"
    return value


def _opacity(v: str | None) -> float:
    try:
        return float(v) if v not in (None, "") else 1.0
    except ValueError:
        return 1.0


def elements_from_snapshot(snap: dict[str, Any], style_props: tuple[str, ...] = STYLE_PROPERTIES) -> SnapshotElements:
    """Elements of the main document (first snapshot document) in document order.

    Pseudo-elements, shadow trees and template contents are left out: no selector reaches them.
    Iframe documents are separate snapshot documents and are not part of the page's element list.
    """
    strings: list[str] = snap["strings"]
    doc = snap["documents"][0]
    nodes = doc["nodes"]
    layout = doc["layout"]
    n_nodes = len(nodes["nodeName"])
    parent_index: list[int] = nodes["parentIndex"]
    node_type: list[int] = nodes["nodeType"]
    node_name: list[int] = nodes["nodeName"]
    node_value: list[int] = nodes.get("nodeValue") or [-1] * n_nodes
    attributes: list[list[int]] = nodes.get("attributes") or [[] for _ in range(n_nodes)]
    backend: list[int] = nodes.get("backendNodeId") or [0] * n_nodes
    pseudo = _rare(strings, nodes.get("pseudoType"))
    shadow = _rare(strings, nodes.get("shadowRootType"))
    current_src_n = _rare(strings, nodes.get("currentSourceURL"))
    input_value_n = _rare(strings, nodes.get("inputValue"))
    content_doc = _rare_int(nodes.get("contentDocumentIndex"))

    # layout: node index -> layout index (the first layout object of a node is its box)
    node_layout: dict[int, int] = {}
    for li, ni in enumerate(layout["nodeIndex"]):
        node_layout.setdefault(ni, li)
    bounds: list[list[float]] = layout["bounds"]
    styles: list[list[int]] = layout["styles"]

    # which nodes are elements we keep: not pseudo, not inside a shadow root or a fragment
    excluded = bytearray(n_nodes)
    elem_of_node: dict[int, int] = {}
    order: list[int] = []
    shadow_skipped = 0
    for i in range(n_nodes):
        p = parent_index[i]
        if p >= 0 and excluded[p]:
            excluded[i] = 1
            continue
        if i in pseudo or node_type[i] == DOCUMENT_FRAGMENT_NODE or i in shadow:
            excluded[i] = 1
            if i in shadow or node_type[i] == DOCUMENT_FRAGMENT_NODE:
                shadow_skipped += 1
            continue
        if node_type[i] == ELEMENT_NODE:
            elem_of_node[i] = len(order)
            order.append(i)

    sel_nodes: list[SelectorNode] = []
    elements: list[Element] = []
    backend_ids: list[int] = []
    current_src: dict[int, str] = {}
    input_values: dict[int, str] = {}
    no_layout: list[int] = []
    prop_index = {p: k for k, p in enumerate(style_props)}
    i_vis, i_op = prop_index.get("visibility"), prop_index.get("opacity")
    i_ov = prop_index.get("overflow")
    i_pos = prop_index.get("position")
    i_disp = prop_index.get("display")

    for eid, ni in enumerate(order):
        tag = strings[node_name[ni]].lower()
        # the nearest kept element ancestor (a text node or comment is never a parent of an element)
        p = parent_index[ni]
        parent = elem_of_node.get(p) if p >= 0 else None
        attrs: dict[str, str] = {}
        a = attributes[ni]
        for k in range(0, len(a) - 1, 2):
            if a[k] < 0:
                continue
            name = strings[a[k]]
            # an empty value is index -1 in the snapshot, not strings[-1]
            attrs[name] = _attr_value(name, strings[a[k + 1]]) if a[k + 1] >= 0 else ""
        sel_nodes.append(SelectorNode(tag=tag, parent=parent, id=attrs.get("id") or None,
                                      classes=attrs.get("class") or None))
        li = node_layout.get(ni)
        box = None
        style: dict[str, str] = {}
        if li is not None:
            b = bounds[li]
            box = Box(float(b[0]), float(b[1]), float(b[2]), float(b[3]))
            vals = styles[li]
            style = {prop: (strings[vals[k]] if k < len(vals) and vals[k] >= 0 else "") for prop, k in prop_index.items()}
        else:
            no_layout.append(eid)
        elements.append(Element(id=eid, tag=tag, selector="", parent=parent, box=box, visible=False,
                                style=style, attrs=attrs, content=[]))
        backend_ids.append(backend[ni])
        if current_src_n.get(ni):
            current_src[eid] = current_src_n[ni]
        if ni in input_value_n:
            input_values[eid] = input_value_n[ni]
        if ni in content_doc:
            pass  # an iframe: its document is captured separately by nobody (yet)

    # content: own text nodes and child elements in document order
    for ni in range(n_nodes):
        if excluded[ni]:
            continue
        p = parent_index[ni]
        if p < 0 or p not in elem_of_node:
            continue
        pe = elements[elem_of_node[p]]
        t = node_type[ni]
        if t == ELEMENT_NODE:
            pe.content.append(elem_of_node[ni])
        elif t == TEXT_NODE and pe.tag not in NO_TEXT_TAGS:
            v = node_value[ni]
            text = strings[v] if v >= 0 else ""
            if not text:
                continue
            if not text.strip():
                # whitespace between inline elements separates words; keep one space of it
                if pe.content and pe.content[-1] != " ":
                    pe.content.append(" ")
                continue
            pe.content.append(text)
    for e in elements:
        while e.content and e.content[-1] == " ":
            e.content.pop()
        if e.content and e.content[0] == " ":
            e.content.pop(0)

    for sel, e in zip(build_selectors(sel_nodes), elements, strict=True):
        e.selector = sel

    # visibility: laid out, non-zero size, not visibility:hidden, effective opacity > 0, and not
    # clipped to (almost) nothing by an overflow:hidden ancestor (sr-only text, email preheaders)
    page_w = float(doc.get("contentWidth") or 0.0)
    eff_opacity = [1.0] * len(elements)
    clip: list[Box | None] = [None] * len(elements)
    for e in elements:
        par = e.parent
        op = _opacity(e.style.get("opacity")) if i_op is not None else 1.0
        eff_opacity[e.id] = op * (eff_opacity[par] if par is not None else 1.0)
        c = clip[par] if par is not None else None
        pos = e.style.get("position") if i_pos is not None else None
        if pos == "fixed":
            c = None
        if e.box is not None and i_ov is not None and e.style.get("overflow", "visible") not in ("visible", "", "clip visible"):
            c = _intersect(c, e.box) if c is not None else e.box
        clip[e.id] = c
        if e.box is None:
            continue
        if i_vis is not None and e.style.get("visibility") in ("hidden", "collapse"):
            continue
        if eff_opacity[e.id] <= 0.0:
            continue
        # text squeezed into a pixel is hidden text (preheaders, sr-only); a 1px rule is not
        least = 1.0 if e.own_text else 0.0
        if e.box.w <= least or e.box.h <= least:
            continue
        # moved off the page (skip links at left: -9999px) is hidden too
        if e.box.right <= 0 or e.box.bottom <= 0 or (page_w > 0 and e.box.x >= page_w):
            continue
        outer = clip[par] if par is not None and pos != "fixed" else None
        if outer is not None:
            inter = _intersect(outer, e.box)
            if inter is None or inter.w <= least or inter.h <= least:
                continue
        e.visible = True
    # display: contents has no box of its own; it shows when any child shows
    if i_disp is not None:
        for e in reversed(elements):
            if e.box is None and e.style.get("display") == "contents":
                e.visible = any(elements[c].visible for c in e.children)

    return SnapshotElements(
        elements=elements,
        backend_ids=backend_ids,
        current_src=current_src,
        input_values=input_values,
        no_layout=no_layout,
        content_height=float(doc.get("contentHeight") or 0.0),
        content_width=float(doc.get("contentWidth") or 0.0),
        shadow_skipped=shadow_skipped,
    )


def _intersect(a: Box | None, b: Box) -> Box | None:
    if a is None:
        return b
    x1, y1 = max(a.x, b.x), max(a.y, b.y)
    x2, y2 = min(a.right, b.right), min(a.bottom, b.bottom)
    if x2 <= x1 or y2 <= y1:
        return Box(x1, y1, 0.0, 0.0)
    return Box(x1, y1, x2 - x1, y2 - y1)


def drop_ignored(elements: list[Element], ignored: set[int]) -> tuple[list[Element], dict[int, int]]:
    """Leave out `ignored` elements and their descendants, renumbering ids, parents and contents.

    Selectors were built on the full document first, so they still resolve in the page.
    Returns the new list and the old id -> new id map.
    """
    if not ignored:
        return elements, {e.id: e.id for e in elements}
    gone: set[int] = set()
    for e in elements:
        if e.id in ignored or (e.parent is not None and e.parent in gone):
            gone.add(e.id)
    remap: dict[int, int] = {}
    kept: list[Element] = []
    for e in elements:
        if e.id in gone:
            continue
        remap[e.id] = len(kept)
        kept.append(e)
    for e in kept:
        e.id = remap[e.id]
        e.parent = remap.get(e.parent) if e.parent is not None else None
        e.content = [c if isinstance(c, str) else remap[c] for c in e.content if isinstance(c, str) or c in remap]
    return kept, remap
