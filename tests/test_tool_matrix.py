"""The tools translators really use, one edit each, on a translated and signed catalog.

After each edit, through the CLI only (``check``, ``status``, ``render``):
- unsafe text is caught (``check`` fails with the finding) or not published (the
  page on disk lacks it);
- counts ignore foreign entries (entries sum to the template's, however many the
  catalog holds);
- sign-offs hold where the content is unchanged and are void where it changed (the
  number of reviewed entries), as far as the tool keeps comments at all.

Tools: GNU gettext (msgmerge with and without --previous, msgcat --no-wrap,
msgattrib --clear-fuzzy), Babel (pybabel update), translate-toolkit (load/save,
po2xliff/xliff2po, po2csv/csv2po, pomerge), polib (widths 0 and 78).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib
import pytest

from tests.test_content_safety import SOURCE, SPANISH, catalog, dosing, page, status_row, translated

__all__ = ["dosing"]  # the fixture, used by name

BIN = Path(sys.executable).parent
DO_NOT = "Do not drive if you are pregnant."
DOSE = "Take 20 mg once a week."
UNSAFE_DOSE = "Tome 200 mg una vez por semana."

pytestmark = pytest.mark.skipif(
    not (shutil.which("msgmerge") and (BIN / "pybabel").exists() and (BIN / "po2xliff").exists()),
    reason="GNU gettext, Babel or translate-toolkit is not installed",
)


@dataclass
class Expect:
    """What a tool's edit must lead to."""

    codes: set[int]  # acceptable exit statuses of l10n check
    finding: str | None  # a check id check must report
    unsafe: str | None  # text that must not reach the page
    reviewed: int  # entries whose sign-off still holds
    entries: int = 6  # entries of the template
    foreign: int = 0
    notes: list[str] = field(default_factory=list)


def run(root: Path, *cmd: str) -> None:
    tool = BIN / cmd[0] if (BIN / cmd[0]).exists() else shutil.which(cmd[0])
    subprocess.run([str(tool), *cmd[1:]], cwd=root, check=True, capture_output=True)


def change_source(root: Path, old: str, new: str) -> None:
    src = root / "source" / "dosing.md"
    src.write_text(src.read_text("utf-8").replace(old, new), "utf-8")


def pot(root: Path) -> str:
    return str(root / "locales" / "dosing.pot")


# --- the edits ---------------------------------------------------------------------------------


