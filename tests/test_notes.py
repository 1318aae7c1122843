"""Notes that survive every editor: sign-offs, waivers, draft provenance, guard notes.

Each real tool translators use rewrites a signed catalog; afterwards every note is
read whole, sign-offs hold where the content is unchanged and are void (or stale)
where it changed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import notes
from l10n.catalogs import merge
from l10n.errors import UsageError
from l10n.formats.pofile import dump_po, parse_po
from l10n.quality.safety import (
    State,
    guard_note,
    review_of,
    reviews,
    sign,
    sign_offs,
    source_changed,
    state,
    valid_waivers,
    waive,
)

gettext = pytest.mark.skipif(not shutil.which("msgmerge"), reason="GNU gettext is not installed")
LONG_NAME = "María de los Ángeles Fernández-Villaverde y Castellanos de la Fuente, MD"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n'


def read(text: str) -> polib.POFile:
    return parse_po(text, "x.po")


def signed_catalog() -> polib.POFile:
    """Three signed entries (a long reviewer name, two roles), a withheld change, a draft."""
    po = read(HEADER)
    dose = polib.POEntry(msgid="Take 20 mg before the session.",
                         msgstr="Tome 20 mg antes de la sesión.", comment="critical: states a dose")
    sign(dose, LONG_NAME, "2026-11-27", "linguist")
    sign(dose, "Dr. Ruiz", "2026-11-27", "clinician")
    calm = polib.POEntry(msgid="Most people feel calm afterwards.",
                         msgstr="La mayoría de las personas se sienten tranquilas después.")
    sign(calm, "Ana", "2026-11-27", "linguist")
    waive(calm, "length", "Ana", "linguist", "2026-11-27",
          "Spanish needs more words here; checked with the clinic's style guide")
    old = polib.POEntry(
        msgid="Do not drive for 24 hours after the infusion, and do not drink alcohol that day.",
        msgstr="No conduzca durante 24 horas después de la infusión y no beba alcohol ese día.",
    )
    withheld = polib.POEntry(
        msgid="Drive only after 24 hours.", msgstr="",
        tcomment=guard_note('negation changed (removes "not", removes "not")', old),
    )
    draft = polib.POEntry(msgid="The brain adapts.", msgstr="El cerebro se adapta.",
                          flags=["fuzzy"])
    from l10n.mt.draft import apply_draft, is_machine_draft

    apply_draft(draft, "El cerebro se adapta.", ["machine draft: memory (87% match), 2026-11-27"])
    assert is_machine_draft(draft)
    for e in (dose, calm, withheld, draft):
        po.append(e)
    return po


def note_texts(po: polib.POFile) -> dict[str, list[tuple[str | None, str]]]:
    """Every note of every active entry, whole, as the grammar reads it."""
    return {
        e.msgid: [(b.key, b.text) for b in notes.parse(e.tcomment)]
        for e in po
        if not e.obsolete
    }


def check_whole(before: polib.POFile, after: polib.POFile) -> None:
    assert note_texts(after) == note_texts(before)
    for e in after:
        if e.obsolete:
            continue
        ref = before.find(e.msgid)
        assert [r for r, ok in sign_offs(e) if ok] == [r for r, ok in sign_offs(ref) if ok]
        assert valid_waivers(e) == valid_waivers(ref)
        assert state(e) is state(ref)
    dose = after.find("Take 20 mg before the session.")
    assert {(r.who, r.role) for r in reviews(dose)} == {(LONG_NAME, "linguist"),
                                                        ("Dr. Ruiz", "clinician")}


def test_every_line_is_short_enough_that_no_tool_wraps_it() -> None:
    text = dump_po(signed_catalog())
    comments = [line for line in text.splitlines() if line.startswith("# ")]
    assert len(comments) > 12
    assert all(len(line) <= 70 for line in comments), [c for c in comments if len(c) > 70]
    assert "# reviewer: linguist María de los Ángeles" in text
    assert "# waived: length 2026-11-27 pair:" in text
    assert "# machine draft: memory (87% match), 2026-11-27 mt:" in text


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_text_comes_back_whole_from_its_lines(text: str) -> None:
    lines = notes.format_note(notes.PREVIOUS_TRANSLATION, text)
    assert all(len("# " + line) <= 70 for line in lines)
    (block,) = notes.parse("\n".join(lines))
    assert block.key == notes.PREVIOUS_TRANSLATION and block.text == " ".join(text.split())


@pytest.mark.parametrize("width", [0, 78])
def test_polib_save_at_any_width_keeps_every_note(tmp_path: Path, width: int) -> None:
    before = signed_catalog()
    path = tmp_path / "es.po"
    path.write_text(dump_po(before), "utf-8")
    po = polib.pofile(str(path), wrapwidth=width)
    po.save(str(path))
    check_whole(before, read(path.read_text("utf-8")))


def test_pybabel_update_keeps_every_note(tmp_path: Path) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    before = signed_catalog()
    template = Catalog()
    for e in before:
        template.add(e.msgid)
    catalog = read_po(io.BytesIO(dump_po(before).encode()), locale="es")
    catalog.update(template)
    out = io.BytesIO()
    write_po(out, catalog, width=76)
    check_whole(before, read(out.getvalue().decode()))


@gettext
@pytest.mark.parametrize(
    "command",
    [["msgcat"], ["msgcat", "--no-wrap"], ["msgmerge", "--previous"], ["msgattrib"]],
    ids=" ".join,
)
def test_gettext_tools_keep_every_note(tmp_path: Path, command: list[str]) -> None:
    before = signed_catalog()
    path = tmp_path / "es.po"
    path.write_text(dump_po(before), "utf-8")
    if command[0] == "msgmerge":
        pot = tmp_path / "x.pot"
        template = read(HEADER)
        for e in before:
            template.append(polib.POEntry(msgid=e.msgid, comment=e.comment))
        pot.write_text(dump_po(template), "utf-8")
        args = [*command, str(path), str(pot)]
    else:
        args = [*command, str(path)]
    out = subprocess.run(args, check=True, capture_output=True).stdout.decode()
    check_whole(before, read(out))


def test_translate_toolkit_keeps_every_note(tmp_path: Path) -> None:
    from translate.storage import factory

    before = signed_catalog()
    path = tmp_path / "es.po"
    path.write_text(dump_po(before), "utf-8")
    store = factory.getobject(str(path))
    store.savefile(str(path))
    check_whole(before, read(path.read_text("utf-8")))


@gettext
def test_msgmerge_then_accepting_the_old_translation_is_stale_not_reviewed(tmp_path: Path) -> None:
    """Poedit's Update from POT: the source changed, the translator clears the fuzzy flag."""
    po = signed_catalog()
    path = tmp_path / "es.po"
    path.write_text(dump_po(po), "utf-8")
    template = read(HEADER)
    for e in po:
        text = "Take 25 mg before the session." if e.msgid.startswith("Take 20") else e.msgid
        template.append(polib.POEntry(msgid=text))
    pot = tmp_path / "x.pot"
    pot.write_text(dump_po(template), "utf-8")
    out = subprocess.run(["msgmerge", "--previous", str(path), str(pot)], check=True,
                         capture_output=True).stdout.decode()
    merged = read(out)
    entry = merged.find("Take 25 mg before the session.")
    assert state(entry) is State.DRAFT
    entry.flags.remove("fuzzy")  # the translator accepts the old translation
    assert state(entry) is State.STALE and review_of(entry) is None
    stale = source_changed(entry)
    assert stale is not None and stale.when == "2026-11-27"
    # only the translation edited since review: translated, not reviewed
    calm = merged.find("Most people feel calm afterwards.")
    calm.msgstr = "La mayoría se siente tranquila después."
    assert state(calm) is State.TRANSLATED and source_changed(calm) is None
    assert valid_waivers(calm) == []  # any edit voids a waiver


