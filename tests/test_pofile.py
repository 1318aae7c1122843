"""Tests for l10n.formats.pofile: reading PO text, and writing it exactly as GNU msgcat does."""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Self

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.formats import pofile
from l10n.formats.pofile import decode_po, dump_po, parse_po
from tests.test_pofile_gettext import gettext

GOLDEN = Path(__file__).parent / "golden" / "pofile"

HEADER = {
    "Project-Id-Version": "leaflets 1.0",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2024-05-01 12:00+0000",
    "PO-Revision-Date": "2024-05-02 08:30+0200",
    "Last-Translator": "Ana Pérez <ana@example.org>",
    "Language-Team": "Spanish <es@example.org>",
    "Language": "es",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}

needs_msgcat = pytest.mark.skipif(
    shutil.which("msgcat") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext (msgcat, msgfmt) is not on PATH",
)


def msgcat(text: str) -> str:
    """What GNU msgcat prints for this PO text."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messages.po"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run(
            ["msgcat", str(path)], capture_output=True, encoding="utf-8", check=False
        )
    assert result.returncode == 0, result.stderr
    return result.stdout


def msgfmt_check(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messages.po"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)],
            capture_output=True,
            encoding="utf-8",
            check=False,
        )
    assert result.returncode == 0, result.stderr


def catalog(*entries: polib.POEntry, metadata: dict[str, str] | None = None) -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(HEADER if metadata is None else metadata)
    for entry in entries:
        po.append(entry)
    return po


def entry_fields(entry: polib.POEntry) -> tuple[object, ...]:
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgstr if not entry.msgstr_plural else None,
        entry.msgid_plural or None,
        {int(k): v for k, v in entry.msgstr_plural.items()},
        bool(entry.obsolete),
        entry.tcomment,
        entry.comment,
        [(file, str(line)) for file, line in entry.occurrences],
        list(entry.flags),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )


def assert_same_catalog(got: polib.POFile, want: polib.POFile) -> None:
    assert got.metadata == want.metadata
    assert got.header == want.header
    active = [entry_fields(e) for e in want if not e.obsolete]
    obsolete = [entry_fields(e) for e in want if e.obsolete]
    assert [entry_fields(e) for e in got] == active + obsolete


LONG_EN = (
    "Take one tablet every 6 to 8 hours with food or milk. Do not take more than 3 tablets "
    "(1,200 mg) in 24 hours unless your doctor tells you to."
)
LONG_ES = (
    "Tome un comprimido cada 6 a 8 horas con comida o leche. No tome más de 3 comprimidos "
    "(1.200 mg) en 24 horas, salvo que su médico se lo indique."
)

# Hand-written edge cases: (name, catalog).  Each must be a msgcat fixed point,
# pass msgfmt --check and survive parse_po unchanged.
EDGE_CASES = [
    ("empty msgstr", catalog(polib.POEntry(msgid="Hello", msgstr=""))),
    ("short", catalog(polib.POEntry(msgid="Hello", msgstr="Hola"))),
    ("long paragraph", catalog(polib.POEntry(msgid=LONG_EN, msgstr=LONG_ES))),
    (
        "exactly at the limit",
        catalog(
            polib.POEntry(msgid="a" * 71, msgstr="b" * 71),  # 79 and 80 columns, no break possible
            polib.POEntry(msgid="c " * 35 + "d", msgstr="e " * 36),  # one column over
            polib.POEntry(msgid="x" * 36 + " " + "y" * 34, msgstr="z" * 36 + " " + "w" * 35),
        ),
    ),
    (
        "newlines",
        catalog(
            polib.POEntry(msgid="One line\n", msgstr="Una línea\n"),
            polib.POEntry(msgid="Line one\nLine two", msgstr="Línea uno\nLínea dos"),
            polib.POEntry(msgid="\n\nBlank lines\n\n", msgstr="\n\nLíneas vacías\n\n"),
            polib.POEntry(msgid="Newline then long\n" + LONG_EN, msgstr="Salto\n" + LONG_ES),
        ),
    ),
    (
        "escapes",
        catalog(
            polib.POEntry(
                msgid='Quotes "like this", a backslash \\ and\ta tab',
                msgstr="Comillas «así», una barra \\ y\tun tabulador",
            ),
            polib.POEntry(msgid='"' * 80 + "\\" * 80, msgstr='\\"' * 50),
            polib.POEntry(msgid="word\\\n" * 3, msgstr='"\n"\n'),
        ),
    ),
    (
        "long words and urls",
        catalog(
            polib.POEntry(msgid="x" * 200, msgstr="y" * 100 + " " + "z" * 100),
            polib.POEntry(
                msgid="See https://www.example.org/medicines/ibuprofen/patient-information-"
                "leaflet-2024-05.pdf?lang=en&format=a4 for the full text.",
                msgstr="Consulte https://www.example.org/medicines/ibuprofen/patient-information-"
                "leaflet-2024-05.pdf?lang=es&format=a4 para ver el texto completo.",
            ),
            polib.POEntry(
                msgid="Doses: 5-10 mg/kg, 2–3 times/day (max. 40 mg/kg/day); ±10 %; ≥ 12 years.",
                msgstr="Dosis: 5-10 mg/kg, 2–3 veces/día (máx. 40 mg/kg/día); ±10 %; ≥ 12 años; "
                "«véase el apartado 4.2» — consulte a su médico…",
            ),
        ),
    ),
    (
        "accents, CJK, Arabic, Hebrew, emoji",
        catalog(
            polib.POEntry(msgid="Accented", msgstr="Ünïcödé àçcéñtèd têxt, façade, naïve — " * 3),
            polib.POEntry(
                msgid="CJK", msgstr="服用前请仔细阅读本说明书。如有疑问，请咨询医生或药剂师。" * 3
            ),
            polib.POEntry(msgid="Japanese", msgstr="この薬は食後に服用してください。" * 5),
            polib.POEntry(
                msgid="Arabic",
                msgstr="تناول قرصًا واحدًا كل ٦ إلى ٨ ساعات مع الطعام أو الحليب. لا تتناول أكثر من ٣ أقراص",
            ),
            polib.POEntry(
                msgid="Hebrew", msgstr="יש ליטול טבליה אחת כל 6-8 שעות עם אוכל או חלב. " * 2
            ),
            polib.POEntry(
                msgid="Emoji", msgstr="Pastillas 💊 y agua 💧 tres veces al día 🌞🌙 " * 3
            ),
            polib.POEntry(
                msgid="Combining",
                msgstr="Cafe\u0301 con lec\u0327he, a\u0300 la carte, n\u0303an\u0303u " * 4,
            ),
        ),
    ),
    (
        "context, plurals and previous",
        catalog(
            polib.POEntry(msgctxt="button", msgid="Close", msgstr="Cerrar"),
            polib.POEntry(msgctxt="", msgid="Close", msgstr="Cerrar (sin contexto vacío)"),
            polib.POEntry(
                msgid="%d tablet",
                msgid_plural="%d tablets",
                msgstr_plural={0: "%d comprimido", 1: "%d comprimidos"},
                flags=["c-format"],
            ),
            polib.POEntry(
                msgid="One day",
                msgid_plural="Days: " + LONG_EN,
                msgstr_plural={0: "", 1: ""},
            ),
            polib.POEntry(
                msgid="Keep out of the sight and reach of children.",
                msgstr="Manténgase fuera del alcance de los niños.",
                flags=["fuzzy"],
                previous_msgctxt="old context",
                previous_msgid="Keep out of the reach of children. " + LONG_EN,
            ),
            polib.POEntry(
                msgid="%d year",
                msgid_plural="%d years",
                msgstr_plural={0: "%d año", 1: "%d años"},
                flags=["fuzzy", "c-format"],
                previous_msgid="%d yr",
                previous_msgid_plural="%d yrs",
            ),
        ),
    ),
    (
        "comments and references",
        catalog(
            polib.POEntry(
                msgid="Commented",
                msgstr="Comentado",
                tcomment="Reviewed by the pharmacist.\n\n  indented line",
                comment="type: Plain text\nsecond line",
                occurrences=[("source/ibuprofen.md", "3")]
                + [
                    (f"source/shared/warnings-and-precautions-{i}.md", str(i * 37))
                    for i in range(9)
                ]
                + [("source/no-line-number.md", "")],
            ),
            polib.POEntry(
                msgid="Non-ASCII file name",
                msgstr="Nombre de archivo no ASCII",
                occurrences=[(f"fuente/artículo-{i}-información.md", str(i)) for i in range(12)],
            ),
        ),
    ),
    (
        "flags",
        catalog(
            polib.POEntry(
                msgid="Flags", msgstr="Banderas", flags=["fuzzy", "c-format", "no-python-format"]
            ),
            polib.POEntry(
                msgid="%d day",
                msgid_plural="%d days",
                msgstr_plural={0: "%d día", 1: "%d días"},
                flags=["c-format", "range: 1..31"],
            ),
        ),
    ),
    (
        "no-wrap",
        catalog(
            polib.POEntry(msgid=LONG_EN, msgstr=LONG_ES, flags=["no-wrap"]),
            polib.POEntry(msgid="a\nb " + LONG_EN, msgstr="a\nb " + LONG_ES, flags=["no-wrap"]),
        ),
    ),
    (
        "obsolete",
        catalog(
            polib.POEntry(msgid="Active", msgstr="Activo"),
            polib.POEntry(
                msgid="Store below 25 °C in the original package to protect from moisture.",
                msgstr="No conservar a temperatura superior a 25 °C en el embalaje original.",
                obsolete=True,
                flags=["fuzzy"],
                tcomment="Old wording.",
                previous_msgid="Store below 25 °C.",
            ),
            polib.POEntry(
                msgid="Old plural",
                msgid_plural="Old plurals",
                msgstr_plural={0: "Viejo plural", 1: "Viejos plurales"},
                obsolete=True,
                msgctxt="ctx",
            ),
            polib.POEntry(msgid="Another active", msgstr="Otro activo"),
        ),
    ),
]


def test_dump_orders_header_active_then_obsolete() -> None:
    po = catalog(
        polib.POEntry(msgid="old", msgstr="viejo", obsolete=True),
        polib.POEntry(msgid="new", msgstr="nuevo"),
        metadata={"Content-Type": "text/plain; charset=UTF-8"},
    )
    po.header = "Header comment"
    assert dump_po(po) == (
        "# Header comment\n"
        'msgid ""\n'
        'msgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
        "\n"
        'msgid "new"\n'
        'msgstr "nuevo"\n'
        "\n"
        '#~ msgid "old"\n'
        '#~ msgstr "viejo"\n'
    )


def test_dump_normalizes_like_gettext() -> None:
    po = catalog(
        # fuzzy is dropped without a translation; unknown flags are dropped;
        # format flags come in gettext's order
        polib.POEntry(msgid="a", msgstr="", flags=["fuzzy", "python-format", "custom", "c-format"]),
        # "./" is dropped from references after repeats are: both x.md:1 stay
        polib.POEntry(
            msgid="b", msgstr="", occurrences=[("./x.md", "1"), ("x.md", 1), ("./x.md", "2")]
        ),
        # untranslated obsolete entries are not written
        polib.POEntry(msgid="c", msgstr="", obsolete=True),
        metadata={},
    )
    assert dump_po(po) == (
        '#, c-format, python-format\nmsgid "a"\nmsgstr ""\n\n#: x.md:1 x.md:1 x.md:2\nmsgid "b"\nmsgstr ""\n'
    )


def test_dump_counts_columns_not_bytes() -> None:
    # Lines are 79 columns at most: 71 "é" (142 bytes) fit after 'msgid "',
    # 35 wide ideographs (70 columns) after 'msgstr "'.
    po = catalog(polib.POEntry(msgid="é " * 35 + "é", msgstr="漢" * 35), metadata={})
    assert dump_po(po) == f'msgid "{"é " * 35}é"\nmsgstr "{"漢" * 35}"\n'
    po = catalog(polib.POEntry(msgid="é " * 36, msgstr="漢" * 36), metadata={})
    assert dump_po(po).split("\n")[:5] == [
        'msgid ""',
        '"' + "é " * 36 + '"',
        'msgstr ""',
        '"' + "漢" * 36 + '"',
        "",
    ]


def test_dump_plural_forms_without_gaps() -> None:
    po = catalog(polib.POEntry(msgid="a", msgid_plural="as", msgstr_plural={"2": "x"}), metadata={})
    assert dump_po(po).splitlines()[2:] == ['msgstr[0] ""', 'msgstr[1] ""', 'msgstr[2] "x"']


@pytest.mark.parametrize("name, po", EDGE_CASES, ids=[name for name, _ in EDGE_CASES])
def test_edge_cases_round_trip(name: str, po: polib.POFile) -> None:
    text = dump_po(po)
    again = parse_po(text, "edge.po")
    assert_same_catalog(again, po)
    assert dump_po(again) == text


@needs_msgcat
@pytest.mark.parametrize("name, po", EDGE_CASES, ids=[name for name, _ in EDGE_CASES])
def test_edge_cases_are_msgcat_fixed_points(name: str, po: polib.POFile) -> None:
    text = dump_po(po)
    assert msgcat(text) == text
    msgfmt_check(text)


def test_golden_file_round_trips() -> None:
    text = (GOLDEN / "es.po").read_text(encoding="utf-8")
    po = parse_po(text, "es.po")
    assert dump_po(po) == text
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert (
        po.header
        == "Spanish translation of the medication leaflet.\nCopyright (C) 2024 The l10n authors\n"
    )
    first = po[0]
    assert (first.msgid, first.comment, first.occurrences) == (
        "Ibuprofen 400 mg tablets",
        "type: Title #",
        [("source/ibuprofen.md", "1")],
    )
    assert first.linenum == 20
    fuzzy = po.find("Keep out of the sight and reach of children.")
    assert fuzzy.flags == ["fuzzy"]
    assert fuzzy.previous_msgid == "Keep out of the reach of children."
    assert fuzzy.tcomment == "Reviewed by the pharmacist."
    obsolete = po.obsolete_entries()
    assert len(obsolete) == 1 and obsolete[0].previous_msgid == "Store below 25 °C."


@needs_msgcat
def test_golden_file_is_msgcat_output() -> None:
    text = (GOLDEN / "es.po").read_text(encoding="utf-8")
    assert msgcat(text) == text
    msgfmt_check(text)


# -- hypothesis: random catalogs against msgcat ------------------------------

TEXT_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Co", "Cn"), exclude_characters="\0\x04"
)
SPECIAL = st.sampled_from(
    [" ", "  ", "\n", "\t", '"', "\\", "-", "/", "é", "漢字", "ء", "\u00a0", "\u2028", "\x01", "\x7f",
     "\u0301", "\u200b"]
)  # fmt: skip
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
LONG_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-/", min_size=80, max_size=200)
MESSAGE_TEXT = st.lists(
    st.one_of(WORDS, WORDS, WORDS, SPECIAL, st.text(TEXT_CHARACTERS, max_size=8), LONG_WORDS),
    max_size=30,
).map(" ".join)
# A comment line may not end with a backslash: gettext reads backslash-newline
# as a line continuation, anywhere.
COMMENT_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60
).filter(lambda text: not text.endswith("\\"))
FILE_NAMES = st.from_regex(r"[a-z][a-z0-9_/.-]{0,40}\.md", fullmatch=True)


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    msgid = draw(MESSAGE_TEXT.filter(bool))
    plural = draw(st.booleans()) and draw(st.booleans())
    obsolete = draw(st.integers(0, 9)) == 0
    entry = polib.POEntry(msgid=msgid, obsolete=obsolete)
    if plural:
        entry.msgid_plural = draw(MESSAGE_TEXT.filter(bool))
        forms = draw(st.lists(MESSAGE_TEXT, min_size=1, max_size=3))
        if obsolete and not forms[0]:
            forms[0] = "x"  # gettext does not write untranslated obsolete entries
        entry.msgstr_plural = dict(enumerate(forms))
        translated = bool(forms[0])
    else:
        entry.msgstr = draw(MESSAGE_TEXT)
        if obsolete and not entry.msgstr:
            entry.msgstr = "x"
        translated = bool(entry.msgstr)
    if draw(st.booleans()):
        entry.msgctxt = draw(MESSAGE_TEXT)
    flags = ["fuzzy"] if translated and draw(st.booleans()) else []
    no_wrap = draw(st.integers(0, 9)) == 0
    if draw(st.booleans()):
        entry.tcomment = draw(COMMENT_TEXT)
    if draw(st.booleans()):
        entry.comment = draw(COMMENT_TEXT)
    if not obsolete or draw(st.booleans()):
        refs = draw(
            st.lists(
                st.tuples(FILE_NAMES, st.integers(0, 99999).map(str) | st.just("")), max_size=8
            )
        )
        entry.occurrences = list(dict.fromkeys(refs))
    if draw(st.integers(0, 3)) == 0:
        entry.previous_msgid = draw(MESSAGE_TEXT)
        if draw(st.booleans()):
            entry.previous_msgctxt = draw(MESSAGE_TEXT)
    # Format flags only where they cannot matter: with one, gettext also keeps
    # format directives such as "%-s" unbroken, which dump_po does not do.
    strings = [
        msgid,
        entry.msgid_plural,
        entry.msgstr,
        entry.msgctxt or "",
        entry.previous_msgid or "",
    ]
    strings += [entry.previous_msgctxt or "", *entry.msgstr_plural.values()]
    if not any(mark in text for text in strings for mark in "%{}"):
        flags += [f for f in ("c-format", "no-python-format") if draw(st.booleans())]
    entry.flags = flags + ["no-wrap"] * no_wrap
    return entry


catalogs = st.lists(
    entries(), min_size=1, max_size=4, unique_by=lambda e: (e.msgctxt, e.msgid)
).map(lambda found: catalog(*found, metadata={"Content-Type": "text/plain; charset=UTF-8"}))


HAVE_MSGCAT = shutil.which("msgcat") is not None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs)
def test_random_catalogs(po: polib.POFile) -> None:
    """dump_po output is a msgcat fixed point and parse_po reads it back unchanged."""
    text = dump_po(po)
    if HAVE_MSGCAT:
        assert msgcat(text) == text
    again = parse_po(text, "random.po")
    assert_same_catalog(again, po)
    assert dump_po(again) == text
    lines = text.split("\n")
    for entry in again:
        assert lines[entry.linenum - 1].lstrip("#~ ").startswith("msgid ")


# -- line breaking against libunistring -------------------------------------


def _libunistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    return lib if hasattr(lib, "u8_width_linebreaks_v2") else None  # libunistring >= 1.0


def _libunistring_breaks(
    lib: ctypes.CDLL, text: str, width: int, column: int, ends_with_newline: bool
) -> list[int]:
    """Where msgcat breaks an escaped portion: libunistring with write-po.c's overrides."""
    data = text.encode("utf-8")
    overrides = bytearray(len(data))
    offsets = []
    position, escape = 0, False
    for ch in text:  # write-po.c: no break after a backslash that starts an escape
        offsets.append(position)
        if escape:
            overrides[position] = 1
            escape = False
        elif ch == "\\":
            escape = True
        position += len(ch.encode("utf-8"))
    if ends_with_newline:
        overrides[offsets[-2]] = 1
    result = ctypes.create_string_buffer(len(data))
    lib.u8_width_linebreaks_v2(
        data, len(data), width, column, 0, bytes(overrides), b"UTF-8", result
    )
    return [i for i, offset in enumerate(offsets) if result.raw[offset] == 2]


