"""The ``l10n`` command: thin Typer commands over project.py.

Rules: commands parse options, call the project, and print; they open and finish a
run with ``entry.py``'s helpers, and every error is an ``L10nError`` left to
``entry.main``, which prints it as one ``path:line: message`` line and maps it to its
exit status (see ``l10n --help``).
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from l10n.entry import (
    CheckFormat,
    finish,
    held_back,
    main,  # noqa: F401  (installs whose script still names l10n.cli:main)
    open_project,
    print_table,
)
from l10n.entry import build as build_all
from l10n.entry import check as check_all
from l10n.entry import xliff_import as import_returns
from l10n.errors import MEANINGS
from l10n.wording import count

if TYPE_CHECKING:
    from l10n.project import Project

EXIT_CODES = "Exit status:\n\n\b\n" + "\n".join(
    f"{int(status):>5}  {meaning.replace('`', '')}" for status, meaning in MEANINGS.items()
)

app = typer.Typer(
    name="l10n",
    help="Localize Markdown articles through gettext catalogs.\n\n" + EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from l10n import __version__

        typer.echo(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_show_version, is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    pass


Locales = Annotated[
    list[str] | None,
    typer.Option(
        "--locale", "-l", metavar="LANG", help="Locale code (repeatable); default: all configured."
    ),
]
Check = Annotated[
    bool,
    typer.Option("--check", help="Write nothing; exit 3 if a file would change."),
]
AllowEmpty = Annotated[
    bool,
    typer.Option(
        "--allow-empty",
        help="Allow a source folder with no articles to remove every published page.",
    ),
]


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command()
def extract(check: Check = False) -> None:
    """Write locales/<slug>.pot for each article in source/."""
    project = open_project(check)
    for src in project.sources():
        project.template(src)
    finish(project, "extract")


@app.command()
def update(locale: Locales = None, check: Check = False) -> None:
    """Create or merge locales/<lang>/LC_MESSAGES/<slug>.po from the templates.

    A template that is missing or older than its article is extracted first.
    """
    project = open_project(check)
    locales = project.locales(locale or ())
    pots = {}
    for src in project.sources():
        path, before = project.pot_path(src.slug), len(project.changes.written)
        what = "stale" if path.exists() else "missing"
        pots[src.slug] = project.template(src)
        if len(project.changes.written) > before and not check:
            typer.echo(f"update: template {project.rel(path)} was {what}; extracted first")
    for slug in project.slugs():  # a template whose article is gone: as it stands
        if slug not in pots:
            pots[slug] = project.read_po(project.pot_path(slug))
    if not pots:
        typer.echo("update: no articles and no templates", err=True)
    for slug, pot in sorted(pots.items()):
        for code in project.covering(slug, locales):
            project.update(slug, pot, code)
    finish(project, "update")


@app.command()
def render(
    locale: Locales = None,
    include_fuzzy: Annotated[
        bool,
        typer.Option(
            "--include-fuzzy",
            help="Also write previews with machine drafts to .l10n/preview/ (never published).",
        ),
    ] = False,
    check: Check = False,
    allow_empty: AllowEmpty = False,
) -> None:
    """Write output/<lang>/<slug>.md and .html for pages over the threshold."""
    project = open_project(check)
    locales = project.locales(locale or ())
    project.allow_empty = allow_empty
    project.refuse_empty_site()
    for src in project.sources():
        catalogs = {}
        for code in project.covering(src.slug, locales):
            po = project.catalog_for(src, code)
            if po is None:
                project.hold_back(code, src.slug, "no catalog yet; run 'l10n update'")
                continue
            catalogs[code] = po
        project.publish(src, catalogs, include_fuzzy=include_fuzzy)
    project.prune(locales)
    project.write_site()
    held_back(project)
    finish(project, "render")


@app.command()
def build(locale: Locales = None, check: Check = False, allow_empty: AllowEmpty = False) -> None:
    """Extract, update and render every article for every configured locale."""
    build_all(locale or (), check, allow_empty)


@app.command()
def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Catalogs (.po) and templates (.pot); default: all of the project."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 3 if a file's layout differs."),
    ] = False,
) -> None:
    """Rewrite catalogs and templates in gettext layout (as msgcat writes them).

    Only the layout changes: line wrapping, quoting, the order gettext gives the
    lines of an entry. A translator's text, comments and flags stay as they are.
    """
    project = open_project(check)
    for path in project.catalog_files(paths or ()):
        project.fmt(path)
    finish(project, "fmt")


@app.command()
def status(
    locale: Locales = None,
    fmt: Annotated[
        Format, typer.Option("--format", metavar="text|json", help="text or json.")
    ] = Format.text,
) -> None:
    """Entries and words by state per article and locale, and whether each page is published.

    A page is "published" when it is on disk exactly as render would write it; "would
    publish (not rendered)" or "stale on disk" when render would write it; "held back"
    (or "held back, still on disk" until render removes it) with the reason when it is
    not publishable.
    """
    from l10n.quality.safety import role_counts, waivers_in
    from l10n.site.render import decide

    project = open_project(check=True)  # writes nothing; compares pages with what render would write
    locales = project.locales(locale or ())
    settings = project.settings
    rows: list[dict[str, Any]] = []
    for src in project.sources():
        catalogs = {}
        for code in project.covering(src.slug, locales):
            po = project.catalog_for(src, code)
            if po is not None:
                catalogs[code] = po
            shown = po if po is not None else project.read_po(project.pot_path(src.slug))
            done, reason = decide(src.article, shown, settings.threshold, settings.require_review)
            if po is None:
                reason = "no catalog yet; run 'l10n update'"
            kinds = ("reviewed", "translated", "draft", "missing", "stale")
            rel = project.rel(project.po_path(code, src.slug))
            rows.append(
                {
                    "article": src.slug,
                    "locale": code,
                    "entries": {k: getattr(done, k) for k in kinds},
                    "words": {k: getattr(done, f"{k}_words") for k in kinds},
                    "percent": round(done.percent(bool(settings.require_review)), 1),
                    "foreign": done.foreign,
                    "reason": reason,
                    "signed_by_role": role_counts(shown),
                    "waived": [
                        {"line": f"{rel}:{e.linenum}", "check": w.check, "by": w.who,
                         "role": w.role, "date": w.when, "reason": w.reason}
                        for e, w in waivers_in(shown)
                    ],
                }
            )
        project.publish(src, catalogs)  # check mode: records what render would change
    stale = dict(project.changes.stale)
    held = dict(project.changes.held_back)
    for r in rows:
        md, html = (project.rel(p) for p in project.page_paths(r["locale"], r["article"]))
        r["reason"] = r["reason"] or held.get(html, "")
        found = {stale.get(md), stale.get(html)}
        r["page"] = (
            ("held back" if found == {None} else "held back, still on disk") if r["reason"]
            else "published" if found == {None}
            else "would publish (not rendered)" if found == {"missing"}
            else "stale on disk"
        )
        r["publishable"] = not r["reason"]
        r["published"] = r["page"] == "published"
    today = project.stamp()[:10]
    reviews = project.medical_reviews()
    for r in rows:
        known = reviews.get(str(r["article"]))
        r["medical_review"] = None if known is None else {
            "by": known[1].by, "date": known[1].date, "next": known[1].next or None,
            "overdue": known[1].overdue(today),
        }
    for path, what in project.orphans(locales):
        typer.echo(f"{path}: {what}", err=fmt is Format.json)
    if fmt is Format.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    states = ("reviewed", "translated", "draft", "missing")
    print_table(
        ("article", "locale", *states, "words", "%", "page"),
        [
            (
                r["article"], r["locale"],
                *(str(r["entries"][k]) for k in states),
                f'{r["words"]["reviewed"] + r["words"]["translated"]}/{sum(r["words"].values())}',
                f'{r["percent"]:.0f}', r["page"],
            )
            for r in rows
        ],
        caption="entries by state; words: reviewed + translated / all", wrap=(0, 8),
    )
    for rel, review in reviews.values():
        if review.overdue(today):
            typer.echo(
                f"{rel}:{review.line}: review overdue: next medical review was due"
                f" {review.next} (last {review.date} by {review.by})"
            )
    for r in rows:
        where = f'{r["article"]} [{r["locale"]}]'
        if r["reason"]:
            typer.echo(f"{where}: held back: {r['reason']}")
        if r["entries"]["stale"]:
            typer.echo(
                f"{where}: {count(r['entries']['stale'], 'entry', 'entries')} stale: signed"
                " before the source changed, not published until reviewed again"
            )
        if r["foreign"]:
            typer.echo(
                f"{where}: {count(r['foreign'], 'entry', 'entries')} not in the template"
                " (not counted; 'l10n update' makes them obsolete)"
            )
        roles = r["signed_by_role"]
        if any(roles[k] for k in roles if k != "unspecified"):
            typer.echo(f"{where}: signed by " + ", ".join(f"{k} {n}" for k, n in roles.items()))
        for x in r["waived"]:
            typer.echo(
                f'{x["line"]}: waived [{x["check"]}] by {x["by"]} ({x["role"]}), {x["date"]}:'
                f' {x["reason"]}'
            )


class Role(str, Enum):
    linguist = "linguist"
    clinician = "clinician"


class _Terminal:
    """Plain prompts on the terminal (no full-screen UI: works in tmux and over ssh)."""

    def show(self, text: str) -> None:
        typer.echo(text)

    def choose(self, prompt: str, choices: list[str]) -> str:
        import click

        return str(click.prompt(prompt, type=click.Choice(choices), show_choices=False))

    def ask(self, prompt: str) -> str:
        import click

        return str(click.prompt(prompt, default="", show_default=False))

    def edit(self, text: str) -> str | None:
        import click

        edited = click.edit(text, extension=".txt", require_save=True)
        return edited if isinstance(edited, str) else None


@app.command()
def review(
    locale: Annotated[
        str, typer.Option("--locale", "-l", metavar="LANG", help="Locale code of the catalogs.")
    ],
    by: Annotated[
        str, typer.Option("--by", metavar="NAME", help="Name of the reviewer who signs off.")
    ],
    role: Annotated[
        Role,
        typer.Option(
            "--as", metavar="linguist|clinician",
            help="The review done: linguist (translation) or clinician (subject).",
        ),
    ],
    article: Annotated[
        str | None,
        typer.Option("--article", metavar="SLUG", help="Only this article (its slug)."),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Sign every entry without errors at once, listing each one."),
    ] = False,
) -> None:
    """Review translated entries one at a time and sign them off (or in bulk with --all).

    Each entry shows its source, translation, check findings and previous translation:
    accept (sign), edit in $EDITOR, waive a heuristic finding with a reason, skip or
    quit; the catalog is saved after each entry. Entries with translation errors are
    never signed; they are listed.
    """
    from l10n import review as reviewing
    from l10n.errors import UsageError
    from l10n.quality.safety import reviewer_name

    who = reviewer_name(by)
    if not who:
        raise UsageError("--by needs the reviewer's name")
    project = open_project()
    (code,) = project.locales([locale])
    if not all_ and not sys.stdin.isatty():
        raise UsageError(
            "review is interactive and needs a terminal; to sign in bulk, add --all"
            " (it lists every entry it signs)"
        )
    if all_:
        outcome = project.review_all(code, article, who, role.value)
        typer.echo("\n".join(outcome.signed), nl=bool(outcome.signed))
    else:
        outcome = reviewing.interactive(
            project.review_catalogs(code, article), _Terminal(), who, role.value,
            project.stamp()[:10], code, project.glossary(), project.settings.source_language,
        )
    for line in outcome.refused:
        typer.echo(line)
    extra = "" if all_ else (
        f"; {outcome.edited} edited, {outcome.waived} waived, {outcome.skipped} skipped"
    )
    typer.echo(
        f"review: {count(len(outcome.signed), 'entry', 'entries')} signed off by {who}"
        f" ({role.value}); {len(outcome.refused)} refused{extra}"
    )
    finish(project, "review")


@app.command()
def check(
    locale: Locales = None,
    min_translated: Annotated[
        float | None,
        typer.Option(
            "--min-translated", metavar="PCT", min=0, max=100,
            help="Minimum percent of words translated and reviewed; default: threshold.",
        ),
    ] = None,
    fmt: Annotated[
        CheckFormat,
        typer.Option("--format", metavar="FORMAT", help="text, json, junit or github."),
    ] = CheckFormat.text,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", metavar="YYYY-MM-DD",
            help="The date medical reviews are due against (default: today).",
        ),
    ] = None,
) -> None:
    """CI gate: catalogs current, complete enough, and free of translation errors.

    Exit 5 on translation errors, else 4 if a catalog is under the minimum or a
    critical block is not reviewed, else 3 if extract or update would change a
    template or catalog, else 0. Published pages are checked by build --check.
    """
    raise typer.Exit(check_all(locale or (), min_translated, fmt, _today(today)))


def _today(value: str | None) -> str:
    """``--today``, checked ("" when not given)."""
    import datetime as dt

    from l10n.errors import UsageError

    if value is None:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"--today {value!r} is not a date (expected YYYY-MM-DD)") from None


@app.command(name="compile")
def compile_(locale: Locales = None, check: Check = False) -> None:
    """Write .mo files beside the .po files, with publishable entries only.

    Fuzzy entries, pseudo text and entries not in the template are left out; with
    require_review, so are entries not signed off.
    """
    from l10n.quality.publishable import is_foreign
    from l10n.site.render import usable

    project = open_project(check)
    review = project.settings.require_review
    for slug in project.slugs():
        known = {e.msgid for e in project.read_po(project.pot_path(slug))}
        for code in project.locales(locale or ()):
            path = project.po_path(code, slug)
            po = project.read_po_if_exists(path)
            if po is None:
                continue
            for entry in po:
                if not usable(entry, review) or is_foreign(entry, known):
                    entry.msgstr = ""
            project.write(path.with_suffix(".mo"), po.to_binary())
    finish(project, "compile")


@app.command()
def report(locale: Locales = None) -> None:
    """Write a review dashboard and bilingual review packets to .l10n/report/ (static HTML)."""
    project = open_project()
    index = project.report(project.locales(locale or ()))
    finish(project, "report")
    typer.echo(f"report: open {project.rel(index)}")


@app.command()
def serve(
    port: Annotated[
        int, typer.Option("--port", metavar="PORT", help="Port to listen on (0: any free port).")
    ] = 8000,
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="HOST", help="Address to bind; anything but 127.0.0.1 is warned about."
        ),
    ] = "127.0.0.1",
) -> None:
    """Serve the site, previews, report and a review desk; rebuild on changes (Ctrl-C stops)."""
    from l10n.config import find_project
    from l10n.serve.app import run

    run(find_project(Path.cwd()), host, port, lambda text: typer.echo(text, err=True))


@app.command()
def draft(
    locale: Locales = None,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine",
            metavar="NAME",
            help="google, mymemory, libre, deepl, microsoft, offline, memory or pseudo;"
            " default: engines in [tool.l10n].",
        ),
    ] = None,
    article: Annotated[
        str | None,
        typer.Option("--article", metavar="SLUG", help="Only this article (its slug)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Send and write nothing; say what would be sent.")
    ] = False,
    refresh: Annotated[
        bool,
        typer.Option("--refresh", help="Also redo machine drafts that are still fuzzy."),
    ] = False,
) -> None:
    """Fill empty entries with fuzzy machine drafts for review (never published)."""
    import signal
    import threading

    from rich.console import Console
    from rich.progress import Progress, TaskID

    from l10n.errors import UsageError
    from l10n.mt.cache import DraftCache, default_cache_path
    from l10n.mt.draft import CatalogJob, draft_catalogs, summary_lines
    from l10n.mt.engines import EngineSettings, make_engine
    from l10n.mt.engines.memory import TranslationMemory

    project = open_project()
    settings = project.settings
    slugs = project.slugs()
    if article is not None and article not in slugs:
        raise UsageError(f"no template for article '{article}' (known: {', '.join(slugs)})")
    codes = project.locales(locale or ())
    lacking = [code for code in codes if not (engine or settings.engines.get(code))]
    if lacking:  # nothing is drafted: a run covers every locale asked for, or none
        ready = " ".join(f"-l {code}" for code in codes if code not in lacking)
        raise UsageError(
            f"no draft engine for {', '.join(lacking)}: set one in [tool.l10n], e.g."
            f' engines = {{ {lacking[0]} = "libre" }}, or give --engine NAME'
            + (f"; to draft only the locales that have one: l10n draft {ready}" if ready else "")
        )
    glossary = project.glossary()
    stop = threading.Event()

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, interrupted) if in_main else None
    try:
        for code in codes:
            name = engine or settings.engines[code]
            catalogs = {s: project.read_po_if_exists(project.po_path(code, s)) for s in slugs}
            jobs = [
                CatalogJob(s, po)
                for s, po in catalogs.items()
                if po is not None and article in (None, s)
            ]
            memory = TranslationMemory.from_catalogs(
                (po for po in catalogs.values() if po), glossary.dnt_terms() if glossary else (),
                project.imported_memory(code),
            )
            options = EngineSettings(settings.libre_url, os.environ, memory=memory, stop=stop)
            chosen = make_engine(name, options)
            cache_path = default_cache_path(os.environ, Path.home())
            cache = None
            if chosen.remote and not (dry_run and not cache_path.is_file()):
                cache = DraftCache(cache_path)

            def save(job: CatalogJob, code: str = code) -> None:
                project.write_po(project.po_path(code, job.name), job.catalog)

            console = Console(stderr=True)
            with Progress(console=console, transient=True, disable=dry_run) as bar:
                task = bar.add_task(f"draft {code} ({name})", total=None)

                def advance(done: int, total: int, task: TaskID = task) -> None:
                    bar.update(task, completed=done, total=total)

                try:
                    report = draft_catalogs(
                        jobs, chosen, source=settings.source_language, target=code,
                        today=project.stamp()[:10], memory=memory, cache=cache,
                        glossary=glossary, refresh=refresh, dry_run=dry_run, save=save,
                        progress=advance,
                        stop=stop,
                    )
                finally:
                    getattr(chosen, "close", lambda: None)()
                    if cache is not None:
                        cache.close()
            for line in summary_lines(report, code):
                typer.echo(line)
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
    finish(project, "draft")


# --- agencies and CAT tools ------------------------------------------------------------

xliff_app = typer.Typer(
    help="XLIFF hand-off to agencies and CAT tools (Trados, memoQ, Phrase, OmegaT), and its"
    " return.", no_args_is_help=True,
)
tmx_app = typer.Typer(help="TMX 1.4b translation memories: export reviewed work, import a"
                      " client's memory for draft --engine memory.", no_args_is_help=True)
glossary_app = typer.Typer(help="The glossary as a TBX-Basic termbase, both ways.",
                           no_args_is_help=True)
app.add_typer(xliff_app, name="xliff")
app.add_typer(tmx_app, name="tmx")
app.add_typer(glossary_app, name="glossary")

OneLocale = Annotated[
    str, typer.Option("--locale", "-l", metavar="LANG", help="Locale code of the catalogs.")
]
Articles = Annotated[
    list[str] | None,
    typer.Option("--article", metavar="SLUG", help="Only this article (repeatable)."),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="PATH", help="Where to write; default: .l10n/agency/."),
]


class XliffFormat(str, Enum):
    xliff21 = "xliff21"
    xliff12 = "xliff12"


def _articles(project: Project, requested: list[str] | None) -> list[str]:
    from l10n.errors import UsageError

    slugs = project.slugs()
    for slug in requested or ():
        if slug not in slugs:
            raise UsageError(f"no template for article '{slug}' (run l10n extract)")
    return [s for s in slugs if not requested or s in requested]


@xliff_app.command("export")
def xliff_export(
    locale: OneLocale,
    article: Articles = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every entry; reviewed ones as state final, for context.")
    ] = False,
    needed: Annotated[
        bool,
        typer.Option("--needed", help="Entries missing, fuzzy or changed since review (default)."),
    ] = False,
    fmt: Annotated[
        XliffFormat,
        typer.Option("--format", metavar="xliff21|xliff12", help="XLIFF 2.1 (default) or 1.2."),
    ] = XliffFormat.xliff21,
    split: Annotated[
        bool, typer.Option("--split", help="One file per article instead of one per locale.")
    ] = False,
    output: Output = None,
) -> None:
    """Write an XLIFF file for a CAT tool: units, notes, inline Markdown as inline codes."""
    from l10n.errors import UsageError

    if everything and needed:
        raise UsageError("--all and --needed exclude each other")
    project = open_project()
    (code,) = project.locales([locale])
    slugs = [s for s in _articles(project, article) if project.settings.covers(code, s)]
    version = "1.2" if fmt is XliffFormat.xliff12 else "2.1"
    written = project.xliff_export(code, slugs, everything, version, split, output)
    units = sum(n for _, n in written)
    for path, n in written:
        typer.echo(f"{project.rel(path)}: {count(n, 'unit')}")
    what = "every entry" if everything else "entries missing, fuzzy or changed since review"
    if not written:
        typer.echo(f"xliff export: nothing to hand off for {code} ({what}); no file written")
        return
    typer.echo(f"xliff export: {count(units, 'unit')} for {code} ({what})")


@xliff_app.command("import")
def xliff_import(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Returned XLIFF files.")],
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse a whole file when any unit fails.")
    ] = False,
) -> None:
    """Import translations from returned XLIFF files as translated, not reviewed.

    Every file is validated before any catalog is written. A unit that is stale (its
    source changed since export) or refused (inline codes, a failed check) is named;
    the rest is imported. Exit 1 when a unit was refused.
    """
    import_returns(files, strict)


@tmx_app.command("export")
def tmx_export(locale: OneLocale, output: Output = None) -> None:
    """Write every reviewed translation of a locale (active and obsolete) as TMX 1.4b."""
    project = open_project()
    (code,) = project.locales([locale])
    path, n = project.tmx_export(code, output)
    finish(project, "tmx export")
    typer.echo(f"tmx export: {count(n, 'reviewed translation')} in {project.rel(path)}")


@tmx_app.command("import")
def tmx_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A TMX 1.4 file.")],
    locale: Locales = None,
) -> None:
    """Keep a client's or agency's memory under locales/memory/ for draft --engine memory."""
    project = open_project()
    found = project.tmx_import(file, project.locales(locale or ()))
    finish(project, "tmx import")
    for code, (path, n) in found.items():
        typer.echo(f"tmx import: {count(n, 'translation unit')} for {code} in {project.rel(path)}")


class GlossaryFormat(str, Enum):
    tbx = "tbx"


@glossary_app.command("export")
def glossary_export(
    fmt: Annotated[
        GlossaryFormat, typer.Option("--format", metavar="tbx", help="tbx (TBX-Basic).")
    ] = GlossaryFormat.tbx,
    output: Output = None,
) -> None:
    """Write the glossary as a TBX-Basic termbase (do-not-translate terms marked)."""
    project = open_project()
    path, n = project.glossary_export(output)
    finish(project, "glossary export")
    typer.echo(f"glossary export: {count(n, 'term')} in {project.rel(path)}")


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A TBX file (v2 or v3).")],
) -> None:
    """Add or update glossary rows from a TBX termbase; rows it does not name stay."""
    project = open_project()
    path, added, updated = project.glossary_import(file)
    finish(project, "glossary import")
    typer.echo(
        f"glossary import: {count(added, 'term')} added, {updated} updated in {project.rel(path)}"
    )


class AnalyzeFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def analyze(
    locale: Locales = None,
    article: Articles = None,
    fmt: Annotated[
        AnalyzeFormat, typer.Option("--format", metavar="text|json|csv", help="text, json or csv.")
    ] = AnalyzeFormat.text,
) -> None:
    """Word analysis of what remains to translate: repetitions, memory matches, new words.

    Bands as CAT tools quote them (repetitions, 100%, 95-99%, 85-94%, 75-84%, no match),
    per locale and article, with weighted words and cost from [tool.l10n.rates].
    """
    from l10n.analyze import article_rows, as_csv, as_json, summary_rows

    project = open_project()
    results = project.analysis(project.locales(locale or ()), _articles(project, article))
    if fmt is AnalyzeFormat.json:
        typer.echo(as_json(results))
        return
    if fmt is AnalyzeFormat.csv:
        typer.echo(as_csv(results), nl=False)
        return
    for r in results:
        currency = f" ({r.rates.currency})" if r.rates and r.rates.currency else ""
        typer.echo(f"{r.locale}: {count(len(r.articles), 'article')}")
        if r.articles:
            print_table(
                ("article", "segments", "words", "no match", "weighted words", f"cost{currency}"),
                article_rows(r),
            )
        print_table(
            ("band", "segments", "words", "weighted words", f"cost{currency}"), summary_rows(r)
        )
        if not r.rates:
            typer.echo("no rates: set [tool.l10n.rates] new = 0.12 for weighted words and cost")
