"""The command line (contract 4).

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it (a touchpoint that could not
be captured counts as an error); 2 bad usage, a bad kit or rule file, or no touchpoint could be
captured, always with one line on standard error naming the file, line or URL.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .capture.options import CaptureOptions
from .config import Config, find_config
from .errors import UserError
from .model import ScanResult

EXAMPLES = """\
examples:
  brandcheck scan site/index.html emails/ --kit brand_assets/acme
  brandcheck scan https://staging.acme.example/ --kit brand_assets/acme --max-pages 50 --auth user:secret
  brandcheck scan touchpoints.yaml --format html --format json --output report/
  brandcheck scan deliverable.zip --kit brand_assets/acme --format sarif --output brandcheck.sarif --fail-on warning
  brandcheck baseline write site/ --kit brand_assets/acme --output .brandcheck-baseline.json
  brandcheck scan site/ --kit brand_assets/acme --baseline .brandcheck-baseline.json
  brandcheck capture https://acme.example/ --out captures/ && brandcheck scan --from-capture captures/ --kit brand_assets/acme
  brandcheck kit check brand_assets/acme
  brandcheck vale-compat docs/ --config .vale.ini

exit codes: 0 pass, 1 findings at or above --fail-on (or a touchpoint not captured), 2 usage/kit/rule error
"""

FORMATS = ("text", "json", "html", "pdf", "sarif", "junit")
FILE_NAMES = {"text": "report.txt", "json": "report.json", "sarif": "report.sarif", "junit": "report.junit.xml",
              "pdf": "report.pdf", "html": "html"}


# --------------------------------------------------------------------------- argument parsing


def _capture_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("capture")
    g.add_argument("--static", action="store_true", help="use the static capture (no browser)")
    g.add_argument("--kind", choices=("website", "landing", "email", "document"),
                   help="touchpoint kind for every target (default: detected)")
    g.add_argument("--viewport", action="append", metavar="WxH[@DPR]",
                   help="viewport to capture, repeatable (default 1280x800 and 390x844@2)")
    g.add_argument("--max-pages", type=int, metavar="N", help="pages to crawl from each URL (default 1)")
    g.add_argument("--max-depth", type=int, metavar="N", help="link depth to crawl (default 3 when --max-pages is above 1)")
    g.add_argument("--include", action="append", default=[], metavar="GLOB", help="crawl only URLs matching")
    g.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="do not crawl URLs matching")
    g.add_argument("--ignore-robots", action="store_true", help="do not honour robots.txt (your own staging site)")
    g.add_argument("--concurrency", type=int, metavar="N", help="pages captured in parallel (default 2)")
    g.add_argument("--delay", type=float, metavar="SECONDS", help="delay between requests to one host")
    g.add_argument("--timeout", type=float, metavar="SECONDS", help="per-page timeout (default 30)")
    g.add_argument("--auth", metavar="USER:PASSWORD", help="HTTP basic auth for the scanned site")
    g.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'", help="extra request header")
    g.add_argument("--cookie", action="append", default=[], metavar="NAME=VALUE", help="cookie for the scanned site")
    g.add_argument("--user-agent", metavar="UA", help="user agent (default names brandcheck)")


def _scan_args(p: argparse.ArgumentParser, with_output: bool = True) -> None:
    p.add_argument("targets", nargs="*", metavar="TARGET",
                   help="URL, file (.html .htm .eml .md .txt), folder, zip, or touchpoints.yaml")
    p.add_argument("--kit", metavar="DIR", help="brand-asset kit folder (brand.yaml)")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule folder, repeatable")
    p.add_argument("--config", metavar="FILE", help="config file (default: brandcheck.yaml or [tool.brandcheck])")
    p.add_argument("--vale-config", metavar="FILE", help="a .vale.ini whose rules run on every touchpoint")
    p.add_argument("--from-capture", metavar="DIR", help="analyze a saved capture bundle instead of capturing")
    p.add_argument("--capture-dir", metavar="DIR", help="keep the capture artifacts here (default: a temp folder)")
    p.add_argument("--baseline", metavar="FILE", help="accepted findings: shown as baselined, never fail the gate")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    p.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    if with_output:
        p.add_argument("--format", action="append", choices=FORMATS, metavar="FORMAT",
                       help=f"report format, repeatable: {', '.join(FORMATS)} (default text)")
        p.add_argument("--output", metavar="PATH", help="file (one format) or folder (several formats) for reports")
        p.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                       help="lowest severity that fails the gate (default error)")
    _capture_args(p)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="brandcheck", description="Check that every touchpoint of a brand shows the "
                                 "brand as its kit declares it: colors, logos, fonts and tone of voice.",
                                 epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"brandcheck {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    scan = sub.add_parser("scan", help="capture, analyze and report touchpoints", epilog=EXAMPLES,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    _scan_args(scan)
    cap = sub.add_parser("capture", help="capture touchpoints into a bundle folder, no analysis")
    cap.add_argument("targets", nargs="+", metavar="TARGET")
    cap.add_argument("--out", required=True, metavar="DIR", help="bundle folder to write")
    cap.add_argument("-q", "--quiet", action="store_true")
    cap.add_argument("-v", "--verbose", action="store_true")
    _capture_args(cap)
    kit = sub.add_parser("kit", help="brand-asset kit commands")
    kit_sub = kit.add_subparsers(dest="kit_command", metavar="SUBCOMMAND")
    kc = kit_sub.add_parser("check", help="validate a kit and show it")
    kc.add_argument("dir", metavar="DIR")
    base = sub.add_parser("baseline", help="baseline commands")
    base_sub = base.add_subparsers(dest="baseline_command", metavar="SUBCOMMAND")
    bw = base_sub.add_parser("write", help="scan and write every finding into a baseline file")
    _scan_args(bw, with_output=False)
    bw.add_argument("--output", required=True, metavar="FILE", help="baseline file to write")
    vc = sub.add_parser("vale-compat", help="run Vale rules and print Vale's line output")
    vc.add_argument("paths", nargs="+", metavar="PATH")
    vc.add_argument("--config", metavar="FILE", help=".vale.ini (default: ./.vale.ini)")
    rl = sub.add_parser("rules", help="list the rules that would run")
    rl.add_argument("--rules", action="append", default=[], metavar="DIR")
    rl.add_argument("--config", metavar="FILE")
    return ap


def _viewport(spec: str) -> tuple[int, int, float]:
    import re

    m = re.match(r"^(\d+)x(\d+)(?:@([\d.]+))?$", spec.strip())
    if not m:
        raise UserError(f"--viewport must look like 1280x800 or 390x844@2, got {spec!r}")
    return int(m.group(1)), int(m.group(2)), float(m.group(3) or 1)


def capture_options(a: argparse.Namespace, config: Config) -> CaptureOptions:
    opts = CaptureOptions()
    cfg = config.capture
    if cfg.get("viewports"):
        opts.viewports = [_viewport(str(v)) for v in cfg["viewports"]]
    if a.viewport:
        opts.viewports = [_viewport(v) for v in a.viewport]
    opts.static = bool(a.static or cfg.get("static"))
    for name in ("max_pages", "max_depth", "concurrency", "timeout"):
        v = getattr(a, name, None)
        v = v if v is not None else cfg.get(name)
        if v is not None:
            if isinstance(v, int | float) and v < 0:
                raise UserError(f"--{name.replace('_', '-')} must not be negative")
            setattr(opts, name, v)
    if a.delay is not None:
        opts.per_host_delay = a.delay
    opts.ignore_robots = bool(a.ignore_robots or cfg.get("ignore_robots"))
    opts.include = list(a.include) + list(cfg.get("include") or [])
    opts.exclude = list(a.exclude) + list(cfg.get("exclude") or [])
    if a.auth:
        user, sep, pw = a.auth.partition(":")
        if not sep:
            raise UserError("--auth must be USER:PASSWORD")
        opts.basic_auth = (user, pw)
    for h in a.header:
        name, sep, value = h.partition(":")
        if not sep or not name.strip():
            raise UserError(f"--header must be 'Name: value', got {h!r}")
        opts.headers[name.strip()] = value.strip()
    for c in a.cookie:
        name, sep, value = c.partition("=")
        if not sep or not name.strip():
            raise UserError(f"--cookie must be NAME=VALUE, got {c!r}")
        opts.cookies.append({"name": name.strip(), "value": value.strip()})
    if a.user_agent:
        opts.user_agent = a.user_agent
    opts.ignore_selectors = list(config.ignore_selectors)
    return opts


# --------------------------------------------------------------------------- commands


def _renderers() -> dict[str, Callable[[ScanResult, Path | None], str | None]]:
    from .report import writers

    return writers.WRITERS


def write_reports(result: ScanResult, formats: list[str], output: str | None, stdout) -> list[Path]:
    """Write each format where contract 4 says; returns the paths written."""
    renderers = _renderers()
    written: list[Path] = []
    if not output:
        for fmt in formats:
            if fmt in ("html", "pdf"):
                raise UserError(f"--format {fmt} needs --output PATH")
            text = renderers[fmt](result, None)
            stdout.write(text or "")
        return written
    out = Path(output)
    as_folder = len(formats) > 1 or output.endswith(("/", "\\")) or out.is_dir()
    for fmt in formats:
        target = out / FILE_NAMES[fmt] if as_folder else out
        if fmt == "html" and as_folder:
            target = out / "html"
        target.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "html":
            target.mkdir(parents=True, exist_ok=True)
            renderers[fmt](result, target)
            written.append(target / "index.html")
        elif fmt == "pdf":
            renderers[fmt](result, target)
            written.append(target)
        else:
            text = renderers[fmt](result, target)
            target.write_text(text or "", encoding="utf-8")
            written.append(target)
    return written


class _Progress:
    """A progress line on a terminal; silent otherwise (CI logs stay clean)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.progress = None
        self.task = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}"),
                                     TimeElapsedColumn(), transient=True)
            self.progress.__enter__()
            self.task = self.progress.add_task("scanning", total=None)
        return self

    def start(self, tp) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description=f"capturing {tp.id[:60]}")

    def done(self, tr) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exc)


