"""A small Chromium harness for the logo tests on the corpus (not a test module).

It renders a page with Playwright the way the browser capture does for what the logo analyzer
reads: every element with its box (CSS px of the full page, at scroll 0), the computed styles the
model lists, its own text; `<img>` and inline `<svg>` with their files; the full-page screenshot
and crops cut from it. It also resolves CSS selectors in the rendered page to element ids, so
the corpus labels can be compared with findings.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

from brandcheck.model import STYLE_PROPERTIES, Box, Capture, Element, ImageAsset, Touchpoint, View

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]

_COLLECT = """(props) => {
  const all = [document.documentElement, ...document.documentElement.querySelectorAll('*')]
      .filter(e => !['HEAD','SCRIPT','STYLE','META','LINK','TITLE','NOSCRIPT','TEMPLATE'].includes(e.tagName.toUpperCase())
                   && !e.closest('head'));
  const index = new Map(all.map((e, i) => [e, i]));
  const sel = (e) => {
    const parts = [];
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      if (n.id) { parts.unshift('#' + CSS.escape(n.id)); break; }
      const tag = n.tagName.toLowerCase();
      const sibs = n.parentElement ? [...n.parentElement.children].filter(s => s.tagName === n.tagName) : [n];
      parts.unshift(sibs.length > 1 ? `${tag}:nth-of-type(${sibs.indexOf(n) + 1})` : tag);
    }
    return parts.join(' > ');
  };
  window.__bcIndex = index;
  return all.map((e, i) => {
    const r = e.getBoundingClientRect();
    const cs = getComputedStyle(e);
    const style = {};
    for (const p of props) style[p] = cs.getPropertyValue(p);
    const attrs = {};
    for (const a of e.attributes) attrs[a.name] = a.value;
    const text = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' ');
    let parent = e.parentElement; while (parent && !index.has(parent)) parent = parent.parentElement;
    const visible = cs.display !== 'none' && cs.visibility !== 'hidden' && (r.width > 0 || r.height > 0);
    const out = {tag: e.tagName.toLowerCase(), parent: parent ? index.get(parent) : null, selector: sel(e),
                 box: [r.left + scrollX, r.top + scrollY, r.width, r.height], visible, style, attrs, text};
    if (e.tagName === 'IMG') { out.src = e.currentSrc || e.src; out.nat = [e.naturalWidth, e.naturalHeight]; }
    if (e.tagName.toLowerCase() === 'svg' && !(e.parentElement && e.parentElement.closest('svg')))
      out.svg = e.outerHTML;
    return out;
  });
}"""


def chromium_available() -> str | None:
    """None when Chromium and Playwright can run here, else why not."""
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as ex:
        return f"Playwright is not installed ({ex})"
    return None


class Renderer:
    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()

    def capture(self, page_path: Path, folder: Path, kind: str, selectors: list[str]
                ) -> tuple[Capture, dict[str, list[int]]]:
        """Render `page_path` at 1280 x 800; returns the capture and, for each selector, the element
        ids it resolves to."""
        folder.mkdir(parents=True, exist_ok=True)
        page = self.browser.new_page(viewport={"width": 1280, "height": 800})
        try:
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready")
            raw = page.evaluate(_COLLECT, list(STYLE_PROPERTIES))
            resolved = {s: page.evaluate(
                "(s) => [...document.querySelectorAll(s)].map(e => window.__bcIndex.get(e)).filter(i => i !== undefined)",
                s) for s in selectors}
            shot = folder / "shot.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            page.close()
        view = View(viewport=(1280, 800), screenshot="shot.png")
        for i, r in enumerate(raw):
            content: list[str | int] = [r["text"]] if r["text"].strip() else []
            view.elements.append(Element(id=i, tag=r["tag"], selector=r["selector"], parent=r["parent"],
                                         box=Box(*r["box"]), visible=r["visible"], style=r["style"], attrs=r["attrs"],
                                         content=content))
        for i, r in enumerate(raw):
            if r["parent"] is not None:
                view.elements[r["parent"]].content.append(i)
        self._images(view, raw, folder, kind)
        tp = Touchpoint(id=page_path.parent.name, kind=kind, source=str(page_path), path=str(page_path))
        return Capture(touchpoint=tp, method="browser", views=[view], bundle=str(folder)), resolved

    @staticmethod
    def _images(view: View, raw: list[dict], folder: Path, kind_of_page: str) -> None:
        from PIL import Image

        (folder / "images").mkdir(exist_ok=True)
        (folder / "crops").mkdir(exist_ok=True)
        with Image.open(folder / "shot.png") as shot:
            shot.load()
            for i, r in enumerate(raw):
                e = view.elements[i]
                if not e.visible or e.box is None or (e.tag != "img" and "svg" not in r):
                    continue
                file = None
                if "svg" in r:
                    file = f"images/e{i}.svg"
                    (folder / file).write_text(r["svg"], encoding="utf-8")
                    kind, src, nat = "svg", None, None
                else:
                    kind, src, nat = "img", r.get("src"), tuple(r.get("nat") or ()) or None
                    p = Path(unquote(urlparse(src).path)) if src and src.startswith("file:") else None
                    if p is not None and p.is_file():
                        file = f"images/e{i}{p.suffix}"
                        shutil.copyfile(p, folder / file)
                b = e.box
                crop = None
                if 4 <= b.w <= 900 and 4 <= b.h <= 450 and b.bottom <= shot.height:
                    crop = f"crops/e{i}.png"
                    shot.crop((round(b.x), round(b.y), round(b.right), round(b.bottom))).save(folder / crop)
                view.images.append(ImageAsset(kind=kind, element=i, selector=e.selector, src=src, box=b,
                                              natural_size=nat if nat and nat != (0, 0) else None, file=file,
                                              crop=crop))
        if kind_of_page == "email":  # the first image at the top of an email is its header, as the capture says
            first = next((a for a in view.images if a.kind in ("img", "svg")), None)
            if first is not None and first.box is not None and first.box.y < 300:
                first.kind = "email-header"
