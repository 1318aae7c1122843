"""A translation whose lines open with bold text or a decimal number is spliced without
parsing the page again; the page it gives is still the page a full parse of the spliced
Markdown gives, and a line that does open a block (``* ``, ``2.``, ``***``) is still
caught."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markdown import parse_article, parser, segments, to_html
from l10n.site.splice import plain_inline, splice

SOURCE = (
    "---\ntitle: Doses\n---\n\n"
    "Take the tablets\nwith water after meals.\n\n"
    "> Keep them\n> out of reach.\n\n"
    "- Ask a pharmacist\n  before you stop.\n"
)

STARTS = st.sampled_from(
    ["**Aumente** a dose", "*nota* leve", "2,5 mg por dia", "10 % dos casos", "0,75 mg",
     "***", "* item", "** item", "2. passo", "1) passo", "12.5 mg", "- item", "texto"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(STARTS, min_size=1, max_size=3), min_size=3, max_size=3))
def test_property_a_spliced_page_is_what_parsing_its_markdown_gives(lines):
    source = parse_article(SOURCE, "source/x.md")
    units = [seg for seg in segments(source) if not seg.kind.endswith("title")]
    assert len(units) == 3
    table = {seg.text: "\n".join(text) for seg, text in zip(units, lines, strict=True)}
    result = splice(source, [table.get(seg.text) for seg in segments(source)])
    if result.problem:
        assert result.problem.startswith("source/x.md:")
        return
    assert to_html(result.page) == parser().render(result.body)


def test_bold_and_decimals_at_a_line_start_keep_the_blocks():
    source = parse_article(SOURCE, "source/x.md")
    table = {"Take the tablets\nwith water after meals.": "Tome os comprimidos\n**sempre** com 2,5 ml"}
    result = splice(source, [table.get(seg.text) for seg in segments(source)])
    assert result.problem == ""
    assert "<p>Tome os comprimidos\n<strong>sempre</strong> com 2,5 ml</p>" in to_html(result.page)


def test_a_line_that_opens_a_list_is_still_caught():
    source = parse_article(SOURCE, "source/x.md")
    for added in ("* passo", "1. passo", "1) passo", "- passo"):
        table = {"Take the tablets\nwith water after meals.": f"Tome os comprimidos\n{added}"}
        result = splice(source, [table.get(seg.text) for seg in segments(source)])
        assert result.problem.startswith("source/x.md:5 (paragraph): "), added


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab é:-+%#>=~{}^$@]()|.,0\t\n\r\\`*_[!<&;")), max_size=24))
def test_property_text_without_inline_syntax_gives_the_tokens_the_parser_gives(text):
    md = parser()
    tokens = []
    md.inline.parse(text, md, {}, tokens)
    plain = plain_inline(text)
    assert plain is None or plain == tokens
    if text and not set(text) & set("\n\r\\`*_[!<&"):
        assert plain is not None


def test_a_translated_page_shows_its_plain_text_and_its_markup():
    source = parse_article(SOURCE, "source/x.md")
    table = {
        "Take the tablets\nwith water after meals.": "Tome los comprimidos: 50 % - con agua",
        "Keep them\nout of reach.": "Guárdelos *fuera* del alcance",
    }
    result = splice(source, [table.get(seg.text) for seg in segments(source)])
    html = to_html(result.page)
    assert "<p>Tome los comprimidos: 50 % - con agua</p>" in html
    assert "<p>Guárdelos <em>fuera</em> del alcance</p>" in html
    assert html == parser().render(result.body)
