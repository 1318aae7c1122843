"""Golden merge cases: old.po + new.pot -> expect.po, one folder per case.

The meaning-change guard: a source change that adds or removes a negation, changes a
number or unit (compound units in full), a frequency or number word, a body-state or
population term, or a drug name gets no fuzzy proposal; a rewording does.
Adding a case is adding a folder; ``L10N_GOLDEN_UPDATE=1`` rewrites the expectations.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from l10n.catalogs import merge
from l10n.formats.pofile import dump_po, parse_po
from l10n.notes import parse, texts

CASES = sorted(p for p in (Path(__file__).parent / "golden" / "merge").iterdir() if p.is_dir())


def load(path: Path):  # type: ignore[no-untyped-def]
    return parse_po(path.read_text("utf-8"), str(path))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_merge(case: Path) -> None:
    merged = dump_po(merge(load(case / "old.po"), load(case / "new.pot")))
    expect = case / "expect.po"
    if os.environ.get("L10N_GOLDEN_UPDATE"):
        expect.write_text(merged, "utf-8")
    assert merged == expect.read_text("utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_old_translation_is_proposed_only_for_rewording(case: Path) -> None:
    (entry,) = [e for e in load(case / "expect.po") if not e.obsolete]
    old = next(iter(load(case / "old.po")))
    if "rewording" in case.name:
        assert entry.msgstr == old.msgstr and "fuzzy" in entry.flags
    else:
        assert entry.msgstr == "" and "fuzzy" not in entry.flags
        notes = parse(entry.tcomment)  # whole notes, however many lines each takes
        assert texts(notes, "previous translation") == [old.msgstr]
        assert texts(notes, "previous source") == [old.msgid]
        (why,) = texts(notes, "meaning changed")
        assert why.endswith("; the old translation is not proposed")
        assert all(len(f"# {line}") <= 70 for line in entry.tcomment.splitlines())
    assert entry.previous_msgid == old.msgid
    # the translator's work is still in the catalog, whatever happened
    assert any(e.obsolete and e.msgstr == old.msgstr for e in load(case / "expect.po"))
