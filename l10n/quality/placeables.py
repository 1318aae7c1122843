"""Placeables: spans of a Markdown inline text that a translation must keep.

A placeable either comes back byte for byte (link targets, URLs, e-mail
addresses, code spans, HTML tags, do-not-translate terms) or comes back with the
same *value* written the target locale's way (numbers).  The checks compare
them, and the machine-translation masking hides them from engines.

Rules, in the order spans are claimed (a span never overlaps an earlier one):

1. Code spans, autolinks and inline HTML, leftmost first, as CommonMark does:
   a code span is a backtick run closed by a run of the same length (the
   whole span, backticks included, is ``code``); ``<scheme:...>`` and
   ``<user@host>`` are ``link_target``; tags, comments, processing
   instructions, declarations and CDATA are ``html_tag``.
2. The ``(destination "title")`` part of an inline link ``[text](...)`` is
   ``link_target``; of an image ``![alt](...)`` it is ``image``.  The bracketed
   text stays translatable.
3. Bare URLs (``http://``, ``https://``, ``ftp://``, ``www.``), trailing
   punctuation and unbalanced closing brackets excluded as GFM does: ``url``.
4. E-mail addresses, with or without ``mailto:``: ``email``.
5. The caller's ``terms`` (do-not-translate terms), case-sensitive, on word
   boundaries, longest first: ``term``.
6. Numbers: ``number``.  Digits are ASCII, Arabic-Indic (٠-٩) or extended
   Arabic-Indic (۰-۹).  A number is read with the locale's decimal and group
   symbols from Babel; a no-break, narrow no-break or thin space is a group
   symbol everywhere, a plain space too in locales whose group symbol is a
   space (``10 000`` in fr), and the Arabic separators ``٫`` (decimal) and
   ``٬`` (group) are accepted everywhere.  Groups after the first must have the
   locale's grouping size (3, or 3 then 2 for Indian grouping); ``1000`` with
   no group symbol is always fine.  A number written another way (``2.5`` in
   es) is still found, read in the English then the continental notation, and
   marked ``native=False``.  Runs of digits that no notation reads
   (``22.04.2020``) are separate integers.  Digits glued to a letter before
   them (``H2O``, ``B12``, ``5-HT2A``'s 2) are not numbers.  An attached ordinal suffix
   (``1st``, ``2.º``, ``3e``) is part of the span and not of the value.  A
   following unit from a compact table (mg, mcg = µg = μg, g, kg, ml = mL,
   l, %, h, min, days, ..., also spelled out in en/es/pt/fr/de and a few in
   ar; ``unit/unit`` compounds such as mg/kg) is part of the span and of the
   value, with or without a space, no-break space or hyphen before it; ``%``,
   ``٪`` and "percent"/"por ciento"/... are the same unit.  Scale words
   (thousand, million, billion, mil, millones, bilhões, milliard, Milliarde,
   ...) multiply the value, so "100 billion", "100 mil millones" and
   "100.000 millones" all read 100000000000.  In a range ("70 to 85%",
   "5-10 mg", "entre 5 y 10 mg") the first number takes the unit of the
   second when it has none of its own.  Signs are not part of numbers (a
   hyphen is more often a range or a dash); spelled-out numbers are out of
   scope.

A number's ``value`` is a canonical decimal string (``"2.5"``, ``"1000"``,
trailing zeros dropped) followed by a space and the canonical unit when there
is one (``"2.5 mg"``, ``"70 %"``).  Any other placeable's ``value`` is its text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import attrgetter

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from l10n.errors import UsageError

__all__ = [
    "KINDS",
    "NUMBER_TOKEN_RE",
    "Placeable",
    "find_placeables",
    "link_destination",
    "parse_number",
    "read_number",
]

KINDS = ("url", "email", "link_target", "code", "html_tag", "image", "number", "term")


@dataclass(frozen=True)
class Placeable:
    """One span of a text that a translation must keep (see the module rules)."""

    kind: str
    start: int
    end: int
    text: str
    value: str
    #: False for a number whose separators are not the locale's (``2.5`` in es);
    #: its value is then its English (or continental) reading.
    native: bool = True


_START = attrgetter("start")

# --------------------------------------------------------------------------
# Code spans, autolinks, inline HTML (one alternation: leftmost wins)

_ATTR = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_FIRST_RE = re.compile(
    r"(?P<code>(?<![`\\])(`+)(?!`).*?(?<!`)\2(?!`))"
    r"|(?<!\]\()(?P<autolink><(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>)"
    r"|(?<!\]\()(?P<html><[A-Za-z][A-Za-z0-9-]*" + _ATTR + r"*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<!--.*?-->|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>)",
    re.DOTALL,
)

# --------------------------------------------------------------------------
# Inline link / image tails: "](destination "title")"

_LINK_TAIL_RE = re.compile(
    r"\](?P<target>\(\s*(?:<[^<>\n]*>|(?:[^\s()\\\x00]|\\.|\((?:[^\s()\\\x00]|\\.)*\))*)"
    r"(?:\s+(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\))",
    re.DOTALL,
)
_DESTINATION_RE = re.compile(r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)")

# --------------------------------------------------------------------------
# Bare URLs and e-mail addresses

_URL_RE = re.compile(
    r"(?<![\w@/])(?:(?:https?|ftp)://|www\.)[^\s<>\"\x00\u201c\u201d\u2018\u2019\u00ab\u00bb]+",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?*_~'"
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])(?:mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+",
)

# --------------------------------------------------------------------------
# Numbers

_DIGIT = r"[0-9\u0660-\u0669\u06F0-\u06F9]"
_SEP_CHARS = ".,\u00a0\u202f\u2009'\u2019\u066b\u066c"
_SEP = "[" + re.escape(_SEP_CHARS) + "]"
_NUM_CORE = rf"{_DIGIT}+(?:{_SEP}{_DIGIT}+)*"
_LEADING_DECIMAL = ".,\u066b"  # ".5 mg": a decimal symbol before the digits
# A plain space groups digits only in space-grouping locales and only in the
# strict shape 1-3 digits then groups of exactly 3 ("10 000", "1 234 567,5").
_NUM_SPACED = rf"{_DIGIT}{{1,3}}(?: {_DIGIT}{{3}})+(?!{_DIGIT})(?:[,.\u066b]{_DIGIT}+)?"
_SPACE_CHARS = " \u00a0\u202f\u2009"

# Units: alias -> canonical.  Symbols are case-sensitive; words are not.
_UNIT_SYMBOLS: dict[str, str] = {
    "mg": "mg", "mcg": "mcg", "µg": "mcg", "μg": "mcg", "ug": "mcg", "ng": "ng",
    "g": "g", "kg": "kg", "ml": "ml", "mL": "ml", "dl": "dl", "dL": "dl",
    "l": "l", "L": "l", "%": "%", "\u066a": "%", "h": "h", "hr": "h", "hrs": "h",
    "min": "min", "mins": "min", "sec": "s", "mmHg": "mmHg", "bpm": "bpm",
    "IU": "IU", "UI": "IU", "mEq": "mEq", "mmol": "mmol", "µmol": "µmol",
    "μmol": "µmol", "nM": "nM", "µM": "µM", "μM": "µM", "mM": "mM",
    "°C": "°C", "ºC": "°C", "°F": "°F", "mm": "mm", "cm": "cm", "km": "km",
    "m²": "m²", "kcal": "kcal", "Hz": "Hz", "ms": "ms",
    "ملغ": "mg", "مغ": "mg", "مل": "ml", "كغ": "kg",
}
_UNIT_WORDS: dict[str, str] = {}
for _canon, _aliases in {
    "mg": "milligram milligrams miligramo miligramos miligrama miligramas milligramme "
    "milligrammes milligramm",
    "mcg": "microgram micrograms microgramo microgramos micrograma microgramas microgramme "
    "microgrammes mikrogramm",
    "g": "gram grams gramo gramos grama gramas gramme grammes gramm",
    "kg": "kilogram kilograms kilogramo kilogramos quilograma quilogramas kilogramme "
    "kilogrammes kilogramm",
    "ml": "milliliter milliliters millilitre millilitres mililitro mililitros",
    "l": "liter liters litre litres litro litros",
    "%": "percent per-cent pourcent prozent",
    "h": "hour hours hora horas heure heures stunde stunden ساعة ساعات",
    "min": "minute minutes minuto minutos minuten دقيقة دقائق",
    "s": "seconds segundos secondes sekunden",
    "d": "day days día días dia dias jour jours tag tage tagen يوم أيام",
    "wk": "week weeks semana semanas semaine semaines woche wochen",
    "mo": "month months mes meses mês mois monat monate monaten",
    "y": "year years yr yrs año años ano anos an ans année années jahr jahre jahren",
}.items():
    for _alias in _aliases.split():
        _UNIT_WORDS[_alias.replace("-", " ")] = _canon
for _phrase in ("per cent", "por ciento", "por cento", "pour cent"):
    _UNIT_WORDS[_phrase] = "%"

_SCALE_WORDS: dict[str, int] = {}
for _factor, _words in {
    10**3: "thousand thousands mil mille tausend",
    10**6: "million millions millón millones milhão milhões mio mio.",
    10**9: "billion billions bilhão bilhões milliard milliards milliarde milliarden mrd mrd.",
    10**12: "trillion trillions billón billones bilião biliões trilhão trilhões",
}.items():
    for _w in _words.split():
        _SCALE_WORDS[_w] = _factor


_ORDINAL_RE = re.compile(
    r"(?:st|nd|rd|th|\.?º|\.?ª|°|\.er|ère|er|re|ème|eme|e|o|a|os|as|ᵉ|ᵉʳ)(?!\w)"
)
_SCALE_RE = re.compile(r"[ \u00a0]([^\W\d_]+\.?)")
_UNIT_FIRST_RE = re.compile(
    r"[ \u00a0\u202f\u2009\u200e\u200f\u061c-]?(%|\u066a|[°º][CF]|[^\W\d_]+)"
)
_UNIT_SECOND_WORD_RE = re.compile(r"\s+([^\W\d_]+)")
_UNIT_NEXT_RE = re.compile(r"/(%|[°º][CF]|[^\W\d_]+)")


def _number_re(spaced: bool) -> re.Pattern[str]:
    # Only the digits: a pattern starting with a digit class is scanned fast.
    # What may precede a number, and the suffix, scale word or unit that may
    # follow it, are read by _numbers.
    core = f"(?:{_NUM_SPACED}|{_NUM_CORE})" if spaced else _NUM_CORE
    return re.compile(core)


_NUMBER_RE = _number_re(spaced=False)
_NUMBER_SPACED_RE = _number_re(spaced=True)
_RANGE_JOIN_RE = re.compile(
    r"\s*(?:[-\u2010\u2011\u2012\u2013\u2014]"
    r"|(?i:to|and|or|a|y|e|o|ou|al|até|à|au|et|bis|und|oder|إلى|و))\s*$"
)
_SPLIT_DIGITS_RE = re.compile(_DIGIT + "+")
_ANY_DIGIT_RE = re.compile(_DIGIT)
#: The digits and separators at the start of a ``number`` placeable's text.
NUMBER_TOKEN_RE = re.compile(f"(?:[{_LEADING_DECIMAL}](?={_DIGIT}))?(?:{_NUM_SPACED}|{_NUM_CORE})")
_TO_ASCII = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "01234567890123456789",
)


@dataclass(frozen=True)
class _Notation:
    """How one locale writes numbers: decimal and group symbols, group sizes."""

    decimal: frozenset[str]
    group: frozenset[str]
    primary: int
    secondary: int
    spaced: bool


_ENGLISH = _Notation(frozenset(".\u066b"), frozenset(",\u00a0\u202f\u2009\u066c"), 3, 3, False)
_CONTINENTAL = _Notation(frozenset(",\u066b"), frozenset(".\u00a0\u202f\u2009\u066c"), 3, 3, False)


@lru_cache(maxsize=64)
def _notation(locale: str) -> _Notation:
    try:
        loc = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise UsageError(f"unknown locale {locale!r}") from exc
    decimal = get_decimal_symbol(loc)
    group = get_group_symbol(loc)
    spaced = group.isspace() or group in _SPACE_CHARS
    groups = {group, "\u00a0", "\u202f", "\u2009", "\u066c"}
    if spaced:
        groups.add(" ")
    if group in "'\u2019":
        groups.update("'\u2019")
    pattern = loc.decimal_formats.get(None)
    primary, secondary = pattern.grouping if pattern is not None else (3, 3)
    if primary > 9:  # a pattern without grouping
        primary = secondary = 3
    return _Notation(
        frozenset({decimal, "\u066b"}), frozenset(groups), primary, secondary, spaced
    )


def _read(token: str, notation: _Notation) -> Decimal | None:
    """The value of ``token`` in ``notation``, or None when it is not written that way."""
    runs = _SPLIT_DIGITS_RE.findall(token)
    seps = _SPLIT_DIGITS_RE.split(token)
    # split gives ["", sep1, sep2, ..., ""] (a leading decimal symbol gives [sep0, ...])
    lead, inner = seps[0], seps[1:-1]
    if lead:
        if lead not in notation.decimal or inner:
            return None
        return _decimal("0." + runs[0])
    integer_runs = runs
    fraction = ""
    if inner and inner[-1] in notation.decimal and inner[-1] not in notation.group:
        fraction = runs[-1]
        integer_runs = runs[:-1]
        inner = inner[:-1]
    if inner:
        if any(s in notation.decimal and s not in notation.group for s in inner):
            return None
        if any(s not in notation.group for s in inner):
            return None
        kinds = {" " if s in _SPACE_CHARS else s for s in inner}
        kinds = {"'" if s == "\u2019" else s for s in kinds}
        if len(kinds) > 1:
            return None
        if not 1 <= len(integer_runs[0]) <= max(notation.primary, notation.secondary):
            return None
        if len(integer_runs[-1]) != notation.primary:
            return None
        if any(len(r) != notation.secondary for r in integer_runs[1:-1]):
            return None
        if len(integer_runs) > 2 and len(integer_runs[0]) > notation.secondary:
            return None
    text = "".join(integer_runs) + ("." + fraction if fraction else "")
    return _decimal(text)


def _decimal(ascii_or_not: str) -> Decimal:
    return Decimal(ascii_or_not.translate(_TO_ASCII))


def _canonical(value: Decimal) -> str:
    if value.as_tuple().exponent == 0:
        return str(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def parse_number(text: str, locale: str) -> Decimal:
    """Read ``text`` (one number, no unit) the way ``locale`` writes numbers.

    Raises ``ValueError`` when ``text`` is not a number written that way
    (``parse_number("2.5", "es")``), ``UsageError`` for an unknown locale.
    """
    token = text.strip()
    m = NUMBER_TOKEN_RE.match(token)
    if m is None or m.end() != len(token):
        raise ValueError(f"not a number: {text!r}")
    value = _read(token, _notation(locale))
    if value is None:
        raise ValueError(f"{text!r} is not a number written the {locale} way")
    return value


def read_number(token: str, locale: str) -> tuple[Decimal, bool]:
    """How :func:`find_placeables` reads a number token in ``locale``: (value, native).

    ``native`` is False when the token is only readable in another notation
    (English first, then continental).  Raises ``ValueError`` when no notation
    reads it.
    """
    readings = _readings(token.strip(), _notation(locale))
    if not readings:
        raise ValueError(f"no notation reads {token!r} as one number")
    return readings[0]


def link_destination(placeable: Placeable) -> str:
    """The URL of a ``link_target``/``image`` placeable (its text for other kinds)."""
    text = placeable.text
    if placeable.kind in ("link_target", "image"):
        if text.startswith("<") and text.endswith(">"):
            return text[1:-1]
        m = _DESTINATION_RE.match(text)
        if m:
            dest = m.group(1)
            return dest[1:-1] if dest.startswith("<") else dest
    if placeable.kind == "email" and text.lower().startswith("mailto:"):
        return text[7:]
    return text


def _script(ch: str) -> str:
    """The script a letter belongs to: the first word of its Unicode name ("LATIN")."""
    if ch < "\u0250":
        return "LATIN"
    return unicodedata.name(ch, "?").split(" ")[0]


def joins(before: str, first: str) -> bool:
    """Whether ``before`` continues the word that starts with ``first``.

    Letters of different scripts do not: Arabic writes "and" joined to the next word
    ("وGABA"), and the Latin term still stands on its own.
    """
    if not (before.isalnum() or before == "_"):
        return False
    return _script(before) == _script(first)


@lru_cache(maxsize=256)
def _terms_re(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    # No leading lookbehind, so the scan can skip to possible first letters;
    # find_placeables checks the character before a match.
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + "\x00" * (end - start) + text[end:]


def _link_opening(text: str, close: int) -> int:
    """Index of the "[" matching the "]" at ``close``, or -1."""
    depth = 0
    i = close
    while i >= 0:
        ch = text[i]
        escaped = i > 0 and text[i - 1] == "\\"
        if ch == "]" and not escaped:
            depth += 1
        elif ch == "[" and not escaped:
            depth -= 1
            if depth == 0:
                return i
        i -= 1
    return -1


def _trim_url(url: str) -> str:
    while url:
        last = url[-1]
        if (
            last in _URL_TRAILING
            or (last == ")" and url.count("(") < url.count(")"))
            or (last == "]" and url.count("[") < url.count("]"))
        ):
            url = url[:-1]
        else:
            break
    return url


def find_placeables(text: str, locale: str = "en", terms: Sequence[str] = ()) -> list[Placeable]:
    """All placeables of ``text`` written in ``locale``, non-overlapping, sorted by start.

    ``terms`` are do-not-translate terms to claim as ``term`` placeables.
    """
    found: list[Placeable] = []
    masked = text
    if "`" in text or "<" in text:
        for m in _FIRST_RE.finditer(text):
            kind = (
                "code" if m.group("code") else "link_target" if m.group("autolink") else "html_tag"
            )
            found.append(Placeable(kind, m.start(), m.end(), m.group(), m.group()))
            masked = _mask(masked, m.start(), m.end())
    if "](" in masked:
        for m in _LINK_TAIL_RE.finditer(masked):
            opening = _link_opening(masked, m.start())
            if opening < 0:
                continue
            is_image = opening > 0 and masked[opening - 1] == "!"
            start, end = m.start("target"), m.end("target")
            span = text[start:end]
            found.append(Placeable("image" if is_image else "link_target", start, end, span, span))
            masked = _mask(masked, start, end)
    if "://" in masked or "www." in masked or "WWW." in masked:
        for m in _URL_RE.finditer(masked):
            url = _trim_url(m.group())
            if len(url) > 4:
                end = m.start() + len(url)
                found.append(Placeable("url", m.start(), end, url, url))
                masked = _mask(masked, m.start(), end)
    if "@" in masked:
        for m in _EMAIL_RE.finditer(masked):
            found.append(Placeable("email", m.start(), m.end(), m.group(), m.group()))
            masked = _mask(masked, m.start(), m.end())
    if terms:
        term_re = _terms_re(tuple(terms))
        if term_re is not None:
            position = 0
            while (hit := term_re.search(masked, position)) is not None:
                start = hit.start()
                if start and joins(masked[start - 1], masked[start]):
                    position = start + 1
                    continue
                found.append(Placeable("term", start, hit.end(), hit.group(), hit.group()))
                masked = _mask(masked, start, hit.end())
                position = hit.end()
    if found:
        found.extend(_numbers(masked, locale))
        found.sort(key=_START)
        return found
    return _numbers(masked, locale)


def _numbers(masked: str, locale: str) -> list[Placeable]:
    notation = _notation(locale)
    if _ANY_DIGIT_RE.search(masked) is None:
        return []
    pattern = _NUMBER_SPACED_RE if notation.spaced else _NUMBER_RE
    numbers: list[Placeable] = []
    previous_end = -1
    previous_unitless = -1  # index in numbers of a number without a unit
    for m in pattern.finditer(masked):
        start, end = m.span()
        token = m.group()
        if start:
            before = masked[start - 1]
            if before in _LEADING_DECIMAL:
                if start > 1 and _glued(masked[start - 2]):
                    continue
                start -= 1
                token = before + token
            elif _glued(before):
                continue
        unit = ""
        factor = 1
        ordinal = _ORDINAL_RE.match(masked, end)
        if ordinal:
            end = ordinal.end()
        else:
            while (scale := _SCALE_RE.match(masked, end)) is not None:
                word = scale.group(1).lower()
                multiplier = _SCALE_WORDS.get(word) or _SCALE_WORDS.get(word.rstrip("."))
                if multiplier is None:
                    break
                factor *= multiplier
                end = scale.end() if word in _SCALE_WORDS else scale.end() - 1
            unit, end = _unit_at(masked, end)
        reading = _number_value(token, locale, factor, unit)
        if reading is not None:
            value, native = reading
            numbers.append(Placeable("number", start, end, masked[start:end], value, native))
        else:  # digits no notation reads ("22.04.2020"): separate integers
            for run in _SPLIT_DIGITS_RE.finditer(token):
                piece_start = start + run.start()
                last = run.end() == len(token)
                piece_end = end if last else piece_start + len(run.group())
                piece = _value(_decimal(run.group()) * (factor if last else 1),
                               unit if last else "")
                numbers.append(
                    Placeable("number", piece_start, piece_end, masked[piece_start:piece_end],
                              piece)
                )
        # A range "70 to 85%": the first number takes the second's unit.
        if unit and previous_unitless >= 0 and _RANGE_JOIN_RE.match(masked, previous_end, start):
            first = numbers[previous_unitless]
            numbers[previous_unitless] = Placeable(
                first.kind, first.start, first.end, first.text, f"{first.value} {unit}",
                first.native,
            )
        previous_end = end
        previous_unitless = len(numbers) - 1 if not unit and not ordinal else -1
    return numbers


def _unit_name(word: str) -> str | None:
    return _UNIT_SYMBOLS.get(word) or _UNIT_WORDS.get(word.lower())


def _unit_at(text: str, position: int) -> tuple[str, int]:
    """The canonical unit written at ``position`` and where it ends, or ("", position)."""
    m = _UNIT_FIRST_RE.match(text, position)
    if m is None:
        return "", position
    name = _unit_name(m.group(1))
    end = m.end()
    if name is None:  # "per cent", "por ciento"
        second = _UNIT_SECOND_WORD_RE.match(text, end)
        if second is None:
            return "", position
        name = _UNIT_WORDS.get(f"{m.group(1).lower()} {second.group(1).lower()}")
        if name is None:
            return "", position
        end = second.end()
    parts = [name]
    while (more := _UNIT_NEXT_RE.match(text, end)) is not None:
        name = _unit_name(more.group(1))
        if name is None:
            break
        parts.append(name)
        end = more.end()
    return "/".join(parts), end


@lru_cache(maxsize=8192)
def _number_value(token: str, locale: str, factor: int, unit: str) -> tuple[str, bool] | None:
    """The value string of a number token and whether it is written the locale's way."""
    readings = _readings(token, _notation(locale))
    if not readings:
        return None
    value, native = readings[0]
    return _value(value * factor if factor != 1 else value, unit), native


def _glued(ch: str) -> bool:
    """Whether a number cannot start right after ``ch`` ("H2O", "B12", "1.2.3")."""
    return ch.isalnum() or ch in "_.,\u066b\u066c"


def _readings(token: str, notation: _Notation) -> list[tuple[Decimal, bool]]:
    """One (value, native) reading of ``token``, or [] when no notation reads it."""
    if token.isascii() and token.isdigit():
        return [(Decimal(token), True)]
    value = _read(token, notation)
    if value is not None:
        return [(value, True)]
    for other in (_ENGLISH, _CONTINENTAL):
        value = _read(token, other)
        if value is not None:
            return [(value, False)]
    return []


def _value(number: Decimal, unit: str) -> str:
    try:
        text = _canonical(number)
    except InvalidOperation:  # pragma: no cover - digits always make a decimal
        text = str(number)
    return f"{text} {unit}" if unit else text
