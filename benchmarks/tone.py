"""Benchmark: what brandcheck's tone checks add to spaCy's own `nlp.pipe`, measured in one run.

For each page (default: every case page of ../shared/corpus; or the HTML, .md and .txt files
given), the page is captured statically and its text blocks extracted once, untimed. Then, in
alternating rounds over the same text with the same pipeline:

  A  spaCy alone: `nlp.pipe` over exactly the texts the tone measurement sends to spaCy
     (the same chunks, one batched call per touchpoint);
  B  brandcheck: the "tone" measurement (which makes that same `nlp.pipe` call) plus every
     built-in tone rule evaluated by the rule engine, with a kit that switches every voice
     check on (brand name, terminology, banned words, required phrases, readability, exclamation
     marks, capitals, sentence length, passive voice, person).

Overhead = (B - A) / A, on the median of the rounds. The issue's target is at most 20 %.

    PYTHONPATH=. .venv/bin/python benchmarks/tone.py [--rounds 5] [--scale 1] [FILE ...]

`--scale N` repeats each page's text blocks N times (a larger touchpoint) to check that the
overhead does not grow with size. Run it by hand on a quiet machine; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from brandcheck.analyze.context import Context  # noqa: E402
from brandcheck.analyze.nlp import get_pipeline  # noqa: E402
from brandcheck.analyze.tone import chunks  # noqa: E402
from brandcheck.capture.options import CaptureOptions  # noqa: E402
from brandcheck.capture.runner import capture_touchpoints  # noqa: E402
from brandcheck.kit import Kit, Term, Voice, VoiceStyle  # noqa: E402
from brandcheck.model import Capture  # noqa: E402
from brandcheck.rules.engine import Engine  # noqa: E402
from brandcheck.rules.loader import builtin_rules_dir, load_rules  # noqa: E402
from brandcheck.touchpoints import resolve_targets  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def bench_kit() -> Kit:
    """A kit with every voice check on, so that the benchmark times all of them."""
    voice = Voice(
        language="en",
        terminology=(Term("sign in", ("log in", "login")), Term("website", ("web site", "web-site")),
                     Term("email", ("e-mail",)), Term("download", ("grab",)), Term("Sass", ("SASS",))),
        banned=("cheap", "guys", "awesome", "hell", "no-brainer"),
        required={"all": ("All rights reserved",), "email": ("Unsubscribe",)},
        max_grade=9,
        style=VoiceStyle(max_exclamations_per_100_words=2, all_caps_sentences=False, max_sentence_words=25,
                         passive_voice=False, person="second"),
    )
    return Kit(path=ROOT, brand="Start Bootstrap", aliases=("Ledgerly",),
               misspellings=("StartBootstrap", "Startbootstrap", "Ledgerley"), voice=voice)


def pages(args: list[str]) -> list[str]:
    if args:
        return args
    return sorted(str(p.parent / json.loads(p.read_text())["page"]) for p in (CORPUS / "cases").glob("*/expected.json"))


def capture_all(files: list[str]) -> list[Capture]:
    targets = resolve_targets(files, None)
    opts = CaptureOptions(static=True)  # the text is the same as a browser's; the benchmark is about text
    with tempfile.TemporaryDirectory() as tmp:
        caps = [c for c in capture_touchpoints(targets.touchpoints, opts, Path(tmp)) if c.status != "error"]
    targets.cleanup()
    return caps


def prepared(caps: list[Capture], kit: Kit, scale: int) -> list[tuple[Capture, list, object]]:
    """(capture, text blocks, dom) per touchpoint, computed once and seeded into every timed context."""
    out = []
    for cap in caps:
        ctx = Context(cap, kit)
        blocks = ctx.get("text_blocks")
        if scale > 1:
            blocks = [replace(b, pieces=list(b.pieces)) for _ in range(scale) for b in blocks]
        dom = ctx.get("dom") if ctx.view is not None else None
        out.append((cap, blocks, dom))
    return out


def new_context(cap: Capture, blocks: list, dom: object, kit: Kit) -> Context:
    cap.notes = []
    ctx = Context(cap, kit)
    ctx.put("text_blocks", blocks)
    if dom is not None:
        ctx.put("dom", dom)
        ctx.put("ignored", set())
    return ctx


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="pages or copy files (default: the corpus case pages)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--scale", type=int, default=1, help="repeat each page's text blocks this many times")
    a = ap.parse_args()

    kit = bench_kit()
    rules = [r for rid, r in load_rules([builtin_rules_dir()]).items() if rid.startswith("tone.")]
    engine = Engine(rules)
    pipe = get_pipeline("en")
    caps = capture_all(pages(a.files))
    data = prepared(caps, kit, a.scale)

    # the exact texts the tone measurement sends to spaCy, per touchpoint
    texts_per_tp: list[list[str]] = []
    findings = 0
    for cap, blocks, dom in data:
        ctx = new_context(cap, blocks, dom, kit)
        report = ctx.get("tone")
        texts_per_tp.append([c for tb in report.checked for _, c in chunks(tb.text)])
        findings += len(engine.evaluate(ctx).findings)
    words = sum(len(d) for texts in texts_per_tp for d in pipe.pipe(texts))
    chars = sum(len(t) for texts in texts_per_tp for t in texts)

    # wall-clock and CPU time of this process, A and B alternating so that both see the same load
    a_wall: list[float] = []
    a_cpu: list[float] = []
    b_wall: list[float] = []
    b_cpu: list[float] = []
    for _ in range(a.rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        for texts in texts_per_tp:
            pipe.pipe(texts)
        a_wall.append(time.perf_counter() - w0)
        a_cpu.append(time.process_time() - c0)

        w0, c0 = time.perf_counter(), time.process_time()
        for cap, blocks, dom in data:
            ctx = new_context(cap, blocks, dom, kit)
            engine.evaluate(ctx)
        b_wall.append(time.perf_counter() - w0)
        b_cpu.append(time.process_time() - c0)

    def overhead(b: list[float], a_: list[float]) -> str:
        med = (statistics.median(b) - statistics.median(a_)) / statistics.median(a_) * 100
        low = (min(b) - min(a_)) / min(a_) * 100
        return f"{med:+.1f} % on medians, {low:+.1f} % on minima"

    print(f"pipeline            {pipe.name} (components: {', '.join(pipe.nlp.pipe_names)})")
    print(f"touchpoints         {len(data)} (text x{a.scale}), {chars:,} characters, {words:,} tokens, "
          f"{sum(len(t) for t in texts_per_tp):,} texts")
    print(f"tone findings       {findings} (all levels, kit with every voice check on)")
    print(f"rounds              {a.rounds}")
    for name, wall, cpu in (("A spaCy nlp.pipe ", a_wall, a_cpu), ("B brandcheck tone", b_wall, b_cpu)):
        print(f"{name}   wall median {statistics.median(wall):.3f} s (min {min(wall):.3f})   "
              f"CPU median {statistics.median(cpu):.3f} s (min {min(cpu):.3f})")
    print(f"spaCy throughput    {words / statistics.median(a_wall):,.0f} tokens/s (wall)")
    print(f"overhead (B-A)/A    CPU: {overhead(b_cpu, a_cpu)}")
    print(f"                    wall: {overhead(b_wall, a_wall)}   (target: at most +20 %)")


if __name__ == "__main__":
    main()
