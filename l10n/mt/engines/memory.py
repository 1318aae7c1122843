"""Translation memory over the reviewed entries of a locale's catalogs.

Rules:
- Only reviewed text counts: a msgstr that is not empty, not fuzzy and not plural.
  Obsolete entries count too (a reviewed paragraph that moved to another article is
  still a reviewed translation of that text); on a tie, active entries come first. When one source text has several reviewed translations, the most
  frequent wins, then the first in catalog order (catalogs come sorted by name).
- Matching runs at the paragraph level (the whole msgid) and at the sentence level:
  a reviewed paragraph whose source and translation have the same number of
  sentences lends each sentence, so text shared between articles sentence by
  sentence is translated once.
- An exact match is 100 %. A close match (difflib ratio >= 0.75) is offered only by
  the ``memory`` engine, with its similarity, and only if it protects the same
  numbers, links, code and terms and has as many negations (not, no, never, ...)
  as the text: a close match must never change a dose or drop a "not".
- A paragraph made of matched sentences reports its weakest sentence's similarity.
- Imported memories (``l10n tmx import``) add pairs for source texts the catalogs do
  not translate; a match from one names it (``origin``), for the draft's comment.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from l10n.errors import EngineError
from l10n.mt.engines import EngineStats
from l10n.mt.masking import mask, sentence_spans, split_sentences

THRESHOLD = 0.75
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|without|cannot)\b|n't\b", re.IGNORECASE)


@dataclass(frozen=True)
class MemoryMatch:
    """A translation found in memory."""

    translation: str
    similarity: int  # percent, 100 for exact
    level: str  # "paragraph" or "sentence"
    origin: str = ""  # the imported memory it came from; "" for the catalogs


def _signature(text: str) -> tuple[tuple[str, ...], int]:
    protected = tuple(sorted(m.original for m in mask(text).masks if m.kind != "emphasis"))
    return protected, len(_NEGATION.findall(text))


class _Index:
    def __init__(self, pairs: Iterable[tuple[str, str]], origins: Iterable[tuple[str, str, str]] = ()):
        votes: dict[str, Counter[str]] = {}
        order: dict[str, list[str]] = {}
        for source, target in pairs:
            votes.setdefault(source, Counter())[target] += 1
            order.setdefault(source, [])
            if target not in order[source]:
                order[source].append(target)
        self.exact: dict[str, str] = {}
        for source, counter in votes.items():
            best = max(counter.values())
            self.exact[source] = next(t for t in order[source] if counter[t] == best)
        self.origin: dict[str, str] = {}
        for source, target, origin in origins:  # imported: only what the catalogs lack
            if source not in votes:
                self.exact.setdefault(source, target)
                self.origin.setdefault(source, origin)
        self.sources = sorted(self.exact)
        self._signatures: dict[str, tuple[tuple[str, ...], int]] = {}

    def signature(self, text: str) -> tuple[tuple[str, ...], int]:
        if text not in self._signatures:
            self._signatures[text] = _signature(text)
        return self._signatures[text]

    def close(self, text: str) -> tuple[str, float] | None:
        """The best close match at or above the threshold, with its ratio."""
        if not self.sources:
            return None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(text)
        best: tuple[float, str] | None = None
        wanted = self.signature(text)
        for candidate in self.sources:
            total = len(candidate) + len(text)
            if not total or 2 * min(len(candidate), len(text)) / total < THRESHOLD:
                continue
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
                continue
            ratio = matcher.ratio()
            if ratio < THRESHOLD or (best is not None and ratio <= best[0]):
                continue
            if self.signature(candidate) != wanted:
                continue
            best = (ratio, candidate)
        return (best[1], best[0]) if best else None


class TranslationMemory:
    """Reviewed (source, translation) pairs, searchable by paragraph and by sentence."""

    def __init__(
        self,
        pairs: Iterable[tuple[str, str]],
        terms: Iterable[str] = (),
        imported: Iterable[tuple[str, str, str]] = (),
    ):
        """``pairs`` from the catalogs; ``imported`` (source, target, origin) from memories."""
        pairs = list(pairs)
        self.terms = tuple(terms)
        self.paragraphs = _Index(pairs, imported)

    @functools.cached_property
    def sentences(self) -> _Index:
        """Sentences of the paragraphs, built on first use (splitting costs)."""
        sentence_pairs: list[tuple[str, str]] = []
        sentence_origins: list[tuple[str, str, str]] = []

        def lend(source: str, found: list[tuple[str, str]]) -> None:
            origin = self.paragraphs.origin.get(source)
            if origin is None:
                sentence_pairs.extend(found)
            else:
                sentence_origins.extend((s, t, origin) for s, t in found)

        single = []
        for source, target in self.paragraphs.exact.items():
            src = split_sentences(source, self.terms)
            if len(src) == 1:
                single.append((source, target))
                continue
            tgt = split_sentences(target, self.terms)
            if len(src) == len(tgt) and len(src) > 1:
                lend(source, list(zip(src, tgt, strict=True)))
        for source, target in single:  # one-sentence paragraphs too, after the others
            lend(source, [(source.strip(), target.strip())])
        return _Index(sentence_pairs, sentence_origins)

    @classmethod
    def from_catalogs(
        cls,
        catalogs: Iterable[object],
        terms: Iterable[str] = (),
        imported: Iterable[tuple[str, str, str]] = (),
    ) -> TranslationMemory:
        """Reviewed entries of polib catalogs (never one signed before its source changed:
        its translation belongs to another text)."""
        from l10n.quality.safety import State, state

        active: list[tuple[str, str]] = []
        retired: list[tuple[str, str]] = []
        for po in catalogs:
            for entry in po:  # type: ignore[attr-defined]
                if (
                    entry.msgid
                    and entry.msgstr
                    and not entry.msgid_plural
                    and "fuzzy" not in entry.flags
                    and state(entry) is not State.STALE
                ):
                    (retired if entry.obsolete else active).append((entry.msgid, entry.msgstr))
        return cls(active + retired, terms, imported)

    def __len__(self) -> int:
        return len(self.paragraphs.exact)

    def sentence(self, text: str) -> str | None:
        """The reviewed translation of one sentence in the catalogs, if there is one."""
        if text in self.sentences.origin:
            return None
        return self.sentences.exact.get(text)

    def exact(self, text: str) -> MemoryMatch | None:
        found = self.paragraphs.exact.get(text)
        if found is None:
            return None
        return MemoryMatch(found, 100, "paragraph", self.paragraphs.origin.get(text, ""))

    def lookup(self, text: str, fuzzy: bool = True) -> MemoryMatch | None:
        """Best match for a whole segment: paragraph first, then sentence by sentence."""
        if not self.paragraphs.exact:
            return None
        hit = self.exact(text)
        if hit is not None:
            return hit
        best: MemoryMatch | None = None
        if fuzzy:
            close = self.paragraphs.close(text)
            if close is not None:
                best = MemoryMatch(
                    self.paragraphs.exact[close[0]], _percent(close[1]), "paragraph",
                    self.paragraphs.origin.get(close[0], ""),
                )
        spans = sentence_spans(text, self.terms)
        if not spans:
            return best
        parts: list[str] = []
        weakest = 100
        origin = ""
        for before, sentence in spans:
            found = self.sentences.exact.get(sentence)
            similarity = 100
            key = sentence
            if found is None and fuzzy:
                close = self.sentences.close(sentence)
                if close is not None:
                    key = close[0]
                    found, similarity = self.sentences.exact[key], _percent(close[1])
            if found is None:
                return best
            origin = origin or self.sentences.origin.get(key, "")
            parts.append(before + found)
            weakest = min(weakest, similarity)
        if len(spans) > 1 or weakest < 100:
            trail = text[len(text.rstrip()) :]
            candidate = MemoryMatch("".join(parts) + trail, weakest, "sentence", origin)
            if best is None or candidate.similarity > best.similarity:
                return candidate
        return best


def _percent(ratio: float) -> int:
    """A ratio as a whole percent, never rounded up to a false 100."""
    return min(99, int(ratio * 100))


class MemoryEngine:
    """The ``memory`` engine: drafts only from the translation memory."""

    name = "memory"
    remote = False
    max_chars = 1_000_000
    batch_texts = 8
    sentence_units = False

    def __init__(self, memory: TranslationMemory):
        self.memory = memory
        self.stats = EngineStats()

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        out: list[str] = []
        for text in texts:
            hit = self.memory.lookup(text)
            if hit is None:
                raise EngineError("memory: no match in the translation memory")
            out.append(hit.translation)
        return out
