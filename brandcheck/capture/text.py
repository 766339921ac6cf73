"""Copy touchpoints: Markdown or plain-text files delivered as documents.

Nothing is rendered; the text itself is the artifact, checked by the tone rules (and by Vale
rules with Markdown scoping).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CaptureError
from ..model import Capture, Touchpoint


def capture_copy(tp: Touchpoint, folder: Path) -> Capture:
    assert tp.path
    p = Path(tp.path)
    try:
        raw = p.read_bytes()
    except OSError as ex:
        raise CaptureError(f"{tp.source}: cannot read: {ex.strerror}") from None
    if b"\0" in raw[:8192]:
        raise CaptureError(f"{tp.source}: not a text file (binary content)")
    notes = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        notes.append(f"{tp.source}: not UTF-8; read as Windows-1252")
    fmt = "markdown" if p.suffix.lower() in (".md", ".markdown") else "text"
    return Capture(touchpoint=tp, method="text", url=p.resolve().as_uri(), text=text, text_format=fmt,
                   notes=notes, bundle=str(folder))
