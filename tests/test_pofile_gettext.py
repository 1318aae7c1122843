"""parse_po and dump_po against GNU gettext on PO text written every way gettext accepts.

The property: for any PO text that ``msgfmt --check`` accepts, ``parse_po`` reads it
and ``dump_po`` writes what ``msgcat`` writes for it.  The generator writes the same
catalog content in the many layouts gettext reads: CRLF or CR-only line ends, strings
split anywhere (inside a UTF-8 character written as octal or hex escapes too),
several keywords on one line, a keyword with its strings on the next lines, comments
of every kind (empty ones too), obsolete entries with comments and previous strings.
The cases it found are kept below as explicit examples.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.formats.pofile import decode_po, dump_po, parse_po

pytestmark = pytest.mark.skipif(
    shutil.which("msgcat") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext (msgcat, msgfmt) is not on PATH",
)


_GETTEXT = (
    'msgfmt --check -o /dev/null "$1" 2>/dev/null || exit 99; exec msgcat --force-po -o - "$1"'
)


def gettext(data: bytes) -> str | None:
    """What ``msgcat`` writes for PO bytes, or None when ``msgfmt --check`` refuses them.

    ``--force-po`` because msgcat writes nothing for a catalog holding only its
    header, where dump_po writes the header.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messages.po"
        path.write_bytes(data)
        result = subprocess.run(  # one process for both: the property runs this often
            ["sh", "-c", _GETTEXT, "sh", str(path)], capture_output=True, check=False
        )
    if result.returncode == 99:
        return None
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8")


def l10n_writes(data: bytes) -> str:
    return dump_po(parse_po(decode_po(data, "messages.po"), "messages.po"))


def assert_same_as_gettext(data: bytes) -> None:
    want = gettext(data)
    assert want is not None, "msgfmt --check refuses the example"
    assert l10n_writes(data) == want


H = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'

