"""Masking: hide what an engine must not change, put it back, prove it came back.

Rules:
- Before an engine sees a segment, these are replaced by opaque tokens ``X<n>X``
  (numbered from 1 in order of appearance): code spans; URLs, e-mail addresses and
  autolinks; link and image targets (``](url "title")`` and ``][ref]``, with the
  opening ``[``/``![`` as a paired token, so the link text itself is translated);
  HTML tags, comments and entities; backslash escapes; Markdown emphasis markers
  (``**``, ``__``, ``*``, ``_``, paired); numbers with their unit (``2.5 mg``,
  ``40%``, ``0.5 mg/kg``); do-not-translate terms; and any text that already looks
  like a token, so a token can never be confused with source text.
- The token shape ``X<n>X`` is the one that survived, exactly once and unchanged,
  in every sentence of the project's articles sent through the offline EN->PT-BR
  model; shapes with brackets or braces (``{1}``, ``⟦1⟧``, ``__1__``, ``%1``) or
  longer letter runs (``XQX1XQX``) were dropped, doubled or rewritten.
- A token glued to a word in the source is written with a space around it, so the
  engine sees words it knows; the space is taken away again when restoring.
- Restoring requires every token exactly once, opening markers before their
  closing partners, and no other token-shaped text; otherwise ``MaskError`` says
  which tokens are missing, repeated or out of order, and nothing is restored.
- Numbers come back in the target locale's notation (Babel): ``2.5 mg`` is
  ``2,5 mg`` in es and pt_BR; an ungrouped integer (a year, ``2023``) is never
  regrouped; a percentage follows the locale's percent pattern (``40 %`` in es).
- Sentences are split after ``.``, ``!`` or ``?`` followed by space and a capital,
  digit, quote or token, never after a known abbreviation (``e.g.``, ``Dr.``);
  splitting runs on masked text, so a URL or a decimal point never splits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from l10n import wording

TOKEN = re.compile(r"X(\d+)X")
_TOKEN_ANYWHERE = re.compile(r"X(\d+)X")

_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_HTML = re.compile(
    r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w:.-]*"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>",
    re.DOTALL,
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_LINK_OPEN = re.compile(r"!?\[")
_LINK_INLINE_TAIL = re.compile(
    r"\]\(\s*(?:<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_LINK_REF_TAIL = re.compile(r"\]\[[^\[\]]*\]")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_STRONG = re.compile(r"(?<![\w\\*])(\*\*|__)(?![\s*_])(.+?)(?<![\s\\])\1(?![\w*])", re.DOTALL)
_EM = re.compile(r"(?<![\w\\*])(\*|_)(?![\s*_])(.+?)(?<![\s\\*])\1(?![\w*])", re.DOTALL)
_UNITS = (
    r"mg/kg/h|mg/kg|mcg/kg|µg/kg|μg/kg|mg/mL|mg/ml|mg/dL|mmol/L|mmHg|mEq|mcg|µg|μg|mg|kg|"
    r"mL|ml|dL|cm|mm|IU|Hz|°C|°F|%|g|L"
)
_NUMBER = re.compile(
    r"(?<![\w.,])(?<![A-Za-z]-)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:(?P<space>[ \u00a0\u202f]?)(?P<unit>{_UNITS})(?![\w/]))?"
    r"(?![\w]|[.,]\d)"
)
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "vs",
        "approx",
        "fig",
        "no",
        "vol",
        "al",
        "ca",
        "cf",
        "jr",
        "sr",
        "inc",
        "ltd",
        "dept",
    ]
)
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?(?:[A-Z0-9]|X\d+X))")
_NEWLINE = re.compile(r"\s*\n\s*")


class MaskError(ValueError):
    """A translation lost, repeated, reordered or invented tokens."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Mask:
    """One hidden piece of a segment."""

    token: str  # "X3X"
    original: str  # the source text it stands for
    kind: str  # code, url, link_open, link_close, html, entity, escape, emphasis, number, term, literal
    restored: str  # what goes back into the translation (a number in target notation)
    pad_left: bool = False  # a space was added before the token
    pad_right: bool = False  # a space was added after the token
    partner: int | None = None  # for an opening marker: the index of its closing marker


@dataclass(frozen=True)
class Masked:
    """A segment as an engine sees it, and what to restore."""

    source: str
    text: str
    masks: tuple[Mask, ...]

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(m.token for m in self.masks)


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    partner: _Span | None = None
    opens: bool = False


