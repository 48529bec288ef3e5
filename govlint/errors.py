"""Errors that end a file's lint (exit code 2) with a one-line Chinese message."""

from __future__ import annotations


class GovlintError(Exception):
    """Base: ``str(exc)`` is the one line shown to the user."""


class InputError(GovlintError):
    """A file that cannot be read as a report."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class PackError(GovlintError):
    """A rule pack that is missing or malformed; names the pack file and line."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
