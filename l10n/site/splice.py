"""The localized Markdown: the source file with each unit's text spliced in, never re-emitted.

Rules:
- The page is the source file's own text. Every unit ``markdown.walk`` yields has an
  exact span in the source: a run of a block's lines (from markdown-it-py's line maps
  and each line's content start), a table cell's columns, the alt text or title of a
  standalone image, the title of a link reference definition, a front matter value. A
  translation replaces that span and nothing else: code, raw HTML, spacing, list
  markers, heading styles, link reference definitions and comments stay as written.
- A translation with more lines than its source repeats the container prefix (block
  quote markers, list item indentation) on each line it adds. A table cell's ``|`` is
  written ``\\|``; a title is quoted and escaped like the source's.
- Front matter: only translated keys are rewritten (YAML-quoted), other keys keep their
  text and order. The keys the tool adds (``lang``) are the one exception.
- Catalog text is untrusted: inline HTML, autolinks, links and images whose target the
  source unit does not have are neutralized in the Markdown itself (``\\<``, the link's
  text only), so the HTML rendered from this Markdown is as safe as the tokens were.
- The result is parsed again and must keep the source's blocks, every other unit's
  text, the link reference definitions, and read each translated unit back as written.
  Otherwise the page is not safe to publish, and ``problem`` names the first unit that
  breaks it (``source/x.md:LINE (kind): why``).
- Identity: with every translation equal to its source text the result is the source
  file byte for byte, apart from the tool's front matter keys.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token

from l10n.markdown import Article, Place, Segment, parser, placed, text_rule
from l10n.wording import count

LINES = "l10n_lines"
BLOCK_RULES = (
    "normalize",
    "block",
)  # the core rules that parse blocks  # token.meta / reference key holding the recorded line starts
_NEWLINE = re.compile(r"\r\n|\r|\n")
_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")
_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]+)*")  # a locale code
_YAML11 = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}  # read as non-text
_PLAIN = re.compile(r"[^\W\d_](?:[\w .,;!?()'’/%+-]*[\w.!?)%’])?")  # safe as a plain YAML scalar
BLOCKS = {
    "paragraph_open": "paragraph",
    "heading_open": "heading",
    "bullet_list_open": "list",
    "ordered_list_open": "numbered list",
    "list_item_open": "list item",
    "blockquote_open": "block quote",
    "fence": "code block",
    "code_block": "indented code block",
    "html_block": "HTML block",
    "hr": "thematic break",
    "table_open": "table",
    "tr_open": "table row",
}


# --- recording where each block's lines start ------------------------------------------


def record_lines(md: MarkdownIt) -> None:
    """Make the block rules note each line's content start on the block's first token.

    For each line of a paragraph, heading, table or link reference definition:
    ``(first, start)``, the offsets in the parsed text where ``getLines`` (after the
    container's indentation) and ``getLine`` (after all leading whitespace) begin.
    """
    rules = md.block.ruler
    for name in ("paragraph", "heading", "lheading", "table", "reference"):
        rule = rules.__rules__[rules.__find__(name)]
        rules.at(name, _recording(rule.fn), {"alt": list(rule.alt)})


def _recording(fn: Callable[..., bool]) -> Callable[..., bool]:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent or LINES not in state.env:  # only articles' sources are recorded
            return fn(state, start, end, silent)
        n = len(state.tokens)
        refs = state.env.get("references")
        count = len(refs) if refs else 0
        ok = fn(state, start, end, silent)
        if ok:
            lines = [
                (_first(state, i), state.bMarks[i] + state.tShift[i])
                for i in range(start, state.line)
            ]
            if len(state.tokens) > n:
                state.tokens[n].meta = {**state.tokens[n].meta, LINES: lines}
            else:
                refs = state.env.get("references") or {}
                if len(refs) > count:  # a definition: noted with its reference
                    refs[list(refs)[-1]][LINES] = lines
        return ok

    return rule


def _first(state: StateBlock, line: int) -> int:
    """Where ``getLines`` starts a line for the current block's indentation."""
    indent, first, start = 0, state.bMarks[line], state.bMarks[line]
    last = state.eMarks[line]
    while first < last and indent < state.blkIndent:
        ch = state.src[first]
        if ch == "\t":
            indent += 4 - (indent + state.bsCount[line]) % 4
        elif ch == " " or first - start < state.tShift[line]:
            indent += 1
        else:
            break
        first += 1
    return first


# --- spans -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Where a unit's text sits: from (line, col) to (line, col) of the body.

    ``prefixes`` are the text before the content on each following line of the span;
    ``extra`` is the prefix for a line a translation adds.
    """

    line: int
    col: int
    end_line: int
    end_col: int
    prefixes: tuple[str, ...]
    extra: str
    how: str  # "markdown", "cell" or a title's quote character


@dataclass
class Target:
    """A unit's span, or why it has none."""

    span: Span | None
    why: str = ""
    host: int = -1  # index of the inline token the unit lives in (-1: none)


class _Body:
    """The body split into lines the way markdown-it-py splits them."""

    def __init__(self, body: str):
        parts = _NEWLINE.split(body)
        self.lines = parts
        self.ends = _NEWLINE.findall(body) + [""]
        self.starts = [0]  # offsets of each line in the original body
        self.norm = [0]  # offsets of each line in the normalized text markdown-it parsed
        for text, end in zip(parts, self.ends, strict=True):
            self.starts.append(self.starts[-1] + len(text) + len(end))
            self.norm.append(self.norm[-1] + len(text) + 1)
        self.newline = self.ends[0] if self.ends[0] else "\n"

    def col(self, line: int, offset: int) -> int:
        return offset - self.norm[line]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.norm, offset) - 1


