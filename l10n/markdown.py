"""Articles: YAML front matter + CommonMark with GFM tables, one walk for extract and render.

Rules:
- An article is ``---`` YAML front matter ``---`` followed by the Markdown body; the
  front matter must be a mapping. Line numbers are 1-based in the real file.
- Units (segments): the prose front matter keys (title, description), headings,
  paragraphs, list items, paragraphs in block quotes, GFM table cells, the alt text
  and title of an image standing alone in a paragraph, and the titles of link
  reference definitions. Code blocks and raw HTML blocks are never units.
- A unit's text is the raw inline Markdown of the block, exactly as markdown-it-py
  sees it, so the identity translation renders to the same HTML as the source.
- ``walk`` is the only place that decides what a unit is, and where it lives; extract
  reads it and render splices through it (``l10n.site.splice``), so the two can never
  disagree.
- Parsing is markdown-it-py's, but for how the block parser finds each line's start,
  end and indent: a line at a time, not a character at a time, with the same result.
- A translation is untrusted: inline HTML that is not in the source unit becomes
  text, and a link or image whose target is not in the source unit loses its target.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

from l10n.errors import SourceError

PROSE_KEYS = ("title", "description")

_FENCE = re.compile(r"---[ \t]*\r?\n")
_md: MarkdownIt | None = None


def parser() -> MarkdownIt:
    """The one CommonMark + tables parser every article goes through."""
    global _md
    if _md is None:
        # store_labels: reference links keep their label, so a translated definition
        # title reaches them and the published Markdown keeps reference style
        _md = MarkdownIt("commonmark", {"store_labels": True}).enable("table")
        block = _LineMarkedBlock()
        block.ruler = _md.block.ruler
        _md.block = block
        _md.inline.ruler.at("text", text_rule)
        from l10n.site.splice import record_lines

        record_lines(_md)  # each block's line starts, for splicing translations in
    return _md


class _LineMarkedState(StateBlock):
    """markdown-it-py's block state, its line marks found a line at a time, not a
    character at a time (the same marks: ``tests/test_markdown_speed.py``)."""

    def __init__(self, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)  # every field but the line marks
        self.src = src
        self.bMarks, self.eMarks, self.tShift, self.sCount = line_marks(src)
        self.bsCount = [0] * len(self.bMarks)
        self.lineMax = len(self.bMarks) - 1  # the last entry is a fake line


class _LineMarkedBlock(ParserBlock):
    def parse(
        self, src: str, md: MarkdownIt, env: Any, outTokens: list[Token]
    ) -> list[Token] | None:
        if not src:
            return None
        state = _LineMarkedState(src, md, env, outTokens)
        self.tokenize(state, state.line, state.lineMax)
        return state.tokens


def line_marks(src: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """Per line: where it begins and ends, its leading blanks (spaces and tabs) and
    their width with tabs expanded; then a fake line at the end. As markdown-it-py's
    ``StateBlock``: a last line without its LF that is only blanks is not a line."""
    begins: list[int] = []
    ends: list[int] = []
    shifts: list[int] = []
    widths: list[int] = []
    lines = src.split("\n")
    last = lines.pop()  # "" when the text ends with a LF
    if last.strip(" \t"):
        lines.append(last)
    start = 0
    for line in lines:
        size = len(line)
        blanks = size - len(line.lstrip(" \t"))
        begins.append(start)
        ends.append(start + size)
        shifts.append(blanks)
        if "\t" in line[:blanks]:
            width = 0
            for char in line[:blanks]:
                width += 4 - width % 4 if char == "\t" else 1
            widths.append(width)
        else:
            widths.append(blanks)
        start += size + 1
    end = len(src)
    begins.append(end)
    ends.append(end)
    shifts.append(0)
    widths.append(0)
    return begins, ends, shifts, widths


_PLAIN_TEXT = re.compile(r"[^\n!#$%&*+\-:<=>@\[\\\]^_`{}~]+")


def text_rule(state: Any, silent: bool) -> bool:
    """markdown-it-py's ``text`` rule (a run of characters no other rule starts on), by regex."""
    m = _PLAIN_TEXT.match(state.src, state.pos, state.posMax)
    if m is None:
        return False
    if not silent:
        state.pending += m.group()
    state.pos = m.end()
    return True


@dataclass(frozen=True)
class Segment:
    """One translatable unit: its msgid, the kind of block and its 1-based line."""

    kind: str
    text: str
    line: int
    critical: str = ""  # why the unit is critical ("" when it is not)


