"""Reading level of a text, by a formula made for its language (pure).

Rules:
- English: Flesch reading ease. Spanish: Fernández Huerta. Portuguese (pt_BR, pt):
  the Brazilian adaptation of Flesch (Martins et al., 1996),
  ``248.835 - 1.015 * words/sentence - 84.6 * syllables/word``. All three are on
  Flesch's 0-100 scale, higher is easier, so a translation can be compared with its source.
- Scores are textstat 0.7.4's to the last bit of the float (the tests compare them with
  it), but the words, sentences and syllables are counted here, once per text, by
  textstat's rules; syllables by Pyphen's patterns for the language (en_US, es, pt_BR).
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

MIN_WORDS = 20
NO_FORMULA = "no formula"

_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`#>|]|<[^>]+>")
_MARKUP_SIGN = re.compile(r"[\[*_`#>|<]")  # every ``_MARKUP`` match holds one of these


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


# textstat's punctuation (textstat 0.7.4 with its default ``rm_apostrophe``, the same for
# every language): every character that is neither a word character nor white space,
# apostrophes and hyphens included, so "don't" is one word and "N-metil" another.
_PUNCTUATION = re.compile(r"[^\w\s]")
# textstat's sentences: from a word boundary, a run up to the next ., ! or ? and that run
# of marks ("3.5" is two of them). Only those of three words or more count.
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# A run of text holding at least three words. A word is a white-space separated token
# with a word character (what is left of it once punctuation is removed); tokens of
# punctuation alone ("-", "…") are not words. Tokens are taken whole (possessive
# quantifiers): no backtracking, whatever the text.
_THREE_WORDS = re.compile(
    r"""\s*+ (?: [^\s\w]++ \s++ )*+        # tokens of punctuation alone
    (?: [^\s\w]*+ \w \S*+ \s++ (?: [^\s\w]++ \s++ )*+ ){2}  # two words, and those after each
    [^\s\w]*+ \w                         # the start of a third""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Counts:
    words: int
    sentences: int
    syllables: int


class _Syllables:
    """Syllables of a lower-case word by Pyphen's patterns for a language: its
    hyphenation points plus one, computed once per word (words recur)."""

    def __init__(self, lang: str) -> None:
        from pyphen import Pyphen

        self.positions = Pyphen(lang=lang).positions
        self.count = lru_cache(maxsize=1 << 14)(self._count)

    def _count(self, word: str) -> int:
        return len(self.positions(word)) + 1


@lru_cache(maxsize=8)
def _syllables(lang: str) -> _Syllables:
    return _Syllables(lang)


def _counts(text: str, lang: str) -> _Counts:
    """textstat 0.7.4's counts, in one pass over the text and one over its sentences.

    Words: white-space separated tokens once punctuation is removed. Syllables: those of
    the same words in the lower-cased text (lower-casing never adds or removes white
    space or word characters, so the words are the same in number). Sentences: the
    ``_SENTENCE`` runs of three words or more, at least one.
    """
    lowered = _PUNCTUATION.sub("", text.lower()).split()
    sentences = [run for run in _SENTENCE.findall(text) if _THREE_WORDS.match(run)]
    syllables = sum(map(_syllables(lang).count, lowered))
    return _Counts(len(lowered), max(1, len(sentences)), syllables)


def plain(text: str) -> str:
    """Markdown text as a reader reads it: link text kept, targets and markup left out."""
    if _MARKUP_SIGN.search(text):  # most units have no markup: skip the slower scan
        text = _MARKUP.sub(lambda m: m.group(1) or " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=4096)  # a source is counted once for all its locales
def words(text: str) -> int:
    return len(plain(text).split())


@lru_cache(maxsize=4096)  # a source is scored once for all its locales
def score(text: str, locale: str) -> Score | None:
    """The text's reading ease for its language; None where the language has no formula."""
    name = formula(locale)
    text = plain(text)
    if name == NO_FORMULA or not text:
        return None
    language = locale.split("_")[0]
    # textstat's order of operations, so the floats are its own to the last bit
    if language == "en":
        c = _counts(text, "en_US")
        return Score(name, 206.835 - 1.015 * (c.words / c.sentences) - 84.6 * _per_word(c))
    if language == "es":
        c = _counts(text, "es")
        return Score(name, 206.84 - 60 * _per_word(c) - 1.02 * (c.words / c.sentences))
    c = _counts(text, "pt_BR")
    count = max(1, c.words)
    return Score(name, 248.835 - 1.015 * count / c.sentences - 84.6 * c.syllables / count)


def _per_word(c: _Counts) -> float:
    """Syllables per word; 0.0 for a text without words (textstat's rule)."""
    return c.syllables / c.words if c.words else 0.0


def describe(found: Score | None) -> str:
    return NO_FORMULA if found is None else f"{found.formula} {found.value:.0f}"


def harder(source: Score | None, target: Score | None, margin: float) -> bool:
    """Whether the translation reads more than ``margin`` points harder than its source."""
    return source is not None and target is not None and target.value < source.value - margin
