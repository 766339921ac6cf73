"""Alerts per second and MB/s of the Vale engine on ~1 MB of Markdown with the Microsoft style.

The text is every fixture of the shipped Vale packages, repeated until it reaches the target
size; the rules are every Microsoft rule (as `BasedOnStyles = Microsoft` enables them).

    python benchmarks/vale_speed.py [--size-mb 1.0] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from brandcheck.vale import load_config, load_rules  # noqa: E402
from brandcheck.vale.lint import active_rules, lint_source  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "vale"


def build_text(size: int) -> str:
    pieces = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/fixtures/*/*.md"))]
    if not pieces:
        raise SystemExit(f"no fixtures under {CORPUS}")
    unit = "\n\n".join(pieces) + "\n\n"
    return (unit * (size // len(unit) + 1))[:size].rsplit("\n\n", 1)[0] + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size-mb", type=float, default=1.0)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    text = build_text(int(args.size_mb * 1024 * 1024))
    with tempfile.TemporaryDirectory() as tmp:
        ini = Path(tmp) / ".vale.ini"
        ini.write_text(f"StylesPath = {CORPUS / 'Microsoft'}\nMinAlertLevel = suggestion\n\n"
                       "[*.md]\nBasedOnStyles = Microsoft\n", encoding="utf-8")
        config = load_config(ini)
        t0 = time.perf_counter()
        rules = load_rules(config)
        active, styles = active_rules(config, rules, "bench.md")
        load_s = time.perf_counter() - t0
        profiler = cProfile.Profile() if args.profile else None
        t0 = time.perf_counter()
        c0 = time.process_time()
        if profiler:
            profiler.enable()
        alerts = lint_source(text, "bench.md", active, "markdown", ".md", config, styles)
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - t0
        cpu = time.process_time() - c0
    mb = len(text.encode("utf-8")) / (1024 * 1024)
    print(f"rules: {len(active)} (loaded in {load_s:.2f} s)")
    print(f"text: {mb:.2f} MB, {text.count(chr(10)) + 1} lines")
    print(f"alerts: {len(alerts)} in {elapsed:.2f} s wall, {cpu:.2f} s CPU")
    print(f"alerts/second: {len(alerts) / elapsed:,.0f} (wall), {len(alerts) / cpu:,.0f} (CPU)")
    print(f"MB/s: {mb / elapsed:.3f} (wall), {mb / cpu:.3f} (CPU)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
