"""The text report: per touchpoint, grouped by category, colors as swatches, one summary line.

Written with rich so that a terminal shows swatches and severities in color, while a file or a
CI log gets the same lines as plain text.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict

from rich.console import Console
from rich.text import Text

from ..color import is_hex
from ..model import ScanResult, TouchpointResult
from .summary import gate_failed, outcome_groups, summarize

SEVERITY_STYLE = {"error": ("✖", "bold red"), "warning": ("▲", "yellow"), "info": ("●", "cyan")}
_HEX_IN_TEXT = re.compile(r"#[0-9A-Fa-f]{6}\b")


def _swatched(message: str, color: bool) -> Text:
    """The message with a small swatch after every hex color it names."""
    out = Text()
    pos = 0
    for m in _HEX_IN_TEXT.finditer(message):
        out.append(message[pos:m.end()])
        if color and is_hex(m.group(0)):
            out.append(" ")
            out.append("  ", style=f"on {m.group(0)}")
        pos = m.end()
    out.append(message[pos:])
    return out


def _where(f) -> str:
    loc = f.location
    parts = []
    if loc.selector:
        parts.append(loc.selector)
    if loc.line:
        parts.append(f"line {loc.line}")
    if loc.bbox:
        x, y, w, h = (round(v) for v in loc.bbox)
        parts.append(f"box {x},{y} {w}x{h}")
    if loc.text and (not loc.selector or f.category == "tone"):
        t = " ".join(loc.text.split())
        t = t if len(t) < 60 else t[:57] + "…"
        parts.append(f'"{t}"')
    return " · ".join(parts)


def render_touchpoint(console: Console, tr: TouchpointResult, color: bool) -> None:
    tp = tr.touchpoint
    head = Text()
    head.append(f"{tp.id}", style="bold")
    head.append(f"  {tp.kind}")
    if tp.stage:
        head.append(f" · {tp.stage}")
    if tr.status == "error":
        head.append("  could not be captured", style="bold red")
        console.print(head)
        console.print(Text(f"    {tr.error}", style="red"))
        return
    head.append(f"  score {tr.score:g}" if tr.score is not None else "")
    if tr.capture:
        head.append(f"  ({tr.capture.method} capture)", style="dim")
    console.print(head)
    by_cat = defaultdict(list)
    for f in tr.findings:
        by_cat[f.category].append(f)
    for cat in sorted(by_cat):
        console.print(Text(f"  {cat}", style="bold"))
        order = {"error": 0, "warning": 1, "info": 2}
        for f in sorted(by_cat[cat], key=lambda f: (f.outcome != "violation", order[f.severity], f.rule)):
            icon, style = SEVERITY_STYLE[f.severity]
            line = Text("    ")
            if f.outcome == "needs_review":
                line.append("? review ", style="magenta")
            else:
                line.append(f"{icon} {f.severity:<7} ", style=style)
            line.append(f"{f.rule}  ", style="dim")
            line.append_text(_swatched(f.message, color))
            if f.baselined:
                line.append("  [baselined]", style="dim")
            console.print(line)
            where = _where(f)
            if where:
                console.print(Text(f"        at {where}", style="dim"))
            if f.suggestion:
                console.print(Text(f"        suggestion: {f.suggestion}", style="green"))
    groups = outcome_groups(tr)
    tail = (f"  passes {len(groups['passes'])} · needs review {len(groups['needs_review'])} · "
            f"not applicable {len(groups['inapplicable'])}")
    if groups["errors"]:
        tail += f" · rule errors {len(groups['errors'])}"
    console.print(Text(tail, style="dim"))
    for err in groups["errors"]:
        console.print(Text(f"    rule error {err['rule']}: {err['error']}", style="red"))
    if tr.capture:
        for note in tr.capture.notes:
            console.print(Text(f"  note: {note}", style="dim"))


def render_text(result: ScanResult, color: bool = False, width: int = 120) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                      emoji=False, color_system="truecolor" if color else None)
    s = summarize(result)
    console.print(Text(f"brandcheck {result.tool_version} · kit {result.kit.name} ({result.kit.digest[:19]}) · "
                       f"{s['touchpoints']} touchpoint(s)", style="bold"))
    console.print()
    for tr in result.touchpoints:
        render_touchpoint(console, tr, color)
        console.print()
    for e in result.rule_errors[:20]:
        console.print(Text(f"rule error: {e}", style="red"))
    if result.stale_baseline:
        console.print(Text(f"stale baseline entries ({len(result.stale_baseline)}): no longer found", style="yellow"))
        for e in result.stale_baseline[:20]:
            console.print(Text(f"  {e['fingerprint']}  {e.get('rule')} on {e.get('touchpoint')}: "
                               f"{e.get('message', '')[:100]}", style="dim"))
    for note in result.notes:
        console.print(Text(f"note: {note}", style="dim"))
    n = s["findings"]
    failed = gate_failed(result, result.fail_on)
    summary = Text()
    summary.append(f"{n['error']} error(s), {n['warning']} warning(s), {n['info']} info")
    if s["needs_review"]:
        summary.append(f" · {s['needs_review']} need review")
    if s["baselined"]:
        summary.append(f" · {s['baselined']} baselined")
    if s["capture_errors"]:
        summary.append(f" · {s['capture_errors']} touchpoint(s) not captured")
    if s["score"] is not None:
        summary.append(f" · mean score {s['score']:g}")
    summary.append(" · gate ")
    summary.append("FAIL" if failed else "PASS", style="bold red" if failed else "bold green")
    summary.append(f" (fail-on {result.fail_on})")
    console.print(summary)
    return buf.getvalue()