# Inputs on which parse_po or dump_po disagreed with gettext, each with what
# gettext does with it.
FOUND = {
    # one UTF-8 character (é) written as octal escapes across two lines
    "escaped bytes across lines": H + 'msgid "a"\nmsgstr "\\303"\n"\\251"\n',
    "escaped bytes across strings of one line": H + 'msgid "a"\nmsgstr "\\xc3" "\\xa9"\n',
    "an octal escape does not run into the next string": H + 'msgid "a"\nmsgstr "\\1" "23"\n',
    # a comment inside an obsolete entry is a translator comment
    "comment in an obsolete entry": H + '#~ # comment\n#~ msgid "b"\n#~ msgstr "c"\n',
    "extracted comment after #~": H + '#~ #. note\n#~ msgid "b"\n#~ msgstr "c"\n',
    # CR is a blank between tokens; a comment runs to the next LF
    "CR-only line ends": H.replace("\n", "\r") + 'msgid "a"\rmsgstr "b"\r',
    "CR-only line ends after a comment": H
    + '# note\rmsgid "a"\rmsgstr "b"\r\nmsgid "c"\nmsgstr "d"\n',
    # CRLF: the CR stays in comments, msgcat writes it back
    "CRLF comments keep their CR": H
    + '# translator\r\n#. extracted\r\n#: a.md:1 b.md\r\n#, fuzzy\r\nmsgid "a"\r\nmsgstr "b"\r\n',
    "CRLF empty comments": H + '#\r\n#.\r\n#:\r\n#,\r\nmsgid "a"\r\nmsgstr "b"\r\n',
    # references are merged as read, then written without "./"
    "same file written differently": H
    + '#: ./a.md:1 a.md:1 ./b.md b.md a.md:1\nmsgid "a"\nmsgstr "b"\n',
    "a lone #. line": H + '#.\nmsgid "a"\nmsgstr "b"\n',
    "a lone # line": H + '#\nmsgid "a"\nmsgstr "b"\n',
    "header comments other than the translator's": "#. about\n#: a.md:1\n"
    + H
    + 'msgid "a"\nmsgstr "b"\n',
    "header fields as written": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    + '"X-Note:  spaced \\n"\n"no colon"\n\nmsgid "a"\nmsgstr "b"\n',
    "a header after a message keeps its place": 'msgid "a"\nmsgstr "b"\n\n' + H,
    "a lone # line on the header": '#\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    # each flags line replaces the flags read before it
    "the last flags line wins": H + '#, fuzzy\n#, c-format\nmsgid "a"\nmsgstr "b"\n',
    "the last flags line wins, empty": H + '#, fuzzy\n#,\nmsgid "a"\nmsgstr "b"\n',
    # tokens, not lines
    "several keywords on one line": H + 'msgid "a" msgstr "b"\n#~ msgid "c" msgstr "d"\n',
    "strings on the line after their keyword": H + 'msgid\n"a"\nmsgstr\n"b"\n',
    "previous strings on the line after their keyword": H
    + '#, fuzzy\n#| msgid\n#| "x"\nmsgid "a"\nmsgstr "b"\n',
    "a comment after the last string": H
    + 'msgid "a"\nmsgstr "b" # about c\nmsgid "c"\nmsgstr "d"\n',
    "a string right after a keyword": H + 'msgid"a"msgstr"b"\n',
    "CR before a plural index": H.replace(
        '"\n\n', '"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    )
    + 'msgid "a"\nmsgid_plural "as"\nmsgstr\r[\r0\r] "b"\nmsgstr[1] "c"\n',
}


@pytest.mark.parametrize("text", FOUND.values(), ids=FOUND.keys())
def test_found_cases_read_and_write_as_gettext(text: str) -> None:
    assert_same_as_gettext(text.encode("utf-8"))


def test_escaped_bytes_are_decoded_across_lines() -> None:
    po = parse_po(FOUND["escaped bytes across lines"], "x.po")
    assert po[0].msgstr == "é"
    po = parse_po(FOUND["an octal escape does not run into the next string"], "x.po")
    assert po[0].msgstr == "\x0123"


def test_escaped_bytes_that_never_form_utf8_are_an_error() -> None:
    with pytest.raises(CatalogError) as caught:
        parse_po(H + 'msgid "a"\nmsgstr "\\303"\n"b"\n', "x.po")
    assert (caught.value.line, caught.value.message) == (
        5,
        "escape sequences do not form valid UTF-8",
    )


def test_a_keyword_without_strings_is_an_error() -> None:
    with pytest.raises(CatalogError) as caught:
        parse_po(H + 'msgid\n\nmsgstr "b"\n', "x.po")
    assert (caught.value.line, caught.value.message) == (4, "expected a string")
    with pytest.raises(CatalogError) as caught:
        parse_po(H + 'msgid "a"\nmsgstr\n', "x.po")
    assert (caught.value.line, caught.value.message) == (5, "expected a string")


def test_crlf_comments_keep_their_cr() -> None:
    po = parse_po(FOUND["CRLF comments keep their CR"], "x.po")
    assert po[0].tcomment == "translator\r"
    assert po[0].occurrences == [("a.md", "1"), ("b.md\r", "")]


# -- the generator -------------------------------------------------------------

PIECES = st.sampled_from(
    [" ", " ", "  ", "\n", "\t", '"', "\\", "-", "/", ".", ",", "é", "ñ", "Ü", "漢字", "日本",
     "😀", "\u00a0", "\u0301", "\u200b", "\u2028", "ء", "\r", "\a", "\x7f", "\x01", "{", "&"]
)  # fmt: skip
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
LONG_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-/", min_size=70, max_size=160)
PARTS = st.one_of(WORDS, WORDS, WORDS, PIECES, LONG_WORDS, st.just(" ".join(["word"] * 30)))
TEXT = st.lists(PARTS, max_size=25).map(" ".join)
SOME_TEXT = st.lists(PARTS, min_size=1, max_size=25).map(" ".join)
COMMENT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40
).filter(lambda text: not text.endswith("\\"))
FILE_NAME = st.sampled_from(
    [
        "a.md",
        "./a.md",
        "source/b.md",
        "././c.md",
        "dir/ñ.md",
        "x",
        "source/" + "long-name-" * 6 + ".md",
    ]
)
REFERENCE = st.one_of(
    st.tuples(FILE_NAME, st.integers(0, 120)).map(
        lambda ref: f"{ref[0]}:{ref[1]}" if ref[1] else ref[0]
    ),
    st.sampled_from(["a.md:007", "a.md: 12", "b.md : 3", "c.md:", ":4", "d.md:x"]),
)
FLAGS = st.sampled_from(
    ["fuzzy", "no-wrap", "wrap", "c-format", "no-c-format", "python-format", "no-python-brace-format",
     "range: 1..5", "range: 3..2", "foo", "impossible-c-format", "possible-sh-format"]
)  # fmt: skip