def _libunistring_or_skip() -> ctypes.CDLL:
    lib = _libunistring()
    if lib is None:
        pytest.skip("libunistring >= 1.0 is not installed")
    lib.u8_width_linebreaks_v2.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
    ]  # fmt: skip
    return lib


def test_line_breaks_match_libunistring() -> None:
    """The UAX #14 port equals libunistring's u8_width_linebreaks_v2, which msgcat uses."""
    lib = _libunistring_or_skip()
    rng = random.Random(20240501)
    pool = list(" aé9-\\\"'()/.,!?%$\u05d0\u200d\U0001f1e6\u0301\t\u3001\u4e00\uff08\u2014\u00a0")
    for _ in range(3000):
        raw = (
            "".join(
                rng.choice(pool) if rng.random() < 0.6 else chr(rng.randrange(0x20, 0x30000))
                for _ in range(rng.randrange(1, 50))
            )
            .encode("utf-8", "replace")
            .decode("utf-8", "replace")
        )
        text = raw.translate(pofile._ESCAPES)
        ends_with_newline = rng.random() < 0.2
        if ends_with_newline:
            text += "\\n"
        width, column = rng.randrange(1, 30), rng.randrange(0, 12)
        want = _libunistring_breaks(lib, text, width, column, ends_with_newline)
        assert pofile._line_breaks(text, width, column, ends_with_newline) == want, (text, width)


