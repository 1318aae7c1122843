"""TMX 1.4b translation memories: write reviewed pairs, read a client's memory.

Rules:
- Written: ``<tmx version="1.4">`` with ``srclang`` and one ``<tu>`` per pair, the
  source ``<tuv>`` first; languages as BCP 47 tags (``pt-BR``); properties
  (``x-article``, ``x-reviewer``, ``x-reviewed``, ``x-obsolete``) as ``<prop>``;
  segments as plain text (the Markdown as written). No dates of its own, so the
  same pairs give the same bytes.
- Read through ``safexml``: the root must be ``<tmx>`` (TMX has no namespace) of
  version 1.1 to 1.4 (older tools write 1.1 with ``lang`` for ``xml:lang``; both are
  read), a ``<header>`` with ``srclang``. Inline elements (``bpt``,
  ``ept``, ``ph``, ``it``, ``ut``) hold native codes, not text, and are left out;
  ``hi`` keeps its text. A ``<tu>`` without a source or a target variant is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from l10n.errors import CatalogError
from l10n.formats import safexml
from l10n.formats.lang import matches

_LEAVES = frozenset({"seg", "prop", "note"})
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    props: tuple[tuple[str, str], ...] = ()
    line: int = 0


def write(
    pairs: Sequence[Pair],
    source_language: str,
    target_language: str,
    version: str,
    props: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A TMX 1.4b document of ``pairs`` (languages as BCP 47 tags)."""
    root = etree.Element("tmx", attrib={"version": "1.4"})
    header = etree.SubElement(
        root, "header",
        attrib={
            "creationtool": "l10n", "creationtoolversion": version, "segtype": "paragraph",
            "o-tmf": "gettext", "adminlang": "en", "srclang": source_language,
            "datatype": "plaintext",
        },
    )
    for kind, value in props:
        etree.SubElement(header, "prop", attrib={"type": kind}).text = _clean(value)
    body = etree.SubElement(root, "body")
    for pair in pairs:
        tu = etree.SubElement(body, "tu")
        for kind, value in pair.props:
            etree.SubElement(tu, "prop", attrib={"type": kind}).text = _clean(value)
        for lang, text in ((source_language, pair.source), (target_language, pair.target)):
            tuv = etree.SubElement(tu, "tuv", attrib={safexml.XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = _clean(text)
    return safexml.serialize(root, _LEAVES)


def _clean(text: str) -> str:
    return safexml.INVALID_CHARS.sub("\ufffd", text)


@dataclass(frozen=True)
class Memory:
    source_language: str
    header_props: tuple[tuple[str, str], ...]
    units: tuple[tuple[int, dict[str, str], tuple[tuple[str, str], ...]], ...]  # line, langs, props


def read(data: bytes, path: str) -> Memory:
    """A TMX 1.1-1.4 file; a problem with the file as a whole is a ``CatalogError``."""
    root = safexml.parse(data, path, [(None, "tmx")])
    if root.get("version") not in ("1.1", "1.2", "1.3", "1.4", "1.4b"):
        raise CatalogError(
            f"TMX version {root.get('version') or '(none)'} is not 1.1 to 1.4", path,
            root.sourceline,
        )
    header = root.find("header")
    if header is None or not header.get("srclang"):
        raise CatalogError("TMX without a <header srclang=...>", path, root.sourceline)
    body = root.find("body")
    if body is None:
        raise CatalogError("TMX without a <body>", path, root.sourceline)
    header_props = tuple((p.get("type", ""), safexml.text_of(p)) for p in header.findall("prop"))
    units = []
    for tu in body.iter("tu"):
        langs: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            lang = tuv.get(safexml.XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            if lang and seg is not None:
                langs.setdefault(lang, _seg_text(seg))
        props = tuple((p.get("type", ""), safexml.text_of(p)) for p in tu.findall("prop"))
        units.append((tu.sourceline or 0, langs, props))
    return Memory(header.get("srclang", ""), header_props, tuple(units))


def _seg_text(seg: etree._Element) -> str:
    parts = [seg.text or ""]
    for child in seg:
        name = safexml.local(child)
        if name not in _CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def pairs_for(memory: Memory, source_language: str, locale: str) -> list[Pair]:
    """The (source, target) pairs of a memory for a project locale, matched leniently."""
    out = []
    for line, langs, props in memory.units:
        source = _pick(langs, source_language, memory.source_language)
        target = next((t for lang, t in langs.items() if matches(lang, locale)), None)
        if source and target and source.strip() and target.strip():
            out.append(Pair(source, target, props, line))
    return out


def _pick(langs: dict[str, str], source_language: str, declared: str) -> str | None:
    for lang, text in langs.items():
        if matches(lang, source_language) or (declared != "*all*" and lang == declared):
            return text
    return None
