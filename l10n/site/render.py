"""Article + catalog -> localized Markdown and a complete HTML page, pure.

Rules:
- Only reviewed text (non-empty, non-fuzzy msgstr, not pseudo-localized) is published,
  never one whose source changed since it was signed off (``safety.State.STALE``);
  progress counts the entries of the article's current units only. A unit without
  one keeps its English source, and the page then says it is partly in English.
- A page under the publish threshold (percent of source words translated) is not
  published; ``decide`` gives the reason in words. A critical unit that is not
  translated and reviewed holds the page back whatever the threshold, so critical
  content never falls back to English. With ``require_review``, only signed-off
  text counts and is published.
- A preview (``include_fuzzy``) also uses machine drafts and fuzzy text, and always
  carries a "machine draft, not reviewed" banner; it is never the published page.
- The Markdown edition is the source file with the translations spliced in
  (``l10n.site.splice``), and the HTML edition is rendered from it, so the two agree by
  construction. Everything from a catalog is untrusted: titles are escaped, and the
  splice neutralizes inline HTML and link targets a translation adds. A page that a
  translation would break (a line break in a table cell or heading, a line that starts
  a new block) is ``broken``: it is not published, and ``decide`` names the unit.
- The HTML page is a whole document: ``lang`` and ``dir`` from Babel, title and
  meta description from the translated front matter, the date in the locale's long
  format, and ``hreflang`` links to the other published editions.
- A page has one ``<h1>``: the title, unless the article opens with its own level-1
  heading, which then is the page's heading. When a level-1 heading comes further
  down, every heading after the page's own is shown one level lower.
- Everything published names its language in BCP 47 (``pt-BR``): folders, ``lang``,
  ``hreflang`` and the Markdown edition's ``lang``. ``assets`` maps image targets to
  the localized files the page shows (see ``l10n.site.assets``), and link targets to
  the editions they lead to (``l10n.site.links``); ``hreflang`` marks the links that
  lead to another language.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polib
from markdown_it.token import Token

from l10n import medical
from l10n.catalogs import Progress, is_published, progress, words
from l10n.config import RoleTable, bcp47
from l10n.markdown import Article, parser, segments
from l10n.quality.publishable import is_pseudo
from l10n.quality.safety import State, reviewed_as_required, state
from l10n.site import fallback, links
from l10n.site.editions import Editions
from l10n.site.editions import direction as editions_direction
from l10n.site.splice import Result, splice

if TYPE_CHECKING:
    from babel import Locale
    from babel.dates import DateTimePattern

# Notices shown on pages, by language; English where a language is missing.
NOTICES: dict[str, tuple[str, str]] = {
    "en": (
        "Parts of this page are not translated yet and are shown in English.",
        "Machine draft, not reviewed: do not rely on this text.",
    ),
    "es": (
        "Partes de esta página aún no están traducidas y se muestran en inglés.",
        "Borrador automático, no revisado: no confíe en este texto.",
    ),
    "pt": (
        "Partes desta página ainda não foram traduzidas e aparecem em inglês.",
        "Rascunho automático, não revisado: não confie neste texto.",
    ),
    "ar": (
        "بعض أجزاء هذه الصفحة لم تُترجم بعد وتظهر باللغة الإنجليزية.",
        "مسودة آلية لم تتم مراجعتها: لا تعتمد على هذا النص.",
    ),
    "fr": (
        "Certaines parties de cette page ne sont pas encore traduites et restent en anglais.",
        "Brouillon automatique, non relu : ne vous fiez pas à ce texte.",
    ),
    "de": (
        "Teile dieser Seite sind noch nicht übersetzt und werden auf Englisch angezeigt.",
        "Maschineller Entwurf, nicht geprüft: verlassen Sie sich nicht auf diesen Text.",
    ),
}

STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.6;max-width:42rem;margin:0 auto;"
    "padding:1rem;color:#1a1a1a;background:#fff}"
    "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25rem .5rem}"
    ".l10n-notice{background:#fff4d6;border:1px solid #b58900;padding:.5rem}"
    ".l10n-draft{background:#b00020;color:#fff;padding:.75rem;font-weight:bold}"
    ".l10n-byline,.l10n-medical{color:#444}.l10n-editions{font-size:.9rem;text-align:end}"
    ".l10n-editions a[aria-current]{font-weight:bold;color:#1a1a1a;text-decoration:none}"
    ".l10n-fallback{border-inline-start:3px solid #b58900;padding-inline-start:.5rem}"
)


@dataclass(frozen=True)
class Page:
    """One rendered edition of an article."""

    markdown: str
    html: str
    partial: bool
    broken: bool = False  # a translation breaks the page's Markdown
    reason: str = ""  # which unit breaks it and why (``source/x.md:LINE (kind): why``)


def usable(entry: polib.POEntry, require_review: bool | RoleTable) -> bool:
    """Whether an entry's text may appear on a published page.

    Never when its source changed since it was signed (``State.STALE``); with
    ``require_review``, only with the sign-offs it asks for.
    """
    # a reviewed or translated entry is a published one (``safety.state`` asks
    # ``is_published`` of the others, and a valid sign-off settles a carried-over text)
    if entry.obsolete or state(entry) not in _SHOWN:
        return False
    return not require_review or reviewed_as_required(entry, require_review)


_SHOWN = (State.REVIEWED, State.TRANSLATED)


def critical_hold(
    article: Article, po: polib.POFile, require_review: bool | RoleTable = True
) -> str:
    """The first critical unit that is not translated and reviewed, in words ("" if none).

    Reviewed: a sign-off of any role, or of each role a ``require_review`` table names.
    """
    rule = require_review if isinstance(require_review, RoleTable) else True
    entries = {e.msgid: e for e in po if not e.obsolete}
    for seg in segments(article):
        if seg.critical:
            entry = entries.get(seg.text)
            if entry is None or not entry.msgstr:
                what = "is not translated"
            elif is_pseudo(entry):
                what = "is pseudo-localized text"
            elif not is_published(entry):
                what = "is only a draft (fuzzy)"
            elif state(entry) is State.STALE:
                what = "is translated, but its source changed since it was reviewed"
            elif not reviewed_as_required(entry, rule, critical=True):
                what = "is translated but not reviewed"
                if isinstance(rule, RoleTable):
                    what += f" by {' and '.join(rule.critical)}"
            else:
                continue
            return f"critical block at {article.path}:{seg.line} ({seg.critical}) {what}"
    return ""


def shown(po: polib.POFile, require_review: bool | RoleTable = False) -> dict[str, str]:
    """The text a page may show: msgid to msgstr of each ``usable`` entry. Computed
    once per catalog and handed to the functions below, which would each ask again."""
    return {
        e.msgid: e.msgstr for e in po if not e.obsolete and e.msgstr and usable(e, require_review)
    }


def page_percent(
    article: Article,
    po: polib.POFile,
    require_review: bool | RoleTable = False,
    table: Mapping[str, str] | None = None,
) -> float:
    """Percent of the article's words the page shows translated (``table``: ``shown``).

    Counted on the article itself, so a catalog that lags behind its source (a new
    paragraph not yet extracted) counts that paragraph as English.
    """
    if table is None:
        table = shown(po, require_review)
    if all(seg.text in table for seg in segments(article)):
        return 100.0  # every word shown translated, whatever their number
    counts = article.memo.get("words")
    if counts is None:  # each unit's words, counted once per article for all its editions
        counts = article.memo["words"] = [words(seg.text) for seg in segments(article)]
    total = sum(counts)
    done = sum(n for seg, n in zip(segments(article), counts, strict=True) if seg.text in table)
    return 100.0 * done / total if total else 100.0


def decide(
    article: Article, po: polib.POFile, threshold: int, require_review: bool | RoleTable = False
) -> tuple[Progress, str]:
    """Progress of a catalog, and why its page is held back ("" when it is published).

    A critical unit that is not translated and reviewed holds the page back whatever
    the threshold; otherwise the page needs ``threshold`` percent of source words.
    """
    count = progress(po, {seg.text for seg in segments(article)})
    return count, publish_reason(article, po, threshold, require_review)[0]


def publish_reason(
    article: Article,
    po: polib.POFile,
    threshold: int,
    require_review: bool | RoleTable = False,
    table: Mapping[str, str] | None = None,
    assets: Mapping[str, str] | None = None,
) -> tuple[str, Spliced | None]:
    """``decide``'s reason, and the page spliced when the reason came to splicing it
    (``render_page`` takes it for the same ``assets``; ``table``: ``shown``)."""
    held = critical_hold(article, po, require_review)
    if held:
        return held, None
    if table is None:
        table = shown(po, require_review)
    percent = page_percent(article, po, require_review, table)
    if percent + 1e-9 < threshold:
        what = "reviewed" if require_review else "translated"
        return (
            f"{percent:.0f}% of source words {what}, under the publish threshold of {threshold}%",
            None,
        )
    done = spliced(article, po, require_review, assets=assets, table=table)
    return (BROKEN + done[0].problem if done[0].problem else ""), done


BROKEN = "a translation breaks the page's Markdown at "


def broken_reason(
    article: Article,
    po: polib.POFile,
    require_review: bool | RoleTable = False,
    table: Mapping[str, str] | None = None,
) -> str:
    """Why the published text cannot be spliced into the page ("" when it can)."""
    problem = spliced(article, po, require_review, table=table)[0].problem
    return BROKEN + problem if problem else ""


Spliced = tuple[Result, list[str]]


def spliced(
    article: Article,
    po: polib.POFile,
    require_review: bool | RoleTable = False,
    include_fuzzy: bool = False,
    assets: Mapping[str, str] | None = None,
    table: Mapping[str, str] | None = None,
) -> Spliced:
    """The page spliced from the catalog's usable text (``table``: ``shown``;
    ``Result.problem`` says why it cannot be), and the text of each unit that has none
    (shown in the source language). ``render_page`` takes it, so a page checked before
    it is rendered is spliced once."""
    if include_fuzzy:
        table = {e.msgid: e.msgstr for e in po if not e.obsolete and e.msgstr}
    elif table is None:
        table = shown(po, require_review)
    units = segments(article)
    texts = [table.get(seg.text) for seg in units]
    missing = [seg.text for seg, text in zip(units, texts, strict=True) if text is None]
    return splice(article, texts, assets or {}), missing


def render_page(
    article: Article,
    po: polib.POFile,
    locale: str,
    *,
    include_fuzzy: bool = False,
    require_review: bool | RoleTable = False,
    alternates: Sequence[tuple[str, str]] = (),
    assets: Mapping[str, str] | None = None,
    editions: Editions | None = None,
    source_language: str = "en",
    hreflang: Mapping[str, str] | None = None,
    done: Spliced | None = None,
    table: Mapping[str, str] | None = None,
) -> Page:
    """Render one edition; ``alternates`` are (locale, relative href) of other editions;
    ``assets`` maps image targets to the ones this edition shows; ``editions``, when
    given, replaces ``alternates`` with the site's switcher and links (``l10n.site.editions``).
    ``done``: the page as ``spliced`` gave it for these same arguments; ``table``: the
    text the page shows, when the caller knows it (``shown``)."""
    result, missing = done or spliced(article, po, require_review, include_fuzzy, assets, table)
    partial = bool(missing)
    page = result.page
    language = locale.split("_")[0]
    draft = NOTICES.get(language, NOTICES["en"])[1]
    notice = fallback.notice(locale, len(missing), len(segments(article)))
    if result.problem:
        return Page("", "", partial, broken=True, reason=BROKEN + result.problem)
    if hreflang:
        page = copy.copy(page)
        page.tokens = links.mark(page.tokens, hreflang)
    return Page(
        markdown=_markdown(article, result, locale, partial and notice, include_fuzzy and draft),
        html=_html(
            page, locale, partial and notice, include_fuzzy and draft, alternates, editions,
            frozenset(missing), source_language, _medical(article, po, locale),
        ),
        partial=partial,
    )


def _markdown(
    article: Article, result: Result, locale: str, notice: str | bool, draft: str | bool
) -> str:
    """The spliced file with ``lang`` in its front matter and the banners before the body."""
    text = result.text(article, {"lang": bcp47(locale)})
    banners = "".join(f"> {line}\n\n" for line in (draft, notice) if line)
    if not banners:
        return text
    at = len(text) - len(result.body)
    return text[:at] + f"\n{banners}" + text[at:]


def _html(
    page: Article,
    locale: str,
    notice: str | bool,
    draft: str | bool,
    alternates: Sequence[tuple[str, str]],
    editions: Editions | None = None,
    missing: frozenset[str] = frozenset(),
    source_language: str = "en",
    medical_line: str = "",
) -> str:
    esc = html.escape
    title = str(page.meta.get("title") or page.slug)
    description = page.meta.get("description")
    direction = editions_direction(locale)
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
    ]
    if isinstance(description, str):
        head.append(f'<meta name="description" content="{esc(description)}">')
    for other, href in alternates:
        head.append(f'<link rel="alternate" hreflang="{bcp47(other)}" href="{esc(href)}">')
    head += editions.head() if editions else []
    head.append(f"<style>{STYLE}</style>")
    body = []
    if draft:
        body.append(f'<p class="l10n-draft" role="alert">{esc(str(draft))}</p>')
    if alternates:
        links = " · ".join(
            f'<a href="{esc(href)}" hreflang="{bcp47(other)}" lang="{bcp47(other)}">'
            f"{esc(_autonym(other))}</a>"
            for other, href in alternates
        )
        body.append(f'<nav class="l10n-editions">{links}</nav>')
    if editions:
        body.append(editions.nav())
    marks = fallback.attributes(source_language, direction)
    if missing:  # units in the source language say so (``l10n.site.fallback``)
        page = copy.copy(page)
        page.tokens = fallback.mark(page.tokens, missing, marks)
    own, rest = _own_heading(page)
    if not own and title in missing:
        attrs = "".join(f' {k}="{esc(v)}"' for k, v in marks.items())
        own = f"<h1{attrs}>{esc(title)}</h1>"
    body.append(own or f"<h1>{esc(title)}</h1>")
    byline = [esc(str(page.meta["clinic"]))] if page.meta.get("clinic") else []
    when = _date(page.meta.get("date"), locale)
    if when:
        byline.append(f'<time datetime="{when[0]}">{esc(when[1])}</time>')
    if byline:
        body.append(f'<p class="l10n-byline">{" · ".join(byline)}</p>')
    if medical_line:
        body.append(medical_line)
    if notice:
        body.append(f'<p class="l10n-notice" role="note">{esc(str(notice))}</p>')
    body.append(rest.rstrip("\n"))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{bcp47(locale)}" dir="{direction}">\n'
        "<head>\n" + "\n".join(head) + "\n</head>\n"
        "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _medical(article: Article, po: polib.POFile, locale: str) -> str:
    """The edition's medical review line (``l10n.medical``), "" without a review."""
    review = medical.read(article.meta, article.meta_lines, article.path)
    if review is None:
        return ""
    critical = [seg.text for seg in segments(article) if seg.critical]
    return medical.page_html(review, locale, medical.signed_before(review, critical, po))


