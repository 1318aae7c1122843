"""The pipeline as a user runs it: extract, update, render, build, status, compile."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.catalogs import merge
from l10n.formats.pofile import dump_po, parse_po
from l10n.quality.safety import sign

ARTICLE = "how-does-ketamine-work"
REPO = Path(__file__).resolve().parent.parent
CONFIG_BYTES = b'[tool.l10n]\nlocales = ["es"]\n'


def po_path(root: Path, locale: str, slug: str = ARTICLE) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"


def read(path: Path) -> polib.POFile:
    return parse_po(path.read_text("utf-8"), str(path))


def translate_all(path: Path, fn=lambda e: e.msgid, fuzzy: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Translate every entry with ``fn``; unless fuzzy, sign each off as reviewed."""
    po = read(path)
    for e in po:
        if not e.obsolete:
            e.msgstr = fn(e)
            if fuzzy:
                e.flags.append("fuzzy")
            else:
                sign(e, "Test Reviewer", "2026-01-01")
    path.write_text(dump_po(po), encoding="utf-8")


def configure_locales(project: Path, *codes: str) -> None:
    """Set the project's locales."""
    cfg = project / "pyproject.toml"
    listed = ", ".join(f'"{c}"' for c in codes)
    cfg.write_text(cfg.read_text().replace('["es", "pt_BR"]', f"[{listed}]"))


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "source" not in p.parts and ".l10n-cache" not in p.parts
    }


def test_build_creates_templates_and_catalogs_for_every_locale(project, l10n):
    r = l10n(project, "build")
    assert r.code == 0, r.err
    slugs = sorted(p.stem for p in (project / "source").glob("*.md"))
    assert sorted(p.stem for p in (project / "locales").glob("*.pot")) == slugs
    for locale in ("es", "pt_BR"):
        for slug in slugs:
            assert po_path(project, locale, slug).is_file()
    assert "not published" in r.out  # nothing is translated yet
    assert [p.name for p in (project / "output" / "es").iterdir()] == ["index.html"]


def test_second_build_changes_no_byte(project, l10n):
    l10n(project, "build")
    before = snapshot(project)
    mtimes = {p: p.stat().st_mtime_ns for p in (project / "locales").rglob("*.po*")}
    r = l10n(project, "build")
    assert r.code == 0
    assert "nothing to change" in r.out
    assert snapshot(project) == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext is not installed")
def test_catalogs_pass_msgfmt_check_and_msgcat_leaves_them_unchanged(project, l10n, tmp_path):
    l10n(project, "build")
    translate_all(po_path(project, "es"), lambda e: "«" + e.msgid + "»")
    for path in sorted((project / "locales").rglob("*.po*")):
        if path.suffix == ".po":
            subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
        out = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
        assert out == path.read_bytes(), path


def test_template_has_references_kinds_and_merged_duplicates(project, l10n):
    (project / "source" / "dup.md").write_text(
        "---\ntitle: Dup\nslug: dup\n---\n\n## Same\n\nSame\n\n- Same\n- Other\n",
        encoding="utf-8",
    )
    l10n(project, "extract")
    pot = read(project / "locales" / "dup.pot")
    same = pot.find("Same")
    assert same.occurrences == [("source/dup.md", "6"), ("source/dup.md", "8"), ("source/dup.md", "10")]
    assert same.comment.split("\n") == ["heading 2", "paragraph", "list item"]
    assert pot.find("Dup").comment == "front matter title"
    assert pot.find("Dup").occurrences == [("source/dup.md", "2")]


def test_extract_check_reports_stale_template_and_writes_nothing(project, l10n):
    l10n(project, "extract")
    assert l10n(project, "extract", "--check").code == 0
    src = project / "source" / f"{ARTICLE}.md"
    src.write_text(src.read_text("utf-8").replace("Restoring Hope", "Restoring Hope Today"), "utf-8")
    before = snapshot(project)
    r = l10n(project, "extract", "--check")
    assert r.code == 3
    assert f"locales/{ARTICLE}.pot: out of date" in r.err
    assert snapshot(project) == before


