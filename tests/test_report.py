"""``l10n report``: the review dashboard and bilingual packets, as files and in a browser."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
from html import escape
from pathlib import Path

import pytest

from l10n.cli import main
from l10n.formats.pofile import dump_po
from l10n.quality.safety import sign
from l10n.site.report import word_diff
from tests.test_pipeline import po_path, read

pytest_plugins = ["tests.browser"]  # the browser and open_page fixtures

DOSING = """---
title: Dosing guide
slug: dosing
description: What happens on the day of a ketamine session.
date: 2026-01-05
---

Ketamine is given in a clinic by a trained team.

Take 20 mg before the session.

Most people feel calm and sleepy afterwards.

The nurse checks your blood pressure regularly.

You can drive home after the session.

Bring a list of the medicines you take every day.

Ask us anything you want to know about the treatment.
"""

AFTERCARE = """---
title: Aftercare
slug: aftercare
---

Rest at home with a friend for the rest of the day.

Read the [aftercare sheet](https://example.org/sheet) before you leave.
"""

CONFIG = """[tool.l10n]
locales = ["es", "pt_BR", "ar"]
threshold = 50
articles = { ar = ["aftercare"] }
"""

SPANISH = {
    "Dosing guide": "Guía de dosificación",
    "Aftercare": "Cuidados posteriores",
    "Ketamine is given in a clinic by a trained team.":
        "La ketamina se administra en una clínica por un equipo formado.",
    "Take 20 mg before the session.": "Tome 20 mg antes de la sesión.",
    "The nurse checks your blood pressure regularly.":
        "La enfermera controla su presión arterial con regularidad.",
    "You can drive home after the session.": "Puede conducir a casa después de la sesión.",
    "Bring a list of the medicines you take every day.":
        "<script>alert('x')</script> Traiga una lista de sus medicamentos.",
    "Rest at home with a friend for the rest of the day.":
        "Descanse en casa con un amigo el resto del día.",
    "Read the [aftercare sheet](https://example.org/sheet) before you leave.":
        "Lea la hoja de cuidados antes de salir.",  # the link is lost: a markup error
}
ARABIC = {
    "Aftercare": "الرعاية بعد العلاج",
    "Rest at home with a friend for the rest of the day.": "استرح في المنزل مع صديق بقية اليوم.",
}
REVIEWER = "Dr. Ana Ruiz"


def edit(root: Path, locale: str, slug: str, fn) -> None:  # type: ignore[no-untyped-def]
    path = po_path(root, locale, slug)
    po = read(path)
    for e in po:
        if not e.obsolete:
            fn(e)
    path.write_text(dump_po(po), "utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose es catalog has a unit in every state, and its report."""
    root = tmp_path_factory.mktemp("report")
    (root / "source").mkdir()
    (root / "source" / "dosing.md").write_text(DOSING, "utf-8")
    (root / "source" / "aftercare.md").write_text(AFTERCARE, "utf-8")
    (root / "pyproject.toml").write_text(CONFIG, "utf-8")

    def run(*args: str) -> str:
        code, out = run_l10n(root, *args)
        assert code == 0, out
        return out

    run("build")

    def translate(e) -> None:  # type: ignore[no-untyped-def]
        if e.msgid in SPANISH:
            e.msgstr = SPANISH[e.msgid]
        if e.msgid in ("Dosing guide", "Ketamine is given in a clinic by a trained team.",
                       "The nurse checks your blood pressure regularly.",
                       "You can drive home after the session.", "Aftercare"):
            sign(e, REVIEWER, "2026-01-10")
        if e.msgid == "Most people feel calm and sleepy afterwards.":
            e.msgstr = "La mayoría de las personas se sienten tranquilas."
            e.flags = ["fuzzy"]
            e.tcomment = "machine draft: pseudo, 2026-01-02"

    edit(root, "es", "dosing", translate)
    edit(root, "es", "aftercare", translate)
    edit(root, "ar", "aftercare", lambda e: setattr(e, "msgstr", ARABIC.get(e.msgid, e.msgstr)))
    src = root / "source" / "dosing.md"
    text = src.read_text("utf-8")
    text = text.replace("blood pressure regularly", "blood pressure and pulse regularly")
    text = text.replace("You can drive home", "You can't drive home")
    src.write_text(text, "utf-8")
    run("build")
    out = run("report")
    assert "report: open .l10n/report/index.html" in out
    (root / "status.json").write_text(run("status", "--format", "json"), "utf-8")
    return root


def run_l10n(root: Path, *args: str) -> tuple[int, str]:
    """``l10n ARGS`` in-process, like the ``l10n`` fixture, for a module-scoped fixture."""
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out):
        mp.chdir(root)
        mp.setattr(sys, "argv", ["l10n", *args])
        try:
            main()
        except SystemExit as exc:
            return (exc.code if isinstance(exc.code, int) else 1), out.getvalue()
    return 0, out.getvalue()  # pragma: no cover - main always exits


