"""The ``l10n`` console entry point, and what every command does to open and finish a run.

Rules: every ``L10nError`` is caught here once, printed as one ``path:line: message`` line
on stderr and mapped to its exit status. ``l10n build`` and ``l10n build --check``, the
everyday and CI commands, run without importing Typer (a no-change build is mostly start-up
time), and so do ``l10n check`` and ``l10n check --format FORMAT``, the CI gate, and
``l10n xliff import FILE... [--strict]`` (a tenth of a second of a large return's import);
any other command line goes to the Typer app in ``cli.py``, which imports this module's
helpers, so both routes open, build and report a project the same way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from l10n.errors import ExitStatus, L10nError

if TYPE_CHECKING:
    from l10n.project import Project


def echo(text: str, err: bool = False) -> None:
    """Print one message line, to stderr for notices and errors."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def open_project(check: bool = False, content_only: bool = False) -> Project:
    """The project around the working folder, printing its notices on stderr."""
    from l10n.config import find_project, load_settings
    from l10n.project import Project

    project = Project(load_settings(find_project(Path.cwd())), check, content_only)
    project.on_notice = lambda text: echo(text, err=True)
    return project


def finish(project: Project, verb: str) -> None:
    """Report written files; with --check, exit 3 if anything would change."""
    project.save_catalog_hashes()
    changes = project.changes
    if project.check:
        if changes.layout:
            echo(
                "notice: only the layout differs from gettext's (content is current; "
                f"'l10n fmt' rewrites them): {', '.join(changes.layout)}",
                err=True,
            )
        for path, what in changes.stale:
            echo(f"{path}: {what}", err=True)
        if changes.stale:
            sys.exit(ExitStatus.STALE)
        echo(f"{verb}: up to date")
        return
    lines = [f"wrote {path}" for path in dict.fromkeys(changes.written)]
    lines += [f"removed {path}" for path in changes.removed]
    echo("\n".join(lines) if lines else f"{verb}: nothing to change")


def held_back(project: Project) -> None:
    """Name every page not published, and why."""
    held = project.changes.held_back
    if held:  # one write: a large site can hold back thousands of pages
        echo("\n".join(f"{page}: not published: {reason}" for page, reason in held))


def build(locales: Sequence[str] = (), check: bool = False, allow_empty: bool = False) -> None:
    """Extract, update and render every article for the locales (default: all configured)."""
    project = open_project(check)
    chosen = project.locales(locales)
    project.allow_empty = allow_empty
    project.refuse_empty_site()
    project.build(chosen)
    project.prune(chosen)
    project.write_site()
    held_back(project)
    finish(project, "build")


def print_table(
    headers: tuple[str, ...],
    rows: list[tuple[str, ...]],
    caption: str | None = None,
    wrap: tuple[int, ...] = (0,),
) -> None:
    """Print rows as a table as wide as the terminal (COLUMNS), unbounded when piped.

    Nothing is ever cut off: the ``wrap`` columns (by index) fold when the terminal
    is narrow; when even that cannot fit, each row is printed as one line instead.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    fixed = sum(w for i, w in enumerate(widths) if i not in wrap) + 2 * (len(headers) - 1)
    if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
        console = Console(width=max(80, fixed + sum(widths[i] for i in wrap)))
    if console.width < fixed + sum(min(widths[i], 10) for i in wrap):
        for row in rows:
            echo(", ".join(f"{h}: {v}" for h, v in zip(headers, row, strict=True)))
        if caption:
            echo(f"({caption})")
        return
    table = Table(
        caption=caption, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0)
    )
    for index, header in enumerate(headers):
        table.add_column(header, overflow="fold", no_wrap=index not in wrap)
    for row in rows:
        table.add_row(*row)
    console.print(table)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"
    github = "github"


def check(
    locales: Sequence[str] = (),
    minimum: float | None = None,
    fmt: CheckFormat = CheckFormat.text,
    today: str = "",
) -> ExitStatus:
    """The CI gate over the locales' catalogs, printed in ``fmt``; its exit status."""
    from l10n.quality import gate

    project = open_project(check=True, content_only=True)
    chosen = project.locales(locales)
    if minimum is None:
        minimum = project.settings.threshold
    reports = project.build(chosen, assess=minimum, render=False)  # pages: build --check
    project.review_currency(reports, today or project.stamp()[:10])
    stale = [*project.changes.stale, *project.orphans(chosen)]
    status = gate.exit_status(reports, stale)
    if fmt is CheckFormat.json:
        echo(gate.as_json(reports, stale))
    elif fmt is CheckFormat.junit:
        sys.stdout.write(gate.as_junit(reports, stale))
    elif fmt is CheckFormat.github:
        sys.stdout.write(gate.as_github(reports, stale))
    else:
        from l10n.wording import count

        for line in gate.as_text_lines(reports, stale):
            echo(line)
        shown = [r for r in reports if len(reports) <= 40 or not r.complete or r.findings]
        if shown:
            print_table(
                ("article", "locale", "%", "complete", "translation errors", "warnings"),
                [
                    (
                        r.article, r.locale, f"{r.percent:.0f}", "yes" if r.complete else "no",
                        str(r.errors), str(r.warnings),
                    )
                    for r in shown
                ],
            )
        complete = sum(r.complete for r in reports)
        echo(f"{complete} of {count(len(reports), 'catalog')} complete")
        echo(f"check: {status.name.lower()} (exit {int(status)})")
    sys.stdout.flush()
    return status


