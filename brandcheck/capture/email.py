"""Emails: parse `.eml` messages and tell an HTML email from a web page.

An `.eml` is parsed with the standard library (multipart/alternative, quoted-printable, base64,
charsets); its HTML part is what the browser renders at email width, `cid:` images are resolved
from the message's own parts, and the plain-text part and the preheader are kept for tone checks.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from ..errors import CaptureError

EMAIL_WIDTH = 600


@dataclass
class ParsedEmail:
    html: str | None
    plain_text: str | None
    subject: str | None = None
    sender: str | None = None
    #: content id (without <>) -> (mime type, bytes)
    inline_parts: dict[str, tuple[str, bytes]] = field(default_factory=dict)


def parse_eml(path: Path) -> ParsedEmail:
    """Parse an .eml file; raises CaptureError with the file name when it has nothing to show."""
    try:
        raw = path.read_bytes()
    except OSError as ex:
        raise CaptureError(f"{path}: cannot read: {ex.strerror}") from None
    if b"\0" in raw[:4096]:
        raise CaptureError(f"{path}: not an email message (binary content)")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or (not msg.keys() and not msg.get_payload()):
        raise CaptureError(f"{path}: not an email message (no headers)")
    html = plain = None
    inline: dict[str, tuple[str, bytes]] = {}
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disp = (part.get_content_disposition() or "").lower()
        cid = part.get("Content-ID")
        if ctype == "text/html" and html is None and disp != "attachment":
            html = _text_of(part)
        elif ctype == "text/plain" and plain is None and disp != "attachment":
            plain = _text_of(part)
        elif cid:
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                inline[cid.strip().strip("<>")] = (ctype, payload)
    if html is None and plain is None:
        raise CaptureError(f"{path}: the email has neither an HTML nor a plain-text part")
    subject = msg.get("Subject")
    sender = msg.get("From")
    return ParsedEmail(html=html, plain_text=plain, subject=str(subject) if subject else None,
                       sender=str(sender) if sender else None, inline_parts=inline)


def _text_of(part: EmailMessage) -> str:
    """Decode a text part with its declared charset, falling back so that odd encodings never crash."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload())
    charset = part.get_content_charset() or "utf-8"
    for cs in (charset, "utf-8", "cp1252", "latin-1"):
        try:
            return payload.decode(cs)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- email or page?

_EMAIL_SIGNS = [
    (re.compile(r"<meta[^>]+x-apple-disable-message-reformatting", re.I), 3),
    (re.compile(r"mso-hide|<!--\[if mso|xmlns:o=\"urn:schemas-microsoft-com", re.I), 3),
    (re.compile(r"class=[\"'][^\"']*preheader", re.I), 3),
    (re.compile(r"\{\{\s*unsubscribe|unsubscribe|\*\|UNSUB\|\*|%unsubscribe", re.I), 2),
    (re.compile(r"<table[^>]+role=[\"']presentation", re.I), 2),
    (re.compile(r"width=[\"']?(5[5-9]\d|6[0-4]\d)[\"'px ]", re.I), 1),
    (re.compile(r"max-width:\s*(5[5-9]\d|6[0-4]\d)px", re.I), 1),
    (re.compile(r"cid:", re.I), 2),
]
_PAGE_SIGNS = [
    (re.compile(r"<nav[\s>]", re.I), 2),
    (re.compile(r"<script[^>]+src=", re.I), 2),
    (re.compile(r"<(header|main|section|article)[\s>]", re.I), 1),
    (re.compile(r"<form[\s>]", re.I), 1),
]


def looks_like_email(html: str, name: str = "") -> bool:
    """Guess whether an HTML file is an email template: table layout at email width, preheader,
    Outlook conditionals, unsubscribe links, no scripts or navigation. The file name counts too."""
    score = 0
    head = html[:200_000]
    for rx, w in _EMAIL_SIGNS:
        if rx.search(head):
            score += w
    for rx, w in _PAGE_SIGNS:
        if rx.search(head):
            score -= w
    if re.search(r"(^|[/\\._-])(e-?mail|newsletter|mailer)s?([/\\._-]|$)", name, re.I):
        score += 3
    tables = len(re.findall(r"<table", head, re.I))
    divs = len(re.findall(r"<div", head, re.I))
    if tables >= 3 and tables * 2 >= divs:
        score += 2
    return score >= 4
