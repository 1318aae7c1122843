"""parse_po's fast path reads exactly what the full grammar reader reads.

``parse_po`` first tries ``_read_written``, which reads catalogs in the shape
msgcat and l10n write them, and leaves any other text to ``_Reader``, the
reader of gettext's whole grammar.  The reference here is ``_Reader`` with
the model built as it was before the fast path, through polib's own
``POEntry(...)`` constructor: every attribute of every object (types and
order included), every error message and line must be the same.  Inputs:
random PO text, well formed or damaged; what msgcat writes; every catalog
of the repository; a corpus generated, translated and updated by l10n,
polib and msgmerge.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.formats import pofile
from l10n.formats.pofile import parse_po

REPOSITORY = Path(__file__).resolve().parent.parent

# -- the reference: _Reader, and the model built through polib's constructor --


def _reference_entry(message: Any) -> polib.POEntry:
    return polib.POEntry(
        msgid=message.msgid,
        msgstr=message.msgstr,
        msgid_plural=message.msgid_plural,
        msgstr_plural=message.msgstr_plural,
        msgctxt=message.msgctxt,
        obsolete=message.obsolete,
        encoding="utf-8",
        comment=pofile._comment_text(message.comments),
        tcomment=pofile._comment_text(message.tcomments),
        occurrences=message.occurrences,
        flags=message.flags,
        previous_msgctxt=message.previous_msgctxt,
        previous_msgid=message.previous_msgid,
        previous_msgid_plural=message.previous_msgid_plural,
        linenum=message.line,
    )


def reference_parse(text: str, path: str) -> polib.POFile:
    """parse_po as it was: the full reader, then polib's constructors."""
    reader = pofile._Reader(path)
    reader.read(text)
    po = polib.POFile(wrapwidth=pofile.PAGE_WIDTH, encoding="utf-8")
    header = None
    before = 0
    entries: list[polib.POEntry] = []
    for message in reader.messages:
        if (
            header is None
            and message.msgid == ""
            and message.msgctxt is None
            and not message.obsolete
        ):
            header = message
            before = sum(not entry.obsolete for entry in entries)
            continue
        entries.append(_reference_entry(message))
    po.extend(entries)
    if header is not None:
        po.header = pofile._comment_text(header.tcomments)
        po.metadata_is_fuzzy = header.flags
        po.metadata = pofile._metadata(header.msgstr)
        po.l10n_header_as_read = pofile._HeaderAsRead(
            dict(po.metadata), po.header, list(header.flags), _reference_entry(header), before
        )
    return po


def typed(value: object) -> object:
    """``value`` with the type of everything in it, dicts as ordered items."""
    if isinstance(value, dict):
        return ("dict", type(value).__name__, [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(item) for item in value])
    return (type(value).__name__, value)


def model(po: polib.POFile) -> object:
    """Everything parse_po returns: the POFile's attributes, its entries'
    attributes, the header as read, and which lists are shared."""
    attributes = {k: v for k, v in po.__dict__.items() if k != "l10n_header_as_read"}
    found: list[object] = [type(po), typed(attributes), [typed(vars(entry)) for entry in po]]
    found.append([type(entry) for entry in po])
    as_read = getattr(po, "l10n_header_as_read", None)
    if as_read is not None:
        found.append(
            typed(
                [
                    type(as_read),
                    as_read.metadata,
                    as_read.comment,
                    as_read.flags,
                    as_read.position,
                    vars(as_read.entry),
                ]
            )
        )
        found.append(type(as_read.entry))
        # the header's flags are the file's metadata_is_fuzzy, not a copy
        found.append(po.metadata_is_fuzzy is as_read.entry.flags)
    return found


def outcome(read: Any, text: str) -> tuple[object, ...]:
    try:
        return ("read", model(read(text, "locales/es.po")))
    except CatalogError as error:
        return ("error", error.path, error.line, error.message, str(error))


def assert_read_as_reference(text: str) -> bool:
    """parse_po reads ``text`` as the reference does; whether the fast path read it."""
    want = outcome(reference_parse, text)
    assert outcome(parse_po, text) == want
    fast = pofile._read_written(text)
    if fast is not None:
        assert ("read", model(fast)) == want
    return fast is not None


