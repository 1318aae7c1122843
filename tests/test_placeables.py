"""Placeables: spans a translation must keep, numbers read the locale's way."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.errors import UsageError
from l10n.quality.placeables import (
    KINDS,
    Placeable,
    find_placeables,
    link_destination,
    parse_number,
    read_number,
)


def spans(text: str, locale: str = "en", terms: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in find_placeables(text, locale, terms)]


def numbers(text: str, locale: str = "en") -> list[str]:
    return [p.value for p in find_placeables(text, locale) if p.kind == "number"]


def test_the_example_msgid() -> None:
    text = (
        'Ketamine binds to **NMDA** receptors, see [the study](https://ex.org/a "Title") '
        "and ``code``. Take 2.5 mg, 70% to 85% respond."
    )
    found = find_placeables(text, "en", ["NMDA"])
    assert [(p.kind, p.text, p.value) for p in found] == [
        ("term", "NMDA", "NMDA"),
        ("link_target", '(https://ex.org/a "Title")', '(https://ex.org/a "Title")'),
        ("code", "``code``", "``code``"),
        ("number", "2.5 mg", "2.5 mg"),
        ("number", "70%", "70 %"),
        ("number", "85%", "85 %"),
    ]
    for p in found:
        assert text[p.start : p.end] == p.text
        assert p.kind in KINDS


# --- code, links, HTML, URLs, e-mail ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("use `x` now", "`x`"),
        ("use ``a ` b`` now", "``a ` b``"),
        ("use ```a `` b``` now", "```a `` b```"),
        ("use `` unclosed and `y`", "`y`"),
    ],
)
def test_code_spans_of_any_backtick_length(text: str, code: str) -> None:
    assert [t for k, t in spans(text) if k == "code"] == [code]


def test_numbers_inside_code_urls_and_link_targets_are_not_numbers() -> None:
    text = (
        'Run `sleep 5`, see [2 studies](https://ex.org/2020/a?x=3 "Part 4") or https://ex.org/7.'
    )
    found = spans(text)
    assert ("number", "2") in found  # the link text is translatable
    assert [k for k, _ in found] == ["code", "number", "link_target", "url"]
    assert ("url", "https://ex.org/7") in found  # the final dot is punctuation


def test_images_links_and_autolinks() -> None:
    text = "![Scan 1](img/a.png \"A\") [x [y]](<u v>) <https://ex.org> <a@b.org> [ref](#top)"
    assert spans(text) == [
        ("number", "1"),
        ("image", '(img/a.png "A")'),
        ("link_target", "(<u v>)"),
        ("link_target", "<https://ex.org>"),
        ("link_target", "<a@b.org>"),
        ("link_target", "(#top)"),
    ]


def test_link_in_image_and_nested_brackets() -> None:
    text = "[![logo](logo.png)](https://ex.org)"
    assert spans(text) == [("image", "(logo.png)"), ("link_target", "(https://ex.org)")]


def test_html_tags_and_comments() -> None:
    text = 'a<br>b <span class="x">c</span> <!-- note 5 --> <img src="a.png"/>'
    assert [k for k, _ in spans(text)] == ["html_tag"] * 5


def test_bare_urls_trim_punctuation_and_unbalanced_brackets() -> None:
    assert spans("(see https://ex.org/a_(b)).") == [("url", "https://ex.org/a_(b)")]
    assert spans("**https://ex.org/x**, www.ex.org/y; done") == [
        ("url", "https://ex.org/x"),
        ("url", "www.ex.org/y"),
    ]


def test_emails() -> None:
    assert spans("Write to info@clinic.example, or mailto:a.b@c.org.") == [
        ("email", "info@clinic.example"),
        ("email", "mailto:a.b@c.org"),
    ]


def test_link_destination() -> None:
    found = find_placeables('[a](https://ex.org/a "T") [b](<x y>) <https://u.org> mailto:a@b.org')
    assert [link_destination(p) for p in found] == [
        "https://ex.org/a",
        "x y",
        "https://u.org",
        "a@b.org",
    ]


def test_terms_are_case_sensitive_on_word_boundaries() -> None:
    terms = ("NMDA", "Ketamine Infusion Centers")
    text = "NMDA, nmda, NMDAR, anti-NMDA, call Ketamine Infusion Centers."
    assert [t for k, t in spans(text, terms=terms) if k == "term"] == [
        "NMDA",
        "NMDA",
        "Ketamine Infusion Centers",
    ]


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "text", "values"),
    [
        ("en", "2.5 mg and 1,000 patients and 1,234,567.89", ["2.5 mg", "1000", "1234567.89"]),
        ("es", "2,5 mg y 1.000 pacientes y 1000 más", ["2.5 mg", "1000", "1000"]),
        ("es_MX", "2.5 mg y 1,000 pacientes", ["2.5 mg", "1000"]),
        ("pt_BR", "0,5 mg/kg em 1.500 pacientes", ["0.5 mg/kg", "1500"]),
        (
            "fr",
            "2,5 mg, 10\u202f000 et 10\u00a0000 et 10 000 patients",
            ["2.5 mg", "10000", "10000", "10000"],
        ),
        ("de", "1.234,5 ml in 12 Stunden", ["1234.5 ml", "12 h"]),
        ("ar", "٢٫٥ ملغ و ٧٠٪ من ١٠٬٠٠٠", ["2.5 mg", "70 %", "10000"]),
        ("ar", "2.5 ملغ و 1,000", ["2.5 mg", "1000"]),
        ("hi", "12,34,567.5", ["1234567.5"]),
    ],
)
def test_numbers_in_locale_notation(locale: str, text: str, values: list[str]) -> None:
    found = [p for p in find_placeables(text, locale) if p.kind == "number"]
    assert [p.value for p in found] == values
    assert all(p.native for p in found)


@pytest.mark.parametrize(
    ("locale", "text", "value", "native"),
    [
        ("es", "2.5 mg", "2.5 mg", False),  # English notation left in Spanish
        ("es", "1,000", "1", True),  # a valid Spanish number: one, not a thousand
        ("es", "1.5", "1.5", False),
        ("pt_BR", "0.5 mg", "0.5 mg", False),
        ("en", "2,5 mg", "2.5 mg", False),
        ("es_MX", "2,5 mg", "2.5 mg", False),
        ("en", ".5 mg", "0.5 mg", True),
        ("es", ".5 mg", "0.5 mg", False),
    ],
)
def test_numbers_written_another_way(locale: str, text: str, value: str, native: bool) -> None:
    [p] = find_placeables(text, locale)
    assert (p.kind, p.text, p.value, p.native) == ("number", text, value, native)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("70%", "70 %"),
        ("70%", "70\u00a0%"),
        ("70%", "70\u202f%"),
        ("70%", "70 percent"),
        ("70%", "70 por ciento"),
        ("70%", "٧٠٪"),
        ("50 mcg", "50 µg"),
        ("50 mcg", "50 μg"),
        ("50 mcg", "50 micrograms"),
        ("5 mg", "5mg"),
        ("5 mg", "5 miligramos"),
        ("2 ml", "2 mL"),
        ("24 hours", "24 horas"),
        ("24 hours", "24-hour"),
        ("24 hours", "24 h"),
        ("40 minutes", "40 minutos"),
        ("40 minutes", "40 Minuten"),
        ("0.5 mg/kg/h", "0.5 mg/kg/hr"),
    ],
)
def test_same_unit(a: str, b: str) -> None:
    assert numbers(a) == numbers(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("5 mg", "5 mcg"),
        ("5 mg", "5 g"),
        ("5 mg", "5 mg/kg"),
        ("7 days", "7 weeks"),
        ("5 ml", "5 l"),
    ],
)
def test_different_unit(a: str, b: str) -> None:
    assert numbers(a) != numbers(b)


def test_ranges_are_two_numbers_and_share_a_trailing_unit() -> None:
    assert numbers("70% to 85%") == ["70 %", "85 %"]
    assert numbers("70 to 85%") == ["70 %", "85 %"]
    assert numbers("5-10 mg") == ["5 mg", "10 mg"]
    assert numbers("entre 5 y 10 mg", "es") == ["5 mg", "10 mg"]
    assert numbers("de 70 % a 85 %", "es") == ["70 %", "85 %"]
    assert numbers("5 patients and 10 mg") == ["5", "10 mg"]


def test_years_ordinals_dates() -> None:
    assert numbers("April 14th, 2020, the 1st and 2nd") == ["14", "2020", "1", "2"]
    assert numbers("el 1.º y la 2.ª, 3er", "es") == ["1", "2", "3"]
    assert numbers("2020-04-22 12:04:34") == ["2020", "4", "22", "12", "4", "34"]
    assert numbers("22.04.2020", "de") == ["22", "4", "2020"]
    assert numbers("the 1990s") == ["1990"]


def test_scale_words() -> None:
    assert numbers("100 billion") == ["100000000000"]
    assert numbers("100 mil millones", "es") == ["100000000000"]
    assert numbers("100.000 millones", "es") == ["100000000000"]
    assert numbers("100 bilhões", "pt_BR") == ["100000000000"]
    assert numbers("1.5 million") == ["1500000"]
    assert numbers("2 millones de", "es") == ["2000000"]
    assert numbers("un billón", "es") == []  # spelled-out numbers are out of scope


def test_digits_glued_to_words_are_not_numbers() -> None:
    assert numbers("H2O, B12, mTOR1, v1.2") == []
    assert numbers("COVID-19") == ["19"]


def test_parse_number() -> None:
    assert parse_number("1.000", "es") == Decimal(1000)
    assert parse_number("2,5", "pt_BR") == Decimal("2.5")
    assert parse_number("1,000.5", "en") == Decimal("1000.5")
    assert parse_number("10 000", "fr") == Decimal(10000)
    assert parse_number("١٠٬٠٠٠٫٥", "ar") == Decimal("10000.5")
    assert parse_number("1,234.5", "en") == Decimal("1234.5")
    bad_numbers = [("2.5", "es"), ("1,00", "en"), ("abc", "en"), ("1.000,5", "en"), ("5 mg", "en")]
    for bad, locale in bad_numbers:
        with pytest.raises(ValueError):
            parse_number(bad, locale)
    with pytest.raises(UsageError):
        parse_number("1", "xx_NOPE")


def test_read_number() -> None:
    assert read_number("2.5", "es") == (Decimal("2.5"), False)
    assert read_number("2,5", "es") == (Decimal("2.5"), True)
    with pytest.raises(ValueError):
        read_number("22.04.2020", "de")


def test_placeable_is_frozen() -> None:
    p = Placeable("number", 0, 1, "5", "5")
    with pytest.raises(AttributeError):
        p.value = "6"  # type: ignore[misc]


_ALPHABET = st.sampled_from(
    [*"ab 1234567890.,%`*_[]()<>!@/:-\"'\n", "mg", "https://", "www.", "µg", "\u00a0", "٫", "٣"]
)


@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from(["en", "es", "fr", "ar"]))
def test_placeables_are_sorted_disjoint_and_exact(text: str, locale: str) -> None:
    found = find_placeables(text, locale, ["ab"])
    for p in found:
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start : p.end] == p.text
        assert p.kind in KINDS
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