def test_template_date_changes_only_with_content(project, l10n):
    l10n(project, "extract")
    pot = project / "locales" / f"{ARTICLE}.pot"
    text = pot.read_text("utf-8").replace(
        read(pot).metadata["POT-Creation-Date"], "2001-01-01 00:00+0000"
    )
    pot.write_text(text, "utf-8")
    l10n(project, "extract")
    assert "2001-01-01 00:00+0000" in pot.read_text("utf-8")
    src = project / "source" / f"{ARTICLE}.md"
    src.write_text(src.read_text("utf-8") + "\nA new closing line.\n", "utf-8")
    l10n(project, "extract")
    assert "2001-01-01" not in pot.read_text("utf-8")


def test_catalog_headers_follow_the_plural_table(project, l10n):
    configure_locales(project, "es", "ar", "zh_Hant")
    assert l10n(project, "build").code == 0
    ar = read(po_path(project, "ar")).metadata
    assert ar["Language"] == "ar"
    assert ar["Plural-Forms"] == (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
    )
    assert ar["Content-Type"] == "text/plain; charset=UTF-8"
    assert read(po_path(project, "zh_Hant")).metadata["Plural-Forms"].startswith("nplurals=1;")


@pytest.mark.parametrize("code", ["es", "es_MX", "pt_BR", "zh_Hant", "pt-BR"])
def test_valid_locale_codes_are_accepted(project, l10n, code):
    configure_locales(project, "es", "es_MX", "pt_BR", "zh_Hant")
    l10n(project, "extract")
    r = l10n(project, "update", "-l", code)
    assert r.code == 0, r.err
    assert po_path(project, code.replace("-", "_")).is_file()


@pytest.mark.parametrize("code", ["../x", "xx_YY", "e", "es/../../etc"])
def test_bad_locale_codes_are_refused_in_one_line(project, l10n, code):
    l10n(project, "extract")
    r = l10n(project, "update", "-l", code)
    assert r.code == 2
    assert r.err.count("\n") == 1 and code in r.err and "Traceback" not in r.err
    assert not (project / "locales" / code).exists()


# --- merging -------------------------------------------------------------------------


def edit_source(project: Path, old: str, new: str) -> None:
    src = project / "source" / f"{ARTICLE}.md"
    text = src.read_text("utf-8")
    assert old in text
    src.write_text(text.replace(old, new), "utf-8")


def test_update_keeps_translations_and_marks_changed_text_fuzzy(project, l10n):
    l10n(project, "build")
    path = po_path(project, "es")
    po = read(path)
    heading = po.find("Restoring Hope")
    heading.msgstr = "Recuperar la esperanza"
    heading.tcomment = "checked with the clinic"
    title = po.find("How does Ketamine Work")
    title.msgstr = "¿Cómo funciona la ketamina?"
    title.flags.append("no-wrap")
    path.write_text(dump_po(po), "utf-8")

    edit_source(project, "## Restoring Hope", "## Restoring Real Hope")
    assert l10n(project, "build").code == 0
    po = read(path)
    changed = po.find("Restoring Real Hope")
    assert changed.msgstr == "Recuperar la esperanza"
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == "Restoring Hope"
    assert changed.tcomment == "checked with the clinic"
    kept = po.find("How does Ketamine Work")
    assert kept.msgstr == "¿Cómo funciona la ketamina?" and "no-wrap" in kept.flags
    assert "#| msgid \"Restoring Hope\"" in path.read_text("utf-8")

    # undoing the change brings the reviewed translation back, not a fuzzy guess
    edit_source(project, "## Restoring Real Hope", "## Restoring Hope")
    l10n(project, "build")
    back = read(path).find("Restoring Hope")
    assert back.msgstr == "Recuperar la esperanza" and "fuzzy" not in back.flags


def test_removed_text_goes_obsolete_and_returns_translated(project, l10n):
    l10n(project, "build")
    path = po_path(project, "es")
    po = read(path)
    po.find("Restoring Hope").msgstr = "Recuperar la esperanza"
    path.write_text(dump_po(po), "utf-8")
    edit_source(project, "## Restoring Hope\n", "")
    l10n(project, "build")
    text = path.read_text("utf-8")
    assert '#~ msgid "Restoring Hope"' in text and '#~ msgstr "Recuperar la esperanza"' in text
    edit_source(project, "Contact us today", "## Restoring Hope\n\nContact us today")
    l10n(project, "build")
    entry = read(path).find("Restoring Hope")
    assert entry is not None and not entry.obsolete
    assert entry.msgstr == "Recuperar la esperanza" and "fuzzy" not in entry.flags