# -- POEntry built without polib's constructor --------------------------------

VALUES = st.text(max_size=5)
OPTIONAL = st.none() | VALUES


@given(
    st.tuples(VALUES, VALUES, VALUES),
    st.dictionaries(st.integers(0, 9), VALUES, max_size=3),
    OPTIONAL,
    st.booleans(),
    st.tuples(VALUES, VALUES),
    st.lists(st.tuples(VALUES, VALUES), max_size=2),
    st.lists(VALUES, max_size=2),
    st.tuples(OPTIONAL, OPTIONAL, OPTIONAL),
    st.integers(1, 10**6),
)
def test_entries_are_the_objects_polib_builds(
    ids: tuple[str, str, str],
    plurals: dict[int, str],
    msgctxt: str | None,
    obsolete: bool,
    comments: tuple[str, str],
    occurrences: list[tuple[str, str]],
    flags: list[str],
    previous: tuple[str | None, str | None, str | None],
    line: int,
) -> None:
    msgid, msgstr, msgid_plural = ids
    comment, tcomment = comments
    mine = pofile._po_entry(
        msgid, msgstr, msgid_plural, plurals, msgctxt, obsolete, comment, tcomment,
        occurrences, flags, *previous, line,
    )  # fmt: skip
    theirs = polib.POEntry(
        msgid=msgid, msgstr=msgstr, msgid_plural=msgid_plural, msgstr_plural=plurals,
        msgctxt=msgctxt, obsolete=obsolete, encoding="utf-8", comment=comment,
        tcomment=tcomment, occurrences=occurrences, flags=flags, previous_msgctxt=previous[0],
        previous_msgid=previous[1], previous_msgid_plural=previous[2], linenum=line,
    )  # fmt: skip
    assert type(mine) is polib.POEntry
    assert list(vars(mine).items()) == list(vars(theirs).items())
    assert typed(vars(mine)) == typed(vars(theirs))
    assert mine.msgstr_plural is plurals and mine.occurrences is occurrences
    assert str(mine) == str(theirs) and mine == theirs


# -- random PO text, well formed or damaged -----------------------------------

# String content as written between quotes: characters and escapes, the
# escapes the fast path leaves to _Reader among them.
PLAIN_PIECES = ["a", "b", "word", " ", "é", "’", "漢字", "\u2028", "\t", "#", ":", "%s", "msgid",
                '\\"', "\\\\", "\\n", "\\t", "\\r", "\\v", "\\b", "\\f"]  # fmt: skip
ODD_PIECES = ["\\a", "\\303\\251", "\\x41", "\\101", "\\q", "\\", '"', "\x04", "\0", "\r", "\\004",
              "\\351", "\\x00", "\\\\\\"]  # fmt: skip
REFERENCES = ["a.md:1", "source/b.md:12", "x", "dir/ñ.md:3", "e:1:2", "a.md:007", "a.md:0"]
ODD_REFERENCES = ["a.md: 12", "b.md : 3", "c.md:", ":4", "d.md:x", "f.md\t:5", "g.md:1\f"]
FLAGS = ["fuzzy", "c-format", "no-wrap", "range: 1..5", "python-format"]
COMMENT_TEXTS = ["note", "", " spaced", "two words ", "File: x", "é ’", 'msgid "x"']


@st.composite
def content(draw: st.DrawFn, odd: bool) -> str:
    pieces = PLAIN_PIECES * 4 + ODD_PIECES if odd else PLAIN_PIECES  # odd ones now and then
    return "".join(draw(st.lists(st.sampled_from(pieces), max_size=6)))