def _pieces(body: _Body, content: str, first: int, count: int) -> list[tuple[int, int]] | None:
    """(line, col) of each line of a block's stripped content within lines first..first+count."""
    pieces = content.split("\n")
    for skip in range(count - len(pieces) + 1):
        found = []
        for j, piece in enumerate(pieces):
            line = first + skip + j
            text = body.lines[line]
            if j == len(pieces) - 1:
                text = text.rstrip()
            if j > 0:
                piece = piece.lstrip(" \t")
            if not text.endswith(piece):
                break
            found.append((line, len(text) - len(piece)))
        else:
            return found
    return None


def _prefix(text: str) -> str:
    """A container prefix for a new line: block quote markers kept, list markers blanked."""
    return "".join(c if c in "> \t" else " " for c in text)


def _block_span(body: _Body, places: list[tuple[int, int]], content: str, extra: str) -> Span:
    last_line, last_col = places[-1]
    tail = content.split("\n")[-1]
    end = last_col + len(tail.lstrip(" \t") if len(places) > 1 else tail)
    prefixes = tuple(body.lines[line][:col] for line, col in places[1:])
    return Span(
        places[0][0],
        places[0][1],
        last_line,
        end,
        prefixes,
        prefixes[-1] if prefixes else extra,
        "markdown",
    )


def _sub_span(
    body: _Body,
    places: list[tuple[int, int]],
    content: str,
    start: int,
    stop: int,
    how: str,
    extra: str,
) -> Span:
    """The span of ``content[start:stop]`` of a block whose lines are at ``places``."""
    offsets, at = [], 0
    pieces = content.split("\n")
    for piece in pieces:
        offsets.append(at)
        at += len(piece) + 1

    def where(offset: int) -> tuple[int, int]:
        j = bisect.bisect_right(offsets, offset) - 1
        line, col = places[j]
        indent = len(pieces[j]) - len(pieces[j].lstrip(" \t")) if j else 0
        return line, col + max(offset - offsets[j] - indent, 0)

    (line, col), (end_line, end_col) = where(start), where(stop)
    prefixes = tuple(body.lines[ln][:c] for ln, c in places if line < ln <= end_line)
    return Span(line, col, end_line, end_col, prefixes, prefixes[-1] if prefixes else extra, how)


def _cells(text: str) -> list[tuple[int, int]]:
    """Columns of a table row as (start, end) in ``text``, as markdown-it-py splits them."""
    out, last, escaped = [], 0, False
    for pos, ch in enumerate(text):
        if ch == "|" and not escaped:
            out.append((last, pos))
            last = pos + 1
        escaped = ch == "\\"
    out.append((last, len(text)))
    if out and out[0][0] == out[0][1]:
        out.pop(0)
    if out and out[-1][0] == out[-1][1]:
        out.pop()
    return out


def _title_in(text: str, pos: int) -> tuple[int, int] | None:
    """After a link destination's start at ``pos``: the raw title's (start, end), if any."""
    n = len(text)
    while pos < n and text[pos] in " \t\n":
        pos += 1
    dest = parseLinkDestination(text, pos, n)
    return _title_at(text, dest.pos if dest.ok else pos)


def _title_at(text: str, pos: int) -> tuple[int, int] | None:
    """After a link destination: the raw title's (start, end), if any."""
    n = len(text)
    while pos < n and text[pos] in " \t\n":
        pos += 1
    if pos < n and text[pos] in "\"'(":
        title = parseLinkTitle(text, pos, n)
        if title.ok:
            return pos + 1, title.pos - 1
    return None


def _reference_title(body: _Body, ref: dict[str, Any]) -> Span | None:
    return _reference_spans(body, ref)[1]


def _reference_spans(body: _Body, ref: dict[str, Any]) -> tuple[Span | None, Span | None]:
    """The spans of a link reference definition's destination and title."""
    lines = ref.get(LINES)
    if not lines:
        return None, None
    first_line = body.line_of(lines[0][1])
    places, parts = [], []
    for i, (first, _) in enumerate(lines):
        line = first_line + i
        col = body.col(line, first)
        part = body.lines[line][col:]
        places.append((line, col + (len(part) - len(part.lstrip(" \t")) if i else 0)))
        parts.append(part)
    text = "\n".join(parts)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    places[0] = (places[0][0], places[0][1] + lead)
    parts[0] = parts[0][lead:]
    pos, n = 1, len(text)
    while pos < n and text[pos] != "]":
        pos += 2 if text[pos] == "\\" else 1
    if pos + 1 >= n or text[pos + 1] != ":":
        return None, None
    content = "\n".join(parts)  # places hold each line's content start
    pos += 2
    while pos < n and text[pos] in " \t\n":
        pos += 1
    dest = parseLinkDestination(text, pos, n)
    where = _sub_span(body, places, content, pos, dest.pos, "", "") if dest.ok else None
    found = _title_at(text, dest.pos) if dest.ok else None
    if found is None:
        return where, None
    quote = text[found[0] - 1]
    return where, _sub_span(body, places, content, found[0], found[1], quote, "")


