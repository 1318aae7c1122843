"""Inline Markdown <-> XLIFF inline codes, as a tree of text and codes.

Rules:
- A unit's Markdown is cut into text and codes, by position, so joining the pieces
  gives back exactly the text it came from (``markdown(parse(text)) == text``):
  - paired codes (``Pc``, XLIFF ``<pc>``/``<g>``): strong and emphasis (``**``,
    ``__``, ``*``, ``_``), strikethrough (``~~``), links and images
    (``[`` ... ``](url "title")`` or ``][ref]``), whose text stays translatable;
  - standalone codes (``Ph``, XLIFF ``<ph>``/``<x>``): code spans, autolinks, HTML
    tags, comments and entities, backslash escapes, hard line breaks, and characters
    XML cannot carry.
  Emphasis that crosses a link or another emphasis (not nested) stays text.
- Codes are numbered ``1``, ``2`` ... in order of their start.
- A translation comes back as a tree naming codes by id. ``restore`` rebuilds its
  Markdown from the *source's* codes (never from what the file says a code holds),
  and only if every code is there exactly once, of the same kind (paired or
  standalone), inside the same paired code as in the source; otherwise
  ``InlineError`` says which code is missing, repeated, unknown or moved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_HTML = re.compile(
    r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w:.-]*"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>",
    re.DOTALL,
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK_INLINE_TAIL = re.compile(
    r"\]\(\s*(?:<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"
    r"(?:\s+(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\)",
    re.DOTALL,
)
_BRACKET = re.compile(r"[\[\]]")
# text without any of these has no inline code
_SPECIAL = re.compile("[*_~`\\[\\]<&\\\\\n\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK_REF_TAIL = re.compile(r"\]\[[^\[\]]*\]")
_EMPHASIS = (
    ("strong", "**", re.compile(r"(?<![\w\\*])(\*\*)(?![\s*])(.+?)(?<![\s\\*])\*\*(?![\w*])", re.DOTALL)),
    ("strong", "__", re.compile(r"(?<![\w\\_])(__)(?![\s_])(.+?)(?<![\s\\_])__(?![\w_])", re.DOTALL)),
    ("strike", "~~", re.compile(r"(?<![\w\\~])(~~)(?![\s~])(.+?)(?<![\s\\~])~~(?![\w~])", re.DOTALL)),
    ("em", "*", re.compile(r"(?<![\w\\*])(\*)(?![\s*])(.+?)(?<![\s\\*])\*(?![\w*])", re.DOTALL)),
    ("em", "_", re.compile(r"(?<![\w\\_])(_)(?![\s_])(.+?)(?<![\s\\_])_(?![\w_])", re.DOTALL)),
)


@dataclass(frozen=True)
class Ph:
    """A standalone code: Markdown that stays exactly as it is."""

    id: str
    kind: str  # code, autolink, html, entity, escape, break, control
    text: str


@dataclass(frozen=True)
class Pc:
    """A paired code around translatable content."""

    id: str
    kind: str  # strong, em, strike, link, image
    start: str
    end: str
    content: tuple[Node, ...]


Node = str | Ph | Pc


class InlineError(ValueError):
    """A translation's inline codes are not the source's."""


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    close: tuple[int, int] | None = None  # a paired code's closing delimiter

    @property
    def outer(self) -> tuple[int, int]:
        return (self.start, self.close[1] if self.close else self.end)


def parse(text: str) -> tuple[Node, ...]:
    """The text and codes of one unit's Markdown."""
    if not _SPECIAL.search(text):
        return (text,) if text else ()
    atoms: list[_Span] = []
    taken = bytearray(len(text))

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) < 0

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    def atom(pattern: re.Pattern[str], kind: str, trigger: str = "") -> None:
        if trigger and trigger not in text:
            return
        for m in pattern.finditer(text):
            if m.end() > m.start() and free(m.start(), m.end()):
                atoms.append(_Span(m.start(), m.end(), kind))
                take(m.start(), m.end())

    atom(_CONTROL, "control")
    atom(_CODE, "code", "`")
    atom(_AUTOLINK, "autolink", "<")
    atom(_HARD_BREAK, "break", "\n")
    atom(_ESCAPE, "escape", "\\")
    atom(_HTML, "html", "<")
    atom(_ENTITY, "entity", "&")
    pairs: list[_Span] = []
    if "]" in text:
        _links(text, taken, pairs)
    for kind, delimiter, pattern in _EMPHASIS:
        if delimiter not in text:
            continue
        pos = 0
        while True:
            m = pattern.search(text, pos)
            if m is None:
                break
            width = len(m.group(1))
            open_end, close_start = m.start() + width, m.end() - width
            candidate = _Span(m.start(), open_end, kind, (close_start, m.end()))
            if (
                free(m.start(), open_end)
                and free(close_start, m.end())
                and all(_nests(candidate, other) for other in pairs)
            ):
                pairs.append(candidate)
                take(m.start(), open_end)
                take(close_start, m.end())
                pos = open_end
            else:
                pos = m.start() + 1
    spans = sorted([*atoms, *pairs], key=lambda s: s.start)
    ids = {id(s): str(n) for n, s in enumerate(spans, 1)}
    nodes, _ = _tree(text, spans, ids, 0, len(text), 0)
    return nodes


