"""The main job: touchpoints -> capture -> analyze -> rules -> one ScanResult.

Captures stream through one at a time: each is analyzed and judged as soon as it arrives, and
only its findings (and the few files the reports show) are kept, so a crawl of a thousand pages
runs in flat memory. A touchpoint that fails at any stage is reported with status `error` and the
loop moves on.
"""

from __future__ import annotations

import fnmatch
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .analyze.context import AnalysisSettings, Context
from .baseline import apply_baseline, read_baseline
from .capture.bundle import read_bundles
from .capture.options import CaptureOptions
from .capture.runner import capture_touchpoints
from .config import Config
from .errors import UserError
from .kit import Kit, load_kit
from .model import Capture, RuleOutcome, ScanResult, Touchpoint, TouchpointResult
from .rules.engine import Engine
from .rules.loader import Rule, builtin_rules_dir, load_rules
from .score import score
from .touchpoints import Targets, resolve_targets

log = logging.getLogger("brandcheck")


@dataclass
class ScanRequest:
    targets: list[str] = field(default_factory=list)
    kit: str | None = None
    rules_dirs: list[str] = field(default_factory=list)
    config: Config = field(default_factory=Config)
    capture: CaptureOptions = field(default_factory=CaptureOptions)
    baseline: str | None = None
    vale_config: str | None = None
    from_capture: str | None = None
    kind: str | None = None
    workdir: Path | None = None
    fail_on: str = "error"


def load_rule_set(rules_dirs: list[str], config: Config, vale_config: str | None) -> list[Rule]:
    """Built-in pack, then the config's rule paths, then --rules folders; config settings applied."""
    folders = [builtin_rules_dir(), *config.rule_paths, *(Path(d) for d in rules_dirs)]
    rules = load_rules(folders)
    vale_path = vale_config or (str(config.vale_config) if config.vale_config else None)
    if vale_path:
        from .rules.kinds.vale import rules_from_vale_config

        for r in rules_from_vale_config(Path(vale_path)):
            rules[r.id] = r
    for rid, rule in rules.items():
        setting = config.setting_for(rid)
        if setting is None:
            continue
        rule.enabled = setting.enabled
        if setting.level:
            rule.level = setting.level
    return list(rules.values())


def resolve_kit(req: ScanRequest, targets: Targets | None) -> Kit:
    path = req.kit or (str(targets.kit) if targets and targets.kit else None) or (
        str(req.config.kit) if req.config.kit else None)
    if not path:
        raise UserError("no kit: pass --kit DIR (or name one in touchpoints.yaml or brandcheck.yaml)")
    return load_kit(path)


def run_scan(req: ScanRequest, on_touchpoint: Callable[[Touchpoint], None] | None = None,
             on_result: Callable[[TouchpointResult], None] | None = None) -> ScanResult:
    started = datetime.now(UTC).isoformat(timespec="seconds")
    targets: Targets | None = None
    if req.from_capture:
        captures_iter = iter(read_bundles(Path(req.from_capture)))
        kit = resolve_kit(req, None)
    else:
        if not req.targets:
            raise UserError("nothing to scan: give at least one TARGET (URL, file, folder, zip or touchpoints.yaml)")
        targets = resolve_targets(req.targets, req.kind)
        kit = resolve_kit(req, targets)
        tps = [tp for tp in targets.touchpoints if not _ignored_url(tp, req.config)]
        if not tps:
            raise UserError("every touchpoint is excluded by ignore.urls in the config")
        workdir = req.workdir or Path.cwd() / ".brandcheck-capture"
        captures_iter = capture_touchpoints(tps, req.capture, workdir, on_start=on_touchpoint)
    rules = load_rule_set(req.rules_dirs, req.config, req.vale_config)
    engine = Engine(rules)
    settings = AnalysisSettings(ignore_selectors=list(req.config.ignore_selectors),
                                vale_rules=[r for r in rules if r.vale is not None and r.enabled])
    if req.config.banner_search is not None:
        settings.banner_search = req.config.banner_search
    result = ScanResult(tool_version=__version__, kit=kit.info, touchpoints=[], started_at=started, finished_at="",
                        rules={r.id: r.describe() for r in rules if r.enabled}, fail_on=req.fail_on)
    try:
        for cap in captures_iter:
            if cap.touchpoint.url and _ignored_url(cap.touchpoint, req.config):
                continue
            tr = analyze_capture(cap, kit, engine, settings, result)
            result.touchpoints.append(tr)
            if on_result:
                on_result(tr)
    finally:
        if targets:
            targets.cleanup()
    if req.baseline or req.config.baseline:
        apply_baseline(result, read_baseline(Path(req.baseline or str(req.config.baseline))))
    methods = sorted({t.capture.method for t in result.touchpoints if t.capture and t.status != "error"})
    if "static" in methods:
        result.notes.append("Some touchpoints were captured statically (no browser): rendered fonts and layout "
                            "could not be measured; such checks say 'needs review'.")
    result.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
    return result


def _ignored_url(tp: Touchpoint, config: Config) -> bool:
    if not config.ignore_urls:
        return False
    target = tp.url or tp.source
    return any(fnmatch.fnmatch(target, g) for g in config.ignore_urls)


def analyze_capture(cap: Capture, kit: Kit, engine: Engine, settings: AnalysisSettings,
                    result: ScanResult) -> TouchpointResult:
    tp = cap.touchpoint
    if cap.status == "error":
        return TouchpointResult(touchpoint=tp, capture=_slim(cap), status="error", error=cap.error,
                                outcomes=[RuleOutcome("capture", "error", cap.error)])
    ctx = Context(cap, kit, settings)
    ev = engine.evaluate(ctx)
    result.rule_errors.extend(ev.errors)
    status = "partial" if cap.status == "partial" else "ok"
    tr = TouchpointResult(touchpoint=tp, capture=_slim(cap), status=status, error=cap.error, findings=ev.findings,
                          outcomes=ev.outcomes, score=score(ev.findings),
                          screenshot=cap.primary.screenshot if cap.primary else None)
    return tr


def _slim(cap: Capture) -> Capture:
    """Keep what reports show (screenshots, notes, meta) and drop the heavy DOM of each view."""
    for v in cap.views:
        v.elements = []
        v.rendered_fonts = None
    return cap
