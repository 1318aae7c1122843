"""``merged_alike``: a catalog it calls current is one a merge gives back unchanged.

Random catalogs made from a template by the edits translators and other tools make
(translations, fuzzy flags, previous texts, comments, moved or dropped entries, obsolete
ones, headers), each read back from its PO text as ``l10n`` reads catalogs; whenever
``merged_alike`` says yes, ``merge`` must give the same catalog, field by field and in
the same order. The plain case, a merged catalog with translations, must be told.
"""

from __future__ import annotations

import polib
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from l10n.catalogs import merge, merged_alike, new_catalog, same_catalog
from l10n.errors import CatalogError
from l10n.formats.pofile import dump_po, parse_po

TEXTS = ["Do not drive.", "Take 2 mg daily.", "Rest.", "Ask your doctor.", "Call us.", "Eat."]
LOCALES = ["es", "pt_BR", "ar", "fr"]
DATE = "2026-01-01 00:00+0000"


def read(po: polib.POFile) -> polib.POFile:
    return parse_po(dump_po(po), "x.po")


def template(texts: list[str]) -> polib.POFile:
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {
        "Project-Id-Version": "x", "POT-Creation-Date": DATE,
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }  # fmt: skip
    for i, text in enumerate(texts):
        pot.append(polib.POEntry(msgid=text, occurrences=[("source/a.md", str(i + 1))]))
    return read(pot)


@st.composite
def catalogs(draw: st.DrawFn) -> tuple[polib.POFile, polib.POFile, str]:
    texts = draw(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=5, unique=True))
    pot = template(texts)
    locale = draw(st.sampled_from(LOCALES))
    po = new_catalog(pot, locale, DATE)
    for e in po:
        if draw(st.booleans()):
            e.msgstr = draw(st.sampled_from(["No conduzca.", "Descanse.", "[!! Ŕéšţ !!]"]))
        if draw(st.integers(0, 3)) == 0:
            e.flags = ["fuzzy"]
        if draw(st.integers(0, 7)) == 0:
            e.previous_msgid = draw(st.sampled_from(["", "Do drive.", e.msgid]))
        if draw(st.integers(0, 9)) == 0:
            e.previous_msgctxt = "old"
        if draw(st.integers(0, 3)) == 0:
            e.tcomment = "reviewed: 2026-01-01 src:abc pair:def"
        if draw(st.integers(0, 11)) == 0:
            e.occurrences = [("source/b.md", "9")]
        if draw(st.integers(0, 11)) == 0:
            e.comment = "critical: a dose"
        if draw(st.integers(0, 15)) == 0:
            e.msgid_plural = "plural"
            e.msgstr_plural = {0: "x", 1: "y"}
    for text in draw(st.lists(st.sampled_from([*TEXTS, "Old."]), max_size=2, unique=True)):
        po.append(polib.POEntry(msgid=text, msgstr="Viejo.", obsolete=True))
    if draw(st.integers(0, 4)) == 0:
        po.append(polib.POEntry(msgid="Gone.", msgstr="Ido."))
    if len(po) > 1 and draw(st.integers(0, 4)) == 0:
        po.insert(0, po.pop())
    if draw(st.integers(0, 4)) == 0:
        del po[draw(st.integers(0, len(po) - 1))]
    header = draw(st.sampled_from(["Language", "Plural-Forms", "MIME-Version",
                                   "POT-Creation-Date", "Content-Type", "fuzzy"] + [""] * 12))
    if header == "fuzzy":
        po.metadata_is_fuzzy = True
    elif header == "Plural-Forms":
        po.metadata[header] = "nplurals=1; plural=0;"
    elif header:
        del po.metadata[header]
    try:
        return read(po), pot, locale
    except CatalogError:  # a text both active and obsolete: no catalog to read
        reject()


@settings(max_examples=400, deadline=None)
@given(catalogs())
def test_a_catalog_called_current_is_one_a_merge_gives_back(case: tuple[polib.POFile, polib.POFile, str]) -> None:
    po, pot, locale = case
    if merged_alike(po, pot, locale):
        assert same_catalog(po, merge(po, pot, None, locale))
        assert dump_po(po) == dump_po(merge(po, pot, None, locale))


def test_a_merged_catalog_with_translations_is_called_current() -> None:
    pot = template(TEXTS)
    po = new_catalog(pot, "es", DATE)
    for i, e in enumerate(po):
        e.msgstr = f"Texto {i}."
        e.tcomment = "reviewed: 2026-01-01"
    po[1].flags = ["fuzzy"]  # a draft
    po[2].msgstr = ""
    po[2].previous_msgid = "Relax."  # untranslated: the guard withheld a proposal
    po.append(polib.POEntry(msgid="Gone.", msgstr="Ido.", obsolete=True))
    po = read(po)
    assert merged_alike(po, pot, "es")
    assert same_catalog(po, merge(po, pot, None, "es"))


def test_an_entry_carried_across_a_change_is_left_to_the_merge() -> None:
    pot = template(TEXTS[:2])
    po = new_catalog(pot, "es", DATE)
    po[0].msgstr = "No conduzca."
    po[0].previous_msgid = "Do drive."  # another tool kept it across a change of meaning
    po = read(po)
    assert not merged_alike(po, pot, "es")
    assert not same_catalog(po, merge(po, pot, None, "es"))
