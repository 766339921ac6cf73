"""Local deliverables: the root that holds every reference, and a server confined to it."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from brandcheck.capture.server import LocalServer, boundary_for, compute_root, references


def _tree(tmp: Path) -> Path:
    (tmp / "work/sites/a/css").mkdir(parents=True)
    (tmp / "work/sites/a/fonts/files").mkdir(parents=True)
    (tmp / "work/sites/a/img").mkdir(parents=True)
    (tmp / "work/cases/c1").mkdir(parents=True)
    (tmp / "work/shared").mkdir(parents=True)
    (tmp / "work/sites/a/css/site.css").write_text(
        "@import url('../fonts/brand.css');\nbody{background:url(\"../img/bg.png\")}")
    (tmp / "work/sites/a/fonts/brand.css").write_text(
        "@font-face{font-family:B;src:url(files/b.woff2) format('woff2')}")
    (tmp / "work/sites/a/img/bg.png").write_bytes(b"png")
    page = tmp / "work/cases/c1/index.html"
    page.write_text('<link rel="stylesheet" href="../../sites/a/css/site.css">'
                    '<img srcset="../../shared/logo.png 1x, ../../shared/logo@2x.png 2x">'
                    '<a href="https://example.com/x">x</a><img src="data:image/png;base64,AA==">'
                    '<div style="background-image:url(./local.png)"></div>')
    return page


def test_references_of_html_and_css() -> None:
    refs = references('<img src="a.png" srcset="b.png 1x, c.png 2x"><a href="#top"></a><a href="mailto:x"></a>'
                      '<link href="//cdn/x.css"><div style="background:url(\'d.png\')">')
    assert refs == ["a.png", "b.png", "c.png", "d.png"]
    assert references("@import 'x.css'; a{b:url(y.woff2)}", css=True) == ["y.woff2", "x.css"] or \
        set(references("@import 'x.css'; a{b:url(y.woff2)}", css=True)) == {"x.css", "y.woff2"}


def test_root_is_the_common_ancestor_of_everything_referenced(tmp_path: Path) -> None:
    page = _tree(tmp_path)
    root, notes = compute_root(page)
    assert root == (tmp_path / "work").resolve()
    assert notes == []


def test_root_never_widens_to_the_whole_disk(tmp_path: Path) -> None:
    d = tmp_path / "a/b"
    d.mkdir(parents=True)
    page = d / "index.html"
    page.write_text('<img src="../../../../../../../../etc/passwd"><link href="/etc/hosts">')
    root, notes = compute_root(page)
    assert root != Path("/") and root.is_relative_to(boundary_for(page))
    assert notes and "not served" in notes[0]


def test_zip_extraction_folder_bounds_the_root(tmp_path: Path) -> None:
    z = tmp_path / "brandcheck-zip-123" / "site"
    z.mkdir(parents=True)
    page = z / "index.html"
    page.write_text('<img src="../../outside.png"><img src="../inside.png">')
    root, notes = compute_root(page)
    assert root == (tmp_path / "brandcheck-zip-123").resolve()  # widened for ../inside.png, not further
    assert notes and "outside.png" in notes[0]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as ex:
        return ex.code, b""


def test_server_serves_the_root_and_nothing_else(tmp_path: Path) -> None:
    page = _tree(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    link = tmp_path / "work/sites/a/leak.txt"
    os.symlink(secret, link)
    s = LocalServer(tmp_path / "work")
    try:
        assert s.base.startswith("http://127.0.0.1:")
        status, body = _get(s.url_for(page))
        assert status == 200 and b"site.css" in body
        status, body = _get(s.base + "/sites/a/css/site.css")
        assert status == 200
        assert _get(s.base + "/../secret.txt")[0] == 404
        assert _get(s.base + "/%2e%2e/secret.txt")[0] == 404
        assert _get(s.base + "/sites/a/leak.txt")[0] == 404  # a symlink out of the root
        assert _get(s.base + "/sites/a/")[0] == 404  # no directory listings
        assert _get(s.base + "/sites/a/missing.woff2")[0] == 404
        url = s.add_virtual("/cases/c1/mail.html", "text/html", b"<p>virtual</p>")
        assert _get(url) == (200, b"<p>virtual</p>")
    finally:
        s.close()


@pytest.mark.parametrize("name", ["index.html", "a b.html"])
def test_url_for_quotes_names(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_text("<p>x</p>")
    s = LocalServer(tmp_path)
    try:
        assert _get(s.url_for(p)) == (200, b"<p>x</p>")
    finally:
        s.close()
