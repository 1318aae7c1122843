"""Safety that lives in the content: pseudo text, foreign entries, empty markup,
counted do-not-translate terms, and translations carried across a meaning change by
another tool (msgmerge, Poedit, Weblate), each seen through the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import notes
from l10n.formats.pofile import dump_po
from l10n.markdown import parse_article, segments
from l10n.mt.engines.pseudo import pseudo
from l10n.quality.publishable import pseudo_text
from tests.test_pipeline import po_path, read

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "dosing"
DOSE = "Take 20 mg once a week."
SOURCE = """---
title: Dosing
slug: dosing
---

Ketamine is given in a clinic.

Take 20 mg once a week.

Do not drive if you are pregnant.

Read [the leaflet](https://example.org/leaflet) about **NMDA** and NMDA receptors.

Most people feel calm afterwards.
"""
SPANISH = {
    "Dosing": "Dosificación",
    "Ketamine is given in a clinic.": "La ketamina se administra en una clínica.",
    "Take 20 mg once a week.": "Tome 20 mg una vez por semana.",
    "Do not drive if you are pregnant.": "No conduzca si está embarazada.",
    "Read [the leaflet](https://example.org/leaflet) about **NMDA** and NMDA receptors.":
        "Lea [el folleto](https://example.org/leaflet) sobre **NMDA** y los receptores NMDA.",
    "Most people feel calm afterwards.": "La mayoría de las personas se sienten tranquilas después.",
}
LINK_UNIT = "Read [the leaflet](https://example.org/leaflet) about **NMDA** and NMDA receptors."
needs_gettext = pytest.mark.skipif(not shutil.which("msgmerge"), reason="GNU gettext is not installed")


@pytest.fixture
def dosing(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "dosing.md").write_text(SOURCE, "utf-8")
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "glossary.csv").write_text(
        "term,kind,es,note\nNMDA,dnt,,receptor name\n", "utf-8"
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["es"]\nthreshold = 50\n', "utf-8"
    )
    return tmp_path


def catalog(root: Path) -> Path:
    return po_path(root, "es", ARTICLE)


def edit(root: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Apply ``change`` to every active entry of the es catalog (as a text editor would)."""
    path = catalog(root)
    po = read(path)
    for e in po:
        if not e.obsolete:
            change(e)
    path.write_text(dump_po(po), "utf-8")


def translated(root: Path, l10n, **overrides: str) -> Path:  # type: ignore[no-untyped-def]
    """Build, translate every entry (``overrides`` by msgid) and sign it all off."""
    l10n(root, "build")
    texts = {**SPANISH, **overrides}
    edit(root, lambda e: setattr(e, "msgstr", texts[e.msgid]))
    r = l10n(root, "review", "-l", "es", "--by", "Dr. Ana Ruiz", "--as", "linguist", "--all")
    assert r.code == 0, r.out + r.err
    return catalog(root)


def page(root: Path) -> Path:
    return root / "output" / "es" / "dosing.html"


def status_row(root: Path, l10n):  # type: ignore[no-untyped-def]
    (row,) = json.loads(l10n(root, "status", "--format", "json").out)
    return row


def test_sound_translation_passes_and_publishes(dosing, l10n):
    translated(dosing, l10n)
    assert l10n(dosing, "check").code == 0
    l10n(dosing, "render")
    assert "Lea <a href" in page(dosing).read_text("utf-8")


# --- do-not-translate terms and acronyms are counted -----------------------------------


def test_a_dnt_term_dropped_once_is_an_error(dosing, l10n):
    wrong = "Lea [el folleto](https://example.org/leaflet) sobre **NMDA** y los receptores NMDR."
    translated(dosing, l10n, **{LINK_UNIT: wrong})  # review refuses it: not signed
    r = l10n(dosing, "check")
    assert r.code == 5
    assert 'error [dnt] do-not-translate term "NMDA": 2 times in the source, 1 time in the translation' in r.out


def test_a_changed_acronym_is_an_error(dosing, l10n):
    src = dosing / "source" / "dosing.md"
    src.write_text(SOURCE.replace("Ketamine is given in a clinic.", "The FDA approved it in 2019."))
    l10n(dosing, "build")
    edit(dosing, lambda e: setattr(e, "msgstr", SPANISH.get(e.msgid, "La FAD lo aprobó en 2019.")))
    r = l10n(dosing, "check")
    assert r.code == 5 and 'error [dnt] acronym "FDA" changed to "FAD" in the translation' in r.out


# --- empty markup -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        ("Lea [](https://example.org/leaflet) sobre **NMDA** y los receptores NMDA.",
         'link without text in the translation: "https://example.org/leaflet"'),
        ("Lea [el folleto](https://example.org/leaflet) sobre **** NMDA y los receptores NMDA.",
         'empty emphasis in the translation: "****"'),
    ],
    ids=["empty-link", "empty-bold"],
)
def test_empty_markup_is_an_error_and_review_refuses_it(dosing, l10n, wrong, message):
    l10n(dosing, "build")
    edit(dosing, lambda e: setattr(e, "msgstr", wrong if e.msgid == LINK_UNIT else SPANISH[e.msgid]))
    r = l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    assert "5 entries signed off" in r.out and f"not signed: [markup] {message}" in r.out
    r = l10n(dosing, "check")
    assert r.code == 5 and f"error [markup] {message}" in r.out


