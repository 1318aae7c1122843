"""The negation check: golden pairs per locale, the repository's catalogs, and the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polib
import pytest

from l10n.formats.pofile import dump_po
from l10n.glossary import parse_glossary
from l10n.quality.checks import check_entry
from tests.test_pipeline import po_path, read

REPO = Path(__file__).resolve().parent.parent
GOLDEN = sorted((REPO / "tests" / "golden" / "negation").glob("*.tsv"))
CATALOGS = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def verdict(source: str, translation: str, locale: str) -> str:
    """"ok", "dropped" or "added", as the negation check reports the pair."""
    messages = [f.message for f in check_entry(source, translation, locale) if f.check == "negation"]
    if not messages:
        return "ok"
    return "dropped" if messages[0].startswith("negation dropped") else "added"


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_pairs_no_miss_no_false_error(path: Path) -> None:
    wrong = [
        f"{path.name}:{i}: expected {row['expected']}, got {got}: "
        f"{row['source']} | {row['translation']}"
        for i, row in enumerate(rows(path), start=2)
        if (got := verdict(row["source"], row["translation"], path.stem)) != row["expected"]
    ]
    assert wrong == []


def test_golden_suite_covers_five_locales_40_flips_and_60_idioms() -> None:
    assert {"es", "pt_BR", "ar", "fr", "de"} <= {p.stem for p in GOLDEN}
    expected = [row["expected"] for path in GOLDEN for row in rows(path)]
    assert expected.count("dropped") + expected.count("added") >= 40
    assert expected.count("added") >= 10  # additions are flips too
    assert expected.count("ok") >= 60
    for path in GOLDEN:
        kinds = {row["expected"] for row in rows(path)}
        assert kinds == {"ok", "dropped", "added"}, path.name


@pytest.mark.parametrize("path", CATALOGS, ids=[f"{p.parts[-3]}/{p.stem}" for p in CATALOGS])
def test_the_repository_translations_have_no_negation_error(path: Path) -> None:
    glossary = parse_glossary((REPO / "locales" / "glossary.csv").read_text("utf-8"), "glossary")
    locale = path.parts[-3]
    po = polib.pofile(str(path))
    found = [
        f"{e.linenum}: {f.message}"
        for e in po
        if e.msgstr and not e.obsolete
        for f in check_entry(e.msgid, e.msgstr, locale, glossary)
        if f.check == "negation"
    ]
    assert found == []
    assert sum(1 for e in po if e.msgstr) >= 8  # the check had real text to read


def test_the_message_names_the_sentence_that_lost_its_negation() -> None:
    [finding] = [
        f
        for f in check_entry(
            "The infusion takes about 40 minutes. It is not painful.",
            "La infusión dura unos 40 minutos. Es dolorosa.",
            "es",
        )
        if f.check == "negation"
    ]
    assert finding.severity == "error"
    assert finding.message == (
        'negation dropped: a sentence of the source says "not" ("It is not painful."); '
        'its translation has no negation: "Es dolorosa."'
    )


def test_unaligned_sentences_fall_back_to_the_whole_entry() -> None:
    source = "Do not drive. Rest at home for the day."
    merged = "Descanse en casa durante el día y conduzca con cuidado."
    [message] = [f.message for f in check_entry(source, merged, "es") if f.check == "negation"]
    assert message.startswith('negation dropped: the entry of the source says "not"')
    kept = "No conduzca y descanse en casa durante el día."
    assert [f for f in check_entry(source, kept, "es") if f.check == "negation"] == []


def test_code_and_link_targets_are_not_read_for_negations() -> None:
    source = "Read [the guide](https://example.org/not-for-children) before the visit."
    translation = "Lea [la guía](https://example.org/not-for-children) antes de la visita."
    assert [f for f in check_entry(source, translation, "es") if f.check == "negation"] == []
    code = "Run `l10n check --no-color` now."
    assert [f for f in check_entry(code, "Ejecute `l10n check --no-color` ahora.", "es")
            if f.check == "negation"] == []


# --- through the CLI ---------------------------------------------------------------

ARTICLE = "aftercare"
SOURCE = """---
title: Aftercare
slug: aftercare
---

Most people feel calm after the infusion.