SIMPLE_TEXT = st.lists(
    st.one_of(
        st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=6),
        st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FFF), max_size=3),
        st.sampled_from(["word", " ", "  ", "\n", "well-known", "a/b", "(x)", "\u2014", "«»"]),
        st.text("abcdefghijklmnopqrstuvwxyz-/", min_size=30, max_size=120),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(SIMPLE_TEXT, st.integers(1, 80), st.integers(0, 12), st.booleans())
def test_fast_line_breaks_match_libunistring(
    raw: str, width: int, column: int, ends_with_newline: bool
) -> None:
    """The fast path for simple text (most Latin text) breaks exactly as libunistring does."""
    lib = _libunistring_or_skip()
    text = raw.translate(pofile._ESCAPES) + ("\\n" if ends_with_newline else "")
    if not text:
        return
    want = _libunistring_breaks(lib, text, width, column, ends_with_newline)
    assert pofile._line_breaks(text, width, column, ends_with_newline) == want
    assert pofile._unicode_line_breaks(text, width, column, ends_with_newline) == want
    first = pofile._line_breaks(text, width, column, ends_with_newline, first_only=True)
    assert first == want[:1]


def test_widths_match_libunistring() -> None:
    lib = _libunistring()
    if lib is None:
        pytest.skip("libunistring >= 1.0 is not installed")
    lib.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    for code in list(range(0x3000)) + list(range(0x3000, 0x110000, 97)):
        assert pofile._WIDTH[code] == max(lib.uc_width(code, b"UTF-8"), 0), hex(code)


