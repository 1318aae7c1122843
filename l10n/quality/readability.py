"""Reading level of a text, by a formula made for its language (pure).

Rules:
- English: Flesch reading ease. Spanish: Fernández Huerta. Portuguese (pt_BR, pt):
  the Brazilian adaptation of Flesch (Martins et al., 1996),
  ``248.835 - 1.015 * words/sentence - 84.6 * syllables/word``, computed here from
  textstat's counts (syllables by Pyphen's pt_BR patterns). All three are on Flesch's
  0-100 scale, higher is easier, so a translation can be compared with its source.
- Any other language has no formula: ``score`` returns None and callers say so, never
  a number from another language's formula.
- Scored: a whole page, and each unit of at least ``MIN_WORDS`` words (shorter ones
  give unstable scores). Markdown markup and link targets are left out of the text.
- A translation reads markedly harder when its score is more than ``margin`` points
  under its source's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MIN_WORDS = 20
NO_FORMULA = "no formula"

_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`#>|]|<[^>]+>")


@dataclass(frozen=True)
class Score:
    formula: str
    value: float


def formula(locale: str) -> str:
    """The name of the formula used for a locale, or "no formula"."""
    language = locale.split("_")[0]
    return {"en": "Flesch", "es": "Fernández Huerta", "pt": "Flesch (Brazilian Portuguese)"}.get(
        language, NO_FORMULA
    )


@lru_cache(maxsize=8)
def _stats(lang: str) -> Any:
    import warnings

    with warnings.catch_warnings():  # textstat 0.7.4 imports the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(lang)
    stats.set_rounding(False)
    stats.pyphen = _Hyphenation(stats.pyphen)
    return stats


class _Hyphenation:
    """Pyphen's hyphenation points of a word, computed once per word (words recur)."""

    def __init__(self, pyphen: Any) -> None:
        self.positions = lru_cache(maxsize=1 << 16)(pyphen.positions)


def plain(text: str) -> str:
    """Markdown text as a reader reads it: link text kept, targets and markup left out."""
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or " ", text).split())


def words(text: str) -> int:
    return len(plain(text).split())


@lru_cache(maxsize=1 << 14)  # a source is scored once for all its locales
def score(text: str, locale: str) -> Score | None:
    """The text's reading ease for its language; None where the language has no formula."""
    name = formula(locale)
    text = plain(text)
    if name == NO_FORMULA or not text:
        return None
    language = locale.split("_")[0]
    if language == "en":
        return Score(name, float(_stats("en_US").flesch_reading_ease(text)))
    if language == "es":
        return Score(name, float(_stats("es").fernandez_huerta(text)))
    stats = _stats("pt_BR")
    count = max(1, int(stats.lexicon_count(text)))
    sentences = max(1, int(stats.sentence_count(text)))
    syllables = int(stats.syllable_count(text))
    return Score(name, 248.835 - 1.015 * count / sentences - 84.6 * syllables / count)


def describe(found: Score | None) -> str:
    return NO_FORMULA if found is None else f"{found.formula} {found.value:.0f}"


def harder(source: Score | None, target: Score | None, margin: float) -> bool:
    """Whether the translation reads more than ``margin`` points harder than its source."""
    return source is not None and target is not None and target.value < source.value - margin
