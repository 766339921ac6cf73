"""Capture bundles: a capture written to disk (JSON plus image files) and read back.

`brandcheck capture TARGET --out DIR` writes one sub-folder per touchpoint holding
`capture.json` and the files its artifacts name (screenshots, image bytes, crops); `brandcheck scan
--from-capture DIR` reads them back and analyzes them without a browser, so rules can be tuned
without re-crawling (Lighthouse's "-G / -A").
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from ..errors import UserError
from ..model import Capture

BUNDLE_FORMAT = "brandcheck/capture@1"
CAPTURE_FILE = "capture.json"


def to_jsonable(obj: Any) -> Any:
    """Dataclasses to plain JSON values (tuples become lists, int dict keys become strings)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    return obj


def from_jsonable(tp: Any, data: Any) -> Any:
    """Rebuild a value of type `tp` from `to_jsonable` output, guided by the type hints."""
    if data is None:
        return None
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        # str | int (Element.content items) must keep the JSON type it came with
        if all(a in (str, int, float, bool) for a in args):
            return data
        for a in args:
            try:
                return from_jsonable(a, data)
            except (TypeError, ValueError, AttributeError, KeyError):
                continue
        return data
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {tp.__name__}")
        hints = get_type_hints(tp)
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name in data:
                kwargs[f.name] = from_jsonable(hints[f.name], data[f.name])
        return tp(**kwargs)
    if origin in (list, typing.List):  # noqa: UP006
        (arg,) = get_args(tp) or (Any,)
        return [from_jsonable(arg, v) for v in data]
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], v) for v in data)
        return tuple(from_jsonable(a, v) for a, v in zip(args, data, strict=False))
    if origin is dict:
        kt, vt = get_args(tp) or (Any, Any)
        return {(int(k) if kt is int else k): from_jsonable(vt, v) for k, v in data.items()}
    if tp is float and isinstance(data, int):
        return float(data)
    return data


def safe_name(touchpoint_id: str) -> str:
    """A folder name for a touchpoint id (ids hold ':' and '/' for crawled pages)."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", touchpoint_id).strip("._") or "touchpoint"
    return s[:120]


def write_capture(capture: Capture, folder: Path) -> Path:
    """Write capture.json into `folder` (which already holds the artifact files)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {"format": BUNDLE_FORMAT, "capture": to_jsonable(dataclasses.replace(capture, bundle=None))}
    out = folder / CAPTURE_FILE
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return out


def read_capture(folder: Path) -> Capture:
    f = folder / CAPTURE_FILE
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError("not a capture bundle (no capture.json)", str(folder)) from None
    except (OSError, ValueError) as ex:
        raise UserError(f"unreadable capture bundle: {ex}", str(f)) from None
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        raise UserError(f"not a {BUNDLE_FORMAT} bundle", str(f))
    try:
        cap = from_jsonable(Capture, data["capture"])
    except (TypeError, KeyError, ValueError) as ex:
        raise UserError(f"malformed capture bundle: {ex}", str(f)) from None
    cap.bundle = str(folder.resolve())
    return cap


def read_bundles(root: Path) -> list[Capture]:
    """Every capture under a bundle folder (the folder itself, or its sub-folders in name order)."""
    if not root.is_dir():
        raise UserError("capture folder not found", str(root))
    if (root / CAPTURE_FILE).is_file():
        return [read_capture(root)]
    found = sorted(p.parent for p in root.glob(f"*/{CAPTURE_FILE}"))
    if not found:
        raise UserError("no capture bundles (capture.json) in the folder", str(root))
    return [read_capture(p) for p in found]