def test_image_alt_text_left_empty_is_an_error(dosing, l10n):
    src = dosing / "source" / "dosing.md"
    src.write_text(SOURCE.replace("Ketamine is given in a clinic.", "See ![a brain scan](scan.png) here."))
    l10n(dosing, "build")
    edit(dosing, lambda e: setattr(e, "msgstr", SPANISH.get(e.msgid, "Vea ![](scan.png) aquí.")))
    r = l10n(dosing, "check")
    assert r.code == 5 and 'error [markup] image without alt text in the translation: "scan.png"' in r.out


# --- pseudo-localized text ------------------------------------------------------------------


@needs_gettext
def test_pseudo_drafts_never_publish_even_with_the_fuzzy_flag_cleared(dosing, l10n):
    l10n(dosing, "build")
    r = l10n(dosing, "draft", "-l", "es", "--engine", "pseudo")
    assert r.code == 0, r.out + r.err
    path = catalog(dosing)
    subprocess.run(["msgattrib", "--clear-fuzzy", "-o", str(path), str(path)], check=True)
    assert not any("fuzzy" in e.flags for e in read(path))
    r = l10n(dosing, "render")
    assert not page(dosing).exists()
    assert "is pseudo-localized text" in r.out
    row = status_row(dosing, l10n)
    assert row["entries"]["draft"] == 6 and row["entries"]["translated"] == 0
    r = l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    assert "0 entries signed off" in r.out
    r = l10n(dosing, "check", "--min-translated", "0")
    assert r.code == 5 and "error [pseudo] pseudo-localized text is never published" in r.out
    l10n(dosing, "report")
    packet = (dosing / ".l10n" / "report" / "es" / "dosing.html").read_text("utf-8")
    assert packet.count("Machine draft</span>") == 6  # one badge per entry, none "Translated"


def test_pseudo_text_is_recognized_without_its_comment_and_markers(dosing, l10n):
    translated(dosing, l10n)
    lookalike = pseudo("Most people feel calm afterwards.")[4:-4].rstrip(" ·")  # no [!! !!]

    def change(e: polib.POEntry) -> None:
        if e.msgid == "Most people feel calm afterwards.":
            e.msgstr = lookalike

    edit(dosing, change)
    assert "machine draft" not in catalog(dosing).read_text("utf-8")
    r = l10n(dosing, "check")
    assert r.code == 5 and "[pseudo]" in r.out
    l10n(dosing, "render")
    html = page(dosing).read_text("utf-8")
    assert lookalike not in html and "Most people feel calm afterwards." in html


SENTENCES = sorted(
    {
        seg.text
        for path in (REPO / "source").glob("*.md")
        for seg in segments(parse_article(path.read_text("utf-8"), str(path)))
        if sum(ch.isalpha() for ch in seg.text) >= 8
    }
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SENTENCES))
def test_pseudo_letters_alone_give_pseudo_text_away(text):
    assert pseudo_text(pseudo(text))
    assert pseudo_text(pseudo(text)[4:-4])


def test_no_real_translation_looks_like_pseudo_text():
    texts = [
        e.msgstr
        for path in (REPO / "locales").glob("*/LC_MESSAGES/*.po")
        for e in read(path)
        if e.msgstr
    ]
    for name in ("correct.tsv", "faults.tsv"):
        for line in (REPO / "tests" / "golden" / "checks" / name).read_text("utf-8").splitlines():
            if line and not line.startswith("#"):
                texts.append(line.split("\t")[2])
    texts += ["Ñoño", "Été à Besançon", "Příliš žluťoučký kůň úpěl ďábelské ódy", "Đorđe"]
    assert len(texts) > 250
    assert [t for t in texts if pseudo_text(t)] == []