SIMPLE_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", '"': '\\"', "\\": "\\\\"}


def _escape_char(ch: str, index: int, mode: str) -> str:
    """One character as gettext reads it; in "octal", "hex" or "mixed" mode,
    non-ASCII characters (and "e") are written as escaped UTF-8 bytes."""
    if ch in SIMPLE_ESCAPES:
        return SIMPLE_ESCAPES[ch]
    if mode == "plain" or not (ord(ch) > 0x7F or ch == "e"):
        return ch
    data = ch.encode("utf-8")
    if mode == "octal" or (mode == "mixed" and index % 2):
        return "".join(f"\\{byte:03o}" for byte in data)
    return "".join(f"\\x{byte:02x}" for byte in data)


@st.composite
def strings(draw: st.DrawFn, value: str, eol: str, prefix: str) -> str:
    """``value`` as PO strings: escaped, cut anywhere (even inside an escape's
    bytes, between strings), on one line or several."""
    mode = draw(st.sampled_from(["plain", "plain", "plain", "octal", "hex", "mixed"]))
    escaped = [_escape_char(ch, index, mode) for index, ch in enumerate(value)]
    # cut points between characters, and inside multi-byte escapes
    units: list[str] = []
    for piece in escaped:
        if piece.count("\\") > 1 and piece[1] != "\\" and draw(st.booleans()):
            units += ["\\" + part for part in piece.split("\\")[1:]]
        else:
            units.append(piece)
    for index in range(len(units) - 1):  # a hex escape takes every hex digit after it
        if units[index][-4:-2] == "\\x" and units[index + 1][:1] in "0123456789abcdefABCDEF":
            units[index] = units[index][:-4] + f"\\{int(units[index][-2:], 16):03o}"
    cuts = sorted(set(draw(st.lists(st.integers(0, len(units)), max_size=4))))
    if "\n" in eol and units and draw(st.integers(0, 9)) == 0:
        # a backslash at the end of a line joins the next one, even in a string
        units.insert(draw(st.integers(0, len(units))), "\\\n")
    chunks = []
    start = 0
    for cut in [*cuts, len(units)]:
        chunks.append("".join(units[start:cut]))
        start = cut
    out = []
    for index, chunk in enumerate(chunks):
        quoted = f'"{chunk}"'
        if index == 0:
            out.append(quoted)
        elif draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from([" ", "\t", ""])) + quoted)
        else:
            out.append(eol + prefix + quoted)
    return "".join(out)


@st.composite
def keyword(draw: st.DrawFn, word: str, value: str, eol: str, prefix: str) -> str:
    body = draw(strings(value, eol, prefix))
    blank = draw(st.sampled_from([" ", " ", " ", "\t", "  "]))
    if draw(st.integers(0, 9)) == 0:
        blank = eol + prefix  # the strings start on the next line
    return f"{prefix}{word}{blank}{body}{eol}"


def _same_newlines(text: str, like: str) -> str:
    """msgfmt --check wants msgid and msgstr to begin and end with a newline alike."""
    core = text.strip("\n")
    if not core:
        core = "x"
    return ("\n" if like.startswith("\n") else "") + core + ("\n" if like.endswith("\n") else "")