def xliff_import(files: Sequence[Path], strict: bool = False) -> None:
    """Import returned XLIFF files: name each unit stale or refused, the files written and
    the counts; exit 1 when a unit was refused."""
    from l10n.wording import count

    project = open_project()
    report = project.xliff_import(list(files), strict)
    failed = [o.describe() for o in report.outcomes if o.what in ("stale", "refused")]
    if failed:
        echo("\n".join(failed))
    finish(project, "xliff import")
    parts = [
        count(report.count(w), "unit", "units") + f" {w}"
        for w in ("imported", "unchanged", "stale", "refused", "untranslated")
        if w != "untranslated" or report.count(w)
    ]
    echo("xliff import: " + ", ".join(parts))
    if report.count("refused"):
        sys.exit(ExitStatus.INPUT)


def _returned_files(args: Sequence[str]) -> list[Path] | None:
    """The files of ``xliff import FILE... [--strict]`` when nothing else is asked for (no
    other option, no ``--help``); else None, for Typer to read the command line."""
    files = [a for a in args if a != "--strict"]
    if not files or any(a.startswith("-") for a in files):
        return None
    return [Path(a) for a in files]


def main() -> NoReturn:
    """Run one command line; map errors to one line and an exit status."""
    try:
        args = sys.argv[1:]
        returned = _returned_files(args[2:]) if args[:2] == ["xliff", "import"] else None
        if args in (["build"], ["build", "--check"]):
            build(check=len(args) == 2)
        elif args == ["check"] or (
            len(args) == 3
            and args[:2] == ["check", "--format"]
            and args[2] in CheckFormat.__members__
        ):
            sys.exit(check(fmt=CheckFormat(args[2]) if len(args) == 3 else CheckFormat.text))
        elif returned is not None:  # an agency's return, often large: no Typer to start
            xliff_import(returned, strict="--strict" in args)
        else:
            from l10n.cli import app

            app(prog_name="l10n")
    except L10nError as exc:
        if isinstance(exc.path, Path) and exc.path.is_absolute():
            exc.path = os.path.relpath(exc.path)
        echo(f"error: {exc}" if exc.path is None else str(exc), err=True)
        sys.exit(exc.exit_status)
    except KeyboardInterrupt:
        echo("interrupted", err=True)
        sys.exit(ExitStatus.INTERRUPTED)
    except OSError as exc:  # a file that cannot be read (writing raises WriteError)
        where = f"{os.path.relpath(exc.filename)}: " if exc.filename else ""
        echo(f"{where}{exc.strerror or exc}", err=True)
        sys.exit(ExitStatus.INPUT)
    sys.exit(0)