# --- foreign entries ------------------------------------------------------------------------


def add_foreign(root: Path, msgid: str, msgstr: str) -> None:
    """What a po2xliff/xliff2po round trip does to an obsolete entry: it is active again."""
    path = catalog(root)
    po = read(path)
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment="reviewed: 2026-01-01 sha1:000000000000"))
    path.write_text(dump_po(po), "utf-8")


def test_foreign_entries_are_not_counted_signed_or_compiled(dosing, l10n):
    l10n(dosing, "build")
    edit(dosing, lambda e: setattr(e, "msgstr", SPANISH[e.msgid] if e.msgid == "Dosing" else ""))
    before = status_row(dosing, l10n)
    long_text = "An old paragraph that was removed from the article a while ago, long ago."
    add_foreign(dosing, long_text, "Un párrafo antiguo que se quitó del artículo hace tiempo.")
    after = status_row(dosing, l10n)
    assert after["percent"] == before["percent"] and after["entries"] == before["entries"]
    assert after["foreign"] == 1
    assert "1 entry not in the template (not counted" in l10n(dosing, "status").out
    r = l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    assert "1 entry signed off" in r.out  # "Dosing" only
    assert "sha1:000000000000" in catalog(dosing).read_text("utf-8")  # the foreign one untouched
    r = l10n(dosing, "check", "--min-translated", "0", "--format", "json")
    findings = json.loads(r.out)["catalogs"][0]["findings"]
    assert [f["check"] for f in findings] == ["foreign"]
    assert findings[0]["severity"] == "warning"
    l10n(dosing, "compile")
    mo = polib.mofile(str(catalog(dosing).with_suffix(".mo")))
    assert mo.find(long_text) is None and mo.find("Dosing") is not None


# --- the guard's new categories, through update ---------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("Take 20 mg once a week.", "Take 20 mg twice a week.",
         "a frequency, duration or number word changed (once a week -> twice a week)"),
        ("Take 20 mg once a week.", "Take 20 mg once a day.",
         "a frequency, duration or number word changed (once a week -> once a day)"),
        ("Do not drive if you are pregnant.", "Do not drive if you are breastfeeding.",
         "a body-state or population term changed (pregnant -> breastfeeding)"),
        ("Take 20 mg once a week.", "Take 0.5 mg/lb once a week.",
         "a number or unit changed (20 mg -> 0.5 mg/lb)"),
    ],
    ids=["twice", "a-day", "breastfeeding", "mg-per-lb"],
)
def test_update_withholds_the_old_translation(dosing, l10n, old, new, reason):
    translated(dosing, l10n)
    src = dosing / "source" / "dosing.md"
    src.write_text(SOURCE.replace(old, new), "utf-8")
    l10n(dosing, "build")
    entry = read(catalog(dosing)).find(new)
    assert entry.msgstr == "" and entry.previous_msgid == old
    (meaning,) = notes.texts(notes.parse(entry.tcomment), notes.MEANING)
    assert meaning == f"{reason}; the old translation is not proposed"


def test_compound_units_are_described_in_full(dosing, l10n):
    from l10n.quality.safety import meaning_change

    assert meaning_change("Give 0.5 mg/kg.", "Give 0.5 mg/lb.") == (
        "a number or unit changed (0.5 mg/kg -> 0.5 mg/lb)"
    )
    assert meaning_change("Give 0.5 mg/kg.", "Give 0.5 milligrams per kilogram.") is None


# --- a translation carried across a meaning change by msgmerge --------------------------------


