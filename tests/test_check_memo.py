"""An entry's findings are the same however often it recurs in a run: the findings
``check_catalog`` remembers for recent entries follow their whole content and context."""

from __future__ import annotations

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.glossary import parse_glossary
from l10n.quality import gate

SOURCE = "Take 5 mg of NMDA twice a day. Do not drive."
TRANSLATIONS = {
    "es": [
        "Tome 5 mg de NMDA dos veces al día. No conduzca.",
        "Tome 50 mg de NMDA dos veces al día. No conduzca.",
        "Tome 5 mg de NMDR dos veces al día. Conduzca.",
    ],
    "pt_BR": [
        "Tome 5 mg de NMDA duas vezes ao dia. Não dirija.",
        "Tome 5 mg de NMDA duas vezes ao dia. Dirija.",
    ],
}
GLOSSARIES = [
    None,
    parse_glossary("term,kind,es,pt_BR,note\nNMDA,dnt,,,\n", "glossary.csv"),
    parse_glossary("term,kind,es,pt_BR,note\ntwice a day,term,dos veces por día,duas vezes por dia,\n", "glossary.csv"),
]
entries = st.tuples(
    st.sampled_from(sorted(TRANSLATIONS)),
    st.integers(0, 2),
    st.booleans(),
    st.sampled_from([None, "reviewed: 2026-01-01 someone", "machine draft: pseudo"]),
    st.integers(0, len(GLOSSARIES) - 1),
)


def catalog(locale: str, text: str, fuzzy: bool, comment: str | None) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {
        "Language": locale,
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    po.append(polib.POEntry(
        msgid=SOURCE, msgstr=text, flags=["fuzzy"] if fuzzy else [], tcomment=comment or "",
    ))
    return po


@settings(max_examples=60, deadline=None)
@given(st.lists(entries, min_size=1, max_size=12))
def test_findings_do_not_depend_on_what_was_checked_before(runs):
    for locale, index, fuzzy, comment, glossary in runs:
        texts = TRANSLATIONS[locale]
        po = catalog(locale, texts[index % len(texts)], fuzzy, comment)
        args = (po, "x.po", locale, GLOSSARIES[glossary], None)
        remembered = gate.check_catalog(*args)
        gate._entries_cache.clear()
        assert remembered == gate.check_catalog(*args)


def test_the_same_entry_is_judged_by_its_flags_and_glossary_each_time():
    bad = TRANSLATIONS["es"][1]  # 50 mg for 5 mg
    draft = gate.check_catalog(catalog("es", bad, True, None), "a.po", "es", None, None)
    final = gate.check_catalog(catalog("es", bad, False, None), "b.po", "es", None, None)
    assert [(f.check, f.severity) for f in draft if f.check == "numbers"] == [("numbers", "warning")]
    assert [(f.check, f.severity) for f in final if f.check == "numbers"] == [("numbers", "error")]
    acronym = TRANSLATIONS["es"][2]
    with_term = gate.check_catalog(catalog("es", acronym, False, None), "c.po", "es", GLOSSARIES[1], None)
    assert any(f.check == "dnt" and "NMDA" in f.message for f in with_term)
