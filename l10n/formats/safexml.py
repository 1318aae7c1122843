"""Hardened XML reading for interchange files.

Rules:
- A file over ``MAX_BYTES`` is refused before it is parsed.
- No DTD is ever read. A DOCTYPE that only names one (``<!DOCTYPE tmx SYSTEM
  "tmx14.dtd">``, as CAT tools write TMX and TBX) is accepted and ignored; one with an
  internal subset, any ``<!ENTITY`` (so no external entities, no expansion bombs) and
  any entity reference beyond XML's five are refused at their line. The parser also
  resolves no entities, loads no DTD, never touches the network and keeps libxml2's
  limits on (no ``huge_tree``).
- The root element must be in the expected namespace; errors are ``CatalogError``
  with the file's name and a 1-based line, so the CLI prints one line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from l10n.errors import CatalogError

MAX_BYTES = 50 * 1024 * 1024
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_QUOTED = rb"""(?:"[^"<>]*"|'[^'<>]*')"""
# a DOCTYPE naming an external DTD, or none, with no internal subset
_NAMING_ONLY = re.compile(
    rb"<!DOCTYPE[ \t\r\n]+[A-Za-z_:][-\w.:]*"
    rb"(?:[ \t\r\n]+(?:SYSTEM[ \t\r\n]+" + _QUOTED
    + rb"|PUBLIC[ \t\r\n]+" + _QUOTED + rb"(?:[ \t\r\n]+" + _QUOTED + rb")?))?[ \t\r\n]*>"
)
# characters XML 1.0 cannot carry (written as inline codes or refused)
INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse(data: bytes, path: str, roots: Sequence[tuple[str | None, str]]) -> etree._Element:
    """The root element of ``data``, refusing anything hostile or of another kind.

    ``roots`` are the (namespace, local name) pairs a root element may have.
    """
    if len(data) > MAX_BYTES:
        raise CatalogError(
            f"file is {len(data) / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB",
            path,
            1,
        )
    for count, found in enumerate(_DOCTYPE.finditer(data)):
        if count or not _NAMING_ONLY.match(data, found.start()):
            line = data.count(b"\n", 0, found.start()) + 1
            raise CatalogError(
                "a DOCTYPE with declarations or an entity declaration is not accepted", path, line
            )
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
    )
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        message = str(exc.msg or exc).split(", line ")[0]
        raise CatalogError(f"malformed XML: {message}", path, line) from None
    for node in tree.iter(etree.Entity):  # lxml filters the nodes: no walk in Python
        raise CatalogError("entity references are not accepted", path, node.sourceline or 1)
    got = etree.QName(tree)
    if (got.namespace, got.localname) not in roots:
        where = f"namespace {got.namespace}" if got.namespace else "no namespace"
        wanted = " or ".join(f"<{name}> in {ns}" for ns, name in roots)
        raise CatalogError(
            f"root element is <{got.localname}> in {where}; expected {wanted}",
            path,
            tree.sourceline or 1,
        )
    return tree


def local(node: etree._Element) -> str:
    """An element's name without its namespace."""
    return str(etree.QName(node).localname) if isinstance(node.tag, str) else ""


def text_of(node: etree._Element) -> str:
    """All text inside ``node`` (no markup)."""
    return "".join(str(t) for t in node.itertext())


def serialize(root: etree._Element, leaves: frozenset[str]) -> bytes:
    """UTF-8 bytes with an XML declaration and a final newline, the same for the same tree.

    Structural elements are indented; the content of ``leaves`` (local names of
    elements holding text, such as ``source``) is left exactly as it is.
    """
    _indent(root, 0, leaves)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


def _indent(node: etree._Element, level: int, leaves: frozenset[str]) -> None:
    children = list(node)
    if not children or local(node) in leaves:
        return
    inner = "\n" + "  " * (level + 1)
    if not (node.text or "").strip():
        node.text = inner
    for child in children:
        _indent(child, level + 1, leaves)
        if not (child.tail or "").strip():
            child.tail = inner
    if not (children[-1].tail or "").strip():
        children[-1].tail = "\n" + "  " * level
