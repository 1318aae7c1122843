"""Interchange formats on their own: inline codes, XLIFF 2.1/1.2, TMX, TBX, hostile XML.

Consumers are real: translate-toolkit's XLIFF, XLIFF 2 and TMX readers, and lxml.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage import tbx as tt_tbx
from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from l10n.errors import CatalogError
from l10n.formats import inline, safexml, tbx, tmx, xliff
from l10n.formats.lang import match

_FRAGMENTS = st.sampled_from(
    [
        "the brain", "NMDA", " ", ", ", ". ", "\n", "2.5 mg", "70%",
        "**strong**", "__strong__", "*em*", "_em_", "~~gone~~", "`code`", "``a ` b``",
        "[link](https://x.org/a)", '[link](https://x.org/a "A title")', "[ref][r1]",
        "![alt](i.png)", '![alt *x*](i.png "T")', "<br>", "<sup>2</sup>", "<!-- c -->",
        "&amp;", "&#160;", "\\*", "\\_", "  \n", "\\\n", "<https://x.org>", "under_score",
        "*", "_", "[", "]", "(", ")", "<", ">", "&", '"', "'", "\t", "\x01", "é", "中文",
    ]
)
MARKDOWN = st.lists(_FRAGMENTS, min_size=1, max_size=14).map("".join)
NESTED = st.recursive(
    MARKDOWN,
    lambda inner: st.one_of(
        inner.map(lambda t: f"**{t}x**"),
        inner.map(lambda t: f"[{t}y](https://e.org/p)"),
        st.tuples(inner, inner).map("".join),
    ),
    max_leaves=6,
)


def _one_unit(source: str, target: str, version: str) -> bytes:
    unit = xliff.Unit("u1", source, target, "translated", (("reference", "source/a.md:1"),))
    return xliff.write([xliff.Article("a", "source/a.md", (unit,))], "p", "en", "es", version)


@settings(max_examples=300, deadline=None)
@given(NESTED)
def test_inline_codes_round_trip_through_both_xliff_versions(text: str) -> None:
    nodes = inline.parse(text)
    assert inline.markdown(nodes) == text
    assert inline.restore(inline.refs(nodes), nodes) == text
    for version in xliff.VERSIONS:
        doc = xliff.read(_one_unit(text, text, version), "a.xlf")
        (unit,) = doc.articles[0].units
        assert inline.restore(unit.source, nodes) == text
        assert unit.target is not None and inline.restore(unit.target, nodes) == text


def test_markdown_becomes_pc_and_ph_codes() -> None:
    text = 'Take **2.5 mg** as [the *guide*](https://x.org "Guide") says: `dose`,  \nthen <br>'
    data = _one_unit(text, "", "2.1")
    root = etree.fromstring(data)
    ns = {"x": xliff.NS2}
    source = root.find(".//x:source", ns)
    assert [etree.QName(e).localname for e in source.iter()][1:] == ["pc", "pc", "pc", "ph", "ph", "ph"]
    first_pc = source.find("x:pc", ns)
    assert first_pc.text == "2.5 mg" and first_pc.get("subType") == "xlf:b"
    original = {d.get("id"): d.text for d in root.iterfind(".//x:originalData/x:data", ns)}
    assert original[first_pc.get("dataRefStart")] == "**"
    link = source.findall("x:pc", ns)[1]
    assert original[link.get("dataRefEnd")] == '](https://x.org "Guide")'
    assert all(e.get("canDelete") == "no" for e in source.iter() if e is not source)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ('Hola <pc id="2">mundo</pc>', "inline code 1 (**...**) is missing"),
        ('<pc id="1">Hola</pc> <pc id="2">a <ph id="3"/></pc> <pc id="1">b</pc>', "appears twice"),
        ('<pc id="1">Hola</pc> <pc id="2">a</pc> <ph id="9"/>', "inline code 9 is not in the source"),
        ('<pc id="1">Hola</pc> <pc id="2">a</pc> <pc id="3">x</pc>', "must be standalone"),
        ('<pc id="1">Hola <ph id="3"/></pc> <pc id="2">a</pc>', "moved: it belongs inside inline code 2"),
    ],
)
def test_broken_inline_codes_are_named(target: str, message: str) -> None:
    source = "**Hello** [a `x`](u)"
    nodes = inline.parse(source)
    element = etree.fromstring(f'<target xmlns="{xliff.NS2}">{target}</target>')
    with pytest.raises(inline.InlineError, match=re.escape(message)):
        inline.restore(xliff._refs(element, xliff.NS2), nodes)


def test_translate_toolkit_reads_both_versions() -> None:
    source, target = "Take **2.5 mg** daily.", "Tome **2,5 mg** al día."
    store2 = tt_xliff2.Xliff2File.parsestring(_one_unit(source, target, "2.1"))
    assert [(u.getid(), u.source, u.target) for u in store2.units] == [
        ("u1", "Take 2.5 mg daily.", "Tome 2,5 mg al día.")
    ]
    store12 = tt_xliff.xlifffile.parsestring(_one_unit(source, target, "1.2"))
    (unit,) = store12.units
    assert unit.source == "Take 2.5 mg daily." and unit.target == "Tome 2,5 mg al día."
    assert "reference: source/a.md:1" in unit.getnotes()
    assert store12.getsourcelanguage() == "en" and store12.gettargetlanguage() == "es"


HOSTILE = {
    "external entity": (
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1">&e;</xliff>'
        ),
        "2: a DOCTYPE with declarations or an entity declaration is not accepted",
    ),
    "billion laughs": (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + b"".join(
            b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b']>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0">&lol9;</xliff>',
        "2: a DOCTYPE with declarations or an entity declaration is not accepted",
    ),
    "wrong namespace": (
        b'<?xml version="1.0"?>\n<xliff xmlns="urn:example:not-xliff" version="2.1"/>',
        "2: root element is <xliff> in namespace urn:example:not-xliff",
    ),
    "wrong version": (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="3.0"/>',
        "1: XLIFF version 3.0 is not 2.0 or 2.1",
    ),
    "malformed": (b"<xliff>\n<file>\n</xliff>", "3: malformed XML"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_xml_is_refused_at_its_line(case: str) -> None:
    data, message = HOSTILE[case]
    with pytest.raises(CatalogError) as caught:
        xliff.read(data, "x.xlf")
    assert str(caught.value).startswith(f"x.xlf:{message}")
    assert "\n" not in str(caught.value)


def test_an_oversized_document_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safexml, "MAX_BYTES", 1000)
    with pytest.raises(CatalogError, match="the limit is 0 MB"):
        safexml.parse(b"<a>" + b"x" * 2000 + b"</a>", "big.xlf", [(None, "a")])


def test_tmx_is_read_by_translate_toolkit_with_bcp47_languages() -> None:
    pairs = [tmx.Pair("Take **2.5 mg**.", "Tome **2,5 mg**.", (("x-article", "a"),))]
    data = tmx.write(pairs, "en", "pt-BR", "0.1.0")
    store = tt_tmx.tmxfile.parsestring(data)
    (unit,) = store.units
    assert (unit.source, unit.target) == ("Take **2.5 mg**.", "Tome **2,5 mg**.")
    root = etree.fromstring(data)
    assert [t.get(safexml.XML_LANG) for t in root.iter("tuv")] == ["en", "pt-BR"]
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "en"


def test_tmx_languages_match_leniently() -> None:
    data = (
        b'<tmx version="1.4"><header srclang="en-US" creationtool="x" creationtoolversion="1"'
        b' segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>'
        b'<tu><tuv xml:lang="en-US"><seg>Rest <bpt i="1">&lt;b&gt;</bpt>now<ept i="1">&lt;/b&gt;'
        b'</ept>.</seg></tuv><tuv xml:lang="es-ES"><seg>Descanse ahora.</seg></tuv>'
        b'<tuv xml:lang="pt-PT"><seg>Descanse agora.</seg></tuv></tu></body></tmx>'
    )
    memory = tmx.read(data, "m.tmx")
    assert [(p.source, p.target) for p in tmx.pairs_for(memory, "en", "es")] == [
        ("Rest now.", "Descanse ahora.")
    ]
    assert tmx.pairs_for(memory, "en", "pt_BR") == []
    assert match("es-ES", ["es", "pt_BR"]) == "es" and match("pt-BR", ["pt_BR"]) == "pt_BR"


def test_tbx_basic_is_read_by_translate_toolkit_and_keeps_dnt() -> None:
    concepts = [
        tbx.Concept("ketamine", False, (("es", ("ketamina",)), ("pt_BR", ("cetamina",))), "drug"),
        tbx.Concept("NMDA", True, (("es", ("NMDA",)),)),
    ]
    data = tbx.write(concepts, "en")
    store = tt_tbx.tbxfile.parsestring(data)
    assert [u.source for u in store.units] == ["ketamine", "NMDA"]
    back = tbx.read(data, "g.tbx", "en", ["es", "pt_BR"])
    assert [(c.term, c.dnt, c.translations, c.note) for c in back] == [
        ("ketamine", False, (("es", ("ketamina",)), ("pt_BR", ("cetamina",))), "drug"),
        ("NMDA", True, (), ""),
    ]


def test_tmx_of_older_tools_is_read_and_another_version_is_refused() -> None:
    """TMX 1.1 (``lang``, not ``xml:lang``), as older CAT tools export memories."""
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n<tmx version="1.1">'
        b'<header srclang="EN-US" creationtool="x" creationtoolversion="1" segtype="sentence"'
        b' o-tmf="x" adminlang="EN-US" datatype="plaintext"/><body>'
        b'<tu><tuv lang="EN-US"><seg>Rest now.</seg></tuv>'
        b'<tuv lang="ES-ES"><seg>Descanse ahora.</seg></tuv></tu></body></tmx>'
    )
    memory = tmx.read(data, "old.tmx")
    assert [(p.source, p.target) for p in tmx.pairs_for(memory, "en", "es")] == [
        ("Rest now.", "Descanse ahora.")
    ]
    with pytest.raises(CatalogError, match=r"^new\.tmx:3: TMX version 2\.0 is not 1\.1 to 1\.4$"):
        tmx.read(data.replace(b'version="1.1"', b'version="2.0"'), "new.tmx")


def test_tbx_terms_in_term_groups_and_in_dct_style_are_read() -> None:
    """TBX v2 with ``<ntig><termGrp>`` (as some CAT tools export) and TBX v3 in DCT
    style (data categories as elements of a module's namespace)."""
    v2 = (
        b'<martif type="TBX" xml:lang="en"><text><body><termEntry id="a">'
        b'<descrip type="definition">an anaesthetic</descrip>'
        b'<langSet xml:lang="en-US"><ntig><termGrp><term>ketamine</term></termGrp></ntig></langSet>'
        b'<langSet xml:lang="es-ES">'
        b'<ntig><termGrp><term>ketalar</term><termNote type="administrativeStatus">'
        b"admittedTerm-admn-sts</termNote></termGrp></ntig>"
        b'<ntig><termGrp><term>quetamina</term><termNote type="administrativeStatus">'
        b"deprecatedTerm-admn-sts</termNote></termGrp></ntig>"
        b'<ntig><termGrp><term>ketamina</term><termNote type="administrativeStatus">'
        b"preferredTerm-admn-sts</termNote></termGrp></ntig>"
        b"</langSet></termEntry></body></text></martif>"
    )
    (concept,) = tbx.read(v2, "memoq.tbx", "en", ["es", "pt_BR"])
    assert (concept.term, concept.translations, concept.note) == (
        "ketamine", (("es", ("ketamina", "ketalar")),), "an anaesthetic"
    )
    v3 = (
        b'<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"'
        b' xmlns:basic="http://www.tbxinfo.net/ns/basic"><text><body>'
        b'<conceptEntry id="c1"><basic:definition>an anaesthetic</basic:definition>'
        b'<langSec xml:lang="en"><termSec><term>ketamine</term></termSec></langSec>'
        b'<langSec xml:lang="pt-BR">'
        b"<termSec><term>quetamina</term>"
        b"<basic:administrativeStatus>supersededTerm-admn-sts</basic:administrativeStatus>"
        b"</termSec><termSec><term>cetamina</term>"
        b"<basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus>"
        b"</termSec></langSec></conceptEntry></body></text></tbx>"
    )
    (concept,) = tbx.read(v3, "dct.tbx", "en", ["es", "pt_BR"])
    assert (concept.term, concept.translations, concept.note) == (
        "ketamine", (("pt_BR", ("cetamina",)),), "an anaesthetic"
    )
