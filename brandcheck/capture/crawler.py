"""Crawl rules: which URLs a crawl visits, in which order, and which it must leave alone.

Everything here is plain Python without a browser, so the rules (normalisation, same-site links,
globs, robots.txt, sitemaps, limits, per-host pacing) are unit-tested on their own and the browser
capture only asks "what next?" and "may I?". Fetches that are not page renders (robots.txt,
sitemaps) go through `fetch_url`, which follows redirects itself so that credentials are never
sent to another host and a redirect can never lead to a `file:` URL.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import posixpath
import re
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from .. import __version__ as _version
from ..model import Touchpoint
from .options import CaptureOptions

#: the product token robots.txt rules are matched against
ROBOTS_AGENT = "brandcheck"
#: a crawl asked for more than one page without a depth follows links this deep
DEFAULT_CRAWL_DEPTH = 3
#: sitemap files and robots.txt larger than this are cut (a sitemap may hold 50,000 URLs in ~10 MB)
MAX_SITEMAP_BYTES = 50_000_000
MAX_ROBOTS_BYTES = 500_000
MAX_SITEMAP_FILES = 50
#: links to these are not pages; they are listed as skipped without being requested
NON_HTML_SUFFIXES = frozenset({
    ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".dmg", ".exe", ".msi", ".pkg",
    ".deb", ".rpm", ".apk", ".iso", ".bin", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg",
    ".ico", ".bmp", ".tif", ".tiff", ".heic", ".mp3", ".mp4", ".m4a", ".m4v", ".mov", ".avi", ".webm",
    ".ogg", ".ogv", ".wav", ".flac", ".mkv", ".wmv", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
    ".odt", ".ods", ".odp", ".csv", ".json", ".txt", ".rss", ".atom", ".xml", ".ics", ".vcf", ".woff",
    ".woff2", ".ttf", ".otf", ".eot", ".css", ".js", ".mjs", ".map", ".wasm"
})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def user_agent(browser_version: str | None = None) -> str:
    """A user agent that names brandcheck, as a polite crawler should, while still looking like the
    Chrome it is: sites that sniff for "HeadlessChrome" or unknown agents would otherwise serve a
    different (or no) page, and the capture is about the page people see."""
    chrome = browser_version or "120.0.0.0"
    return (f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} "
            f"Safari/537.36 brandcheck/{_version} (+https://github.com/brandcheck/brandcheck)")


# --------------------------------------------------------------------------- URLs


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical spelling of an http(s) URL, or None for anything else (mailto:, file:,
    javascript:, data:...). Fragments and user info go, scheme and host are lower-cased, default
    ports and dot segments removed, so one page reached by two spellings is crawled once."""
    url = (url or "").strip()
    if not url:
        return None
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = parts.path or "/"
    # resolve dot segments the way a browser does, keeping a trailing slash
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    if trailing and not path.endswith("/"):
        path += "/"
    path = quote(unquote(path), safe="/%:@!$&'()*+,;=-._~")
    query = parts.query
    return urlunsplit((scheme, netloc, path, query, ""))


def url_key(url: str) -> str:
    """The key two URLs are the same page under: the normalised URL without a trailing slash
    (`/about` and `/about/` are one page on nearly every site) and without an empty index file."""
    n = normalize_url(url) or url
    parts = urlsplit(n)
    path = re.sub(r"/(index|default)\.(html?|php|aspx?)$", "/", parts.path, flags=re.I)
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def strip_credentials(url: str) -> str:
    """The URL without `user:password@`, for anything that is written down (ids, bundles, reports)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def site_of(host: str) -> str:
    """Hosts that are one site: `www.example.com` and `example.com`."""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_allowed_host(url: str, allowed_sites: Iterable[str]) -> bool:
    return site_of(host_of(url)) in set(allowed_sites)


def looks_non_html(url: str) -> bool:
    """True when the URL's path names a file that is not a page (by its suffix)."""
    path = urlsplit(url).path.lower()
    if path.endswith(".xml.gz"):
        return True
    return posixpath.splitext(path)[1] in NON_HTML_SUFFIXES


