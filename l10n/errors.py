"""One error hierarchy, caught once at the CLI.

Rules: every error the user can cause is an ``L10nError``; it carries an exit
status and, where it points into a file, the path and a 1-based line, so the
CLI can print exactly one ``path:line: message`` line.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    """Exit codes of the ``l10n`` command; the README and ``l10n --help`` show ``MEANINGS``."""

    OK = 0
    INPUT = 1
    USAGE = 2
    STALE = 3
    INCOMPLETE = 4  # not publishable
    QUALITY = 5
    ENGINE = 6
    WRITE = 7
    INTERRUPTED = 130


MEANINGS: dict[ExitStatus, str] = {
    ExitStatus.OK: "success, including notices such as layout-only differences",
    ExitStatus.INPUT: "bad input: a file cannot be read",
    ExitStatus.USAGE: (
        "usage or configuration error; also an interactive command with no terminal"
    ),
    ExitStatus.STALE: "`--check`: content would change; `fmt --check`: a layout differs",
    ExitStatus.INCOMPLETE: (
        "not publishable: under the threshold, a critical unit not reviewed, a page held back,"
        " a review overdue when configured strict"
    ),
    ExitStatus.QUALITY: "translation errors found by `check`",
    ExitStatus.ENGINE: "a translation engine failed",
    ExitStatus.WRITE: "cannot write: permission, disk full, a path that is a folder",
    ExitStatus.INTERRUPTED: "interrupted",
}


class L10nError(Exception):
    """Base of every error the CLI reports as one line."""

    exit_status: ExitStatus = ExitStatus.INPUT

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self) -> tuple[type[L10nError], tuple[str, Path | str | None, int | None]]:
        """Keep path and line when an error crosses from a worker process."""
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class SourceError(L10nError):
    """An article cannot be read: bad encoding, front matter, YAML."""


class CatalogError(L10nError):
    """A PO/POT file or glossary cannot be read."""


class ConfigError(L10nError):
    """The [tool.l10n] configuration is missing or wrong."""

    exit_status = ExitStatus.USAGE


class UsageError(L10nError):
    """An option or argument the user gave is wrong (an unknown locale, say)."""

    exit_status = ExitStatus.USAGE


class WriteError(L10nError):
    """A file cannot be written or removed: permission, a full disk, a folder in the way.

    ``path`` is the file the user asked for, never the temporary file it goes through.
    """

    exit_status = ExitStatus.WRITE


class EngineError(L10nError):
    """A translation engine is unreachable, refused the request or misbehaved."""

    exit_status = ExitStatus.ENGINE
