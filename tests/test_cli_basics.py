"""The first hour of a new user: version and help, wording, update after an edit, draft
without engines, status of published pages, settings that name nothing, files that cannot
be written, and the one table of exit statuses."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from hypothesis import given
from hypothesis import strategies as st

import l10n as package
from l10n.cli import app
from l10n.errors import MEANINGS, ExitStatus
from l10n.formats.pofile import dump_po
from l10n.wording import count
from tests.test_pipeline import ARTICLE, po_path, read, snapshot, translate_all

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text("utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
PER_LOCALE = ["update", "render", "build", "status", "check", "compile", "report", "draft"]

TINY = """---
title: Aftercare
---

Rest at home for the rest of the day.

Drink some water.
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """One short article with nothing critical; pages publish at threshold 0."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "aftercare.md").write_text(TINY, "utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["es"]\nthreshold = 0\n', "utf-8"
    )
    return tmp_path


def options_part(help_text: str) -> str:
    return help_text.split("Options:", 1)[1]


# --- version and help ------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(l10n, tmp_path, flag):
    r = l10n(tmp_path, flag)  # works outside any project
    assert r.code == 0 and r.err == ""
    assert r.out == f"l10n {importlib.metadata.version('l10n')}\n"
    assert package.__version__ == importlib.metadata.version("l10n")


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_h_is_help_on_every_command(l10n, tmp_path, name):
    args = [name] if name else []
    short, long = l10n(tmp_path, *args, "-h"), l10n(tmp_path, *args, "--help")
    assert short.code == long.code == 0
    assert short.out == long.out and short.out.startswith(f"Usage: l10n {name or ''}".rstrip())
    assert "-h, --help" in short.out


@pytest.mark.parametrize("name", COMMANDS)
def test_help_shows_no_type_placeholders(l10n, tmp_path, name):
    options = options_part(l10n(tmp_path, name, "--help").out)
    assert not re.search(r"<[a-z]", options), options
    if name in (*PER_LOCALE, "review"):
        assert "-l, --locale LANG" in options


# --- wording ---------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**7))
def test_counts_agree_in_number(n):
    text = count(n, "entry", "entries")
    assert text == (f"{n:,} entry" if n == 1 else f"{n:,} entries")
    assert count(n, "request").endswith("request" if n == 1 else "requests")


NOUNS = (
    "entries|words|catalogs|pages|files|texts|requests|characters|retries|notes|cells|"
    "units|articles|answers|findings|errors|warnings|drafts|sentences|matches|times|"
    "locales|templates|lines|seconds"
)


def test_no_message_prints_a_count_beside_a_plural_noun():
    """A count printed beside its noun goes through wording.count (floats excepted)."""
    pattern = re.compile(rf"\{{(?![^{{}}]*:\.)[^{{}}]+\}}\s+(?:{NOUNS})\b")
    found = []
    for path in sorted((REPO / "l10n").rglob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if ('f"' in line or "f'" in line) and pattern.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert not found


SPANISH = {
    "Aftercare": "Cuidados posteriores",
    "Rest at home for the rest of the day.": "Descanse en casa el resto del día.",
    "Drink some water.": "Beba un poco de agua.",
}


def translate(root: Path, *msgids: str) -> None:
    """Translate some entries of the tiny article, not signed off."""
    path = po_path(root, "es", "aftercare")
    po = read(path)
    for msgid in msgids:
        po.find(msgid).msgstr = SPANISH[msgid]
    path.write_text(dump_po(po), "utf-8")


def test_one_entry_is_one_entry(tiny, l10n):
    assert l10n(tiny, "build").code == 0
    translate(tiny, "Drink some water.")
    r = l10n(tiny, "review", "-l", "es", "--by", "Dr. Ana Ruiz, MD", "--as", "linguist", "--all")
    assert r.code == 0
    assert "\nreview: 1 entry signed off by Dr. Ana Ruiz, MD (linguist); 0 refused\n" in r.out
    r = l10n(tiny, "check", "--min-translated", "0")
    assert "1 of 1 catalog complete" in r.out


def test_readme_documents_the_sign_off_the_code_writes(tiny, l10n):
    """Date and hashes on one line, role and name on the next: names contain commas."""
    l10n(tiny, "build")
    translate(tiny, *SPANISH)
    assert l10n(tiny, "review", "-l", "es", "--by", "Ruiz, Ana", "--as", "linguist", "--all").code == 0
    path = po_path(tiny, "es", "aftercare")
    comments = {e.tcomment for e in read(path) if e.msgid}
    written = re.compile(
        r"^reviewed: \d{4}-\d\d-\d\d linguist src:[0-9a-f]{12} pair:[0-9a-f]{12}\n"
        r"reviewer: linguist Ruiz, Ana$"
    )
    assert comments and all(written.match(c) for c in comments), comments
    assert "# reviewed: 2026-11-27 linguist src:5e0c7d2a91b3 pair:9a41f0c2d8e6\n" in README
    assert "# reviewer: linguist Ana Pérez\n" in README
    assert "reviewed: NAME, DATE" not in README


# --- update after editing an article ---------------------------------------------------


def test_update_extracts_a_stale_template_first_and_says_so(project, l10n):
    assert l10n(project, "build").code == 0
    src = project / "source" / f"{ARTICLE}.md"
    src.write_text(src.read_text("utf-8") + "\nA brand new closing line.\n", "utf-8")
    assert l10n(project, "update", "--check").code == ExitStatus.STALE
    r = l10n(project, "update")
    assert r.code == 0, r.err
    assert f"update: template locales/{ARTICLE}.pot was stale; extracted first" in r.out
    assert "nothing to change" not in r.out
    for code in ("es", "pt_BR"):
        assert read(po_path(project, code)).find("A brand new closing line.") is not None
    again = l10n(project, "update")
    assert "extracted first" not in again.out and "update: nothing to change" in again.out


def test_update_extracts_a_missing_template(project, l10n):
    l10n(project, "build")
    (project / "locales" / f"{ARTICLE}.pot").unlink()
    r = l10n(project, "update")
    assert f"update: template locales/{ARTICLE}.pot was missing; extracted first" in r.out
    assert (project / "locales" / f"{ARTICLE}.pot").is_file()


# --- draft without engines -------------------------------------------------------------


def test_plain_draft_names_every_locale_without_an_engine_and_drafts_nothing(project, l10n):
    cfg = project / "pyproject.toml"
    cfg.write_text(
        cfg.read_text("utf-8").replace('["es", "pt_BR"]', '["es", "pt_BR", "fr"]')
        + 'engines = { pt_BR = "pseudo" }\n',
        "utf-8",
    )
    assert l10n(project, "build").code == 0
    before = snapshot(project)
    r = l10n(project, "draft")
    assert r.code == ExitStatus.USAGE and r.out == ""
    assert r.err.count("\n") == 1
    assert "no draft engine for es, fr:" in r.err
    assert 'engines = { es = "libre" }' in r.err and "--engine NAME" in r.err
    assert "l10n draft -l pt_BR" in r.err
    assert snapshot(project) == before
    assert l10n(project, "draft", "-l", "pt_BR").code == 0  # the one with an engine


# --- status ----------------------------------------------------------------------------


def page_states(l10n, root: Path) -> dict[str, tuple[str, bool, bool]]:
    r = l10n(root, "status", "--format", "json")
    assert r.code == 0, r.err
    return {
        row["locale"]: (row["page"], row["publishable"], row["published"])
        for row in json.loads(r.out)
        if row["article"] == ARTICLE
    }


def test_status_tells_would_publish_from_published_and_current(project, l10n):
    l10n(project, "build")
    translate_all(po_path(project, "es"))
    held = "held back", False, False
    assert page_states(l10n, project) == {
        "es": ("would publish (not rendered)", True, False), "pt_BR": held
    }
    assert "would publish (not rendered)" in l10n(project, "status").out
    l10n(project, "render")
    assert page_states(l10n, project)["es"] == ("published", True, True)
    page = project / "output" / "es" / f"{ARTICLE}.html"
    page.write_text(page.read_text("utf-8") + "<!-- edited by hand -->", "utf-8")
    assert page_states(l10n, project)["es"] == ("stale on disk", True, False)
    r = l10n(project, "status")
    assert "stale on disk" in r.out
    assert f"{ARTICLE} [pt_BR]: held back: critical block at source/{ARTICLE}.md:9" in r.out
    assert page.read_text("utf-8").endswith("<!-- edited by hand -->")  # status wrote nothing
    po = read(po_path(project, "es"))
    for entry in po:
        entry.msgstr = ""
    po_path(project, "es").write_text(dump_po(po), "utf-8")
    assert page_states(l10n, project)["es"] == ("held back, still on disk", False, False)
    l10n(project, "render")
    assert page_states(l10n, project)["es"] == ("held back", False, False)


def article_cells(out: str) -> list[str]:
    """The article column of a status table, each row's folded lines joined."""
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("article "))
    start = lines[header].index("locale")
    cells: list[str] = []
    for line in lines[header + 2:]:
        if not line.strip() or line.strip().startswith("entries by state"):
            break
        if line[start:start + 1].strip():
            cells.append(line[:start].strip())
        else:
            cells[-1] += line[:start].strip()
    return cells


