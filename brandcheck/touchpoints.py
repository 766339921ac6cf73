"""Scan targets into touchpoints (contract 2): URLs, files, folders, zips and touchpoint maps.

A target that cannot become a touchpoint through no fault of the user's command (an unsafe zip
entry, an unreadable file) becomes a touchpoint with an `error`, so it is reported and fails the
gate while every other touchpoint is still scanned. Mistakes in what the user wrote (a map with an
unknown key, a target that does not exist) are `UserError`s: one line, exit 2.
"""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from .capture.email import looks_like_email
from .errors import UserError
from .model import KINDS, STAGES, CrawlSpec, Touchpoint
from .yamlfile import LineDict, LineList, load_yaml

PAGE_SUFFIXES = {".html", ".htm", ".xhtml"}
EMAIL_SUFFIXES = {".eml"}
COPY_SUFFIXES = {".md", ".markdown", ".txt"}
SCANNABLE = PAGE_SUFFIXES | EMAIL_SUFFIXES | COPY_SUFFIXES
MAP_NAMES = {"touchpoints.yaml", "touchpoints.yml"}
SKIP_DIRS = {".git", "node_modules", "__pycache__", ".venv", "vendor", "assets", "css", "js", "fonts", "img", "images"}

ZIP_MAX_TOTAL = 512 * 1024 * 1024  # bytes extracted from one zip at most
ZIP_MAX_ENTRIES = 20_000
ZIP_MAX_RATIO = 200  # an entry compressed more than this is treated as a bomb


@dataclass
class Targets:
    touchpoints: list[Touchpoint] = field(default_factory=list)
    kit: Path | None = None  # the kit a touchpoint map names
    temp_dirs: list[Path] = field(default_factory=list)  # extracted zips, removed after the scan

    def cleanup(self) -> None:
        for d in self.temp_dirs:
            shutil.rmtree(d, ignore_errors=True)


def is_url(target: str) -> bool:
    return bool(re.match(r"^https?://", target, re.I))


def resolve_targets(targets: list[str], kind: str | None = None, cwd: Path | None = None) -> Targets:
    """Turn command-line targets into touchpoints. `kind` overrides detection for all of them."""
    cwd = cwd or Path.cwd()
    out = Targets()
    if kind is not None and kind not in KINDS:
        raise UserError(f"unknown touchpoint kind '{kind}' (kinds: {', '.join(KINDS)})")
    for t in targets:
        if is_url(t):
            out.touchpoints.append(url_touchpoint(t, kind))
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*://", t, re.I):
            raise UserError(f"unsupported URL scheme (only http and https are scanned): {t}")
        p = Path(t)
        if not p.is_absolute():
            p = cwd / p
        if not p.exists():
            raise UserError("target not found", t)
        if p.is_dir():
            tps = folder_touchpoints(p, kind, prefix=_display(p, cwd))
            if not tps:
                raise UserError("nothing to scan in the folder (no .html, .htm, .eml, .md or .txt files)", t)
            out.touchpoints.extend(tps)
        elif p.name in MAP_NAMES or (p.suffix in (".yaml", ".yml") and _is_map(p)):
            tmap = load_touchpoint_map(p)
            out.touchpoints.extend(tmap.touchpoints)
            if tmap.kit and not out.kit:
                out.kit = tmap.kit
        elif p.suffix.lower() == ".zip":
            out.touchpoints.extend(zip_touchpoints(p, kind, out, display=_display(p, cwd)))
        else:
            out.touchpoints.append(file_touchpoint(p, kind, _display(p, cwd)))
    _dedupe_ids(out.touchpoints)
    return out


def _display(p: Path, cwd: Path) -> str:
    try:
        return p.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def _dedupe_ids(tps: list[Touchpoint]) -> None:
    seen: dict[str, int] = {}
    for tp in tps:
        n = seen.get(tp.id, 0)
        seen[tp.id] = n + 1
        if n:
            tp.id = f"{tp.id}~{n + 1}"


def url_touchpoint(url: str, kind: str | None = None, tid: str | None = None) -> Touchpoint:
    parsed = urlparse(url)
    if not parsed.netloc:
        raise UserError(f"not a valid URL: {url}")
    return Touchpoint(id=tid or url, kind=kind or "website", source=url, url=url, kind_given=kind is not None)


def detect_kind(path: Path, head: str | None = None) -> str:
    suffix = path.suffix.lower()
    if suffix in EMAIL_SUFFIXES:
        return "email"
    if suffix in COPY_SUFFIXES:
        return "document"
    if head is None:
        try:
            head = path.read_bytes()[:300_000].decode("utf-8", errors="replace")
        except OSError:
            return "website"
    return "email" if looks_like_email(head, path.name) else "website"