@needs_gettext
@pytest.mark.parametrize("clear", ["msgattrib", "by-hand"])
def test_msgmerge_then_cleared_fuzzy_is_a_meaning_change_error(dosing, l10n, clear):
    translated(dosing, l10n)
    src = dosing / "source" / "dosing.md"
    src.write_text(SOURCE.replace("Do not drive if", "Do drive if"), "utf-8")
    l10n(dosing, "extract")
    path, pot = catalog(dosing), dosing / "locales" / "dosing.pot"
    subprocess.run(["msgmerge", "-q", "--previous", "-U", "--backup=none", str(path), str(pot)], check=True)
    if clear == "msgattrib":
        subprocess.run(["msgattrib", "--clear-fuzzy", "-o", str(path), str(path)], check=True)
    else:
        edit(dosing, lambda e: e.flags.remove("fuzzy") if "fuzzy" in e.flags else None)
    entry = read(path).find("Do drive if you are pregnant.")
    assert entry.msgstr == "No conduzca si está embarazada." and "fuzzy" not in entry.flags
    assert entry.previous_msgid == "Do not drive if you are pregnant."
    r = l10n(dosing, "check")
    assert r.code == 5
    line = entry.linenum
    assert (
        f"locales/es/LC_MESSAGES/dosing.po:{line}: error [meaning-change] translation accepted"
        ' across a meaning change, negation changed (removes "not"): it translates the previous'
        ' source "Do not drive if you are pregnant.", not "Do drive if you are pregnant."'
    ) in r.out
    r = l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    assert "0 entries signed off" in r.out  # the only unsigned entry is the carried one
    # a build applies update's rule: the old translation is withheld, kept in comments
    l10n(dosing, "build")
    entry = read(path).find("Do drive if you are pregnant.")
    assert entry.msgstr == ""
    assert notes.texts(notes.parse(entry.tcomment), notes.PREVIOUS_TRANSLATION) == [
        "No conduzca si está embarazada."
    ]
    assert not page(dosing).exists() or "No conduzca" not in page(dosing).read_text("utf-8")
    assert any(e.obsolete and e.msgstr == "No conduzca si está embarazada." for e in read(path))


@needs_gettext
def test_msgmerge_rewording_is_not_an_error(dosing, l10n):
    translated(dosing, l10n)
    src = dosing / "source" / "dosing.md"
    src.write_text(SOURCE.replace("Most people feel calm", "Most people feel quite calm"), "utf-8")
    l10n(dosing, "extract")
    path, pot = catalog(dosing), dosing / "locales" / "dosing.pot"
    subprocess.run(["msgmerge", "-q", "--previous", "-U", "--backup=none", str(path), str(pot)], check=True)
    subprocess.run(["msgattrib", "--clear-fuzzy", "-o", str(path), str(path)], check=True)
    r = l10n(dosing, "check", "--format", "json")
    checks = {f["check"] for c in json.loads(r.out)["catalogs"] for f in c["findings"]}
    assert "meaning-change" not in checks


FREQUENCIES = ["once a day", "twice a day", "once a week", "twice a week", "daily", "weekly",
               "monthly", "hourly", "three times a day", "every other day"]
POPULATIONS = ["pregnant women", "breastfeeding women", "children", "older adults", "adults"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SENTENCES), st.sampled_from(FREQUENCIES), st.sampled_from(FREQUENCIES))
def test_a_frequency_swap_always_changes_meaning(sentence, old, new):
    from l10n.quality.safety import meaning_change

    before, after = f"{sentence} Take it {old}.", f"{sentence} Take it {new}."
    assert (meaning_change(before, after) is None) == (old == new)
    assert meaning_change(before, before) is None


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(SENTENCES), st.sampled_from(POPULATIONS), st.sampled_from(POPULATIONS))
def test_a_population_swap_always_changes_meaning(sentence, old, new):
    from l10n.quality.safety import meaning_change

    before, after = f"{sentence} It is for {old}.", f"{sentence} It is for {new}."
    assert (meaning_change(before, after) is None) == (old == new)


def test_a_new_translation_after_the_guard_is_not_an_error_the_old_one_is(dosing, l10n):
    translated(dosing, l10n)
    src = dosing / "source" / "dosing.md"
    src.write_text(SOURCE.replace("once a week", "twice a week"), "utf-8")
    l10n(dosing, "build")  # withheld: #| msgid, the guard's notes, no translation
    new = "Take 20 mg twice a week."
    assert read(catalog(dosing)).find(new).previous_msgid == DOSE

    def put(text: str) -> None:
        edit(dosing, lambda e: setattr(e, "msgstr", text) if e.msgid == new else None)

    put(SPANISH[DOSE])  # the old translation, put back by hand: still the old meaning
    r = l10n(dosing, "check")
    assert r.code == 5 and "error [meaning-change]" in r.out
    put("Tome 20 mg dos veces por semana.")  # a translation of the new text
    r = l10n(dosing, "check", "--format", "json")
    assert "meaning-change" not in {f["check"] for c in json.loads(r.out)["catalogs"] for f in c["findings"]}
    r = l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    assert "1 entry signed off" in r.out
    l10n(dosing, "build")
    assert "Tome 20 mg dos veces por semana." in page(dosing).read_text("utf-8")