@pytest.mark.parametrize("columns", ["200", "80", "40", None])
def test_status_never_cuts_off_a_slug(project, l10n, monkeypatch, columns):
    l10n(project, "build")
    slugs = sorted(p.stem for p in (project / "source").glob("*.md"))
    if columns is None:  # piped, as in `l10n status | less`
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    out = l10n(project, "status").out
    assert "…" not in out and "..." not in out
    if columns == "40":  # too narrow for the table: one line per row
        for slug in slugs:
            assert f"article: {slug}, locale: es," in out
        return
    cells = article_cells(out)
    assert cells == [s for s in slugs for _ in ("es", "pt_BR")]
    if columns in ("200", None):
        table = out.split("entries by state")[0]
        assert all(f"{slug} " in table for slug in slugs)  # whole, on one line
        widest = max(len(line.rstrip()) for line in table.splitlines())
        assert widest <= (200 if columns else 10_000)


# --- settings that name nothing --------------------------------------------------------


def test_a_glossary_that_does_not_exist_is_a_configuration_error(project, l10n):
    cfg = project / "pyproject.toml"
    cfg.write_text(cfg.read_text("utf-8") + 'glossary = "terms/glossary.csv"\n', "utf-8")
    line = cfg.read_text("utf-8").splitlines().index('glossary = "terms/glossary.csv"') + 1
    for command in ("build", "status", "extract"):
        r = l10n(project, command)
        assert r.code == ExitStatus.USAGE
        assert r.err == (
            f"pyproject.toml:{line}: [tool.l10n] glossary: terms/glossary.csv does not exist\n"
        )
    (project / "terms" / "glossary.csv").mkdir(parents=True)
    assert "glossary.csv is a folder" in l10n(project, "build").err


