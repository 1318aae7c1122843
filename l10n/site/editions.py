"""One site from every edition: the source edition, language switchers, index pages and
the sitemap (pure: values in, text out; ``Project.write_site`` writes them).

Rules:
- Every article has a source-language edition (``output/en/``), rendered with the same
  template from an identity catalog; each other edition is published or not as
  ``render.decide`` says. What the site knows of an edition (``edition_info``) is plain
  JSON, so a build's manifest can keep it for articles it skips.
- The language switcher on a page names every published edition of that article in its
  own language, the source included, in configuration order (source first), and marks
  the current one with ``aria-current="page"``. The page's ``<link rel="alternate">``
  set is the same editions plus ``x-default`` (the source), and it is exactly the set
  the sitemap lists for that URL.
- With ``base_url`` links in ``<head>`` are absolute and each page has a ``canonical``
  link; without it they are relative (``../es/slug.html``) and there is no sitemap.
- ``lastmod`` comes from dates in files only (front matter ``date``/``updated``, the
  medical review date, the catalog's ``PO-Revision-Date``), never from file times or
  the clock, so a build gives the same bytes on any day and on any clone.
- An index lists every article: in its language when published there, otherwise in
  the source language with ``lang`` (and ``dir``) of the source and a marker in words.
- Sitemap namespaces are the sitemap protocol's 0.9 and ``xhtml`` for alternates.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from l10n.config import bcp47

if TYPE_CHECKING:
    import polib

    from l10n.markdown import Article

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

# Words of the site's own pages, by language; English where a language is missing.
# (articles, languages, not yet translated: {name}, choose a language)
WORDS: dict[str, tuple[str, str, str]] = {
    "en": ("Articles", "Language", "not yet translated, in {name}"),
    "es": ("Artículos", "Idioma", "aún no traducido, en {name}"),
    "pt": ("Artigos", "Idioma", "ainda não traduzido, em {name}"),
    "ar": ("المقالات", "اللغة", "لم يُترجم بعد، باللغة {name}"),
    "fr": ("Articles", "Langue", "pas encore traduit, en {name}"),
    "de": ("Artikel", "Sprache", "noch nicht übersetzt, auf {name}"),
}

STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.6;max-width:42rem;margin:0 auto;"
    "padding:1rem;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}"
    ".l10n-index{list-style:none;padding:0}a{color:#0b4f9c}.l10n-editions{font-size:.9rem;text-align:end}"
    ".l10n-editions a[aria-current]{font-weight:bold;color:#1a1a1a;text-decoration:none}"
    ".l10n-index li{margin:.75rem 0}.l10n-index p{margin:.1rem 0;color:#333}"
    ".l10n-untranslated{font-size:.9rem;color:#5c4400}"
)


def words(locale: str) -> tuple[str, str, str]:
    return WORDS.get(locale.split("_")[0], WORDS["en"])


@functools.lru_cache(maxsize=256)
def autonym(locale: str) -> str:
    """A language's name in itself, as readers look for it: "Español", "العربية"."""
    from babel import Locale

    name = str(Locale.parse(locale).get_display_name(locale))
    return name[:1].upper() + name[1:]


@functools.lru_cache(maxsize=256)
def direction(locale: str) -> str:
    from babel import Locale

    return str(Locale.parse(locale).text_direction)


