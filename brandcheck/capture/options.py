"""What a capture is asked to do: viewports, crawl limits, auth, time limits.

One object so that the command line, a touchpoint map and the tests configure captures the same
way, and so that the static and browser captures take the same options.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DESKTOP = (1280, 800, 1.0)
MOBILE = (390, 844, 2.0)


@dataclass
class CaptureOptions:
    #: (width, height, device scale factor); the first is the primary view whose boxes reports use
    viewports: list[tuple[int, int, float]] = field(default_factory=lambda: [DESKTOP, MOBILE])
    static: bool = False  # force the static capture (no browser)
    # crawling (websites)
    max_pages: int | None = None  # overrides the touchpoint's crawl spec when given
    max_depth: int | None = None
    include: list[str] = field(default_factory=list)  # URL globs
    exclude: list[str] = field(default_factory=list)
    ignore_robots: bool = False
    concurrency: int = 2
    per_host_delay: float = 0.0  # seconds between two requests to one host
    max_redirects: int = 10
    # requests
    timeout: float = 30.0  # seconds per page
    retries: int = 1  # retries on transient errors (timeouts, 502/503/504)
    user_agent: str | None = None  # None: brandcheck's own, naming the tool
    basic_auth: tuple[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[dict[str, str]] = field(default_factory=list)
    # artifacts
    max_page_height: int = 16000  # full-page screenshots are cut here (reported)
    max_body_bytes: int = 20_000_000  # larger responses are refused (reported)
    email_width: int = 600
    images_off: bool = True  # also render emails with images blocked
    crop_images: bool = True
    ignore_selectors: list[str] = field(default_factory=list)  # elements left out of the capture
