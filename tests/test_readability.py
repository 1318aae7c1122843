"""Reading ease: the scores ``l10n check`` and the report compare are textstat 0.7.4's.

``readability`` counts words, sentences and syllables itself; for any text (random
words with accents, digits, punctuation, apostrophes, runs of white space, Markdown
markup, cased letters outside Latin) and for every unit of the repository's own
catalogs, its score is the very float textstat's formula gives (compared with ``==``).
"""

from __future__ import annotations

import re
import sys
import warnings
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.quality.readability import NO_FORMULA, formula, plain, score, words

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["en", "es", "pt_BR"]


@cache
def textstat(lang: str) -> Any:
    """textstat 0.7.4, unrounded, for a Pyphen language (the readability module's former
    engine: its results are what ``score`` must keep giving)."""
    with warnings.catch_warnings():  # textstat 0.7.4 imports the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(lang)
    stats.set_rounding(False)
    return stats


# What a reader reads of Markdown (link text kept; targets, emphasis, code marks, heading
# and quote marks, table pipes and HTML tags left out), as l10n has always taken it.
MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`#>|]|<[^>]+>")


def read(text: str) -> str:
    return " ".join(MARKUP.sub(lambda m: m.group(1) or " ", text).split())


def by_textstat(text: str, locale: str) -> float | None:
    """The score as textstat computes it, for the text a reader reads."""
    text = read(text)
    if formula(locale) == NO_FORMULA or not text:
        return None
    language = locale.split("_")[0]
    if language == "en":
        return float(textstat("en_US").flesch_reading_ease(text))
    if language == "es":
        return float(textstat("es").fernandez_huerta(text))
    stats = textstat("pt_BR")  # textstat has no Brazilian formula: Martins et al. on its counts
    count = max(1, int(stats.lexicon_count(text)))
    sentences = max(1, int(stats.sentence_count(text)))
    syllables = int(stats.syllable_count(text))
    return 248.835 - 1.015 * count / sentences - 84.6 * syllables / count


def value(text: str, locale: str) -> float | None:
    found = score(text, locale)
    return None if found is None else found.value


# --- any text ---------------------------------------------------------------------------

LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "áéíóúüñçãõâêôàèìòùÁÉÍÓÚÜÑÇÃÕÂÊÔßİıΣσςΑΩﬁ"  # letters that change under lower-casing
    "\u0301_"  # a combining accent, the underscore (a word character)
)
DIGITS = "0123456789"
MARKS = ".,;:!?'\"-()…’“”«»¿¡—/%&+=*"
word = st.text(st.sampled_from(LETTERS + DIGITS + "''-’"), min_size=1, max_size=14)
piece = st.one_of(
    word,
    word,
    word,
    st.text(st.sampled_from(LETTERS + DIGITS + MARKS), min_size=1, max_size=6),
    st.sampled_from(list(MARKS) + ["...", "?!", "!!", "3.5", "N-metil-D-aspartato"]),
    word.map(lambda w: f"{w}."),
    word.map(lambda w: f"({w})"),
    word.map(lambda w: f"'{w}'"),
    word.map(lambda w: f"**{w}**"),
    word.map(lambda w: f"_{w}_"),
    word.map(lambda w: f"`{w}`"),
    word.map(lambda w: f"[{w}](https://example.org/{w}.html)"),
    word.map(lambda w: f"![{w}](img/{w}.png)"),
    word.map(lambda w: f"<b>{w}</b>"),
    st.sampled_from(["# ", "> ", "| ", "- ", "1. ", "<br>"]),
)
space = st.sampled_from([" ", " ", " ", "  ", "   ", "\n", "\n\n", "\t", " \n ", "\u00a0"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(piece, max_size=40))
    gaps = draw(st.lists(space, min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + g for p, g in zip(pieces, gaps))


@given(texts(), st.sampled_from(LOCALES))
@settings(max_examples=1000, deadline=None)
@example("...", "en")  # no word at all
@example("#Heading", "en")
@example("Hello!", "en")
@example("— « » …", "es")
@example("Hola. Sí. No.", "es")  # every sentence too short to count
@example("Dose: 3.5 mg. Don't drive; see [the guide](https://x.org/a.b) now!", "en")
@example("ΑΣ-Α İSTANBUL ﬁnal ΟΔΟΣ. Ça va, Ñandú? Sí, señor: muy bien.", "es")
@example("Não dirija depois da infusão...   O paciente\n\ndeve  tomar o remédio.", "pt_BR")
def test_any_text_scores_exactly_as_textstat(text: str, locale: str) -> None:
    assert plain(text) == read(text) and words(text) == len(read(text).split())
    assert value(text, locale) == by_textstat(text, locale)


def test_every_letter_that_changes_case_scores_as_textstat() -> None:
    """Each code point whose lower case differs, alone, inside a word and after a mark."""
    changing = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).lower() != chr(c)]
    assert len(changing) > 1000
    for start in range(0, len(changing), 100):
        chunk = changing[start:start + 100]
        text = " ".join(f"{c} la{c}ta -{c}. {c}{c}a" for c in chunk)
        for locale in LOCALES:
            assert value(text, locale) == by_textstat(text, locale), (locale, chunk)


def test_every_length_up_to_160_words_in_up_to_7_sentences_scores_as_textstat() -> None:
    """Where float rounding depends on the order of operations (77 words in 3 sentences
    for Flesch, 29 in 3 for Fernández Huerta, 53 in 1 for the Brazilian formula)."""
    words = ["sol", "mar", "paz", "luz", "pan"]
    for count in range(20, 161):
        for sentences in range(1, 8):
            cut = [round(count * i / sentences) for i in range(sentences + 1)]
            text = " ".join(
                " ".join(words[i % 5] for i in range(a, b)).capitalize() + "."
                for a, b in pairwise(cut)
            )
            for locale in LOCALES:
                assert value(text, locale) == by_textstat(text, locale), (locale, text)


# --- the repository's catalogs -----------------------------------------------------------

CATALOGS = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize(
    "path", [p for p in CATALOGS if p.parts[-3] in ("es", "pt_BR")],
    ids=lambda p: f"{p.parts[-3]}-{p.stem}",
)
def test_each_unit_of_a_real_catalog_scores_as_textstat(path: Path) -> None:
    locale = path.parts[-3]
    entries = [e for e in polib.pofile(str(path)) if e.msgid and e.msgstr]
    assert len(entries) >= 5
    for entry in entries:
        assert value(entry.msgid, "en") == by_textstat(entry.msgid, "en"), entry.msgid
        assert value(entry.msgstr, locale) == by_textstat(entry.msgstr, locale), entry.msgstr
    page = "\n\n".join(e.msgstr for e in entries)  # the report scores whole pages too
    assert value(page, locale) == by_textstat(page, locale)


# --- formulas -------------------------------------------------------------------------------


def test_brazilian_portuguese_uses_its_own_flesch_adaptation() -> None:
    text = "O paciente deve tomar o remédio duas vezes ao dia. Não dirija depois da infusão."
    found = score(text, "pt_BR")
    assert found is not None and found.formula == "Flesch (Brazilian Portuguese)"
    # 15 words, 2 sentences; syllables from Pyphen's pt_BR patterns
    syllables = textstat("pt_BR").syllable_count(text)
    assert found.value == pytest.approx(248.835 - 1.015 * 15 / 2 - 84.6 * syllables / 15)
    assert score(text, "ar") is None and score(text, "fr") is None


def test_languages_have_their_own_formulas() -> None:
    text = "The patient should take the medicine twice a day. Do not drive after the infusion."
    en, es = score(text, "en"), score(text, "es")
    assert en is not None and en.formula == "Flesch"
    assert es is not None and es.formula == "Fernández Huerta" and es.value != en.value
    assert score("**`#`**", "en") is None  # nothing a reader reads
