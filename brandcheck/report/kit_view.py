"""`brandcheck kit check`: the kit as a person reads it, palette as swatches."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..kit import Kit


def _logo_size(path) -> str:
    try:
        if path.suffix.lower() == ".svg":
            from ..capture.static import _natural_size

            size = _natural_size(path)
        else:
            from PIL import Image

            with Image.open(path) as im:
                size = im.size
    except Exception:  # noqa: BLE001 - an unreadable logo is shown as such
        return "unreadable"
    return f"{size[0]}x{size[1]}" if size else "no intrinsic size"


def render_kit(kit: Kit, color: bool = False) -> str:
    buf = io.StringIO()
    c = Console(file=buf, force_terminal=color, no_color=not color, width=110, highlight=False, emoji=False)
    c.print(Text(f"{kit.brand}", style="bold"), Text(f"  {kit.path}", style="dim"))
    c.print(Text(f"digest {kit.digest}", style="dim"))
    if kit.aliases:
        c.print(f"aliases: {', '.join(kit.aliases)}")
    if kit.misspellings:
        c.print(f"known misspellings: {', '.join(kit.misspellings)}")
    if kit.palette or kit.deprecated_colors:
        t = Table(title=f"colors (default tolerance ΔE2000 {kit.tolerance:g})", title_justify="left", box=None)
        for col in ("", "name", "hex", "role", "tolerance", "status"):
            t.add_column(col)
        for k in kit.palette + kit.deprecated_colors:
            sw = Text("    ", style=f"on {k.hex}") if color else Text("")
            status = f"deprecated → {k.replaced_by}" if k.deprecated and k.replaced_by else (
                "deprecated" if k.deprecated else "")
            t.add_row(sw, k.name, k.hex, k.role or "", f"{k.tolerance:g}", status)
        c.print(t)
    if kit.families:
        t = Table(title="typography", title_justify="left", box=None)
        for col in ("family", "role", "weights"):
            t.add_column(col)
        for f in kit.families:
            t.add_row(f.family, f.role or "", ", ".join(map(str, f.weights)) if f.weights else "any")
        c.print(t)
        if kit.fallbacks:
            c.print(f"allowed fallbacks: {', '.join(kit.fallbacks)}")
    if kit.logos or kit.deprecated_logos:
        t = Table(title="logos", title_justify="left", box=None)
        for col in ("name", "file", "size", "min width", "clear space", "status"):
            t.add_column(col)
        for lg in kit.logos + kit.deprecated_logos:
            rel = lg.file.relative_to(kit.path) if lg.file.is_relative_to(kit.path) else lg.file
            status = f"deprecated → {lg.replaced_by}" if lg.deprecated else ""
            t.add_row(lg.name, str(rel), _logo_size(lg.file),
                      f"{lg.min_width_px:g}px" if lg.min_width_px else "",
                      f"{lg.clear_space:g} × height" if lg.clear_space else "", status)
        c.print(t)
    v = kit.voice
    lines = []
    if v.language:
        lines.append(f"language: {v.language}")
    for term in v.terminology:
        lines.append(f"use '{term.use}', not {', '.join(repr(n) for n in term.not_)}")
    if v.banned:
        lines.append(f"banned: {', '.join(v.banned)}")
    for kind, phrases in v.required.items():
        lines.append(f"required in {kind}: {', '.join(phrases)}")
    if v.max_grade is not None:
        lines.append(f"readability: grade {v.max_grade:g} at most")
    st = v.style
    for key in ("max_exclamations_per_100_words", "all_caps_sentences", "max_sentence_words", "passive_voice",
                "person"):
        val = getattr(st, key)
        if val is not None:
            lines.append(f"{key}: {val}")
    if lines:
        c.print(Text("voice", style="bold"))
        for line in lines:
            c.print(f"  {line}")
    c.print(Text("kit OK", style="green"))
    return buf.getvalue()