def mask(text: str, *, locale: str = "en", terms: Iterable[str] = ()) -> Masked:
    """Hide the protected parts of ``text``; numbers are restored in ``locale`` notation."""
    spans: list[_Span] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s.start or start >= s.end for s in spans)

    def add(start: int, end: int, kind: str) -> _Span | None:
        if start < end and free(start, end):
            span = _Span(start, end, kind)
            spans.append(span)
            return span
        return None

    for m in _TOKEN_ANYWHERE.finditer(text):
        add(m.start(), m.end(), "literal")
    for m in _CODE.finditer(text):
        add(m.start(), m.end(), "code")
    for m in _AUTOLINK.finditer(text):
        add(m.start(), m.end(), "url")
    for m in _ESCAPE.finditer(text):
        add(m.start(), m.end(), "escape")
    _links(text, spans, free)
    for pattern, kind in ((_HTML, "html"), (_ENTITY, "entity"), (_URL, "url"), (_EMAIL, "url")):
        for m in pattern.finditer(text):
            add(m.start(), m.end(), kind)
    term_list = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if term_list:
        alternation = "|".join(re.escape(t) for t in term_list)
        for m in re.finditer(rf"(?<!\w)(?:{alternation})(?!\w)", text):
            add(m.start(), m.end(), "term")
    for m in _NUMBER.finditer(text):
        add(m.start(), m.end(), "number")
    for pattern in (_STRONG, _EM):
        _emphasis(text, pattern, spans, free)

    spans.sort(key=lambda s: s.start)
    # Touching spans ("**NMDA**", "**2.5 mg**") become one token: small models drop or
    # repeat tokens in runs like "X1X X2X X3X".
    groups: list[list[_Span]] = []
    for span in spans:
        if groups and groups[-1][-1].end == span.start:
            groups[-1].append(span)
        else:
            groups.append([span])
    group_of = {id(s): g for g, group in enumerate(groups) for s in group}
    masks: list[Mask] = []
    out: list[str] = []
    pos = 0
    for i, group in enumerate(groups):
        start, end = group[0].start, group[-1].end
        token = f"X{i + 1}X"
        out.append(text[pos:start])
        prev_char = text[start - 1] if start > 0 else ""
        next_char = text[end] if end < len(text) else ""
        pad_left = bool(prev_char) and not prev_char.isspace() and _wordish(prev_char)
        pad_right = bool(next_char) and not next_char.isspace() and _wordish(next_char)
        out.append((" " if pad_left else "") + token + (" " if pad_right else ""))
        partner = None
        for span in group:
            if span.opens and span.partner is not None and group_of[id(span.partner)] != i:
                partner = group_of[id(span.partner)]
                break
        restored = "".join(
            _localize_number(text[s.start : s.end], locale)
            if s.kind == "number"
            else text[s.start : s.end]
            for s in group
        )
        masks.append(
            Mask(
                token=token,
                original=text[start:end],
                kind=group[0].kind if len(group) == 1 else "group",
                restored=restored,
                pad_left=pad_left,
                pad_right=pad_right,
                partner=partner,
            )
        )
        pos = end
    out.append(text[pos:])
    return Masked(source=text, text="".join(out), masks=tuple(masks))


def _wordish(char: str) -> bool:
    return char.isalnum() or char in "_*`'’\"“”"


def _links(text: str, spans: list[_Span], is_free: Callable[[int, int], bool]) -> None:
    """Pair each ``[``/``![`` with its ``](target)`` or ``][ref]`` tail."""
    for m in _LINK_OPEN.finditer(text):
        if not is_free(m.start(), m.end()):
            continue
        if m.start() > 0 and text[m.start() - 1] == "\\":
            continue
        depth = 0
        j = m.end()
        close = -1
        while j < len(text):
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c == "[":
                depth += 1
            elif c == "]":
                if depth == 0:
                    close = j
                    break
                depth -= 1
            j += 1
        if close < 0:
            continue
        tail = _LINK_INLINE_TAIL.match(text, close) or _LINK_REF_TAIL.match(text, close)
        if tail is None or not is_free(tail.start(), tail.end()):
            continue
        opening = _Span(m.start(), m.end(), "link_open", opens=True)
        closing = _Span(tail.start(), tail.end(), "link_close")
        opening.partner = closing
        spans.extend((opening, closing))


def _emphasis(
    text: str, pattern: re.Pattern[str], spans: list[_Span], is_free: Callable[[int, int], bool]
) -> None:
    """Pair opening and closing emphasis markers; the text between stays translatable."""
    for m in pattern.finditer(text):
        marker = m.group(1)
        start, inner_end = m.start(), m.end() - len(marker)
        if not (is_free(start, start + len(marker)) and is_free(inner_end, m.end())):
            continue
        opening = _Span(start, start + len(marker), "emphasis", opens=True)
        closing = _Span(inner_end, m.end(), "emphasis")
        opening.partner = closing
        spans.extend((opening, closing))