def report_dir(root: Path) -> Path:
    return root / ".l10n" / "report"


def cell(index: str, slug: str, locale: str) -> str:
    row = re.search(rf'<tr data-slug="{slug}">(.*?)</tr>', index, re.DOTALL)
    assert row, slug
    found = re.search(rf'data-locale="{locale}"[^>]*>(.*?)</td>', row.group(1), re.DOTALL)
    assert found, (slug, locale)
    return found.group(1)


def unit(packet: str, state: str) -> str:
    found = re.search(rf'<section class="row state-{state}"[^>]*>(.*?)</section>', packet, re.DOTALL)
    assert found, state
    return found.group(1)


def counted(words: int, entries: int) -> str:
    """What a cell says after the number of words: 'words (2 entries)'."""
    return f"{'word' if words == 1 else 'words'} ({entries} {'entry' if entries == 1 else 'entries'})"


def status_rows(root: Path) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    rows = json.loads((root / "status.json").read_text("utf-8"))
    return {(r["article"], r["locale"]): r for r in rows}


def test_report_writes_an_index_and_a_packet_per_article_and_locale(site):
    files = sorted(p.relative_to(report_dir(site)).as_posix() for p in report_dir(site).rglob("*"))
    assert files == [
        "ar", "ar/aftercare.html", "es", "es/aftercare.html", "es/dosing.html", "index.html",
        "pt_BR", "pt_BR/aftercare.html", "pt_BR/dosing.html",
    ]
    for path in report_dir(site).rglob("*.html"):
        page = path.read_text("utf-8")
        assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\"")
        assert "<script" not in page  # no script at all, and no catalog text as live HTML
        assert not re.search(r'(?:src|href)="(?:https?:)?//', page), path  # nothing external
        assert "<style>" in page and "<link" not in page


def test_report_is_deterministic_and_writes_only_what_changed(site, l10n):
    before = {p: p.read_bytes() for p in report_dir(site).rglob("*.html")}
    r = l10n(site, "report")
    assert r.code == 0 and "report: nothing to change" in r.out
    assert {p: p.read_bytes() for p in report_dir(site).rglob("*.html")} == before


def test_overview_cells_show_words_entries_and_the_publish_decision(site):
    index = (report_dir(site) / "index.html").read_text("utf-8")
    rows = status_rows(site)
    for (slug, locale), row in rows.items():
        text = cell(index, slug, locale)
        assert f'href="{locale}/{slug}.html"' in text
        for state in ("reviewed", "translated", "draft", "missing"):
            words, entries = row["words"][state], row["entries"][state]
            assert f"{state.capitalize()} <b>{words}</b> {counted(words, entries)}" in text
        assert f"{row['percent']:.0f}% of source words translated" in text
        if row["published"]:
            assert "Published" in text or "Check fails" in text
        else:
            assert f"<strong>Held back:</strong> {escape(row['reason'])}" in text
    dosing_es = cell(index, "dosing", "es")
    assert "critical block at source/dosing.md:10 (states a dose)" in dosing_es
    assert "critical block at source/dosing.md:10" in cell(index, "dosing", "pt_BR")
    assert "under the publish threshold of 50%" in cell(index, "aftercare", "pt_BR")
    aftercare_es = cell(index, "aftercare", "es")
    assert "Check fails:</strong> 3 translation errors" in aftercare_es
    assert "Not translated into this language" in index  # ar covers aftercare only
    assert "Portuguese (Brazil) (pt-BR)" in index and "Arabic (ar)" in index


