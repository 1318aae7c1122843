"""A hypothesis strategy for CommonMark + GFM articles, front matter included.

It covers what hand-written articles hold and what trips Markdown writers: nested and
loose lists with odd starts and markers, block quotes holding lists, ATX and setext
headings (multi-line too), raw HTML blocks and inline HTML, entities and backslash
escapes, hard breaks (two spaces and backslash), GFM tables with escaped pipes and
alignment, link reference definitions, images with titles (with ``\\"`` inside), code
spans and fences (an unclosed one at the end), tabs, runs of spaces and no-break spaces
at line edges, and a raw HTML block that ends the file without a final newline.
"""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = ["Ketamine", "dose", "mg", "2.5", "not", "brain", "NMDA", "nurse", "50%", "x"]
NBSP = "\u00a0"

word = st.sampled_from(WORDS)
inline_piece = st.one_of(
    word,
    word,
    word.map(lambda w: f"*{w}*"),
    word.map(lambda w: f"_{w}_"),
    word.map(lambda w: f"**{w}**"),
    word.map(lambda w: f"`{w}`"),
    st.just("`` a`b ``"),
    word.map(lambda w: f"[{w}](/url)"),
    word.map(lambda w: f'[{w}](https://example.org/a "Title \\"q\\"")'),
    word.map(lambda w: f"[{w}][r1]"),
    st.just("[r1]"),
    word.map(lambda w: f'![{w}](/img.png "say \\"hi\\"")'),
    st.sampled_from(["<b>bold</b>", '<span class="a">s</span>', "<br>", "<!-- c -->"]),
    st.sampled_from(["&copy;", "&nbsp;", "&#169;", "&amp;", "_x_&copy;", f"_{NBSP}_"]),
    st.sampled_from(["\\*", "\\_", "\\[", "\\\\", "\\#", "\\<"]),
    st.just("<https://example.org>"),
    st.just(NBSP),
)
separator = st.sampled_from([" ", " ", " ", "  ", "\t", f" {NBSP}", "   "])


@st.composite
def inline_line(draw: st.DrawFn, table: bool = False) -> str:
    parts = draw(st.lists(inline_piece, min_size=1, max_size=5))
    if table:
        parts = [p.replace("|", "\\|") for p in parts]
        if draw(st.booleans()):
            parts.append("a \\| b")
    out = parts[0]
    for part in parts[1:]:
        out += draw(separator) + part
    edge = draw(st.sampled_from(["", "", "", NBSP, " "]))
    return edge + out + draw(st.sampled_from(["", "", "", NBSP]))


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    lines = draw(st.lists(inline_line(), min_size=1, max_size=3))
    out = lines[0]
    for line in lines[1:]:
        out += draw(st.sampled_from(["", "", "  ", "\\"])) + "\n" + line
    return out


@st.composite
def heading(draw: st.DrawFn) -> str:
    text = draw(inline_line())
    if draw(st.booleans()):
        closing = draw(st.sampled_from(["", "", " ##"]))
        return "#" * draw(st.integers(1, 6)) + " " + text.strip(" ") + closing
    lines = [text, *draw(st.lists(inline_line(), max_size=1))]
    return "\n".join(lines) + "\n" + draw(st.sampled_from(["===", "---", "=========="]))


@st.composite
def table(draw: st.DrawFn) -> str:
    cols = draw(st.integers(1, 3))
    pipe = draw(st.booleans())

    def row(cells: list[str]) -> str:
        body = " | ".join(cells)
        return f"| {body} |" if pipe else body

    header = [draw(inline_line(table=True)) for _ in range(cols)]
    aligns = [draw(st.sampled_from(["---", ":--", "--:", ":-:"])) for _ in range(cols)]
    rows = [
        [draw(inline_line(table=True)) for _ in range(cols)] for _ in range(draw(st.integers(0, 3)))
    ]
    if not pipe and cols == 1:
        header = [header[0] + " |"]
    return "\n".join([row(header), row(aligns), *(row(r) for r in rows)])


