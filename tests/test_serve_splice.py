"""Saving one entry from the review desk rewrites that entry's lines only, whatever
layout the catalog has (GNU msgcat at any width, polib's own, CRLF, loose blank lines)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.formats.pofile import parse_po
from l10n.serve.desk import Action, Refused, apply
from l10n.serve.splice import entry_span, replace_entry, version

REPO = Path(__file__).resolve().parent.parent
CATALOG = REPO / "locales" / "es" / "LC_MESSAGES" / "understanding-ketamine-infusions.po"


def _msgcat(text: str, tmp: Path, *args: str) -> str:
    src = tmp / "in.po"
    src.write_text(text, encoding="utf-8")
    out = subprocess.run(["msgcat", *args, str(src)], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def _layouts(tmp: Path) -> dict[str, str]:
    text = CATALOG.read_text(encoding="utf-8")
    po = polib.pofile(text)
    po.wrapwidth = 60
    head, sep, rest = text.partition('\nmsgid "')  # the header
    second, sep2, tail = rest.partition('\nmsgid "')
    with_ctxt = head + sep + second + '\nmsgctxt "a\\n"\n"context"' + sep2 + tail
    return {
        "as-written": text,
        "msgcat-width-40": _msgcat(text, tmp, "--width=40"),
        "msgcat-no-wrap": _msgcat(text, tmp, "--no-wrap"),
        "polib-60": str(po),
        "crlf": text.replace("\n", "\r\n"),
        "loose-blank-lines": text.replace("\n\n", "\n\n\n").replace('msgstr ""\n"', 'msgstr ""\n"'),
        "with-msgctxt": with_ctxt,  # a msgctxt over two lines
        "packed": with_ctxt.replace("\n\n", "\n"),  # no blank line between entries
    }


def _key(e: polib.POEntry) -> tuple[object, ...]:
    return (e.msgctxt, e.msgid, e.msgstr, e.tcomment, sorted(e.flags), e.previous_msgid)


@pytest.mark.parametrize("layout", ["as-written", "msgcat-width-40", "msgcat-no-wrap",
                                    "polib-60", "crlf", "loose-blank-lines", "with-msgctxt",
                                    "packed"])
def test_each_entry_rewritten_alone(tmp_path: Path, layout: str) -> None:
    text = _layouts(tmp_path)[layout]
    before = parse_po(text, "x.po")
    active = [i for i, e in enumerate(before) if not e.obsolete and e.msgid]
    assert len(active) > 20
    for i in active:
        po = parse_po(text, "x.po")
        entry = po[i]
        entry.msgstr = "Una traducción nueva, algo más larga que una línea de un catálogo"
        entry.tcomment = (entry.tcomment + "\n" if entry.tcomment else "") + "nota"
        new = replace_entry(text, entry, "x.po")
        start, end = entry_span(text, int(entry.linenum))
        assert new.startswith(text[:start]) and new.endswith(text[end:])
        after = parse_po(new, "x.po")
        assert [_key(e) for k, e in enumerate(after) if k != i] == [
            _key(e) for k, e in enumerate(before) if k != i
        ]
        assert after[i].msgstr == entry.msgstr
        # a CRLF file's comment lines are read with their CR: the same lines
        assert after[i].tcomment.replace("\r", "") == entry.tcomment.replace("\r", "")
        if layout == "crlf":
            assert "\n" not in new.replace("\r\n", "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_translation_round_trips(tmp_path: Path, data: st.DataObject) -> None:
    text = _layouts(tmp_path)[data.draw(st.sampled_from(["as-written", "msgcat-width-40"]))]
    po = parse_po(text, "x.po")
    active = [i for i, e in enumerate(po) if not e.obsolete and e.msgid]
    i = data.draw(st.sampled_from(active))
    alphabet = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    po[i].msgstr = data.draw(st.text(alphabet | st.sampled_from("\n\t\"\\"), min_size=1))
    new = replace_entry(text, po[i], "x.po")
    again = parse_po(new, "x.po")
    assert again[i].msgstr == po[i].msgstr
    assert [e.msgstr for k, e in enumerate(again) if k != i] == [
        e.msgstr for k, e in enumerate(parse_po(text, "x.po")) if k != i
    ]


def test_an_entry_that_moved_is_refused() -> None:
    text = CATALOG.read_text(encoding="utf-8")
    po = parse_po(text, "x.po")
    entry = next(e for e in po if e.msgid and not e.obsolete)
    entry.linenum = int(entry.linenum) + 1
    with pytest.raises(CatalogError, match="no longer where it was"):
        replace_entry(text, entry, "x.po")


def test_version_changes_with_any_byte() -> None:
    data = CATALOG.read_bytes()
    assert version(data) == version(bytes(data))
    assert version(data) != version(data + b"\n")


def _entry(msgid: str, msgstr: str) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr)


def test_sign_refused_on_a_check_error_but_the_edit_is_kept() -> None:
    entry = _entry("Take 2.5 mg a day.", "Tome 2,5 mg al día.")
    with pytest.raises(Refused, match=r"not signed: \[numbers\]"):
        apply(entry, Action("accept", "Tome 3 mg al día.", "Ana", "linguist"), "es", None,
              "2026-11-27")
    assert entry.msgstr == "Tome 3 mg al día."
    assert "reviewed:" not in (entry.tcomment or "")
    said = apply(entry, Action("accept", "Tome 2,5 mg al día.", "Ana", "clinician"), "es", None,
                 "2026-11-27")
    assert said == "signed as clinician with your edit"
    assert "reviewer: clinician Ana" in entry.tcomment


def test_a_waiver_needs_a_reason_and_a_waivable_check() -> None:
    entry = _entry("Do not drive after the infusion.", "Conduzca después de la infusión.")
    with pytest.raises(Refused, match=r"waiver of \[negation\] needs a reason"):
        apply(entry, Action("waive", None, "Ana", "linguist", "negation", "  "), "es", None,
              "2026-11-27")
    with pytest.raises(Refused, match=r"\[numbers\] cannot be waived"):
        apply(entry, Action("waive", None, "Ana", "linguist", "numbers", "because"), "es", None,
              "2026-11-27")
    assert apply(entry, Action("waive", None, "Ana", "linguist", "negation", "says it twice"),
                 "es", None, "2026-11-27") == "waived [negation]"
    assert "waiver reason: negation: says it twice" in entry.tcomment


def test_accepting_a_machine_draft_makes_it_the_translation() -> None:
    entry = _entry("Ketamine works fast.", "La ketamina actúa rápido.")
    entry.flags.append("fuzzy")
    entry.previous_msgid = "Ketamine works."
    entry.tcomment = "machine draft: libre, 2026-11-20"
    apply(entry, Action("accept", None, "Ana", "linguist"), "es", None, "2026-11-27")
    assert "fuzzy" not in entry.flags and entry.previous_msgid is None
    assert "reviewer: linguist Ana" in entry.tcomment


def test_signing_needs_a_name_and_a_role() -> None:
    entry = _entry("Ketamine works fast.", "La ketamina actúa rápido.")
    with pytest.raises(Refused, match="give your name"):
        apply(entry, Action("accept", None, " ", "linguist"), "es", None, "2026-11-27")
    with pytest.raises(Refused, match="choose a role"):
        apply(entry, Action("accept", None, "Ana", "nurse"), "es", None, "2026-11-27")
