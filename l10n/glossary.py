"""The project glossary: preferred translations and do-not-translate terms.

File format (``locales/glossary.csv``), UTF-8 (a leading BOM is ignored), one
header row then one row per entry::

    term,kind,es,pt_BR,note
    ketamine,term,ketamina,cetamina,
    NMDA,dnt,,,receptor name

Rules:

- The header is ``term``, ``kind``, one column per locale (a Babel locale
  identifier; ``pt-BR`` is read as ``pt_BR``), then ``note``.
- ``kind`` is ``term`` (preferred translations, one cell per locale; an empty
  cell means none for that locale; ``a | b`` lists accepted alternatives,
  the first preferred) or ``dnt`` (do not translate: the term must appear
  unchanged in every translation, so its locale cells are empty or repeat
  the term).
- Blank rows are skipped.  A row with the wrong number of cells, an empty
  term, an unknown kind or a term already listed raises ``CatalogError`` with
  the path and the row's 1-based line.
- Terms match case-insensitively on word boundaries, with spaces and hyphens
  interchangeable and a plural ``-s``/``-es`` on the last word
  ("infusions", "post traumatic stress disorders"); do-not-translate terms
  match case-sensitively and exactly, on word boundaries.  A term lying
  wholly inside a do-not-translate term ("Ketamine" in "Ketamine Infusion
  Centers") does not count.
- A translation is looked up for the catalog locale (``pt_BR``), then for its
  language (``pt``).
- A preferred translation is found in a text ignoring case and accents, each
  of its words with a simple plural: ``-s``, ``-es``, and the Spanish and
  Portuguese ``-z/-ces``, ``-ão/-ões/-ães``, ``-l/-is``, ``-m/-ns``
  ("infusiones" for "infusión", "infusões" for "infusão").
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from babel import Locale, UnknownLocaleError

from l10n.errors import CatalogError
from l10n.quality.placeables import joins
from l10n.wording import count

__all__ = [
    "Glossary",
    "GlossaryEntry",
    "contains_phrase",
    "fold",
    "parse_glossary",
]

Kind = Literal["term", "dnt"]
_SEPARATOR = r"[\s\u00a0\u2010\u2011-]+"
_WORD_RE = re.compile(r"\w+")
_CACHE_SIZE = 16384
_MARKS_RE = re.compile("[\u0300-\u036f\u064b-\u065f\u0670]")


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary row."""

    term: str
    kind: Kind
    translations: Mapping[str, str] = field(hash=False)
    note: str = ""