def _localize_number(original: str, locale: str) -> str:
    """``2.5 mg`` -> ``2,5 mg`` (es); ``1,000`` -> ``1.000``; ``40%`` -> ``40 %`` (es)."""
    m = _NUMBER.fullmatch(original)
    if m is None or locale.split("_")[0] == "en":
        return original
    from babel.numbers import format_decimal, get_decimal_symbol

    num, unit, space = m.group("num"), m.group("unit") or "", m.group("space") or ""
    grouped = "," in num
    whole, _, fraction = num.replace(",", "").partition(".")
    if grouped:
        number = str(format_decimal(int(whole), locale=locale))
    else:
        number = whole
    if fraction:
        number += get_decimal_symbol(locale) + fraction
    if unit == "%":
        return _percent(number, locale)
    return f"{number}{space}{unit}"


def _percent(number: str, locale: str) -> str:
    """A localized number in the locale's percent pattern (``40 %`` in es, ``40%`` in pt_BR)."""
    from babel import Locale

    pattern = Locale.parse(locale).percent_formats[None].pattern.split(";")[0]
    return re.sub(r"[#0,.]+", lambda _: number, pattern, count=1).replace("'", "")


def unmask(translated: str, masked: Masked) -> str:
    """Put the hidden pieces back; raise ``MaskError`` unless every token came back once."""
    problems: list[str] = []
    found = [(m.group(0), m.start()) for m in _TOKEN_ANYWHERE.finditer(translated)]
    names = [name for name, _ in found]
    positions = {name: pos for name, pos in found}
    for m in masked.masks:
        count = names.count(m.token)
        if count == 0:
            problems.append(f"{m.token} ({_show(m.original)}) is missing")
        elif count > 1:
            times = wording.count(count, "time")
            problems.append(f"{m.token} ({_show(m.original)}) appears {times}")
    known = set(masked.placeholders)
    for name in dict.fromkeys(names):
        if name not in known:
            problems.append(f"{name} is not a placeholder of this text")
    for m in masked.masks:
        if m.partner is not None:
            closing = masked.masks[m.partner]
            a, b = positions.get(m.token), positions.get(closing.token)
            if a is not None and b is not None and a > b:
                problems.append(
                    f"{m.token} ({_show(m.original)}) comes after its closing {closing.token}"
                )
    if problems:
        raise MaskError(problems)
    return _restore(translated, {m.token: m for m in masked.masks})


def _restore(text: str, by_token: dict[str, Mask], original: bool = False) -> str:
    """Replace each known token by its text, taking away the spaces masking added."""
    out: list[str] = []
    pos = 0
    for found in _TOKEN_ANYWHERE.finditer(text):
        m = by_token.get(found.group(0))
        if m is None:
            continue
        before = text[pos : found.start()]
        if m.pad_left and before.endswith((" ", "\t")):
            before = before[:-1]
        elif m.pad_left and not before and out and out[-1].endswith((" ", "\t")):
            out[-1] = out[-1][:-1]
        out.append(before)
        out.append(m.original if original else m.restored)
        pos = found.end()
        if m.pad_right and text[pos : pos + 1] in (" ", "\t"):
            pos += 1
    out.append(text[pos:])
    return "".join(out)


