"""Quality checks of one translated entry, and of a catalog header.

Each check is a small function whose docstring's first line is its title,
registered with a stable id and a severity.  A check yields one message per
problem; the message is one line and quotes the offending text.  Errors block
publishing (a wrong dose harms a patient); warnings ask a reviewer to look.

Entry checks (``check_entry``; an empty translation has no findings, since
completeness is measured elsewhere):

- ``markup`` (error): the same link targets, image targets, code spans and
  HTML tags (as multisets of exact text), and as many emphasis, strong and
  strikethrough spans as the source (counted on markdown-it-py's inline
  tokens).  Markup left empty is an error where the source has none: a link
  without text (``[](url)``), an image without alt text, emphasis markers
  around nothing (``****``, ``__ __``, ``~~~~``).
- ``whitespace`` (error): the same leading and trailing whitespace, and as
  many line breaks.
- ``numbers`` (error): the same multiset of (value, unit) as the source, each
  written the target locale's way: ``2.5 mg`` is ``2,5 mg`` in es, and left as
  ``2.5 mg`` it is an error; ``70%`` may become ``70 %`` (plain or no-break
  space); ``1,000`` may become ``1.000`` or ``1000``; ``mg`` is not ``mcg``;
  a number added or dropped is an error.  See ``l10n.quality.placeables`` for how
  numbers, units, ranges and scale words are read.
- ``urls`` (error): web and e-mail addresses unchanged, in link targets too.
- ``dnt`` (error): every do-not-translate term of the glossary found in the
  source appears unchanged in the translation, as many times; so does every
  acronym (two or more capitals: ``NMDA``, ``FDA``) the translation keeps, and
  an acronym of the translation one letter away from one of the source's
  (``NMDA`` -> ``NMDR``) is a changed acronym.
- ``glossary`` (warning): a glossary term of the source whose preferred
  translation for the locale is absent from the translation (ignoring case
  and accents, plurals allowed).
- ``untranslated`` (warning): the translation repeats a source of 5 or more
  words (words inside placeables and do-not-translate terms do not count).
- ``length`` (warning): for a source of 20 or more characters, a translation
  shorter than half or longer than 2.5 times the source.
- ``negation`` (error): no sentence drops or adds a negation (``l10n.quality.negation``);
  a locale without a negation lexicon gets one notice per catalog instead
  (``catalog_notices``), never a pass.
- ``source-language`` (error): no sentence of the translation is left in the source
  language (``l10n.quality.source_language``).

Header checks (``check_header``):

- ``header`` (error): ``Language`` names the catalog's locale,
  ``Content-Type`` is ``text/plain; charset=UTF-8``,
  ``Content-Transfer-Encoding`` is ``8bit``.
- ``plural-forms`` (error): ``Plural-Forms`` parses and picks, for every n,
  the form that gettext's, Weblate's or CLDR's rule for the locale picks
  (``l10n.quality.plurals``); a plural entry has nplurals msgstr[] forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from l10n.glossary import Glossary, contains_phrase, fold
from l10n.quality.placeables import (
    NUMBER_TOKEN_RE,
    Placeable,
    find_placeables,
    link_destination,
    parse_number,
    read_number,
)
from l10n.wording import count

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = [
    "ENTRY_CHECKS",
    "HEADER_CHECKS",
    "SEVERITY",
    "Check",
    "EntryContext",
    "Finding",
    "Severity",
    "catalog_notices",
    "check_entry",
    "check_header",
    "check_plural_entries",
]

Severity = Literal["error", "warning", "notice"]  # a notice: something not checked


@dataclass(frozen=True)
class Finding:
    """One problem found by a check."""

    check: str
    severity: Severity
    message: str


@dataclass
class EntryContext:
    """What entry checks look at: both texts, their placeables, the glossary."""

    msgid: str
    msgstr: str
    locale: str
    glossary: Glossary | None
    source: tuple[Placeable, ...]
    target: tuple[Placeable, ...]
    source_locale: str = "en"
    # computed on first use, once per entry for every check that reads them
    _source_prose: str | None = field(default=None, init=False, repr=False, compare=False)
    _target_prose: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def source_prose(self) -> str:
        """The source with code, links, URLs and HTML blanked out."""
        if self._source_prose is None:
            self._source_prose = _blank(self.msgid, self.source, _OPAQUE)
        return self._source_prose

    @property
    def target_prose(self) -> str:
        """The translation with code, links, URLs and HTML blanked out."""
        if self._target_prose is None:
            self._target_prose = _blank(self.msgstr, self.target, _OPAQUE)
        return self._target_prose


@dataclass(frozen=True)
class Check:
    """A registered check: id, severity and the function yielding its messages."""

    id: str
    severity: Severity
    function: Callable[..., Iterable[str]]

    @property
    def title(self) -> str:
        """The first line of the check function's docstring."""
        doc = self.function.__doc__ or self.id
        return doc.strip().splitlines()[0]