@st.composite
def comment_line(draw: st.DrawFn, odd: bool) -> str:
    kind = draw(st.sampled_from(["#", "#.", "#:", "#,", "#!"] if odd else ["#", "#.", "#:", "#,"]))
    if kind == "#:":
        pool = REFERENCES + ODD_REFERENCES if odd else REFERENCES
        gap = draw(st.sampled_from([" ", " ", "  ", "\t"])) if odd else " "
        body = gap.join(draw(st.lists(st.sampled_from(pool), max_size=3)))
    elif kind in ("#,", "#!"):
        body = ", ".join(draw(st.lists(st.sampled_from(FLAGS), max_size=3)))
    else:
        body = draw(st.sampled_from(COMMENT_TEXTS))
    space = draw(st.sampled_from([" ", " ", ""])) if body else ""
    if kind == "#" and odd and draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(["# File: a.md, line: 3", "# file: b.md, line number:4"]))
    return f"{kind}{space}{body}"


@st.composite
def keyword_lines(draw: st.DrawFn, prefix: str, word: str, value: str, odd: bool) -> list[str]:
    lines = [f'{prefix}{word} "{value}"']
    for _ in range(draw(st.integers(0, 2))):
        lines.append(f'{prefix}"{draw(content(odd))}"')
    return lines


@st.composite
def entry_lines(draw: st.DrawFn, msgid: str, odd: bool, odd_comments: bool) -> list[str]:
    obsolete = draw(st.integers(0, 5)) == 0
    prefix = "#~ " if obsolete else ""
    lines = [draw(comment_line(odd_comments)) for _ in range(draw(st.integers(0, 4)))]
    if obsolete and odd_comments and draw(st.booleans()):
        lines.append("#~ # an obsolete comment")
    if draw(st.integers(0, 3)) == 0:
        previous = "#~| " if obsolete else "#| "
        if draw(st.booleans()):
            lines += draw(keyword_lines(previous, "msgctxt", draw(content(odd)), odd))
        lines += draw(keyword_lines(previous, "msgid", draw(content(odd)), odd))
        if draw(st.booleans()):
            lines += draw(keyword_lines(previous, "msgid_plural", draw(content(odd)), odd))
    if msgid and draw(st.integers(0, 3)) == 0:
        lines += draw(keyword_lines(prefix, "msgctxt", draw(content(odd)), odd))
    lines += draw(keyword_lines(prefix, "msgid", msgid, odd))
    if draw(st.integers(0, 3)) == 0:
        lines += draw(keyword_lines(prefix, "msgid_plural", draw(content(odd)), odd))
        for index in range(draw(st.integers(1, 3))):
            lines += draw(keyword_lines(prefix, f"msgstr[{index}]", draw(content(odd)), odd))
    else:
        lines += draw(keyword_lines(prefix, "msgstr", draw(content(odd)), odd))
    return lines


HEADER = [
    'msgid ""',
    'msgstr ""',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
]
JUNK_LINES = ['msgstr[2] "x"', "#|", "#~", '"stray"', "msgid", ' msgid "a"', 'msgid "a" msgstr "b"',
              'msgfoo "x"', 'msgid "a', "domain \"d\"", "#~ msgstr \"o\"", '#| "p"', "\t", " ",
              "msgstr[00] \"z\"", 'msgid ""', 'msgctxt "c"', "# comment \\"]  # fmt: skip


