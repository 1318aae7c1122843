"""Reading and writing PO/POT text, exactly as GNU gettext writes it.

The in-memory model is polib's: a ``polib.POFile`` (a list of ``polib.POEntry``
plus ``header``, ``metadata`` and ``metadata_is_fuzzy``).  This module only
converts between that model and text; it never touches the disk.

Reading (``decode_po``, ``parse_po``)
  * Bytes are UTF-8, with or without a BOM; anything else is a ``CatalogError``
    on the line of the first bad byte.
  * The text is checked against the grammar gettext accepts while the model
    is built, so malformed input is always a ``CatalogError`` with a
    short message and the 1-based line of the problem, never another
    exception: unterminated string, bad escape, unknown keyword, msgstr
    without msgid, msgid without msgstr (reported on the msgid), msgstr[N]
    out of order, inconsistent ``#~``, duplicate msgctxt+msgid (reported on
    the second msgid), U+0004 in a string, no message at all.
  * Text is read as gettext's lexer reads it, token by token, which
    ``polib.pofile`` does not: a backslash at the end of a line joins the
    next line; blanks, carriage returns included, separate tokens, so CRLF
    and CR-only files read, several keywords may share a line and a
    keyword's strings may start on the next line; ``#~`` and ``#|`` mark
    the rest of their line obsolete or previous (``#~ # note`` is a comment);
    any other ``#`` starts a comment that runs to the next line feed,
    carriage returns included, as msgcat keeps them.  ``#`` and ``#.``
    comments lose one leading space and nothing else; ``#,`` (or ``#!``)
    flags are split on commas and blanks, and each such line replaces the
    flags read before it; ``#:`` references are ``file:line`` tokens
    (``file`` alone when there is no number); escapes include ``\\a``,
    octal and hex, decoded to bytes across all the strings of a value and
    then as UTF-8 (one character may be split over two lines); ``#~|``
    previous strings of obsolete entries are kept; comments after the last
    message are dropped.  The entries are built here, not by
    ``polib.pofile``; ``POFile.wrapwidth`` is 79.
  * Two readers, one result: text in the shape msgcat writes (one keyword
    and one string per line, one space between, LF line ends, only
    one-character escapes) is read entry by entry with one regex each
    (``_read_written``); anything else, and every error, is read again from
    the start by ``_Reader``, the whole grammar line by line.  Tests hold
    the two to the same objects and the same errors.
  * The header is the first active entry with an empty msgid: its
    translator comments are ``POFile.header``, its flags
    ``metadata_is_fuzzy`` (0 when there is no header) and its msgstr is
    split into ``metadata`` as polib splits it: ``str.splitlines``, the key
    before the first colon, the value after it stripped, in order.
  * ``POEntry.linenum`` is the 1-based line of the entry's ``msgid`` keyword.
  * A comment that is one empty line (a lone ``#`` or ``#.``) is an empty
    string that ``dump_po`` writes back (``_OneEmptyLine``).
  * Stricter than gettext: no ``domain`` directive, no NUL (nor an escape
    for one), at most ten plural forms, no msgctxt on an empty msgid (polib
    would take that entry for the header).  More lenient: a UTF-8 BOM.
  * Not in polib's model, so kept aside in ``POFile.l10n_header_as_read``
    and written back as read while ``metadata``, ``header`` and
    ``metadata_is_fuzzy`` are unchanged: the header's msgstr as written
    (polib strips values and folds lines without a colon), its comments
    other than translator comments and flags, its place among the entries.
  * Property-tested: for generated text that ``msgfmt --check`` accepts,
    ``dump_po(parse_po(text))`` is what ``msgcat`` writes for it.

Writing (``dump_po``)
  The result is a fixed point of ``msgcat`` from GNU gettext 0.21: msgcat
  prints it back byte for byte.  The rules follow gettext's write-po.c:
  * The header entry comes first when there is metadata (``Key: value``
    lines in dict order) or a header comment; then the active entries in
    list order; then the obsolete ones, prefixed ``#~ `` (``#~| `` for their
    previous strings).  Obsolete entries without a translation are not
    written, as gettext drops them.  One blank line separates entries.
  * Within an entry: ``#`` translator comments, ``#.`` extracted comments,
    ``#:`` references, ``#,`` flags, ``#|`` previous msgctxt, msgid,
    msgid_plural (only with a previous msgid, which gettext requires), then
    msgctxt, msgid, msgid_plural and msgstr or msgstr[0..N] (no gaps).
  * References: repeats are dropped, then a leading ``./``, so ``./a.md:1``
    and ``a.md:1`` are both written, as ``a.md:1``; a new ``#:`` line
    starts when the next reference would pass column 79, counted in bytes.
  * Flags, on one line in gettext's order: ``fuzzy`` (only when there is a
    translation), the ``*-format`` flags gettext 0.21 knows, ``range: N..M``,
    ``no-wrap``.  Other flags are not written: msgcat would drop them.
  * Strings escape ``\\a \\b \\f \\n \\r \\t \\v \\\\ \\"`` and write every
    other character as it is.  A string is cut after each ``\\n``; one with
    such a cut, or one that does not fit on the keyword line, starts with
    ``keyword ""``.  Lines are at most 79 columns, quotes included, broken
    where the Unicode line breaking algorithm allows (UAX #14 as
    libunistring 1.0 implements it, with gettext's overrides: never inside
    an escape sequence nor before a final ``\\n``).  Columns are counted per
    character, not per byte: wide East Asian characters take two, combining
    marks none.  The ``no-wrap`` flag lifts the width limit.  Text of
    simple characters (one column, a class the pair table alone decides:
    printable ASCII and most Latin text) takes a fast path that looks only
    at the characters around each line's end; its result is the same.
  * An active entry's text is remembered by its fields (plain ``str`` values
    only, a bounded cache): a new catalog's entries are its template's,
    field for field, so each is formatted once for the template and its
    locales.
  * Limits: a comment line ending with a backslash is written as it is, and
    gettext will join the next line to it when reading.  For entries with a
    ``*-format`` flag gettext also refuses to break inside a format directive
    (say ``%-d``); this module does not parse format directives, so such an
    entry may wrap differently when a directive falls at a line end.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import polib

from l10n.errors import CatalogError

__all__ = ["decode_po", "dump_po", "parse_po"]

PAGE_WIDTH = 79
"""gettext's default page width: no written line is longer, quotes included."""


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def decode_po(data: bytes, path: str) -> str:
    """Decode catalog bytes as UTF-8 (a leading BOM is dropped).

    Raises ``CatalogError`` with the 1-based line of the first byte that is
    not valid UTF-8.
    """
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = start + exc.start
        line = data.count(b"\n", 0, bad) + 1
        raise CatalogError(f"not valid UTF-8 (byte 0x{data[bad]:02x})", path, line) from None


def parse_po(text: str, path: str) -> polib.POFile:
    """Parse PO/POT text into a ``polib.POFile``.

    Raises ``CatalogError(message, path, line)`` for any malformed input and
    never any other exception.
    """
    po = _read_written(text)
    if po is not None:
        return po
    reader = _Reader(path)
    reader.read(text)
    return reader.build()


# Keyword lines: the keyword, an optional [index] (msgstr only), the strings.
_KEYWORD_RE = re.compile(
    r"([A-Za-z_$][A-Za-z0-9_$]*)[ \t\r\f\v]*"
    r"(?:\[[ \t\r\f\v]*([0-9]+)[ \t\r\f\v]*\][ \t\r\f\v]*)?"
)
# A string: quotes around characters other than '"' and backslash, or a
# backslash and any character (written unrolled, which is faster).
_STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.DOTALL)
_STRINGS_PREFIX_RE = re.compile(r'(?:"[^"\\]*(?:\\.[^"\\]*)*"[ \t\r\f\v]*)*', re.DOTALL)
# A backslash and what follows it, in string content already known to be
# well formed.  Content whose escapes are all in _PLAIN_ESCAPES (those polib
# understands) is decoded character by character; any other escape sends the
# whole string through _GNU_ESCAPE_RE, which decodes to bytes and then UTF-8.
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_PLAIN_ESCAPES = frozenset('ntrvbf"\\')
_GNU_ESCAPE_RE = re.compile(r'\\(?:([ntrvbfa"\\])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))', re.DOTALL)
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a",
    '"': '"', "\\": "\\",
}  # fmt: skip
_BLANKS = " \t\f\v\r"
_FLAG_SPLIT_RE = re.compile(r"[ \t\r\f\v,]+")
_REF_TOKEN_RE = re.compile(r"[^ \t]+")
_REF_NUMBER_AFTER_RE = re.compile(r"[ \t]*:[ \t]*([0-9]+)(?=[ \t]|\Z)")
_REF_NUMBER_AFTER_COLON_RE = re.compile(r"[ \t]*([0-9]+)(?=[ \t]|\Z)")
_REF_TRAILING_NUMBER_RE = re.compile(r"(.+):([0-9]+)\Z", re.DOTALL)
_REF_WRITTEN_TOKEN_RE = re.compile(r"[^ \t\n]+")
_SOLARIS_REF_RE = re.compile(
    r" [Ff]ile:[ \t]*(.*?),[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)[ \t]*\Z", re.DOTALL
)