def _scan_request(a: argparse.Namespace, fail_on: str | None = None):
    from .scan import ScanRequest

    config = find_config(a.config, Path.cwd())
    fail = fail_on or getattr(a, "fail_on", None) or config.fail_on or "error"
    return ScanRequest(targets=list(a.targets), kit=a.kit, rules_dirs=list(a.rules), config=config,
                       capture=capture_options(a, config), baseline=getattr(a, "baseline", None),
                       vale_config=a.vale_config, from_capture=a.from_capture, kind=a.kind, fail_on=fail)


def _run_scan(a: argparse.Namespace, fail_on: str | None = None) -> ScanResult:
    from .scan import run_scan

    req = _scan_request(a, fail_on)
    keep = Path(a.capture_dir) if a.capture_dir else None
    tmp = None if keep else Path(tempfile.mkdtemp(prefix="brandcheck-"))
    req.workdir = keep or tmp
    a._tmp = tmp  # removed by main() after the reports are written
    with _Progress(not a.quiet) as prog:
        return run_scan(req, on_touchpoint=prog.start, on_result=prog.done)


def cmd_scan(a: argparse.Namespace) -> int:
    from .report.summary import gate_failed

    formats = a.format or ["text"]
    result = _run_scan(a)
    color = sys.stdout.isatty() and not a.output
    if not a.output and formats == ["text"]:
        from .report.text import render_text

        sys.stdout.write(render_text(result, color=color, width=shutil.get_terminal_size((120, 20)).columns))
    else:
        written = write_reports(result, formats, a.output, sys.stdout)
        if not a.quiet and a.output:
            for p in written:
                print(f"wrote {p}", file=sys.stderr)
    captured = [t for t in result.touchpoints if t.status != "error"]
    if not captured:
        reasons = "; ".join(t.error or "unknown error" for t in result.touchpoints[:3]) or "no touchpoints"
        print(f"brandcheck: no touchpoint could be captured: {reasons}", file=sys.stderr)
        return 2
    return 1 if gate_failed(result, result.fail_on) else 0


