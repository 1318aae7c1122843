"""Safety for medical content: review sign-off, require_review, critical blocks."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.formats.pofile import dump_po
from l10n.quality.safety import critical_reason, meaning_change, negations
from tests.test_pipeline import po_path, read

ARTICLE = "dosing"
SOURCE = """---
title: Dosing
slug: dosing
---

Ketamine is given in a clinic.

Take 20 mg before the session.

<!-- l10n: critical -->
Tell the nurse about your other medicines.

Most people feel calm afterwards.
"""


@pytest.fixture
def dosing(tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "dosing.md").write_text(SOURCE, "utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["es"]\nthreshold = 50\n', "utf-8"
    )
    return tmp_path


SPANISH = {
    "Dosing": "Dosificación",
    "Ketamine is given in a clinic.": "La ketamina se administra en una clínica.",
    "Take 20 mg before the session.": "Tome 20 mg antes de la sesión.",
    "Tell the nurse about your other medicines.": "Informe a la enfermera sobre sus otros medicamentos.",
    "Most people feel calm afterwards.": "La mayoría de las personas se sienten tranquilas después.",
}


def translate(root, only=None):  # type: ignore[no-untyped-def]
    path = po_path(root, "es", ARTICLE)
    po = read(path)
    for e in po:
        if only is None or e.msgid in only:
            e.msgstr = SPANISH[e.msgid]
    path.write_text(dump_po(po), "utf-8")


def test_template_marks_critical_units(dosing, l10n):
    l10n(dosing, "extract")
    pot = read(dosing / "locales" / "dosing.pot")
    assert pot.find("Take 20 mg before the session.").comment == "paragraph\ncritical: states a dose"
    assert "critical: marked critical" in pot.find("Tell the nurse about your other medicines.").comment
    assert pot.find("Most people feel calm afterwards.").comment == "paragraph"


def test_unreviewed_critical_block_holds_the_page_back_whatever_the_threshold(dosing, l10n):
    l10n(dosing, "build")
    translate(dosing)
    r = l10n(dosing, "render")
    page = dosing / "output" / "es" / "dosing.html"
    assert not page.exists()
    assert "critical block at source/dosing.md:8 (states a dose) is translated but not reviewed" in r.out
    status = l10n(dosing, "status").out
    assert "critical block at source/dosing.md:8" in status
    check = l10n(dosing, "check")
    assert check.code == 4 and "[critical] page held back: critical block at source/dosing.md:8" in check.out

    r = l10n(dosing, "review", "-l", "es", "--by", "Dr. Ana Ruiz", "--as", "linguist", "--all")
    assert r.code == 0 and "5 entries signed off by Dr. Ana Ruiz" in r.out
    l10n(dosing, "render")
    html = page.read_text("utf-8")
    assert "Tome 20 mg antes de la sesión." in html and "inglés" not in html


def test_only_critical_blocks_need_review_and_never_fall_back(dosing, l10n):
    l10n(dosing, "build")
    translate(dosing, only={"Take 20 mg before the session.", "Tell the nurse about your other medicines."})
    l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    translate(dosing, only={"Dosing", "Ketamine is given in a clinic."})  # translated, not reviewed
    r = l10n(dosing, "render")
    html = (dosing / "output" / "es" / "dosing.html").read_text("utf-8")
    assert r.code == 0
    assert "Tome 20 mg" in html and "La ketamina se administra" in html
    assert "Most people feel calm afterwards." in html  # English fallback, outside critical content
    assert "1 parte de esta página" in html and "se muestra en inglés" in html


def test_editing_after_review_voids_the_sign_off(dosing, l10n):
    l10n(dosing, "build")
    translate(dosing)
    l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    path = po_path(dosing, "es", ARTICLE)
    po = read(path)
    po.find("Take 20 mg before the session.").msgstr = "Tome 200 mg antes de la sesión."
    path.write_text(dump_po(po), "utf-8")
    r = l10n(dosing, "render")
    assert "critical block at source/dosing.md:8" in r.out
    assert not (dosing / "output" / "es" / "dosing.html").exists()
    r = l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    assert "0 entries signed off" in r.out and "1 refused" in r.out
    assert f"locales/es/LC_MESSAGES/{ARTICLE}.po:" in r.out and "not signed: [numbers]" in r.out


def test_status_counts_reviewed_translated_draft_missing(dosing, l10n):
    import json

    l10n(dosing, "build")
    translate(dosing, only={"Dosing", "Ketamine is given in a clinic."})
    l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    translate(dosing, only={"Most people feel calm afterwards."})
    path = po_path(dosing, "es", ARTICLE)
    po = read(path)
    draft = po.find("Take 20 mg before the session.")
    draft.msgstr, draft.flags = "Tome 20 mg.", ["fuzzy"]
    path.write_text(dump_po(po), "utf-8")
    (row,) = json.loads(l10n(dosing, "status", "--format", "json").out)
    assert row["entries"] == {"reviewed": 2, "translated": 1, "draft": 1, "missing": 1, "stale": 0}


@pytest.mark.skipif(not shutil.which("msgcat"), reason="GNU gettext is not installed")
def test_sign_off_survives_msgcat_and_merges(dosing, l10n):
    l10n(dosing, "build")
    translate(dosing)
    l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    path = po_path(dosing, "es", ARTICLE)
    out = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
    path.write_bytes(out)
    src = dosing / "source" / "dosing.md"
    src.write_text(src.read_text("utf-8") + "\nA new closing paragraph.\n", "utf-8")
    l10n(dosing, "build")
    r = l10n(dosing, "status", "--format", "json")
    assert '"reviewed": 5' in r.out


def test_require_review_publishes_signed_text_only(dosing, l10n):
    cfg = dosing / "pyproject.toml"
    cfg.write_text(cfg.read_text() + "require_review = true\n")
    l10n(dosing, "build")
    translate(dosing, only={"Take 20 mg before the session.", "Tell the nurse about your other medicines.",
                            "Dosing", "Ketamine is given in a clinic."})
    l10n(dosing, "review", "-l", "es", "--by", "Reviewer", "--as", "linguist", "--all")
    translate(dosing, only={"Most people feel calm afterwards."})
    l10n(dosing, "render")
    html = (dosing / "output" / "es" / "dosing.html").read_text("utf-8")
    assert "Most people feel calm afterwards." in html
    assert "La mayoría" not in html


def test_meaning_change_rules():
    assert meaning_change("Do not take ibuprofen.", "Do take ibuprofen.")
    assert meaning_change("You can drive.", "You can’t drive.")
    assert meaning_change("Take 20 mg.", "Take 25 mg.")
    assert meaning_change("Avoid alcohol.", "Enjoy alcohol.")
    assert meaning_change("Take ibuprofen.", "Take acetaminophen.")
    assert meaning_change("Ketamine helps many people.", "Ketamine helps most people.") is None
    assert negations("Don't stop. Never skip it, and do not avoid food.") == {
        "don't": 1, "stop": 1, "never": 1, "not": 1, "avoid": 1
    }


def test_critical_by_default():
    assert critical_reason("Take 2.5 mg/kg.") == "states a dose"
    assert critical_reason("It helps 70% of patients.") == "states a percentage"
    assert critical_reason("Side effects include nausea.") == "states side effects or risks"
    assert critical_reason("Do not drive after treatment.") == "states a warning"
    assert critical_reason("The brain is a complex organ.") is None
    assert critical_reason("ſide effects are rare. Never mix them.") == (
        "states side effects or risks"  # the long s folds to s, as the rule reads
    )
    assert critical_reason("It is safe: stop when told.") == "states a warning"


# the rules as first written, one plain case-insensitive search each: the patterns
# safety compiles for speed must find exactly what these find
_PLAIN_RULES = (
    ("states a dose", (r"\d(?:[\d.,]*\d)?\s?(?:mg|mcg|µg|μg|g|kg|ml|mL|l|L|IU|units?|mg/kg"
                       r"|mg/ml|mg/mL|mmHg|hours?|days?|weeks?|minutes?)\b"), 0),
    ("states a percentage", r"\d\s?%|\bpercent\b", re.IGNORECASE),
    ("states side effects or risks", r"\bside[- ]effects?\b|\badverse\b|\brisks?\b",
     re.IGNORECASE),
    ("states a warning", (r"\b(?:warning|caution|danger|overdose|contraindicat\w*|emergency)\b"
                          r"|(?:^|[.!?:]\s+)(?:do not|don['’]t|never|avoid|stop)\b"),
     re.IGNORECASE),
)
_PIECES = st.sampled_from([
    "side effect", "SIDE-EFFECTS", "Risks", "riſk", "adverse", "percent", "PERCENT", "5 %",
    "٣%", "warning", "Caution", "contraindicated", "EMERGENCY", "do not", "Don’t", "never",
    "avoid", "stop", "2.5 mg", "10 mL", "kg", "K", "İ", ". ", ": ", "\n", " ", "a", "S",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=12).map("".join))
def test_critical_reason_finds_what_the_plain_rules_find(text: str) -> None:
    plain = next(
        (why for why, pattern, flags in _PLAIN_RULES if re.search(pattern, text, flags)), None
    )
    assert critical_reason(text) == plain


@settings(max_examples=300, deadline=None)
@given(
    msgstr=st.sampled_from(["", "Tome 20 mg antes.", "Ţöɱé 20 ɱĝ åñţéš", "[!! Take !!]"]),
    fuzzy=st.booleans(),
    obsolete=st.booleans(),
    previous=st.sampled_from([None, "Take 20 mg before the session.", "Take 40 mg before it."]),
    signed=st.sampled_from(["no", "now", "then"]),
    pseudo_note=st.booleans(),
)
def test_property_a_page_shows_published_entries_whose_source_did_not_change(
    msgstr, fuzzy, obsolete, previous, signed, pseudo_note
):
    import polib

    from l10n.catalogs import is_published
    from l10n.quality.safety import State, sign, state
    from l10n.site.render import usable

    entry = polib.POEntry(msgid="Take 20 mg before the session.", msgstr=msgstr)
    if signed == "then":  # signed for another source text: stale now
        entry.msgid = "Take 10 mg before the session."
        sign(entry, "Ana", "2026-01-02")
        entry.msgid = "Take 20 mg before the session."
    elif signed == "now":
        sign(entry, "Ana", "2026-01-02")
    if pseudo_note:
        entry.tcomment = "\n".join(filter(None, [entry.tcomment, "machine draft: pseudo"]))
    entry.flags = ["fuzzy"] if fuzzy else []
    entry.obsolete = obsolete
    entry.previous_msgid = previous
    expected = is_published(entry) and state(entry) is not State.STALE
    assert usable(entry, False) == expected