# Parser states: where we are inside (or between) messages.
_BETWEEN, _PREV_CTXT, _PREV_ID, _PREV_PLURAL, _CTXT, _ID, _ID_PLURAL, _STR, _STR_N = range(9)
_PREV_STATES = (_PREV_CTXT, _PREV_ID, _PREV_PLURAL)
_PREVIOUS_STATE = {"msgctxt": _PREV_CTXT, "msgid": _PREV_ID, "msgid_plural": _PREV_PLURAL}
_PREVIOUS_FIELD = {
    "msgctxt": "previous_msgctxt",
    "msgid": "previous_msgid",
    "msgid_plural": "previous_msgid_plural",
}
# What a message still needs when it is cut short in a given state.
_MISSING = {
    _PREV_CTXT: "'#| msgctxt' without '#| msgid'",
    _PREV_ID: "'#|' previous strings without msgid",
    _PREV_PLURAL: "'#|' previous strings without msgid",
    _CTXT: "msgctxt without msgid",
    _ID: "msgid without msgstr",
    _ID_PLURAL: "msgid_plural without msgstr[0]",
}


@dataclass
class _Message:
    """Everything read for one message; ``build`` makes a ``polib.POEntry`` of it."""

    line: int = 0  # of the msgid keyword
    obsolete: bool = False
    tcomments: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None


class _Reader:
    """Reads PO text as gettext does, checking its grammar, and builds the model.

    String values are decoded line by line and kept, with the comments, in
    one ``_Message`` per message; ``build`` turns those into polib objects.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.messages: list[_Message] = []
        self.pending = _Message()  # comments waiting for their message
        self.current = self.pending
        self.state = _BETWEEN
        self.state_line = 0  # line of the keyword that set the state
        self.plural_index = 0
        # The _Message attribute the strings being read belong to ("" when
        # none; "msgstr_plural" for msgstr[plural_index]) and those strings.
        self.field = ""
        self.value: list[str] = []
        self.need_string = 0  # line of a keyword still waiting for its strings
        self.bytes_line = 0  # line of escaped bytes that are not UTF-8 on their own

    def error(self, message: str, line: int | None) -> CatalogError:
        return CatalogError(message, self.path, line)

    # -- lines -------------------------------------------------------------

    def read(self, text: str) -> None:
        text = text.removeprefix("\ufeff")
        if "\0" in text:
            raise self.error("NUL character", text.count("\n", 0, text.index("\0")) + 1)
        for lineno, raw in _logical_lines(text):
            line = raw.rstrip(_BLANKS)
            if not line:
                continue
            first = line[0]  # the usual lines first: a string, or a keyword
            if first == '"':
                pos = self.continuation(line, 0, lineno, False)
            elif first == "m":
                pos = self.keyword(line, 0, lineno, False)
            elif first == "#" and line[1:2] not in ("~", "|"):
                self.comment(raw, lineno)
                continue
            else:
                pos = 0
            if pos < len(line):
                self.tokens(raw, line, pos, lineno)
        if self.state in (_STR, _STR_N):
            self.end_message()
        elif self.state != _BETWEEN:
            raise self.error(_MISSING[self.state], self.state_line)
        self.check_messages()

    def tokens(self, raw: str, line: str, pos: int, lineno: int) -> None:
        """Read the tokens of ``line`` (``raw`` without its trailing blanks)
        from ``pos``, as gettext's lexer does: blanks (carriage returns
        included) separate them, ``#~`` and ``#|`` mark the rest of the line
        obsolete or previous, and any other ``#`` starts a comment that runs
        to the end of the line."""
        end = len(line)
        obsolete = previous = False
        while True:
            while pos < end and line[pos] in _BLANKS:
                pos += 1
            if pos == end:
                return
            first = line[pos]
            if first == "#":
                kind = line[pos + 1 : pos + 2]
                if kind == "~":
                    obsolete = True
                    pos += 2
                    if line[pos : pos + 1] == "|":
                        previous = True
                        pos += 1
                elif kind == "|":
                    previous = True
                    pos += 2
                else:
                    self.comment(raw[pos:], lineno)
                    return
            elif previous:
                pos = self.previous(line, pos, lineno, obsolete)
            elif first == '"':
                pos = self.continuation(line, pos, lineno, obsolete)
            else:
                pos = self.keyword(line, pos, lineno, obsolete)

    def comment(self, line: str, lineno: int) -> None:
        self.between_messages(lineno)
        target = self.pending
        kind = line[1:2]
        if kind == ".":
            text = line[2:]
            target.comments.append(text[1:] if text[:1] == " " else text)
        elif kind == ":":
            target.occurrences.extend(_parse_references(line[2:]))
        elif kind in (",", "!"):
            target.flags = _parse_flags(line[2:])  # each "#," line replaces the flags
        else:
            text = line[1:]
            solaris = _SOLARIS_REF_RE.match(text) if text[:5] in (" File", " file") else None
            if solaris:  # "# File: name, line: 12", an old Sun format
                name = solaris.group(1).rstrip(" \t")
                target.occurrences.append((name, str(int(solaris.group(2)))))
            else:
                target.tcomments.append(text[1:] if text[:1] == " " else text)

    def between_messages(self, lineno: int) -> None:
        """A comment or a new message starts: the current message must be complete."""
        if self.state in (_STR, _STR_N):
            self.end_message()
        elif self.state in _PREV_STATES:
            raise self.error("'#|' lines must be followed by msgid", lineno)
        elif self.state != _BETWEEN:
            raise self.error(_MISSING[self.state], self.state_line)

    def previous(self, line: str, pos: int, lineno: int, obsolete: bool) -> int:
        if line[pos] == '"':
            if self.state not in _PREV_STATES:
                raise self.error("'#|' string without a '#|' keyword", lineno)
            self.check_obsolete(obsolete, lineno)
            return self.add_strings(line, pos, lineno)
        match = _KEYWORD_RE.match(line, pos)
        if not match:
            raise self.error("syntax error in '#|' line", lineno)
        word = match.group(1)
        if word not in _PREVIOUS_STATE or match.group(2) is not None:
            raise self.error(f"unknown keyword in '#|' line: {word[:40]!r}", lineno)
        if word == "msgid_plural":
            if self.state != _PREV_ID:
                raise self.error("'#| msgid_plural' without '#| msgid'", lineno)
        elif word == "msgid" and self.state == _PREV_CTXT:
            pass
        else:
            self.between_messages(lineno)
            self.start_message(obsolete, lineno)
        self.check_obsolete(obsolete, lineno)
        self.close_field()
        self.field = _PREVIOUS_FIELD[word]
        self.state = _PREVIOUS_STATE[word]
        self.state_line = lineno
        return self.keyword_strings(line, match.end(), lineno)

    def keyword(self, line: str, pos: int, lineno: int, obsolete: bool) -> int:
        match = _KEYWORD_RE.match(line, pos)
        word = match.group(1) if match else ""
        if word not in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            if line[:pos].rstrip(_BLANKS).endswith('"'):
                raise self.error("unexpected text after string", lineno)
            if not match:
                raise self.error("syntax error", lineno)
            raise self.error(f"unknown keyword {word[:40]!r}", lineno)
        assert match is not None
        index = match.group(2)
        if index is not None and word != "msgstr":
            raise self.error(f"{word} cannot have an index", lineno)
        self.close_field()  # into the message it belongs to, before any other starts
        state = self.state
        if word == "msgctxt" or (word == "msgid" and state != _CTXT):
            if state == _PREV_CTXT:
                raise self.error(_MISSING[_PREV_CTXT], self.state_line)
            if state not in _PREV_STATES:
                self.between_messages(lineno)
                self.start_message(obsolete, lineno)
            self.check_obsolete(obsolete, lineno)
            state = _CTXT if word == "msgctxt" else _ID
            if word == "msgid":
                self.current.line = lineno
        elif word == "msgid":  # after msgctxt
            self.check_obsolete(obsolete, lineno)
            self.current.line = lineno
            state = _ID
        elif word == "msgid_plural":
            if state != _ID:
                raise self.error("msgid_plural without msgid", lineno)
            self.check_obsolete(obsolete, lineno)
            state = _ID_PLURAL
        elif index is None:
            if state == _ID_PLURAL:
                raise self.error("msgstr after msgid_plural: expected msgstr[0]", lineno)
            if state != _ID:
                raise self.error("msgstr without msgid", lineno)
            self.check_obsolete(obsolete, lineno)
            state = _STR
        else:
            number = int(index)
            if state == _ID:
                raise self.error(f"msgstr[{number}] without msgid_plural", lineno)
            if state not in (_ID_PLURAL, _STR_N):
                raise self.error(f"msgstr[{number}] without msgid", lineno)
            expected = 0 if state == _ID_PLURAL else self.plural_index + 1
            if number != expected:
                raise self.error(
                    f"msgstr[{number}] out of order: expected msgstr[{expected}]", lineno
                )
            if number > 9:
                raise self.error("more than 10 plural forms are not supported", lineno)
            self.check_obsolete(obsolete, lineno)
            self.plural_index = number
            state = _STR_N
        self.state = state
        self.state_line = lineno
        self.field = "msgstr_plural" if state == _STR_N else word
        return self.keyword_strings(line, match.end(), lineno)

    def continuation(self, line: str, pos: int, lineno: int, obsolete: bool) -> int:
        if self.state in _PREV_STATES or self.state == _BETWEEN:
            raise self.error("string without a keyword", lineno)
        self.check_obsolete(obsolete, lineno)
        return self.add_strings(line, pos, lineno)

    def keyword_strings(self, line: str, pos: int, lineno: int) -> int:
        """The strings after a keyword; gettext lets them start on the next
        line, or after a ``#~`` or ``#|`` on this one."""
        if pos == len(line) or line[pos] == "#":
            self.need_string = lineno
            return pos
        if line[pos] != '"':
            raise self.error("expected a string", lineno)
        return self.add_strings(line, pos, lineno)

    def add_strings(self, line: str, pos: int, lineno: int) -> int:
        """Add the value of the strings at ``line[pos]`` (a quote); return where they end."""
        self.need_string = 0
        end = len(line) - 1
        if end > pos and line[end] == '"':
            # One string and nothing after it, unless the content has a quote
            # or ends with a backslash: those need the full grammar.
            content = line[pos + 1 : end]
            if '"' not in content and content[-1:] != "\\":
                if "\\" in content or "\x04" in content:
                    content = self.decode(content, lineno)
                self.value.append(content)
                return end + 1
        found = _STRINGS_PREFIX_RE.match(line, pos)
        after = found.end() if found else pos
        if after == pos or (after < len(line) and line[after] == '"'):
            raise self.error("unterminated string", lineno)
        for content in _STRING_RE.findall(line, pos, after):
            self.value.append(self.decode(content, lineno))
        return after

    def decode(self, content: str, lineno: int) -> str:
        """The value of one string's content, escapes as written."""
        if "\\" in content:
            if content.count("\\") == content.count("\\n"):  # only "\n": the usual case
                content = content.replace("\\n", "\n")
            elif _PLAIN_ESCAPES.issuperset(_ESCAPE_RE.findall(content)):
                content = _ESCAPE_RE.sub(_plain_escape, content)
            else:
                content = self.unescape(content, lineno)
        if "\x04" in content:
            raise self.error("context separator (U+0004) within string", lineno)
        return content

    def unescape(self, content: str, lineno: int) -> str:
        """Decode every escape gettext knows, octal and hex bytes included."""
        out = bytearray()
        pos = 0
        for match in _GNU_ESCAPE_RE.finditer(content):
            out += content[pos : match.start()].encode("utf-8", "surrogatepass")
            pos = match.end()
            simple, octal, hexa, bad = match.groups()
            if simple is not None:
                out += _SIMPLE_ESCAPES[simple].encode()
            elif bad is not None:
                raise self.error(f"invalid escape sequence \\{bad}", lineno)
            else:
                byte = (int(octal, 8) if octal is not None else int(hexa[-2:], 16)) & 0xFF
                if byte == 0:
                    raise self.error("escape sequence for a NUL character", lineno)
                out.append(byte)
        out += content[pos:].encode("utf-8", "surrogatepass")
        try:
            return out.decode("utf-8")
        except UnicodeDecodeError:
            # Perhaps a character whose bytes go on in the next string:
            # close_field decodes the joined value again.
            if not self.bytes_line:
                self.bytes_line = lineno
            return out.decode("utf-8", "surrogateescape")

    # -- messages ----------------------------------------------------------

    def start_message(self, obsolete: bool, lineno: int) -> None:
        self.current = self.pending
        self.current.line = lineno
        self.current.obsolete = obsolete
        self.pending = _Message()

    def check_obsolete(self, obsolete: bool, lineno: int) -> None:
        if obsolete != self.current.obsolete:
            raise self.error("inconsistent use of #~", lineno)

    def close_field(self) -> None:
        """Store the strings just read in the current message."""
        if self.need_string:
            raise self.error("expected a string", self.need_string)
        if not self.field:
            return
        value = self.value[0] if len(self.value) == 1 else "".join(self.value)
        if self.bytes_line:  # escaped bytes: UTF-8 once the strings are joined
            try:
                value = value.encode("utf-8", "surrogateescape").decode("utf-8")
            except UnicodeError:
                raise self.error(
                    "escape sequences do not form valid UTF-8", self.bytes_line
                ) from None
            self.bytes_line = 0
        if self.field == "msgstr_plural":
            self.current.msgstr_plural[self.plural_index] = value
        else:
            setattr(self.current, self.field, value)
        self.field = ""
        self.value = []

    def end_message(self) -> None:
        self.close_field()
        self.messages.append(self.current)
        self.state = _BETWEEN

    def check_messages(self) -> None:
        if not self.messages:
            raise self.error("no messages: not a PO file", 1)
        seen: dict[tuple[str | None, str], int] = {}
        for message in self.messages:
            key = (message.msgctxt, message.msgid)
            if key in seen:
                raise self.error(
                    f"duplicate message (first defined on line {seen[key]})", message.line
                )
            seen[key] = message.line
            if message.msgid == "" and message.msgctxt is not None and not message.obsolete:
                raise self.error("msgctxt on an empty msgid is not supported", message.line)

    # -- model -------------------------------------------------------------

    def build(self) -> polib.POFile:
        """The ``polib.POFile`` of the messages read.

        The first active message with an empty msgid and no msgctxt is the
        header: its translator comments are ``header``, its flags
        ``metadata_is_fuzzy`` and its msgstr, split as polib splits it,
        ``metadata``.
        """
        po = polib.POFile(wrapwidth=PAGE_WIDTH, encoding="utf-8")
        header = None
        before = 0  # active entries before the header
        entries: list[polib.POEntry] = []
        for message in self.messages:
            if (
                header is None
                and message.msgid == ""
                and message.msgctxt is None
                and not message.obsolete
            ):
                header = message
                before = sum(not entry.obsolete for entry in entries)
                continue
            entries.append(_entry(message))
        po.extend(entries)
        if header is not None:
            po.header = _comment_text(header.tcomments)
            po.metadata_is_fuzzy = header.flags
            po.metadata = _metadata(header.msgstr)
            # What polib's model cannot hold (the msgstr as written, other
            # comments) is kept for dump_po while the header is unchanged.
            po.l10n_header_as_read = _HeaderAsRead(
                dict(po.metadata), po.header, list(header.flags), _entry(header), before
            )
        return po


