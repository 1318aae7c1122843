"""A build from scratch takes short cuts that must not show: entries built without
polib's constructor are polib's, a new catalog's entries written from the template's
are what writing them alone gives, and new files are written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.catalogs import new_catalog
from l10n.formats import pofile
from l10n.formats.pofile import dump_po, untranslated

_TEXT = st.text(alphabet=st.sampled_from(["a", "b", " ", "\n", '"', "é", "漢", "\t", "%"]), max_size=120)
_OCCURRENCES = st.lists(st.tuples(st.sampled_from(["source/a.md", "b.md", "dir/ñ.md"]),
                                  st.integers(1, 999).map(str)), max_size=4)


@given(_TEXT, _TEXT, _OCCURRENCES, st.none() | _TEXT)
def test_untranslated_entries_are_polibs(msgid, comment, occurrences, msgctxt):
    mine = untranslated(msgid, comment, list(occurrences), msgctxt)
    theirs = polib.POEntry(
        msgid=msgid, msgstr="", comment=comment, occurrences=list(occurrences), msgctxt=msgctxt
    )
    assert type(mine) is polib.POEntry
    assert list(vars(mine).items()) == list(vars(theirs).items())
    assert str(mine) == str(theirs)


@given(st.lists(st.tuples(_TEXT.filter(str.strip), _TEXT, _OCCURRENCES), min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_a_new_catalog_writes_as_if_alone(rows):
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {"Project-Id-Version": "x", "Content-Type": "text/plain; charset=UTF-8"}
    seen = set()
    for msgid, comment, occurrences in rows:
        if msgid not in seen:
            seen.add(msgid)
            pot.append(untranslated(msgid, comment, list(occurrences)))
    dump_po(pot)  # the template first, as a build does: its entries are remembered
    po = new_catalog(pot, "pt_BR", "2024-01-01 00:00+0000")
    remembered = dump_po(po)
    pofile._WRITTEN.clear()
    assert remembered == dump_po(po)  # written from nothing remembered
    po[0].msgstr = "traducción"  # a changed entry is written as it now is
    assert 'msgstr "traducción"' in dump_po(po)


def test_new_files_are_whole_with_the_mode_open_gives(tmp_path, l10n):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("---\ntitle: A\n---\n\nSome text.\n", "utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["es"]\n', "utf-8")
    assert l10n(tmp_path, "build").code == 0
    mask = os.umask(0o22)
    os.umask(mask)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "source" not in p.parts]
    assert any(p.suffix == ".po" for p in written) and any(p.suffix == ".html" for p in written)
    assert not [p for p in tmp_path.rglob("*.tmp")]
    for p in written:
        assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~mask, p
    po = tmp_path / "locales" / "es" / "LC_MESSAGES" / "a.po"
    assert 'msgid "Some text."' in po.read_text("utf-8")


def test_a_leftover_temporary_name_does_not_stop_a_write(tmp_path, l10n):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("---\ntitle: A\n---\n\nSome text.\n", "utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["es"]\n', "utf-8")
    folder = tmp_path / "locales"
    folder.mkdir()
    # what a crashed build of this process id would have left: never taken for the file
    taken = folder / f".a.pot.{os.getpid()}.tmp"
    taken.write_text("half", "utf-8")
    assert l10n(tmp_path, "build").code == 0
    assert Path(folder / "a.pot").read_text("utf-8").startswith("# Template for source/a.md.")
    assert taken.read_text("utf-8") == "half"