def test_articles_naming_no_article_is_a_configuration_error_and_removes_nothing(project, l10n):
    cfg = project / "pyproject.toml"
    cfg.write_text(cfg.read_text("utf-8").replace('["es", "pt_BR"]', '["es", "pt_BR", "ar"]'))
    l10n(project, "build")
    translate_all(po_path(project, "ar"))
    l10n(project, "build")
    assert (project / "output" / "ar" / f"{ARTICLE}.html").is_file()
    cfg.write_text(cfg.read_text("utf-8") + 'articles = { ar = ["no-such-article"] }\n')
    before = snapshot(project)
    for command in ("build", "render", "status", "check", "report", "update"):
        r = l10n(project, command)
        assert r.code == ExitStatus.USAGE, (command, r.err)
        assert "[tool.l10n] articles: ar names 'no-such-article'" in r.err
        assert r.err.startswith("pyproject.toml:") and r.err.count("\n") == 1
    assert snapshot(project) == before
    cfg.write_text(cfg.read_text("utf-8").replace("no-such-article", ARTICLE))
    assert l10n(project, "build").code == 0  # a real slug is fine


def test_articles_for_a_locale_that_is_not_configured(project, l10n):
    cfg = project / "pyproject.toml"
    cfg.write_text(cfg.read_text("utf-8") + f'articles = {{ fr = ["{ARTICLE}"] }}\n')
    r = l10n(project, "build")
    assert r.code == ExitStatus.USAGE
    assert "[tool.l10n] articles: fr is not one of the locales (es, pt_BR)" in r.err


