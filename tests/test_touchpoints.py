"""Targets into touchpoints (contract 2): files, kind detection, folders, safe zips, touchpoint maps."""

from __future__ import annotations

import stat
import zipfile

import pytest
from helpers import EXAMPLES, page

from brandcheck.errors import UserError
from brandcheck.touchpoints import load_touchpoint_map, resolve_targets, unsafe_zip_name

EMAIL_HTML = ("<html><head><meta name='x-apple-disable-message-reformatting'></head><body>"
              "<span class='preheader'>hi</span><table role='presentation' width='600'><tr><td>x</td></tr></table>"
              "<a href='#'>Unsubscribe</a></body></html>")


def test_files_and_kind_detection(tmp_path):
    (tmp_path / "index.html").write_text(page("<nav><a href='/'>Home</a></nav><main>x</main>"))
    (tmp_path / "news.html").write_text(EMAIL_HTML)
    (tmp_path / "copy.md").write_text("# Hi\n")
    (tmp_path / "msg.eml").write_text("Subject: x\n\nbody")
    t = resolve_targets(["index.html", "news.html", "copy.md", "msg.eml"], cwd=tmp_path)
    assert [(tp.id, tp.kind) for tp in t.touchpoints] == [
        ("index.html", "website"), ("news.html", "email"), ("copy.md", "document"), ("msg.eml", "email")]
    forced = resolve_targets(["index.html"], kind="landing", cwd=tmp_path).touchpoints[0]
    assert forced.kind == "landing" and forced.kind_given


def test_url_and_bad_targets(tmp_path):
    tp = resolve_targets(["https://acme.example/lp"], cwd=tmp_path).touchpoints[0]
    assert tp.url == "https://acme.example/lp" and tp.kind == "website"
    with pytest.raises(UserError, match="target not found"):
        resolve_targets(["nope.html"], cwd=tmp_path)
    with pytest.raises(UserError, match="unsupported URL scheme"):
        resolve_targets(["ftp://x.example/"], cwd=tmp_path)
    (tmp_path / "data.bin").write_bytes(b"\0\1")
    bad = resolve_targets(["data.bin"], cwd=tmp_path).touchpoints[0]
    assert bad.error and "not a scannable file" in bad.error


def test_folder_scans_pages_and_skips_assets(tmp_path):
    (tmp_path / "site" / "css").mkdir(parents=True)
    (tmp_path / "site" / "a.html").write_text(page("a"))
    (tmp_path / "site" / "sub").mkdir()
    (tmp_path / "site" / "sub" / "b.htm").write_text(page("b"))
    (tmp_path / "site" / "css" / "x.css").write_text("p{}")
    (tmp_path / "site" / "LICENSE.txt").write_text("MIT")
    t = resolve_targets(["site"], cwd=tmp_path)
    assert [tp.id for tp in t.touchpoints] == ["site/a.html", "site/sub/b.htm"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserError, match="nothing to scan"):
        resolve_targets(["empty"], cwd=tmp_path)


def _zip(path, entries: dict[str, bytes], symlink: str | None = None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")


def test_zip_extracts_safely_and_refuses_escapes(tmp_path):
    z = tmp_path / "deliverable.zip"
    _zip(z, {"site/index.html": page("ok").encode(), "../evil.html": b"x", "/abs.html": b"x"}, symlink="site/link.html")
    t = resolve_targets([str(z)], cwd=tmp_path)
    try:
        ids = [tp.id for tp in t.touchpoints]
        assert ids[0] == "deliverable.zip" and "unsafe entries refused" in t.touchpoints[0].error
        assert "../evil.html" in t.touchpoints[0].error and "/abs.html" in t.touchpoints[0].error
        assert "site/link.html (symbolic link)" in t.touchpoints[0].error
        assert ids[1:] == ["deliverable.zip/site/index.html"]
        assert not (tmp_path.parent / "evil.html").exists()
    finally:
        t.cleanup()


def test_zip_total_size_cap(tmp_path, monkeypatch):
    import brandcheck.touchpoints as tpmod

    monkeypatch.setattr(tpmod, "ZIP_MAX_TOTAL", 1000)
    z = tmp_path / "big.zip"
    _zip(z, {"a.html": page("x" * 800).encode(), "b.html": page("y" * 800).encode()})
    t = resolve_targets([str(z)], cwd=tmp_path)
    assert len(t.touchpoints) == 1 and "bytes uncompressed (at most 1000)" in t.touchpoints[0].error
    t.cleanup()


def test_zip_bomb_and_corrupt_zip(tmp_path):
    bomb = tmp_path / "bomb.zip"
    _zip(bomb, {"big.html": b"a" * 5_000_000})
    t = resolve_targets([str(bomb)], cwd=tmp_path)
    assert "compression ratio" in t.touchpoints[0].error
    t.cleanup()
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    t = resolve_targets([str(tmp_path / "broken.zip")], cwd=tmp_path)
    assert "not a readable zip" in t.touchpoints[0].error


@pytest.mark.parametrize("name", ["../x", "a/../../x", "/etc/passwd", "C:/win.ini", "a\\..\\b"])
def test_unsafe_zip_names(name):
    assert unsafe_zip_name(name)


def test_touchpoint_map_example():
    m = load_touchpoint_map(EXAMPLES / "touchpoints.yaml")
    assert m.kit and m.kit.name == "harbor-kettle"
    by_id = {tp.id: tp for tp in m.touchpoints}
    assert by_id["home"].stage == "awareness" and by_id["home"].importance == 5
    assert by_id["welcome"].kind == "email" and by_id["spring-campaign"].kind == "document"


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("touchpoints:\n  - {id: a, url: 'https://x.example', stage: awarenes}\n", "touchpoints.yaml:2: touchpoints[0].stage"),
        ("touchpoints:\n  - {id: a, url: 'https://x.example', importance: 9}\n", "importance must be a whole number"),
        ("touchpoints:\n  - {id: a, url: 'https://x.example', kinds: website}\n", "touchpoints.yaml:2: unknown key 'touchpoints[0].kinds'"),
        ("touchpoints:\n  - {id: a}\n", "needs exactly one of 'url' or 'path'"),
        ("touchpoints:\n  - {id: a, url: x}\n  - {id: a, url: 'https://b.example'}\n", "url must be an http(s) URL"),
        ("kitt: x\ntouchpoints: []\n", "touchpoints.yaml:1: unknown key 'kitt'"),
        ("touchpoints:\n  - {id: a, url: 'https://x.example', crawl: {max_page: 3}}\n", "unknown key 'touchpoints[0].crawl.max_page'"),
    ],
)
def test_touchpoint_map_errors(tmp_path, text, expect):
    f = tmp_path / "touchpoints.yaml"
    f.write_text(text)
    with pytest.raises(UserError) as ei:
        resolve_targets([str(f)], cwd=tmp_path)
    assert expect in ei.value.one_line()


def test_map_with_missing_file_gives_an_error_touchpoint(tmp_path):
    f = tmp_path / "touchpoints.yaml"
    f.write_text("touchpoints:\n  - {id: gone, path: nothere.html, kind: website}\n  - {id: url, url: 'https://a.example/'}\n")
    t = resolve_targets([str(f)], cwd=tmp_path)
    assert t.touchpoints[0].error.endswith("file not found: nothere.html")
    assert t.touchpoints[1].error is None