def plan(article: Article) -> list[tuple[Segment, Place, Target]]:
    """Every unit of the article with its span (computed once per article)."""
    cached = article.memo.get("plan")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    body = article.memo["body"] = _Body(article.body)
    tokens = article.tokens
    refs = article.env.get("references", {})
    out = []
    hosts: dict[int, tuple[list[tuple[int, int]], str]] = {}  # inline index -> lines, extra

    def block(i: int) -> tuple[list[tuple[int, int]], str] | None:
        if i in hosts:
            return hosts[i]
        tok, opener = tokens[i], tokens[i - 1]
        lines = opener.meta.get(LINES)
        if not lines or not tok.map:
            return None
        first = tok.map[0]
        extra = _prefix(body.lines[first][: body.col(first, lines[0][0])])
        if opener.type == "heading_open" and opener.markup.startswith("#"):
            text = body.lines[first]
            at = body.col(first, lines[0][1])
            while at < len(text) and text[at] == "#":
                at += 1
            col = text.find(tok.content, at)
            found = None if col < 0 else [(first, col)]
        else:
            count = tok.map[1] - tok.map[0]
            found = _pieces(body, tok.content, first, count)
        if found is None:
            return None
        hosts[i] = (found, extra)
        return hosts[i]

    for seg, place in placed(article):
        target = Target(None, "its text could not be found in the source", place.index)
        if place.what == "meta":
            target = Target(None, "", -1)
        elif place.what == "inline":
            tok = tokens[place.index]
            if tokens[place.index - 1].type in ("th_open", "td_open"):
                span = _cell_span(body, tokens, place.index)
                if span is not None:
                    target = Target(span, host=place.index)
            else:
                found = block(place.index)
                if found is not None:
                    target = Target(
                        _block_span(body, found[0], tok.content, found[1]), host=place.index
                    )
        elif place.what in ("alt", "title"):
            target = _image_target(body, tokens, refs, place, block(place.index))
        elif place.what == "ref":
            span = _reference_title(body, refs.get(place.key, {}))
            if span is not None:
                target = Target(span)
        out.append((seg, place, target))
    article.memo["plan"] = out
    images: list[tuple[str, Span, int, int, int]] = []  # src, span, host, start, end
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or "](" not in tok.content:
            continue
        found = block(i) if tokens[i - 1].type not in ("th_open", "td_open") else None
        cell = None if found else _cell_span(body, tokens, i)
        for start, end, src in destinations(tok.content, article.env):
            if found is not None:
                span = _sub_span(body, found[0], tok.content, start, end, "", "")
            elif cell is not None and "|" not in tok.content:
                span = Span(cell.line, cell.col + start, cell.line, cell.col + end, (), "", "")
            else:
                continue
            images.append((src, span, i, start, end))
    for ref in refs.values():
        where = _reference_spans(body, ref)[0]
        if where is not None:
            images.append((str(ref.get("href", "")), where, -1, 0, 0))
    article.memo["images"] = images
    return out


def _cell_span(body: _Body, tokens: list[Token], index: int) -> Span | None:
    column = 0
    j = index - 1
    while tokens[j].type != "tr_open":
        if tokens[j].type in ("th_open", "td_open"):
            column += 1
        j -= 1
    column -= 1
    table = j
    while tokens[table].type != "table_open":
        table -= 1
    lines = tokens[table].meta.get(LINES)
    row_map, table_map = tokens[j].map, tokens[table].map
    if not lines or not row_map or not table_map:
        return None
    row = row_map[0]
    start = body.col(row, lines[row - table_map[0]][1])
    text = body.lines[row][start:]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    cells = _cells(text)
    if column >= len(cells):
        return None
    a, b = cells[column]
    raw = text[a:b]
    a += len(raw) - len(raw.lstrip())
    b = a + len(raw.strip())
    col = start + lead + a
    return Span(row, col, row, col + (b - a), (), "", "cell")


def _image_target(
    body: _Body,
    tokens: list[Token],
    refs: dict[str, Any],
    place: Place,
    found: tuple[list[tuple[int, int]], str] | None,
) -> Target:
    tok = tokens[place.index]
    missing = Target(None, "its text could not be found in the source", place.index)
    image = next((c for c in tok.children or [] if c.type == "image"), None)
    if found is None or image is None:
        return missing
    content = tok.content
    alt = image.content
    if not content.startswith("![" + alt + "]"):
        return missing
    after = 2 + len(alt) + 1
    if place.what == "alt":
        return Target(
            _sub_span(body, found[0], content, 2, 2 + len(alt), "markdown", found[1]),
            host=place.index,
        )
    if content[after : after + 1] == "(":
        title = _title_in(content, after + 1)
        if title is None:
            return missing
        quote = content[title[0] - 1]
        return Target(
            _sub_span(body, found[0], content, title[0], title[1], quote, found[1]),
            host=place.index,
        )
    label = image.meta.get("label")
    span = _reference_title(body, refs.get(label, {})) if label else None
    return Target(span, host=place.index) if span else missing