@dataclass
class Article:
    """A parsed article; ``tokens`` and ``env`` are markdown-it-py's."""

    path: str
    meta: dict[str, Any]
    body: str
    offset: int  # lines before the body (front matter and its fences)
    meta_lines: dict[str, int]
    tokens: list[Token] = field(repr=False)
    env: dict[str, Any] = field(repr=False)
    units: list[Segment] | None = field(default=None, repr=False)
    text: str = field(default="", repr=False)  # the whole file as read
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def slug(self) -> str:
        return str(self.meta.get("slug") or "")


def front_matter(text: str, path: str) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """Front matter, the 1-based line of each key, the body and the lines before it."""
    import yaml

    text = text.removeprefix("\ufeff")
    bad = _CONTROL.search(text)
    if bad:  # gettext cannot carry it: refuse it here, not at the next read of a catalog
        at = text.count("\n", 0, bad.start()) + 1
        raise SourceError(f"control character U+{ord(bad.group()):04X}", path, at)
    first = _FENCE.match(text)
    if not first:
        raise SourceError("no front matter: the file must start with a '---' line", path, 1)
    lines = text[first.end() :].split("\n")  # only "\n" ends a line, as for markdown-it
    for end, line in enumerate(lines):
        if line.rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[:end])
            body = "\n".join(lines[end + 1 :])
            offset = end + 2
            break
    else:
        raise SourceError("front matter is not closed by a '---' line", path, 1)
    meta_lines: dict[str, int] = {}
    for i, line in enumerate(lines[:end]):
        m = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if m and m.group(1) not in meta_lines:
            meta_lines[m.group(1)] = i + 2
    try:
        loader = _loader()(yaml_text)
        loader.l10n_path = path
        try:
            meta = loader.get_single_data()  # what yaml.load does
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise SourceError(f"invalid YAML in front matter: {problem}", path, at) from None
    except ValueError as exc:  # a well-formed but impossible value: date: 2024-02-30
        at = meta_lines.get("date", 2)
        raise SourceError(f"invalid value in front matter: {exc}", path, at) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    for key in PROSE_KEYS:
        if key in meta and not isinstance(meta[key], str):
            raise SourceError(f"front matter '{key}' must be text", path, meta_lines.get(key, 2))
    if not _is_date(meta.get("date")):
        raise SourceError(
            f"front matter 'date' {meta['date']!r} is not a date (expected YYYY-MM-DD)",
            path, meta_lines.get("date", 2),
        )
    return meta, meta_lines, body, offset


# C0 controls but tab, LF and CR; DEL; C1 controls. gettext catalogs cannot carry them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _is_date(value: object) -> bool:
    """A front matter date: absent, a YAML date, or text in ISO 8601 form."""
    import datetime as dt

    if value is None or isinstance(value, dt.date):
        return True
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            try:
                dt.datetime.fromisoformat(value)
            except ValueError:
                return False
        return True
    return False


@functools.cache  # one class: each loader is told its file's path (``l10n_path``)
def _loader() -> Any:
    """A safe YAML loader that refuses a key given twice in a mapping, at its line."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]
        l10n_path = ""

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            path = self.l10n_path
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 2  # the YAML starts on the file's line 2
                try:
                    first = seen.setdefault(key, line)
                except TypeError:  # an unhashable key: YAML's own error follows
                    continue
                if first != line:
                    raise SourceError(
                        f"front matter key '{key}' is given twice (first at line {first})",
                        path, line,
                    )
            return super().construct_mapping(node, deep)

    return Loader


def parse_article(text: str, path: str) -> Article:
    """Split front matter from body and parse both; raise SourceError with a line."""
    meta, meta_lines, body, offset = front_matter(text, path)
    env: dict[str, Any] = {"l10n_lines": True}  # blocks note their lines (l10n.site.splice)
    tokens = parser().parse(body, env)
    return Article(path, meta, body, offset, meta_lines, tokens, env, text=text)


# --- the walk -------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a unit lives: a front matter ``key``, the inline token at ``index`` (its
    text, or the ``alt``/``title`` of its standalone image), or the reference ``key``."""

    what: str  # "meta", "inline", "alt", "title" or "ref"
    index: int = -1
    key: str = ""