ENTRY_CHECKS: list[Check] = []
HEADER_CHECKS: list[Check] = []

_OPAQUE = frozenset({"url", "email", "link_target", "code", "html_tag", "image"})
_MARKUP_NAMES = {
    "link_target": "link target",
    "image": "image target",
    "code": "code span",
    "html_tag": "HTML tag",
}
_EMPHASIS_NAMES = {
    "em_open": "emphasis (*...*)",
    "strong_open": "bold (**...**)",
    "s_open": "strikethrough (~~...~~)",
}
_WORD_RE = re.compile(r"[^\W\d_]+")
_NOT_WORDS = frozenset({*_OPAQUE, "term", "number"})  # what is no word of the prose


def _entry_check(check_id: str, severity: Severity) -> Callable[
    [Callable[[EntryContext], Iterable[str]]], Callable[[EntryContext], Iterable[str]]
]:
    def register(
        function: Callable[[EntryContext], Iterable[str]],
    ) -> Callable[[EntryContext], Iterable[str]]:
        ENTRY_CHECKS.append(Check(check_id, severity, function))
        return function

    return register


def _header_check(check_id: str) -> Callable[
    [Callable[[Mapping[str, str], str], Iterable[str]]],
    Callable[[Mapping[str, str], str], Iterable[str]],
]:
    def register(
        function: Callable[[Mapping[str, str], str], Iterable[str]],
    ) -> Callable[[Mapping[str, str], str], Iterable[str]]:
        HEADER_CHECKS.append(Check(check_id, "error", function))
        return function

    return register


def _blank(text: str, placeables: Iterable[Placeable], kinds: frozenset[str]) -> str:
    if not placeables:
        return text
    parts: list[str] = []
    position = 0
    for p in placeables:
        if p.kind in kinds:
            parts.append(text[position : p.start])
            parts.append("\x00" * (p.end - p.start))
            position = p.end
    parts.append(text[position:])
    return "".join(parts)


def _quote(texts: Iterable[str]) -> str:
    return ", ".join(f'"{t}"' for t in texts)


def _multiset_messages(
    name: str, source: Counter[str], target: Counter[str]
) -> Iterator[str]:
    missing = source - target
    added = target - source
    if missing:
        yield f"{name} missing or changed in the translation: {_quote(missing.elements())}"
    if added:
        yield f"{name} not in the source: {_quote(added.elements())}"


# ---------------------------------------------------------------------------
# markdown-it-py, loaded on first use (it is only needed for emphasis)

_markdown: MarkdownIt | None = None
_EMPHASIS_TYPES = tuple(_EMPHASIS_NAMES)
_EMPHASIS_CHAR_RE = re.compile(r"[*_~]")
_DELIMITER_RE = re.compile(r"([*_~])\1*|[\[\]]")


@lru_cache(maxsize=4096)
def _emphasis_spans(text: str) -> tuple[tuple[str, ...], ...]:
    """The text of each emphasis, strong and strikethrough span markdown-it-py finds."""
    global _markdown
    if _markdown is None:
        from markdown_it import MarkdownIt

        _markdown = MarkdownIt("commonmark").enable("strikethrough")
    spans: dict[str, list[str]] = {t: [] for t in _EMPHASIS_TYPES}
    for token in _markdown.parseInline(text):
        children = token.children or []
        for i, child in enumerate(children):
            if child.type not in spans:
                continue
            close = child.type.replace("_open", "_close")
            inner: list[str] = []
            for other in children[i + 1 :]:
                if other.type == close and other.level == child.level:
                    break
                inner.append(other.content)
            spans[child.type].append("".join(inner))
    return tuple(tuple(spans[t]) for t in _EMPHASIS_TYPES)