@st.composite
def po_texts(draw: st.DrawFn, odd: bool) -> str:
    """PO text as msgcat writes it; with ``odd``, perhaps odd strings, odd
    comments, other layouts or damage, each in about half the texts."""
    strings, comments, layout = (draw(st.booleans()) and odd for _ in range(3))
    blocks: list[list[str]] = []
    if draw(st.integers(0, 4)) != 0:
        before = [draw(comment_line(comments)) for _ in range(draw(st.integers(0, 2)))]
        blocks.append(before + HEADER[: 2 + draw(st.integers(0, 2))])
    for index in range(draw(st.integers(0 if odd else 1, 5))):
        msgid = draw(content(strings)) if layout and draw(st.booleans()) else f"entry {index}"
        blocks.append(draw(entry_lines(msgid, strings, comments)))
    if layout and len(blocks) > 1 and draw(st.integers(0, 3)) == 0:
        blocks.insert(0, blocks.pop())  # the header after a message, or a duplicate
    lines: list[str] = []
    for block in blocks:
        lines += block + [""] * draw(st.integers(0 if layout else 1, 2))
    if draw(st.integers(0, 4)) == 0:
        lines.append(draw(comment_line(comments)))  # a comment after the last message
    if layout:
        for _ in range(draw(st.integers(0, 2))):
            where = draw(st.integers(0, len(lines)))
            action = draw(st.sampled_from(["delete", "repeat", "insert", "blank", "cut"]))
            if action == "insert" or not lines:
                lines.insert(where, draw(st.sampled_from(JUNK_LINES)))
            elif action == "delete":
                del lines[where % len(lines)]
            elif action == "repeat":
                lines.insert(where, lines[where % len(lines)])
            elif action == "blank":
                lines[where % len(lines)] += draw(st.sampled_from([" ", "\t", "\r", "\\"]))
            else:
                line = lines[where % len(lines)]
                lines[where % len(lines)] = line[: draw(st.integers(0, len(line)))]
    text = "\n".join(lines)
    if layout:
        text = draw(st.sampled_from(["", "\ufeff"])) + text
        text = text.replace("\n", draw(st.sampled_from(["\n"] * 8 + ["\r\n", "\r"])))
    return text + draw(st.sampled_from(["\n", "\n", ""]))


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_texts(odd=True))
def test_any_text_reads_as_the_full_reader_reads_it(text: str) -> None:
    fast = assert_read_as_reference(text)
    event("fast path" if fast else "full reader")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_texts(odd=False))
def test_text_written_as_msgcat_writes_takes_the_fast_path(text: str) -> None:
    assert outcome(reference_parse, text)[0] == "read"
    assert assert_read_as_reference(text)


def test_edge_cases_read_as_the_full_reader_reads_them() -> None:
    """Text at the edges of the fast path's shape: what it reads, what it leaves."""
    for text in EDGE_CASES:
        assert_read_as_reference(text)


H = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
EDGE_CASES = [
    H + '#~ # comment\n#~ msgid "b"\n#~ msgstr "c"\n',
    H + 'msgid "a"\nmsgstr "\\1" "23"\n',
    H + 'msgid "a"\nmsgstr "\\303"\n"\\251"\n',
    H + '#: a.md:1 b.md : 3\nmsgid "a"\nmsgstr "b"\n',
    H + '#: a.md:1\n#: b.md:2 c.md:003\n#. x\n#: d.md:4\nmsgid "a"\nmsgstr "b"\n',
    H + '# File: a.md, line: 3\n# note\nmsgid "a"\nmsgstr "b"\n',
    H + '#\n#.\n# \nmsgid "a"\nmsgstr "b"\n',
    H + '#, fuzzy\n#, c-format\nmsgid "a"\nmsgstr "b"\n',
    H + 'msgid "a"\nmsgstr "b"\n# trailing \\',
    H + 'msgid "a"\nmsgstr "b\\\\"\n',
    H + 'msgctxt "c"\nmsgid ""\nmsgstr "b"\n',
    H + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n',
    H + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n"more"\nmsgstr[1] "y"\n',
    H + '#~| msgid "old"\n#~| "er"\n#~ msgid "a"\n#~ "b"\n#~ msgstr "c"\n',
    H + '#| msgctxt "c"\nmsgid "a"\nmsgstr "b"\n',
    H + H,
    'msgid "a"\nmsgstr "b"\n\n' + H + '\nmsgid "c"\nmsgstr "d"\n',
    "# only a comment\n",
    "",
]


# -- what msgcat writes --------------------------------------------------------


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")
def test_what_msgcat_writes_takes_the_fast_path() -> None:
    """msgcat's output of varied input, plural and obsolete entries, previous
    strings and escapes among them, is read by the fast path, as _Reader reads it."""
    from tests.test_pofile_gettext import FOUND as GETTEXT_CASES

    inputs = list(GETTEXT_CASES.values()) + [text for text in EDGE_CASES if "\\1" in text]
    inputs.append(
        H + '# t\n#. e\n#: a.md:1\n#, fuzzy\n#| msgctxt "pc"\n#| msgid "old"\n'
        '#| msgid_plural "olds"\nmsgctxt "c"\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "x\\ty"\n'
        'msgstr[1] "y\\"z\\\\"\n\n# t2\n#, fuzzy\n#~| msgid "oldo"\n#~ msgid "o"\n#~ msgstr "p"\n'
    )
    with tempfile.TemporaryDirectory() as tmp:
        for number, text in enumerate(inputs):
            path = Path(tmp) / f"{number}.po"
            path.write_bytes(text.encode("utf-8"))
            written = subprocess.run(
                ["msgcat", "--force-po", "-o", "-", str(path)], capture_output=True, check=True
            ).stdout.decode("utf-8")
            # msgcat keeps a CR in a comment: _Reader reads the CR
            assert assert_read_as_reference(written) or "\r" in written, written