@pytest.mark.parametrize("command", [*PER_LOCALE, "review"])
def test_a_locale_that_is_not_configured_is_refused(project, l10n, command):
    l10n(project, "build")
    before = snapshot(project)
    extra = ["--by", "Reviewer", "--as", "linguist", "--all"] if command == "review" else []
    extra += ["--engine", "pseudo"] if command == "draft" else []
    r = l10n(project, command, "-l", "fr", *extra)
    assert r.code == ExitStatus.USAGE
    assert r.err == "error: locale fr is not configured ([tool.l10n] locales: es, pt_BR)\n"
    assert snapshot(project) == before


# --- files that cannot be written ------------------------------------------------------


def test_a_folder_where_a_page_goes_is_exit_7_naming_the_page(tiny, l10n):
    page = tiny / "output" / "es" / "aftercare.html"
    page.mkdir(parents=True)
    r = l10n(tiny, "build")
    assert r.code == ExitStatus.WRITE
    assert r.err == "output/es/aftercare.html: cannot write: a folder is in the way\n"
    assert page.is_dir() and not list(tiny.rglob("*.tmp"))


def test_a_full_disk_is_exit_7_naming_the_file_not_its_temporary(tiny, l10n, monkeypatch):
    """The temporary file's writes go to /dev/full: the kernel's own ENOSPC."""
    l10n(tiny, "build")
    src = tiny / "source" / "aftercare.md"
    src.write_text(src.read_text("utf-8") + "\nA new line.\n", "utf-8")
    before = snapshot(tiny)
    real = os.fdopen

    def onto_a_full_disk(fd, *args, **kwargs):  # type: ignore[no-untyped-def]
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, fd)
        os.close(full)
        return real(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", onto_a_full_disk)
    r = l10n(tiny, "build")
    monkeypatch.undo()
    assert r.code == ExitStatus.WRITE
    assert r.err == "locales/aftercare.pot: cannot write: disk full (no space left on device)\n"
    assert ".tmp" not in r.err and snapshot(tiny) == before


def without_dac_override() -> None:
    """In the child of a root process: drop the capabilities that let root write anywhere,
    so the folder's permission bits apply, as they do for every other user."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_an_unwritable_output_folder_is_exit_7_naming_the_page(tiny):
    (tiny / "output").mkdir(mode=0o555)
    (tiny / "output").chmod(0o555)
    try:
        r = subprocess.run(
            [sys.executable, "-m", "l10n", "build"], cwd=tiny, capture_output=True, text=True,
            check=False, preexec_fn=without_dac_override if os.geteuid() == 0 else None,
        )
    finally:
        (tiny / "output").chmod(0o755)
    assert r.returncode == ExitStatus.WRITE, r.stderr
    assert r.stderr == "output/en/aftercare.md: cannot write: permission denied\n"
    assert po_path(tiny, "es", "aftercare").is_file()  # what could be written was
    assert not list((tiny / "output").iterdir())


# --- one table of exit statuses --------------------------------------------------------


def readme_exit_table() -> dict[int, str]:
    section = README.split("### Exit status", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", section, re.MULTILINE)
    return {int(code): meaning for code, meaning in rows}


def test_readme_help_and_exit_status_agree(l10n, tmp_path):
    assert set(MEANINGS) == set(ExitStatus)
    assert readme_exit_table() == {int(s): MEANINGS[s] for s in ExitStatus}
    out = l10n(tmp_path, "--help").out
    table = out.split("Exit status:")[1].split("Options:")[0]
    shown = {int(code): text for code, text in re.findall(r"^ +(\d+)  (.+)$", table, re.MULTILINE)}
    assert shown == {int(s): MEANINGS[s].replace("`", "") for s in ExitStatus}
    assert [int(s) for s in ExitStatus] == [0, 1, 2, 3, 4, 5, 6, 7, 130]


def test_review_names_an_unconfigured_locale_before_asking_for_a_terminal(project, l10n):
    r = l10n(project, "review", "-l", "fr", "--by", "Reviewer", "--as", "linguist")
    assert r.code == ExitStatus.USAGE
    assert r.err == "error: locale fr is not configured ([tool.l10n] locales: es, pt_BR)\n"


# --- the everyday build starts without the option parser --------------------------------

BUILD_AND_LIST_MODULES = (
    "import sys\n"
    "from l10n.entry import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as exc:\n"
    "    print('exit', exc.code, 'typer' in sys.modules, file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    ("args", "typer_loaded"),
    [(["build"], False), (["build", "--check"], False), (["build", "-l", "es"], True)],
)
def test_a_bare_build_runs_without_typer_and_reports_like_the_app(tiny, args, typer_loaded):
    run = [sys.executable, "-c", BUILD_AND_LIST_MODULES, *args]
    subprocess.run([sys.executable, "-m", "l10n", "build"], cwd=tiny, check=True,
                   capture_output=True)
    (tiny / "source" / "aftercare.md").write_text(
        (tiny / "source" / "aftercare.md").read_text("utf-8") + "\nOne more line.\n", "utf-8"
    )
    r = subprocess.run(run, cwd=tiny, capture_output=True, text=True, check=False)
    status = ExitStatus.STALE if "--check" in args else ExitStatus.OK
    assert r.stderr.splitlines()[-1] == f"exit {int(status)} {typer_loaded}"
    if "--check" in args:
        assert "locales/aftercare.pot: " in r.stderr
    else:
        assert "wrote locales/aftercare.pot" in r.stdout.splitlines()


# --- a translator's edit rebuilds the article, not its template --------------------------


def edit_catalog(root: Path) -> None:
    po = po_path(root, "es", "aftercare")
    po.write_text(po.read_text("utf-8") + "\n", "utf-8")  # any change the record does not know


def test_a_template_edited_by_hand_is_made_again_when_a_catalog_changes(l10n, tiny):
    assert l10n(tiny, "build").code == 0
    pot = tiny / "locales" / "aftercare.pot"
    made = pot.read_bytes()
    pot.write_bytes(made + b'\nmsgid "Added by hand"\nmsgstr ""\n')
    edit_catalog(tiny)
    r = l10n(tiny, "build")
    assert r.code == 0, r.err
    assert "wrote locales/aftercare.pot" in r.out.splitlines()
    assert pot.read_bytes() == made


def test_a_changed_source_and_a_changed_catalog_give_a_new_template(l10n, tiny):
    assert l10n(tiny, "build").code == 0
    pot = tiny / "locales" / "aftercare.pot"
    source = tiny / "source" / "aftercare.md"
    source.write_text(source.read_text("utf-8") + "\nA sentence added later.\n", "utf-8")
    edit_catalog(tiny)
    r = l10n(tiny, "build")
    assert r.code == 0, r.err
    assert 'msgid "A sentence added later."' in pot.read_text("utf-8")
    assert 'msgid "A sentence added later."' in po_path(tiny, "es", "aftercare").read_text("utf-8")


def test_an_untouched_source_keeps_its_template_while_its_catalog_is_merged(l10n, tiny):
    assert l10n(tiny, "build").code == 0
    pot = tiny / "locales" / "aftercare.pot"
    before = (pot.read_bytes(), pot.stat().st_mtime_ns)
    po = po_path(tiny, "es", "aftercare")
    text = po.read_text("utf-8")
    po.write_text(text.replace("\n\n#:", "\n\n#, fuzzy\n#:", 1), "utf-8")  # a translator's mark
    r = l10n(tiny, "build")
    assert r.code == 0, r.err
    assert (pot.read_bytes(), pot.stat().st_mtime_ns) == before
    assert l10n(tiny, "build", "--check").code == 0


def test_check_finds_a_template_edited_by_hand_when_a_catalog_changed_too(l10n, tiny):
    assert l10n(tiny, "build").code == 0
    pot = tiny / "locales" / "aftercare.pot"
    pot.write_bytes(pot.read_bytes() + b'\nmsgid "Added by hand"\nmsgstr ""\n')
    edit_catalog(tiny)
    r = l10n(tiny, "check")
    assert r.code == ExitStatus.STALE, r.out + r.err
    assert "locales/aftercare.pot:1: error [stale] out of date: run 'l10n build'" in r.out.splitlines()