def _own_heading(page: Article) -> tuple[str, str]:
    """The article's opening level-1 heading as HTML ("" if none), and the rest of the body.

    When a level-1 heading comes after that, every heading of the rest is rendered a
    level lower (h6 stays h6), so the page keeps exactly one ``<h1>``.
    """
    md = parser()
    tokens = page.tokens
    opening = len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    head, rest = (tokens[:3], tokens[3:]) if opening else ([], tokens)
    if any(t.type == "heading_open" and t.tag == "h1" for t in rest):
        rest = [_lower(t) if t.type in ("heading_open", "heading_close") else t for t in rest]
    render = md.renderer.render
    own = str(render(head, md.options, page.env)).rstrip("\n") if head else ""
    return own, str(render(rest, md.options, page.env))


def _lower(tok: Token) -> Token:
    clone = copy.copy(tok)
    clone.tag = f"h{min(int(tok.tag[1]) + 1, 6)}"
    return clone


def _autonym(locale: str) -> str:
    """A language's name in itself, as readers look for it: "Español", "العربية"."""
    from babel import Locale

    name = str(Locale.parse(locale).get_display_name(locale))
    return name[:1].upper() + name[1:]


@functools.lru_cache(maxsize=64)
def _long_format(locale: str) -> tuple[Locale, DateTimePattern]:
    """A locale and its long date pattern, as Babel's ``format_date`` looks them up."""
    from babel import Locale
    from babel.dates import get_date_format

    found = Locale.parse(locale)
    return found, get_date_format("long", locale=found)


def _long_date(value: dt.date, locale: str) -> str:
    """``format_date(value, "long", locale=locale)``, its pattern looked up once per locale."""
    found, pattern = _long_format(locale)
    return str(pattern.apply(value, found))


def _date(value: object, locale: str) -> tuple[str, str] | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        text = value
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            try:
                value = dt.datetime.fromisoformat(text).date()
            except ValueError:
                return None
    if not isinstance(value, dt.date):
        return None
    return value.isoformat(), _long_date(value, locale)