# -- the fast path -----------------------------------------------------------
#
# Catalogs written by msgcat (and by dump_po) use few of the shapes gettext
# reads: one keyword per line with one string after one space, continuation
# lines holding one string, ``#|``, ``#~`` and ``#~|`` lines written the
# same way, comments before the keywords, blank lines between entries, only
# one-character escapes.  _read_written matches each entry of that shape
# with one regex and builds its POEntry at once.  Text of any other shape,
# and any error, is left to _Reader, which reads it from the start: the
# model and the errors are always _Reader's.  The regexes refuse whatever
# _Reader reads otherwise than line by line: CR, NUL, U+0004 in a string,
# a backslash at the end of a line.

_WRITTEN_STRING = r'"[^"\\\n\r\0\x04]*(?:\\[^\n\r\0\x04][^"\\\n\r\0\x04]*)*"'
# A comment line: "#" but not "#~" nor "#|".
_WRITTEN_COMMENT = r"#(?:[^~|\n\r\0][^\n\r\0]*)?(?<!\\)\n"
# The comments of an entry in msgcat's order, each kind in one group (their
# lines read together), then any other comments (read one by one): "# "
# translator comments (not "# File:", an old Sun reference), "#. " extracted
# comments, "#:" references as " file:line" tokens one space apart, one
# "#," flags line.
_WRITTEN_COMMENTS = (
    r"\n*"
    r"((?:# (?![Ff]ile)[^\n\r\0]*(?<!\\)\n)*)"
    r"((?:#\. [^\n\r\0]*(?<!\\)\n)*)"
    r"((?:#:(?: [^ \t:\n\r\0][^ \t\n\r\0]*:[0-9]+)+\n)*)"
    r"(?:#,([^\n\r\0]*)(?<!\\)\n)?"
    rf"((?:{_WRITTEN_COMMENT}|\n)*)"
)


def _written_entry_re(prefix: str) -> re.Pattern[str]:
    """An entry as msgcat writes it, its keyword lines starting with ``prefix``
    (``#~ `` for an obsolete entry, whose previous strings start ``#~| ``)."""
    previous = re.escape(prefix[:2] + "| " if prefix else "#| ")
    prefix = re.escape(prefix)

    def strings(start: str) -> str:
        return f"({_WRITTEN_STRING}(?:\\n{start}{_WRITTEN_STRING})*)\\n"

    return re.compile(
        rf"{_WRITTEN_COMMENTS}(?:(?:{previous}msgctxt {strings(previous)})?"
        rf"{previous}msgid {strings(previous)}"
        rf"(?:{previous}msgid_plural {strings(previous)})?)?"
        rf"(?:{prefix}msgctxt {strings(prefix)})?"
        rf"{prefix}msgid {strings(prefix)}"
        rf"(?:{prefix}msgstr {strings(prefix)}"
        rf"|{prefix}msgid_plural {strings(prefix)}"
        rf"({prefix}msgstr\[0\] {_WRITTEN_STRING}"
        rf"(?:\n{prefix}(?:msgstr\[[1-9]\] )?{_WRITTEN_STRING})*)\n)"
    )