Do not drive for 24 hours.
"""
SPANISH = {
    "Aftercare": "Cuidados posteriores",
    "Most people feel calm after the infusion.": "La mayoría de las personas se sienten tranquilas "
    "después de la infusión.",
    "Do not drive for 24 hours.": "No conduzca durante 24 horas.",
}


def aftercare_project(root: Path) -> Path:
    """A project with one short article and a Spanish edition."""
    (root / "source").mkdir()
    (root / "source" / f"{ARTICLE}.md").write_text(SOURCE, "utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["es"]\nthreshold = 50\n', "utf-8"
    )
    return root


@pytest.fixture
def aftercare(tmp_path: Path) -> Path:
    return aftercare_project(tmp_path)


def translate(root: Path, locale: str = "es", edits: dict[str, str] | None = None,
              fuzzy: bool = False) -> None:
    path = po_path(root, locale, ARTICLE)
    po = read(path)
    for e in po:
        e.msgstr = (edits or {}).get(e.msgid, SPANISH[e.msgid])
        if fuzzy and e.msgid in (edits or {}):
            e.flags.append("fuzzy")
    path.write_text(dump_po(po), "utf-8")


def test_check_fails_on_a_dropped_negation_at_its_line_and_review_refuses_it(aftercare, l10n):  # type: ignore[no-untyped-def]
    l10n(aftercare, "build")
    translate(aftercare)
    r = l10n(aftercare, "check", "--min-translated", "0")
    assert "[negation]" not in r.out
    translate(aftercare, edits={"Do not drive for 24 hours.": "Conduzca durante 24 horas."})
    r = l10n(aftercare, "check", "--min-translated", "0")
    assert r.code == 5, r.out
    path = po_path(aftercare, "es", ARTICLE)
    line = read(path).find("Do not drive for 24 hours.").linenum
    assert (
        f"locales/es/LC_MESSAGES/{ARTICLE}.po:{line}: error [negation] negation dropped: "
        'a sentence of the source says "not" ("Do not drive for 24 hours."); '
        'its translation has no negation: "Conduzca durante 24 horas."'
    ) in r.out
    r = l10n(aftercare, "review", "-l", "es", "--by", "Ana", "--as", "linguist", "--all")
    assert f"{ARTICLE}.po:{line}: not signed: [negation] negation dropped" in r.out
    assert "reviewed:" not in (read(path).find("Do not drive for 24 hours.").tcomment or "")


def test_a_fuzzy_draft_that_drops_a_negation_is_a_warning(aftercare, l10n):  # type: ignore[no-untyped-def]
    l10n(aftercare, "build")
    translate(aftercare, edits={"Do not drive for 24 hours.": "Conduzca durante 24 horas."},
              fuzzy=True)
    r = l10n(aftercare, "check", "--min-translated", "0", "--format", "json")
    findings = [f for c in json.loads(r.out)["catalogs"] for f in c["findings"]
                if f["check"] == "negation"]
    assert [(f["severity"], f["message"][:24]) for f in findings] == [
        ("warning", "draft: negation dropped:")
    ]


def test_a_locale_without_a_lexicon_gets_one_notice_per_catalog(aftercare, l10n):  # type: ignore[no-untyped-def]
    config = aftercare / "pyproject.toml"
    config.write_text(config.read_text().replace('["es"]', '["es", "nl"]'), "utf-8")
    l10n(aftercare, "build")
    translate(aftercare)
    dutch = {
        "Aftercare": "Nazorg",
        "Most people feel calm after the infusion.": "De meeste mensen voelen zich rustig na "
        "het infuus.",
        "Do not drive for 24 hours.": "Rijd 24 uur lang geen auto.",
    }
    translate(aftercare, "nl", edits=dutch)
    r = l10n(aftercare, "check", "--min-translated", "0")
    notice = f"locales/nl/LC_MESSAGES/{ARTICLE}.po:1: notice [negation] negation not checked for nl"
    assert r.out.count(notice) == 1
    assert "negation not checked for es" not in r.out
    data = json.loads(l10n(aftercare, "check", "--min-translated", "0", "--format", "json").out)
    nl = next(c for c in data["catalogs"] if c["locale"] == "nl")
    assert [f["severity"] for f in nl["findings"] if f["check"] == "negation"] == ["notice"]
    counted = [f for f in nl["findings"] if f["severity"] != "notice"]
    assert nl["warnings"] + nl["errors"] == len(counted)  # a notice is neither
    github = l10n(aftercare, "check", "--min-translated", "0", "--format", "github").out
    assert "::notice file=locales/nl/LC_MESSAGES/aftercare.po,line=1,title=negation::" in github
    junit = l10n(aftercare, "check", "--min-translated", "0", "--format", "junit").out
    assert "negation not checked" not in junit  # a notice is neither a failure nor a pass
