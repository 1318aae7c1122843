"""Identity round trip: every msgstr equal to its msgid renders the source's HTML.

Proven on the five explainers and on golden cases of tricky Markdown; adding a case
is adding a file to tests/golden/roundtrip/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.markdown import parse_article, parser, to_html
from tests.test_pipeline import translate_all

GOLDEN = Path(__file__).parent / "golden" / "roundtrip"
REPO = Path(__file__).resolve().parent.parent
CASES = sorted(GOLDEN.glob("*.md")) + sorted((REPO / "source").glob("*.md"))


def body_html(markdown: str) -> str:
    """Render a published page's body the way a reader's Markdown tool does."""
    front_end = markdown.index("\n---\n", 4) + 5
    return str(parser().render(markdown[front_end:]))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_identity_translation_renders_the_source_html(case, tmp_path, l10n):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / case.name).write_text(case.read_text("utf-8"), "utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["es"]\n', "utf-8")
    assert l10n(tmp_path, "build").code == 0
    (po,) = (tmp_path / "locales" / "es" / "LC_MESSAGES").glob("*.po")
    translate_all(po)
    assert l10n(tmp_path, "render").code == 0
    (md,) = (tmp_path / "output" / "es").glob("*.md")
    source = parse_article(case.read_text("utf-8"), case.name)
    assert body_html(md.read_text("utf-8")) == to_html(source)
    html = md.with_suffix(".html").read_text("utf-8")
    assert to_html(source).rstrip("\n") in html


def test_the_suite_covers_the_tricky_cases():
    names = {p.stem for p in GOLDEN.glob("*.md")}
    assert {
        "nested-lists", "loose-lists", "ordered-list-start-7", "aligned-table",
        "reference-links", "autolinks", "images-with-titles", "emphasis-in-links",
        "code-spans-with-backticks", "hard-line-breaks", "setext-headings",
        "blockquote-with-lists", "inline-html", "entities", "backslash-escapes",
        # the identity cases the re-emitting writer held back (see test_splice.py)
        "runs-of-spaces", "nbsp-at-line-edges", "image-title-with-escaped-quote",
        "html-block-at-eof-without-newline", "indented-html-comment", "entity-after-emphasis",
        "multi-line-setext-heading", "unclosed-fence-at-eof", "image-alt-code-span",
        "link-title-newline", "image-alt-soft-break",
    } <= names


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_rendering_a_translation_leaves_the_source_untouched(case):
    from l10n.markdown import translated_copy

    source = parse_article(case.read_text("utf-8"), case.name)
    before = to_html(source)
    page = translated_copy(source, lambda seg: "TR " + seg.text)
    assert to_html(source) == before
    assert to_html(page) != before
