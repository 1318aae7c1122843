"""Sentences left in the source language: golden cases, the repository's catalogs, the CLI."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from l10n.glossary import Glossary, parse_glossary
from l10n.quality.checks import check_entry
from l10n.quality.sentences import split
from tests.test_negation import ARTICLE, aftercare_project, translate
from tests.test_pipeline import po_path, read

REPO = Path(__file__).resolve().parent.parent
GOLDEN = sorted((REPO / "tests" / "golden" / "source-language").glob("*.tsv"))
CATALOGS = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))


def glossary() -> Glossary:
    return parse_glossary((REPO / "locales" / "glossary.csv").read_text("utf-8"), "glossary")


def left(source: str, translation: str, locale: str) -> list[str]:
    return [
        f.message
        for f in check_entry(source, translation, locale, glossary())
        if f.check == "source-language"
    ]


def cases(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_cases(path: Path) -> None:
    wrong = [
        f"{path.name}:{i}: expected {case['expected']}: {case['translation']}"
        for i, case in enumerate(cases(path), start=2)
        if bool(left(case["source"], case["translation"], path.stem))
        != (case["expected"] == "error")
    ]
    assert wrong == []


def test_golden_cases_cover_the_locales_and_both_outcomes() -> None:
    assert {"es", "pt_BR", "ar", "fr", "de", "en_GB"} <= {p.stem for p in GOLDEN}
    expected = [case["expected"] for path in GOLDEN for case in cases(path)]
    assert expected.count("error") >= 10 and expected.count("ok") >= 20


def test_the_message_quotes_the_sentence_as_written() -> None:
    assert left(
        "Ketamine is an NMDA receptor antagonist. Do not drive for 24 hours after the infusion.",
        "La ketamina es un antagonista del receptor NMDA. Do not drive for 24 hours after "
        "the infusion.",
        "es",
    ) == ['sentence left in English: "Do not drive for 24 hours after the infusion."']


def test_every_english_sentence_put_into_the_repository_translations_is_caught() -> None:
    """Precision and recall on real text: each real translation passes; the same
    translation with one of its sentences replaced by the English one is caught."""
    real, injected, caught = 0, 0, 0
    false_errors: list[str] = []
    missed: list[str] = []
    for path in CATALOGS:
        locale = path.parts[-3]
        for e in polib.pofile(str(path)):
            if not e.msgstr or e.obsolete:
                continue
            real += 1
            if left(e.msgid, e.msgstr, locale):
                false_errors.append(f"{path.name}:{e.linenum}")
            source, target = split(e.msgid), split(e.msgstr)
            if len(source) != len(target) or len(source) < 2:
                continue
            for (_, english), (offset, sentence) in zip(source, target):
                mixed = e.msgstr[:offset] + english + e.msgstr[offset + len(sentence) :]
                injected += 1
                if left(e.msgid, mixed, locale):
                    caught += 1
                else:
                    missed.append(english)
    assert false_errors == []
    assert missed == []
    assert {p.parts[-3] for p in CATALOGS} >= {"es", "pt_BR", "ar"}
    assert real >= 150 and injected >= 200 and caught == injected


def test_py3langid_is_loaded_only_for_a_sentence_that_needs_it() -> None:
    script = (
        "import sys\n"
        "from l10n.quality.checks import check_entry\n"
        "check_entry('Most people feel calm.', 'La mayoría de las personas se sienten "
        "tranquilas después de la sesión.', 'es')\n"
        "print('py3langid' in sys.modules)\n"
        "check_entry('Most people feel calm.', 'La mayoría. Most people feel calm after "
        "the session.', 'es')\n"
        "print('py3langid' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "True"]


def test_check_reports_a_sentence_left_in_english(tmp_path, l10n):  # type: ignore[no-untyped-def]
    aftercare = aftercare_project(tmp_path)
    l10n(aftercare, "build")
    left_in = (
        "La mayoría de las personas se sienten tranquilas. Most people feel calm after the "
        "infusion."
    )
    translate(aftercare, edits={"Most people feel calm after the infusion.": left_in})
    r = l10n(aftercare, "check", "--min-translated", "0")
    assert r.code == 5
    line = read(po_path(aftercare, "es", ARTICLE)).find(
        "Most people feel calm after the infusion."
    ).linenum
    assert (
        f"locales/es/LC_MESSAGES/{ARTICLE}.po:{line}: error [source-language] "
        'sentence left in English: "Most people feel calm after the infusion."'
    ) in r.out

