"""Vale rules inside a scan: every enabled Vale rule linted over a touchpoint's text once.

Vale rules come from two places: rule files with `extends:` in a rules folder (always on, at their
own level and scope) and a `.vale.ini` given with `--vale-config` (on where its sections and
`BasedOnStyles` say, for a file named like the touchpoint). A page is linted as one HTML document
rebuilt from its text blocks, each block in an element of its role (`<h2>` for headings, `<li>`,
`<p>`...), so Vale's scopes (heading, paragraph, list, alt, summary) and document-wide rules
(consistency, repetition, occurrence, readability) behave as they do in Vale; each alert's
offsets are mapped back to its block, then to the innermost element. Copy files are linted as
written (Markdown or text), so alerts keep Vale's own line and column.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...analyze.context import Context, measurement
from ...analyze.text import TextBlock, span_location
from ...errors import RuleFileError
from ...model import Location
from ..loader import LEVELS, Rule
from ..registry import Outcome, Pass, Violation

ROLE_TAGS = {"heading": "h2", "alt": None, "title": None}


def rules_from_vale_config(ini: Path) -> list[Rule]:
    """Every rule a .vale.ini can enable, as brandcheck rules that remember their config."""
    from ...vale import load_config
    from ...vale.lint import load_rules

    if not ini.is_file():
        raise RuleFileError("Vale config not found", str(ini))
    config = load_config(ini)
    out = []
    for name, vrule in load_rules(config).items():
        r = Rule(id=name, kind=f"vale.{vrule.extends}", category="tone", message=str(vrule.message or ""),
                 level=LEVELS.get(str(vrule.level), "warning"), path=Path(str(getattr(vrule, "path", ini))),
                 tags=["vale"], description=str(vrule.message or ""), link=getattr(vrule, "link", None) or None,
                 vale=vrule)
        r.params["vale_config"] = config
        out.append(r)
    return out


@dataclass
class _Placed:
    block: TextBlock | None
    start: int
    end: int


@dataclass
class ValeAlerts:
    by_check: dict[str, list[tuple[Any, _Placed]]]


def _touchpoint_name(ctx: Context) -> str:
    """The file name Vale's glob sections are matched against."""
    tp = ctx.touchpoint
    if tp.path:
        return Path(tp.path).name
    if ctx.capture.text is not None:
        return "copy.md" if ctx.capture.text_format == "markdown" else "copy.txt"
    return "page.html"


def _active(ctx: Context, name: str) -> tuple[list[Any], Any]:
    from ...vale.lint import ActiveRule, active_rules

    rules: list[Rule] = list(ctx.settings.vale_rules)
    active: list[Any] = []
    config = None
    by_config: dict[int, tuple[Any, dict[str, Any]]] = {}
    for r in rules:
        cfg = r.params.get("vale_config")
        if cfg is None:
            active.append(ActiveRule(r.vale, r.level if r.level != "info" else "suggestion", tuple(r.vale.scope)))
        else:
            by_config.setdefault(id(cfg), (cfg, {}))[1][r.id] = r.vale
    for cfg, rules_of in by_config.values():
        config = cfg
        acts, _styles = active_rules(cfg, rules_of, name)
        active.extend(acts)
    return active, config


def _page_document(blocks: list[TextBlock]) -> tuple[str, list[tuple[int, TextBlock, list[int]]]]:
    """An HTML document of the blocks; for each block, where its text starts and a map from
    source offsets (after escaping) back to offsets in the block's text."""
    parts = ["<html><body>\n"]
    pos = len(parts[0])
    index: list[tuple[int, TextBlock, list[int]]] = []
    for b in blocks:
        if b.role == "alt":
            open_, close = '<p class="alt">', "</p>\n"
        else:
            tag = ROLE_TAGS.get(b.role, "p") or "p"
            open_, close = f"<{tag}>", f"</{tag}>\n"
        parts.append(open_)
        pos += len(open_)
        back: list[int] = []
        esc_parts = []
        for i, ch in enumerate(b.text):
            e = html.escape(ch, quote=False) if ch in "&<>" else (" " if ch == "\n" else ch)
            esc_parts.append(e)
            back.extend([i] * len(e))
        back.append(len(b.text))
        esc = "".join(esc_parts)
        index.append((pos, b, back))
        parts.append(esc)
        parts.append(close)
        pos += len(esc) + len(close)
    parts.append("</body></html>\n")
    return "".join(parts), index


@measurement("vale_alerts")
def vale_alerts(ctx: Context) -> ValeAlerts:
    from ...vale.lint import lint_source

    out: dict[str, list[tuple[Any, _Placed]]] = {}
    if not ctx.settings.vale_rules:
        return ValeAlerts(out)
    name = _touchpoint_name(ctx)
    active, config = _active(ctx, name)
    if not active:
        return ValeAlerts(out)
    cap = ctx.capture
    if cap.text is not None:
        fmt = "markdown" if cap.text_format == "markdown" else "text"
        ext = ".md" if fmt == "markdown" else ".txt"
        for a in lint_source(cap.text, name, active, fmt, ext, config):
            out.setdefault(a.check, []).append((a, _Placed(None, a.span[0], a.span[1])))
        return ValeAlerts(out)
    blocks: list[TextBlock] = ctx.get("text_blocks")
    source, index = _page_document(blocks)
    starts = [s for s, _, _ in index]
    import bisect

    for a in lint_source(source, name, active, "html", ".html", config):
        s, e = a.span
        i = bisect.bisect_right(starts, s) - 1
        if i < 0:
            continue
        start, block, back = index[i]
        rel_s, rel_e = s - start, e - start
        if rel_s < 0 or rel_s >= len(back):
            continue
        bs = back[rel_s]
        be = back[min(max(rel_e, rel_s), len(back) - 1)]
        out.setdefault(a.check, []).append((a, _Placed(block, bs, max(be, bs + 1))))
    return ValeAlerts(out)


def evaluate_vale_rule(rule: Rule, ctx: Context) -> Iterable[Outcome]:
    alerts: ValeAlerts = ctx.get("vale_alerts")
    dom = ctx.get("dom") if ctx.view is not None else None
    for a, placed in alerts.by_check.get(rule.id, []):
        severity = "info" if a.severity == "suggestion" else a.severity
        suggestion = None
        if a.action.name == "replace" and a.action.params:
            suggestion = f"use {' or '.join(repr(p) for p in a.action.params)}"
        elif a.action.name == "remove":
            suggestion = f"remove '{a.match}'"
        if placed.block is not None:
            loc, eid = span_location(placed.block, placed.start, placed.end, dom)
            loc.text = a.match or loc.text
            evidence = {"context": {"text": placed.block.text[:2000], "span": [placed.start, placed.end]}}
        else:
            loc, eid = Location(text=a.match, line=a.line, column=a.column, span=[a.span[0], a.span[1]]), None
            evidence = {}
        if a.link:
            evidence["link"] = a.link
        yield Violation({"__message__": a.message}, loc, observed=a.match, expected=None, element=eid,
                        key=f"{a.match}", severity=severity, suggestion=suggestion, evidence=evidence)
    yield Pass()
