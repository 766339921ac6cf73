"""The PDF report: the HTML report printed through Chromium, for clients.

The print page (html.write_print_html) is the same templates with the overview and every touchpoint
on one page, details expanded and only the first viewport's screenshot per touchpoint; it is
written to a temporary folder, printed to A4 with backgrounds (score colors and swatches are
information), and the folder removed.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from ..model import ScanResult
from .chromium import browser
from .html import write_print_html

LOAD_TIMEOUT_MS = 120_000


def _footer(result: ScanResult) -> str:
    kit = html.escape(result.kit.name)
    return ('<div style="font: 8px system-ui, sans-serif; color: #656d76; width: 100%; padding: 0 12mm; '
            'display: flex; justify-content: space-between;">'
            f'<span>brandcheck · {kit} · {html.escape(result.started_at)}</span>'
            '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')


def write_pdf(result: ScanResult, path: Path) -> Path:
    """Print the report to `path` (A4); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with browser() as b, tempfile.TemporaryDirectory(prefix="brandcheck-pdf-") as tmp:
        page_file = write_print_html(result, Path(tmp))  # after the launch: no Chromium fails fast
        page = b.new_page(viewport={"width": 1100, "height": 1400})
        page.goto(page_file.as_uri(), wait_until="load", timeout=LOAD_TIMEOUT_MS)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.emulate_media(media="print")
        page.pdf(path=str(path), format="A4", print_background=True, display_header_footer=True,
                 header_template="<span></span>", footer_template=_footer(result),
                 margin={"top": "12mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})
        page.close()
    return path
