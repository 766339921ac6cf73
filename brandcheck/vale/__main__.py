"""`python -m brandcheck.vale PATH... [--config FILE]`: the vale-compat command on its own.

brandcheck's CLI wires `command.run` as `brandcheck vale-compat`; this entry point exists so the
engine can be run (and compared with Vale) without the rest of brandcheck.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import UserError
from .command import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brandcheck.vale",
                                     description="Lint files with Vale styles; print Vale's line output.")
    parser.add_argument("paths", nargs="*", default=["."])
    parser.add_argument("--config", default=None, help="the .vale.ini to use (default: nearest)")
    args = parser.parse_args(argv)
    try:
        return run(args.paths, args.config, sys.stdout)
    except UserError as ex:
        print(ex.one_line(), file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