def file_touchpoint(path: Path, kind: str | None, tid: str, error: str | None = None) -> Touchpoint:
    suffix = path.suffix.lower()
    if error is None and suffix not in SCANNABLE:
        error = f"{tid}: not a scannable file (expected .html, .htm, .eml, .md or .txt)"
    detected = kind or (detect_kind(path) if error is None else "website")
    return Touchpoint(id=tid, kind=detected, source=tid, path=str(path.resolve()), kind_given=kind is not None,
                      error=error)


def folder_touchpoints(folder: Path, kind: str | None, prefix: str) -> list[Touchpoint]:
    files = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if any(part in SKIP_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        if p.is_file() and p.suffix.lower() in SCANNABLE and not p.name.startswith("."):
            if p.suffix.lower() in COPY_SUFFIXES and p.stem.upper() in {"LICENSE", "README", "CHANGELOG", "NOTICE"}:
                continue
            files.append(p)
    return [file_touchpoint(p, kind, f"{prefix.rstrip('/')}/{p.relative_to(folder).as_posix()}") for p in files]


# --------------------------------------------------------------------------- zips


def zip_touchpoints(path: Path, kind: str | None, out: Targets, display: str) -> list[Touchpoint]:
    """Extract a zip safely and return its touchpoints; an unsafe or broken zip is an error touchpoint."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as ex:
        return [file_touchpoint(path, kind, display, error=f"{display}: not a readable zip ({ex})")]
    dest = Path(tempfile.mkdtemp(prefix="brandcheck-zip-"))
    out.temp_dirs.append(dest)
    refused: list[str] = []
    with zf:
        infos = zf.infolist()
        if len(infos) > ZIP_MAX_ENTRIES:
            return [file_touchpoint(path, kind, display,
                                    error=f"{display}: refused: {len(infos)} entries (at most {ZIP_MAX_ENTRIES})")]
        declared = sum(i.file_size for i in infos)
        if declared > ZIP_MAX_TOTAL:
            return [file_touchpoint(path, kind, display,
                                    error=f"{display}: refused: {declared} bytes uncompressed (at most {ZIP_MAX_TOTAL})")]
        total = 0
        for info in infos:
            name = info.filename
            reason = unsafe_zip_name(name)
            if reason is None and stat.S_ISLNK(info.external_attr >> 16):
                reason = "symbolic link"
            if reason is None and info.compress_size and info.file_size / max(1, info.compress_size) > ZIP_MAX_RATIO \
                    and info.file_size > 1_000_000:
                reason = f"compression ratio {info.file_size // max(1, info.compress_size)}:1 (zip bomb?)"
            if reason:
                refused.append(f"{name} ({reason})")
                continue
            if info.is_dir():
                continue
            target = dest / PurePosixPath(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src, open(target, "wb") as dst:
                    while chunk := src.read(1 << 16):
                        total += len(chunk)
                        if total > ZIP_MAX_TOTAL:
                            raise ValueError(f"more than {ZIP_MAX_TOTAL} bytes uncompressed")
                        dst.write(chunk)
            except (ValueError, zipfile.BadZipFile, OSError, EOFError) as ex:
                return [file_touchpoint(path, kind, display, error=f"{display}: refused: {name}: {ex}")]
    tps = folder_touchpoints(dest, kind, prefix=display)
    for tp in tps:
        tp.source = tp.id
    if refused:
        shown = ", ".join(refused[:5]) + (f" and {len(refused) - 5} more" if len(refused) > 5 else "")
        tps.insert(0, file_touchpoint(path, kind, display, error=f"{display}: unsafe entries refused: {shown}"))
    if not tps:
        tps = [file_touchpoint(path, kind, display, error=f"{display}: nothing to scan in the zip")]
    return tps


def unsafe_zip_name(name: str) -> str | None:
    """Why a zip entry name must not be extracted (absolute, drive, or escaping with ..), or None."""
    n = name.replace("\\", "/")
    if n.startswith("/") or re.match(r"^[A-Za-z]:", n):
        return "absolute path"
    if any(part == ".." for part in n.split("/")):
        return "'..' in path"
    if "\0" in n:
        return "NUL in name"
    return None


# --------------------------------------------------------------------------- touchpoint maps

MAP_KEYS = {"kit", "touchpoints", "defaults"}
ENTRY_KEYS = {"id", "url", "path", "kind", "stage", "importance", "crawl"}
CRAWL_KEYS = {"max_pages", "max_depth", "include", "exclude"}


@dataclass
class TouchpointMap:
    kit: Path | None
    touchpoints: list[Touchpoint]


def _is_map(p: Path) -> bool:
    try:
        head = p.read_text(encoding="utf-8", errors="replace")[:20000]
    except OSError:
        return False
    return bool(re.search(r"^touchpoints\s*:", head, re.M))


def load_touchpoint_map(path: Path) -> TouchpointMap:
    data = load_yaml(path)
    f = str(path)
    if not isinstance(data, LineDict):
        raise UserError("a touchpoint map must be a mapping with 'touchpoints'", f, getattr(data, "line", 1))
    for k in data:
        if k not in MAP_KEYS:
            raise UserError(f"unknown key '{k}' (allowed: {', '.join(sorted(MAP_KEYS))})", f, data.line_of(k))
    base = path.parent
    kit = None
    if data.get("kit") is not None:
        if not isinstance(data["kit"], str):
            raise UserError("'kit' must be a folder path", f, data.line_of("kit"))
        kit = (base / data["kit"]).resolve()
    entries = data.get("touchpoints")
    if not isinstance(entries, LineList) or not entries:
        raise UserError("'touchpoints' must be a non-empty list", f, data.line_of("touchpoints"))
    out: list[Touchpoint] = []
    ids: set[str] = set()
    for i, e in enumerate(entries):
        line = entries.line_of(i)
        if not isinstance(e, LineDict):
            raise UserError(f"touchpoints[{i}] must be a mapping", f, line)
        for k in e:
            if k not in ENTRY_KEYS:
                raise UserError(f"unknown key 'touchpoints[{i}].{k}' (allowed: {', '.join(sorted(ENTRY_KEYS))})",
                                f, e.line_of(k))
        if ("url" in e) == ("path" in e):
            raise UserError(f"touchpoints[{i}] needs exactly one of 'url' or 'path'", f, line)
        kind = e.get("kind")
        if kind is not None and kind not in KINDS:
            raise UserError(f"touchpoints[{i}].kind '{kind}' is not one of {', '.join(KINDS)}", f, e.line_of("kind"))
        stage = e.get("stage")
        if stage is not None and stage not in STAGES:
            raise UserError(f"touchpoints[{i}].stage '{stage}' is not one of {', '.join(STAGES)}", f, e.line_of("stage"))
        imp = e.get("importance")
        if imp is not None and (isinstance(imp, bool) or not isinstance(imp, int) or not 1 <= imp <= 5):
            raise UserError(f"touchpoints[{i}].importance must be a whole number from 1 to 5, got {imp!r}", f,
                            e.line_of("importance"))
        crawl = None
        if e.get("crawl") is not None:
            c = e["crawl"]
            if not isinstance(c, LineDict):
                raise UserError(f"touchpoints[{i}].crawl must be a mapping", f, e.line_of("crawl"))
            for k in c:
                if k not in CRAWL_KEYS:
                    raise UserError(f"unknown key 'touchpoints[{i}].crawl.{k}' (allowed: {', '.join(sorted(CRAWL_KEYS))})",
                                    f, c.line_of(k))
            for k in ("max_pages", "max_depth"):
                if k in c and (isinstance(c[k], bool) or not isinstance(c[k], int) or c[k] < 0):
                    raise UserError(f"touchpoints[{i}].crawl.{k} must be a whole number >= 0", f, c.line_of(k))
            crawl = CrawlSpec(max_pages=int(c.get("max_pages", 1) or 1), max_depth=int(c.get("max_depth", 0) or 0),
                              include=[str(x) for x in c.get("include") or []],
                              exclude=[str(x) for x in c.get("exclude") or []])
        tid = e.get("id")
        if "url" in e:
            url = str(e["url"])
            if not is_url(url):
                raise UserError(f"touchpoints[{i}].url must be an http(s) URL, got {url!r}", f, e.line_of("url"))
            tp = url_touchpoint(url, kind, str(tid) if tid else None)
        else:
            p = (base / str(e["path"])).resolve()
            disp = str(tid) if tid else str(e["path"])
            if not p.exists():
                tp = file_touchpoint(p, kind, disp, error=f"{f}:{e.line_of('path')}: file not found: {e['path']}")
            elif p.is_dir():
                raise UserError(f"touchpoints[{i}].path must be a file; list a folder's files one by one", f,
                                e.line_of("path"))
            else:
                tp = file_touchpoint(p, kind, disp)
        if tp.id in ids:
            raise UserError(f"duplicate touchpoint id '{tp.id}'", f, e.line_of("id") if "id" in e else line)
        ids.add(tp.id)
        tp.stage = stage
        tp.importance = imp
        tp.crawl = crawl
        out.append(tp)
    return TouchpointMap(kit=kit, touchpoints=out)
