"""The ``l10n`` command: thin Typer commands over project.py.

Rules: commands parse options, call the project, and print; every error is an
``L10nError`` caught once in ``main``, printed as one ``path:line: message`` line on
stderr, and mapped to its exit status (see ``l10n --help``).
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from l10n.errors import ExitStatus, L10nError

EXIT_CODES = """Exit status: 0 ok; 1 bad input (an article, a catalog or a glossary);
2 usage or configuration error; 3 --check found files that would change;
4 a catalog is under the publish threshold; 5 translation errors found by check;
6 a translation engine failed; 130 interrupted."""

app = typer.Typer(
    name="l10n",
    help="Localize Markdown articles through gettext catalogs.\n\n" + EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Locales = Annotated[
    list[str] | None,
    typer.Option("--locale", "-l", help="Locale code (repeatable); default: all configured."),
]
Check = Annotated[
    bool,
    typer.Option("--check", help="Write nothing; exit 3 if a file would change."),
]


class Format(str, Enum):
    text = "text"
    json = "json"


def _project(check: bool = False):  # type: ignore[no-untyped-def]
    from l10n.config import find_project, load_settings
    from l10n.project import Project

    return Project(load_settings(find_project(Path.cwd())), check=check)


def _finish(project, verb: str) -> None:  # type: ignore[no-untyped-def]
    """Report written files; with --check, exit 3 if anything would change."""
    changes = project.changes
    if project.check:
        stale = changes.written + changes.removed
        for path in stale:
            typer.echo(f"{path}: out of date", err=True)
        if stale:
            raise typer.Exit(ExitStatus.STALE)
        typer.echo(f"{verb}: up to date")
        return
    for path in changes.written:
        typer.echo(f"wrote {path}")
    for path in changes.removed:
        typer.echo(f"removed {path}")
    if not changes.written and not changes.removed:
        typer.echo(f"{verb}: nothing to change")


def _held_back(project) -> None:  # type: ignore[no-untyped-def]
    for page, reason in project.changes.held_back:
        typer.echo(f"{page}: not published: {reason}")


@app.command()
def extract(check: Check = False) -> None:
    """Write locales/<slug>.pot for each article in source/."""
    project = _project(check)
    for src in project.sources():
        project.template(src)
    _finish(project, "extract")


@app.command()
def update(locale: Locales = None, check: Check = False) -> None:
    """Create or merge locales/<lang>/LC_MESSAGES/<slug>.po from the templates."""
    project = _project(check)
    locales = project.locales(locale or ())
    slugs = project.slugs()
    if not slugs:
        typer.echo("update: no templates; run 'l10n extract' first", err=True)
    for slug in slugs:
        pot = project.read_po(project.pot_path(slug))
        for code in locales:
            project.update(slug, pot, code)
    _finish(project, "update")


@app.command()
def render(
    locale: Locales = None,
    include_fuzzy: Annotated[
        bool,
        typer.Option(
            "--include-fuzzy",
            help="Also write previews with machine drafts to output/_preview/ (never published).",
        ),
    ] = False,
    check: Check = False,
) -> None:
    """Write output/<lang>/<slug>.md and .html for pages over the threshold."""
    project = _project(check)
    locales = project.locales(locale or ())
    for src in project.sources():
        catalogs = {}
        for code in locales:
            po = project.read_po_if_exists(project.po_path(code, src.slug))
            if po is None:
                project.changes.held_back.append(
                    (f"{src.slug} [{code}]", "no catalog yet; run 'l10n update'")
                )
                continue
            catalogs[code] = po
        project.publish(src, catalogs, include_fuzzy=include_fuzzy)
    _held_back(project)
    _finish(project, "render")


@app.command()
def build(locale: Locales = None, check: Check = False) -> None:
    """Extract, update and render every article for every configured locale."""
    project = _project(check)
    project.build(project.locales(locale or ()))
    _held_back(project)
    _finish(project, "build")


@app.command()
def status(
    locale: Locales = None,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
) -> None:
    """Translated, fuzzy and untranslated entries and words per article and locale."""
    from l10n.catalogs import progress
    from l10n.render import decide

    project = _project()
    locales = project.locales(locale or ())
    rows = []
    for slug in project.slugs():
        for code in locales:
            po = project.read_po_if_exists(project.po_path(code, slug))
            if po is None:
                po = project.read_po(project.pot_path(slug))
            count = progress(po)
            published, reason = decide(count, project.settings.threshold)
            rows.append(
                {
                    "article": slug,
                    "locale": code,
                    "entries": {
                        "translated": count.translated,
                        "fuzzy": count.fuzzy,
                        "untranslated": count.untranslated,
                    },
                    "words": {
                        "translated": count.translated_words,
                        "fuzzy": count.fuzzy_words,
                        "untranslated": count.untranslated_words,
                    },
                    "percent": round(count.percent, 1),
                    "published": published,
                    "reason": reason,
                }
            )
    if fmt is Format.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("article", "locale", "translated", "fuzzy", "untranslated", "words", "%", "published")
    for r in rows:
        e, w = r["entries"], r["words"]
        table.add_row(
            r["article"], r["locale"], str(e["translated"]), str(e["fuzzy"]),
            str(e["untranslated"]), f'{w["translated"]}/{sum(w.values())}',
            f'{r["percent"]:.0f}', "yes" if r["published"] else "no",
        )
    Console(width=120).print(table)


@app.command(name="compile")
def compile_(locale: Locales = None, check: Check = False) -> None:
    """Write .mo files beside the .po files, with reviewed entries only."""
    from l10n.catalogs import is_published

    project = _project(check)
    for slug in project.slugs():
        for code in project.locales(locale or ()):
            path = project.po_path(code, slug)
            po = project.read_po_if_exists(path)
            if po is None:
                continue
            for entry in po:
                if not is_published(entry):
                    entry.msgstr = ""
            project.write(path.with_suffix(".mo"), po.to_binary())
    _finish(project, "compile")


def main() -> NoReturn:
    """Entry point: run the app; map errors to one line and an exit status."""
    try:
        app()
    except L10nError as exc:
        if isinstance(exc.path, Path) and exc.path.is_absolute():
            exc.path = os.path.relpath(exc.path)
        typer.echo(f"error: {exc}" if exc.path is None else str(exc), err=True)
        sys.exit(exc.exit_status)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(ExitStatus.INTERRUPTED)
    sys.exit(0)