def cmd_capture(a: argparse.Namespace) -> int:
    from .capture.bundle import safe_name, write_capture
    from .capture.runner import capture_touchpoints
    from .touchpoints import resolve_targets

    config = find_config(None, Path.cwd())
    opts = capture_options(a, config)
    targets = resolve_targets(a.targets, a.kind)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    ok = 0
    try:
        for cap in capture_touchpoints(targets.touchpoints, opts, out):
            folder = Path(cap.bundle) if cap.bundle else out / safe_name(cap.touchpoint.id)
            write_capture(cap, folder)
            if cap.status == "error":
                print(f"brandcheck: {cap.touchpoint.id}: {cap.error}", file=sys.stderr)
            else:
                ok += 1
                if not a.quiet:
                    print(f"captured {cap.touchpoint.id} -> {folder}", file=sys.stderr)
    finally:
        targets.cleanup()
    if not ok:
        print("brandcheck: no touchpoint could be captured", file=sys.stderr)
        return 2
    return 0


def cmd_kit_check(a: argparse.Namespace) -> int:
    from .kit import load_kit
    from .report.kit_view import render_kit

    kit = load_kit(a.dir)
    sys.stdout.write(render_kit(kit, color=sys.stdout.isatty()))
    return 0


def cmd_baseline_write(a: argparse.Namespace) -> int:
    from .baseline import write_baseline

    result = _run_scan(a, fail_on="never")
    n = write_baseline(result, Path(a.output))
    print(f"wrote {n} finding(s) to {a.output}", file=sys.stderr)
    if not any(t.status != "error" for t in result.touchpoints):
        print("brandcheck: no touchpoint could be captured", file=sys.stderr)
        return 2
    return 0


def cmd_vale_compat(a: argparse.Namespace) -> int:
    from .vale.command import run

    return run(a.paths, a.config, sys.stdout)


def cmd_rules(a: argparse.Namespace) -> int:
    from .scan import load_rule_set

    config = find_config(a.config, Path.cwd())
    for r in sorted(load_rule_set(a.rules, config, None), key=lambda r: r.id):
        state = r.level if r.enabled else "off"
        print(f"{r.id:<36} {state:<8} {r.kind:<28} {r.description or r.message}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if getattr(a, "verbose", False) else logging.ERROR,
                        format="brandcheck: %(message)s")
    handlers = {"scan": cmd_scan, "capture": cmd_capture, "vale-compat": cmd_vale_compat, "rules": cmd_rules}
    try:
        if a.command in handlers:
            return handlers[a.command](a)
        if a.command == "kit" and a.kit_command == "check":
            return cmd_kit_check(a)
        if a.command == "baseline" and a.baseline_command == "write":
            return cmd_baseline_write(a)
        ap.print_help(sys.stderr)
        return 2
    except UserError as ex:
        print(f"brandcheck: {ex.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("brandcheck: interrupted", file=sys.stderr)
        return 130
    finally:
        tmp = getattr(a, "_tmp", None)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
