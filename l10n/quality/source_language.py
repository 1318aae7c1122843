"""Text left in the source language inside a translation (pure, apart from a cached model).

Rules:
- Each sentence of the translation is judged on its own (``l10n.quality.sentences``), with
  numbers, code, URLs, link targets, HTML and do-not-translate terms masked out by the
  caller (``EntryContext``), and names left out: a capitalized word that does not start
  the sentence, and any word in capitals.
- A sentence is judged only when at least 4 words remain, and (for an English source)
  when one of them is an English function word that the target language does not also
  use ("the", "and", "of", "you", "with" ...). Units made only of names, terms, numbers
  or code are therefore never judged.
- A judged sentence is left in the source language when py3langid, restricted to the
  source and the target language, gives the source language a probability of at least
  0.9. The model ships in py3langid's wheel and runs offline; it is loaded on the first
  sentence that needs it, once per process.
- Not judged: an edition in a variant of the source language (``en_GB`` for an ``en``
  source may equal its source), a target language py3langid does not know, and a
  translation identical to its source (the ``untranslated`` check's business: a page
  shows the English then, as it does for any untranslated unit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from l10n.quality.sentences import language_of, split

__all__ = ["MIN_WORDS", "THRESHOLD", "left_in_source", "may_hold_source"]

MIN_WORDS = 4
THRESHOLD = 0.9

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# English words that mark English prose, less the ones a target language also writes.
_FUNCTION_WORDS = {
    "en": frozenset(
        [
            "about", "after", "also", "and", "any", "are", "be", "been", "before",
            "being", "by", "can", "could", "did", "do", "does", "each", "for",
            "from", "had", "has", "have", "he", "her", "here", "his", "if", "into",
            "is", "it", "its", "may", "might", "more", "most", "must", "not", "of",
            "only", "or", "our", "she", "should", "some", "such", "than", "that",
            "the", "their", "them", "then", "there", "these", "they", "this",
            "those", "to", "very", "was", "we", "were", "what", "when", "which",
            "who", "will", "with", "would", "you", "your"
        ]
    ),
}
_SHARED = {  # words of the source list that are words of the target language too
    "de": {"was", "will", "so", "man", "also", "here"},
    "fr": {"on", "or", "plus"},
    "it": {"be"},
    "pt": {"do", "as", "for"},
    "es": set(),
    "nl": {"was", "had", "is", "be"},
}


def _function_words(source: str, target: str) -> frozenset[str] | None:
    words = _FUNCTION_WORDS.get(source)
    if words is None:
        return None
    return words - _SHARED.get(target, set())


@lru_cache(maxsize=16)
def _markers(source: str, target: str) -> re.Pattern[str] | None:
    """A pattern finding the source's function words (lowercased text), or None."""
    words = _function_words(source, target)
    if words is None:
        return None
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    body = "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in sorted(groups.items()))
    # a leading class lets the search skip every position no marker starts at
    return re.compile(f"(?=[{''.join(sorted(groups))}])\\b(?:{body})\\b")


def _judged_words(sentence: str) -> list[str]:
    """The words of a sentence that are not names (capitalized inside, or in capitals)."""
    words = []
    for i, m in enumerate(_WORD.finditer(sentence)):
        word = m.group(0)
        if word.isupper() and len(word) > 1:
            continue
        if i and word[0].isupper():
            continue
        words.append(word)
    return words


@lru_cache(maxsize=1)
def _model() -> tuple[Any, ...]:
    """py3langid's model, read from its wheel once per process."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE  # type: ignore[import-untyped]
    from py3langid.modelio import load_model  # type: ignore[import-untyped]

    return tuple(load_model(MODEL_DIR / MODEL_FILE))


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, str]) -> Any | None:
    """An identifier restricted to ``languages``; None when one is unknown to the model."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    ptc, pc, classes, nextmove, row, output = _model()
    if not set(languages) <= set(classes):
        return None
    identifier = LanguageIdentifier(
        np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
    )
    identifier.set_languages(list(languages))
    return identifier


@lru_cache(maxsize=4096)
def _is_source(text: str, languages: tuple[str, str]) -> bool:
    identifier = _identifier(languages)
    if identifier is None:
        return False
    language, probability = identifier.classify(text)
    return bool(language == languages[0] and probability >= THRESHOLD)


def may_hold_source(
    source: str, translation: str, locale: str, source_locale: str = "en"
) -> bool:
    """Whether ``translation`` can hold a sentence to judge: a quick test, one search."""
    src, tgt = language_of(source_locale), language_of(locale)
    if src == tgt or translation.strip() == source.strip():
        return False
    quick = _markers(src, tgt)
    return quick is None or quick.search(translation.lower()) is not None


def left_in_source(
    source: str,
    translation: str,
    locale: str,
    source_locale: str = "en",
    masked: str | None = None,
) -> Iterator[str]:
    """The sentences of ``translation`` written in the source language, as they read.

    ``masked`` is ``translation`` with numbers, terms, code and links blanked out with
    NUL characters (the same length); without it nothing is masked.
    """
    if not may_hold_source(source, translation, locale, source_locale):
        return
    if masked is None or len(masked) != len(translation):
        masked = translation
    src, tgt = language_of(source_locale), language_of(locale)
    markers = _function_words(src, tgt)
    for offset, sentence in split(masked):
        words = _judged_words(sentence.replace("\x00", " "))
        if len(words) < MIN_WORDS:
            continue
        if markers is not None and not any(w.lower() in markers for w in words):
            continue
        if _is_source(" ".join(words), (src, tgt)):
            yield " ".join(translation[offset : offset + len(sentence)].split())

