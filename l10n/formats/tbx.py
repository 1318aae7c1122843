"""TBX-Basic termbases <-> the project's glossary entries.

Rules:
- Written as TBX-Basic (``<martif type="TBX-Basic">``, the TBX v2 form CAT tools
  import): one ``<termEntry>`` per glossary row, a ``<langSet>`` for the source
  term and one per locale with a translation, languages as BCP 47 tags. The first
  translation is ``preferredTerm-admn-sts``, alternatives ``admittedTerm-admn-sts``.
  The row's note is a ``<descrip type="definition">``.
- A do-not-translate term carries ``<note>do not translate</note>`` and, for every
  locale, the term itself as its translation, so a CAT tool shows it unchanged.
- Read through ``safexml``: TBX v2 (``martif``, no namespace; terms in ``<tig>`` or in
  ``<ntig><termGrp>``, as CAT tools export them) or TBX v3 (``tbx`` in
  ``urn:iso:std:iso:30042:ed-2``, data categories as ``<termNote type=...>`` or as their
  own elements, DCA or DCT style). An entry is do-not-translate when one of its notes
  says "do not translate" (or "DNT"); a term marked ``deprecatedTerm`` or
  ``supersededTerm`` is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from l10n.errors import CatalogError
from l10n.formats import safexml
from l10n.formats.lang import bcp47, match

NS3 = "urn:iso:std:iso:30042:ed-2"
DNT_NOTE = "do not translate"
_DNT = re.compile(r"\bdo[- ]not[- ]translate\b|\bDNT\b", re.IGNORECASE)
_LEAVES = frozenset({"term", "note", "descrip", "termNote", "p"})
_STATUS = "administrativeStatus"


@dataclass(frozen=True)
class Concept:
    term: str
    dnt: bool
    translations: tuple[tuple[str, tuple[str, ...]], ...]  # (locale, terms, preferred first)
    note: str = ""
    line: int = 0


def write(concepts: Sequence[Concept], source_language: str) -> bytes:
    root = etree.Element(
        "martif", attrib={"type": "TBX-Basic", safexml.XML_LANG: bcp47(source_language)}
    )
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(desc, "p").text = "l10n glossary"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", attrib={"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, concept in enumerate(concepts, 1):
        entry = etree.SubElement(body, "termEntry", attrib={"id": f"c{number}"})
        if concept.note:
            etree.SubElement(entry, "descrip", attrib={"type": "definition"}).text = concept.note
        if concept.dnt:
            etree.SubElement(entry, "note").text = DNT_NOTE
        _lang_set(entry, source_language, (concept.term,))
        for locale, terms in concept.translations:
            _lang_set(entry, locale, terms)
    return safexml.serialize(root, _LEAVES)


def _lang_set(entry: etree._Element, locale: str, terms: Sequence[str]) -> None:
    lang_set = etree.SubElement(entry, "langSet", attrib={safexml.XML_LANG: bcp47(locale)})
    for index, term in enumerate(terms):
        tig = etree.SubElement(lang_set, "tig")
        etree.SubElement(tig, "term").text = term
        status = "preferredTerm-admn-sts" if index == 0 else "admittedTerm-admn-sts"
        etree.SubElement(tig, "termNote", attrib={"type": _STATUS}).text = status


def _category(node: etree._Element, kind: str) -> str:
    """The data category an element gives: ``<kind type="X">`` (v2, v3 DCA) or an
    element named after it in a module's namespace (v3 DCT: ``<basic:X>``)."""
    name = safexml.local(node)
    if name == kind:
        return str(node.get("type") or "")
    tag = node.tag
    return name if isinstance(tag, str) and tag.startswith("{") and NS3 not in tag else ""


def read(data: bytes, path: str, source_language: str, locales: Sequence[str]) -> list[Concept]:
    """The concepts of a TBX file, with languages matched to the project's locales."""
    root = safexml.parse(data, path, [(None, "martif"), (NS3, "tbx")])
    v3 = root.tag == f"{{{NS3}}}tbx"

    def q(name: str) -> str:
        return f"{{{NS3}}}{name}" if v3 else name

    body = root.find(f"{q('text')}/{q('body')}")
    if body is None:
        raise CatalogError("TBX without <text><body>", path, root.sourceline)
    concepts = []
    holders = {q("termSec")} if v3 else {"tig", "ntig"}
    for entry in body.iter(q("conceptEntry") if v3 else "termEntry"):
        notes = [safexml.text_of(n) for n in entry.iter(q("note"))]
        definitions = [
            safexml.text_of(d).strip()
            for d in entry.iter()
            if _category(d, "descrip") == "definition"
        ]
        source: str | None = None
        translations: dict[str, list[str]] = {}
        for lang_set in entry.findall(q("langSec") if v3 else "langSet"):
            lang = lang_set.get(safexml.XML_LANG, "")
            terms: list[str] = []
            for holder in (h for h in lang_set if h.tag in holders):
                term = holder.find(q("term"))
                if term is None:  # <ntig><termGrp><term>
                    term = holder.find(f"{q('termGrp')}/{q('term')}")
                status = [
                    safexml.text_of(n) for n in holder.iter() if _category(n, "termNote") == _STATUS
                ]
                if term is None or any(("deprecated" in s or "superseded" in s) for s in status):
                    continue
                text = " ".join(safexml.text_of(term).split())
                if text and text not in terms:
                    preferred = any("preferred" in s for s in status)
                    terms.insert(0 if preferred else len(terms), text)
            if not terms:
                continue
            if match(lang, [source_language]) and source is None:
                source = terms[0]
                continue
            code = match(lang, locales)
            if code is not None:
                translations.setdefault(code, []).extend(t for t in terms if t not in
                                                          translations.get(code, []))
        if source is None:
            continue
        dnt = any(_DNT.search(n) for n in notes)
        kept = tuple(
            (code, tuple(terms))
            for code, terms in translations.items()
            if not dnt
        )
        note = "; ".join(d for d in definitions if d)
        concepts.append(Concept(source, dnt, kept, note, entry.sourceline or 0))
    return concepts
