"""The analysis context of one touchpoint: its capture, the kit, and measurements computed once.

Measurements are Lighthouse's "computed artifacts": a function registered under a name turns the
capture into something rules can judge (colors in use, fonts rendered, logo instances, text
blocks, tone metrics). A rule kind names the measurements it requires; the context computes each
at most once per touchpoint and caches it, including a failure, so that every rule that needs a
broken measurement reports the same error and the other rules still run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..kit import Kit
from ..model import Capture, View

MEASUREMENTS: dict[str, Callable[[Context], Any]] = {}


def measurement(name: str) -> Callable[[Callable[[Context], Any]], Callable[[Context], Any]]:
    def deco(fn: Callable[[Context], Any]) -> Callable[[Context], Any]:
        MEASUREMENTS[name] = fn
        return fn

    return deco


class MeasurementError(Exception):
    """A measurement failed; every rule that requires it gets this as its rule error."""


@dataclass
class AnalysisSettings:
    """Settings from the config that analyzers honour (not rule parameters)."""

    ignore_selectors: list[str] = field(default_factory=list)
    vale_rules: list[Any] = field(default_factory=list)  # enabled Vale rules (loader.Rule), linted together once
    #: search pictures near the top (hero banners, email header images) for a kit logo drawn inside
    #: them (`analyze/logobanner.py`); config `analysis: {banner_search: false}` turns it off
    banner_search: bool = True


class Context:
    def __init__(self, capture: Capture, kit: Kit, settings: AnalysisSettings | None = None) -> None:
        self.capture = capture
        self.kit = kit
        self.settings = settings or AnalysisSettings()
        self._cache: dict[str, Any] = {}
        self._errors: dict[str, str] = {}

    @property
    def touchpoint(self):
        return self.capture.touchpoint

    @property
    def view(self) -> View | None:
        return self.capture.primary

    def get(self, name: str) -> Any:
        if name in self._errors:
            raise MeasurementError(self._errors[name])
        if name not in self._cache:
            _load_analyzers()
            fn = MEASUREMENTS.get(name)
            if fn is None:
                raise MeasurementError(f"unknown measurement '{name}'")
            try:
                self._cache[name] = fn(self)
            except MeasurementError as ex:
                self._errors[name] = str(ex)
                raise
            except Exception as ex:
                msg = f"measurement '{name}' failed: {type(ex).__name__}: {ex}"
                self._errors[name] = msg
                raise MeasurementError(msg) from ex
        return self._cache[name]

    def put(self, name: str, value: Any) -> None:
        """Seed a measurement (tests, or a capture that already carries it)."""
        self._cache[name] = value


_loaded = False


def _load_analyzers() -> None:
    """Import the analyzer modules once so their measurements register."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib
    import pkgutil

    from .. import analyze

    for mod in pkgutil.iter_modules(analyze.__path__):
        if mod.name != "context":
            importlib.import_module(f"{analyze.__name__}.{mod.name}")
