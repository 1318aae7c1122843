"""A CAT-style word analysis of what remains to translate, with weighted words and cost.

Rules (pure):
- Segments are the entries a hand-off holds (``--needed``: missing, fuzzy, or
  changed since review), in article order, each occurrence once (an entry with two
  references is the same text twice). Words are counted as ``status`` counts them.
- Bands, first that applies: ``repetition`` (the same source text earlier in the
  batch, any article of the locale), ``exact`` (100 %: the translation memory has
  it), ``fuzzy_95`` (95-99 %), ``fuzzy_85`` (85-94 %), ``fuzzy_75`` (75-84 %), ``new``
  (no match). Matches are what ``l10n draft --engine memory`` would offer: reviewed
  catalog text and imported memories, close matches only when numbers, links, terms
  and negations agree.
- Rates (``[tool.l10n.rates]``): ``new`` is the price of a new word; each band's
  key (``repetition``, ``exact``, ``fuzzy_95``, ``fuzzy_85``, ``fuzzy_75``) is a
  fraction of it, 1.0 (the full rate) when not given; ``currency`` names the money.
  Weighted words = sum of a band's words times its fraction; cost = weighted words
  times ``new``. Without rates there is no cost, and weighted words use fraction 1.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from l10n.catalogs import words

BANDS = ("repetition", "exact", "fuzzy_95", "fuzzy_85", "fuzzy_75", "new")
LABELS = {
    "repetition": "repetitions",
    "exact": "100%",
    "fuzzy_95": "95-99%",
    "fuzzy_85": "85-94%",
    "fuzzy_75": "75-84%",
    "new": "no match",
}
RATE_KEYS = ("new", "currency", *(b for b in BANDS if b != "new"))


@dataclass(frozen=True)
class Rates:
    new: float
    fractions: Mapping[str, float]
    currency: str = ""


def parse_rates(table: Mapping[str, Any]) -> tuple[Rates | None, str | None, str | None]:
    """Rates from ``[tool.l10n.rates]``: (rates, None, None) or (None, key, what is wrong)."""
    if not table:
        return None, None, None
    for key in table:
        if key not in RATE_KEYS:
            return None, key, f"unknown rate (known: {', '.join(RATE_KEYS)})"
    currency = table.get("currency", "")
    if not isinstance(currency, str):
        return None, "currency", "must be a string, e.g. \"USD\""
    new = table.get("new")
    if new is None:
        return None, "new", "the price of a new word is required when rates are given"
    fractions: dict[str, float] = {}
    for key in RATE_KEYS:
        if key == "currency" or key not in table:
            continue
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return None, key, "must be a number, 0 or more"
        if key != "new" and value > 1:
            return None, key, "is a fraction of the new rate: from 0 to 1"
        fractions[key] = float(value)
    return Rates(fractions.pop("new"), fractions, currency), None, None


@dataclass
class Count:
    segments: int = 0
    words: int = 0

    def add(self, other: Count) -> None:
        self.segments += other.segments
        self.words += other.words


def _bands() -> dict[str, Count]:
    return {band: Count() for band in BANDS}


@dataclass
class ArticleAnalysis:
    slug: str
    bands: dict[str, Count] = field(default_factory=_bands)


@dataclass
class LocaleAnalysis:
    locale: str
    articles: list[ArticleAnalysis]
    total: dict[str, Count]
    rates: Rates | None

    def fraction(self, band: str) -> float:
        if self.rates is None or band == "new":
            return 1.0
        return self.rates.fractions.get(band, 1.0)

    def weighted(self, bands: Mapping[str, Count] | None = None) -> float:
        counts = self.total if bands is None else bands
        return sum(counts[b].words * self.fraction(b) for b in BANDS)

    def cost(self, bands: Mapping[str, Count] | None = None) -> float | None:
        return None if self.rates is None else round(self.weighted(bands) * self.rates.new, 2)

    @property
    def segments(self) -> int:
        return sum(c.segments for c in self.total.values())

    @property
    def words(self) -> int:
        return sum(c.words for c in self.total.values())


def band(similarity: int | None) -> str:
    """The band of a memory match's similarity (percent), ``new`` for none."""
    if similarity is None or similarity < 75:
        return "new"
    if similarity >= 100:
        return "exact"
    return "fuzzy_95" if similarity >= 95 else "fuzzy_85" if similarity >= 85 else "fuzzy_75"