def test_merge_never_drops_a_translation():
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="Completely new text about something else entirely"))
    po = polib.POFile()
    for i in range(5):
        po.append(polib.POEntry(msgid=f"old text number {i}", msgstr=f"texto {i}"))
    po.append(polib.POEntry(msgid="gone", msgstr="", tcomment="a translator's note"))
    merged = merge(po, pot)
    kept = {e.msgstr for e in merged if e.obsolete}
    assert kept >= {f"texto {i}" for i in range(5)}
    assert any(e.tcomment == "a translator's note" for e in merged)


# --- render --------------------------------------------------------------------------


def test_render_publishes_only_reviewed_text_and_says_it_is_partly_english(project, l10n):
    l10n(project, "build")
    path = po_path(project, "es")
    po = read(path)
    for e in po:
        if e.msgid != "Restoring Hope":
            e.msgstr = "ES " + e.msgid
            sign(e, "Test Reviewer", "2026-01-01")
    po.find("Restoring Hope").msgstr = "BORRADOR"
    po.find("Restoring Hope").flags.append("fuzzy")
    path.write_text(dump_po(po), "utf-8")
    r = l10n(project, "render", "-l", "es")
    assert r.code == 0, r.err
    html = (project / "output" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    md = (project / "output" / "es" / f"{ARTICLE}.md").read_text("utf-8")
    assert "BORRADOR" not in html and "BORRADOR" not in md
    assert '<h2 lang="en" class="l10n-fallback">Restoring Hope</h2>' in html
    assert html.count("l10n-fallback\"") == 1  # only the unit shown in English
    units = len(read(path))
    notice = f"1 parte de esta página (1 de {units}) aún no está traducida y se muestra en inglés."
    assert notice in html and notice in md
    assert "<title>ES How does Ketamine Work</title>" in html
    assert '<meta name="description" content="ES Ketamine infusion' in html
    assert '<html lang="es" dir="ltr">' in html
    assert '<time datetime="2020-01-09">9 de enero de 2020</time>' in html


def test_page_under_threshold_is_not_written_and_the_command_says_why(project, l10n):
    l10n(project, "build")
    po = read(po_path(project, "es"))
    po[0].msgstr = "Solo el título"
    po_path(project, "es").write_text(dump_po(po), "utf-8")
    r = l10n(project, "render", "-l", "es")
    assert r.code == 0
    assert f"output/es/{ARTICLE}.html: not published:" in r.out
    assert "under the publish threshold of 80%" in r.out
    assert not (project / "output" / "es" / f"{ARTICLE}.html").exists()


def test_page_that_falls_under_threshold_is_removed(project, l10n):
    l10n(project, "build")
    translate_all(po_path(project, "es"))
    l10n(project, "render")
    page = project / "output" / "es" / f"{ARTICLE}.html"
    assert page.exists()
    translate_all(po_path(project, "es"), fuzzy=True)
    r = l10n(project, "render")
    assert not page.exists() and f"removed output/es/{ARTICLE}.html" in r.out


def test_include_fuzzy_writes_a_bannered_preview_never_the_published_page(project, l10n):
    l10n(project, "build")
    translate_all(po_path(project, "pt_BR"), lambda e: "PT " + e.msgid, fuzzy=True)
    r = l10n(project, "render", "--include-fuzzy")
    assert r.code == 0
    assert not list((project / "output" / "pt-BR").glob(f"{ARTICLE}.*"))
    preview = project / ".l10n" / "preview" / "pt-BR" / f"{ARTICLE}.html"
    html = preview.read_text("utf-8")
    assert "Rascunho automático, não revisado" in html and "PT Restoring Hope" in html


def test_html_page_is_complete_with_direction_and_alternates(project, l10n):
    configure_locales(project, "es", "pt_BR", "ar")
    l10n(project, "build")
    for code in ("es", "ar"):
        translate_all(po_path(project, code))
    l10n(project, "render")
    ar = (project / "output" / "ar" / f"{ARTICLE}.html").read_text("utf-8")
    assert ar.startswith("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">")
    assert f'<link rel="alternate" hreflang="es" href="../es/{ARTICLE}.html">' in ar
    assert "pt-BR" not in ar  # pt_BR is not published, so it is not an alternate
    assert "</html>" in ar and "<meta charset=\"utf-8\">" in ar
    es = (project / "output" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert f'hreflang="ar" href="../ar/{ARTICLE}.html"' in es


def live_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def test_catalog_text_never_reaches_the_page_as_live_code(project, l10n):
    l10n(project, "build")
    evil = {
        "Restoring Hope": 'Esperanza <script>alert(1)</script>',
        "How does Ketamine Work": '<img src=x onerror="alert(1)">',
    }

    def fn(e: polib.POEntry) -> str:
        if e.msgid in evil:
            return evil[e.msgid]
        if e.msgid.startswith("Contact us"):
            return "[Llame](javascript:alert(1)) o <a href=\"#\" onclick=\"x()\">aquí</a>"
        return e.msgid

    translate_all(po_path(project, "es"), fn)
    l10n(project, "render", "-l", "es")
    html = (project / "output" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    md = (project / "output" / "es" / f"{ARTICLE}.md").read_text("utf-8")
    tags = live_tags(html)
    assert "script" not in {t for t, _ in tags}
    assert not [a for _, attrs in tags for a, _ in attrs if a.startswith("on")]
    assert not [v for _, attrs in tags for _, v in attrs if (v or "").startswith("javascript")]
    assert "&lt;script&gt;" in html and "Llame" in html
    assert "<script" not in md.replace("\\<script", "")


def test_status_reports_entries_words_and_publication(project, l10n):
    l10n(project, "build")
    translate_all(po_path(project, "es"))
    r = l10n(project, "status", "--format", "json")
    assert r.code == 0
    rows = {(row["article"], row["locale"]): row for row in json.loads(r.out)}
    es = rows[(ARTICLE, "es")]
    assert es["percent"] == 100.0 and es["publishable"] is True
    assert es["published"] is False and es["page"] == "would publish (not rendered)"
    assert es["entries"]["missing"] == 0 and es["entries"]["reviewed"] > 5
    pt = rows[(ARTICLE, "pt_BR")]
    assert pt["published"] is False and pt["entries"]["reviewed"] == 0
    assert "critical block at source/how-does-ketamine-work.md:9" in pt["reason"]
    text = l10n(project, "status").out
    assert ARTICLE in text and "pt_BR" in text


def test_compile_writes_mo_with_reviewed_entries_only(project, l10n):
    l10n(project, "build")
    path = po_path(project, "es")
    po = read(path)
    po.find("Restoring Hope").msgstr = "Recuperar la esperanza"
    draft = po.find("How does Ketamine Work")
    draft.msgstr, draft.flags = "BORRADOR", ["fuzzy"]
    path.write_text(dump_po(po), "utf-8")
    assert l10n(project, "compile", "-l", "es").code == 0
    mo = polib.mofile(str(path.with_suffix(".mo")))
    table = {e.msgid: e.msgstr for e in mo}
    assert table.get("Restoring Hope") == "Recuperar la esperanza"
    assert "How does Ketamine Work" not in table


# --- bad input -----------------------------------------------------------------------


def test_malformed_po_is_one_line_with_its_line_and_nothing_is_lost(project, l10n):
    l10n(project, "build")
    path = po_path(project, "es")
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[20] = 'msgstr "unterminated\n'
    broken = "".join(lines)
    path.write_text(broken, "utf-8")
    r = l10n(project, "build")
    assert r.code == 1
    assert r.err.startswith(f"locales/es/LC_MESSAGES/{ARTICLE}.po:21: ")
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert path.read_text("utf-8") == broken


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (b"# no front matter\n", 1, "no front matter"),
        (b"---\ntitle: [unclosed\nslug: x\n---\nBody\n", 3, "invalid YAML"),
        (b"---\ntitle: ok\n---\n\nCaf\xe9 au lait\n", 5, "not valid UTF-8"),
        (b"---\ntitle: ok\nslug: ../evil\n---\n\nText\n", 3, "slug"),
        (b"---\n- a list\n---\n\nText\n", 2, "mapping"),
    ],
)
def test_bad_articles_are_one_line_with_their_line(project, l10n, content, line, words):
    (project / "source" / "bad.md").write_bytes(content)
    r = l10n(project, "extract")
    assert r.code == 1
    assert r.err.startswith(f"source/bad.md:{line}: ") and words in r.err
    assert r.err.count("\n") == 1


def test_missing_config_is_a_usage_error(tmp_path, l10n):
    r = l10n(tmp_path, "build")
    assert r.code == 2
    assert "no pyproject.toml with a [tool.l10n] table" in r.err


def test_config_is_found_from_a_subfolder(project, l10n):
    r = l10n(project / "source", "extract")
    assert r.code == 0 and (project / "locales" / f"{ARTICLE}.pot").exists()


def test_unknown_config_key_points_at_its_line(project, l10n):
    cfg = project / "pyproject.toml"
    cfg.write_text(cfg.read_text() + "treshold = 50\n")
    r = l10n(project, "build")
    assert r.code == 2
    assert r.err.startswith("pyproject.toml:8: [tool.l10n] treshold: unknown key")


def test_rendering_one_locale_still_links_every_published_edition(project, l10n):
    configure_locales(project, "es", "pt_BR", "ar")
    l10n(project, "build")
    for code in ("es", "ar"):
        translate_all(po_path(project, code))
    l10n(project, "render")
    es = project / "output" / "es" / f"{ARTICLE}.html"
    before = es.read_bytes()
    es.unlink()
    assert l10n(project, "render", "-l", "es").code == 0
    assert es.read_bytes() == before and b'hreflang="ar"' in before


def test_undecodable_catalog_is_one_line_with_its_line(project, l10n):
    l10n(project, "build")
    path = po_path(project, "es")
    data = path.read_bytes().replace(b'msgid "Restoring Hope"', b'msgid "Restoring \xff Hope"')
    path.write_bytes(data)
    r = l10n(project, "build")
    line = data[: data.index(b"\xff")].count(b"\n") + 1
    assert r.code == 1
    assert r.err == f"locales/es/LC_MESSAGES/{ARTICLE}.po:{line}: not valid UTF-8 (byte 0xff)\n"
    assert path.read_bytes() == data


def test_a_crash_while_writing_leaves_the_old_file_and_no_temp_file(project, l10n, monkeypatch):
    l10n(project, "build")
    path = po_path(project, "es")
    po = read(path)
    po.find("Restoring Hope").msgstr = "Recuperar la esperanza"
    path.write_text(dump_po(po), "utf-8")
    before = path.read_bytes()
    edit_source(project, "Contact us today", "Please contact us today")

    def crash(src, dst):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr("l10n.project.os.replace", crash)
    r = l10n(project, "build")
    assert r.code == 7
    assert r.err.endswith(f"{ARTICLE}.pot: cannot write: disk full (no space left on device)\n")
    assert r.err.count("\n") == 1
    assert path.read_bytes() == before
    assert not [p for p in project.rglob("*.tmp")]


def test_a_build_shared_among_processes_writes_the_same_bytes(
    project, l10n, tmp_path_factory, monkeypatch
):
    other = tmp_path_factory.mktemp("other")
    shutil.copytree(project, other, dirs_exist_ok=True)
    l10n(project, "build")
    translate_all(po_path(project, "es"))
    translated = po_path(project, "es").read_bytes()
    sequential = l10n(project, "build")
    monkeypatch.setattr("l10n.project.PARALLEL_FROM", 2)
    l10n(other, "build")
    po_path(other, "es").write_bytes(translated)
    parallel = l10n(other, "build")
    assert parallel.out == sequential.out
    assert snapshot(other) == snapshot(project)


def test_an_error_in_a_worker_process_is_still_one_line(project, l10n, monkeypatch):
    monkeypatch.setattr("l10n.project.PARALLEL_FROM", 2)
    (project / "source" / "zz-bad.md").write_bytes(b"---\ntitle: [unclosed\n---\nBody\n")
    r = l10n(project, "build")
    assert r.code == 1
    assert r.err.startswith("source/zz-bad.md:3: invalid YAML in front matter") and r.err.count("\n") == 1


def test_splitting_a_translated_paragraph_keeps_one_valid_catalog(project, l10n):
    l10n(project, "build")
    path = po_path(project, "es")
    po = read(path)
    entry = po.find("Restoring Hope")
    entry.msgstr = "Recuperar la esperanza"
    path.write_text(dump_po(po), "utf-8")
    edit_source(project, "## Restoring Hope", "## Restoring Hope Now\n\n## Restoring Hope Today")
    assert l10n(project, "build").code == 0
    po = read(path)  # parse_po refuses duplicate entries
    assert [e.msgstr for e in po if e.obsolete and e.msgid == "Restoring Hope"] == [
        "Recuperar la esperanza"
    ]
    assert l10n(project, "status").code == 0


def test_a_removed_plural_entry_goes_obsolete_with_its_forms():
    pot = polib.POFile()
    po = polib.POFile()
    po.append(
        polib.POEntry(
            msgid="one dose", msgid_plural="{n} doses", msgstr_plural={0: "una dosis", 1: "{n} dosis"}
        )
    )
    (gone,) = [e for e in merge(po, pot) if e.obsolete]
    assert gone.msgid_plural == "{n} doses" and gone.msgstr_plural == {0: "una dosis", 1: "{n} dosis"}


def test_a_translated_reference_title_reaches_every_link_that_uses_it(project, l10n):
    (project / "source" / "refs.md").write_text(
        "---\ntitle: Refs\nslug: refs\n---\n\nRead the [dosing sheet][d] first.\n\n"
        '[d]: https://example.org/d "Never exceed 100 mg per day"\n',
        "utf-8",
    )
    l10n(project, "build")
    spanish = {
        "Refs": "Referencias",
        "Read the [dosing sheet][d] first.": "Lea primero la [hoja de dosis][d].",
        "Never exceed 100 mg per day": "Nunca supere 100 mg al día",
    }
    translate_all(po_path(project, "es", "refs"), lambda e: spanish[e.msgid])
    assert l10n(project, "render", "-l", "es").code == 0
    html = (project / "output" / "es" / "refs.html").read_text("utf-8")
    md = (project / "output" / "es" / "refs.md").read_text("utf-8")
    assert 'title="Nunca supere 100 mg al día"' in html and "Never exceed" not in html
    assert '"Nunca supere 100 mg al día"' in md and "Never exceed" not in md


@pytest.mark.parametrize(
    ("source", "unit", "evil"),
    [
        ("![A brain diagram](brain.png)", "A brain diagram", "x](javascript:alert(1)) <img src=x> [y"),
        ("| a | b |\n|---|---|\n| c1 | 20 mg |", "c1", "uno\ndos | tres"),
        ("- elem\n- other", "elem", "elem\n\n# x"),
    ],
    ids=["image-alt", "table-cell-newline", "list-item-blank-line"],
)
def test_a_translation_that_breaks_the_markdown_is_not_published(project, l10n, source, unit, evil):
    (project / "source" / "evil.md").write_text(
        f"---\ntitle: Evil\nslug: evil\n---\n\n{source}\n", "utf-8"
    )
    (project / "source" / "brain.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    l10n(project, "build")
    translate_all(po_path(project, "es", "evil"), lambda e: evil if e.msgid == unit else e.msgid)
    r = l10n(project, "render", "-l", "es")
    assert r.code == 0
    assert "output/es/evil.html: not published: a translation breaks the page's Markdown" in r.out
    assert not (project / "output" / "es" / "evil.md").exists()


def test_an_image_title_that_tries_to_close_its_quotes_stays_a_title(project, l10n):
    (project / "source" / "evil.md").write_text(
        '---\ntitle: Evil\nslug: evil\n---\n\n![A brain diagram](brain.png "Brain")\n', "utf-8"
    )
    (project / "source" / "brain.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    l10n(project, "build")
    evil = '") <img src=x onerror=alert(1)> ("'
    translate_all(po_path(project, "es", "evil"), lambda e: evil if e.msgid == "Brain" else e.msgid)
    assert l10n(project, "render", "-l", "es").code == 0
    html = (project / "output" / "es" / "evil.html").read_text("utf-8")
    md = (project / "output" / "es" / "evil.md").read_text("utf-8")
    assert [t for t, _ in live_tags(html) if t == "img"] == ["img"]
    assert dict(next(a for t, a in live_tags(html) if t == "img"))["title"] == evil
    assert '![A brain diagram](brain.png "\\") <img src=x onerror=alert(1)> (\\"")' in md


def test_pages_of_withdrawn_articles_and_locales_are_removed(project, l10n):
    cfg = project / "pyproject.toml"
    configure_locales(project, "es", "pt_BR", "ar")
    l10n(project, "build")
    for code in ("es", "pt_BR", "ar"):
        translate_all(po_path(project, code))
    l10n(project, "build")
    out = project / "output"
    assert (out / "ar" / f"{ARTICLE}.html").exists() and (out / "es" / f"{ARTICLE}.html").exists()

    (project / "source" / f"{ARTICLE}.md").unlink()  # the clinic withdraws the article
    assert l10n(project, "build", "--check").code == 3
    r = l10n(project, "build")
    assert f"removed output/es/{ARTICLE}.html" in r.out
    assert not list(out.glob(f"*/{ARTICLE}.*"))

    cfg.write_text(cfg.read_text() + 'articles = { ar = [] }\n')  # Arabic withdrawn
    l10n(project, "build")
    assert not list((out / "ar").glob("*.html"))

    po_path(project, "pt_BR", "healing-the-brain-to-heal-the-mind").unlink()
    l10n(project, "render", "-l", "pt_BR")
    assert not (out / "pt_BR" / "healing-the-brain-to-heal-the-mind.html").exists()


def test_a_duplicate_slug_stops_a_parallel_build_before_any_file_is_written(project, l10n, monkeypatch):
    monkeypatch.setattr("l10n.project.PARALLEL_FROM", 2)
    (project / "source" / "zz.md").write_text(f"---\ntitle: Dup\nslug: {ARTICLE}\n---\n\nDup\n", "utf-8")
    r = l10n(project, "build")
    assert r.code == 1
    assert r.err == f"source/zz.md:3: slug '{ARTICLE}' is also used by source/{ARTICLE}.md\n"
    assert not (project / "locales").exists()


def test_an_impossible_date_is_one_line_at_its_line(project, l10n):
    (project / "source" / "when.md").write_text("---\ntitle: When\ndate: 2024-02-30\n---\n\nText\n", "utf-8")
    r = l10n(project, "extract")
    assert r.code == 1 and r.err.startswith("source/when.md:3: invalid value in front matter:")


def test_render_counts_a_paragraph_the_catalog_does_not_have_yet(project, l10n):
    l10n(project, "build")
    translate_all(po_path(project, "es"))
    l10n(project, "render", "-l", "es")
    page = project / "output" / "es" / f"{ARTICLE}.html"
    assert page.exists()
    long_english = " ".join(["More words in English about the infusion schedule."] * 40)
    edit_source(project, "Contact us today", f"{long_english}\n\nContact us today")
    r = l10n(project, "render", "-l", "es")  # no update: the catalog lags behind
    assert "under the publish threshold of 80%" in r.out and not page.exists()


def test_config_errors_name_their_own_key_and_line(project, l10n):
    cfg = project / "pyproject.toml"
    cfg.write_text(cfg.read_text().replace('source_language = "en"', 'source_language = "xx"'))
    r = l10n(project, "build")
    assert r.code == 2 and r.err.startswith("pyproject.toml:5: [tool.l10n] source_language:")
    cfg.write_bytes(b"# caf\xe9\n" + CONFIG_BYTES)
    r = l10n(project, "build")
    assert r.code == 2 and r.err == "pyproject.toml:1: not valid UTF-8\n"


def test_written_files_are_readable_by_others_as_usual(project, l10n):
    l10n(project, "build")
    assert (project / "locales" / f"{ARTICLE}.pot").stat().st_mode & 0o044 == 0o044


def test_a_source_folder_outside_the_project_gives_relative_references(tmp_path, l10n):
    shutil.copytree(REPO / "source", tmp_path / "articles")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "../articles"\nlocales = ["es"]\n', "utf-8"
    )
    assert l10n(tmp_path / "site", "extract").code == 0
    pot = (tmp_path / "site" / "locales" / f"{ARTICLE}.pot").read_text("utf-8")
    assert f"#: ../articles/{ARTICLE}.md:2" in pot and str(tmp_path) not in pot


def test_text_used_twice_that_changes_in_one_place_gets_a_proposal():
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="Ketamine helps many patients feel better quickly."))
    pot.append(polib.POEntry(msgid="Ketamine helps many patients feel much better quickly."))
    po = polib.POFile()
    po.append(
        polib.POEntry(
            msgid="Ketamine helps many patients feel better quickly.",
            msgstr="La ketamina ayuda a muchos pacientes a sentirse mejor rápidamente.",
        )
    )
    kept, proposed = merge(po, pot)
    assert kept.msgstr == proposed.msgstr and "fuzzy" in proposed.flags
    assert not [e for e in merge(po, pot) if e.obsolete]