def _links(text: str, taken: bytearray, pairs: list[_Span]) -> None:
    """Links and images whose brackets and tail are free text."""

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) < 0

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    opens: list[int] = []
    for bracket in _BRACKET.finditer(text):
        i = bracket.start()
        ch = bracket.group()
        if taken[i]:
            continue
        if ch == "[":
            opens.append(i)
        elif ch == "]" and opens:
            start = opens.pop()
            tail = _LINK_INLINE_TAIL.match(text, i) or _LINK_REF_TAIL.match(text, i)
            if tail is None or not free(i, tail.end()):
                continue
            image = start > 0 and text[start - 1] == "!" and free(start - 1, start)
            begin = start - 1 if image else start
            candidate = _Span(begin, start + 1, "image" if image else "link", (i, tail.end()))
            if all(_nests(candidate, other) for other in pairs):
                pairs.append(candidate)
                take(begin, start + 1)
                take(i, tail.end())


def _nests(a: _Span, b: _Span) -> bool:
    """Whether two paired spans are disjoint or one lies inside the other's content."""
    assert a.close and b.close
    if a.close[1] <= b.start or b.close[1] <= a.start:
        return True
    return (b.end <= a.start and a.close[1] <= b.close[0]) or (
        a.end <= b.start and b.close[1] <= a.close[0]
    )


def _tree(
    text: str, spans: list[_Span], ids: dict[int, str], start: int, end: int, index: int
) -> tuple[tuple[Node, ...], int]:
    """Nodes of ``text[start:end]`` from ``spans[index:]``; the next unused index."""
    out: list[Node] = []
    pos = start
    while index < len(spans) and spans[index].start < end:
        span = spans[index]
        if span.start > pos:
            out.append(text[pos : span.start])
        if span.close is None:
            out.append(Ph(ids[id(span)], span.kind, text[span.start : span.end]))
            pos = span.end
            index += 1
        else:
            content, index = _tree(text, spans, ids, span.end, span.close[0], index + 1)
            out.append(
                Pc(
                    ids[id(span)], span.kind, text[span.start : span.end],
                    text[span.close[0] : span.close[1]], content,
                )
            )
            pos = span.close[1]
    if pos < end:
        out.append(text[pos:end])
    return tuple(out), index


def markdown(nodes: Sequence[Node]) -> str:
    """The Markdown the nodes stand for."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, Ph):
            parts.append(node.text)
        else:
            parts.append(node.start + markdown(node.content) + node.end)
    return "".join(parts)


def codes(nodes: Sequence[Node], parent: str = "") -> Iterator[tuple[Ph | Pc, str]]:
    """Every code with the id of the paired code it sits in ("" at the top)."""
    for node in nodes:
        if isinstance(node, Ph):
            yield node, parent
        elif isinstance(node, Pc):
            yield node, parent
            yield from codes(node.content, node.id)


@dataclass(frozen=True)
class Ref:
    """A code as a translation names it: by id, standalone or around content."""

    id: str
    content: tuple[RefNode, ...] | None = None  # None: standalone


RefNode = str | Ref


def restore(translation: Sequence[RefNode], source: Sequence[Node]) -> str:
    """The Markdown of a translation that names the source's codes by id."""
    if all(type(n) is str for n in source) and all(type(n) is str for n in translation):
        return "".join(translation)  # type: ignore[arg-type]  # plain text on both sides
    known = {code.id: (code, parent) for code, parent in codes(source)}
    seen: set[str] = set()

    def describe(code: Ph | Pc) -> str:
        shown = code.text if isinstance(code, Ph) else code.start + "..." + code.end
        shown = " ".join(shown.split())
        return f"inline code {code.id} ({_short(shown)})"

    def build(nodes: Sequence[RefNode], parent: str) -> str:
        parts: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                parts.append(node)
                continue
            if node.id not in known:
                raise InlineError(f"inline code {node.id} is not in the source")
            code, where = known[node.id]
            if node.id in seen:
                raise InlineError(f"{describe(code)} appears twice")
            seen.add(node.id)
            if isinstance(code, Ph) != (node.content is None):
                shape = "standalone" if isinstance(code, Ph) else "paired"
                raise InlineError(f"{describe(code)} must be {shape}")
            if where != parent:
                inside = f"inside inline code {where}" if where else "outside any other code"
                raise InlineError(f"{describe(code)} moved: it belongs {inside}")
            if isinstance(code, Ph):
                parts.append(code.text)
            else:
                assert node.content is not None
                parts.append(code.start + build(node.content, code.id) + code.end)
        return "".join(parts)

    text = build(translation, "")
    missing = [known[i][0] for i in sorted(known, key=int) if i not in seen]
    if missing:
        raise InlineError(f"{describe(missing[0])} is missing")
    return text


def refs(nodes: Sequence[Node]) -> tuple[RefNode, ...]:
    """The source's own nodes as a translation names them (restores to the source)."""
    out: list[RefNode] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Ph):
            out.append(Ref(node.id))
        else:
            out.append(Ref(node.id, refs(node.content)))
    return tuple(out)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
