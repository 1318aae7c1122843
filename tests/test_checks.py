"""Entry and header checks; the golden "doses and figures" suite.

``tests/golden/checks/faults.tsv`` holds translations with one deliberate fault
each and the id of the check that must report it; ``correct.tsv`` holds right
translations that must raise nothing.  Adding a case is adding a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from l10n.glossary import Glossary, parse_glossary
from l10n.quality.checks import (
    ENTRY_CHECKS,
    HEADER_CHECKS,
    SEVERITY,
    Finding,
    check_entry,
    check_header,
)
from l10n.quality.plurals import conventional

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "checks"
GLOSSARY = parse_glossary(
    (ROOT / "locales" / "glossary.csv").read_text(encoding="utf-8"), "locales/glossary.csv"
)
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|n|t|\\)")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\"}


def _unescape(cell: str) -> str:
    def replace(m: re.Match[str]) -> str:
        code = m.group(1)
        return _ESCAPES.get(code) or chr(int(code[1:], 16))

    return _ESCAPE_RE.sub(replace, cell)


@dataclass(frozen=True)
class Case:
    file: str
    line: int
    locale: str
    msgid: str
    msgstr: str
    expected: str | None  # the check id a fault must trigger; None for a correct row

    def run(self, glossary: Glossary | None = GLOSSARY) -> list[Finding]:
        return check_entry(self.msgid, self.msgstr, self.locale, glossary)

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _load(name: str, columns: int) -> list[Case]:
    cases = []
    path = GOLDEN / name
    for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not raw or raw.startswith("#"):
            continue
        cells = [_unescape(cell) for cell in raw.split("\t")]
        assert len(cells) == columns, f"{name}:{number}: {len(cells)} cells, expected {columns}"
        expected = cells[3] if columns == 4 else None
        cases.append(Case(name, number, cells[0], cells[1], cells[2], expected))
    return cases


FAULTS = _load("faults.tsv", 4)
CORRECT = _load("correct.tsv", 3)


def _ids(cases: list[Case]) -> list[str]:
    ids: list[str] = []
    for case in cases:
        words = re.sub(r"\W+", "-", case.msgstr).strip("-")[:40]
        base = f"{case.expected or 'ok'}-{case.locale}-{words}"
        ids.append(base if base not in ids else f"{base}-{ids.count(base) + 1}")
    return ids


def _describe(case: Case, findings: list[Finding]) -> str:
    listed = "\n".join(f"  {f.check} ({f.severity}): {f.message}" for f in findings) or "  none"
    return f"{case.where()} [{case.locale}] {case.msgid!r} -> {case.msgstr!r}\n{listed}"


# --- the golden suite ---------------------------------------------------------------------


def test_golden_suite_is_large_and_covers_every_check() -> None:
    assert len(FAULTS) >= 45
    assert len(CORRECT) >= 45
    entry_ids = {check.id for check in ENTRY_CHECKS}
    assert {case.expected for case in FAULTS} == entry_ids
    assert {case.locale for case in CORRECT} >= {"es", "es_MX", "pt_BR", "ar", "fr", "de"}
    assert sum(case.expected == "numbers" for case in FAULTS) >= 15


@pytest.mark.parametrize("case", FAULTS, ids=_ids(FAULTS))
def test_fault_is_found(case: Case) -> None:
    findings = case.run()
    assert case.expected is not None
    matching = [f for f in findings if f.check == case.expected]
    assert matching, "missed:\n" + _describe(case, findings)
    assert all(f.severity == SEVERITY[case.expected] for f in matching)


@pytest.mark.parametrize("case", CORRECT, ids=_ids(CORRECT))
def test_correct_translation_is_clean(case: Case) -> None:
    findings = case.run()
    assert findings == [], "false alarm:\n" + _describe(case, findings)


def test_golden_summary_no_misses_no_false_alarms() -> None:
    misses = []
    for case in FAULTS:
        found = case.run()
        if not any(f.check == case.expected for f in found):
            misses.append(_describe(case, found))
    false_alarms = []
    for case in CORRECT:
        found = case.run()
        if found:
            false_alarms.append(_describe(case, found))
    summary = (
        f"{len(FAULTS)} faults, {len(misses)} missed; "
        f"{len(CORRECT)} correct, {len(false_alarms)} false alarms"
    )
    assert not misses and not false_alarms, "\n".join([summary, *misses, *false_alarms])


# --- entry checks -------------------------------------------------------------------------


def test_registry() -> None:
    ids = [check.id for check in ENTRY_CHECKS]
    assert ids == [
        "markup", "whitespace", "numbers", "urls", "dnt", "glossary", "untranslated", "length",
        "negation", "source-language",
    ]
    assert {check.id for check in HEADER_CHECKS} == {"header", "plural-forms"}
    for check in (*ENTRY_CHECKS, *HEADER_CHECKS):
        assert check.function.__doc__, check.id
        assert check.title and "\n" not in check.title
        assert SEVERITY[check.id] == check.severity
    warnings = {check.id for check in ENTRY_CHECKS if check.severity == "warning"}
    assert warnings == {"glossary", "untranslated", "length"}


def test_empty_translation_has_no_findings() -> None:
    assert check_entry("Take 2.5 mg of ketamine.", "", "es", GLOSSARY) == []


def test_without_glossary_there_are_no_term_findings() -> None:
    findings = check_entry("Call Ketamine Infusion Centers.", "Llame a los centros.", "es")
    assert findings == []


def test_messages_are_one_line_and_quote_the_text() -> None:
    for case in FAULTS:
        for finding in case.run():
            assert "\n" not in finding.message, case.where()
            assert '"' in finding.message or "'" in finding.message, finding


def test_number_messages_say_how_to_write_it() -> None:
    [finding] = check_entry("Take 2.5 mg.", "Tome 2.5 mg.", "es")
    assert finding.check == "numbers"
    assert finding.message == (
        '"2.5 mg" is not how es writes numbers (it is the English way): write "2,5 mg"'
    )
    [finding] = check_entry("Take 2.5 mg.", "Tome 2,5 mg.", "es_MX")
    assert finding.message == '"2,5 mg" is not how es_MX writes numbers: write "2.5 mg"'
    [finding] = check_entry("About 1,000 patients.", "Unos 1,000 pacientes.", "es")
    assert '"1,000" reads as 1 in es' in finding.message and '"1.000"' in finding.message


def test_numbers_compare_as_multisets() -> None:
    assert check_entry("5 mg, then 5 mg.", "5 mg y luego 5 mg.", "es") == []
    [finding] = check_entry("5 mg, then 5 mg.", "5 mg y luego 10 mg.", "es")
    assert finding.check == "numbers"
    assert check_entry("From 5 to 10 mg.", "De 5 mg a 10 mg.", "es") == []


def test_scale_words_out_of_scope_do_not_raise_alarms() -> None:
    assert check_entry("about 100 billion cells", "unas 100 mil millones de células", "es") == []


def test_untranslated_ignores_sources_of_placeables_and_terms() -> None:
    same = "**NMDA** and `AMPA`: 5 mg"
    assert check_entry(same, same, "es", GLOSSARY) == []
    [finding] = check_entry(
        "Contact us today for a free consultation.",
        "Contact us today for a free consultation.",
        "es",
    )
    assert (finding.check, finding.severity) == ("untranslated", "warning")


def test_length_only_for_sources_of_20_characters() -> None:
    assert check_entry("Short heading", "Un título muy, muy, muy largo de verdad", "es") == []


def test_emphasis_moved_around_punctuation_is_fine() -> None:
    assert check_entry("It binds **NMDA** receptors.", "Se une a receptores **NMDA**.", "es") == []
    assert check_entry("Use *snake_case* names", "Use nombres *snake_case*", "es") == []


# --- header checks ------------------------------------------------------------------------


def _header(locale: str, **changes: str) -> dict[str, str]:
    header = {
        "Language": locale,
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": conventional(locale) or "",
    }
    header.update({key.replace("_", "-"): value for key, value in changes.items()})
    return {key: value for key, value in header.items() if value != "-"}


@pytest.mark.parametrize("locale", ["es", "pt_BR", "ar", "fr", "de", "es_MX"])
def test_good_headers(locale: str) -> None:
    assert check_header(_header(locale), locale) == []


def test_equivalent_plural_forms_spelling_is_accepted() -> None:
    header = _header("es", Plural_Forms="nplurals=2;plural=n != 1")
    assert check_header(header, "es") == []
    assert check_header(_header("pt_BR", Language="pt-BR"), "pt_BR") == []
    # gettext's and CLDR's rules, whichever spelling, whichever Babel is installed
    cldr = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
    assert check_header(_header("pt_BR", Plural_Forms=cldr), "pt_BR") == []
    assert check_header(_header("pt_BR", Plural_Forms="nplurals=2; plural=n>1"), "pt_BR") == []


@pytest.mark.parametrize(
    ("changes", "check", "words"),
    [
        ({"Language": "es"}, "header", 'Language is "es"'),
        ({"Language": "-"}, "header", "no Language"),
        ({"Content_Type": "text/plain; charset=ISO-8859-1"}, "header", "ISO-8859-1"),
        ({"Content_Transfer_Encoding": "base64"}, "header", "base64"),
        ({"Plural_Forms": "nplurals=2; plural=(n != 1);"}, "plural-forms",
         'for n = 0 this header picks form 1; gettext picks 0 (gettext: "nplurals=2; plural=(n > 1);")'),
        ({"Plural_Forms": "nplurals=2; plural=(n > 1;"}, "plural-forms", "does not parse"),
        ({"Plural_Forms": "-"}, "plural-forms", "no Plural-Forms"),
    ],
)
def test_bad_headers(changes: dict[str, str], check: str, words: str) -> None:
    findings = check_header(_header("pt_BR", **changes), "pt_BR")
    assert [(f.check, f.severity) for f in findings] == [(check, "error")]
    assert words in findings[0].message


def test_a_percent_sign_before_the_number_is_named_as_such() -> None:
    (finding, *_) = check_entry("It helps 70% of people.", "يساعد %70 من الناس.", "ar")
    assert finding.message == 'the percent sign stands before "70": write "70%" as the source does'
