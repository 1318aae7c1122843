"""The repository's published pages, as a reader sees them in Chromium.

For every ``output/<locale>/<slug>.html`` of a configured locale: the document's
``lang`` and ``dir``, a localized date, a translated title, no English sentence left
(do-not-translate names aside), and no console errors. Full-page screenshots go to
``tests/artifacts/pages/``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import cache
from pathlib import Path

import pytest

from l10n.config import Settings, bcp47, load_settings
from l10n.formats.pofile import parse_po
from l10n.glossary import parse_glossary
from l10n.markdown import Article, parse_article, parser

pytest_plugins = ["tests.browser"]  # the browser and open_page fixtures

REPO = Path(__file__).resolve().parent.parent
MIN_WORDS = 7  # an English run longer than six words is a sentence left untranslated


def _settings() -> Settings:
    return load_settings(REPO / "pyproject.toml")


def _pages() -> list[Path]:
    settings = _settings()
    return sorted(
        page
        for code in settings.locales
        for page in (settings.output / bcp47(code)).glob("*.html")
        if page.name != "index.html"  # the language's index: tests/test_axe.py
    )


PAGES = _pages()
PARAMS = [
    pytest.param(page, id=page.relative_to(REPO).as_posix()) for page in PAGES
] or [
    pytest.param(
        None,
        marks=pytest.mark.skip(
            reason="no published pages in output/<locale>/*.html yet: run 'l10n build'"
        ),
        id="no-pages",
    )
]


@cache
def _articles() -> dict[str, Article]:
    settings = _settings()
    out = {}
    for path in sorted(settings.source.glob("*.md")):
        article = parse_article(path.read_text("utf-8"), settings.rel(path))
        out[article.slug or path.stem] = article
    return out


@cache
def _dnt() -> tuple[str, ...]:
    settings = _settings()
    if settings.glossary is None or not settings.glossary.is_file():
        return ()
    glossary = parse_glossary(settings.glossary.read_text("utf-8"), settings.rel(settings.glossary))
    return tuple(sorted(glossary.dnt_terms(), key=len, reverse=True))


def _plain(markdown: str) -> str:
    """A unit's text as a reader sees it: inline Markdown rendered, tags dropped."""
    rendered = parser().renderInline(markdown)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def english_sentences(slug: str) -> list[str]:
    """Sentences of the article's template with more than six words besides DNT names."""
    settings = _settings()
    pot = parse_po((settings.catalogs / f"{slug}.pot").read_text("utf-8"), f"{slug}.pot")
    found = []
    for entry in pot:
        for sentence in re.split(r"(?<=[.!?])\s+", _plain(entry.msgid)):
            rest = sentence
            for term in _dnt():
                rest = re.sub(rf"\b{re.escape(term)}\b", " ", rest)
            if len(re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)?", rest)) >= MIN_WORDS:
                found.append(sentence)
    return found


def _locale_of(page: Path) -> str:
    """The catalog locale (``pt_BR``) of a page in its BCP 47 folder (``pt-BR``)."""
    return page.parent.name.replace("-", "_")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("page", PARAMS)
def test_published_page_reads_as_a_localized_edition(page, open_page):
    from babel import Locale
    from babel.dates import format_date

    locale, slug = _locale_of(page), page.stem
    article = _articles()[slug]
    opened = open_page(page)
    opened.screenshot(f"pages/{locale}-{slug}")
    view = opened.page
    assert view.evaluate("document.documentElement.lang") == bcp47(locale)
    direction = Locale.parse(locale).text_direction
    assert view.evaluate("document.documentElement.dir") == direction
    assert view.evaluate("getComputedStyle(document.body).direction") == direction

    english_title = str(article.meta["title"])
    assert view.title().strip() and view.title() != english_title
    assert _flat(view.inner_text("h1")) != _flat(english_title)
    description = article.meta.get("description")
    if isinstance(description, str):
        meta = view.get_attribute('meta[name="description"]', "content")
        assert meta and _flat(meta) != _flat(description)

    text = _flat(view.inner_text("body"))
    date = article.meta.get("date")
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    if isinstance(date, dt.date):
        expected = format_date(date, "long", locale=locale)
        assert _flat(view.inner_text("time")) == expected
        assert expected in text
        language = locale.split("_")[0]
        if language in ("es", "pt"):
            assert re.fullmatch(r"\d{1,2} de \w+ de \d{4}", expected)
        if language == "ar":
            months = Locale.parse(locale).months["format"]["wide"].values()
            assert any(month in expected for month in months)
        assert date.strftime("%B") not in text  # not the English month

    left = [s for s in english_sentences(slug) if _flat(s) in text]
    assert not left, f"English left on {page.relative_to(REPO)}: {left}"


@pytest.mark.parametrize("page", PARAMS)
def test_published_page_renders_without_console_errors(page, open_page):
    opened = open_page(page, width=390, height=844)
    assert opened.page.inner_text("main").strip()
    assert opened.console_errors == []
    assert all(url.startswith("file://") for url in opened.requests), opened.requests
