"""Crawl rules without a browser: URLs, globs, limits, robots.txt, sitemaps, pacing, fetching."""

from __future__ import annotations

import gzip

from brandcheck.capture.crawler import (
    CrawlPlan,
    FetchResult,
    Frontier,
    HostPacer,
    RobotsCache,
    crawled_id,
    expand_sitemaps,
    fetch_url,
    glob_match,
    normalize_url,
    parse_sitemap,
    plan_crawl,
    strip_credentials,
    url_key,
    user_agent,
)
from brandcheck.capture.options import CaptureOptions
from brandcheck.model import CrawlSpec, Touchpoint


def test_normalize_url_spellings_of_one_page() -> None:
    assert normalize_url("HTTP://Example.COM:80/a/./b/../c?x=1#frag") == "http://example.com/a/c?x=1"
    assert normalize_url("https://example.com:443") == "https://example.com/"
    assert normalize_url("https://example.com:8443/x/") == "https://example.com:8443/x/"
    assert normalize_url("../up", "https://example.com/a/b/page.html") == "https://example.com/a/up"
    assert normalize_url("../../../up", "https://example.com/a/page.html") == "https://example.com/up"
    assert normalize_url("https://user:secret@example.com/p") == "https://example.com/p"
    assert normalize_url("/a b", "https://e.com/") == "https://e.com/a%20b"
    assert normalize_url("/a%20b", "https://e.com/") == "https://e.com/a%20b"


def test_normalize_url_refuses_other_schemes() -> None:
    for bad in ("mailto:a@b.c", "javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x/y", "", "tel:1"):
        assert normalize_url(bad, "https://example.com/") is None


def test_url_key_dedupes_trailing_slash_and_index() -> None:
    assert url_key("https://e.com/about/") == url_key("https://e.com/about")
    assert url_key("https://e.com/docs/index.html") == url_key("https://e.com/docs/")
    assert url_key("https://e.com/") == url_key("https://e.com")
    assert url_key("https://e.com/a?x=1") != url_key("https://e.com/a?x=2")


def test_strip_credentials_and_crawled_id() -> None:
    assert strip_credentials("https://u:p@e.com:8080/x?y#z") == "https://e.com:8080/x?y#z"
    assert crawled_id("home", "https://e.com/blog/post?x=1") == "home:/blog/post?x=1"
    assert "brandcheck/" in user_agent("131.0")


def test_glob_match_paths_and_urls() -> None:
    assert glob_match("https://e.com/blog/2024/post", ["/blog/*"])
    assert not glob_match("https://e.com/shop/item", ["/blog/*"])
    assert glob_match("https://e.com/blog/x", ["https://e.com/blog/**"])
    assert glob_match("https://e.com/a/print?page=2", ["*print*"])
    assert glob_match("https://e.com/x.pdf", ["*.pdf"])


def test_plan_merges_options_over_the_touchpoint_crawl() -> None:
    tp = Touchpoint(id="home", kind="website", source="u", url="https://e.com/",
                    crawl=CrawlSpec(max_pages=50, max_depth=2, include=["/a/*"], exclude=["/b/*"]))
    p = plan_crawl(tp, CaptureOptions())
    assert (p.max_pages, p.max_depth, p.include, p.exclude) == (50, 2, ["/a/*"], ["/b/*"])
    p = plan_crawl(tp, CaptureOptions(max_pages=5, max_depth=1, include=["/c/*"], concurrency=3))
    assert (p.max_pages, p.max_depth, p.include, p.exclude, p.concurrency) == (5, 1, ["/c/*"], ["/b/*"], 3)
    # a page count without a depth follows links a few levels, not zero
    p = plan_crawl(Touchpoint(id="x", kind="website", source="u", url="https://e.com/"), CaptureOptions(max_pages=10))
    assert p.max_depth == 3 and p.is_crawl
    assert not plan_crawl(Touchpoint(id="x", kind="website", source="u", url="https://e.com/"), CaptureOptions()).is_crawl


def _frontier(**kw: object) -> Frontier:
    plan = CrawlPlan(**{"max_pages": 10, "max_depth": 2, **kw})  # type: ignore[arg-type]
    f = Frontier(plan, ["example.com"])
    f.add_entry("https://example.com/")
    return f


def test_frontier_rules() -> None:
    f = _frontier(exclude=["/private/*"])
    assert f.add("/about", 1, "https://example.com/") is None
    assert f.add("https://example.com/about/#team", 1) is None  # same page: not queued twice
    assert f.add("https://www.example.com/contact", 1) is None  # www. is the same site
    assert f.add("https://other.com/", 1) == "other site"
    assert f.add("mailto:x@example.com", 1) == "not an http(s) URL"
    assert f.add("/brochure.pdf", 1, "https://example.com/") == "not an HTML page"
    assert f.add("/private/x", 1, "https://example.com/") == "matched by an exclude glob"
    assert f.add("/deep", 3, "https://example.com/") == "deeper than --max-depth"
    urls = []
    while (q := f.pop()) is not None:
        urls.append(q.url)
    assert urls == ["https://example.com/", "https://example.com/about", "https://www.example.com/contact"]
    reasons = dict(f.skipped)
    assert reasons["https://example.com/brochure.pdf"] == "not an HTML page"
    assert reasons["https://example.com/private/x"] == "matched by an exclude glob"


def test_frontier_include_and_max_pages() -> None:
    f = _frontier(include=["/blog/*"], max_pages=2)
    assert f.add("https://example.com/blog/a", 1) is None
    assert f.add("https://example.com/blog/b", 1) is None
    assert f.add("https://example.com/shop", 1) == "not matched by the include globs"
    assert f.pop() is not None and f.pop() is not None
    assert f.pop() is None  # max_pages reached, one URL left
    assert len(f) == 1