def _char_class(ch: str) -> str:
    if not ch or ch.isspace():
        return " "
    if unicodedata.category(ch)[0] in "PS":
        return "."
    return "a"


def _delimiters(text: str, prose: str) -> list[tuple[str, int, bool, bool]]:
    """The delimiter runs and brackets that decide emphasis (CommonMark flanking rules).

    Two texts with the same list get the same emphasis spans, so markdown-it-py
    only runs when the lists differ.
    """
    runs: list[tuple[str, int, bool, bool]] = []
    for m in _DELIMITER_RE.finditer(prose):
        run = m.group()
        start, end = m.span()
        if run in "[]":
            runs.append((run, 1, False, False))
            continue
        before = _char_class(text[start - 1] if start else "")
        after = _char_class(text[end] if end < len(text) else "")
        if start and text[start - 1] == "\\":
            before = "\\"
        left = after != " " and (after != "." or before in " .")
        right = before != " " and (before != "." or after in " .")
        if run[0] == "_":
            runs.append((run, len(run), left and (not right or before == "."),
                         right and (not left or after == ".")))
        else:
            runs.append((run, len(run), left, right))
    return runs


# ---------------------------------------------------------------------------
# Entry checks


@_entry_check("markup", "error")
def markup(entry: EntryContext) -> Iterator[str]:
    """Markup: links, images, code spans, HTML tags and emphasis kept, none left empty."""
    source_markup = sorted((p.kind, p.text) for p in entry.source if p.kind in _MARKUP_NAMES)
    target_markup = sorted((p.kind, p.text) for p in entry.target if p.kind in _MARKUP_NAMES)
    if source_markup != target_markup:
        for kind, name in _MARKUP_NAMES.items():
            source = Counter(text for k, text in source_markup if k == kind)
            target = Counter(text for k, text in target_markup if k == kind)
            if source != target:
                yield from _multiset_messages(name, source, target)
    yield from _empty_messages(entry)
    source_prose, target_prose = entry.source_prose, entry.target_prose
    if _EMPHASIS_CHAR_RE.search(source_prose) is None and (
        _EMPHASIS_CHAR_RE.search(target_prose) is None
    ):
        return
    if _delimiters(entry.msgid, source_prose) == _delimiters(entry.msgstr, target_prose):
        return
    source_spans = _emphasis_spans(entry.msgid)
    target_spans = _emphasis_spans(entry.msgstr)
    for token_type, s, t in zip(_EMPHASIS_TYPES, source_spans, target_spans):
        if len(s) != len(t):
            yield (
                f"{_EMPHASIS_NAMES[token_type]}: {len(s)} in the source ({_quote(s) or 'none'}), "
                f"{len(t)} in the translation ({_quote(t) or 'none'})"
            )


def _empty_messages(entry: EntryContext) -> Iterator[str]:
    """Links, image alt texts and emphasis the translation leaves empty."""
    target = entry.target_prose
    if not ("[" in entry.msgstr and _EMPTY_BRACKETS_RE.search(entry.msgstr)) and not (
        ("**" in target or "__" in target or "~~" in target)  # what the pattern needs
        and _EMPTY_EMPHASIS_RE.search(target)
    ):
        return
    source_empty = _empty_markup(entry.msgid, entry.source_prose)
    for what, found in _empty_markup(entry.msgstr, target).items():
        extra = found - source_empty.get(what, Counter())
        for text in sorted(extra.elements()):
            yield f"{what} in the translation: {text}"


_EMPTY_BRACKETS_RE = re.compile(r"\[[\s*_~]*\]")  # what an empty link text or alt text needs
_EMPTY_EMPHASIS_RE = re.compile(
    r"(?<![*\\])\*{2,3}[ \t]*\*{2,3}(?!\*)|(?<![_\w\\])__[ \t]*__(?![_\w])|(?<![~\\])~~[ \t]*~~(?!~)"
)