def test_packet_has_a_row_per_unit_in_document_order_with_its_state(site):
    packet = (report_dir(site) / "es" / "dosing.html").read_text("utf-8")
    states = re.findall(r'<section class="row state-\w+" id="u\d+" data-state="(\w+)"', packet)
    assert states == [
        "reviewed",  # title
        "missing",  # description
        "reviewed",  # Ketamine is given ...
        "translated",  # Take 20 mg (critical, not reviewed)
        "draft",  # machine draft
        "changed",  # blood pressure and pulse
        "withheld",  # can -> can't
        "translated",  # the <script> one
        "missing",
    ]
    reviewed = unit(packet, "reviewed")
    assert 'Reviewed</span>by Dr. Ana Ruiz (linguist) on <time datetime="2026-01-10">2026-01-10</time>' in reviewed
    assert 'lang="en"' in reviewed and 'lang="es" dir="ltr"' in reviewed
    assert "(pseudo, 2026-01-02), not reviewed" in unit(packet, "draft")
    critical = unit(packet, "translated")
    assert "<strong>Critical</strong> states a dose. The page is held back" in critical
    withheld = unit(packet, "withheld")
    assert "<strong>Meaning changed:</strong> negation changed (adds &quot;can&#x27;t&quot;)" in withheld
    assert "Puede conducir a casa después de la sesión." in withheld  # the previous translation
    assert "(no translation)" in withheld
    for label in ("Reviewed", "Translated, not reviewed", "Machine draft", "Source changed",
                  "Meaning changed, withheld", "Untranslated"):
        assert f"<strong>{label}</strong>:" in packet  # the legend


def test_fuzzy_entry_shows_a_word_diff_of_the_old_and_new_source(site):
    packet = (report_dir(site) / "es" / "dosing.html").read_text("utf-8")
    changed = unit(packet, "changed")
    assert re.search(r"<ins>\s*and pulse\s*</ins>", changed)
    assert "La enfermera controla su presión arterial con regularidad." in changed
    withheld = unit(packet, "withheld")
    assert re.search(r"<del>can</del><ins>can&#x27;t</ins>", withheld)
    assert word_diff("a <b> c", "a <i> c") == "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins> c"