@st.composite
def list_block(draw: st.DrawFn, depth: int = 0) -> str:
    ordered = draw(st.booleans())
    start = draw(st.sampled_from([1, 7, 0, 123]))
    marker = draw(st.sampled_from(["-", "*", "+"]))
    delim = draw(st.sampled_from([".", ")"]))
    loose = draw(st.booleans())
    items = []
    for n in range(draw(st.integers(1, 3))):
        bullet = f"{start + n}{delim} " if ordered else f"{marker} "
        pad = " " * len(bullet)
        body = draw(paragraph())
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            body += "\n" + draw(list_block(depth + 1))
        if draw(st.integers(0, 4)) == 0:
            body += "\n\n" + draw(paragraph())
        lines = body.split("\n")
        items.append(bullet + lines[0] + "".join(f"\n{pad if ln else ''}{ln}" for ln in lines[1:]))
    return ("\n\n" if loose else "\n").join(items)


@st.composite
def block_quote(draw: st.DrawFn) -> str:
    inner = draw(st.one_of(paragraph(), list_block(1), heading()))
    marker = draw(st.sampled_from(["> ", ">", ">  "]))
    return "\n".join(marker + ln if ln else ">" for ln in inner.split("\n"))


fence = st.tuples(
    st.sampled_from(["```", "~~~", "````"]), st.sampled_from(["", "python", "sh"])
).map(lambda f: f"{f[0]}{f[1]}\nprint('dose')  # 2.5 mg\n\n  indented\n{f[0]}")
html_block = st.sampled_from(
    [
        '<div class="note">\nRaw *HTML* block.\n</div>',
        "<!-- l10n: a comment -->",
        "   <!-- an indented\n   comment -->",
        "<table><tr><td>cell</td></tr></table>",
    ]
)
reference = st.sampled_from(
    [
        '[r1]: https://example.org/r1 "Reference title"',
        "[r1]: <https://example.org/r1> 'Single \\'quoted\\''",
        "[r1]: https://example.org/r1\n  (Title in parens)",
        '[r1]: https://example.org/r1 "Title with \\"quotes\\""',
        "[r1]: https://example.org/r1",
    ]
)
image_paragraph = st.tuples(word, word).map(
    lambda w: f'![{w[0]} {w[1]}](/img/{w[0]}.png "Title \\"{w[1]}\\"")'
)

block = st.one_of(
    paragraph(),
    paragraph(),
    heading(),
    list_block(),
    block_quote(),
    table(),
    fence,
    st.just("    indented code\n\tand a tab"),
    html_block,
    image_paragraph,
    st.just("***"),
    st.just(f"{NBSP}"),
    st.just("- \tTabbed item\n\n\tcontinued"),
)


@st.composite
def article(draw: st.DrawFn) -> str:
    """A whole article: front matter, blocks, sometimes an ending without a newline."""
    blocks = draw(st.lists(block, min_size=1, max_size=6))
    if draw(st.booleans()):
        blocks.append(draw(reference))
    gaps = [draw(st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n \n"])) for _ in blocks]
    body = "".join(b + g for b, g in zip(blocks, gaps, strict=True))
    ending = draw(st.sampled_from(["keep", "keep", "no-newline", "unclosed-fence", "html-eof"]))
    if ending == "no-newline":
        body = body.rstrip("\n")
    elif ending == "unclosed-fence":
        body += "```\nnever closed\n"
    elif ending == "html-eof":
        body += '<div class="end">\nlast</div>'
    title = draw(st.sampled_from(["Ketamine basics", "Dosing: 2.5 mg", "'Quoted' title"]))
    quoted = title.replace("'", "''")
    front = f"title: '{quoted}'\ndate: 2024-05-01\n# a comment\ndescription: \"About {title}\"\n"
    return f"---\n{front}---\n\n{body}"