def walk(article: Article) -> Iterator[tuple[Segment, Place]]:
    """Yield every unit of the article in document order with the place it lives."""
    from l10n.quality.safety import MARK, critical_reason

    def unit(kind: str, text: str, line: int) -> Segment:
        reason = "marked critical" if marked is not None else critical_reason(text) or ""
        return Segment(kind, text, line, reason)

    marked: int | None = None  # level of the block the author marked critical
    for key in PROSE_KEYS:
        value = article.meta.get(key)
        if isinstance(value, str) and value.strip():
            yield (
                unit(f"front matter {key}", value, article.meta_lines.get(key, 2)),
                Place("meta", key=key),
            )
    containers: list[str] = []
    tokens = article.tokens
    pending = False
    for i, tok in enumerate(tokens):
        if tok.type == "html_block" and MARK.search(tok.content):
            pending = True
            continue
        if pending and tok.block and tok.nesting >= 0:
            marked, pending = tok.level, False
        if tok.nesting == 1 and tok.type != "paragraph_open":
            containers.append(tok.type)
        elif tok.nesting == -1 and tok.type != "paragraph_close":
            containers.pop()
        if marked is not None and tok.block and tok.level == marked and tok.nesting <= 0:
            marked = None  # the marked block closes (inline tokens sit one level deeper)
        if tok.type != "inline":
            continue
        opener = tokens[i - 1]
        line = article.offset + (tok.map[0] if tok.map else 0) + 1
        if opener.type == "heading_open":
            kind = f"heading {opener.tag[1:]}"
        elif opener.type in ("th_open", "td_open"):
            kind = "table cell"
        elif "list_item_open" in containers:
            kind = "list item"
        elif "blockquote_open" in containers:
            kind = "block quote paragraph"
        else:
            kind = "paragraph"
        image = _lone_image(tok)
        if image is not None and kind == "paragraph":
            if image.content.strip():
                yield unit("image alt text", image.content, line), Place("alt", i)
            title = image.attrGet("title")
            if isinstance(title, str) and title.strip():
                yield unit("image title", title, line), Place("title", i)
            continue
        if tok.content.strip():
            yield unit(kind, tok.content, line), Place("inline", i)
    for label, ref in article.env.get("references", {}).items():
        title = ref.get("title")
        if title and title.strip():
            line = article.offset + ref.get("map", [0])[0] + 1
            yield unit("link title", title, line), Place("ref", key=label)


def _lone_image(tok: Token) -> Token | None:
    children = [c for c in tok.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None


def sanitize(children: list[Token], source: list[Token]) -> list[Token]:
    """Make translated inline tokens safe: only what the source unit had may be live.

    Inline HTML not present verbatim in the source becomes text; a link or image whose
    target is not a target of the source loses the target (its text stays).
    """
    allowed_html = {t.content for t in _flatten(source) if t.type == "html_inline"}
    allowed_targets = {
        str(t.attrGet("href") or t.attrGet("src") or "")
        for t in _flatten(source)
        if t.type in ("link_open", "image")
    }
    out: list[Token] = []
    dropped_links = 0
    for tok in children:
        if tok.type == "html_inline" and tok.content not in allowed_html:
            out.append(Token("text", "", 0, content=tok.content))
        elif tok.type == "link_open" and str(tok.attrGet("href") or "") not in allowed_targets:
            dropped_links += 1
        elif tok.type == "link_close" and dropped_links:
            dropped_links -= 1
        elif tok.type == "image" and str(tok.attrGet("src") or "") not in allowed_targets:
            out.append(Token("text", "", 0, content=tok.content))
        else:
            out.append(tok)
    return out


def _flatten(tokens: list[Token]) -> Iterator[Token]:
    for t in tokens:
        yield t
        if t.children:
            yield from _flatten(t.children)


def segments(article: Article) -> list[Segment]:
    """The article's units, in document order (computed once per article)."""
    if article.units is None:
        article.units = [seg for seg, _ in placed(article)]
    return article.units


def placed(article: Article) -> list[tuple[Segment, Place]]:
    """``walk``'s units with their places (computed once per article)."""
    found: list[tuple[Segment, Place]] | None = article.memo.get("placed")
    if found is None:
        found = article.memo["placed"] = list(walk(article))
    return found


def translated_copy(article: Article, translate: Callable[[Segment], str | None]) -> Article:
    """The article with each unit replaced where ``translate`` gives text, parsed again.

    The Markdown is spliced (see ``l10n.site.splice``); the source article is not changed.
    """
    from l10n.site.splice import splice

    return splice(article, [translate(seg) for seg in segments(article)]).page


def to_html(article: Article) -> str:
    """The body as an HTML fragment."""
    md = parser()
    return str(md.renderer.render(article.tokens, md.options, article.env))