def test_update_drops_sign_offs_from_a_proposal_for_new_text() -> None:
    po = signed_catalog()
    template = read(HEADER)
    template.append(polib.POEntry(msgid="Most people feel calm afterward."))  # a rewording
    merged = merge(po, template)
    entry = merged.find("Most people feel calm afterward.")
    assert "fuzzy" in entry.flags and entry.msgstr
    entry.flags.remove("fuzzy")
    assert state(entry) is State.TRANSLATED  # not stale: it came through l10n update
    assert "reviewed:" not in entry.tcomment and "waived:" not in entry.tcomment


def test_old_forms_are_read_and_editor_wrapped_fragments_rejoined() -> None:
    entry = polib.POEntry(msgid="Hello", msgstr="Hola")
    pair = notes.pair_hash(entry)
    # as the repository wrote it, then as polib's default save splits a long name
    entry.tcomment = f"reviewed: 2026-11-22 sha1:{pair} by l10n team, Brazilian Portuguese review"
    assert review_of(entry) is not None and review_of(entry).who.endswith("Portuguese review")
    entry.tcomment = (f"reviewed: 2026-11-22 sha1:{pair} by l10n team, Brazilian Portuguese\n"
                      "review\nmy own note")
    (review,) = reviews(entry)
    assert review.who == "l10n team, Brazilian Portuguese review" and review.role is None
    assert notes.own_lines(notes.parse(entry.tcomment)) == ["my own note"]
    entry.tcomment = f"reviewed: Ana Ruiz, 2026-11-22, sha1:{pair}"
    assert review_of(entry).who == "Ana Ruiz"