# --- making a translation safe to write ----------------------------------------------

_probe: MarkdownIt | None = None


def _inline_probe() -> MarkdownIt:
    """An inline parser that notes where links, images and inline HTML start and end."""
    global _probe
    if _probe is None:
        md = MarkdownIt("commonmark", {"store_labels": True})
        md.inline.ruler.at("text", text_rule)
        rules = md.inline.ruler
        for name in ("link", "image", "autolink", "html_inline"):
            rule = rules.__rules__[rules.__find__(name)]
            rules.at(name, _noting(rule.fn, name), {"alt": list(rule.alt)})
        _probe = md
    return _probe


def _noting(
    fn: Callable[[StateInline, bool], bool], name: str
) -> Callable[[StateInline, bool], bool]:
    def rule(state: StateInline, silent: bool) -> bool:
        start, n = state.pos, len(state.tokens)
        ok = fn(state, silent)
        if ok and not silent:
            label = (-1, -1)
            if name == "link":
                label = (start + 1, parseLinkLabel(state, start, True))
            elif name == "image":
                label = (start + 2, parseLinkLabel(state, start + 1, False))
            for tok in state.tokens[n:]:
                if tok.type in ("link_open", "image", "html_inline"):
                    tok.meta = {**tok.meta, "l10n_span": (start, state.pos, *label)}
                    break
        return ok

    return rule