@dataclass(frozen=True)
class Glossary:
    """The parsed glossary; matching tables are built once."""

    entries: tuple[GlossaryEntry, ...]
    locales: tuple[str, ...] = ()
    # first word -> [(entry index, pattern)], longest term first
    _terms_by_word: dict[str, list[tuple[int, re.Pattern[str]]]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _dnt_by_word: dict[str, list[tuple[int, re.Pattern[str]]]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    # words that can start an entry, in lower-cased text (and case-insensitively)
    _starts: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)
    _starts_ci: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)
    _dnt: tuple[str, ...] = field(init=False, repr=False, compare=False, default=())
    _accepted: dict[tuple[str, str, str], tuple[str, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    # terms_in results for recent texts (a msgid is checked once per locale)
    _found: dict[str, tuple[GlossaryEntry, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_dnt", tuple(e.term for e in self.entries if e.kind == "dnt"))
        order = sorted(range(len(self.entries)), key=lambda i: -len(self.entries[i].term))
        for index in order:
            entry = self.entries[index]
            words = _WORD_RE.findall(entry.term)
            if not words:
                continue
            if entry.kind == "dnt":
                pattern = re.compile(rf"{re.escape(entry.term)}(?!\w)")
                self._dnt_by_word.setdefault(words[0], []).append((index, pattern))
            else:
                pattern = re.compile(rf"{_term_pattern(entry.term)}(?!\w)", re.IGNORECASE)
                self._terms_by_word.setdefault(words[0].lower(), []).append((index, pattern))
        # One scan of the lower-cased text finds the words that can start an entry.
        # No leading lookbehind (a pattern starting with letters is scanned fast):
        # _find checks the character before a match.
        first_words = {*self._terms_by_word, *(w.lower() for w in self._dnt_by_word)}
        if first_words:
            starts = rf"{_trie(first_words)}(?:e?s)?(?!\w)"
            object.__setattr__(self, "_starts", re.compile(starts))
            object.__setattr__(self, "_starts_ci", re.compile(starts, re.IGNORECASE))

    def dnt_terms(self) -> list[str]:
        """The do-not-translate terms, in file order."""
        return list(self._dnt)

    def terms_in(self, text: str) -> list[GlossaryEntry]:
        """Entries found in ``text``, in order of first appearance, each once."""
        cached = self._found.get(text)
        if cached is None:
            cached = self._find(text)
            if len(self._found) >= _CACHE_SIZE:
                self._found.clear()
            self._found[text] = cached
        return list(cached)

    def _find(self, text: str) -> tuple[GlossaryEntry, ...]:
        hits: list[tuple[int, int]] = []  # (position, entry index)
        dnt_spans: list[tuple[int, int]] = []
        term_spans: list[tuple[int, int, int]] = []
        if self._starts is None or self._starts_ci is None:
            return ()
        lower = text.lower()
        if len(lower) == len(text):
            words = self._starts.finditer(lower)
        else:  # rare letters whose lower case is longer: keep offsets right
            words = self._starts_ci.finditer(text)
        dnt_end = term_end = 0
        for word in words:
            start, end = word.span()
            if start and joins(text[start - 1], text[start]):
                continue
            if start >= dnt_end:
                for index, pattern in self._dnt_by_word.get(text[start:end], ()):
                    m = pattern.match(text, start)
                    if m:
                        dnt_spans.append(m.span())
                        hits.append((start, index))
                        dnt_end = m.end()
                        break
            if start < term_end:
                continue
            key = lower[start:end] if len(lower) == len(text) else word.group().lower()
            candidates = (
                self._terms_by_word.get(key)
                or self._terms_by_word.get(key[:-1])
                or self._terms_by_word.get(key[:-2])
                or ()
            )
            for index, pattern in candidates:
                m = pattern.match(text, start)
                if m:
                    term_spans.append((start, m.end(), index))
                    term_end = m.end()
                    break
        for start, end, index in term_spans:
            if not any(s <= start and end <= e for s, e in dnt_spans):
                hits.append((start, index))
        hits.sort()
        seen: set[int] = set()
        found: list[GlossaryEntry] = []
        for _, index in hits:
            if index not in seen:
                seen.add(index)
                found.append(self.entries[index])
        return tuple(found)

    def accepted(self, entry: GlossaryEntry, locale: str) -> tuple[str, ...]:
        """All accepted translations of ``entry`` for ``locale`` (preferred first)."""
        key = (entry.term, entry.kind, locale)
        accepted = self._accepted.get(key)
        if accepted is None:
            cell = _lookup(entry.translations, locale)
            accepted = tuple(alt.strip() for alt in (cell or "").split("|") if alt.strip())
            self._accepted[key] = accepted
        return accepted

    def preferred(self, entry: GlossaryEntry, locale: str) -> str | None:
        """The preferred translation of ``entry`` for ``locale``, or None."""
        alternatives = self.accepted(entry, locale)
        return alternatives[0] if alternatives else None


def _lookup(translations: Mapping[str, str], locale: str) -> str | None:
    locale = locale.replace("-", "_")
    if locale in translations:
        return translations[locale]
    language = locale.split("_")[0]
    return translations.get(language)


def _trie(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, factored by common prefixes (faster to scan)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return "(?:" + build(root) + ")"


def _term_pattern(term: str) -> str:
    words = [w for w in re.split(_SEPARATOR, term.strip()) if w]
    parts = [re.escape(w) for w in words]
    if parts and words[-1][-1:].isalpha():
        parts[-1] += "(?:s|es)?"
    return _SEPARATOR.join(parts)


def fold(text: str) -> str:
    """``text`` without case and accents, for tolerant comparisons."""
    return _MARKS_RE.sub("", unicodedata.normalize("NFD", text.casefold()))


def _plural_forms(word: str) -> str:
    options = [re.escape(word) + "(?:s|es)?"]
    if word.endswith("ao"):
        options.append(re.escape(word[:-2]) + "(?:oes|aes|aos)")
    if word.endswith("z"):
        options.append(re.escape(word[:-1]) + "ces")
    if word.endswith("l"):
        options.append(re.escape(word[:-1]) + "is")
    if word.endswith("m"):
        options.append(re.escape(word[:-1]) + "ns")
    return "(?:" + "|".join(options) + ")"


@lru_cache(maxsize=4096)
def _phrase_re(phrase: str) -> re.Pattern[str]:
    words = [w for w in re.split(_SEPARATOR, fold(phrase).strip()) if w]
    body = _SEPARATOR.join(_plural_forms(w) if w[-1:].isalpha() else re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)")


def contains_phrase(text: str, phrase: str, *, folded: bool = False) -> bool:
    """Whether ``phrase`` occurs in ``text`` ignoring case and accents, plurals allowed.

    Pass ``folded=True`` when ``text`` already went through :func:`fold`.
    """
    return _phrase_re(phrase).search(text if folded else fold(text)) is not None


def _normal_locale(column: str) -> str | None:
    try:
        return str(Locale.parse(column.strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def parse_glossary(text: str, path: str) -> Glossary:
    """Parse the CSV ``text`` of the glossary at ``path`` (used in error messages)."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CatalogError(f"glossary header cannot be read: {exc}", path, 1) from exc
    expected = "term,kind,<locale>,...,note"
    if header is None:
        raise CatalogError(f"empty glossary: expected a header {expected}", path, 1)
    header = [cell.strip() for cell in header]
    if len(header) < 3 or header[0] != "term" or header[1] != "kind" or header[-1] != "note":
        raise CatalogError(
            f"glossary header must be {expected}, not {','.join(header)!r}", path, 1
        )
    locales: list[str] = []
    for column in header[2:-1]:
        locale = _normal_locale(column)
        if locale is None:
            raise CatalogError(f"glossary column {column!r} is not a locale", path, 1)
        if locale in locales:
            raise CatalogError(f"glossary column {column!r} appears twice", path, 1)
        locales.append(locale)

    entries: list[GlossaryEntry] = []
    seen: dict[tuple[str, str], int] = {}
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise CatalogError(f"glossary row cannot be read: {exc}", path, line) from exc
        if row is None:
            break
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) != len(header):
            raise CatalogError(
                f"glossary row has {count(len(cells), 'cell')}, the header has {len(header)}",
                path,
                line,
            )
        term, kind, note = cells[0], cells[1], cells[-1]
        if not term:
            raise CatalogError("glossary row has an empty term", path, line)
        if kind not in ("term", "dnt"):
            raise CatalogError(
                f"glossary kind must be 'term' or 'dnt', not {kind!r} (term {term!r})", path, line
            )
        translations = {loc: cell for loc, cell in zip(locales, cells[2:-1]) if cell}
        if kind == "dnt":
            for loc, cell in translations.items():
                if cell != term:
                    raise CatalogError(
                        f"do-not-translate term {term!r} has a translation for {loc}: {cell!r}",
                        path,
                        line,
                    )
            translations = {}
        key = (kind, term if kind == "dnt" else term.casefold())
        if key in seen:
            raise CatalogError(
                f"glossary term {term!r} is already listed on line {seen[key]}", path, line
            )
        seen[key] = line
        entries.append(
            GlossaryEntry(term=term, kind="dnt" if kind == "dnt" else "term",
                          translations=translations, note=note)
        )
    return Glossary(entries=tuple(entries), locales=tuple(locales))


def dump_glossary(glossary: Glossary) -> str:
    """The glossary as CSV (``term,kind,<locale>...,note``), as ``parse_glossary`` reads it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["term", "kind", *glossary.locales, "note"])
    for e in glossary.entries:
        cells = ["" if e.kind == "dnt" else e.translations.get(code, "") for code in glossary.locales]
        writer.writerow([e.term, e.kind, *cells, e.note])
    return out.getvalue()