def msgmerge_previous(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
    """Poedit's "Update from POT", then the translator accepts the proposal."""
    change_source(root, "Do not drive if", "Do drive if")
    l10n(root, "extract")
    run(root, "msgmerge", "-q", "--previous", "-U", "--backup=none", str(catalog(root)), pot(root))
    run(root, "msgattrib", "--clear-fuzzy", "-o", str(catalog(root)), str(catalog(root)))
    return Expect({5}, "meaning-change", SPANISH[DO_NOT], reviewed=5)


def msgmerge_plain(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
    """msgmerge without --previous: the old translation is a fuzzy proposal."""
    change_source(root, "Do not drive if", "Do drive if")
    l10n(root, "extract")
    run(root, "msgmerge", "-q", "-U", "--backup=none", str(catalog(root)), pot(root))
    return Expect({0}, None, SPANISH[DO_NOT], reviewed=5)


def msgcat_no_wrap(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
    """A save without wrapping, then a hand edit of a dose in that file."""
    run(root, "msgcat", "--no-wrap", "-o", str(catalog(root)), str(catalog(root)))
    path = catalog(root)
    path.write_text(path.read_text("utf-8").replace(SPANISH[DOSE], UNSAFE_DOSE), "utf-8")
    return Expect({5}, "numbers", UNSAFE_DOSE, reviewed=5)


def msgattrib_clear_fuzzy(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
    """Pseudo drafts whose fuzzy flag a tool cleared."""
    change_source(root, "Most people", "Call us at any time.\n\nMost people")
    l10n(root, "build")
    assert l10n(root, "draft", "-l", "es", "--engine", "pseudo").code == 0
    run(root, "msgattrib", "--clear-fuzzy", "-o", str(catalog(root)), str(catalog(root)))
    return Expect({5}, "pseudo", "[!!", reviewed=6, entries=7)


def pybabel_update(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
    """pybabel update --previous (width 76), then the proposal accepted."""
    change_source(root, "Do not drive if", "Do drive if")
    l10n(root, "extract")
    run(root, "pybabel", "-q", "update", "--previous", "-i", pot(root), "-d", "locales",
        "-D", "dosing", "-l", "es")
    run(root, "msgattrib", "--clear-fuzzy", "-o", str(catalog(root)), str(catalog(root)))
    return Expect({5}, "meaning-change", SPANISH[DO_NOT], reviewed=5)


def toolkit_load_save(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
    """translate-toolkit's PO store (what Weblate writes), with a dose edited through it."""
    from translate.storage import factory

    store = factory.getobject(str(catalog(root)))
    store.findunit(DOSE).target = UNSAFE_DOSE
    store.savefile(str(catalog(root)))
    return Expect({5}, "numbers", UNSAFE_DOSE, reviewed=5)


def xliff_round_trip(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
    """po2xliff, a CAT tool's edit in the XLIFF, xliff2po: obsolete entries come back active."""
    change_source(root, "\nMost people feel calm afterwards.\n", "")
    l10n(root, "build")  # the removed paragraph's translation is kept obsolete
    xlf = root / "es.xlf"
    run(root, "po2xliff", str(catalog(root)), str(xlf))
    xlf.write_text(xlf.read_text("utf-8").replace(SPANISH[DOSE], UNSAFE_DOSE), "utf-8")
    run(root, "xliff2po", str(xlf), str(catalog(root)))
    old = read_po(catalog(root)).find("Most people feel calm afterwards.")
    assert old is not None and not old.obsolete  # back as an active entry
    return Expect({5}, "numbers", UNSAFE_DOSE, reviewed=4, entries=5, foreign=1)


def csv_round_trip(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
    """po2csv, the old translation typed for a changed dose, csv2po against the template."""
    change_source(root, "once a week", "twice a week")
    l10n(root, "build")  # the guard withholds the old translation
    csv = root / "es.csv"
    run(root, "po2csv", str(catalog(root)), str(csv))
    new = DOSE.replace("once", "twice")
    lines = [
        line.replace(f'"{new}",""', f'"{new}","{SPANISH[DOSE]}"')
        for line in csv.read_text("utf-8").splitlines(keepends=True)
    ]
    csv.write_text("".join(lines), "utf-8")
    run(root, "csv2po", "-t", pot(root), str(csv), str(catalog(root)))
    assert read_po(catalog(root)).find(new).msgstr == SPANISH[DOSE]
    # csv keeps no comments: no sign-off survives, so nothing counts as reviewed
    return Expect({5}, "header", SPANISH[DOSE], reviewed=0)


def pomerge_agency(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
    """An agency's catalog merged back with pomerge."""
    agency = root / "agency.po"
    po = read_po(catalog(root))
    po.find(DOSE).msgstr = UNSAFE_DOSE
    po.save(str(agency))
    run(root, "pomerge", "-t", str(catalog(root)), "-i", str(agency), "-o", str(catalog(root)))
    return Expect({5}, "numbers", UNSAFE_DOSE, reviewed=5)


def polib_width(width: int) -> Callable[[Path, object], Expect]:
    def edit(root: Path, l10n) -> Expect:  # type: ignore[no-untyped-def]
        """polib's save at a width: layout only, then a negation dropped through polib."""
        po = polib.pofile(str(catalog(root)), wrapwidth=width)
        po.save()
        r = l10n(root, "build", "--check")
        assert r.code == 0, r.err
        relaid = l10n(root, "fmt", "--check").code == 3  # not as l10n would write it
        assert ("notice: only the layout differs" in r.err) == relaid, r.err
        assert status_row(root, l10n)["entries"]["reviewed"] == 6
        po = polib.pofile(str(catalog(root)), wrapwidth=width)
        po.find(DO_NOT).msgstr = "Conduzca si está embarazada."
        po.save()
        # the negation check catches the dropped "not" (exit 5); the page is held back too
        return Expect({5}, "negation", "Conduzca si", reviewed=5)

    return edit


def read_po(path: Path) -> polib.POFile:
    return polib.pofile(str(path))


EDITS = {
    "msgmerge --previous": msgmerge_previous,
    "msgmerge": msgmerge_plain,
    "msgcat --no-wrap": msgcat_no_wrap,
    "msgattrib --clear-fuzzy": msgattrib_clear_fuzzy,
    "pybabel update": pybabel_update,
    "translate-toolkit load/save": toolkit_load_save,
    "po2xliff/xliff2po": xliff_round_trip,
    "po2csv/csv2po": csv_round_trip,
    "pomerge": pomerge_agency,
    "polib width 0": polib_width(0),
    "polib width 78": polib_width(78),
}


@pytest.mark.parametrize("tool", list(EDITS))
def test_after_each_tool_nothing_unsafe_is_published_and_counts_hold(dosing, l10n, tool):
    translated(dosing, l10n)
    assert l10n(dosing, "build").code == 0 and page(dosing).exists()
    assert status_row(dosing, l10n)["entries"]["reviewed"] == 6
    expect = EDITS[tool](dosing, l10n)

    r = l10n(dosing, "check", "--format", "json")
    report = json.loads(r.out)
    assert r.code in expect.codes, r.out + r.err
    findings = [f for c in report["catalogs"] for f in c["findings"]]
    held = report["catalogs"][0]["held_back"]
    if expect.finding == "critical":
        assert held, report
    elif expect.finding is not None:
        assert any(f["check"] == expect.finding and f["severity"] == "error" for f in findings), findings

    row = status_row(dosing, l10n)
    assert sum(row["entries"].values()) == expect.entries
    assert row["foreign"] == expect.foreign
    assert row["entries"]["reviewed"] == expect.reviewed
    assert 0 <= row["percent"] <= 100

    l10n(dosing, "render")
    if page(dosing).exists() and expect.unsafe is not None:
        assert expect.unsafe not in page(dosing).read_text("utf-8")
    if expect.foreign:
        text = "La mayoría de las personas"
        assert not page(dosing).exists() or text not in page(dosing).read_text("utf-8")


def test_the_source_fixture_has_the_units_the_matrix_edits():
    assert DO_NOT in SOURCE and DOSE in SOURCE and "Most people feel calm afterwards." in SOURCE