_WRITTEN_ENTRY_RE = _written_entry_re("")
_WRITTEN_OBSOLETE_RE = _written_entry_re("#~ ")
_WRITTEN_MSGID = 10  # the group of the msgid's strings: after 5 of comments, 4 of context
_WRITTEN_END_RE = re.compile(rf"(?:{_WRITTEN_COMMENT}|\n)*\Z")  # comments after the last message
_WRITTEN_ESCAPES = frozenset(_SIMPLE_ESCAPES)  # what msgcat writes: one character each
_WRITTEN_PLURAL_SPLIT_RE = re.compile(r"(?:\A|\n)msgstr\[([0-9])\] ")
_WRITTEN_OBSOLETE_PLURAL_SPLIT_RE = re.compile(r"(?:\A|\n)#~ msgstr\[([0-9])\] ")


class _NotWritten(Exception):
    """The text is not in the shape _read_written reads."""


def _read_written(text: str) -> polib.POFile | None:
    """The model of ``text`` when every entry is written as msgcat writes
    them (see above) and the text is valid; otherwise None."""
    text = text.removeprefix("\ufeff")
    if not text.endswith("\n"):
        text += "\n"  # _logical_lines then reads one more line, an empty one
    try:
        return _build_written(text)
    except _NotWritten:
        return None


def _written_value(strings: str, joint: str) -> str:
    """The value of strings ``"a"`` + joint[1:-1] + ``"b"``... as matched."""
    value = strings[1:-1]
    if "\n" in value:
        value = value.replace(joint, "")
    return _written_escapes(value) if "\\" in value else value


def _written_escapes(value: str) -> str:
    """``value`` with its escapes decoded.  Each string's escapes are
    complete, so the joined strings decode as the strings one by one."""
    if value.count("\\") == value.count("\\n"):
        return value.replace("\\n", "\n")
    if not _WRITTEN_ESCAPES.issuperset(_ESCAPE_RE.findall(value)):
        raise _NotWritten  # octal, hex, or invalid: _Reader decodes them
    return _ESCAPE_RE.sub(_plain_escape, value)