def _show(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


# --- sentences -------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A sentence of masked text, with its own token numbering from 1."""

    text: str  # the sentence with local tokens X1X.. (stripped)
    tokens: tuple[str, ...]  # the segment's tokens, in local order: tokens[0] is X1X here
    before: str  # whitespace (or newline) that precedes it in the segment


def split_masked(
    masked_text: str, max_chars: int = 0, sentences: bool = True
) -> tuple[list[Piece], str]:
    """Masked text as sentences (or one piece), each renumbered from X1X; plus trailing space.

    A sentence longer than ``max_chars`` is cut at ``;``, ``,`` or a space near the limit.
    """
    pieces: list[Piece] = []
    lead = masked_text[: len(masked_text) - len(masked_text.lstrip())]
    body = masked_text.strip()
    trail = masked_text[len(lead) + len(body) :]
    if not body:
        return [], masked_text
    chunks: list[tuple[str, str]] = []  # (separator before, sentence)
    if not sentences:
        chunks.append((lead, body))
    else:
        for sep, content in _split_keep(body, _NEWLINE):
            for j, (sep2, sentence) in enumerate(_split_sentences(content)):
                for k, (sep3, part) in enumerate(_fit(sentence, max_chars)):
                    chunks.append((sep if j == 0 and k == 0 else sep2 if k == 0 else sep3, part))
        chunks[0] = (lead, chunks[0][1])
    for sep, sentence in chunks:
        local, tokens = _renumber(sentence)
        pieces.append(Piece(local, tokens, sep))
    return pieces, trail


def _fit(sentence: str, max_chars: int) -> list[tuple[str, str]]:
    """Cut a sentence longer than ``max_chars`` at a clause or word boundary."""
    if max_chars <= 0 or len(sentence) <= max_chars:
        return [("", sentence)]
    parts: list[tuple[str, str]] = []
    rest, sep = sentence, ""
    while len(rest) > max_chars:
        window = rest[: max_chars + 1]
        cut = max(window.rfind("; "), window.rfind(", "))
        cut = cut + 1 if cut > max_chars // 3 else window.rfind(" ")
        if cut <= 0:
            cut = max_chars  # one word longer than the limit: a hard cut
        parts.append((sep, rest[:cut].rstrip()))
        sep = rest[len(rest[:cut].rstrip()) : len(rest) - len(rest[cut:].lstrip())] or ""
        rest = rest[cut:].lstrip()
    parts.append((sep, rest))
    return parts


def join_pieces(pieces: Sequence[Piece], translations: Sequence[str], trail: str) -> str:
    """Translated pieces back into one masked text with the segment's own tokens."""
    out: list[str] = []
    for piece, translated in zip(pieces, translations, strict=True):
        out.append(piece.before)
        out.append(_globalize(translated.strip(), piece.tokens))
    out.append(trail)
    return "".join(out)


def _split_keep(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    pos, sep = 0, ""
    for m in pattern.finditer(text):
        parts.append((sep, text[pos : m.start()]))
        sep, pos = m.group(0), m.end()
    parts.append((sep, text[pos:]))
    return [(s, c) for s, c in parts if c]


def _split_sentences(text: str) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    pos, sep = 0, ""
    for m in _SENTENCE_END.finditer(text):
        cut = m.start() + len(m.group(1))
        head = text[pos:cut]
        last_word = re.search(r"(\S+)[.!?][\"'”’)\]]*$", head)
        if last_word and last_word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if last_word and re.fullmatch(r"[A-Z]", last_word.group(1)):  # an initial: "J. Smith"
            continue
        parts.append((sep, head))
        sep, pos = m.group(2), m.end()
    parts.append((sep, text[pos:]))
    return [(s, c) for s, c in parts if c]


def _renumber(sentence: str) -> tuple[str, tuple[str, ...]]:
    tokens: list[str] = []

    def repl(m: re.Match[str]) -> str:
        tokens.append(m.group(0))
        return f"X{len(tokens)}X"

    return _TOKEN_ANYWHERE.sub(repl, sentence), tuple(tokens)


def _globalize(translated: str, tokens: Sequence[str]) -> str:
    """Local tokens back to segment tokens; an unknown local number is kept visibly wrong."""

    def repl(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return tokens[n - 1] if 1 <= n <= len(tokens) else f"X0{m.group(1)}X"

    return _TOKEN_ANYWHERE.sub(repl, translated)


def piece_source(piece: Piece, masked: Masked) -> str:
    """The source text of one piece, protected parts back in place (a memory key)."""
    by_token = {m.token: m for m in masked.masks}
    return _restore(_globalize(piece.text, piece.tokens), by_token, original=True).strip()


def tokenize_translation(translation: str, piece: Piece, masked: Masked) -> str | None:
    """A reviewed translation of a piece with the piece's local tokens put back in.

    Each protected part must be found, in its target form, once per token; otherwise
    None (the piece then goes to the engine).
    """
    by_token = {m.token: m for m in masked.masks}
    if _TOKEN_ANYWHERE.search(translation):
        return None
    text = translation
    for local, token in enumerate(piece.tokens, 1):
        m = by_token[token]
        found = text.find(m.restored)
        if found < 0 or not m.restored:
            return None
        text = text[:found] + f"X{local}X" + text[found + len(m.restored) :]
    return text


def has_words(text: str) -> bool:
    """True if ``text`` has letters outside its tokens (otherwise nothing to translate)."""
    return any(c.isalpha() for c in _TOKEN_ANYWHERE.sub("", text))


def sentence_spans(text: str, terms: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Sentences of raw text, each with the whitespace before it; protected parts never split."""
    masked = mask(text, terms=terms)
    pieces, _ = split_masked(masked.text)
    by_token = {m.token: m for m in masked.masks}
    return [
        (piece.before, _restore(_globalize(piece.text, piece.tokens), by_token, True).strip())
        for piece in pieces
    ]


def split_sentences(text: str, terms: Iterable[str] = ()) -> list[str]:
    """Sentences of raw text (used by translation memory)."""
    return [sentence for _, sentence in sentence_spans(text, terms)]