def test_catalog_text_is_escaped(site):
    packet = (report_dir(site) / "es" / "dosing.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Traiga una lista" in packet
    assert "<script" not in packet


def test_check_findings_are_shown_on_their_row(site):
    packet = (report_dir(site) / "es" / "aftercare.html").read_text("utf-8")
    rows = re.findall(r'<section class="row.*?</section>', packet, re.DOTALL)
    link_row = next(r for r in rows if "aftercare sheet" in r)
    assert '<li class="finding-error"><strong>Error</strong> [markup]' in link_row
    assert "Check fails:</strong> 3 translation errors" in packet
    assert "[structure]" in packet  # the page-level finding, above the rows


def test_rtl_packet_marks_the_target_side(site):
    packet = (report_dir(site) / "ar" / "aftercare.html").read_text("utf-8")
    assert '<div class="side target" lang="ar" dir="rtl">' in packet
    assert "استرح في المنزل مع صديق بقية اليوم." in packet


def test_locale_option_and_removed_articles(site, l10n, tmp_path):
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(site, root)
    (root / "source" / "aftercare.md").unlink()
    cfg = root / "pyproject.toml"  # the withdrawn article leaves the Arabic edition too
    cfg.write_text(cfg.read_text("utf-8").replace('["aftercare"]', "[]"), "utf-8")
    r = l10n(root, "report", "-l", "es")
    assert r.code == 0, r.err
    assert "removed .l10n/report/es/aftercare.html" in r.out
    index = (report_dir(root) / "index.html").read_text("utf-8")
    assert "Spanish (es)" in index and "Portuguese" not in index
    assert (report_dir(root) / "pt_BR" / "aftercare.html").exists()  # not asked about


# --- in a browser ---------------------------------------------------------------------


def test_overview_in_a_browser(site, open_page):
    rows = status_rows(site)
    opened = open_page(report_dir(site) / "index.html")
    page = opened.page
    assert page.title() == "Translation review"
    for (slug, locale), row in rows.items():
        text = page.inner_text(f'tr[data-slug="{slug}"] td[data-locale="{locale}"]')
        for state in ("reviewed", "translated", "draft", "missing"):
            words, entries = row["words"][state], row["entries"][state]
            assert f"{state.capitalize()} {words} {counted(words, entries)}" in text
        assert ("Held back" in text) == (not row["published"])
    held = page.inner_text('tr[data-slug="dosing"] td[data-locale="es"]')
    assert "critical block at source/dosing.md:10 (states a dose)" in held
    for key in ("reviewed", "translated", "draft", "missing"):
        bar = _background(page, f'.bar .bar-{key}')
        assert bar == _background(page, f'.legend .swatch.bar-{key}'), key
    opened.screenshot("report/index-wide")
    assert opened.contrast_failures() == []
    assert opened.horizontal_overflow() <= 0
    page.click('tr[data-slug="dosing"] td[data-locale="es"] a')
    page.wait_for_url("**/report/es/dosing.html")
    assert page.inner_text("h1") == "Review packet: Dosing guide"
    page.click("text=All articles and languages")
    page.wait_for_url("**/report/index.html")
    assert not opened.console_errors
    assert all(u.startswith("file://") for u in opened.requests)


def test_packet_in_a_browser_colours_rows_by_state(site, open_page):
    opened = open_page(report_dir(site) / "es" / "dosing.html")
    page = opened.page
    colours = {}
    for state in ("reviewed", "translated", "draft", "changed", "withheld", "missing"):
        row = _background(page, f'.row[data-state="{state}"]')
        assert row == _background(page, f".legend .swatch.state-{state}"), state
        colours[state] = row
        badge = page.inner_text(f'.row[data-state="{state}"] .badge')
        assert badge  # the state in words, not by colour alone
    assert len(set(colours.values())) == 6, colours
    assert page.get_attribute('.row[data-state="reviewed"] .source', "lang") == "en"
    assert page.get_attribute('.row[data-state="reviewed"] .target', "lang") == "es"
    script = page.inner_text('.row[data-state="translated"]:has-text("Traiga") .target .text')
    assert script == "<script>alert('x')</script> Traiga una lista de sus medicamentos."
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    # wide: source and translation side by side
    source = page.locator('.row[data-state="reviewed"] .source').first.bounding_box()
    target = page.locator('.row[data-state="reviewed"] .target').first.bounding_box()
    assert abs(source["y"] - target["y"]) < 1 and target["x"] > source["x"]
    opened.screenshot("report/es-dosing-wide")
    assert opened.contrast_failures() == []
    assert not opened.console_errors


@pytest.mark.parametrize("name", ["index.html", "es/dosing.html", "ar/aftercare.html"])
def test_report_on_a_phone_has_no_sideways_scroll(site, open_page, name):
    opened = open_page(report_dir(site) / name, width=390, height=844)
    assert opened.horizontal_overflow() <= 0
    if name != "index.html":  # stacked: the translation under the source
        source = opened.page.locator(".row .source").first.bounding_box()
        target = opened.page.locator(".row .target").first.bounding_box()
        assert target["y"] > source["y"] + source["height"] - 1
    if name.startswith("ar/"):
        direction = opened.page.eval_on_selector(".row .target .text", "e => getComputedStyle(e).direction")
        assert direction == "rtl"
    opened.screenshot(f"report/{name.replace('/', '-').removesuffix('.html')}-phone")


def _background(page, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor"))