def looks_like_sitemap(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith((".xml", ".xml.gz")) or "sitemap" in posixpath.basename(path)


def glob_match(url: str, patterns: Iterable[str]) -> bool:
    """Whether a URL matches any glob. A pattern with a scheme matches the whole URL; one without
    matches the path (plus query), so `/blog/*` works on any host. `*` crosses `/` (as in
    Screaming Frog and most crawlers' include lists); `**` is accepted as a synonym."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    for pat in patterns:
        p = pat.strip().replace("**", "*")
        if not p:
            continue
        target = url if re.match(r"^[a-z][a-z0-9+.-]*://", p, re.I) else path
        if not p.startswith(("/", "*")) and target is path:
            p = "*" + p
        if fnmatch.fnmatchcase(target, p):
            return True
    return False


# --------------------------------------------------------------------------- the plan


@dataclass
class CrawlPlan:
    """The effective crawl of one entry: the options merged with the touchpoint's crawl spec."""

    max_pages: int = 1
    max_depth: int = 0
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    ignore_robots: bool = False
    concurrency: int = 1
    per_host_delay: float = 0.0
    max_redirects: int = 10

    @property
    def is_crawl(self) -> bool:
        return self.max_pages > 1


def plan_crawl(tp: Touchpoint, options: CaptureOptions) -> CrawlPlan:
    """Options given on the command line win over the touchpoint map's crawl spec.

    A crawl that asks for more than one page but gives no depth (the map's default depth is 0) follows
    links `DEFAULT_CRAWL_DEPTH` deep: "max_pages: 50" alone would otherwise mean one page.
    """
    spec = tp.crawl
    max_pages = options.max_pages if options.max_pages is not None else (spec.max_pages if spec else 1)
    max_pages = max(1, int(max_pages))
    if options.max_depth is not None:
        max_depth = int(options.max_depth)
    elif spec is not None and spec.max_depth > 0:
        max_depth = spec.max_depth
    else:
        max_depth = DEFAULT_CRAWL_DEPTH if max_pages > 1 else 0
    return CrawlPlan(
        max_pages=max_pages,
        max_depth=max(0, max_depth),
        include=list(options.include or (spec.include if spec else [])),
        exclude=list(options.exclude or (spec.exclude if spec else [])),
        ignore_robots=options.ignore_robots,
        concurrency=max(1, int(options.concurrency or 1)),
        per_host_delay=max(0.0, float(options.per_host_delay or 0.0)),
        max_redirects=max(0, int(options.max_redirects)),
    )


@dataclass
class QueuedURL:
    url: str
    depth: int
    referrer: str | None = None


class Frontier:
    """Breadth-first queue of URLs still to visit, with every rule that keeps a URL out of it.

    The entry URLs are always accepted (the user named them); discovered URLs must be on the
    entry's site, pass the include/exclude globs, be pages (not PDFs or images), lie within the
    depth limit and not have been seen under another spelling. `skipped` lists what was left out
    and why, for the report.
    """

    def __init__(self, plan: CrawlPlan, allowed_sites: Iterable[str]) -> None:
        self.plan = plan
        self.allowed_sites = {site_of(s) for s in allowed_sites}
        self._queue: deque[QueuedURL] = deque()
        self._seen: set[str] = set()
        self.skipped: list[tuple[str, str]] = []
        self._skipped_keys: set[str] = set()
        self.taken = 0  # URLs handed out (each becomes a capture or an error)

    def allow_site(self, host: str) -> None:
        """A redirect of an entry URL (http -> https, example.com -> www.example.com) widens the site."""
        self.allowed_sites.add(site_of(host))

    def seen(self, url: str) -> bool:
        return url_key(url) in self._seen

    def mark_seen(self, url: str) -> None:
        self._seen.add(url_key(url))

    def _skip(self, url: str, reason: str) -> str:
        k = url_key(url)
        if k not in self._skipped_keys and len(self.skipped) < 10_000:
            self._skipped_keys.add(k)
            self.skipped.append((url, reason))
        return reason

    def add_entry(self, url: str) -> None:
        n = normalize_url(url) or url
        self.allow_site(host_of(n))
        if not self.seen(n):
            self.mark_seen(n)
            self._queue.append(QueuedURL(n, 0))

    def add(self, url: str, depth: int, referrer: str | None = None, robots: RobotsCache | None = None) -> str | None:
        """Queue a discovered URL; returns why it was refused (None when queued or already known)."""
        n = normalize_url(url, referrer)
        if n is None:
            return "not an http(s) URL"
        if self.seen(n):
            return None
        if not is_allowed_host(n, self.allowed_sites):
            return "other site"  # not listed: every outbound link would be
        if depth > self.plan.max_depth:
            return "deeper than --max-depth"
        if self.plan.include and not glob_match(n, self.plan.include):
            return self._skip(n, "not matched by the include globs")
        if self.plan.exclude and glob_match(n, self.plan.exclude):
            return self._skip(n, "matched by an exclude glob")
        if looks_non_html(n):
            self.mark_seen(n)
            return self._skip(n, "not an HTML page")
        if robots is not None and not self.plan.ignore_robots and not robots.allowed(n):
            self.mark_seen(n)
            return self._skip(n, "disallowed by robots.txt")
        self.mark_seen(n)
        self._queue.append(QueuedURL(n, depth, referrer))
        return None

    def pop(self) -> QueuedURL | None:
        """The next URL, or None when the queue is empty or `max_pages` are taken."""
        if self.taken >= self.plan.max_pages or not self._queue:
            return None
        self.taken += 1
        return self._queue.popleft()

    def __len__(self) -> int:
        return len(self._queue)


class HostPacer:
    """Spaces requests to one host by `delay` seconds while other hosts go ahead (per-host delay)."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.delay = delay
        self.clock = clock
        self._next: dict[str, float] = {}
        self._extra: dict[str, float] = {}

    def set_host_delay(self, host: str, delay: float) -> None:
        """robots.txt's Crawl-delay raises the delay for its host (capped at 30 s)."""
        self._extra[host] = min(30.0, max(0.0, delay))

    def reserve(self, host: str) -> float:
        """Book the next slot for `host`; returns how long to wait before using it."""
        now = self.clock()
        at = max(now, self._next.get(host, now))
        self._next[host] = at + max(self.delay, self._extra.get(host, 0.0))
        return at - now


# --------------------------------------------------------------------------- fetching


@dataclass
class FetchResult:
    url: str  # final URL after redirects
    status: int
    content_type: str = ""
    body: bytes = b""
    error: str | None = None
    truncated: bool = False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


def _opener() -> urllib.request.OpenerDirector:
    # only the HTTP(S) handlers: no file:, ftp: or data: whatever a server redirects to
    opener = urllib.request.OpenerDirector()
    for h in (urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(), _NoRedirect(),
              urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(h)
    return opener


def fetch_url(url: str, *, headers: dict[str, str] | None = None, trusted_sites: Iterable[str] = (),
              timeout: float = 15.0, max_bytes: int = MAX_SITEMAP_BYTES, max_redirects: int = 10,
              user_agent_str: str | None = None) -> FetchResult:
    """GET a URL without a browser (robots.txt, sitemaps). `headers` (auth, cookies, extra headers)
    are only sent to hosts of `trusted_sites`, also across redirects, which are followed by hand."""
    trusted = {site_of(s) for s in trusted_sites}
    opener = _opener()
    current = normalize_url(url)
    if current is None:
        return FetchResult(url, 0, error="not an http(s) URL")
    for _ in range(max_redirects + 1):
        h = {"User-Agent": user_agent_str or user_agent(), "Accept-Encoding": "identity"}
        if headers and site_of(host_of(current)) in trusted:
            h.update(headers)
        req = urllib.request.Request(current, headers=h, method="GET")
        try:
            resp = opener.open(req, timeout=timeout)
        except urllib.error.HTTPError as ex:
            if ex.code in (301, 302, 303, 307, 308) and ex.headers.get("Location"):
                nxt = normalize_url(ex.headers["Location"], current)
                ex.close()
                if nxt is None:
                    return FetchResult(current, ex.code, error="redirect to a non-http(s) URL")
                current = nxt
                continue
            body = b""
            ex.close()
            return FetchResult(current, ex.code, ex.headers.get("Content-Type", "") if ex.headers else "", body,
                               error=f"HTTP {ex.code}")
        except (urllib.error.URLError, OSError, ValueError) as ex:
            reason = getattr(ex, "reason", ex)
            return FetchResult(current, 0, error=f"{reason}")
        with resp:
            data = resp.read(max_bytes + 1)
            return FetchResult(current, resp.status, resp.headers.get("Content-Type", ""), data[:max_bytes],
                               truncated=len(data) > max_bytes)
    return FetchResult(current, 0, error=f"more than {max_redirects} redirects")


# --------------------------------------------------------------------------- robots.txt

Fetcher = Callable[[str], FetchResult]


class RobotsCache:
    """robots.txt per origin, fetched once. Follows RFC 9309: a missing file (4xx) allows
    everything; a server error or an unreachable host disallows the whole site for this crawl."""

    def __init__(self, fetch: Fetcher, agent: str = ROBOTS_AGENT) -> None:
        self.fetch = fetch
        self.agent = agent
        self._parsers: dict[str, urllib.robotparser.RobotFileParser | bool] = {}
        self.notes: list[str] = []

    def _origin(self, url: str) -> str:
        p = urlsplit(url)
        return f"{p.scheme}://{p.netloc}"

    def _parser(self, url: str) -> urllib.robotparser.RobotFileParser | bool:
        origin = self._origin(url)
        if origin not in self._parsers:
            res = self.fetch(origin + "/robots.txt")
            parsed: urllib.robotparser.RobotFileParser | bool
            if 200 <= res.status < 300:
                rp = urllib.robotparser.RobotFileParser()
                text = res.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
                rp.parse(text.splitlines())
                parsed = rp
            elif 400 <= res.status < 500:
                parsed = True
            else:
                parsed = False
                self.notes.append(f"{origin}/robots.txt could not be read ({res.error or res.status}); "
                                  "no discovered page of that site is crawled (--ignore-robots overrides)")
            self._parsers[origin] = parsed
        return self._parsers[origin]

    def known(self, url: str) -> bool:
        """Whether this origin's robots.txt was already read (so `allowed` will not fetch)."""
        return self._origin(url) in self._parsers

    def allowed(self, url: str) -> bool:
        p = self._parser(url)
        if isinstance(p, bool):
            return p
        return p.can_fetch(self.agent, url)

    def crawl_delay(self, url: str) -> float | None:
        p = self._parser(url)
        if isinstance(p, bool):
            return None
        d = p.crawl_delay(self.agent)
        return float(d) if d is not None else None


# --------------------------------------------------------------------------- sitemaps


def _decompress(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    if data[:2] != b"\x1f\x8b":
        return data
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
        out = gz.read(limit + 1)  # a gzip bomb stops at the limit
    if len(out) > limit:
        raise ValueError(f"sitemap larger than {limit} bytes uncompressed")
    return out


def parse_sitemap(data: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index, gzipped or not.

    Parsed with lxml without entity resolution or network access, so a hostile sitemap cannot
    expand entities or make the parser fetch anything.
    """
    from lxml import etree

    raw = _decompress(data)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(raw, parser=parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        # a plain-text sitemap: one URL per line
        text = raw.decode("utf-8", errors="replace")
        return [ln.strip() for ln in text.splitlines() if re.match(r"^https?://", ln.strip())], []
    pages: list[str] = []
    nested: list[str] = []
    is_index = etree.QName(root).localname.lower() == "sitemapindex"
    for loc in root.iter("{*}loc", "loc"):
        if loc.text and loc.text.strip():
            (nested if is_index else pages).append(loc.text.strip())
    return pages, nested


def expand_sitemaps(url: str, fetch: Fetcher, max_urls: int, allowed_sites: Iterable[str]) -> tuple[list[str], list[str]]:
    """Page URLs of a sitemap (following a sitemap index), on the allowed sites, at most `max_urls`;
    and notes on sitemaps that could not be read."""
    sites = {site_of(s) for s in allowed_sites}
    todo = deque([url])
    done: set[str] = set()
    pages: list[str] = []
    notes: list[str] = []
    while todo and len(pages) < max_urls and len(done) < MAX_SITEMAP_FILES:
        sm = todo.popleft()
        if sm in done:
            continue
        done.add(sm)
        res = fetch(sm)
        if res.error or not (200 <= res.status < 300):
            notes.append(f"sitemap {sm}: {res.error or res.status}")
            continue
        try:
            found, nested = parse_sitemap(res.body)
        except (ValueError, OSError, EOFError) as ex:
            notes.append(f"sitemap {sm}: unreadable ({ex})")
            continue
        for n in nested:
            nn = normalize_url(n, sm)
            if nn and is_allowed_host(nn, sites):
                todo.append(nn)
        for p in found:
            pn = normalize_url(p, sm)
            if pn and is_allowed_host(pn, sites):
                pages.append(pn)
                if len(pages) >= max_urls:
                    break
    return pages, notes


def crawled_id(entry_id: str, url: str) -> str:
    """`<entry id>:<path>` for a page a crawl reached (contract 2)."""
    p = urlsplit(url)
    path = p.path or "/"
    if p.query:
        path += "?" + p.query
    return f"{entry_id}:{path}"