def iso_date(value: object) -> str:
    """A front matter or header date as ``YYYY-MM-DD`` ("" when it is none)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return ""
    return ""


def source_dates(meta: Mapping[str, Any]) -> list[str]:
    """The dates an article states: ``date``, ``updated``, ``medical_review.date``."""
    review = meta.get("medical_review")
    found = [iso_date(meta.get("date")), iso_date(meta.get("updated"))]
    if isinstance(review, Mapping):
        found.append(iso_date(review.get("date")))
    return [d for d in found if d]


def source_catalog(article: Article) -> polib.POFile:
    """A catalog that translates every unit into itself: the source edition."""
    import polib

    from l10n.markdown import segments

    po = polib.POFile()
    for text in dict.fromkeys(seg.text for seg in segments(article) if seg.text):
        po.append(polib.POEntry(msgid=text, msgstr=text))
    return po


def edition_info(
    article: Article, po: polib.POFile | None, table: Mapping[str, str] | None
) -> dict[str, str]:
    """Title, description, date and lastmod of one edition (``po`` None: the source;
    ``table``: the text its page shows, ``render.shown``)."""
    meta = article.meta
    title = str(meta.get("title") or article.slug)
    description = meta.get("description")
    description = description if isinstance(description, str) else ""
    dates = source_dates(meta)
    if po is not None and table is not None:
        title = table.get(title, title)
        description = table.get(description, description) if description else ""
        revised = iso_date(po.metadata.get("PO-Revision-Date", ""))
        if revised:
            dates.append(revised)
    return {
        "title": title,
        "description": description,
        "date": iso_date(meta.get("date")),
        "lastmod": max(dates, default=""),
    }


def page_href(locale: str, slug: str, base_url: str) -> str:
    """Where an edition is, from a page in a sibling language folder or absolutely."""
    path = f"{bcp47(locale)}/{slug}.html"
    return base_url + path if base_url else f"../{path}"


@dataclass(frozen=True)
class Editions:
    """The published editions of one page, as its head and switcher show them."""

    current: str
    locales: tuple[str, ...]  # every published edition, the source first
    source: str
    slug: str
    base_url: str = ""

    def href(self, locale: str) -> str:
        return page_href(locale, self.slug, self.base_url)

    def alternates(self) -> list[tuple[str, str]]:
        """(hreflang, href) of each edition, itself included, then ``x-default``."""
        found = [(bcp47(code), self.href(code)) for code in self.locales]
        return [*found, ("x-default", self.href(self.source))]

    def head(self) -> list[str]:
        esc = html.escape
        out = []
        if self.base_url:
            out.append(f'<link rel="canonical" href="{esc(self.href(self.current))}">')
        for lang, href in self.alternates():
            out.append(f'<link rel="alternate" hreflang="{lang}" href="{esc(href)}">')
        return out

    def nav(self) -> str:
        return switcher(self.current, [(c, f"../{bcp47(c)}/{self.slug}.html") for c in self.locales])


def switcher(current: str, links: Sequence[tuple[str, str]]) -> str:
    """A ``<nav>`` naming each edition in its own language; the current one is marked."""
    esc = html.escape
    items = []
    for code, href in links:
        mark = ' aria-current="page"' if code == current else ""
        items.append(
            f'<a href="{esc(href)}" hreflang="{bcp47(code)}" lang="{bcp47(code)}" '
            f'dir="{direction(code)}"{mark}>{esc(autonym(code))}</a>'
        )
    label = words(current)[1]
    return f'<nav class="l10n-editions" aria-label="{esc(label)}">{" · ".join(items)}</nav>'


def _document(locale: str, title: str, head: Sequence[str], body: Sequence[str]) -> str:
    esc = html.escape
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{bcp47(locale)}" dir="{direction(locale)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n" + "".join(f"{h}\n" for h in head)
        + f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _long_date(iso: str, locale: str) -> str:
    from babel.dates import format_date

    return str(format_date(dt.date.fromisoformat(iso), "long", locale=locale))


Articles = Mapping[str, Mapping[str, Mapping[str, str]]]  # slug -> locale -> edition_info


def index_page(
    locale: str, languages: Sequence[str], source: str, articles: Articles, base_url: str
) -> str:
    """``<lang>/index.html``: every article, in this language where it is published."""
    esc = html.escape
    heading, _, missing = words(locale)
    from babel import Locale

    source_name = str(Locale.parse(locale).languages.get(source.split("_")[0], source))
    def shown_info(slug: str) -> Mapping[str, str]:
        return articles[slug].get(locale) or articles[slug][source]

    listed = [slug for slug in articles if locale in articles[slug] or source in articles[slug]]
    order = sorted(listed, key=lambda s: shown_info(s)["title"].casefold())
    order.sort(key=lambda s: shown_info(s).get("date", ""), reverse=True)  # newest first
    items = []
    for slug in order:
        editions = articles[slug]
        shown = locale if locale in editions else source
        info = editions[shown]
        attrs = "" if shown == locale else f' lang="{bcp47(source)}" dir="{direction(source)}"'
        parts = [f'<a href="{esc(slug)}.html">{esc(info["title"])}</a>' if shown == locale
                 else f'<a href="../{bcp47(source)}/{esc(slug)}.html" hreflang="{bcp47(source)}">'
                 f'{esc(info["title"])}</a>']
        if info.get("description"):
            parts.append(f'<p>{esc(info["description"])}</p>')
        if info.get("date"):
            when = _long_date(info["date"], locale)
            parts.append(f'<p lang="{bcp47(locale)}"><time datetime="{info["date"]}">'
                         f"{esc(when)}</time></p>" if shown != locale
                         else f'<p><time datetime="{info["date"]}">{esc(when)}</time></p>')
        if shown != locale:
            note = missing.format(name=source_name)
            parts.append(f'<p class="l10n-untranslated" lang="{bcp47(locale)}" '
                         f'dir="{direction(locale)}">({esc(note)})</p>')
        items.append(f"<li{attrs}>" + "".join(parts) + "</li>")
    links = [(code, f"../{bcp47(code)}/index.html") for code in languages]
    head = []
    if base_url:
        head.append(f'<link rel="canonical" href="{esc(base_url)}{bcp47(locale)}/index.html">')
    for code in languages:
        head.append(f'<link rel="alternate" hreflang="{bcp47(code)}" '
                    f'href="{esc(_index_href(code, base_url))}">')
    head.append(f'<link rel="alternate" hreflang="x-default" '
                f'href="{esc(_index_href(source, base_url))}">')
    body = [
        switcher(locale, links),
        "<main>",
        f"<h1>{esc(heading)}</h1>",
        '<ul class="l10n-index">\n' + "\n".join(items) + "\n</ul>",
        "</main>",
    ]
    return _document(locale, heading, head, body)


def _index_href(locale: str, base_url: str) -> str:
    path = f"{bcp47(locale)}/index.html"
    return base_url + path if base_url else f"../{path}"


def root_index(languages: Sequence[str], source: str) -> str:
    """``index.html``: one link per language, each named in itself."""
    esc = html.escape
    items = [
        f'<li><a href="{bcp47(code)}/index.html" hreflang="{bcp47(code)}" '
        f'lang="{bcp47(code)}" dir="{direction(code)}">{esc(autonym(code))}</a></li>'
        for code in languages
    ]
    heading = " / ".join(dict.fromkeys(words(code)[1] for code in languages))
    body = [
        "<main>",
        f"<h1>{esc(heading)}</h1>",
        '<ul class="l10n-index">\n' + "\n".join(items) + "\n</ul>",
        "</main>",
    ]
    return _document(source, heading, [], body)


def sitemap(languages: Sequence[str], source: str, articles: Articles, base_url: str) -> str:
    """The sitemap protocol's ``urlset``: every published page with its alternates."""
    esc = html.escape
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
    ]

    def url(loc: str, lastmod: str, alternates: Sequence[tuple[str, str]]) -> None:
        out.append("<url>")
        out.append(f"<loc>{esc(loc)}</loc>")
        if lastmod:
            out.append(f"<lastmod>{lastmod}</lastmod>")
        for lang, href in alternates:
            out.append(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{esc(href)}"/>')
        out.append("</url>")

    newest = max((i["lastmod"] for e in articles.values() for i in e.values()), default="")
    for code in languages:
        alternates = [(bcp47(c), _index_href(c, base_url)) for c in languages]
        url(_index_href(code, base_url), newest,
            [*alternates, ("x-default", _index_href(source, base_url))])
    for slug in sorted(articles):
        editions = articles[slug]
        published = tuple(c for c in languages if c in editions)
        for code in published:
            ed = Editions(code, published, source, slug, base_url)
            url(ed.href(code), editions[code]["lastmod"], ed.alternates())
    out.append("</urlset>")
    return "\n".join(out) + "\n"