def _written_plurals(strings: str, obsolete: bool) -> dict[int, str]:
    """The ``msgstr[N]`` values, numbered 0, 1, 2... in order."""
    split = (_WRITTEN_OBSOLETE_PLURAL_SPLIT_RE if obsolete else _WRITTEN_PLURAL_SPLIT_RE).split
    parts = split(strings)
    joint = '"\n#~ "' if obsolete else '"\n"'
    plurals: dict[int, str] = {}
    for number in range(len(parts) // 2):
        if parts[2 * number + 1] != str(number):
            raise _NotWritten  # out of order: an error
        plurals[number] = _written_value(parts[2 * number + 2], joint)
    return plurals


def _written_comments(
    lines: str,
    tcomments: list[str],
    comments: list[str],
    occurrences: list[tuple[str, str]],
    flags: list[str],
) -> list[str]:
    """Add comment ``lines`` one by one, as _Reader.comment does; the flags."""
    for line in lines.split("\n"):
        if not line:
            continue
        kind = line[1:2]
        if kind == ".":
            text = line[2:]
            comments.append(text[1:] if text[:1] == " " else text)
        elif kind == ":":
            occurrences.extend(_parse_references(line[2:]))
        elif kind in (",", "!"):
            flags = _parse_flags(line[2:])
        else:
            text = line[1:]
            solaris = _SOLARIS_REF_RE.match(text) if text[:5] in (" File", " file") else None
            if solaris:
                name = solaris.group(1).rstrip(" \t")
                occurrences.append((name, str(int(solaris.group(2)))))
            else:
                tcomments.append(text[1:] if text[:1] == " " else text)
    return flags


def _build_written(text: str) -> polib.POFile:
    """_read_written's model; raises _NotWritten where text is not so written."""
    entries: list[polib.POEntry] = []
    seen: set[tuple[str | None, str]] = set()
    seen_add = seen.add
    header: polib.POEntry | None = None
    header_comments: list[str] = []
    before = 0  # active entries before the header
    entry_match = _WRITTEN_ENTRY_RE.match
    obsolete_match = _WRITTEN_OBSOLETE_RE.match
    count = text.count
    value_of = _written_value
    pos = 0
    lineno = 1  # of pos
    size = len(text)
    while pos < size:
        match = entry_match(text, pos)
        obsolete = match is None
        if match is None:
            match = obsolete_match(text, pos)
            if match is None:
                if _WRITTEN_END_RE.match(text, pos):
                    break
                raise _NotWritten
        (translator_lines, extracted_lines, reference_lines, flags_line, other_lines,
         previous_msgctxt, previous_msgid, previous_msgid_plural,
         msgctxt, msgid, msgstr, msgid_plural, plurals) = match.groups()  # fmt: skip
        tcomments = translator_lines[2:-1].split("\n# ") if translator_lines else []
        comments = extracted_lines[3:-1].split("\n#. ") if extracted_lines else []
        occurrences: list[tuple[str, str]] = []
        if reference_lines:
            references = reference_lines[3:-1]
            if "\n" in references:
                references = references.replace("\n#: ", " ")
            for token in references.split(" ") if " " in references else (references,):
                name, _, number = token.rpartition(":")
                if number[0] == "0":
                    number = str(int(number))
                occurrences.append((name, number))
        flags = [] if flags_line is None else _parse_flags(flags_line)
        if other_lines:
            flags = _written_comments(other_lines, tcomments, comments, occurrences, flags)
        joint = '"\n#~ "' if obsolete else '"\n"'
        msgid = value_of(msgid, joint)
        if msgctxt is not None:
            msgctxt = value_of(msgctxt, joint)
        seen_add((msgctxt, msgid))
        if previous_msgid is not None:
            before_joint = '"\n#~| "' if obsolete else '"\n#| "'
            previous_msgctxt = (
                None if previous_msgctxt is None else value_of(previous_msgctxt, before_joint)
            )
            previous_msgid = value_of(previous_msgid, before_joint)
            previous_msgid_plural = (
                None
                if previous_msgid_plural is None
                else value_of(previous_msgid_plural, before_joint)
            )
        end = match.end()
        entry = _po_entry(
            msgid,
            value_of(msgstr, joint) if plurals is None else "",
            "" if plurals is None else value_of(msgid_plural, joint),
            {} if plurals is None else _written_plurals(plurals, obsolete),
            msgctxt,
            obsolete,
            _comment_text(comments),
            _comment_text(tcomments),
            occurrences,
            flags,
            previous_msgctxt,
            previous_msgid,
            previous_msgid_plural,
            lineno + count("\n", pos, match.start(_WRITTEN_MSGID)),
        )
        lineno += count("\n", pos, end)
        pos = end
        if msgid == "" and not obsolete:
            if msgctxt is not None:
                raise _NotWritten  # an error
            if header is None:
                header = entry
                header_comments = tcomments
                before = sum(not other.obsolete for other in entries)
                continue
        entries.append(entry)
    if len(seen) != len(entries) + (header is not None):
        raise _NotWritten  # a duplicate message, an error: _Reader says where
    if not seen:
        raise _NotWritten  # no messages: an error
    po = polib.POFile(wrapwidth=PAGE_WIDTH, encoding="utf-8")
    po.extend(entries)
    if header is not None:
        po.header = _comment_text(header_comments)
        po.metadata_is_fuzzy = header.flags
        po.metadata = _metadata(header.msgstr)
        po.l10n_header_as_read = _HeaderAsRead(
            dict(po.metadata), po.header, list(header.flags), header, before
        )
    return po


@dataclass(frozen=True)
class _HeaderAsRead:
    """A header entry as read, for ``dump_po`` to write it back as msgcat does."""

    metadata: dict[str, str]
    comment: str
    flags: list[str]
    entry: polib.POEntry
    position: int  # active entries before it: msgcat keeps its place

    def unchanged(self, po: polib.POFile) -> bool:
        return (
            po.metadata == self.metadata
            and po.header == self.comment
            and isinstance(po.header, _OneEmptyLine) == isinstance(self.comment, _OneEmptyLine)
            and po.metadata_is_fuzzy == self.flags
        )


def _entry(message: _Message) -> polib.POEntry:
    return _po_entry(
        message.msgid,
        message.msgstr,
        message.msgid_plural,
        message.msgstr_plural,
        message.msgctxt,
        message.obsolete,
        _comment_text(message.comments),
        _comment_text(message.tcomments),
        message.occurrences,
        message.flags,
        message.previous_msgctxt,
        message.previous_msgid,
        message.previous_msgid_plural,
        message.line,
    )


def _po_entry(
    msgid: str,
    msgstr: str,
    msgid_plural: str,
    msgstr_plural: dict[int, str],
    msgctxt: str | None,
    obsolete: bool,
    comment: str,
    tcomment: str,
    occurrences: list[tuple[str, str]],
    flags: list[str],
    previous_msgctxt: str | None,
    previous_msgid: str | None,
    previous_msgid_plural: str | None,
    linenum: int | None,
) -> polib.POEntry:
    """The ``polib.POEntry`` that ``POEntry(msgid=..., ..., encoding="utf-8")``
    makes, with the same attributes in the same order, built without
    polib's keyword lookups (a third of the cost of reading a catalog)."""
    entry = _new_object(polib.POEntry)
    entry.msgid = msgid
    entry.msgstr = msgstr
    entry.msgid_plural = msgid_plural
    entry.msgstr_plural = msgstr_plural
    entry.msgctxt = msgctxt
    entry.obsolete = obsolete
    entry.encoding = "utf-8"
    entry.comment = comment
    entry.tcomment = tcomment
    entry.occurrences = occurrences
    entry.flags = flags
    entry.previous_msgctxt = previous_msgctxt
    entry.previous_msgid = previous_msgid
    entry.previous_msgid_plural = previous_msgid_plural
    entry.linenum = linenum
    return entry


_new_object = object.__new__


def untranslated(
    msgid: str,
    comment: str = "",
    occurrences: list[tuple[str, str]] | None = None,
    msgctxt: str | None = None,
    msgid_plural: str = "",
) -> polib.POEntry:
    """``polib.POEntry(msgid=..., msgstr="", ...)``: a template's or a new catalog's
    entry, built as the reader builds entries (a build makes tens of thousands)."""
    return _po_entry(
        msgid, "", msgid_plural, {}, msgctxt, False, comment, "",
        [] if occurrences is None else occurrences, [], None, None, None, None,
    )  # fmt: skip


class _OneEmptyLine(str):
    """A comment that is one empty line (a lone ``#`` or ``#.``).

    polib's model keeps comments as one string, lines joined by newlines, so
    it cannot tell one empty line from none; this empty string can, and
    ``dump_po`` writes it back as gettext does.
    """


def _comment_text(lines: list[str]) -> str:
    if lines == [""]:
        return _OneEmptyLine()
    return lines[0] if len(lines) == 1 else "\n".join(lines)


def _plain_escape(match: re.Match[str]) -> str:
    return _SIMPLE_ESCAPES[match.group(1)]


def _metadata(msgstr: str) -> dict[str, str]:
    """The header's ``Key: value`` fields, in order, as polib reads them.

    Lines are split with ``str.splitlines``; the key is what comes before
    the first colon, the value what follows it, stripped; a line without a
    colon is added, stripped, to the previous value after a newline (or
    dropped when there is none).  A repeated key keeps its first place and
    takes the last value.
    """
    metadata: dict[str, str] = {}
    key = None
    for line in msgstr.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


def _logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """Numbered lines; like gettext, a backslash at the end of a line joins
    the next line to it."""
    physical = text.split("\n")
    if "\\\n" not in text:
        yield from enumerate(physical, 1)
        return
    index = 0
    while index < len(physical):
        start = index
        parts = [physical[index]]
        while parts[-1].endswith("\\") and index + 1 < len(physical):
            parts[-1] = parts[-1][:-1]
            index += 1
            parts.append(physical[index])
        yield start + 1, "".join(parts)
        index += 1


def _parse_flags(text: str) -> list[str]:
    """Split a ``#,`` line as gettext does; ``range:`` keeps its value."""
    tokens = [t for t in _FLAG_SPLIT_RE.split(text) if t]
    flags: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "range:" and i + 1 < len(tokens):
            token = f"range: {tokens[i + 1]}"
            i += 1
        flags.append(token)
        i += 1
    return flags


def _parse_references(text: str) -> list[tuple[str, str]]:
    """Split a ``#:`` line into (file, line) pairs the way gettext 0.21 does."""
    found: list[tuple[str, str]] = []
    pos = 0
    while True:
        token = _REF_TOKEN_RE.search(text, pos)
        if token is None:
            return found
        name, pos = token.group(), token.end()
        after = _REF_NUMBER_AFTER_RE.match(text, pos)
        if after:  # "file : 12"
            found.append((name, str(int(after.group(1)))))
            pos = after.end()
            continue
        if name.endswith(":"):
            after = _REF_NUMBER_AFTER_COLON_RE.match(text, pos)
            if after:  # "file: 12"
                found.append((name[:-1], str(int(after.group(1)))))
                pos = after.end()
                continue
        trailing = _REF_TRAILING_NUMBER_RE.match(name)
        if trailing:  # "file:12"
            found.append((trailing.group(1), str(int(trailing.group(2)))))
        else:
            found.append((name, ""))


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def dump_po(po: polib.POFile) -> str:
    """Write a ``polib.POFile`` as GNU gettext (``msgcat``) writes it."""
    blocks: list[str] = []
    as_read = getattr(po, "l10n_header_as_read", None)
    if not (isinstance(as_read, _HeaderAsRead) and as_read.unchanged(po)):
        as_read = None
    if as_read is None and (po.metadata or po.header or isinstance(po.header, _OneEmptyLine)):
        flags = _parse_flags(", ".join(_header_flags(po.metadata_is_fuzzy)))
        metadata = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
        blocks.append(
            _comment_lines("#", po.header)
            + _flags_line(flags, metadata, False)
            + 'msgid ""\n'
            + _field("", "msgstr", metadata, _wraps(flags))
        )
    for entry in po:
        if not entry.obsolete:
            blocks.append(_written_entry(entry))
    if as_read is not None:
        blocks.insert(min(as_read.position, len(blocks)), _entry_text(as_read.entry, False))
    for entry in po:
        if entry.obsolete:
            text = _entry_text(entry, True)
            if text:
                blocks.append(text)
    return "\n".join(blocks)


_WRITTEN: dict[tuple[object, ...], str] = {}  # entry fields -> its text (``_written_entry``)
_WRITTEN_MAX = 1 << 10  # an article's entries, as ``_field``'s cache: little memory


def _written_entry(entry: polib.POEntry) -> str:
    """``_entry_text`` of an active entry, from a cache keyed by every field it reads.

    A new catalog's entries are its template's, field for field: each is formatted
    once for the template and all its locales. Only plain values are cached (``str``
    exactly, references as pairs of ``str``), so equal keys always write equal text.
    """
    occurrences = entry.occurrences
    flags = entry.flags
    if (
        entry.msgstr_plural
        or type(entry.comment) is not str
        or type(entry.tcomment) is not str
        or not all(type(o) is tuple and len(o) == 2 and type(o[0]) is str
                   and type(o[1]) is str for o in occurrences)
        or not all(type(f) is str for f in flags)
    ):
        return _entry_text(entry, False)
    key = (
        entry.msgid, entry.msgstr, entry.msgctxt, entry.msgid_plural, entry.comment,
        entry.tcomment, tuple(occurrences), tuple(flags), entry.previous_msgid,
        entry.previous_msgctxt, entry.previous_msgid_plural,
    )
    try:
        text = _WRITTEN.get(key)
    except TypeError:  # a field of another type (a list as msgid, say): not cached
        return _entry_text(entry, False)
    if text is None:
        text = _entry_text(entry, False)
        if len(_WRITTEN) >= _WRITTEN_MAX:
            _WRITTEN.clear()
        _WRITTEN[key] = text
    return text


def _header_flags(value: object) -> list[str]:
    """``POFile.metadata_is_fuzzy`` is the header's flag list after parsing,
    a boolean when set by hand."""
    if isinstance(value, (list, tuple)):
        return [str(flag) for flag in value]
    return ["fuzzy"] if value else []


def _entry_text(entry: polib.POEntry, obsolete: bool) -> str:
    """One entry, as write-po.c's message_print / message_print_obsolete."""
    plural = bool(entry.msgid_plural) or bool(entry.msgstr_plural)
    if plural:
        forms = _plural_forms(entry.msgstr_plural)
        translation = forms[0]
    else:
        translation = entry.msgstr or ""
    if obsolete and not translation:
        return ""  # gettext does not write untranslated obsolete entries
    flags = _parse_flags(", ".join(str(flag) for flag in entry.flags or ()))
    wrap = _wraps(flags)
    prefix = "#~ " if obsolete else ""
    previous = "#~| " if obsolete else "#| "
    parts = [
        _comment_lines("#", entry.tcomment),
        _comment_lines("#.", entry.comment),
        _references(entry.occurrences or ()),
        _flags_line(flags, translation, obsolete),
    ]
    if entry.previous_msgid is not None:  # gettext cannot read '#|' lines without it
        if entry.previous_msgctxt is not None:
            parts.append(_field(previous, "msgctxt", entry.previous_msgctxt, wrap))
        parts.append(_field(previous, "msgid", entry.previous_msgid, wrap))
        if entry.previous_msgid_plural is not None:
            parts.append(_field(previous, "msgid_plural", entry.previous_msgid_plural, wrap))
    if entry.msgctxt is not None:
        parts.append(_field(prefix, "msgctxt", entry.msgctxt, wrap))
    parts.append(_field(prefix, "msgid", entry.msgid or "", wrap))
    if plural:
        parts.append(_field(prefix, "msgid_plural", entry.msgid_plural or "", wrap))
        for index, form in enumerate(forms):
            parts.append(_field(prefix, f"msgstr[{index}]", form, wrap))
    else:
        parts.append(_field(prefix, "msgstr", translation, wrap))
    return "".join(parts)


def _plural_forms(msgstr_plural: dict[object, str] | None) -> list[str]:
    """msgstr[0..N] with no gap; an entry with no forms gets two empty ones."""
    forms: dict[int, str] = {}
    for key, value in (msgstr_plural or {}).items():
        forms[int(str(key))] = value or ""
    if not forms:
        return ["", ""]
    return [forms.get(i, "") for i in range(max(forms) + 1)]


def _comment_lines(mark: str, text: str | None) -> str:
    """``#`` or ``#.`` lines: one per line of ``text``, with a space unless empty."""
    if not text:
        return f"{mark}\n" if isinstance(text, _OneEmptyLine) else ""
    return "".join(f"{mark} {line}\n" if line else f"{mark}\n" for line in text.split("\n"))


# gettext 0.21's format languages, in the order it writes their flags.
_FORMATS = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FORMAT_ORDER = {name: index for index, name in enumerate(_FORMATS)}
_RANGE_FLAG_RE = re.compile(r"range:[ \t]+([0-9]+)\.\.([0-9]+)\Z")


def _wraps(flags: list[str]) -> bool:
    wrap = True
    for flag in flags:
        if flag == "no-wrap":
            wrap = False
        elif flag == "wrap":
            wrap = True
    return wrap


def _flags_line(flags: list[str], translation: str, obsolete: bool) -> str:
    """The ``#,`` line gettext writes for these flags (or nothing)."""
    if not flags:
        return ""
    fuzzy = False
    formats: dict[str, str] = {}  # language -> flag to write ("" for none)
    flag_range = ""
    for flag in flags:
        if flag == "fuzzy":
            fuzzy = True
        elif flag.endswith("-format"):
            name = flag[:-7]
            kind: str | None = ""  # "no-", or None for "impossible-" (not written)
            for marker, kind in (("no-", "no-"), ("possible-", ""), ("impossible-", None)):
                if name.startswith(marker):
                    name = name[len(marker) :]
                    break
            else:
                kind = ""
            if name in _FORMAT_ORDER:
                formats[name] = "" if kind is None else f"{kind}{name}-format"
        elif flag.startswith("range:"):
            match = _RANGE_FLAG_RE.match(flag)
            if match and int(match.group(1)) <= int(match.group(2)):
                flag_range = f"range: {int(match.group(1))}..{int(match.group(2))}"
    written = ["fuzzy"] if fuzzy and translation else []
    written += [
        formats[name] for name in sorted(formats, key=_FORMAT_ORDER.__getitem__) if formats[name]
    ]
    if flag_range and not obsolete:
        written.append(flag_range)
    if not _wraps(flags):
        written.append("no-wrap")
    return "#, " + ", ".join(written) + "\n" if written else ""


def _references(occurrences: Iterable[tuple[object, object]]) -> str:
    """``#:`` lines, wrapped at column 79 as gettext does (counting bytes)."""
    tokens: list[str] = []
    seen: set[tuple[str, str]] = set()
    for name, line in occurrences:
        text = str(name)
        if line not in (None, ""):
            text += f":{line}"
        # gettext reads the written line back token by token: a name with
        # blanks becomes several references.
        for token in _REF_WRITTEN_TOKEN_RE.findall(text):
            trailing = _REF_TRAILING_NUMBER_RE.match(token)
            file, number = (
                (trailing.group(1), str(int(trailing.group(2)))) if trailing else (token, "")
            )
            if (file, number) in seen:  # gettext keeps one of each, as read
                continue
            seen.add((file, number))
            while file.startswith("./"):  # written without "./", after that
                file = file[2:]
            tokens.append(f"{file}:{number}" if number else file)
    if not tokens:
        return ""
    out = ["#:"]
    column = 2
    for token in tokens:
        width = (len(token) if token.isascii() else len(token.encode("utf-8", "surrogatepass"))) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            out.append("\n#:")
            column = 2
        out.append(" ")
        out.append(token)
        column += width
    out.append("\n")
    return "".join(out)


_ESCAPES = str.maketrans(
    {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
     "\\": "\\\\", '"': '\\"'}
)  # fmt: skip


_NEEDS_ESCAPE_RE = re.compile('[\a\b\f\n\r\t\v\\\\"]')


def _escape(value: str) -> str:
    """``value`` with gettext's escapes (``str.translate`` is slow on non-ASCII text)."""
    if _NEEDS_ESCAPE_RE.search(value) is None:
        return value
    return value.translate(_ESCAPES)


@lru_cache(maxsize=1 << 10)  # an article's msgids are written again in each locale's catalog
def _field(prefix: str, keyword: str, value: str, wrap: bool) -> str:
    """``keyword "value"`` lines, wrapped as gettext's write-po.c wraps them."""
    # Columns for the string between the quotes of a continuation line.
    width = PAGE_WIDTH - 2 - len(prefix) if wrap else 1 << 60
    first_column = len(keyword) + 1  # where the string starts on the keyword line
    newline = value.find("\n")
    if newline < 0 or newline == len(value) - 1:  # one portion: the usual case
        text = _escape(value)
        text_width = _width(text)
        if first_column + text_width <= width:
            return f'{prefix}{keyword} "{text}"\n'
        portions = [(text, text_width, newline >= 0)]
    else:
        pieces = value.split("\n")
        raw = [piece + "\n" for piece in pieces[:-1]]
        if pieces[-1]:
            raw.append(pieces[-1])
        portions = []
        for piece in raw:
            text = _escape(piece)
            portions.append((text, _width(text), piece.endswith("\n")))
    out: list[str] = []
    for number, (text, text_width, ends_with_newline) in enumerate(portions):
        breaks = _line_breaks(text, width, 0, ends_with_newline) if text_width > width else []
        if number == 0:
            # gettext starts with 'keyword ""' when the string has several
            # portions or when it would break the first line anyway.  Without
            # mandatory breaks (U+0085, U+2028, U+2029) a text too wide for
            # any line breaks iff it has a break opportunity, whatever the
            # column it starts at, so the breaks at column 0 tell.
            if len(portions) == 1 and not (
                breaks
                if text_width > width and not _MANDATORY_RE.search(text)
                else _line_breaks(text, width, first_column, ends_with_newline, True)
            ):
                return f'{prefix}{keyword} "{text}"\n'
            out.append(f'{prefix}{keyword} ""\n')
        start = 0
        for cut in breaks:
            out.append(f'{prefix}"{text[start:cut]}"\n')
            start = cut
        out.append(f'{prefix}"{text[start:]}"\n')
    return "".join(out)


def _width(text: str) -> int:
    """Display columns of escaped text, as libunistring's uc_width counts them."""
    if text.isascii() and text.isprintable() or _narrow().match(text):
        return len(text)
    return sum(map(_WIDTH.__getitem__, map(ord, text)))


# Break opportunities, as libunistring's UC_BREAK_* values.
_NO, _YES, _MANDATORY = 1, 2, 3
# Line breaking classes (libunistring's numbering); 0..32 index the pair table.
_BA, _HY, _HL, _RI, _ZWJ, _AL = 3, 5, 28, 29, 30, 20
_BK, _LF, _CM, _ZW, _SP = 33, 35, 36, 37, 38
_HL_BA = 39  # pseudo class: a Hebrew letter followed by a hyphen

# Letters and digits of the Latin script: all of class AL or NU and one
# column wide, so there is never a break between two of them.  _line_breaks
# takes a run of them, or one other character, plus the spaces that follow,
# in one step.
_RUN = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_TOKEN_RE = re.compile(f"([{_RUN}]+|[^ {_RUN}]| )( *)")
_MANDATORY_RE = re.compile("[\u0085\u2028\u2029]")  # raw BK characters


def _line_breaks(
    text: str, width: int, column: int, ends_with_newline: bool, first_only: bool = False
) -> list[int]:
    """Where gettext breaks ``text`` (an escaped portion) into lines.

    A port of libunistring's u8_possible_linebreaks (UAX #14 with the pair
    table below) fused with u8_width_linebreaks, with write-po.c's overrides:
    no break inside an escape sequence nor before a final ``\\n``.
    ``column`` is where the text starts, ``width`` the column it must not
    pass.  Returns the indices in ``text`` where a new line starts (only the
    first one if ``first_only``).
    """
    if text.isascii() and text.isprintable() or _simple_tables()[0].match(text):
        return _simple_line_breaks(text, width, column, ends_with_newline, first_only)
    return _unicode_line_breaks(text, width, column, ends_with_newline, first_only)


def _unicode_line_breaks(
    text: str, width: int, column: int, ends_with_newline: bool, first_only: bool = False
) -> list[int]:
    """_line_breaks for any text, character by character."""
    classes = _CLASS
    widths = _WIDTH
    pairs = _PAIRS
    found: list[int] = []
    prev = last = _BK  # class of the previous character / of the last non-space
    spaces = False  # spaces since the last non-space
    regional = 0  # regional indicators just before the current one
    piece_start = -1  # where the current unbreakable piece starts
    piece = 0  # its width
    escape = False  # the previous character started an escape sequence
    keep = len(text) - 2 if ends_with_newline else -1
    for token in _TOKEN_RE.finditer(text):
        i = token.start()
        ch = text[i]
        code = ord(ch)
        cls = classes[code]
        # u8_possible_linebreaks: may the line break before ch?
        if cls < _RI and last < _RI and prev != _ZWJ and prev != _HL_BA:  # the usual case
            rule = pairs[last][cls]
            brk = _YES if rule == 1 or (rule == 2 and spaces) else _NO
            last = cls
            spaces = False
        elif cls == _SP:
            brk = _NO
            spaces = True
        elif cls == _CM or cls == _ZWJ:
            if last == _BK:
                brk = _NO
                last = _AL
                spaces = False
            elif last == _ZW or spaces:
                brk = _YES
                last = _AL
                spaces = False
            else:
                brk = _NO
        elif cls == _ZW:
            brk = _NO
            last = _ZW
            spaces = False
        elif cls >= _BK:  # BK, CR, LF: a mandatory break
            brk = _MANDATORY
            last = _BK
            spaces = False
        else:
            if last == _BK:
                brk = _NO
            elif last == _ZW:
                brk = _YES
            elif prev == _ZWJ:
                brk = _NO
            elif cls == _RI and last == _RI:
                brk = _YES if spaces or prev != _RI or regional % 2 == 0 else _NO
            elif prev == _HL_BA:
                brk = _NO
            else:
                rule = pairs[last][cls]
                brk = _YES if rule == 1 or (rule == 2 and spaces) else _NO
            last = cls
            spaces = False
        if cls == _RI:
            regional = regional + 1 if prev == _RI else 1
        if prev == _HL and (cls == _HY or cls == _BA):
            prev = _HL_BA
        else:
            prev = cls
        # write-po.c's overrides
        if escape:
            brk = _NO
            escape = False
        elif ch == "\\":
            escape = True
        if i == keep:
            brk = _NO
        # u8_width_linebreaks: break at the last opportunity before overflowing
        if brk == _NO:
            piece += widths[code]
        else:
            if piece_start >= 0 and column + piece > width:
                found.append(piece_start)
                if first_only:
                    return found
                column = 0
            if brk == _MANDATORY:
                piece_start = -1
                column = 0
                piece = 0
            else:
                piece_start = i
                column += piece
                piece = widths[code]
        run_end, end = token.end(1), token.end()
        if run_end - i > 1:  # the rest of a run of letters and digits
            piece += run_end - i - 1
            prev = last = classes[ord(text[run_end - 1])]
        if end > run_end:  # spaces
            piece += end - run_end
            spaces = True
            prev = _SP
    if piece_start >= 0 and column + piece > width:
        found.append(piece_start)
    return found


# ---------------------------------------------------------------------------
# Unicode data
# ---------------------------------------------------------------------------

# libunistring's pair table for UAX #14 (unilbrk_table in libunistring 1.0):
# row = class before the opportunity, column = class after it;
# 1 = break allowed, 2 = allowed only after spaces, 3 = never.
_PAIR_ROWS = (
    "322222333322222322232222222222222",  # WJ
    "322222333322222322232222222222222",  # GL
    "323212333322112311131111111111111",  # B2
    "311212333322112311131111111111111",  # BA
    "322222333322222322232222222222222",  # BB
    "311212333322112321131111111111111",  # HY
    "321212333323112312231111111111111",  # CL
    "321212333322112322232111111121211",  # CP
    "321212333322112312231111111111111",  # (unused)
    "321212333322112311131111111111111",  # EX
    "321212333322112311131111111111111",  # IN
    "321212333322112311131111111111111",  # NS
    "333333333333333333333333333333333",  # OP
    "333333333333333333333333333333333",  # OP, East Asian
    "322222333322332322232222222222222",  # QU
    "321212333322112321131111111111111",  # IS
    "321212333322212322232111111121211",  # NU
    "321212333322222321132111111121211",  # PO
    "321212333322222321132222222221222",  # PR
    "321212333322112321131111111121111",  # SY
    "321212333322212322232111111121211",  # AL
    "321212333322112312131111112211111",  # H2
    "321212333322112312131111111211111",  # H3
    "321212333322112312131111111111111",  # ID
    "321212333322112312131111111111112",  # ID, unassigned pictographic
    "321212333322112312131221122111111",  # JL
    "321212333322112312131111112211111",  # JV
    "321212333322112312131111111211111",  # JT
    "321212333322212322232111111121211",  # HL
    "321212333322112311131111111111111",  # RI
    "321212333322212322232112211121222",  # ZWJ
    "321212333322112312131111111111112",  # EB
    "321212333322112312131111111111111",  # EM
)
_PAIRS = tuple(bytes(int(rule) for rule in row) for row in _PAIR_ROWS)

# For every code point U+0000..U+10FFFF one byte: line breaking class * 4 +
# (display width + 1), as libunistring 1.0 (Unicode 14.0) has them, with the
# classes it resolves at run time already resolved for UTF-8 text (AI, SA,
# XX -> AL; CB -> ID).  Width -1 (control characters) counts as 0.
# zlib-compressed, then base85.
_UNICODE_DATA = (
    "c-rmVyNl!a9RP5y*eQ-gfhhv<z?ELuz?itm!W4V3g%7-NV7W*Uuwbt^uDE84K$@K*$B`n%NlTjiw"
    "b9d-WceXK=H<_4XFRgMdi@^y=_k#se(`Um-~H#8U;h2un*R;&!s#Tu8-Ei{-~I93_wSe9y$i!|7;"
    "ZM6eiLpp4hCVdkzan>=xRKfPN(_&cj52DaFR}6hvoZp9U+88ow)A)c&qrdUNznn8Z$Jv{!YOyi{Q"
    "d@;a!luPWx5JAWr8`zlO`)`?OgVZftgzOD86iN!Fs*Rz8e}!(sn&Y+9W!Chy;8Gd)074y#?6g;mw"
    "cb19ox?N8^Tvt2v5r7+Hah;(daM|wI}l2^B^WaIM8+Bs`&{^h%VyL?DW^SW5u*(0l8Rta_;M9G0="
    "lEh(>B+IpA(@C=4nx#i+u%(o;We%+s)%L?MTS+>-3?=pLH*3jcl7Bo&+nO*xGLGGTwUHv#oh7!~{"
    "@OgpZ@;LWNhAH?#`I5{_2tO?k2~|fk)~a(&N1yqQRT9qNuC#7<-ehom@cbd5+9uYvfeKnh+2}jr~"
    "kTM|F4fJ|D;TNSXITaD2+YyKR&$t<JIxEE&n%ce{%fs-%*c>9a`l~vR?j2Zf{og8D_OwRDCq7Z7B"
    "%Oaw=SHzdBVk`Y}Duhh<Gnr7u_4*TK~=bCqAzR&}XseOa$7jK_oV;DEerci_s`wbT4Q-M_HP<G7Z"
    "bpg5eauFjD6Sr(T$J<AJXV|f>a(=4OaI@StwIoZhX+4=j5Kc3l7C-U=|xcoeCw>=D=_AUlWiKkir"
    "#)A`YYQG-It}DVcymdwK&N~RlpN7L$2dLgDn$3dXHqF;y8t&B}8V-ZB%P`Dun!Jj8_n%JFPVU*ge"
    "Uv6Vzp{_ZzI1-Ym6YA=Wez?{u7%sLw2w^o;g^MZeXJ_ztX?;p*9zJDwfeSe|9AC>59yBg?Zg)s{c"
    "%|nnip`5{&3J}a@Kb;jqcofQrujM<7A)vms|EY-_`h#>)q;Fa&@aKPeYcvpl|uLo8)tJxte$PYMC"
    "A{o08<E{J!DXUs&mZT(Il%AP$17^!vZ@KjS!?`Z^8W-Hq?E?`*a=Z{7sI{+d^pt4S%HA-ugUR`YH"
    "=xUHtEUR~bwrQcuW?fi!N*6!hT^!TQQ$+TfozD(MI=>Zjf(zqX2zd3r5rY|}1Z#G|Sv@2f}HQv6x"
    "dEP0Xr?ONn7LkUJvQC7HRQuzs<}b3y=k?f9Yq@z%=j`2U>8gwK?spyQjiPM#7x|BTBlBz`ui)7Si"
    "^g7-o66>n($7Cf`N5EzXEWa4fBw8BtM<vxVy-L)=J_c!lU^Mz%JyaTZ}+jf=YGuhyHm3FmU(#1s&"
    "S%%+GiDN!>-oxfQ9yLEO?~L<#KA6U7!pf{MR3?4aN_U;H~Z&%B#Wj%55BEC$RiFuxyaB&xc`tRhO"
    "^%>#vJTyzy$GA~YN>7umgk(MI#=T<U$5=tY`u)Sl}PH#bo<ilVnS)xXvB=xr9PWVPkXmwd8#9i@v"
    "c=A)?kx5;S7&eoQ$evIbxI3A_4jhtis#cTSrZzVW$g_)nbHjG+MwLiO$X8-^I0001Bmt+4vKn?-`"
    "00000000000000000000002CKkt_fn*x}=`ZXJ7m%V@lTA(89Zu|6L1`=yf&M_e0|c=zn59}hV!1"
    "}mmE1a-V^Eb1hQ<D@;q<cKX^Uk`_?mG@shX<5~hAZXXu^%1XY`;mtCtKZeK8|zJN{mm5pxJ|KO-y"
    "Ddu6vz2%Qf+KmqdU_xJHhc>C9e4H9K$?INn`yxj<eYTb!QgNX6bUXV%hY^{wv9MJ>R1wzN7;@EwB"
    "75$dcVI|G)ixGchqSF)=YQF)=YQF)=YQF)=YQF)=YQF)=YQF)=YQF)=YQF)=YQF)=Z*{;~QW^ZwK"
    "=3;o=e|N8&{00000006uM9=dwjwpNZ$@u#KmQ(aiThM&r>Wq=DZ7(eH|&z|Ahemd&6H#gsY`}+0U"
    "n?D!NQ*OuegXZl`^I!H!c|6@jH}lcx_3NmLl+S05K71GTe?IfseKmg_WxJLqAl>)+L-4bw;J@C|b"
    "i8fM-W`8?Gx+OZaJ#r&TJ*7V_B09AM90rG`rU_gPd<EDPkCCF3kPs`(T{?TCGnB=YM+On=hd@!eS"
    "Tr(cjD*I0}pUom5%3fg3JfxSe}*oEY@{;4N6ZejjjEAbCQmuaYQbpn_N3C^hX}C7=ou<L-rifXlw"
    "0ycuDW!XVy}@bzq$KQ4==@b?QC*O|lyNCJbj;3tU^<9%I3Dj1RPTa+75luhx>E1NseO6lVhutybJ"
    "S|H~|>4K|eSLXhuQQXkLg`qVc!iVbID$>ar|em!8tJuD@0EweV1f07)0&=*7NWGg7XS8Gb@xwbr7"
    "`ds-xWwlH#szhA%h#E)6IqtqJH(lg>eo$V}{em+2#TaOL;;(}sA5AT2YIS?hRP@PO%iqrb>$)RPv"
    "Prxu{0AxTa;ULcKIm96<XC-sm)8AnoOqr|D|YJoQH(fPHtK0LOef=dJ$Ur?XW2r;MFW|31Crexxg"
    "_az>7RGove&$i5nR_A`r2vXh#qC$umoA_;S&2vH33ymX4(C0-38fI|F4HVuPmw!Caaq9sBO=xCl{"
    "`UvJFpgJ}MfPvQz1P!#PXv;4c3&GfAD}stVwc+c<t{0ssK;qKwDm!C<h@oY_p{!FX_K88mp7DSlP"
    ">%b!$n0001hM{sd>(EtDd000000Dv=UKELerkACU<e6-?e)rW6y`Mm4eI)Wqi2Uzo5pAi+84~Xrp"
    "*1Vi_heoMawfA4XG~-5q1poj50Dzan{eOs}IWN%uzaL#|5CH%H000000N@GB|2n4nE1C4mUx4lXr"
    ";>XajYeIcEkBf<&$M6x064!m4o?0+Gynhq04_@0%f|U-B%38kQALWO9yV60-8J=z9zjYN;E}!WO`"
    "hrh9^kM=mm6*ELpI*m`iNh}B0Aat=WPGO&9^$jDk`(W^-Fa<sRzydqsy*UUQ>Ar@G{TO553Li`DH"
    "v-B5)d$@*6mfMJihC=VNN|06x~Nh1wr9-$oyMZlRqS=g#cyGt9$q+aM;5oay5q8%0s{LtUT$Ki`;"
    "tx%>|u>-*u!+L_2k?OJ|#ng<Y6tGVyqWL9A|3|dtDC>FlI&)0DO`ExmY=PuV)9u=SeD|2)T7Ww8^"
    "I%m6IS0y`}TrGCr&Wm~eZ<$H+D($Dq|3x+a)AnJZHijAp=hli*FO#gG7K{7NmZ=CeV^Pocv);CEj"
    "xSD^k7aRY_G<|5?(S}HZ?ma=*519jday{>eNnITm%Q0)=6n8O<Cti-{|}_zGN0|FUar5MZ~6PynW"
    "4R3$EK<M$>Ga)&$T%C9N4YC_WN30Yc^;19W7bb^4%YLKDa;fc+0;!kHdB&`v}j#+1!6C>*L4P&uC"
    "REx9)5+Ud^AT^JB;I&G%Kj%$V~Ye@|HZ_f;Q(3*~uq0000000000000000000000000000000000"
    "000000000000000000000000000000000000000000001F=5u)f0000000000000000000000000"
    "00000000000000000000000000000000000000000000000000002M~&F3Ki0000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000KmTD9pN*3^yFU{6&?Tp000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000002k<^Nzr`kD"
)
_PROPERTIES = zlib.decompress(base64.b85decode("".join(_UNICODE_DATA)))
_CLASS = _PROPERTIES.translate(bytes(value >> 2 for value in range(256)))
_WIDTH = _PROPERTIES.translate(bytes(max((value & 3) - 1, 0) for value in range(256)))


@cache  # built on first use: importing stays cheap
def _narrow() -> re.Pattern[str]:
    """A regex matching text of one-column characters below U+3000 only (typographic
    quotes and dashes included: the text of most Latin-script catalogs)."""
    ranges = []
    start = -1
    for code in range(0x20, 0x3001):
        if code < 0x3000 and _WIDTH[code] == 1:
            if start < 0:
                start = code
        elif start >= 0:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = -1
    return re.compile(f"[{''.join(ranges)}]*\\Z")


# The fast path of _line_breaks, for text of "simple" characters only: one
# column wide, below U+3000, of a line breaking class that the pair table
# alone decides (no combining marks, joiners, regional indicators, Hebrew
# letters nor mandatory breaks), with U+0020 the only space.  In such text
# (printable ASCII, most Latin text) a line may break only after spaces or
# right after some punctuation, and each opportunity is decided by its
# two neighbours alone, so the lines are found by looking back from where
# each one must end, not by reading every character.


@cache  # built on first use: importing stays cheap
def _simple_tables() -> tuple[re.Pattern[str], frozenset[str]]:
    """A regex matching simple text, and the characters a direct break may follow."""
    simple = [
        code
        for code in range(0x20, 0x3000)
        if code == 0x20 or (_WIDTH[code] == 1 and _CLASS[code] < _RI and _CLASS[code] != _HL)
    ]
    classes = {_CLASS[code] for code in simple if code != 0x20}
    direct = {row for row in classes if any(_PAIRS[row][cls] == 1 for cls in classes)}
    after = frozenset(chr(code) for code in simple if code != 0x20 and _CLASS[code] in direct)
    ranges = []
    start = previous = simple[0]
    for code in [*simple[1:], -1]:
        if code != previous + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = code
        previous = code
    return re.compile(f"[{''.join(ranges)}]*\\Z"), after


def _simple_line_breaks(
    text: str, width: int, column: int, ends_with_newline: bool, first_only: bool
) -> list[int]:
    """_line_breaks for simple text (see _simple_tables), with the same result.

    A line starting at ``start`` holds the text up to ``limit``; it ends at
    the last opportunity in (start, limit], or, when there is none, at the
    first one after (a word too long for any line).
    """
    breaks_after = _simple_tables()[1]
    keep = len(text) - 2 if ends_with_newline else -1
    found: list[int] = []
    start = 0
    limit = width - column
    while len(text) > limit:
        cut = -1
        for i in range(limit, start, -1):
            if _simple_opportunity(text, i, keep, breaks_after):
                cut = i
                break
        else:
            for i in range(max(limit, start) + 1, len(text)):
                if _simple_opportunity(text, i, keep, breaks_after):
                    cut = i
                    break
        if cut < 0:
            break
        found.append(cut)
        if first_only:
            break
        start = cut
        limit = cut + width
    return found


def _simple_opportunity(text: str, i: int, keep: int, breaks_after: frozenset[str]) -> bool:
    """Whether a line may start at ``text[i]`` (simple text, 0 < i < len(text))."""
    before = text[i - 1]
    if before == " ":
        ch = text[i]
        if ch == " " or i == keep:
            return False
        k = i - 2
        while k >= 0 and text[k] == " ":
            k -= 1
        return k >= 0 and _PAIRS[_CLASS[ord(text[k])]][_CLASS[ord(ch)]] != 3
    if before not in breaks_after:
        return False
    ch = text[i]
    if ch == " " or i == keep or _PAIRS[_CLASS[ord(before)]][_CLASS[ord(ch)]] != 1:
        return False
    if before == "\\":  # no break inside an escape sequence
        k = i - 2
        while k >= 0 and text[k] == "\\":
            k -= 1
        return (i - 1 - k) % 2 == 0
    return True