def test_review_retires_every_line_of_an_editor_wrapped_guard_note() -> None:
    """The old one-line guard notes, wrapped at 76 by pybabel: nothing of them may stay."""
    old = ("meaning changed: a number or unit changed (70 % -> 7 %); the old translation is not"
           " proposed")
    source = ("previous source: About 70 % of patients respond within a week, and most of them"
              " feel better after the second infusion.")
    translation = ("previous translation: Alrededor del 70 % de los pacientes responde en una"
                   " semana, y la mayoría se siente mejor tras la segunda infusión.")
    import textwrap

    lines = []
    for text in (old, source, translation):
        lines += textwrap.wrap(text, 74, break_long_words=False)  # "# " + 74 = 76
    assert len(lines) > 3
    entry = polib.POEntry(msgid="About 7 % of patients respond within a week.",
                          msgstr="Alrededor del 7 % de los pacientes responde en una semana.",
                          tcomment="\n".join(["a translator's note", *lines, "Another note"]))
    blocks = notes.parse(entry.tcomment)
    assert notes.texts(blocks, notes.MEANING) == [old.removeprefix("meaning changed: ")]
    assert notes.texts(blocks, notes.PREVIOUS_SOURCE) == [source.removeprefix("previous source: ")]
    sign(entry, "Ana", "2026-11-27", "linguist")
    kept = entry.tcomment.splitlines()
    assert kept[0] == "a translator's note" and kept[1] == "Another note"
    assert [line.split(":")[0] for line in kept[2:]] == ["reviewed", "reviewer"]


def test_only_heuristic_findings_can_be_waived() -> None:
    entry = polib.POEntry(msgid="Take 20 mg.", msgstr="Tome 25 mg.")
    for check in ("numbers", "markup", "urls", "dnt", "whitespace"):
        with pytest.raises(UsageError, match="cannot be waived"):
            waive(entry, check, "Ana", "linguist", "2026-11-27", "I know")
    with pytest.raises(UsageError, match="needs a reason"):
        waive(entry, "length", "Ana", "linguist", "2026-11-27", "  ")