@st.composite
def entry(draw: st.DrawFn, key: tuple[str | None, str], nplurals: int, eol: str) -> str:
    msgctxt, msgid = key
    obsolete = draw(st.integers(0, 6)) == 0
    prefix = draw(st.sampled_from(["#~ ", "#~", "#~\t"])) if obsolete else ""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        mark = draw(st.sampled_from(["#", "#.", "#:", "#,", "#!"]))
        if mark == "#:":
            body = draw(st.sampled_from([" ", "\t", "  "])).join(
                draw(st.lists(REFERENCE, max_size=8))
            )
        elif mark in ("#,", "#!"):
            body = ", ".join(draw(st.lists(FLAGS, max_size=3)))
        else:
            body = draw(COMMENT)
        space = " " if body and draw(st.booleans()) else ""
        before = draw(st.sampled_from(["#~ ", ""])) if obsolete else ""
        lines.append(f"{before}{mark}{space}{body}{eol}")
    plural = draw(st.integers(0, 3)) == 0
    if draw(st.integers(0, 3)) == 0:
        previous = "#~| " if obsolete else "#| "
        if draw(st.booleans()):
            lines.append(draw(keyword("msgctxt", draw(TEXT), eol, previous)))
        lines.append(draw(keyword("msgid", draw(TEXT) or "old", eol, previous)))
        if plural and draw(st.booleans()):
            lines.append(draw(keyword("msgid_plural", draw(TEXT) or "olds", eol, previous)))
    if msgctxt is not None:
        lines.append(draw(keyword("msgctxt", msgctxt, eol, prefix)))
    lines.append(draw(keyword("msgid", msgid, eol, prefix)))
    translated = draw(st.integers(0, 3)) != 0
    if plural:
        lines.append(draw(keyword("msgid_plural", _same_newlines(draw(TEXT), msgid), eol, prefix)))
        for index in range(nplurals):
            text = _same_newlines(draw(TEXT), msgid) if translated else ""
            lines.append(draw(keyword(f"msgstr[{index}]", text, eol, prefix)))
    else:
        text = _same_newlines(draw(TEXT), msgid) if translated else ""
        lines.append(draw(keyword("msgstr", text, eol, prefix)))
    text = "".join(lines)
    if draw(st.integers(0, 9)) == 0:  # two keywords on one line
        text = text.replace(eol + prefix + "msgstr", " msgstr", 1)
    return text


@st.composite
def po_texts(draw: st.DrawFn) -> bytes:
    eol = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    nplurals = draw(st.sampled_from([2, 3]))
    fields = ["Content-Type: text/plain; charset=UTF-8"]
    fields.append(f"Plural-Forms: nplurals={nplurals}; plural=(n != 1);")
    if draw(st.booleans()):
        fields.insert(0, "Project-Id-Version: " + draw(WORDS))
    if draw(st.booleans()):  # written otherwise than polib would write it
        fields.append(draw(st.sampled_from(["X-Note:  spaced ", "X-Empty:", "no colon"])))
    header = ""
    for _ in range(draw(st.integers(0, 0 if eol == "\r" else 2))):  # CR: a comment eats all
        line = draw(COMMENT)
        header += f"# {line}{eol}" if line else f"#{eol}"
    if draw(st.integers(0, 4)) == 0:
        header += draw(st.sampled_from([f"#. about{eol}", f"#: ./a.md:1{eol}", f"#|{eol}"]))
    if draw(st.integers(0, 4)) == 0:
        header += f"#, fuzzy{eol}"
    header += f'msgid ""{eol}msgstr ""{eol}' + "".join(f'"{field}\\n"{eol}' for field in fields)
    ids = st.tuples(st.none() | TEXT, SOME_TEXT)
    keys = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    blocks = [header] + [draw(entry(key, nplurals, eol)) for key in keys]
    if draw(st.integers(0, 9)) == 0:  # the header need not come first
        blocks.insert(1, blocks.pop(0))
    separator = draw(st.sampled_from([eol, eol, "", eol + eol, f"{eol}#~{eol}", f"{eol}#|{eol}"]))
    text = separator.join(blocks)
    if draw(st.integers(0, 4)) == 0:
        text += f"# a comment after the last message{eol}"
    return text.encode("utf-8")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(po_texts())
@example(FOUND["escaped bytes across lines"].encode("utf-8"))
def test_what_gettext_accepts_is_read_and_written_as_msgcat_writes_it(data: bytes) -> None:
    want = gettext(data)
    assume(want is not None)  # a file gettext refuses: other tests cover errors
    assert l10n_writes(data) == want


def test_a_changed_header_is_written_from_the_model() -> None:
    """The header as read is written back only while the model's header is unchanged."""
    text = FOUND["header fields as written"]
    po = parse_po(text, "x.po")
    assert po.metadata["X-Note"] == "spaced\nno colon"  # polib's split
    assert dump_po(po) == text
    po.metadata["Language"] = "es"
    written = dump_po(po)
    assert '"X-Note: spaced\\n"\n"no colon\\n"\n"Language: es\\n"\n' in written
    assert parse_po(written, "x.po").metadata == po.metadata
