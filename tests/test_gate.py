"""The per-document structure check agrees with what rendering really produces."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from l10n.markdown import parse_article, segments, translated_copy
from l10n.quality import gate

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "golden" / "roundtrip").glob("*.md")) + sorted(
    (ROOT / "source").glob("*.md")
)
EDITS = {
    "identity": lambda t: t,
    "links-dropped": lambda t: re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t),
    "foreign-link-added": lambda t: t + " [x](https://elsewhere.example)",
    "images-dropped": lambda t: re.sub(r"!\[[^\]]*\]\([^)]*\)", "", t),
    "links-broken": lambda t: t.replace("](", "] ("),
}


def rendered_differences(article, po):  # type: ignore[no-untyped-def]
    table = {e.msgid: e.msgstr for e in po}
    page = translated_copy(article, lambda seg: table.get(seg.text))
    before, after = gate._structure(article.tokens), gate._structure(page.tokens)
    return sorted(n for n in set(gate.STRUCTURE.values()) if before[n] != after[n])


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_structure_check_matches_the_rendered_page(case, edit):
    article = parse_article(case.read_text("utf-8"), case.name)
    po = polib.POFile()
    for seg in segments(article):
        if po.find(seg.text) is None:
            po.append(polib.POEntry(msgid=seg.text, msgstr=EDITS[edit](seg.text)))
    found = gate.document_findings(article, po)
    names = sorted(n for n in set(gate.STRUCTURE.values()) if any(f" {n} where" in m for m in found))
    assert names == rendered_differences(article, po)
    if edit == "identity":
        assert found == []