@lru_cache(maxsize=4096)
def _empty_markup(text: str, prose: str) -> dict[str, Counter[str]]:
    """Links without text, images without alt text and empty emphasis in ``text``."""
    found: dict[str, Counter[str]] = {}
    emphasis = Counter(f'"{m.group()}"' for m in _EMPTY_EMPHASIS_RE.finditer(prose))
    if emphasis:
        found["empty emphasis"] = emphasis
    if not _EMPTY_BRACKETS_RE.search(text):
        return found
    global _markdown
    if _markdown is None:
        from markdown_it import MarkdownIt

        _markdown = MarkdownIt("commonmark").enable("strikethrough")
    links: Counter[str] = Counter()
    images: Counter[str] = Counter()
    for token in _markdown.parseInline(text):
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "image" and not child.content.strip():
                images[f'"{child.attrGet("src")}"'] += 1
            elif child.type == "link_open":
                inner = []
                for other in children[i + 1 :]:
                    if other.type == "link_close" and other.level == child.level:
                        break
                    inner.append(other)
                if not any(t.type == "image" or t.content.strip(" \t*_~") for t in inner):
                    links[f'"{child.attrGet("href")}"'] += 1
    if links:
        found["link without text"] = links
    if images:
        found["image without alt text"] = images
    return found


@_entry_check("whitespace", "error")
def whitespace(entry: EntryContext) -> Iterator[str]:
    """Whitespace: leading and trailing whitespace and line breaks kept."""
    source, target = entry.msgid, entry.msgstr
    if (source[:1].isspace() or target[:1].isspace() or source[-1:].isspace()
            or target[-1:].isspace()):
        yield from _edge_whitespace(source, target)
    source_breaks = source.count("\n")
    target_breaks = target.count("\n")
    if source_breaks != target_breaks:
        yield (
            f"{source_breaks} line break(s) in the source, {target_breaks} in the translation: "
            f'"{_shorten(target)}"'
        )


def _edge_whitespace(source: str, target: str) -> Iterator[str]:
    for where, s, t in (
        ("leading", source[: len(source) - len(source.lstrip())],
         target[: len(target) - len(target.lstrip())]),
        ("trailing", source[len(source.rstrip()) :], target[len(target.rstrip()) :]),
    ):
        if s != t:
            yield f"{where} whitespace {s!r} in the source, {t!r} in the translation"


def _split_value(value: str) -> tuple[str, str]:
    number, _, unit = value.partition(" ")
    return number, unit