def test_host_pacer_spaces_one_host_only() -> None:
    now = [100.0]
    p = HostPacer(2.0, clock=lambda: now[0])
    assert p.reserve("a") == 0
    assert p.reserve("a") == 2.0
    assert p.reserve("b") == 0
    now[0] = 103.0
    assert p.reserve("a") == 1.0
    p.set_host_delay("c", 5)
    p.reserve("c")
    assert p.reserve("c") == 5.0


def _fetcher(table: dict[str, FetchResult]):  # type: ignore[no-untyped-def]
    calls: list[str] = []

    def fetch(url: str) -> FetchResult:
        calls.append(url)
        return table.get(url, FetchResult(url, 404, error="HTTP 404"))

    fetch.calls = calls  # type: ignore[attr-defined]
    return fetch


def test_robots_rules() -> None:
    robots = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\nUser-agent: brandcheck\nDisallow: /no-bc/\n"
    fetch = _fetcher({"https://a.com/robots.txt": FetchResult("https://a.com/robots.txt", 200, "text/plain", robots),
                      "https://b.com/robots.txt": FetchResult("https://b.com/robots.txt", 503, error="HTTP 503")})
    r = RobotsCache(fetch)
    assert r.allowed("https://a.com/page")
    assert not r.allowed("https://a.com/no-bc/x")
    # the brandcheck group replaces the * group for brandcheck
    assert r.allowed("https://a.com/private/x")
    assert r.allowed("https://c.com/anything")  # robots.txt 404: everything allowed
    assert not r.allowed("https://b.com/page")  # server error: nothing allowed (RFC 9309)
    assert fetch.calls.count("https://a.com/robots.txt") == 1  # cached
    assert r.notes and "b.com" in r.notes[0]


def test_robots_crawl_delay() -> None:
    robots = b"User-agent: *\nDisallow: /x\nCrawl-delay: 3\n"
    r = RobotsCache(_fetcher({"https://a.com/robots.txt": FetchResult("", 200, "", robots)}))
    assert r.crawl_delay("https://a.com/") == 3.0
    assert not r.allowed("https://a.com/x")


URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://a.com/one</loc></url>
  <url><loc> https://a.com/two </loc></url>
  <url><loc>https://evil.com/x</loc></url>
</urlset>"""


def test_parse_sitemap_urlset_index_gzip_and_text() -> None:
    assert parse_sitemap(URLSET) == (["https://a.com/one", "https://a.com/two", "https://evil.com/x"], [])
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://a.com/s1.xml.gz</loc></sitemap></sitemapindex>"""
    assert parse_sitemap(index) == ([], ["https://a.com/s1.xml.gz"])
    assert parse_sitemap(gzip.compress(URLSET))[0][:1] == ["https://a.com/one"]
    assert parse_sitemap(b"https://a.com/x\nnot a url\nhttps://a.com/y\n") == (["https://a.com/x", "https://a.com/y"], [])


def test_parse_sitemap_does_not_expand_entities() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>https://a.com/&lol3;&x;</loc></url></urlset>"""
    pages, _ = parse_sitemap(bomb)
    assert all("root:" not in p and len(p) < 200 for p in pages)


def test_expand_sitemaps_follows_an_index_and_keeps_the_site() -> None:
    idx = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://a.com/s1.xml.gz</loc></sitemap>
      <sitemap><loc>https://evil.com/s.xml</loc></sitemap>
      <sitemap><loc>https://a.com/missing.xml</loc></sitemap></sitemapindex>"""
    fetch = _fetcher({
        "https://a.com/sitemap.xml": FetchResult("", 200, "application/xml", idx),
        "https://a.com/s1.xml.gz": FetchResult("", 200, "application/gzip", gzip.compress(URLSET)),
    })
    pages, notes = expand_sitemaps("https://a.com/sitemap.xml", fetch, 100, ["a.com"])
    assert pages == ["https://a.com/one", "https://a.com/two"]
    assert "https://evil.com/s.xml" not in fetch.calls  # type: ignore[attr-defined]
    assert any("missing.xml" in n for n in notes)
    assert expand_sitemaps("https://a.com/sitemap.xml", fetch, 1, ["a.com"])[0] == ["https://a.com/one"]


def test_fetch_url_never_leaks_credentials_or_reads_files(site) -> None:  # type: ignore[no-untyped-def]
    from conftest import Response

    other = site.base.replace("127.0.0.1", "localhost")
    site.add("/to-other", Response("", 302, {"Location": other + "/landing"}))
    site.add("/landing", Response("ok", 200, content_type="text/plain"))
    site.add("/to-file", Response("", 302, {"Location": "file:///etc/passwd"}))
    site.add("/loop", Response("", 302, {"Location": "/loop"}))
    res = fetch_url(site.url("/to-other"), headers={"Authorization": "Basic c2VjcmV0"}, trusted_sites=["127.0.0.1"])
    assert res.status == 200 and res.body == b"ok"
    sent = {p: h for _m, p, h in site.requests}
    assert "authorization" in sent["/to-other"] and "authorization" not in sent["/landing"]
    res = fetch_url(site.url("/to-file"))
    assert res.error and b"root:" not in res.body
    res = fetch_url(site.url("/loop"), max_redirects=3)
    assert res.error and "redirects" in res.error
    assert site.paths().count("/loop") == 4
    assert fetch_url("file:///etc/passwd").error