def test_translation_memory_never_offers_a_stale_translation() -> None:
    from l10n.mt.engines.memory import TranslationMemory

    entry = polib.POEntry(msgid="Take 20 mg before the session.", msgstr="Tome 20 mg antes.")
    sign(entry, "Ana", "2026-11-27", "linguist")
    po = read(HEADER)
    po.append(entry)
    assert TranslationMemory.from_catalogs([po]).exact(entry.msgid) is not None
    entry.msgid = "Take 25 mg before the session."  # msgmerge, then the fuzzy flag cleared
    assert state(entry) is State.STALE
    assert TranslationMemory.from_catalogs([po]).exact(entry.msgid) is None


def test_a_sign_off_split_by_a_narrow_editor_still_holds(tmp_path: Path) -> None:
    entry = polib.POEntry(msgid="Take 20 mg.", msgstr="Tome 20 mg.")
    sign(entry, "Ana Ruiz", "2026-11-27", "clinician")
    po = read(HEADER)
    po.append(entry)
    path = tmp_path / "es.po"
    path.write_text(dump_po(po), "utf-8")
    narrow = polib.pofile(str(path), wrapwidth=40)
    narrow.save(str(path))
    text = path.read_text("utf-8")
    assert "\n# pair:" in text or "\n# src:" in text  # the record line was split
    (review,) = reviews(read(text).find("Take 20 mg."))
    assert (review.who, review.role, review.when) == ("Ana Ruiz", "clinician", "2026-11-27")


@pytest.mark.parametrize(
    "note",
    [
        # this grammar's lines, as long as they get
        'glossary: expected "cetamina" for "ketamine"; expected "infusión" for "x"',
        "previous translation: Alrededor del 70 % de los pacientes responde bien",
        # an old-form sign-off as the repository has them (69 characters, never wrapped)
        "reviewed: 2026-11-22 sha1:0123456789ab by l10n team, Spanish review",
        # a guard note in a form the reader does not know
        "meaning changed: a number changed",
    ],
)
def test_a_translators_line_after_a_note_stays_the_translators(note: str) -> None:
    own = "Terminología revisada con la clínica el martes"
    blocks = notes.parse(f"{note}\n{own}")
    assert notes.own_lines(blocks) == [own]
    entry = polib.POEntry(msgid="a", msgstr="b", flags=["fuzzy"],
                          tcomment=f"machine draft: x, 2026-01-01\n{note}\n{own}")
    from l10n.mt.draft import apply_draft

    apply_draft(entry, "c", ["machine draft: y, 2026-01-02"])
    assert own in entry.tcomment.splitlines()
    entry.flags = []
    sign(entry, "Ana", "2026-11-27", "linguist")
    assert own in entry.tcomment.splitlines()


_REVIEWED_LINES = st.sampled_from([
    "reviewed: 2026-11-27 linguist src:16c1316c4a31 pair:54497fd4901e",
    "reviewed: 2026-11-27 src:16c1316c4a31 pair:54497fd4901e",
    "reviewed: 2026-11-27 by src:16c1316c4a31 pair:54497fd4901e",
    " reviewed: 2026-11-27 clinician src:629ff55ba880 pair:a0b4e8eab3b9 ",
    "reviewed: 2026-11-27 sha1:54497fd4901e by Ana",
    "reviewed: 2026-11-27 linguist src:16c1316c4a31",
])
_REVIEWER_LINES = st.sampled_from([
    "reviewer: linguist Ana García",
    "reviewer: clinician  Dr  Ruiz ",
    "reviewer: nurse Ana",
    "reviewer:",
    "reviewer: ",
])
_OTHER_LINES = st.sampled_from(
    ["+ continued", "+word", "glossary: dosis", "a translator's own line", ""]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.tuples(_REVIEWED_LINES, _REVIEWER_LINES), st.tuples(_OTHER_LINES)),
        max_size=4,
    ),
    st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85"]),
)
def test_sign_offs_read_quickly_are_the_sign_offs_parsed(
    records: list[tuple[str, ...]], newline: str
) -> None:
    text = newline.join(line for record in records for line in record)
    assert notes.sign_offs_in(text) == notes.sign_offs(notes.parse(text))
