"""Medical review currency: the localized line on every edition, overdue reviews in
check, status and the report, and translations signed before the last review."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import polib
import pytest

from tests.test_pipeline import ARTICLE, configure_locales, po_path, read, translate_all


def add_review(root: Path, review: str) -> int:
    """Put ``medical_review: REVIEW`` in the article's front matter; its line."""
    path = root / "source" / f"{ARTICLE}.md"
    lines = path.read_text("utf-8").split("\n")
    lines.insert(5, f"medical_review: {review}")
    path.write_text("\n".join(lines), "utf-8")
    return 6


@pytest.fixture
def reviewed(project, l10n):  # type: ignore[no-untyped-def]
    """es published and signed on 2026-01-01; the article reviewed medically after that."""
    for other in (project / "source").glob("*.md"):
        if other.stem != ARTICLE:
            other.unlink()
    line = add_review(project, '{by: "Dr. Ana Gil", date: 2026-03-02, next: 2027-03-02}')
    assert l10n(project, "build").code == 0
    translate_all(po_path(project, "es"))
    assert l10n(project, "build").code == 0
    assert line == LINE
    return project


LINE = 6  # of medical_review in the article


def medical(page: Path) -> str:
    tree = lxml.html.fromstring(page.read_bytes())
    return " ".join(tree.find_class("l10n-medical")[0].text_content().split())


def test_every_edition_shows_the_review_in_its_language(reviewed):
    out = reviewed / "output"
    assert medical(out / "es" / f"{ARTICLE}.html") == (
        "Revisado médicamente por Dr. Ana Gil el 2 de marzo de 2026."
    )
    assert medical(out / "en" / f"{ARTICLE}.html") == (
        "Medically reviewed by Dr. Ana Gil on March 2, 2026."
    )
    page = (out / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert '<time datetime="2026-03-02">' in page


def test_a_translation_signed_before_the_review_says_so_and_check_warns(reviewed, l10n):
    page = lxml.html.fromstring((reviewed / "output" / "es" / f"{ARTICLE}.html").read_bytes())
    notes = [" ".join(p.text_content().split()) for p in page.find_class("l10n-notice")]
    assert notes == [
        "Las partes críticas de esta traducción se aprobaron antes de esta revisión médica."
    ]
    en = (reviewed / "output" / "en" / f"{ARTICLE}.html").read_text("utf-8")
    assert 'class="l10n-notice"' not in en  # the source edition has no sign-offs to date
    r = l10n(reviewed, "check", "-l", "es", "--today", "2026-06-01")
    assert "warning [medical-review] critical units were signed before the medical review" in r.out
    translate_all(po_path(reviewed, "es"))  # signed again... on the same old date
    path = po_path(reviewed, "es")
    path.write_text(path.read_text("utf-8").replace("reviewed: 2026-01-01", "reviewed: 2026-04-01"))
    assert l10n(reviewed, "build").code == 0
    page = lxml.html.fromstring((reviewed / "output" / "es" / f"{ARTICLE}.html").read_bytes())
    assert not page.find_class("l10n-notice")


def test_an_overdue_review_is_a_warning_in_check(reviewed, l10n):
    r = l10n(reviewed, "check", "-l", "es", "--today", "2027-03-03")
    want = (
        f"source/{ARTICLE}.md:{LINE}: warning [medical-review] review overdue:"
        " next medical review was due 2027-03-02 (last 2026-03-02 by Dr. Ana Gil)"
    )
    assert want in r.out.splitlines()
    assert r.code == 0, r.out
    on_time = l10n(reviewed, "check", "-l", "es", "--today", "2027-03-02")
    assert "review overdue" not in on_time.out and on_time.code == 0


def test_review_overdue_error_fails_check_with_exit_4(reviewed, l10n):
    cfg = reviewed / "pyproject.toml"
    cfg.write_text(cfg.read_text() + 'review_overdue = "error"\n')
    r = l10n(reviewed, "check", "-l", "es", "--today", "2027-03-03")
    assert r.code == 4, r.out
    assert f"source/{ARTICLE}.md:{LINE}: error [medical-review] review overdue" in r.out
    assert l10n(reviewed, "check", "-l", "es", "--today", "2027-01-01").code == 0


def test_status_and_report_show_an_overdue_review_and_pages_keep_the_date(project, l10n):
    add_review(project, '{by: "Dr. Ana Gil", date: 2020-03-02, next: 2021-03-02}')
    assert l10n(project, "build").code == 0
    status = l10n(project, "status")
    assert (
        f"source/{ARTICLE}.md:6: review overdue: next medical review was due 2021-03-02"
        " (last 2020-03-02 by Dr. Ana Gil)" in status.out
    )
    rows = json.loads(l10n(project, "status", "--format", "json").out)
    row = next(r for r in rows if r["article"] == ARTICLE)
    assert row["medical_review"] == {
        "by": "Dr. Ana Gil", "date": "2020-03-02", "next": "2021-03-02", "overdue": True
    }
    assert l10n(project, "report").code == 0
    report = (project / ".l10n" / "report" / "index.html").read_text("utf-8")
    assert "Review overdue" in report
    page = project / "output" / "en" / f"{ARTICLE}.html"
    assert medical(page) == "Medically reviewed by Dr. Ana Gil on March 2, 2020."
    assert "overdue" not in page.read_text("utf-8")  # no published page depends on today


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Dr. Gil", "must be a mapping"),
        ("{date: 2026-01-01}", "needs 'by'"),
        ("{by: X, date: 2026-13-01}", "invalid value in front matter"),
        ("{by: X, date: soon}", "needs 'date' as YYYY-MM-DD"),
        ("{by: X, date: 2026-01-01, next: 2025-01-01}", "'next' (2025-01-01) is before"),
        ("{by: X, date: 2026-01-01, when: 2027-01-01}", "unknown key 'when'"),
    ],
)
def test_a_bad_medical_review_is_an_error_at_its_line(project, l10n, value, message):
    line = add_review(project, value)
    r = l10n(project, "build")
    assert r.code == 1
    assert r.err.startswith(f"source/{ARTICLE}.md:") and message in r.err, r.err
    assert r.err.count("\n") == 1
    if "invalid value" not in message:
        assert f":{line}:" in r.err


