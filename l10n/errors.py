"""One error hierarchy, caught once at the CLI.

Rules: every error the user can cause is an ``L10nError``; it carries an exit
status and, where it points into a file, the path and a 1-based line, so the
CLI can print exactly one ``path:line: message`` line.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    """Exit codes of the ``l10n`` command; documented in the README and ``--help``."""

    OK = 0
    INPUT = 1  # bad input: an article, a catalog or a glossary that cannot be read
    USAGE = 2  # wrong options, unknown locale, missing or invalid configuration
    STALE = 3  # --check: a template, catalog or page would change
    INCOMPLETE = 4  # a catalog is under the publish threshold
    QUALITY = 5  # check found errors in translations
    ENGINE = 6  # a translation engine could not be reached or failed
    INTERRUPTED = 130


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


class EngineError(L10nError):
    """A translation engine is unreachable, refused the request or misbehaved."""

    exit_status = ExitStatus.ENGINE
