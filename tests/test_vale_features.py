"""Every scenario of the Vale packages in shared/corpus/vale, run through `vale-compat`.

Each package's `features/*.feature` lists, per fixture folder, the exact alert lines Vale prints
there with `--output=line --sort --normalize --relative`; the same lines (as a set) must come out
of `command.run(["."], ".vale.ini", ...)` run inside that folder.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from brandcheck.errors import RuleFileError
from brandcheck.vale import command

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "vale"

# Where real Vale's output (as the engine reproduces it) and a feature file disagree, and why.
KNOWN_DIVERGENCES = {
    "write-good/Weasel words": (
        "the fixture's line 5 ('a number of fairly new features') contains the listed weasel "
        "word 'fairly', which Vale's existence semantics report (test.md:5:23); the feature "
        "file lists only line 3"
    ),
}


@dataclass
class Scenario:
    package: str
    name: str
    case: str = ""
    exact: set[str] | None = None
    contains: list[str] = field(default_factory=list)
    not_contains: list[str] = field(default_factory=list)
    exit_status: int | None = None
    fixtures: Path = Path()

    @property
    def id(self) -> str:
        return f"{self.package}/{self.name}"


def _docstring(lines: list[str], i: int) -> tuple[list[str], int]:
    """The `\"\"\"` block starting at line `i`; returns its lines and the index after it."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or lines[i].strip() != '"""':
        return [], i
    body: list[str] = []
    i += 1
    while i < len(lines) and lines[i].strip() != '"""':
        body.append(lines[i].strip())
        i += 1
    return body, i + 1


def _expand(template: list[str], header: list[str], row: list[str]) -> list[str]:
    out = []
    for line in template:
        for key, value in zip(header, row, strict=False):
            line = line.replace(f"<{key}>", value)
        out.append(line)
    return out


def parse_feature(path: Path, package: str) -> list[Scenario]:
    """Scenarios (and expanded Scenario Outlines) with the step forms the packages use."""
    lines = path.read_text(encoding="utf-8").splitlines()
    scenarios: list[Scenario] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if not (s.startswith("Scenario:") or s.startswith("Scenario Outline:")):
            i += 1
            continue
        outline = s.startswith("Scenario Outline:")
        name = s.split(":", 1)[1].strip()
        steps: list[str] = []
        i += 1
        while i < len(lines):
            t = lines[i].strip()
            if t.startswith(("Scenario:", "Scenario Outline:")):
                break
            if t and not t.startswith("#"):
                steps.append(lines[i])
            i += 1
        rows: list[list[str]] = [[]]
        header: list[str] = []
        if outline:
            table = [ln.strip() for ln in steps if ln.strip().startswith("|")]
            cells = [[c.strip() for c in r.strip("|").split("|")] for r in table]
            if cells:
                header, rows = cells[0], cells[1:]
        for row in rows:
            text = _expand(steps, header, row) if outline else steps
            sc = Scenario(package, name + (f" [{' '.join(row)}]" if outline else ""))
            j = 0
            while j < len(text):
                t = text[j].strip()
                j += 1
                if m := re.match(r'^(?:When|And|Given) I test "(.*)"$', t):
                    sc.case = m.group(1)
                elif re.match(r"^(?:Then|And) the output should contain exactly:$", t):
                    body, j = _docstring(text, j)
                    sc.exact = {b for b in body if b}
                elif re.match(r"^(?:Then|And) the output should contain:$", t):
                    body, j = _docstring(text, j)
                    sc.contains.extend(b for b in body if b)
                elif m := re.match(r'^(?:Then|And) the output should contain "(.*)"$', t):
                    sc.contains.append(m.group(1))
                elif m := re.match(r'^(?:Then|And) the output should not contain "(.*)"$', t):
                    sc.not_contains.append(m.group(1))
                elif m := re.match(r"^(?:Then|And) the exit status should be (\d+)$", t):
                    sc.exit_status = int(m.group(1))
            sc.fixtures = path.parent.parent / "fixtures" / sc.case
            if sc.case:
                scenarios.append(sc)
    return scenarios


def all_scenarios() -> list[Scenario]:
    if not CORPUS.is_dir():
        return []
    out: list[Scenario] = []
    for feature in sorted(CORPUS.glob("*/features/*.feature")):
        out.extend(parse_feature(feature, feature.parent.parent.name))
    return out


SCENARIOS = all_scenarios()


def _params() -> list[object]:
    params: list[object] = []
    for sc in SCENARIOS:
        marks = []
        if sc.id in KNOWN_DIVERGENCES:
            marks.append(pytest.mark.xfail(reason=KNOWN_DIVERGENCES[sc.id], strict=True))
        params.append(pytest.param(sc, id=sc.id, marks=marks))
    return params


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"Vale corpus not found at {CORPUS}")
@pytest.mark.parametrize("scenario", _params())
def test_scenario(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(scenario.fixtures)
    buf = io.StringIO()
    try:
        status = command.run(["."], ".vale.ini", buf)
    except RuleFileError:
        status = 2
    got = [line for line in buf.getvalue().splitlines() if line]
    if scenario.exit_status is not None:
        # Vale exits 1 when it printed an error-level alert; brandcheck's command returns 0 for
        # alerts, so only the "config is broken" status (2) is comparable.
        assert (status == 2) == (scenario.exit_status == 2)
    if scenario.exact is not None:
        assert set(got) == scenario.exact
    output = "\n".join(got)
    for expected in scenario.contains:
        assert expected in output
    for unexpected in scenario.not_contains:
        assert unexpected not in output


def test_corpus_has_scenarios() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"Vale corpus not found at {CORPUS}")
    packages = {sc.package for sc in SCENARIOS}
    assert {"Microsoft", "write-good", "proselint"} <= packages
    assert len(SCENARIOS) >= 28
