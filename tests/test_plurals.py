"""Plural forms: the project's table against GNU msginit, Weblate and CLDR spellings;
the expression reader against Python's gettext and msgfmt; check's messages;
update mending headers; and no dependence on the installed Babel."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.catalogs import merge, new_catalog
from l10n.formats.pofile import dump_po, parse_po
from l10n.quality import plurals
from l10n.quality.checks import check_header
from tests.test_pipeline import ARTICLE, po_path, read, translate_all

REPO = Path(__file__).resolve().parent.parent
BINDIR = Path(sys.executable).parent  # translate-toolkit's po2csv and csv2po
LOCALES = ["es", "pt_BR", "ar", "fr", "ru", "pl", "ja", "cs"]
needs_gettext = pytest.mark.skipif(not shutil.which("msginit"), reason="GNU gettext missing")

# As Weblate writes them (its languages.csv), and as CLDR writes them (Babel 2.19).
WEBLATE = {
    "es": "nplurals=2; plural=n != 1;",
    "pt_BR": "nplurals=2; plural=n > 1;",
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;",
    "fr": "nplurals=2; plural=n > 1;",
    "ru": "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2;",
    "pl": "nplurals=3; plural=n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",
    "ja": "nplurals=1; plural=0;",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
}
CLDR = {
    "es": "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);",
    "pt_BR": "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "ar": "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && "
    "n % 100 <= 10 ? 3 : n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);",
    "fr": "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "ru": "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 "
    "&& (n % 100 < 12 || n % 100 > 14) ? 1 : 2;",
    "pl": "nplurals=3; plural=n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
    "(n % 100 < 12 || n % 100 > 14) ? 1 : 2;",
    "ja": "nplurals=1; plural=0;",
    "cs": "nplurals=3; plural=(n == 1 ? 0 : n >= 2 && n <= 4 ? 1 : 2);",
}
# Babel 2.18 wrote this for Arabic: 11..99 and 100..102 swapped
OLD_BABEL_AR = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=0 && n%100<=2 ? 4 : 5);"
)


def header(locale: str, plural_forms: str) -> dict[str, str]:
    return {
        "Language": locale,
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }


def msginit(locale: str, tmp_path: Path) -> str:
    """The Plural-Forms GNU msginit writes for a locale ('' when it knows none)."""
    pot = tmp_path / "t.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    out = tmp_path / f"{locale}.po"
    subprocess.run(
        ["msginit", "--no-translator", "-l", locale, "-i", str(pot), "-o", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    return polib.pofile(str(out)).metadata.get("Plural-Forms", "")


# --- the table -------------------------------------------------------------------------


@needs_gettext
@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "ar"])
def test_gnu_msginit_headers_pass_and_new_catalogs_get_the_same_rule(locale, tmp_path):
    written = msginit(locale, tmp_path)
    assert written
    assert check_header(header(locale, written), locale) == []
    mine = plurals.parse(plurals.conventional(locale) or "")
    assert (mine.nplurals, mine.forms) == (plurals.parse(written).nplurals, plurals.parse(written).forms)


@needs_gettext
def test_every_gettext_rule_of_the_table_is_what_msginit_writes(tmp_path):
    """Arabic and Chinese come from the gettext manual: msginit 0.21 has no entry."""
    checked = 0
    for code, rules in plurals.TABLE.items():
        for rule in rules:
            if rule.source == "gettext" and code not in ("ar", "zh"):
                assert plurals.parse(rule.value).forms == plurals.parse(msginit(code, tmp_path)).forms
                checked += 1
    assert checked >= 25


def test_new_catalogs_get_gettexts_formula():
    pot = polib.POFile()
    pot.metadata = {"Project-Id-Version": "x", "Content-Type": "text/plain; charset=UTF-8"}
    pot.append(polib.POEntry(msgid="one file", msgid_plural="%d files"))
    expected = {
        "es": "nplurals=2; plural=(n != 1);",
        "pt_BR": "nplurals=2; plural=(n > 1);",
        "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
        "ja": "nplurals=1; plural=0;",
        "pt": "nplurals=2; plural=(n != 1);",
        "es_MX": "nplurals=2; plural=(n != 1);",
    }
    for locale, value in expected.items():
        po = new_catalog(pot, locale, "2026-01-01 00:00+0000")
        assert po.metadata["Plural-Forms"] == value
        assert po.metadata["Language"] == locale
        (entry,) = po
        assert entry.msgid_plural == "%d files"
        assert len(entry.msgstr_plural) == plurals.parse(value).nplurals


def test_arabic_puts_11_to_99_in_form_4_and_100_to_102_in_form_5():
    forms = dict(zip(plurals.NUMBERS, plurals.parse(plurals.conventional("ar") or "").forms))
    assert [forms[n] for n in (0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111)] == [
        0, 1, 2, 3, 3, 4, 4, 5, 5, 5, 3, 4,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("locale", "found"),
    [("pt_BR", "(n > 1)"), ("pt-BR", "(n > 1)"), ("pt", "(n != 1)"), ("pt_PT", "(n != 1)"),
     ("zh_Hant_TW", "plural=0;"), ("sr@latin", "n%10==1"), ("de_DE.UTF-8", "(n != 1)")],
)  # fmt: skip
def test_lookup_tries_the_region_then_the_language(locale, found):
    assert found in (plurals.conventional(locale) or "")


def test_a_language_missing_from_the_table_falls_back_to_babel_and_says_so():
    assert "yo" not in plurals.TABLE
    (rule,) = plurals.rules("yo")
    assert rule.source == "CLDR (Babel)"
    assert plurals.rules("tlh") == ()


def test_the_table_is_used_not_babel(monkeypatch):
    import babel.messages.plurals

    def no_babel(*args: object) -> None:
        raise AssertionError("Babel's plural data was consulted")

    monkeypatch.setattr(babel.messages.plurals, "get_plural", no_babel)
    plurals.rules.cache_clear()
    try:
        pot = polib.POFile()
        for locale in LOCALES:
            assert check_header(header(locale, WEBLATE[locale]), locale) == []
            assert check_header(header(locale, CLDR[locale]), locale) == []
            new_catalog(pot, locale, "2026-01-01 00:00+0000")
    finally:
        plurals.rules.cache_clear()


def test_the_cldr_rules_of_the_table_mean_what_babel_gives():
    """Drift detector: the locked Babel (>= 2.19) and the table agree on CLDR."""
    import babel
    from babel.messages.plurals import get_plural

    if tuple(int(p) for p in babel.__version__.split(".")[:2]) < (2, 19):
        pytest.skip("CLDR variants are those of Babel >= 2.19")
    for code, rules in plurals.TABLE.items():
        for rule in rules:
            if rule.source == "CLDR":
                assert plurals.parse(rule.value).forms == plurals.parse(str(get_plural(code))).forms, code


# --- check: by meaning -------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_weblate_and_cldr_spellings_pass(locale):
    assert check_header(header(locale, WEBLATE[locale]), locale) == []
    assert check_header(header(locale, CLDR[locale]), locale) == []


@pytest.mark.parametrize(
    "spelling",
    ["nplurals=2;plural=n!=1", "nplurals = 2 ; plural = ((n != 1)) ;", "nplurals=2; plural=!(n == 1);",
     "nplurals=2; plural=n == 1 ? 0 : 1;", "nplurals=2; plural=1 - (n == 1);"],
)  # fmt: skip
def test_any_spelling_that_picks_the_same_forms_passes(spelling):
    assert check_header(header("es", spelling), "es") == []


def test_the_old_arabic_formula_is_an_error_saying_where_it_differs():
    (finding,) = check_header(header("ar", OLD_BABEL_AR), "ar")
    assert (finding.check, finding.severity) == ("plural-forms", "error")
    assert (
        "for n = 11..99, 111..199, 211..299 and 98 more this header picks form 5; "
        "gettext and CLDR pick 4; "
        "for n = 100..102, 200..202, 300..302 and 103 more this header picks form 4; "
        "gettext and CLDR pick 5"
    ) in finding.message


@pytest.mark.parametrize(
    ("locale", "value", "words"),
    [
        ("pt_BR", "nplurals=2; plural=(n != 1);",
         'for n = 0 this header picks form 1; gettext picks 0 (gettext: "nplurals=2; plural=(n > 1);")'),
        ("fr", "nplurals=2; plural=(n != 1);", "for n = 0 this header picks form 1; gettext picks 0"),
        ("es", "nplurals=2; plural=(n > 1);", "for n = 0 this header picks form 0; gettext picks 1"),
        ("ru", "nplurals=3; plural=(n%10==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);",
         ("for n = 11, 111, 211 and 97 more this header picks form 0; gettext and CLDR pick 2; "
          "for n = 12..14, 112..114, 212..214 and 97 more this header picks form 1; "
          "gettext and CLDR pick 2")),
        ("pl", "nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);",
         "for n = 22..24, 32..34, 42..44 and 896 more this header picks form 2; gettext and CLDR pick 1"),
        ("cs", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=5) ? 1 : 2;",
         "for n = 5 this header picks form 1; gettext and CLDR pick 2"),
        ("es", "nplurals=3; plural=(n == 1 ? 0 : n == 1000000 ? 1 : 2);",
         "for n = 2000000, 10000000, 1000000000 and 1 more this header picks form 2; CLDR picks 1"),
        ("ja", "nplurals=2; plural=(n != 1);",
         'has nplurals=2; for ja: gettext and CLDR: "nplurals=1; plural=0;"'),
        ("es", "nplurals=4; plural=n%4;", 'has nplurals=4; for es: gettext: "nplurals=2; plural=(n != 1);"; CLDR:'),
    ],
)  # fmt: skip
def test_a_wrong_formula_says_for_which_n_it_differs(locale, value, words):
    (finding,) = check_header(header(locale, value), locale)
    assert (finding.check, finding.severity) == ("plural-forms", "error")
    assert words in finding.message


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("nplurals=2; plural=(n != 1;", 'expected ")" at the end of "(n != 1"'),
        ("nplurals=2; plural=n != 1 1;", 'expected an operator, found "1" at column 8 of "n != 1 1"'),
        ("nplurals=2; plural=n @ 1;", 'unexpected "@" at column 3 of "n @ 1"'),
        ("nplurals=2; plural=;", "expected a number, n, ! or ( at the end"),
        ("nplurals=2; plural=n ? 1;", 'expected ":" at the end'),
        ("nplurals=two; plural=(n != 1);", "has nplurals=two, not a number of forms"),
        ("nplurals=0; plural=0;", "has nplurals=0, not a number of forms"),
        ("plural=(n != 1);", 'is not "nplurals=N; plural=EXPRESSION;"'),
        ("nplurals=2; plural=n/(n-n);", "divides by zero for n = 0"),
        ("nplurals=2; plural=n;", "picks form 2 for n = 2..10000"),
    ],
)
def test_a_formula_that_does_not_parse_is_an_error(value, words):
    (finding,) = check_header(header("es", value), "es")
    assert (finding.check, finding.severity) == ("plural-forms", "error")
    assert words in finding.message


@needs_gettext
@pytest.mark.parametrize(
    "value",
    ["nplurals=2; plural=(n != 1;", "nplurals=2; plural=n != 1 1;", "nplurals=2; plural=n @ 1;",
     "nplurals=2; plural=n ? 1;", "nplurals=2; plural=n;"],
)  # fmt: skip
def test_msgfmt_refuses_what_check_refuses(value, tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {value}\\n"\n\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)], check=False, capture_output=True
    )
    assert done.returncode != 0
    with pytest.raises(plurals.PluralFormsError):
        plurals.parse(value)


_ATOMS = st.one_of(st.just("n"), st.integers(0, 120).map(str))
_DIVISORS = st.one_of(st.integers(1, 120).map(str), st.integers(1, 9).map(lambda k: f"(n + {k})"))
_OPERATORS = ["||", "&&", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*"]


def _expressions() -> st.SearchStrategy[str]:
    return st.recursive(
        _ATOMS,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(_OPERATORS), inner).map(" ".join),
            st.tuples(inner, st.sampled_from(["/", "%"]), _DIVISORS).map(" ".join),
            inner.map(lambda e: f"!{e}"),
            inner.map(lambda e: f"({e})"),
            st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
        ),
        max_leaves=10,
    )


SAMPLE = (*range(130), 1000, 10**6, 10**6 + 1, 10**9)


@pytest.mark.skipif(not shutil.which("cc"), reason="no C compiler")
@settings(max_examples=4, deadline=None)
@given(st.lists(_expressions(), min_size=100, max_size=100))
def test_the_reader_evaluates_as_c_does(expressions):
    """The same expressions compiled by a C compiler on unsigned long, as gettext does."""
    import re
    import tempfile

    def c_source(expression: str) -> str:
        return re.sub(r"\b(\d+)\b", r"((unsigned long)\1)", expression)

    functions = "".join(
        f"static unsigned long f{i}(unsigned long n) {{ return {c_source(e)}; }}\n"
        for i, e in enumerate(expressions)
    )
    program = (
        "#include <stdio.h>\n" + functions + "static unsigned long (*f[])(unsigned long) = {"
        + ", ".join(f"f{i}" for i in range(len(expressions))) + "};\n"
        "int main(void) { unsigned long ns[] = {"
        + ", ".join(f"{n}UL" for n in SAMPLE) + "};\n"
        f"for (int i = 0; i < {len(expressions)}; i++) {{ for (unsigned j = 0; j < "
        f"{len(SAMPLE)}; j++) printf(\"%lu \", f[i](ns[j])); printf(\"\\n\"); }} return 0; }}\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "p.c").write_text(program)
        subprocess.run(["cc", "-w", "-O0", "-o", f"{tmp}/p", f"{tmp}/p.c"], check=True)
        out = subprocess.run([f"{tmp}/p"], check=True, capture_output=True, text=True).stdout
    for expression, line in zip(expressions, out.splitlines(), strict=True):
        mine = plurals.compile_expression(expression)
        assert [mine(n) for n in SAMPLE] == [int(v) for v in line.split()], expression


def test_logical_operators_give_0_or_1_and_division_by_zero_is_named():
    assert plurals.compile_expression("n || n")(7) == 1
    assert plurals.compile_expression("!n + 1")(0) == 2
    with pytest.raises(plurals.PluralFormsError, match="divides by zero for n = 3"):
        plurals.compile_expression("1 % (n - 3)")(3)


def test_subtraction_wraps_as_unsigned_long():
    assert plurals.compile_expression("n - 1 > 5")(0) == 1  # gettext: 0 - 1 is 2**64 - 1


# --- check on catalogs: nplurals against msgstr[] ----------------------------------------


def test_repository_catalogs_have_accepted_plural_forms():
    for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")):
        po = parse_po(path.read_text("utf-8"), str(path))
        assert check_header(po.metadata, path.parts[-3]) == [], path


def add_plural_entry(path: Path, forms: list[str], fuzzy: bool = False) -> int:
    po = read(path)
    entry = polib.POEntry(
        msgid="one dose", msgid_plural="%d doses",
        msgstr_plural=dict(enumerate(forms)), flags=["fuzzy"] if fuzzy else [],
    )  # fmt: skip
    po.append(entry)
    path.write_text(dump_po(po), encoding="utf-8")
    found = read(path).find("one dose")
    assert found is not None
    return int(found.linenum)


def test_nplurals_not_matching_msgstr_forms_is_an_error_at_the_entry(project, l10n):
    l10n(project, "build")
    path = po_path(project, "es")
    translate_all(path)
    line = add_plural_entry(path, ["una dosis", "%d dosis", "%d dosis"])
    r = l10n(project, "check", "-l", "es", "--min-translated", "0")
    assert r.code == 5
    rel = f"locales/es/LC_MESSAGES/{ARTICLE}.po"
    assert (
        f"{rel}:{line}: error [plural-forms] 3 msgstr[] forms; the header's Plural-Forms has "
        "nplurals=2" in r.out
    )


def test_a_fuzzy_plural_entry_with_the_wrong_count_is_a_warning(project, l10n):
    l10n(project, "build")
    path = po_path(project, "es")
    line = add_plural_entry(path, ["una dosis"], fuzzy=True)
    r = l10n(project, "check", "-l", "es", "--min-translated", "0", "--format", "github")
    rel = f"locales/es/LC_MESSAGES/{ARTICLE}.po"
    assert (
        f"::warning file={rel},line={line},title=plural-forms::draft: 1 msgstr[] forms; "
        "the header's Plural-Forms has nplurals=2"
    ) in r.out


# --- update mends headers ---------------------------------------------------------------


@pytest.mark.skipif(not (BINDIR / "po2csv").exists(), reason="translate-toolkit missing")
def test_update_restores_the_headers_a_csv_round_trip_loses(project, l10n, tmp_path):
    l10n(project, "build")
    path = po_path(project, "pt_BR")
    translate_all(path, lambda e: f"pt: {e.msgid}")
    before = {e.msgid: e.msgstr for e in read(path) if e.msgstr}
    csv = tmp_path / "pt.csv"
    subprocess.run([BINDIR / "po2csv", path, csv], check=True, capture_output=True)
    pot = project / "locales" / f"{ARTICLE}.pot"
    subprocess.run([BINDIR / "csv2po", "-t", pot, csv, path], check=True, capture_output=True)
    lost = read(path).metadata
    assert "Language" not in lost and "Plural-Forms" not in lost
    assert l10n(project, "check", "-l", "pt_BR", "--min-translated", "0").code == 5
    r = l10n(project, "update", "-l", "pt_BR")
    assert r.code == 0, r.err
    po = read(path)
    assert po.metadata["Language"] == "pt_BR"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert {e.msgid: e.msgstr for e in po if e.msgstr} == before
    r = l10n(project, "check", "-l", "pt_BR", "--min-translated", "0", "--format", "json")
    assert "plural-forms" not in r.out and '"header"' not in r.out


@pytest.mark.parametrize("locale", ["es", "ar", "pt_BR"])
def test_update_keeps_an_accepted_formula_as_it_is(project, l10n, locale):
    configure = project / "pyproject.toml"
    configure.write_text(configure.read_text().replace('["es", "pt_BR"]', f'["{locale}"]'))
    l10n(project, "build")
    path = po_path(project, locale)
    for value in (WEBLATE[locale], CLDR[locale]):
        po = read(path)
        po.metadata["Plural-Forms"] = value
        path.write_text(dump_po(po), encoding="utf-8")
        assert l10n(project, "update").code == 0
        assert read(path).metadata["Plural-Forms"] == value


def test_update_replaces_a_wrong_formula_and_never_remaps_forms_silently():
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="one dose", msgid_plural="%d doses"))
    po = polib.POFile()
    po.metadata = header("ar", OLD_BABEL_AR) | {"Language": "es", "Content-Type": "text/plain"}
    po.append(polib.POEntry(msgid="one dose", msgid_plural="%d doses",
                            msgstr_plural={i: f"form {i}" for i in range(6)}))  # fmt: skip
    merged = merge(po, pot, locale="ar")
    assert merged.metadata["Language"] == "ar"
    assert merged.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert merged.metadata["Plural-Forms"] == plurals.conventional("ar")
    (entry,) = merged
    assert entry.msgstr_plural == {i: f"form {i}" for i in range(6)}  # not reordered
    assert "fuzzy" in entry.flags
    assert f'plural forms changed from "{OLD_BABEL_AR}": check each msgstr[]' in entry.tcomment


def test_a_change_of_nplurals_drops_no_plural_translation():
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="one dose", msgid_plural="%d doses"))
    pot.append(polib.POEntry(msgid="one day", msgid_plural="%d days"))
    po = polib.POFile()
    po.metadata = header("es", "nplurals=4; plural=n%4;")
    po.append(polib.POEntry(msgid="one dose", msgid_plural="%d doses",
                            msgstr_plural={0: "una dosis", 1: "%d dosis", 2: "%d dosis!", 3: ""}))
    po.append(polib.POEntry(msgid="one day", msgid_plural="%d days", msgstr_plural={0: "", 1: ""}))
    merged = merge(po, pot, locale="es")  # fmt: skip
    assert merged.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    dose, day = merged
    assert dose.msgstr_plural == {0: "una dosis", 1: "%d dosis"}
    assert "previous msgstr[2]: %d dosis!" in dose.tcomment and "fuzzy" in dose.flags
    assert day.msgstr_plural == {0: "", 1: ""} and "fuzzy" not in day.flags
    text = dump_po(merged)
    assert "%d dosis!" in text
    if shutil.which("msgfmt"):
        done = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", "-"],
            check=False, input=text.encode(), capture_output=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr


def test_a_missing_plural_forms_with_three_forms_gets_the_cldr_rule_that_has_three():
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="one dose", msgid_plural="%d doses"))
    po = polib.POFile()
    po.metadata = header("es", "nplurals=3; plural=n%3;")
    po.append(polib.POEntry(msgid="one dose", msgid_plural="%d doses",
                            msgstr_plural={0: "a", 1: "b", 2: "c"}))  # fmt: skip
    merged = merge(po, pot, locale="es")
    assert merged.metadata["Plural-Forms"] == plurals.rules("es")[1].value
    assert merged[0].msgstr_plural == {0: "a", 1: "b", 2: "c"}
