"""The localized Markdown is the source file with translations spliced in.

Identity gives the source byte for byte (golden cases, the five explainers, and
generated CommonMark + GFM articles, at the splice and through the CLI for an en_GB
edition); a translation that would break the page holds it back, and render, status and
check all name the unit; any other translation leaves every other unit's HTML as it was.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.formats.pofile import dump_po, parse_po
from l10n.markdown import Article, parse_article, parser, segments, to_html
from l10n.quality.safety import sign
from l10n.site.splice import plan, splice
from tests.markdown_strategy import article as articles

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "golden" / "roundtrip").glob("*.md")) + sorted(
    (ROOT / "source").glob("*.md")
)
PROBLEM = re.compile(r"^source/x\.md:\d+ \([a-z0-9 ]+\): \S")


def spliced(text: str, translate: dict[str, str]) -> tuple[str, str]:
    """The spliced file and its problem ("" when safe)."""
    source = parse_article(text, "source/x.md")
    result = splice(source, [translate.get(seg.text) for seg in segments(source)])
    return result.head + result.body, result.problem


def body_of(markdown: str) -> str:
    return markdown[markdown.index("\n---", 3) + 4 :].split("\n", 1)[1]


# --- identity -------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_identity_splice_is_the_source_byte_for_byte(case):
    text = case.read_text("utf-8")
    source = parse_article(text, case.name)
    same = splice(source, [seg.text for seg in segments(source)])
    assert (same.head + same.body, same.problem) == (text, "")
    none = splice(source, [None] * len(segments(source)))
    assert none.head + none.body == text


@pytest.mark.parametrize("variant", ["crlf", "bom", "cr-only"])
def test_identity_keeps_line_endings_and_byte_order_mark(variant):
    text = (ROOT / "tests" / "golden" / "roundtrip" / "blockquote-with-lists.md").read_text("utf-8")
    text = {
        "crlf": text.replace("\n", "\r\n"),
        "bom": "\ufeff" + text,
        "cr-only": text.split("---\n", 2)[0]
        + "---\n"
        + text.split("---\n", 2)[1]
        + "---\n"
        + text.split("---\n", 2)[2].replace("\n", "\r"),
    }[variant]
    assert spliced(text, {}) == (text, "")
    source = parse_article(text, "source/x.md")
    assert spliced(text, {s.text: s.text for s in segments(source)}) == (text, "")


@settings(max_examples=300, deadline=None)
@given(articles())
def test_property_identity_splice_is_byte_identical(doc):
    source = parse_article(doc, "source/x.md")
    result = splice(source, [seg.text for seg in segments(source)])
    assert result.head + result.body == doc
    assert result.problem == ""
    assert all(t.span is not None for _, p, t in plan(source) if p.what != "meta")


def make_project(root: Path, files: dict[str, str], locale: str = "en_GB") -> None:
    (root / "source").mkdir(parents=True)
    for name, text in files.items():
        (root / "source" / name).write_bytes(text.encode("utf-8"))
    (root / "pyproject.toml").write_text(
        f'[tool.l10n]\nlocales = ["{locale}"]\nrequire_review = true\n', "utf-8"
    )


def sign_all(root: Path, locale: str, fn=lambda msgid: msgid) -> None:  # type: ignore[no-untyped-def]
    for path in (root / "locales" / locale / "LC_MESSAGES").glob("*.po"):
        po = parse_po(path.read_text("utf-8"), str(path))
        for entry in po:
            if not entry.obsolete:
                entry.msgstr = fn(entry.msgid)
                sign(entry, "Ann Reviewer", "2026-01-01")
        path.write_text(dump_po(po), "utf-8")


def test_an_en_gb_edition_of_identical_text_is_published_byte_for_byte(tmp_path, l10n):
    make_project(tmp_path, {case.name: case.read_text("utf-8") for case in CASES})
    assert l10n(tmp_path, "build").code == 0
    sign_all(tmp_path, "en_GB")
    r = l10n(tmp_path, "render")
    assert r.code == 0 and "not published" not in r.out
    for case in CASES:
        page = (tmp_path / "output" / "en-GB" / case.name).read_text("utf-8")
        source = case.read_text("utf-8")
        assert body_of(page) == body_of(source), case.name
        assert "\nlang: en-GB\n---\n" in page
        assert page.replace("lang: en-GB\n", "", 1) == source
    check = l10n(tmp_path, "check")
    assert check.code == 0, check.out


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=articles())
def test_property_identity_through_the_cli_for_an_en_gb_edition(doc, l10n):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root, {"x.md": doc})
        assert l10n(root, "build").code == 0
        sign_all(root, "en_GB")
        r = l10n(root, "render")
        assert r.code == 0 and "not published" not in r.out, r.out
        page = (root / "output" / "en-GB" / "x.md").read_bytes().decode("utf-8")
        assert body_of(page) == body_of(doc)
        assert page.replace("lang: en-GB\n", "", 1) == doc


# --- translations -----------------------------------------------------------------------


def test_a_translation_changes_only_its_unit_and_keeps_the_authors_spelling():
    text = (
        "---\ntitle: Basics\n# kept comment\nslug: basics\n---\n\n"
        "Ketamine basics\n===============\n\n"
        "* First  item\n* Second item\n\n"
        "> Quoted line one\n> quoted line two.\n\n"
        "| Dose | Route |\n|:-----|------:|\n| 2.5 mg | IV |\n"
    )
    out, problem = spliced(
        text,
        {
            "Basics": "Básico: dosis",
            "Ketamine basics": "Lo básico de la ketamina",
            "Second item": "Segundo elemento",
            "Quoted line one\nquoted line two.": "Línea uno.",
            "Route": "Vía | acceso",
        },
    )
    assert problem == ""
    assert out == (
        '---\ntitle: "Básico: dosis"\n# kept comment\nslug: basics\n---\n\n'
        "Lo básico de la ketamina\n===============\n\n"
        "* First  item\n* Segundo elemento\n\n"
        "> Línea uno.\n\n"
        "| Dose | Vía \\| acceso |\n|:-----|------:|\n| 2.5 mg | IV |\n"
    )


def test_lines_a_translation_adds_repeat_the_container_prefix():
    text = "---\ntitle: T\n---\n\n> - A quoted item\n>\n>   More of it.\n\n1. First\n"
    out, problem = spliced(
        text, {"A quoted item": "Un elemento\ncitado", "First": "Primero\nen dos líneas"}
    )
    assert problem == ""
    assert out.endswith(
        "> - Un elemento\n>   citado\n>\n>   More of it.\n\n1. Primero\n   en dos líneas\n"
    )


def test_an_image_alt_text_keeps_its_line_break(tmp_path, l10n):
    make_project(tmp_path, {"x.md": "---\ntitle: T\n---\n\n![Dosing\nchart](chart.png)\n"}, "es")
    (tmp_path / "source" / "chart.png").write_bytes(b"a chart")
    l10n(tmp_path, "build")
    sign_all(tmp_path, "es", lambda m: "Gráfico\nde dosis" if m == "Dosing\nchart" else m)
    assert l10n(tmp_path, "render").code == 0
    html = (tmp_path / "output" / "es" / "x.html").read_text("utf-8")
    md = (tmp_path / "output" / "es" / "x.md").read_text("utf-8")
    assert '<img src="chart.png" alt="Gráfico\nde dosis"' in html
    assert md.endswith("\n![Gráfico\nde dosis](chart.png)\n")


def test_image_targets_the_edition_shows_are_rewritten_in_place():
    text = (
        "---\ntitle: T\n---\n\n![Chart](img/chart.png  'A chart')\n\n"
        "Inline ![scale][s] and ![chart](img/chart.png) here.\n\n*  Kept  as is.\n\n[s]: scale.png\n"
    )
    source = parse_article(text, "source/x.md")
    moved = {"img/chart.png": "img/chart.es.png", "scale.png": "scale (es).png"}
    for translate in (lambda t: None, lambda t: "ES " + t):
        result = splice(source, [translate(s.text) for s in segments(source)], moved)
        assert result.problem == ""
        out = result.head + result.body
        assert "img/chart.png" not in out and "](img/chart.es.png  '" in out
        assert "[s]: <scale (es).png>\n" in out and "*  " in out
        html = to_html(result.page)
        assert html.count('src="img/chart.es.png"') == 2 and 'src="scale%20(es).png"' in html
        assert html == parser().render(result.body)


def test_translated_titles_are_quoted_for_their_delimiter():
    text = '---\ntitle: T\n---\n\n![Chart](c.png "say \\"hi\\"")\n\n[a]: /a (Paren title)\n'
    out, problem = spliced(
        text, {'say "hi"': 'di "hola" \\o/', "Paren title": "Título (entre) paréntesis"}
    )
    assert problem == ""
    assert '![Chart](c.png "di \\"hola\\" \\\\o/")' in out
    assert "[a]: /a (Título \\(entre\\) paréntesis)" in out


def test_untrusted_inline_html_and_links_are_inert_in_the_markdown():
    text = "---\ntitle: T\n---\n\nSee [the guide](/guide) and <b>this</b>.\n"
    out, problem = spliced(
        text,
        {
            "See [the guide](/guide) and <b>this</b>.": (
                "Vea [la guía](/guide), <b>esto</b>, <i>aquí</i>, [otro](https://evil.example) "
                "y <https://evil.example>."
            )
        },
    )
    assert problem == ""
    assert out.endswith(
        "Vea [la guía](/guide), <b>esto</b>, \\<i>aquí\\</i>, otro y \\<https://evil.example>.\n"
    )


@pytest.mark.parametrize(
    ("text", "unit", "translation", "why"),
    [
        (
            "| a | b |\n|---|---|\n| cell | 2 |\n",
            "cell",
            "uno\ndos",
            "a line break, which a table cell cannot hold",
        ),
        ("## Heading\n", "Heading", "Título\nlargo", "a line break where the heading has none"),
        ("A paragraph\nof two lines.\n", "A paragraph\nof two lines.", "Uno\n# dos", "it would"),
        ("- item\n- other\n", "item", "uno\n- dos", "it would"),
        ("Para.\n\nNext para.\n", "Para.", "Uno\n```", "it would"),
        ("Para.\n\n[r]: /r\n", "Para.", "[r2]: /evil", "would"),
        ("## Step\n", "Step", "Paso #", "would not read back as translated"),
    ],
    ids=[
        "cell-newline",
        "heading-newline",
        "heading-line",
        "list-line",
        "fence-line",
        "definition",
        "atx-closing",
    ],
)
def test_a_translation_that_would_break_the_page_is_named(text, unit, translation, why):
    _, problem = spliced(f"---\ntitle: T\n---\n\n{text}", {unit: translation})
    assert PROBLEM.match(problem), problem
    assert why in problem


MUTATIONS = [
    "# ",
    "> ",
    "- ",
    "1. ",
    "| ",
    "\n",
    "`",
    "[",
    "<",
    "\n# ",
    "\n> ",
    "\n- ",
    "\n1. ",
    "\n| --- |",
    "\n===",
    "\n```",
    "<div>\n",
    "\n<!--",
    "![",
    "\\",
]


def inline_html(page: Article, skip_labels: set[str]) -> dict[int, str]:
    md = parser()
    out = {}
    for i, tok in enumerate(page.tokens):
        if tok.type != "inline":
            continue
        labels = {str(c.meta.get("label")) for c in tok.children or [] if c.meta.get("label")}
        if labels & skip_labels:
            continue
        out[i] = md.renderer.renderInline(tok.children or [], md.options, page.env)
    return out


@settings(max_examples=300, deadline=None)
@given(
    doc=articles(),
    which=st.integers(0, 200),
    mutation=st.sampled_from(MUTATIONS),
    where=st.sampled_from(["start", "end", "middle"]),
)
def test_property_a_breaking_translation_changes_nothing_else_or_is_held_back(
    doc, which, mutation, where
):
    source = parse_article(doc, "source/x.md")
    units = plan(source)
    seg = units[which % len(units)][0]
    at = {"start": 0, "end": len(seg.text), "middle": len(seg.text) // 2}[where]
    mutated = seg.text[:at] + mutation + seg.text[at:]
    texts = [mutated if s.text == seg.text else None for s, _, _ in units]
    result = splice(source, texts)
    if result.problem:
        assert PROBLEM.match(result.problem), result.problem
        return
    page = result.page
    assert to_html(page) == parser().render(result.body)  # the HTML is the Markdown's
    assert [t.type for t in page.tokens] == [t.type for t in source.tokens]
    hosts = {t.host for s, _, t in units if s.text == seg.text}
    labels = {p.key for s, p, _ in units if s.text == seg.text and p.what == "ref"}
    labels |= {
        str(c.meta.get("label"))
        for s, p, t in units
        if s.text == seg.text and p.what == "title"
        for c in source.tokens[t.host].children or []
        if c.type == "image" and c.meta.get("label")
    }
    before, after = inline_html(source, labels), inline_html(page, labels)
    assert {i: h for i, h in after.items() if i not in hosts} == {
        i: h for i, h in before.items() if i not in hosts
    }


# --- render, status and check agree ----------------------------------------------------


def test_render_status_and_check_name_the_unit_that_breaks_the_page(tmp_path, l10n):
    text = "---\ntitle: T\n---\n\nIntro.\n\nTake it with water\nbefore meals.\n"
    make_project(tmp_path, {"x.md": text}, "es")
    l10n(tmp_path, "build")
    unit = "Take it with water\nbefore meals."
    sign_all(tmp_path, "es", lambda m: "Tómelo con agua\n# antes de comer." if m == unit else m)
    reason = (
        "a translation breaks the page's Markdown at source/x.md:7 (paragraph): "
        "it would start a new block (a heading 1)"
    )
    r = l10n(tmp_path, "render")
    assert f"output/es/x.html: not published: {reason}" in r.out
    assert not (tmp_path / "output" / "es" / "x.md").exists()
    status = json.loads(l10n(tmp_path, "status", "--format", "json").out)
    assert status[0]["published"] is False and status[0]["reason"] == reason
    check = l10n(tmp_path, "check")
    assert check.code == 4
    assert f"error [markdown] page held back: {reason}" in check.out
    sign_all(tmp_path, "es", lambda m: "Tómelo con agua\nantes de comer." if m == unit else m)
    assert l10n(tmp_path, "check").code == 0
    assert "wrote output/es/x.md" in l10n(tmp_path, "render").out


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=articles(), which=st.integers(0, 200), mutation=st.sampled_from(MUTATIONS))
def test_property_through_the_cli_a_breaking_translation_is_published_safely_or_checked(
    doc, which, mutation, l10n
):
    source = parse_article(doc, "source/x.md")
    seg = segments(source)[which % len(segments(source))]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root, {"x.md": doc}, "es")
        assert l10n(root, "build").code == 0
        sign_all(root, "es", lambda m: mutation + m if m == seg.text else m)
        render = l10n(root, "render")
        page = root / "output" / "es" / "x.html"
        check = l10n(root, "check")
        if page.exists():
            assert "[markdown]" not in check.out
            published = parse_article((root / "output" / "es" / "x.md").read_text("utf-8"), "x")
            skip = {t.host for s, _, t in plan(source) if s.text == seg.text}
            labels = {str(k) for k in source.env.get("references", {})}
            before, after = inline_html(source, labels), inline_html(published, labels)
            assert {i: h for i, h in after.items() if i not in skip} == {
                i: h for i, h in before.items() if i not in skip
            }
        else:
            assert "not published: a translation breaks the page's Markdown at source/x.md:" in (
                render.out
            )
            assert check.code in (4, 5) and "error [markdown] page held back:" in check.out


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_the_html_edition_is_the_markdown_editions_html(case):
    source = parse_article(case.read_text("utf-8"), case.name)
    for edit in (lambda t: "TR " + t, lambda t: t.upper(), lambda t: t + " <i>x</i> [y](/z)"):
        result = splice(source, [edit(seg.text) for seg in segments(source)])
        assert result.problem == ""
        assert to_html(result.page) == parser().render(result.body)


_HEADS = st.sampled_from([
    '---\ntitle: "Dosing"\nslug: dosing\ndescription: Plain words\ndate: 2024-03-01\n---\n',
    "---\ntitle: 'It''s late'\nclinic: Norte # a comment\ndescription: \"x\"\n---\n",
    "---\ntitle: &t Dosing\nother: *t\ndescription: d\n---\n",
    "---\ntitle: >\n  Folded\n  text\ndescription: d\n---\n",
    "---\r\ntitle: Dosing\r\ndescription: d\r\n---\r\n",
    "---\ntitle: Dosing\ntags: [a,\n  b]\ndescription: d\n---\n",
])
_VALUES = st.one_of(
    st.sampled_from(["yes", "No", "null", "True", "off", "y", "Dosis alta", "1.0"]),
    st.text(
        st.sampled_from(
            list("aZé y:#-'\"\\%&*!|>[{,?@`~\t\n\r") + ["\x85", "\u2028", "\x7f", "\ufeff"]
        ),
        max_size=12,
    ),
)


@settings(max_examples=400, deadline=None)
@given(_HEADS, _VALUES, _VALUES, st.booleans())
def test_property_front_matter_values_read_back_as_written(head, title, description, add):
    import yaml

    from l10n.markdown import front_matter
    from l10n.site.splice import set_keys

    meta, meta_lines, _, _ = front_matter(head + "\nBody.\n", "source/x.md")
    values = {"title": title, "description": description}
    if add:
        values["lang"] = description
    try:
        out = set_keys(head, meta_lines, values, meta)
    except ValueError:
        return  # refused: the page is held back, never written wrong
    fm = out.replace("\r", "").split("\n")
    assert yaml.safe_load("\n".join(fm[1 : fm.index("---", 1)])) == {**meta, **values}