def destinations(text: str, env: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Each inline image's or link's destination in ``text``: (start, end, its target)."""
    if "](" not in text:
        return []
    out = []
    for tok in _inline_probe().parseInline(text, env)[0].children or []:
        if tok.type not in ("image", "link_open") or "l10n_span" not in tok.meta:
            continue
        _, _, _, label_end = tok.meta["l10n_span"]
        if label_end < 0 or text[label_end + 1 : label_end + 2] != "(":
            continue
        pos = label_end + 2
        while pos < len(text) and text[pos] in " \t\n":
            pos += 1
        dest = parseLinkDestination(text, pos, len(text))
        if dest.ok and dest.pos > pos:
            out.append((pos, dest.pos, str(tok.attrGet("src") or tok.attrGet("href") or "")))
    return out


def _retarget(text: str, env: dict[str, Any], targets: Mapping[str, str]) -> str:
    """``text`` with the destinations of its images that ``targets`` maps replaced."""
    for start, end, src in reversed(destinations(text, env)):
        if targets.get(src, src) != src:
            text = text[:start] + _destination(targets[src]) + text[end:]
    return text


def _destination(target: str) -> str:
    """A link destination as Markdown: bare, or in ``<>`` when it holds spaces or parens."""
    return f"<{target}>" if re.search(r"[\s()<>]", target) else target


def neutralize(
    text: str,
    source: Sequence[Token],
    env: dict[str, Any],
    parsed: dict[str, list[Token]] | None = None,
    moved: Mapping[str, str] | None = None,
) -> str:
    """``text`` with inline HTML and link or image targets the source lacks made inert.

    HTML and autolinks get a backslash before ``<``; a link or image keeps only its text.
    ``parsed`` receives the inline tokens of the text returned, when it was parsed.
    An outside URL the edition shows instead of a source's (``moved``) is allowed too.
    """
    if "<" not in text and "[" not in text:
        return text
    flat = list(_flatten(source))
    allowed_html = {t.content for t in flat if t.type == "html_inline"}
    allowed = {
        str(t.attrGet("href") or t.attrGet("src") or "")
        for t in flat
        if t.type in ("link_open", "image")
    }
    also = moved or {}
    allowed |= {parser().normalizeLink(also[a]) for a in allowed if "://" in also.get(a, "")}
    for _ in range(50):
        children = _inline_probe().parseInline(text, env)[0].children or []
        bad = next((t for t in children if _unsafe(t, allowed_html, allowed)), None)
        if bad is None:
            if parsed is not None:
                parsed[text] = children
            return text
        start, stop, label, label_end = bad.meta["l10n_span"]
        if bad.type == "html_inline" or bad.markup == "autolink" or label_end < 0:
            text = text[:start] + "\\" + text[start:]
        else:
            text = text[:start] + text[label:label_end] + text[stop:]
    return re.sub(r"([<\[])", r"\\\1", text)


def _unsafe(tok: Token, allowed_html: set[str], allowed: set[str]) -> bool:
    if tok.type == "html_inline":
        return tok.content not in allowed_html
    if tok.type == "link_open":
        return str(tok.attrGet("href") or "") not in allowed
    if tok.type == "image":
        return str(tok.attrGet("src") or "") not in allowed
    return False


def _flatten(tokens: Sequence[Token]) -> Any:
    for t in tokens:
        yield t
        if t.children:
            yield from _flatten(t.children)


def _quote_title(text: str, quote: str) -> str:
    """A title's text as the inside of a link title delimited by ``quote``."""
    special = {"\\", "&", "(", ")"} if quote == "(" else {"\\", "&", quote}
    return "".join("\\" + c if c in special else c for c in text)


# --- the splice ------------------------------------------------------------------------


@dataclass
class Result:
    """A spliced page: the file's text, and the page parsed again."""

    head: str  # the front matter with its fences (translated keys rewritten)
    body: str
    parsed: Article  # parsed to blocks; ``page`` parses the inline content on first use
    problem: str = ""  # "" when the page is safe to publish
    keys: dict[str, str] = field(default_factory=dict)  # front matter keys translated
    pending: StateCore | None = field(default=None, repr=False)
    known: dict[str, list[Token]] = field(default_factory=dict, repr=False)

    @property
    def page(self) -> Article:
        """The spliced page, parsed whole (inline content included).

        Inline content already parsed (the source's, or a translation ``neutralize``
        parsed with the same references) is not parsed again.
        """
        if self.pending is not None:
            state, self.pending = self.pending, None
            md = parser()
            for tok in state.tokens:
                if tok.type == "inline" and not tok.children:  # the source's have theirs
                    known = self.known.get(tok.content)
                    if known is None:  # text without inline syntax needs no parser
                        known = plain_inline(tok.content)
                    if known is not None:
                        tok.children = known
                    else:
                        tok.children = []
                        md.inline.parse(tok.content, md, state.env, tok.children)
            for rule in md.core.ruler.__rules__:
                if rule.enabled and rule.name not in (*BLOCK_RULES, "inline"):
                    rule.fn(state)
        return self.parsed

    def text(self, source: Article, added: dict[str, str]) -> str:
        """The whole file, with the tool's keys (``lang``) added to the front matter."""
        head = self.head
        if added and source.text:
            if set(added) & set(source.meta):  # a key the author wrote: rewrite it there
                values = {**self.keys, **added}
                head = set_keys(self.head_of(source), source.meta_lines, values, source.meta)
            else:
                sure = all(_CODE.fullmatch(v) and v.lower() not in _YAML11 for v in added.values())
                head = set_keys(self.head, {}, added, {**source.meta, **self.keys}, verify=not sure)
        return head + self.body

    @staticmethod
    def head_of(source: Article) -> str:
        return source.text[: len(source.text) - len(source.body)]


# no inline rule the parser enables starts on any other character: text without these
# is one text token (a line break, escape, code span, emphasis, link, image, autolink,
# inline HTML or entity would each need one of them)
_INLINE_PLAIN = re.compile(r"[^\n\r\\`*_\[!<&]+")


def plain_inline(text: str) -> list[Token] | None:
    """The inline tokens of ``text`` when it holds no inline syntax at all (one text
    token, as the parser would give), else None."""
    if _INLINE_PLAIN.fullmatch(text) is None:
        return None
    return [Token("text", "", 0, content=text)]


def splice(
    article: Article,
    translations: Sequence[str | None],
    targets: Mapping[str, str] | None = None,
) -> Result:
    """Replace each unit's span with its translation (None or equal: left as written).

    ``targets`` maps image and link destinations (as markdown-it-py normalizes them) to
    the ones this edition shows; they are rewritten in place too.
    """
    units = plan(article)
    writes: list[tuple[int, str]] = []  # (unit number, text to read back)
    for number, ((seg, _, _), text) in enumerate(zip(units, translations, strict=True)):
        if text is None or text == seg.text:
            continue
        writes.append((number, text))
    moved = {k: v for k, v in (targets or {}).items() if k != v}
    key = (tuple(writes), tuple(sorted(moved.items())))
    memo = article.memo.setdefault("spliced", {})
    if key in memo:
        return memo[key]  # type: ignore[no-any-return]
    result = _splice(article, units, writes, moved)
    if result.problem and len(writes) > 1:
        result.problem = _blame(article, units, writes, moved) or result.problem
    if len(memo) > 4:
        memo.pop(next(iter(memo)))
    memo[key] = result
    return result


def _splice(
    article: Article,
    units: list[tuple[Segment, Place, Target]],
    writes: list[tuple[int, str]],
    moved: Mapping[str, str],
) -> Result:
    body: _Body = article.memo["body"]
    tokens = article.tokens
    meta: dict[str, str] = {}
    edits: dict[tuple[int, int], tuple[int, str, int]] = {}  # start -> end, text, unit
    expect: dict[int, str] = {}  # unit -> text it must read back as
    parsed: dict[str, list[Token]] = {}  # inline tokens of texts neutralize parsed
    problem = ""
    for number, text in writes:
        seg, place, target = units[number]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if place.what == "meta":
            meta[place.key] = text
            continue
        why = _refuse(seg, text)
        if not why and target.span is None:
            why = target.why
        if why:
            problem = problem or _name(article, seg, why)
            continue
        span = target.span
        assert span is not None
        if span.how == "markdown" or span.how == "cell":
            source = tokens[place.index].children or []
            if place.what == "alt":
                image = next((c for c in source if c.type == "image"), None)
                source = image.children or [] if image is not None else []
            if place.what == "inline":
                text = neutralize(text.strip(), source, article.env, parsed, moved)
                if moved:
                    text = _retarget(text, article.env, moved)
            else:
                text = neutralize(text, source, article.env)
            expect[number] = text
            raw = text.replace("|", "\\|") if span.how == "cell" else text
            lines = raw.split("\n")
            lines[1:] = [ln.lstrip(" \t") for ln in lines[1:]]
        else:
            expect[number] = text
            lines = _quote_title(text, span.how).split("\n")
        start = body.starts[span.line] + span.col
        stop = body.starts[span.end_line] + span.end_col
        out = [lines[0]]
        for i, line in enumerate(lines[1:], 1):
            ending = body.ends[span.line + i - 1] if i <= len(span.prefixes) else body.newline
            prefix = span.prefixes[i - 1] if i <= len(span.prefixes) else span.extra
            out.append(ending + prefix + line)
        new = "".join(out)
        old = edits.get((start, stop))
        if old is not None and old[1] != new:
            problem = problem or _name(
                article, seg, "two units share this text and translate it differently"
            )
        edits[(start, stop)] = (stop, new, number)
    retargeted: dict[int, str] = {}  # inline token -> the content it must read back as
    written = {units[n][1].index for n, _ in writes if units[n][1].what == "inline"}
    repointed = 0
    for src, span, host, start, end in reversed(article.memo["images"] if moved else []):
        if src not in moved or host in written:
            continue
        repointed += 1
        a = body.starts[span.line] + span.col
        edits[(a, body.starts[span.end_line] + span.end_col)] = (0, _destination(moved[src]), -1)
        if host >= 0:
            content = retargeted.get(host, tokens[host].content)
            retargeted[host] = content[:start] + _destination(moved[src]) + content[end:]
    pieces, at = [], 0
    for (start, stop), (_, new, number) in sorted(edits.items()):
        if start < at:
            problem = problem or _name(
                article, units[number][0], "its text overlaps another unit's"
            )
            continue
        pieces.append(article.body[at:start])
        pieces.append(new)
        at = stop
    pieces.append(article.body[at:])
    new_body = "".join(pieces)
    head, meta_problem = _front(article, meta)
    problem = problem or meta_problem
    env: dict[str, Any] = article.env
    new_tokens = article.tokens
    state = None
    inert = (
        not problem
        and not repointed
        and all(
            units[n][1].what == "inline" and _inert(expect.get(n, "|"))
            for n, _ in writes
            if units[n][1].what != "meta"
        )
    )
    if edits and inert:  # text that cannot open or close a block: the source's blocks
        state = StateCore(new_body, parser(), env)
        state.tokens = new_tokens = _with_contents(tokens, units, writes, expect)
    elif edits:  # the blocks only: enough to verify; inline content when rendered
        env = {}
        state = StateCore(new_body, parser(), env)
        for rule in parser().core.ruler.__rules__:
            if rule.enabled and rule.name in BLOCK_RULES:
                rule.fn(state)
        new_tokens = state.tokens
    page = Article(
        article.path,
        {**article.meta, **meta},
        new_body,
        article.offset,
        article.meta_lines,
        new_tokens,
        env,
        text=head + new_body,
    )
    if not problem and edits and not inert:
        problem = _verify(article, units, page, expect, {n for n, _ in writes}, moved, retargeted)
    known = {t.content: t.children or [] for t in tokens if t.type == "inline"}
    if env is article.env or _same_references(article.env, env):
        known.update(parsed)
    else:
        known = {}
    return Result(head, new_body, page, problem, meta, state, known)


# could open a block, or a cell: a list or thematic break needs a run of ``*`` followed by
# a space or the line's end, an ordered list digits then ``.`` or ``)``
_OPENS = re.compile(r"[ \t]*(?:[#>+\-=_`~<|\[]|\*+(?:[ \t]|$)|\d+[.)]|$)|.*\|")


def _inert(text: str) -> bool:
    """Whether text spliced into a paragraph, heading or cell surely leaves the blocks be.

    No line may start like a block (or be blank), hold a ``|``, or end in ``\\`` or ``#``.
    (``**bold`` and ``2,5 mg`` cannot start one: only ``* ``, ``***`` and ``2.``/``2)`` can.)
    """
    lines = text.split("\n")
    return (
        not any(_OPENS.match(line) or not line.strip() for line in lines)
        and lines[-1][-1:] not in ("\\", "#")
        and "\r" not in text
    )


def _with_contents(
    tokens: list[Token],
    units: list[tuple[Segment, Place, Target]],
    writes: list[tuple[int, str]],
    expect: dict[int, str],
) -> list[Token]:
    """The source's block tokens with the translated inline contents in."""
    out = list(tokens)
    for number, _ in writes:
        place = units[number][1]
        if place.what != "inline":
            continue
        lines = expect[number].split("\n")
        content = "\n".join([lines[0], *(ln.lstrip(" \t") for ln in lines[1:])])
        out[place.index] = _with_content(tokens[place.index], content)
    return out


def _with_content(tok: Token, content: str) -> Token:
    """A copy of an inline token holding ``content``, its children not parsed yet
    (built directly: ``copy.copy`` of a slotted token costs several times more)."""
    return Token(
        type=tok.type, tag=tok.tag, nesting=tok.nesting, attrs=tok.attrs, map=tok.map,
        level=tok.level, children=None, content=content, markup=tok.markup, info=tok.info,
        meta=tok.meta, block=tok.block, hidden=tok.hidden,
    )


def _same_references(a: dict[str, Any], b: dict[str, Any]) -> bool:
    refs_a, refs_b = a.get("references", {}), b.get("references", {})
    return refs_a.keys() == refs_b.keys() and all(
        (refs_a[k]["href"], refs_a[k]["title"]) == (refs_b[k]["href"], refs_b[k]["title"])
        for k in refs_a
    )


def _refuse(seg: Segment, text: str) -> str:
    """Why a translation cannot go where its unit is, before trying ("" if it may)."""
    if "\n" not in text and "\n" not in seg.text:  # one line where one was: nothing to refuse
        return ""
    if "\n" in text and seg.kind == "table cell":
        return "the translation has a line break, which a table cell cannot hold"
    lines, source = text.count("\n") + 1, seg.text.count("\n") + 1
    if seg.kind.startswith("heading") and lines != source:
        if source == 1:
            return "the translation has a line break where the heading has none"
        return f"the translation has {count(lines, 'line')} where the heading has {source}"
    if re.search(r"\n[ \t]*\n", text.strip()):
        return "the translation has a blank line, which would start a new block"
    return ""


def _name(article: Article, seg: Segment, why: str) -> str:
    return f"{article.path}:{seg.line} ({seg.kind}): {why}"


def _norm(text: str) -> str:
    lines = text.split("\n")
    return "\n".join([lines[0], *(ln.lstrip(" \t") for ln in lines[1:])]).strip()


def _block_key(tok: Token) -> tuple[Any, ...]:
    return (
        tok.type,
        tok.tag,
        tok.nesting,
        tok.markup,
        tok.info,
        tok.hidden,
        tok.attrs,
        tok.content,
    )


def _describe(tok: Token) -> str:
    name = BLOCKS.get(tok.type, tok.type.removesuffix("_open").replace("_", " "))
    if tok.type == "heading_open":
        name = f"heading {tok.tag[1:]}"
    return ("an " if name[0] in "aeiouH" else "a ") + name


def _verify(
    article: Article,
    units: list[tuple[Segment, Place, Target]],
    page: Article,
    expect: dict[int, str],
    changed: set[int],
    moved: Mapping[str, str],
    retargeted: dict[int, str],
) -> str:
    """Why the spliced page is not the source with the translations in ("" when it is).

    Images ``moved`` to other targets read back with them (``retargeted`` contents).
    """
    old, new = article.tokens, page.tokens
    first_changed = units[min(changed)][0] if changed else None

    def blame(why: str, number: int | None = None) -> str:
        seg = units[number][0] if number is not None else first_changed
        return _name(article, seg, why) if seg is not None else why

    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else None
        b = new[i] if i < len(new) else None
        if a is None and b is not None:
            return blame(f"it would start a new block ({_describe(b)})")
        if b is None and a is not None:
            return blame(f"it would end a block early ({_describe(a)})")
        assert a is not None and b is not None
        if (a.type != "inline" or b.type != "inline") and _block_key(a) != _block_key(b):
            if a.type == b.type and a.content != b.content:
                return blame(f"it would change the text of {_describe(a)} that is not translated")
            return blame(f"it would put {_describe(b)} where the source has {_describe(a)}")
    old_refs, new_refs = article.env.get("references", {}), page.env.get("references", {})
    norm = parser().normalizeLink
    hrefs = {
        k: norm(moved[v["href"]]) if v["href"] in moved else v["href"] for k, v in old_refs.items()
    }
    if hrefs != {k: v["href"] for k, v in new_refs.items()}:
        return blame("it would add or change a link reference definition")
    by_host: dict[int, list[int]] = {}
    for number, (_, place, target) in enumerate(units):
        if number in changed and target.host >= 0:
            by_host.setdefault(target.host, []).append(number)
        if place.what == "ref":
            want = (
                expect.get(number, units[number][0].text)
                if number in changed
                else old_refs[place.key]["title"]
            )
            if new_refs.get(place.key, {}).get("title") != want:
                return blame("the link title would not read back as translated", number)
    for i, tok in enumerate(old):
        if tok.type != "inline":
            continue
        now = new[i]
        numbers = by_host.get(i)
        if not numbers:
            if now.content != retargeted.get(i, tok.content):
                return blame(
                    "it would change the text of the unit at line "
                    f"{article.offset + (tok.map or [0])[0] + 1}"
                )
            continue
        for number in numbers:
            place = units[number][1]
            want = expect[number]
            if place.what == "inline":
                if _norm(now.content) != _norm(want):
                    return blame(
                        "its text would not read back as translated (part of it would be read as "
                        "Markdown syntax)",
                        number,
                    )
                continue
            children: list[Token] = []
            parser().inline.parse(now.content, parser(), page.env, children)
            image = next((c for c in children if c.type == "image"), None)
            source = next((c for c in tok.children or [] if c.type == "image"), None)
            others = [
                c for c in children if c.type != "image" and (c.type != "text" or c.content.strip())
            ]
            src = str(source.attrGet("src")) if source is not None else ""
            if (
                image is None
                or source is None
                or others
                or image.attrGet("src") != (norm(moved[src]) if src in moved else src)
            ):
                return blame("it would break the image", number)
            if place.what == "alt" and _norm(image.content) != _norm(want):
                return blame("the alt text would not read back as translated", number)
            if place.what == "title" and image.attrGet("title") != want:
                return blame("the image title would not read back as translated", number)
    return ""


def _blame(
    article: Article,
    units: list[tuple[Segment, Place, Target]],
    writes: list[tuple[int, str]],
    moved: Mapping[str, str],
) -> str:
    """The first translation that breaks the page on its own."""
    for write in writes:
        result = _splice(article, units, [write], moved)
        if result.problem:
            return result.problem
    return ""


# --- front matter ------------------------------------------------------------------------


def _front(article: Article, values: dict[str, str]) -> tuple[str, str]:
    """The front matter with ``values`` written over their keys, and why not ("" if fine)."""
    head = Result.head_of(article)
    if not values:
        return head, ""
    try:
        return set_keys(head, article.meta_lines, values, article.meta), ""
    except ValueError as exc:
        key = next(iter(values))
        return head, f"{article.path}:{article.meta_lines.get(key, 2)} (front matter {key}): {exc}"


def set_keys(
    head: str,
    meta_lines: dict[str, int],
    values: dict[str, str],
    meta: dict[str, Any],
    plain: bool = True,
    verify: bool = True,
) -> str:
    """Rewrite or add top-level keys of a front matter block (fences included).

    Keys present keep their place and spelling; their value (with any continuation
    lines) becomes ``values[key]`` as YAML: plain when it reads back as itself,
    otherwise double-quoted. Absent keys go before the closing fence. Raises
    ValueError when the result does not read back as expected (checked unless
    ``verify`` is false: values known to be plain, such as locale codes).
    """
    import yaml

    bom = "\ufeff" if head.startswith("\ufeff") else ""
    lines = head[len(bom) :].split("\n")
    closing = len(lines) - 2 if lines[-1] == "" else len(lines) - 1
    cr = "\r" if lines[0].endswith("\r") else ""
    replaced: dict[int, tuple[int, list[str]]] = {}
    added: list[str] = []
    keys = _flat_keys(lines[1:closing]) if verify else None
    for key, value in values.items():
        quoted = json.dumps(value, ensure_ascii=False)
        bare = plain and _PLAIN.fullmatch(value) is not None
        text = " " + (value if bare else quoted)
        if keys is not None and not _reads_back(value, bare):
            keys = None
        at = meta_lines.get(key)
        if at is None or key not in meta:
            added.append(key + ":" + text + cr)
            if keys is not None and key in keys:
                keys = None
            continue
        first = at - 1
        m = _KEY.match(lines[first])
        if m is None or m.group(1) != key:
            raise ValueError("the key could not be found in the front matter")
        last = first
        for j in range(first + 1, closing):
            if lines[j][:1] in (" ", "\t"):
                last = j
            elif lines[j].strip():
                break
        ending = "\r" if lines[last].endswith("\r") else ""
        new = [lines[first][: m.end()] + text + ending]
        replaced[first] = (last, new)
    out: list[str] = []
    j = 0
    while j < len(lines):
        if j in replaced:
            last, new = replaced[j]
            out += new
            j = last + 1
            continue
        if j == closing:
            out += added
        out.append(lines[j])
        j += 1
    result = bom + "\n".join(out)
    if not verify or keys is not None:  # known to read back (``_flat_keys``)
        return result
    yaml_text = "\n".join(out[1 : closing + len(out) - len(lines)])
    try:
        loaded = yaml.load(yaml_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError:
        loaded = None
    if loaded != {**meta, **values}:
        if plain:  # a value that reads as another type (``no``, ``1.0``): quote it
            return set_keys(head, meta_lines, values, meta, plain=False)
        raise ValueError("the translation could not be written as YAML")
    return result


# A front matter line that stands alone: a top-level key and a scalar that ends on the
# same line (quoted and closed, or plain without an indicator that opens an anchor, an
# alias, a tag, a block scalar or a flow collection).
_FLAT = re.compile(
    r"([A-Za-z_][\w-]*): "
    r"(?:\"(?:[^\"\\\n\r]|\\[^\n\r])*\"|'(?:[^'\n\r]|'')*'|[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\r]*)"
)
# characters JSON leaves as they are that YAML refuses or reads as a line break
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _flat_keys(lines: list[str]) -> set[str] | None:
    """The keys of a front matter whose every line is ``_FLAT`` and names its own key
    (None otherwise). In such a front matter, each line reads as one key and value
    whatever the other lines hold, so one line written anew changes that key alone."""
    keys: set[str] = set()
    for line in lines:
        m = _FLAT.fullmatch(line)
        if m is None or m.group(1) in keys:
            return None
        keys.add(m.group(1))
    return keys


def _reads_back(value: str, bare: bool) -> bool:
    """Whether ``value`` written as ``set_keys`` writes it (plain when ``bare``, else
    JSON-quoted) surely reads back as that text: a plain scalar that starts with a
    letter is text unless YAML 1.1 reads it as a boolean or null; a double-quoted
    one is, unless it holds a character that YAML refuses or folds."""
    if bare:
        return value.lower() not in _YAML11  # "~" is not plain: it starts with no letter
    return _NOT_YAML.search(value) is None