def _format_for(number: Decimal, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(number, locale=locale.replace("-", "_"), decimal_quantization=False)


def _format_value(value: str, placeable: Placeable, locale: str) -> str:
    """``value`` written the ``locale`` way, with the rest of ``placeable``'s text."""
    m = NUMBER_TOKEN_RE.match(placeable.text)
    rest = placeable.text[m.end() :] if m else ""
    number, _ = _split_value(value)
    parts = _digits_and_factor(placeable, locale)
    factor = parts[2] if parts else Decimal(1)
    return _format_for(Decimal(number) / factor, locale) + rest


def _digits_and_factor(placeable: Placeable, locale: str) -> tuple[str, Decimal, Decimal] | None:
    """The number token of ``placeable``, its reading in ``locale`` and its scale factor."""
    m = NUMBER_TOKEN_RE.match(placeable.text)
    if m is None:  # pragma: no cover - a number placeable starts with its number
        return None
    token = m.group()
    try:
        read, _ = read_number(token, locale)
    except ValueError:  # pragma: no cover - pieces of unreadable runs are plain digits
        return None
    number, _ = _split_value(placeable.value)
    factor = Decimal(number) / read if read else Decimal(1)
    return token, read, factor


def _reads_in(placeable: Placeable, locale: str) -> bool:
    """Whether the number of ``placeable`` is a valid number written the ``locale`` way."""
    m = NUMBER_TOKEN_RE.match(placeable.text)
    if m is None:  # pragma: no cover
        return False
    try:
        parse_number(m.group(), locale)
    except ValueError:
        return False
    return True


def _suggest(placeable: Placeable, locale: str) -> str:
    """``placeable``'s text with its number written the ``locale`` way."""
    parts = _digits_and_factor(placeable, locale)
    if parts is None:  # pragma: no cover
        return placeable.text
    token, read, _ = parts
    return _format_for(read, locale) + placeable.text[len(token) :]


def _source_reading(placeable: Placeable, locale: str, source_locale: str) -> str | None:
    """The value of a translation number read the source's way, when that differs."""
    parts = _digits_and_factor(placeable, locale)
    if parts is None:  # pragma: no cover
        return None
    token, _, factor = parts
    try:
        read = parse_number(token, source_locale) * factor
    except ValueError:
        return None
    _, unit = _split_value(placeable.value)
    number = str(read.quantize(Decimal(1))) if read == read.to_integral_value() else format(
        read.normalize(), "f"
    )
    other = f"{number} {unit}" if unit else number
    return other if other != placeable.value else None


@_entry_check("numbers", "error")
def numbers(entry: EntryContext) -> Iterator[str]:
    """Numbers: doses, percentages and figures keep their value and unit."""
    source_numbers = [p for p in entry.source if p.kind == "number"]
    target_numbers = [p for p in entry.target if p.kind == "number"]
    if not source_numbers and not target_numbers:
        return
    for p in target_numbers:
        if not p.native:
            how = " (it is the English way)" if _reads_in(p, entry.source_locale) else ""
            yield (
                f'"{p.text}" is not how {entry.locale} writes numbers{how}: '
                f'write "{_suggest(p, entry.locale)}"'
            )
    source = Counter(p.value for p in source_numbers)
    target = Counter(p.value for p in target_numbers)
    missing = source - target
    added = target - source
    if not missing and not added:
        return
    # A translation number that reads as a missing source number in the source
    # notation: "1,000" kept in es reads 1, not 1000.
    for p in target_numbers:
        if not (p.native and added[p.value]):
            continue
        other = _source_reading(p, entry.locale, entry.source_locale)
        if other is not None and missing[other]:
            yield (
                f'"{p.text}" reads as {p.value} in {entry.locale}, not {other} '
                f'(it is the English way): write "{_format_value(other, p, entry.locale)}"'
            )
            added[p.value] -= 1
            missing[other] -= 1
            added = +added
            missing = +missing
    # A percent sign written before the number ("%70", as some Arabic text has it).
    for p in target_numbers:
        percent = f"{p.value} %"
        if added[p.value] and missing[percent] and entry.msgstr[p.start - 1 : p.start] in ("%", "٪"):
            yield f'the percent sign stands before "{p.text}": write "{p.text}%" as the source does'
            added[p.value] -= 1
            missing[percent] -= 1
            added = +added
            missing = +missing
    by_value: dict[str, list[str]] = {}
    for p in source_numbers:
        by_value.setdefault(p.value, []).append(p.text)
    missing_texts = [by_value[v][0] for v in missing.elements()]
    added_by_value: dict[str, list[str]] = {}
    for p in target_numbers:
        added_by_value.setdefault(p.value, []).append(p.text)
    added_texts = [added_by_value[v][0] for v in added.elements()]
    if missing_texts and added_texts:
        yield (
            f"numbers changed: the source has {_quote(missing_texts)}, "
            f"the translation has {_quote(added_texts)} instead"
        )
    elif missing_texts:
        yield f"numbers missing from the translation: {_quote(missing_texts)}"
    elif added_texts:
        yield f"numbers not in the source: {_quote(added_texts)}"


_ADDRESS_KINDS = frozenset({"url", "email", "link_target", "image"})


@_entry_check("urls", "error")
def urls(entry: EntryContext) -> Iterator[str]:
    """URLs: web and e-mail addresses unchanged."""
    source = sorted(link_destination(p) for p in entry.source if p.kind in _ADDRESS_KINDS)
    target = sorted(link_destination(p) for p in entry.target if p.kind in _ADDRESS_KINDS)
    if source != target:
        yield from _multiset_messages("address", Counter(source), Counter(target))


@_entry_check("dnt", "error")
def dnt(entry: EntryContext) -> Iterator[str]:
    """Do-not-translate terms and acronyms: kept unchanged, as many times."""
    source_terms = [p.text for p in entry.source if p.kind == "term"]
    if not source_terms:
        yield from _acronyms(entry, set())
        return
    source = Counter(source_terms)
    target = Counter(p.text for p in entry.target if p.kind == "term")
    for term in sorted(source):
        if not target[term]:
            yield f'do-not-translate term "{term}" is missing or changed in the translation'
        elif target[term] < source[term]:
            yield (
                f'do-not-translate term "{term}": {count(source[term], "time")} in the source, '
                f"{count(target[term], 'time')} in the translation"
            )
    yield from _acronyms(entry, set(source))


# A capital not after a word character or "-", then capitals and digits with one more
# capital among them, up to the end of the word. The first capital comes first in the
# pattern (before the look-behind) so that the search skips to capitals.
_ACRONYM_RE = re.compile(r"[A-Z](?<![\w-].)(?=[A-Z0-9]*[A-Z])[A-Z0-9]+(?![\w-])")


def _acronyms(entry: EntryContext, terms: set[str]) -> Iterator[str]:
    found = _ACRONYM_RE.findall(entry.source_prose)
    if not found:
        return
    every = Counter(found)
    target = Counter(_ACRONYM_RE.findall(entry.target_prose))
    for acronym in sorted(every):
        if acronym not in terms and 0 < target[acronym] < every[acronym]:
            yield (
                f'acronym "{acronym}": {count(every[acronym], "time")} in the source, '
                f"{count(target[acronym], 'time')} in the translation"
            )
    for other in sorted(set(target) - set(every) - terms):
        near = [a for a in sorted(every) if _one_letter_apart(a, other)]
        if near:
            yield f'acronym "{near[0]}" changed to "{other}" in the translation'


def _one_letter_apart(a: str, b: str) -> bool:
    """Same length (3 or more) and one letter replaced, or two neighbours swapped.

    Two-letter acronyms are left alone: "AI" is "IA" and "EU" is "UE" in Spanish.
    """
    if len(a) != len(b) or len(a) < 3 or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


@_entry_check("glossary", "warning")
def glossary(entry: EntryContext) -> Iterator[str]:
    """Glossary: preferred translations used."""
    if entry.glossary is None:
        return
    folded: str | None = None
    for term in entry.glossary.terms_in(entry.source_prose):
        if term.kind != "term":
            continue
        accepted = entry.glossary.accepted(term, entry.locale)
        if not accepted:
            continue
        if folded is None:
            folded = fold(entry.target_prose)
        if not any(contains_phrase(folded, phrase, folded=True) for phrase in accepted):
            yield f'"{term.term}" should be translated as "{accepted[0]}"'


@_entry_check("untranslated", "warning")
def untranslated(entry: EntryContext) -> Iterator[str]:
    """Untranslated: translation identical to the source."""
    if entry.msgstr.strip() != entry.msgid.strip():
        return
    prose = _blank(entry.msgid, entry.source, _NOT_WORDS)
    if len(_WORD_RE.findall(prose)) >= 5:
        yield f'translation is identical to the source: "{_shorten(entry.msgstr)}"'


@_entry_check("length", "warning")
def length(entry: EntryContext) -> Iterator[str]:
    """Length: translation length plausible for the source."""
    source_length = len(entry.msgid)
    if source_length < 20:
        return
    ratio = len(entry.msgstr) / source_length
    if ratio < 0.5 or ratio > 2.5:
        yield (
            f"translation is {ratio:.2f} times as long as the source "
            f"({len(entry.msgstr)} vs {count(source_length, 'character')}):"
            f" \"{_shorten(entry.msgstr)}\""
        )


@_entry_check("negation", "error")
def negation(entry: EntryContext) -> Iterator[str]:
    """Negation: no sentence drops or adds a "not"."""
    from l10n.quality.negation import flips

    masked = (entry.source_prose, entry.target_prose)
    for flip in flips(entry.msgid, entry.msgstr, entry.locale, entry.source_locale, masked):
        yield flip.message()


@_entry_check("source-language", "error")
def source_language(entry: EntryContext) -> Iterator[str]:
    """Source language: no sentence left untranslated among translated ones."""
    from l10n.quality.source_language import left_in_source, may_hold_source

    if not may_hold_source(entry.msgid, entry.msgstr, entry.locale, entry.source_locale):
        return
    masked = _blank(entry.msgstr, entry.target, _NOT_WORDS)
    name = _language_name(entry.source_locale)
    for sentence in left_in_source(
        entry.msgid, entry.msgstr, entry.locale, entry.source_locale, masked
    ):
        yield f'sentence left in {name}: "{_shorten(sentence, 90)}"'


@lru_cache(maxsize=16)
def _language_name(locale: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(locale.replace("-", "_")).english_name)
    except (UnknownLocaleError, ValueError, TypeError):
        return locale


def _shorten(text: str, limit: int = 60) -> str:
    one_line = text.replace("\n", "\\n")
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# Header checks


@lru_cache(maxsize=64)
def _locale_id(value: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(value.strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@_header_check("header")
def language(metadata: Mapping[str, str], locale: str) -> Iterator[str]:
    """Language: the header names the catalog's locale."""
    value = metadata.get("Language", "").strip()
    if not value:
        yield "header has no Language"
    elif _locale_id(value) != _locale_id(locale):
        yield f'header Language is "{value}", the catalog is for {locale}'


@_header_check("header")
def content_type(metadata: Mapping[str, str], locale: str) -> Iterator[str]:
    """Content-Type: plain text in UTF-8."""
    value = metadata.get("Content-Type", "").strip()
    m = re.fullmatch(r"text/plain\s*;\s*charset\s*=\s*([\w-]+)\s*;?", value, re.IGNORECASE)
    if m is None or m.group(1).lower() not in ("utf-8", "utf8"):
        yield f'header Content-Type is "{value}", expected "text/plain; charset=UTF-8"'


@_header_check("header")
def transfer_encoding(metadata: Mapping[str, str], locale: str) -> Iterator[str]:
    """Content-Transfer-Encoding: 8bit."""
    value = metadata.get("Content-Transfer-Encoding", "").strip()
    if value.lower() != "8bit":
        yield f'header Content-Transfer-Encoding is "{value}", expected "8bit"'


@_header_check("plural-forms")
def plural_forms(metadata: Mapping[str, str], locale: str) -> Iterator[str]:
    """Plural-Forms: picks the forms gettext's or CLDR's rule picks for the locale."""
    from l10n.quality import plurals

    value = metadata.get("Plural-Forms", "").strip()
    if not value:
        yield f"header has no Plural-Forms; for {locale}: {plurals.describe(locale)}"
    else:
        yield from plurals.problems(value, locale)


def check_plural_entries(
    metadata: Mapping[str, str], entries: Iterable[tuple[int, int]]
) -> list[tuple[int, Finding]]:
    """``plural-forms`` errors for plural entries, given as (line, msgstr[] count),
    whose count is not the header's nplurals."""
    from l10n.quality import plurals

    try:
        nplurals = plurals.parse(metadata.get("Plural-Forms", "").strip()).nplurals
    except plurals.PluralFormsError:
        return []  # the header check reports it
    message = "{} msgstr[] forms; the header's Plural-Forms has nplurals={}"
    return [
        (line, Finding("plural-forms", "error", message.format(count, nplurals)))
        for line, count in entries
        if count != nplurals
    ]


SEVERITY: Mapping[str, Severity] = {
    check.id: check.severity for check in (*ENTRY_CHECKS, *HEADER_CHECKS)
}


# ---------------------------------------------------------------------------
# Entry points


@lru_cache(maxsize=4096)
def _source_placeables(msgid: str, locale: str, terms: tuple[str, ...]) -> tuple[Placeable, ...]:
    """Placeables of a source text (cached: a msgid is checked once per locale)."""
    return tuple(find_placeables(msgid, locale, terms))


def check_entry(
    msgid: str,
    msgstr: str,
    locale: str,
    glossary: Glossary | None = None,
    *,
    source_locale: str = "en",
) -> list[Finding]:
    """Findings of every entry check for one translation; none for an empty one."""
    if not msgstr:
        return []
    terms = tuple(glossary.dnt_terms()) if glossary is not None else ()
    entry = EntryContext(
        msgid=msgid,
        msgstr=msgstr,
        locale=locale,
        glossary=glossary,
        source=_source_placeables(msgid, source_locale, terms),
        target=tuple(find_placeables(msgstr, locale, terms)),
        source_locale=source_locale,
    )
    return [
        Finding(check.id, check.severity, message)
        for check in ENTRY_CHECKS
        for message in check.function(entry)
    ]


def catalog_notices(locale: str, source_locale: str = "en") -> list[Finding]:
    """What the entry checks cannot judge in a catalog of ``locale``: one notice each."""
    from l10n.quality.negation import supported

    if supported(locale) and supported(source_locale):
        return []
    return [Finding("negation", "notice", f"negation not checked for {locale}")]


def check_header(metadata: Mapping[str, str], locale: str) -> list[Finding]:
    """Findings of the header checks for a catalog of ``locale``."""
    findings: list[Finding] = []
    for check in HEADER_CHECKS:
        for message in check.function(metadata, locale):
            findings.append(Finding(check.id, check.severity, message))
    return findings
