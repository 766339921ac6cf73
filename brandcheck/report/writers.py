"""Format name -> writer. A writer takes the result and its target path (None: standard output)
and returns the text to write, or writes files itself (HTML, PDF) and returns None."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model import ScanResult


def _text(result: ScanResult, target: Path | None) -> str:
    from .text import render_text

    return render_text(result, color=False)


def _json(result: ScanResult, target: Path | None) -> str:
    from .json_report import render_json

    return render_json(result)


def _sarif(result: ScanResult, target: Path | None) -> str:
    from .sarif import render_sarif

    return render_sarif(result)


def _junit(result: ScanResult, target: Path | None) -> str:
    from .junit import render_junit

    return render_junit(result)


def _html(result: ScanResult, target: Path | None) -> None:
    from .html import write_html

    assert target is not None
    write_html(result, target)


def _pdf(result: ScanResult, target: Path | None) -> None:
    from .pdf import write_pdf

    assert target is not None
    write_pdf(result, target)


WRITERS: dict[str, Callable[[ScanResult, Path | None], str | None]] = {
    "text": _text, "json": _json, "sarif": _sarif, "junit": _junit, "html": _html, "pdf": _pdf,
}