# -- every catalog of the repository, and a generated corpus -------------------

REPOSITORY_CATALOGS = sorted(
    path
    for folder in (REPOSITORY / "locales", REPOSITORY / "tests" / "golden")
    for pattern in ("*.po", "*.pot")
    for path in folder.rglob(pattern)
)


def test_every_repository_catalog_reads_as_the_full_reader_reads_it() -> None:
    assert len(REPOSITORY_CATALOGS) > 20
    for path in REPOSITORY_CATALOGS:
        text = pofile.decode_po(path.read_bytes(), str(path))
        fast = assert_read_as_reference(text)
        # every catalog is written by dump_po but for the merge inputs, written by hand
        assert fast or ("merge" in path.parts and path.name != "expect.po"), path


def _l10n(project: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "l10n", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _snapshot(project: Path) -> dict[str, str]:
    return {
        str(path.relative_to(project)): pofile.decode_po(path.read_bytes(), str(path))
        for path in sorted((project / "locales").rglob("*.po*"))
    }


def test_a_generated_corpus_reads_as_the_full_reader_reads_it(tmp_path: Path) -> None:
    """Catalogs as l10n writes them through a project's life: built, translated
    with polib (its own layout), formatted back, updated after the articles
    change (fuzzy entries with previous strings, obsolete entries), merged
    by msgmerge."""
    spec = importlib.util.spec_from_file_location("corpus", REPOSITORY / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = corpus  # its dataclasses look their module up
    spec.loader.exec_module(corpus)
    project = tmp_path / "site"
    corpus.write_project(project, 6)
    _l10n(project, "build")
    texts = _snapshot(project)
    for number, path in enumerate(sorted(project.glob("locales/*/LC_MESSAGES/*.po"))):
        po = polib.pofile(str(path), wrapwidth=79)
        for index, entry in enumerate(po):
            entry.msgstr = f"{path.parent.parent.name}: {entry.msgid}"
            if (number + index) % 3 == 0:
                entry.flags.append("fuzzy")
        po.save(str(path))
    texts.update({f"polib {name}": text for name, text in _snapshot(project).items()})
    _l10n(project, "fmt")
    articles = corpus.article_paths(project)
    for article in articles[:3]:  # a word changes: fuzzy entries with previous strings
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace(" the ", " a ", 2), encoding="utf-8")
    corpus.edit_article(articles[3], 1)  # a paragraph changes: an obsolete entry
    articles[-1].unlink()
    _l10n(project, "build")
    texts.update({f"updated {name}": text for name, text in _snapshot(project).items()})
    if shutil.which("msgmerge"):
        for path in sorted(project.glob("locales/*/LC_MESSAGES/*.po")):
            template = project / "locales" / f"{path.stem}.pot"
            if template.exists():
                merged = subprocess.run(
                    ["msgmerge", "--previous", "-q", "-o", "-", str(path), str(template)],
                    capture_output=True,
                    check=True,
                ).stdout
                texts[f"msgmerge {path.name}"] = merged.decode("utf-8")
    every = "".join(texts.values())
    assert "#| msgid" in every and "#, fuzzy" in every and "#~ msgid" in every
    fast = {name for name, text in texts.items() if assert_read_as_reference(text)}
    assert len(texts) > 40
    written_by_l10n = [name for name in texts if not name.startswith(("polib", "msgmerge"))]
    assert set(written_by_l10n) <= fast