def analyze(
    locale: str,
    articles: Iterable[tuple[str, Sequence[tuple[str, int]]]],
    lookup: Callable[[str], int | None],
    rates: Rates | None = None,
) -> LocaleAnalysis:
    """Bands per article and in total; ``articles`` are (slug, [(source text, occurrences)])."""
    seen: set[str] = set()
    out: list[ArticleAnalysis] = []
    total = _bands()
    for slug, segments in articles:
        item = ArticleAnalysis(slug)
        for text, occurrences in segments:
            n = words(text)
            first = "repetition" if text in seen else band(lookup(text))
            seen.add(text)
            for which, times in ((first, 1), ("repetition", max(0, occurrences - 1))):
                if times:
                    item.bands[which].segments += times
                    item.bands[which].words += n * times
        for b in BANDS:
            total[b].add(item.bands[b])
        out.append(item)
    return LocaleAnalysis(locale, out, total, rates)


# --- output -------------------------------------------------------------------------


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def as_json(results: Sequence[LocaleAnalysis]) -> str:
    def bands(counts: Mapping[str, Count]) -> dict[str, dict[str, int]]:
        return {b: {"segments": counts[b].segments, "words": counts[b].words} for b in BANDS}

    data = []
    for r in results:
        currency = r.rates.currency if r.rates else None
        data.append(
            {
                "locale": r.locale,
                "total": {
                    "bands": bands(r.total), "segments": r.segments, "words": r.words,
                    "weighted_words": round(r.weighted(), 2), "cost": r.cost(),
                },
                "currency": currency,
                "rates": None if r.rates is None else {"new": r.rates.new, **r.rates.fractions},
                "articles": [
                    {
                        "article": a.slug, "bands": bands(a.bands),
                        "segments": sum(c.segments for c in a.bands.values()),
                        "words": sum(c.words for c in a.bands.values()),
                        "weighted_words": round(r.weighted(a.bands), 2), "cost": r.cost(a.bands),
                    }
                    for a in r.articles
                ],
            }
        )
    return json.dumps(data, indent=2, ensure_ascii=False)


def as_csv(results: Sequence[LocaleAnalysis]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["locale", "article", *(f"{b}_{k}" for b in BANDS for k in ("segments", "words")),
         "segments", "words", "weighted_words", "cost", "currency"]
    )
    for r in results:
        currency = r.rates.currency if r.rates else ""
        rows = [(a.slug, a.bands) for a in r.articles] + [("TOTAL", r.total)]
        for slug, counts in rows:
            writer.writerow(
                [r.locale, slug,
                 *(v for b in BANDS for v in (counts[b].segments, counts[b].words)),
                 sum(c.segments for c in counts.values()), sum(c.words for c in counts.values()),
                 f"{r.weighted(counts):.2f}", _money(r.cost(counts)), currency]
            )
    return out.getvalue()


def article_rows(r: LocaleAnalysis) -> list[tuple[str, ...]]:
    """(article, segments, words, new words, weighted words, cost) for each article."""
    rows: list[tuple[str, ...]] = []
    for a in r.articles:
        rows.append(
            (a.slug, str(sum(c.segments for c in a.bands.values())),
             str(sum(c.words for c in a.bands.values())), str(a.bands["new"].words),
             f"{r.weighted(a.bands):.1f}", _money(r.cost(a.bands)))
        )
    return rows


def summary_rows(r: LocaleAnalysis) -> list[tuple[str, ...]]:
    """(band, segments, words, weighted words, cost) for each band and the total."""
    rows: list[tuple[str, ...]] = []
    for b in BANDS:
        c = r.total[b]
        weighted = c.words * r.fraction(b)
        cost = None if r.rates is None else round(weighted * r.rates.new, 2)
        rows.append((LABELS[b], str(c.segments), str(c.words), f"{weighted:.1f}", _money(cost)))
    rows.append(
        ("total", str(r.segments), str(r.words), f"{r.weighted():.1f}", _money(r.cost()))
    )
    return rows