def test_today_must_be_a_date(project, l10n):
    r = l10n(project, "check", "--today", "tomorrow")
    assert r.code == 2 and "--today 'tomorrow' is not a date" in r.err


# --- reading level ------------------------------------------------------------------------

HARD = (
    "La administración concomitante de antagonistas del receptor N-metil-D-aspartato"
    " condiciona modificaciones neuroplásticas extraordinariamente heterogéneas,"
    " particularmente en individuos con comorbilidades psiquiátricas"
    " farmacorresistentes, consideraciones terapéuticas imprescindibles, indudablemente."
)


def test_check_warns_when_a_translation_reads_markedly_harder_naming_the_unit(reviewed, l10n):
    from l10n.quality.readability import score

    path = po_path(reviewed, "es")
    po = polib.pofile(str(path))
    long = [e for e in po if len(e.msgid.split()) >= 20 and "critical" not in e.comment]
    easy = long[0]
    easy.msgstr = HARD
    po.save()
    before = score(easy.msgid, "en")
    after = score(HARD, "es")
    assert before is not None and after is not None and after.value < before.value - 15
    r = l10n(reviewed, "check", "-l", "es", "--today", "2026-06-01")
    lines = [x for x in r.out.splitlines() if "[reading-level]" in x]
    assert len(lines) == 1, r.out
    at = next(e.linenum for e in read(path) if e.msgid == easy.msgid)
    assert lines[0].startswith(f"locales/es/LC_MESSAGES/{ARTICLE}.po:{at}: warning")
    assert f"the translation of source/{ARTICLE}.md:" in lines[0]
    assert f"Fernández Huerta {after.value:.0f} vs Flesch {before.value:.0f}" in lines[0]
    cfg = reviewed / "pyproject.toml"
    cfg.write_text(cfg.read_text() + "reading_margin = 200\n")
    r = l10n(reviewed, "check", "-l", "es", "--today", "2026-06-01")
    assert "[reading-level]" not in r.out


def test_report_shows_reading_ease_side_by_side_and_says_when_there_is_no_formula(
    project, l10n
):
    configure_locales(project, "es", "ar")
    assert l10n(project, "build").code == 0
    translate_all(po_path(project, "es"))
    translate_all(po_path(project, "ar"))
    assert l10n(project, "report").code == 0
    es = (project / ".l10n" / "report" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert "Reading ease of the page: source Flesch " in es
    assert "· translation Fernández Huerta " in es
    ar = (project / ".l10n" / "report" / "ar" / f"{ARTICLE}.html").read_text("utf-8")
    assert "translation no formula" in ar
