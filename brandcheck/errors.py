"""Errors a user can act on: each names the file (and line) or URL it is about.

The command line turns `UserError` into one line on standard error and exit code 2, as contract 4
says for a bad kit, a bad rule file or bad usage.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with what the user gave us (usage, kit, rule file, config): exit 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class KitError(UserError):
    """The brand-asset kit is malformed."""


class RuleFileError(UserError):
    """A rule file (or rule folder, or config) does not load."""


class CaptureError(Exception):
    """A touchpoint could not be captured; the scan goes on with the others."""