def test_latin_runs_never_break() -> None:
    """_line_breaks skips runs of Latin letters and digits: they must be AL or NU, one column."""
    run = pofile._TOKEN_RE
    for code in range(0x20, 0x250):
        ch = chr(code)
        match = run.match(ch + ch)
        if match and match.end(1) == 2:
            assert pofile._CLASS[code] in (16, 20), hex(code)  # NU, AL
            assert pofile._WIDTH[code] == 1, hex(code)


# -- reading -----------------------------------------------------------------

H = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'

MALFORMED = [
    ("", 1, "no messages"),
    ("\n  \n", 1, "no messages"),
    ("# only a comment\n", 1, "no messages"),
    (H + 'msgid "abc\nmsgstr "x"\n', 4, "unterminated string"),
    (H + 'msgid "abc\\"\nmsgstr "x"\n', 4, "unterminated string"),
    (H + 'msgid "a"\nmsgstr "x" y\n', 5, "unexpected text after string"),
    (H + 'msgid "a\\qb"\nmsgstr "x"\n', 4, "invalid escape sequence \\q"),
    (H + 'msgid "a"\nmsgfoo "x"\n', 5, "unknown keyword 'msgfoo'"),
    (H + 'domain "x"\n', 4, "unknown keyword 'domain'"),
    (H + 'msgid\nmsgstr "x"\n', 4, "expected a string"),
    (H + 'msgstr "x"\n', 4, "msgstr without msgid"),
    (H + 'msgid "a"\n\nmsgid "b"\nmsgstr "x"\n', 4, "msgid without msgstr"),
    (H + 'msgid "a"\n# comment\nmsgstr "b"\n', 4, "msgid without msgstr"),
    (H + 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', 7, "msgid without msgstr"),
    (H + 'msgctxt "c"\n\nmsgstr "x"\n', 6, "msgstr without msgid"),
    (H + 'msgctxt "c"\n', 4, "msgctxt without msgid"),
    (H + '"stray"\n# c\n"string"\n', 6, "string without a keyword"),
    (
        H + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        7,
        "duplicate message (first defined on line 4)",
    ),
    (H + 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 7, "duplicate message"),
    (
        H + 'msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "x"\nmsgid "a"\nmsgstr "c"\n',
        9,
        "duplicate",
    ),
    (H + H, 4, "duplicate message (first defined on line 1)"),
    (
        H + 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n',
        7,
        "msgstr[2] out of order",
    ),
    (H + 'msgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\n', 6, "expected msgstr[0]"),
    (H + 'msgid "a"\nmsgstr[0] "x"\n', 5, "msgstr[0] without msgid_plural"),
    (H + 'msgid "a"\nmsgid_plural "b"\nmsgstr "x"\n', 6, "expected msgstr[0]"),
    (H + 'msgid "a"\nmsgid_plural "b"\n', 5, "msgid_plural without msgstr[0]"),
    (H + 'msgid "a"\nmsgstr "x"\nmsgstr "y"\n', 6, "msgstr without msgid"),
    (H + '#~ msgid "a"\nmsgstr "x"\n', 5, "inconsistent use of #~"),
    (H + '#| msgid "a"\n#~ msgid "a"\n#~ msgstr "x"\n', 5, "inconsistent use of #~"),
    (
        H + '#| msgid "x"\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n',
        5,
        "'#|' lines must be followed by msgid",
    ),
    (H + '#| msgctxt "x"\nmsgid "a"\nmsgstr "b"\n', 4, "'#| msgctxt' without '#| msgid'"),
    (H + '#| msgfoo "x"\n', 4, "unknown keyword in '#|' line"),
    (H + 'msgid "a\0"\nmsgstr "b"\n', 4, "NUL character"),
    (H + 'msgid "a\\000"\nmsgstr "b"\n', 4, "NUL character"),
    (H + 'msgid "\\351t\\351"\nmsgstr "b"\n', 4, "do not form valid UTF-8"),
    (H + 'msgctxt "c"\nmsgid ""\nmsgstr "b"\n', 5, "msgctxt on an empty msgid"),
    (H + 'msgid "a"\nmsgstr "\x04"\n', 5, "context separator"),
    (H + 'msgid "a\\004"\nmsgstr ""\n', 4, "context separator"),
    ("\x89PNG\r\n\x1a\n", 1, "syntax error"),
]


@pytest.mark.parametrize("text, line, message", MALFORMED)
def test_malformed_input_is_a_catalog_error(text: str, line: int, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_po(text, "locales/es.po")
    error = caught.value
    assert (error.path, error.line) == ("locales/es.po", line)
    assert message in error.message
    assert "\n" not in str(error)
    assert str(error).startswith(f"locales/es.po:{line}: ")


def test_parse_reads_what_gettext_accepts() -> None:
    text = (
        "\ufeff" + H.replace("\n", "\r\n")
        + "#translator without space\r\n"
        + "#.extracted\r\n"
        + "#.  two spaces\r\n"
        + "#.\r\n"
        + "#: a.md:1 ./b.md:2 c.md d.md : 4\r\n"
        + "#,fuzzy c-format\r\n"
        + "#! python-format, range: 1..5\r\n"
        + '#| msgctxt "old ctx"\r\n'
        + '#| msgid "old"\r\n'
        + '#| "er"\r\n'
        + '  msgctxt "ctx"\r\n'
        + 'msgid "a" "b"\r\n'
        + '"c"\r\n'
        + 'msgstr "\\x41\\101\\a\\303\\251"\r\n'
        + "\r\n"
        + "#~ \r\n"
        + '#~| msgid "previous obsolete"\r\n'
        + '#~ msgid "obs"\r\n'
        + '#~ msgstr "o"\r\n'
        + '#~ "k"\r\n'
        + "# trailing comments are dropped\r\n"
    )  # fmt: skip
    po = parse_po(text, "x.po")
    entry = po[0]
    assert entry.msgctxt == "ctx"
    assert entry.msgid == "abc"
    assert entry.msgstr == "AA\aé"
    # gettext keeps a CR at the end of a comment line, and msgcat writes it back
    assert entry.tcomment == "translator without space\r"
    assert entry.comment == "extracted\r\n two spaces\r\n\r"
    assert entry.occurrences == [
        ("a.md", "1"), ("./b.md", "2"), ("c.md", ""), ("d.md", ""), (":", ""), ("4\r", "")
    ]  # fmt: skip
    # each flags line replaces the flags before it
    assert entry.flags == ["python-format", "range: 1..5"]
    assert (entry.previous_msgctxt, entry.previous_msgid) == ("old ctx", "older")
    assert entry.linenum == 15
    obsolete = po[1]
    assert obsolete.obsolete and obsolete.msgstr == "ok"
    assert obsolete.previous_msgid == "previous obsolete"
    assert po.metadata == {"Content-Type": "text/plain; charset=UTF-8"}


def test_parse_joins_lines_after_a_backslash_like_gettext() -> None:
    po = parse_po(
        '# note \\\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n\n# c\nmsgid "d"\nmsgstr "e"\n', "x.po"
    )
    assert (po[0].tcomment, po[0].flags, po[0].linenum) == ("note #, fuzzy", [], 3)
    assert (po[1].tcomment, po[1].linenum) == ("c", 7)


def test_parse_header_comment_and_fuzzy_header() -> None:
    text = '# Title\n#\n#, fuzzy\nmsgid ""\nmsgstr "Language: es\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    po = parse_po(text, "x.po")
    assert po.header == "Title\n"
    assert po.metadata_is_fuzzy
    assert po.metadata == {"Language": "es"}
    assert dump_po(po) == text


def test_parse_first_entry_comment_without_header() -> None:
    po = parse_po('# about a\nmsgid "a"\nmsgstr "b"\n', "x.po")
    assert po.header == ""
    assert po[0].tcomment == "about a"
    assert po.metadata == {}
    assert dump_po(po) == '# about a\nmsgid "a"\nmsgstr "b"\n'


def test_parse_never_reads_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """polib.pofile() opens its argument when it names a file: parse_po must not."""
    monkeypatch.chdir(tmp_path)
    name = 'msgid "a"\nmsgstr "b"\n'
    (tmp_path / name).write_text('msgid "from disk"\nmsgstr "x"\n', encoding="utf-8")
    po = parse_po(name, "x.po")
    assert [e.msgid for e in po] == ["a"]


def test_decode_po() -> None:
    assert decode_po("msgid «a»\n".encode(), "x.po") == "msgid «a»\n"
    assert decode_po(b"\xef\xbb\xbfmsgid\n", "x.po") == "msgid\n"
    with pytest.raises(CatalogError) as caught:
        decode_po(b"\xef\xbb\xbfline 1\nline 2\nline \xe9 3\n", "x.po")
    assert caught.value.line == 3
    assert "0xe9" in caught.value.message
    with pytest.raises(CatalogError) as caught:
        decode_po(b"\xff", "x.po")
    assert caught.value.line == 1


# -- reading: the same model as the polib-based reader it replaced -----------
#
# parse_po used to hand polib.pofile one canonical line per keyword or string
# line (escapes in polib's dialect) and set comments, references, flags and
# line numbers on polib's entries afterwards.  _polib_reading keeps that path
# for text parse_po accepts, so the model parse_po builds itself can be
# compared with the one polib built.

_POLIB_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_POLIB_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)


class _PolibInput(str):
    """Prepared lines given to polib.pofile as "file content" (empty, so never a file name)."""

    lines: list[str]

    def __new__(cls, lines: list[str]) -> Self:
        self = super().__new__(cls, "")
        self.lines = lines
        return self

    def splitlines(self, keepends: bool = False) -> list[str]:
        return self.lines


def _polib_lines(text: str) -> list[str]:
    """The lines the reader prepared for polib: no comments, '#~|' read as
    '#|', one keyword with all its strings joined per line, escapes polib
    does not know decoded and written again as polib escapes them."""
    lines = []
    for _, raw in pofile._logical_lines(text.removeprefix("\ufeff")):
        line = raw.strip(pofile._BLANKS)
        prefix = ""
        if line.startswith("#~|"):
            line = "#" + line[2:]
        elif line.startswith("#~"):
            prefix, line = "#~ ", line[2:].lstrip(pofile._BLANKS)
        if line.startswith("#|"):
            prefix, line = "#| ", line[2:].lstrip(pofile._BLANKS)
        elif line.startswith("#"):
            continue
        if not line:
            continue
        word, pos = "", 0
        if line[0] != '"':
            match = pofile._KEYWORD_RE.match(line)
            assert match is not None
            word, index = match.group(1), match.group(2)
            word = (f"msgstr[{int(index)}]" if index is not None else word) + " "
            pos = match.end()
        content = "".join(_POLIB_STRING_RE.findall(line, pos))
        if not set(_POLIB_ESCAPE_RE.findall(content)) <= set('ntrvbf"\\'):
            content = polib.escape(pofile._Reader("").unescape(content, 0))
        lines.append(f'{prefix}{word}"{content}"')
    return lines


def _polib_reading(text: str) -> polib.POFile:
    """What parse_po returned when polib built the model (for text it accepts)."""
    reader = pofile._Reader("x.po")
    reader.read(text)  # the grammar check, and the comments as gettext reads them
    po = polib.pofile(_PolibInput(_polib_lines(text)), encoding="utf-8")
    header = None
    messages = []
    for message in reader.messages:
        if (
            header is None
            and message.msgid == ""
            and message.msgctxt is None
            and not message.obsolete
        ):
            header = message
        else:
            messages.append(message)
    assert len(messages) == len(po)
    if header is not None:
        po.header = "\n".join(header.tcomments)
        po.metadata_is_fuzzy = header.flags
    for entry, message in zip(po, messages):
        entry.linenum = message.line
        entry.tcomment = "\n".join(message.tcomments)
        entry.comment = "\n".join(message.comments)
        entry.occurrences = message.occurrences
        entry.flags = message.flags
    return po


_ENTRY_ATTRIBUTES = (
    "msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr_plural", "flags", "comment",
    "tcomment", "occurrences", "previous_msgid", "previous_msgctxt", "previous_msgid_plural",
    "obsolete", "linenum", "encoding",
)  # fmt: skip


def assert_same_as_polib_reading(got: polib.POFile, text: str) -> None:
    want = _polib_reading(text)
    assert (got.header, list(got.metadata.items()), got.metadata_is_fuzzy) == (
        want.header,
        list(want.metadata.items()),
        want.metadata_is_fuzzy,
    )
    assert len(got) == len(want)
    for mine, theirs in zip(got, want):
        for name in _ENTRY_ATTRIBUTES:
            value, expected = getattr(mine, name), getattr(theirs, name)
            if name == "obsolete":  # polib sets 0 or 1, parse_po False or True
                value, expected = bool(value), bool(expected)
            assert (name, value, type(value)) == (name, expected, type(expected))


REPOSITORY = Path(__file__).parent.parent
REPOSITORY_CATALOGS = sorted(
    path
    for folder in (REPOSITORY / "locales", REPOSITORY / "tests" / "golden")
    for pattern in ("*.po", "*.pot")
    for path in folder.rglob(pattern)
)

# Text that exercises what a catalog written by msgcat does not contain.
UNUSUAL_TEXTS = [
    (
        "\ufeff"
        + H.replace("\n", "\r\n")
        + '#| msgctxt "old ctx"\r\n#| msgid "old"\r\n#| "er"\r\n#| msgid_plural "olds"\r\n'
        + '  msgctxt "ctx"\r\nmsgid "a" "b"\r\n"c"\r\nmsgid_plural "\\x41\\101"\r\n'
        + 'msgstr[0] "\\a\\303\\251\\t\\"q\\"\\\\"\r\nmsgstr[1] "\\n" "\\\\n"\r\n\r\n'
        + '#~| msgctxt "pc"\r\n#~| msgid "previous obsolete"\r\n#~ msgctxt "c"\r\n'
        + '#~ msgid "obs"\r\n#~ msgid_plural "obses"\r\n#~ msgstr[0] "o"\r\n#~ "k"\r\n'
    ),
    (
        '# Header\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: es\\n"\n"X-A:  spaced value  \\n"\n'
        '"no colon\\n"\n"Language: pt\\n"\n"Split: a\\rb\x85c\x1cd\\n"\n\n'
        'msgid "a \\\n b"\nmsgstr "\\u2028"\n'.replace("\\u2028", "\u2028")
    ),
    (
        'msgid ""\nmsgid_plural "p"\nmsgstr[0] "X: y"\n\n'
        '#~ msgctxt "c"\n#~ msgid ""\n#~ msgstr "Key: obsolete"\n'
    ),
]


@pytest.mark.parametrize(
    "path", REPOSITORY_CATALOGS, ids=[str(p.relative_to(REPOSITORY)) for p in REPOSITORY_CATALOGS]
)
def test_repository_catalogs_read_as_polib_read_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    po = parse_po(text, str(path))
    assert_same_as_polib_reading(po, text)
    assert dump_po(po) == dump_po(_polib_reading(text))
    # The merge inputs are written by hand; every other catalog is dump_po's output.
    if "merge" not in path.parts or path.name == "expect.po":
        assert dump_po(po) == text


def test_repository_catalogs_are_found() -> None:
    assert len(REPOSITORY_CATALOGS) > 20
    assert REPOSITORY / "locales" / "es" / "LC_MESSAGES" / "how-does-ketamine-work.po" in (
        REPOSITORY_CATALOGS
    )


@pytest.mark.parametrize("text", UNUSUAL_TEXTS)
def test_unusual_text_reads_as_polib_read_it(text: str) -> None:
    assert_same_as_polib_reading(parse_po(text, "x.po"), text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs)
def test_random_catalogs_read_as_polib_read_them(po: polib.POFile) -> None:
    text = dump_po(po)
    again = parse_po(text, "random.po")
    assert_same_as_polib_reading(again, text)
    assert dump_po(again) == text


def test_parse_builds_the_model_without_polib(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_polib(*args: object, **kwargs: object) -> None:
        raise AssertionError("polib.pofile called")

    monkeypatch.setattr(polib, "pofile", no_polib)
    text = (GOLDEN / "es.po").read_text(encoding="utf-8")
    po = parse_po(text, "es.po")
    assert dump_po(po) == text
    assert (po.wrapwidth, po.encoding, po.fpath) == (79, "utf-8", None)


# -- hypothesis: junk never raises anything but CatalogError -----------------

VALID = (GOLDEN / "es.po").read_text(encoding="utf-8")
PO_PIECES = st.sampled_from(
    ['msgid "', 'msgstr "', "msgctxt ", "msgid_plural ", "msgstr[0] ", "msgstr[1] ", '"', "\\",
     "\n", "#~ ", "#| ", "#, fuzzy", "#: a.md:1", "#. x", "# c", " ", "\t", "\r", "[", "]", "\\x4",
     "\\3", "\\n", "\0", "\ufeff", "é", "\u2028"]
)  # fmt: skip


def _parse_or_catalog_error(text: str) -> None:
    try:
        po = parse_po(text, "junk.po")
    except CatalogError as error:
        assert error.path == "junk.po"
        assert error.line is not None and 1 <= error.line <= text.count("\n") + 1
        assert "\n" not in error.message
        return
    written = dump_po(po)
    if _one_keyword_per_line(text):
        assert_same_as_polib_reading(po, text)
    else:  # polib cannot read several keywords on a line: gettext itself is the reference
        want = gettext(text.encode("utf-8"))
        if want is not None:
            assert written == want


def _one_keyword_per_line(text: str) -> bool:
    """Whether no line holds two keywords (``msgid "a" msgstr "b"``), as polib needs."""
    for _, raw in pofile._logical_lines(text.removeprefix("\ufeff")):
        line = raw.strip(pofile._BLANKS)
        if line.startswith("#") and not line.startswith(("#~", "#|")):
            continue  # a comment
        body = line.lstrip("#~|").strip(pofile._BLANKS)
        outside = re.sub(r'"(?:[^"\\]|\\.)*"?', " ", body)
        words = re.findall(r"[A-Za-z_$][A-Za-z0-9_$]*", outside)
        if len(words) > 1 or (words and body.startswith('"')):
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PO_PIECES, st.text(max_size=5)), max_size=60).map("".join))
@example('msgid "msgid "msgstr "msgid "')  # two keywords on a line: gettext reads them apart
def test_junk_text_only_raises_catalog_error(text: str) -> None:
    _parse_or_catalog_error(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_junk_bytes_only_raise_catalog_error(data: bytes) -> None:
    try:
        text = decode_po(data, "junk.po")
    except CatalogError:
        return
    _parse_or_catalog_error(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(VALID)), st.integers(0, len(VALID)), st.text(max_size=3))
def test_damaged_valid_files_only_raise_catalog_error(cut: int, at: int, junk: str) -> None:
    _parse_or_catalog_error(VALID[:cut])
    _parse_or_catalog_error(VALID[:at] + junk + VALID[at + len(junk) :])
    lines = VALID.splitlines(keepends=True)
    index = cut % len(lines)
    _parse_or_catalog_error("".join(lines[:index] + lines[index + 1 :]))
    _parse_or_catalog_error("".join(lines[:index] + [lines[index]] + lines[index:]))
