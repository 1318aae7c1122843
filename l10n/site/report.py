"""``l10n report``: a review dashboard and bilingual review packets as static HTML (pure).

Rules:
- Values in, HTML strings out: ``assess`` turns an article and its catalog into an
  ``Edition`` (progress, why the page is held back, check findings), and ``site`` gives
  every page of the report as {relative path: HTML}. ``Project.report`` writes them.
- The site works from ``file://`` with nothing external: inline CSS, no script, no
  fonts or images. Same input, same bytes: no clock, everything in a fixed order.
- The overview (``index.html``) is a grid of articles x locales: source words by state
  as a stacked bar and as numbers (entries in brackets), and whether the page is
  published, held back (threshold, critical block: ``render.decide``) or fails the
  check (``gate.check_catalog``). Each cell links to its packet.
- A packet (``<locale>/<slug>.html``) shows source and translation side by side, unit
  by unit in document order, each row with its state in words and in colour: reviewed
  (who and when), translated, machine draft (engine), source changed (a word diff of
  the old and new source), meaning change withheld (the guard's notes), untranslated;
  critical units and check findings are shown on their row.
- Catalog text is untrusted: every value is escaped; a translation is shown as its
  Markdown text, never as HTML.
- Accessible and readable on a phone: headings, ``lang`` and ``dir`` on each side,
  state in text as well as colour (contrast WCAG AA), a legend, side by side on wide
  screens and stacked on narrow ones.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import polib

from l10n import notes, wording
from l10n.catalogs import Progress, is_published, language_name
from l10n.config import RoleTable, Settings, bcp47
from l10n.glossary import Glossary
from l10n.markdown import Article, Segment, segments
from l10n.quality import readability
from l10n.quality.gate import Located, check_catalog
from l10n.quality.safety import (
    DRAFT_PREFIX,
    State,
    fingerprint,
    review_of,
    reviews,
    sign_offs,
    state,
)
from l10n.site.render import decide, usable

if TYPE_CHECKING:
    from l10n.analyze import LocaleAnalysis

FOLDER = "report"  # inside the work folder (``work``, default .l10n/), never published

_TOKENS = re.compile(r"\s+|\S+")


def esc(value: object) -> str:
    """Text as HTML text or attribute value."""
    return html.escape(str(value), quote=True)


class RowState(str, Enum):
    """What a reviewer needs to know about one unit."""

    REVIEWED = "reviewed"
    TRANSLATED = "translated"
    DRAFT = "draft"  # fuzzy: a machine draft (or text marked fuzzy)
    CHANGED = "changed"  # fuzzy: the source changed since it was translated
    WITHHELD = "withheld"  # the source's meaning changed: the old translation is not proposed
    STALE = "stale"  # signed off, then its source changed outside l10n update
    MISSING = "missing"


# state -> (badge text, legend description)
ROW_STATES: dict[RowState, tuple[str, str]] = {
    RowState.REVIEWED: ("Reviewed", "translated and signed off by a reviewer; published"),
    RowState.TRANSLATED: (
        "Translated, not reviewed",
        "translated by a person, not signed off yet",
    ),
    RowState.DRAFT: ("Machine draft", "a draft (fuzzy) nobody has accepted; never published"),
    RowState.CHANGED: (
        "Source changed",
        "the English text changed since it was translated; the old translation is a draft",
    ),
    RowState.WITHHELD: (
        "Meaning changed, withheld",
        "the change alters the meaning; the old translation is not proposed",
    ),
    RowState.STALE: (
        "Source changed since review",
        ("signed off, but the English text changed since (outside l10n update): the"
        " translation is older than its text and is never published until signed again"),
    ),
    RowState.MISSING: ("Untranslated", "no translation; the page shows the English text"),
}

# Progress states (words) for the overview bars: (attribute, label, description)
BAR_STATES = (
    ("reviewed", "Reviewed", "translated and signed off"),
    ("translated", "Translated", "translated, not signed off"),
    ("draft", "Draft", "machine drafts and proposals after a source change (fuzzy)"),
    ("missing", "Missing", "untranslated, including withheld meaning changes"),
    ("stale", "Stale", "signed off before its source changed; not published"),
)

STYLE = """
:root{color-scheme:light;--ink:#1a1a1a;--muted:#4d4d4d;--line:#b9b9b9;--link:#0b4fa8;
--reviewed:#1e7b34;--reviewed-bg:#e2f4e6;--translated:#1d5fbf;--translated-bg:#e2ebfa;
--draft:#8a5d00;--draft-bg:#fff2c7;--changed:#b93c0a;--changed-bg:#ffe4d2;
--withheld:#b42318;--withheld-bg:#fbdfe2;--missing:#6b6b6b;--missing-bg:#ededed}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",
"Noto Naskh Arabic",sans-serif;line-height:1.5;color:var(--ink);background:#fff;margin:0 auto;
padding:1rem;max-width:78rem;overflow-wrap:anywhere}
a{color:var(--link)}
a:focus-visible{outline:3px solid var(--link);outline-offset:2px}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .5rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
h3{font-size:1rem;margin:0 0 .25rem}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.9em}
.muted{color:var(--muted)}
.legend{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.35rem 1.25rem}
.legend li{max-width:24rem}
.swatch{display:inline-block;width:1.1rem;height:1.1rem;border:1px solid #444;
vertical-align:-.2rem;margin-inline-end:.4rem}
.swatch.row-swatch{border-inline-start:.35rem solid var(--accent)}
.state-reviewed{--accent:var(--reviewed);--bg:var(--reviewed-bg)}
.state-translated{--accent:var(--translated);--bg:var(--translated-bg)}
.state-draft{--accent:var(--draft);--bg:var(--draft-bg)}
.state-changed{--accent:var(--changed);--bg:var(--changed-bg)}
.state-withheld{--accent:var(--withheld);--bg:var(--withheld-bg)}
.state-missing{--accent:var(--missing);--bg:var(--missing-bg)}
.state-stale{--accent:var(--withheld);--bg:var(--withheld-bg)}
.row-swatch,.row{background:var(--bg)}
.bar-reviewed{background:var(--reviewed)}
.bar-translated{background:var(--translated)}
.bar-draft{background:#b8860b}
.bar-missing{background:#8c8c8c}
.bar-stale{background:var(--withheld)}
.bar{display:flex;height:1rem;border:1px solid #444;background:#fff;margin:.35rem 0}
.bar>span{display:block;min-width:3px}
.bar>span+span{border-inline-start:1px solid #fff}
.grid{border-collapse:collapse;width:100%;table-layout:fixed}
.grid th,.grid td{border:1px solid var(--line);padding:.5rem;vertical-align:top;text-align:start}
.grid thead th{background:#f3f3f3}
.grid th[scope=row]{font-weight:600;width:22%}
.cell{display:block;color:inherit;text-decoration:none;border-radius:.25rem;padding:.15rem}
.cell:hover{background:#f5f8fd}
.cell .open{color:var(--link);text-decoration:underline;display:block;margin-top:.25rem}
.cell-locale{display:none;font-weight:600}
.counts{list-style:none;margin:.25rem 0;padding:0;font-size:.92rem}
.counts b{font-variant-numeric:tabular-nums}
.status{display:block;margin-top:.35rem;padding:.2rem .4rem;border-inline-start:.3rem solid}
.legend .status{display:inline-block;margin:0 .3rem 0 0}
.status-published{border-color:var(--reviewed);background:var(--reviewed-bg)}
.status-held{border-color:var(--withheld);background:var(--withheld-bg)}
.status-failing{border-color:var(--changed);background:var(--changed-bg)}
.none{color:var(--muted);font-style:italic}
.summary{border:1px solid var(--line);padding:.5rem .75rem;max-width:48rem}
.row{border:1px solid var(--line);border-inline-start:.6rem solid var(--accent);
padding:.6rem .75rem;margin:0 0 .9rem;border-radius:.2rem}
.badge{display:inline-block;font-weight:700;border:1px solid var(--accent);background:#fff;
padding:0 .4rem;border-radius:.2rem;margin-inline-end:.35rem}
.critical{font-weight:600;margin:.25rem 0}
.critical strong{background:#fff;border:2px solid var(--withheld);padding:0 .35rem;
border-radius:.2rem}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.6rem;margin:.4rem 0}
.side{background:#fff;border:1px solid var(--line);padding:.4rem .6rem;min-width:0}
.side-label{font-size:.8rem;font-weight:600;color:var(--muted);margin:0 0 .2rem;
text-transform:uppercase;letter-spacing:.03em}
.text{white-space:pre-wrap;margin:0}
.meta{margin:.2rem 0}
.notes{margin:.3rem 0;padding:.3rem .6rem;background:#fff;border:1px dashed var(--line)}
.notes p{margin:.15rem 0}
.diff{white-space:pre-wrap;margin:.15rem 0}
del{background:#fbdfe2;color:#7d0f0f;text-decoration:line-through}
ins{background:#d9f2df;color:#0d5521;text-decoration:underline}
del+ins{margin-inline-start:.25em}
time{white-space:nowrap}
.findings{margin:.35rem 0 0;padding-inline-start:1.2rem}
.finding-error{color:#8f1414;font-weight:600}
.finding-warning{color:#6b4a00}
@media (max-width:48rem){
.grid thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
.grid,.grid tbody,.grid tr,.grid th,.grid td{display:block;width:100%}
.grid tr{margin-bottom:1rem;border-top:2px solid #444}
.grid th[scope=row]{width:100%;background:#f3f3f3}
.cell-locale{display:block}
.pair{grid-template-columns:1fr}
}
@media print{.row{break-inside:avoid}}
"""


@dataclass(frozen=True)
class Edition:
    """One article x locale as a reviewer sees it."""

    slug: str
    locale: str
    article: Article
    po: polib.POFile  # the template when there is no catalog yet
    catalog: str  # path of the .po, relative to the project
    exists: bool
    progress: Progress
    held: str  # why the page is not published ("" when it is)
    findings: tuple[Located, ...]
    require_review: bool | RoleTable = False
    source_locale: str = "en"

    @property
    def title(self) -> str:
        return str(self.article.meta.get("title") or self.slug)

    @property
    def href(self) -> str:
        return f"{self.locale}/{self.slug}.html"

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def status(self) -> str:
        """published, held (render does not write the page) or failing (check errors)."""
        if self.held:
            return "held"
        return "failing" if self.errors else "published"


def assess(
    article: Article,
    slug: str,
    locale: str,
    po: polib.POFile | None,
    catalog: str,
    settings: Settings,
    glossary: Glossary | None,
) -> Edition:
    """Progress, publish decision and check findings of one article x locale."""
    from l10n.extract import template

    exists = po is not None
    if po is None:
        po = template(article, slug, "")
    count, reason = decide(article, po, settings.threshold, settings.require_review)
    findings: tuple[Located, ...] = ()
    if exists:
        findings = tuple(
            check_catalog(po, catalog, locale, glossary, article, settings.source_language)
        )
    else:
        reason = "no catalog yet: run 'l10n update'"
    return Edition(
        slug, locale, article, po, catalog, exists, count, reason, findings,
        settings.require_review, settings.source_language,
    )


# --- rows --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One unit of the article and its catalog entry."""

    number: int
    segment: Segment
    entry: polib.POEntry | None
    state: RowState
    findings: tuple[Located, ...]


def row_state(entry: polib.POEntry | None) -> RowState:
    """The reviewer's view of an entry's state."""
    if entry is None or not entry.msgstr:
        if entry is not None and _comments(entry, ("meaning changed:",)):
            return RowState.WITHHELD
        return RowState.MISSING
    if "fuzzy" in entry.flags or not is_published(entry):  # pseudo text, carried across
        return RowState.CHANGED if entry.previous_msgid else RowState.DRAFT
    if review_of(entry):
        return RowState.REVIEWED
    return RowState.STALE if state(entry) is State.STALE else RowState.TRANSLATED


def rows(edition: Edition) -> list[Row]:
    """Every unit in document order, with its entry, state and findings."""
    entries: dict[str, polib.POEntry] = {}
    for e in edition.po:
        if not e.obsolete and (e.msgid not in entries or not e.msgctxt):
            entries[e.msgid] = e
    by_line: dict[int, list[Located]] = {}
    for f in edition.findings:
        by_line.setdefault(f.line, []).append(f)
    out = []
    for number, seg in enumerate(segments(edition.article), 1):
        entry = entries.get(seg.text)
        line = entry.linenum if entry is not None else None
        found = tuple(by_line.get(line, ())) if isinstance(line, int) and line > 1 else ()
        out.append(Row(number, seg, entry, row_state(entry), found))
    return out


def _comments(entry: polib.POEntry, prefixes: tuple[str, ...]) -> list[str]:
    """Whole notes (``key: text``, however many lines each takes) with these prefixes."""
    keys = tuple(p.rstrip(":") for p in prefixes)
    return [f"{b.key}: {b.text}" for b in notes.parse(entry.tcomment) if b.key in keys]


def word_diff(old: str, new: str) -> str:
    """HTML of a word-level diff: removed words in <del>, added words in <ins>, escaped."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(esc("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{esc(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{esc(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


# --- pages -------------------------------------------------------------------------


def _document(title: str, body: Iterable[str]) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE.strip()}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _locale_label(locale: str) -> str:
    return f"{language_name(locale)} ({bcp47(locale)})"


def _direction(locale: str) -> str:
    from babel import Locale

    return str(Locale.parse(locale).text_direction)


def _bar(count: Progress) -> str:
    parts = []
    for key, label, _ in BAR_STATES:
        n = getattr(count, f"{key}_words")
        if n:
            parts.append(
                f'<span class="bar-{key}" style="flex:{n} 0 0"'
                f' title="{esc(label)}: {wording.count(n, "word")}"></span>'
            )
    words = ", ".join(
        f"{getattr(count, f'{key}_words')} {label.lower()}" for key, label, _ in BAR_STATES
    )
    label = esc(f"Source words: {words}")
    return f'<span class="bar" role="img" aria-label="{label}">{"".join(parts)}</span>'


def _counts(count: Progress) -> str:
    items = []
    for key, label, _ in BAR_STATES:
        words, entries = getattr(count, f"{key}_words"), getattr(count, key)
        unit = "entry" if entries == 1 else "entries"
        items.append(
            f'<li class="count-{key}"><span class="swatch bar-{key}" aria-hidden="true"></span>'
            f"{label} <b>{words}</b> {'word' if words == 1 else 'words'} ({entries} {unit})</li>"
        )
    return f'<ul class="counts">{"".join(items)}</ul>'


def _percent(edition: Edition) -> str:
    what = "reviewed" if edition.require_review else "translated"
    return f"{edition.progress.percent(bool(edition.require_review)):.0f}% of source words {what}"


def _status(edition: Edition) -> str:
    """The publish decision in words (several lines when several things hold it)."""
    lines = []
    if edition.held:
        lines.append(
            '<span class="status status-held"><strong>Held back:</strong>'
            f" {esc(edition.held)}</span>"
        )
    elif edition.errors:
        lines.append(
            '<span class="status status-failing"><strong>Check fails:</strong> '
            f"{edition.errors} translation error{'s' if edition.errors != 1 else ''}"
            " (the page is rendered, but <code>l10n check</code> fails)</span>"
        )
    else:
        lines.append(
            '<span class="status status-published"><strong>Published</strong></span>'
        )
    if edition.held and edition.errors:
        lines.append(
            '<span class="status status-failing"><strong>Check fails:</strong> '
            f"{edition.errors} translation error{'s' if edition.errors != 1 else ''}</span>"
        )
    return "".join(lines)


def overview(
    editions: Sequence[Edition],
    locales: Sequence[str],
    threshold: int,
    analysis: Sequence[LocaleAnalysis] = (),
    today: str = "",
) -> str:
    """The dashboard: a grid of articles x locales, and the word analysis (l10n analyze)."""
    articles: dict[str, Edition] = {}
    cells: dict[tuple[str, str], Edition] = {}
    for e in editions:
        articles.setdefault(e.slug, e)
        cells[e.slug, e.locale] = e
    review = any(e.require_review for e in editions)
    rule = "reviewed (signed off)" if review else "translated (not fuzzy)"
    head = "".join(f'<th scope="col">{esc(_locale_label(code))}</th>' for code in locales)
    body = []
    for slug, first in articles.items():
        tds = []
        for code in locales:
            name = f'<span class="cell-locale">{esc(_locale_label(code))}</span>'
            cell = cells.get((slug, code))
            if cell is None:
                none = '<span class="none">Not translated into this language</span>'
                tds.append(f"<td>{name}{none}</td>")
                continue
            label = esc(f"Open review packet, {_locale_label(code)}: {_percent(cell)}")
            tds.append(
                f'<td data-locale="{esc(code)}" data-status="{cell.status}">'
                f'<a class="cell" href="{esc(cell.href)}">{name}{_bar(cell.progress)}'
                f'<span class="percent">{esc(_percent(cell))}</span>{_counts(cell.progress)}'
                f'{_status(cell)}<span class="open" aria-label="{label}">Open review packet'
                "</span></a></td>"
            )
        title = f'{esc(first.title)}<br><code class="muted">{esc(slug)}</code>'
        medical = medical_line(first, today)
        if medical:
            title += f'<br><span class="muted">{medical}</span>'
        body.append(f'<tr data-slug="{esc(slug)}"><th scope="row">{title}</th>{"".join(tds)}</tr>')
    legend = "".join(
        f'<li><span class="swatch bar-{key}" aria-hidden="true"></span>'
        f"<strong>{label}</strong>: {esc(text)}</li>"
        for key, label, text in BAR_STATES
    )
    statuses = "".join(
        f'<li><span class="status status-{key}"><strong>{label}</strong></span>{text}</li>'
        for key, label, text in (
            ("published", "Published", "the page is written to the site"),
            ("held", "Held back", "the page is not written, and why"),
            ("failing", "Check fails", "translation errors to fix before release"),
        )
    )
    intro = (
        f"{_plural(len(articles), 'article')} in {_plural(len(locales), 'language')}."
        " Numbers are <strong>source words</strong>, with entries (units of the catalog) in"
        f" brackets. A page is published when at least {threshold}% of its source words are"
        f" {rule} and every critical unit is translated and reviewed."
    )
    return _document(
        "Translation review",
        [
            "<header>",
            "<h1>Translation review</h1>",
            f'<p class="muted">{intro}</p>',
            "</header>",
            "<main>",
            '<h2 id="legend">Legend</h2>',
            f'<ul class="legend">{legend}</ul>',
            f'<ul class="legend">{statuses}</ul>',
            '<h2 id="grid">Articles by language</h2>',
            (
                '<p class="muted">Select a cell to open its review packet: source and'
                " translation side by side.</p>"
            ),
            '<table class="grid">',
            f'<thead><tr><th scope="col">Article</th>{head}</tr></thead>',
            "<tbody>",
            *body,
            "</tbody></table>",
            *_analysis(analysis),
            "</main>",
        ],
    )


def _analysis(results: Sequence[LocaleAnalysis]) -> list[str]:
    """The word analysis of what remains to translate, as ``l10n analyze`` prints it."""
    from l10n.analyze import summary_rows

    if not results:
        return []
    out = [
        '<h2 id="analysis">Work remaining (word analysis)</h2>',
        (
            '<p class="muted">What an XLIFF hand-off holds (missing, draft, or changed since'
            " review), in memory-match bands, as <code>l10n analyze</code> counts it.</p>"
        ),
    ]
    for r in results:
        currency = f" ({r.rates.currency})" if r.rates and r.rates.currency else ""
        head = "".join(
            f'<th scope="col">{esc(h)}</th>'
            for h in ("Band", "Segments", "Words", "Weighted words", f"Cost{currency}")
        )
        body = "".join(
            "<tr>" + f'<th scope="row">{esc(row[0])}</th>'
            + "".join(f"<td>{esc(v)}</td>" for v in row[1:]) + "</tr>"
            for row in summary_rows(r)
        )
        out.append(
            f'<table class="analysis" data-locale="{esc(r.locale)}"><caption>'
            f"{esc(_locale_label(r.locale))}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )
    return out


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def packet(edition: Edition, today: str = "") -> str:
    """One article x locale: source and translation side by side, unit by unit."""
    locale = edition.locale
    name = language_name(locale)
    all_rows = rows(edition)
    tally = {state: 0 for state in RowState}
    for r in all_rows:
        tally[r.state] += 1
    legend = "".join(
        f'<li><span class="swatch row-swatch state-{state.value}" aria-hidden="true"></span>'
        f"<strong>{esc(badge)}</strong>: {esc(text)} ({tally[state]})</li>"
        for state, (badge, text) in ROW_STATES.items()
    )
    entry_lines = {r.entry.linenum for r in all_rows if r.entry is not None}
    general = [f for f in edition.findings if f.line not in entry_lines]
    seen = {seg.text for seg in segments(edition.article)}
    orphans = [e for e in edition.po if not e.obsolete and e.msgid not in seen]
    where = (
        f"{esc(_locale_label(locale))} &middot; catalog <code>{esc(edition.catalog)}</code>"
        f" &middot; source <code>{esc(edition.article.path)}</code>"
    )
    check = (
        f"Check: {_plural(edition.errors, 'error')}, {_plural(edition.warnings, 'warning')}."
    )
    how = (
        "Each row is one unit of the article (in brackets: how many rows). The"
        f" {esc(language_name(edition.source_locale))} source is on the left, the {esc(name)}"
        " translation on the right (below it on a narrow screen), as written in the catalog"
        " (Markdown). Removed words are <del>struck through</del>, added words"
        " <ins>underlined</ins>."
    )
    command = (
        f"l10n review -l {esc(locale)} --by NAME --as linguist|clinician"
        f" --article {esc(edition.slug)}"
    )
    body = [
        "<header>",
        '<p><a href="../index.html">All articles and languages</a></p>',
        f"<h1>Review packet: {esc(edition.title)}</h1>",
        f'<p class="muted">{where}</p>',
        "</header>",
        "<main>",
        '<section class="summary" aria-labelledby="summary">',
        '<h2 id="summary">Summary</h2>',
        f"<p>{_status(edition)}</p>",
        *([f"<p>{medical_line(edition, today)}</p>"] if medical_line(edition, today) else []),
        f"<p>Reading ease of the page: {_page_reading(edition)}.</p>",
        f'<p><span class="percent">{esc(_percent(edition))}</span>. {check}</p>',
        _bar(edition.progress),
        _counts(edition.progress),
        "</section>",
        '<h2 id="legend">Legend</h2>',
        f"<p>{how}</p>",
        f'<ul class="legend">{legend}</ul>',
    ]
    if not edition.exists:
        body.append("<p><strong>No catalog yet:</strong> run <code>l10n update</code>.</p>")
    if general:
        body += [
            '<h2 id="catalog-findings">Findings for the whole catalog</h2>',
            _findings(general),
        ]
    body += [
        f'<h2 id="units">Units in document order ({len(all_rows)})</h2>',
        *(_row(r, edition) for r in all_rows),
    ]
    if orphans:
        lang = esc(bcp47(edition.source_locale))
        items = "".join(f'<li lang="{lang}">{esc(e.msgid)}</li>' for e in orphans)
        body += [
            '<h2 id="stale">In the catalog but not in the source</h2>',
            "<p>The catalog is out of date: run <code>l10n update</code>.</p>",
            f"<ul>{items}</ul>",
        ]
    body += [
        '<h2 id="sign-off">Sign-off</h2>',
        (
            "<p>When every row reads right, the reviewer signs off the translated entries:"
            f" <code>{command}</code>. The sign-off covers source and translation; any later"
            " edit voids it.</p>"
        ),
        "</main>",
    ]
    return _document(f"Review: {edition.title} ({bcp47(locale)})", body)


def _reading(source: str, target: str, edition: Edition) -> str:
    """Source and translation's reading ease side by side (higher is easier)."""
    src = readability.describe(readability.score(source, edition.source_locale))
    tgt = readability.describe(readability.score(target, edition.locale))
    return f"source {esc(src)} · translation {esc(tgt)} (higher is easier)"


def _page_reading(edition: Edition) -> str:
    """The whole page's reading ease, source and translation as the page shows it."""
    entries = {e.msgid: e for e in edition.po if not e.obsolete}
    units = segments(edition.article)
    source = " ".join(seg.text for seg in units)
    shown = []
    for seg in units:
        entry = entries.get(seg.text)
        usable_text = entry is not None and entry.msgstr and usable(entry, edition.require_review)
        shown.append(entry.msgstr if usable_text and entry is not None else seg.text)
    return _reading(source, " ".join(shown), edition)


def _row(row: Row, edition: Edition) -> str:
    seg, entry, state = row.segment, row.entry, row.state
    rid = f"u{row.number}"
    shows = "would show" if edition.held else "shows"
    if entry is not None and usable(entry, edition.require_review):
        page = f"the page {shows} this translation"
    else:
        page = f"the page {shows} the English source"
    if state is RowState.REVIEWED and entry is not None:
        signed = [
            f"by {esc(r.who)} ({esc(r.role or 'role not recorded')}) on {_time(r.when)}"
            for r in reviews(entry)
        ]
        detail = f"{'; '.join(signed)}; {page}."
    elif state is RowState.STALE:
        detail = f"the translation is older than its source; {page}."
    elif state is RowState.TRANSLATED:
        detail = f"not signed off; {page}."
        if edition.require_review:
            detail += " Only reviewed text is published."
    elif state is RowState.DRAFT:
        made = [c.removeprefix(DRAFT_PREFIX).strip() for c in _comments(entry, (DRAFT_PREFIX,))]
        how = f"({esc(made[0])})" if made else "(fuzzy)"
        detail = f"{how}, not reviewed; never published: {page}."
    elif state is RowState.CHANGED:
        detail = f"the old translation is proposed as a draft; {page}."
    elif state is RowState.WITHHELD:
        detail = f"the old translation is not proposed; {page}."
    else:
        detail = f"{page}."
    where = f"{esc(edition.article.path)}:{seg.line}"
    parts = [
        (
            f'<section class="row state-{state.value}" id="{rid}" data-state="{state.value}"'
            f' aria-labelledby="{rid}-h">'
        ),
        (
            f'<h3 id="{rid}-h">{row.number}. {esc(seg.kind.capitalize())}'
            f' <span class="muted">&middot; {where}</span></h3>'
        ),
        f'<p class="meta"><span class="badge">{esc(ROW_STATES[state][0])}</span>{detail}</p>',
    ]
    if entry is not None and state is not RowState.REVIEWED:
        for review, valid in sign_offs(entry):
            if not valid:
                parts.append(
                    f'<p class="meta">Signed off by {esc(review.who)} on'
                    f' {_time(review.when)}, but the text has changed since: that sign-off is'
                    " void.</p>"
                )
    if seg.critical:
        held = "" if state is RowState.REVIEWED else (
            " The page is held back until it is translated and reviewed."
        )
        parts.append(
            f'<p class="critical"><strong>Critical</strong> {esc(seg.critical)}.{held}</p>'
        )
    if entry is None:
        parts.append('<p class="meta">Not in the catalog: run <code>l10n update</code>.</p>')
    if entry is not None and entry.msgstr and readability.words(seg.text) >= readability.MIN_WORDS:
        parts.append(f'<p class="meta">Reading ease: {_reading(seg.text, entry.msgstr, edition)}</p>')
    if entry is not None and entry.msgstr:
        target = f'<p class="text">{esc(entry.msgstr)}</p>'
    else:
        target = '<p class="text none" lang="en">(no translation)</p>'
    source_name = esc(language_name(edition.source_locale))
    parts += [
        '<div class="pair">',
        (
            f'<div class="side source" lang="{esc(bcp47(edition.source_locale))}"'
            f' dir="{_direction(edition.source_locale)}">'
            f'<p class="side-label" lang="en" dir="ltr">{source_name} source</p>'
            f'<p class="text">{esc(seg.text)}</p></div>'
        ),
        (
            f'<div class="side target" lang="{esc(bcp47(edition.locale))}"'
            f' dir="{_direction(edition.locale)}">'
            f'<p class="side-label" lang="en" dir="ltr">{esc(language_name(edition.locale))}'
            f" translation</p>{target}</div>"
        ),
        "</div>",
    ]
    if entry is not None:
        parts.append(_notes(entry, edition))
    if row.findings:
        parts.append(_findings(row.findings))
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _time(day: str) -> str:
    return f'<time datetime="{esc(day)}">{esc(day)}</time>'


def _notes(entry: polib.POEntry, edition: Edition) -> str:
    """What changed in the source, the guard's notes and the translator's other notes."""
    source_lang = bcp47(edition.source_locale)
    target_lang = bcp47(edition.locale)
    out = []
    previous = entry.previous_msgid
    if not previous:
        old = _comments(entry, ("previous source:",))
        previous = old[0].removeprefix("previous source:").strip() if old else ""
    if previous and row_state(entry) in (RowState.CHANGED, RowState.WITHHELD):
        out.append(
            '<p><strong>What changed in the English source</strong> (word by word):</p>'
            f'<p class="diff" lang="{esc(source_lang)}">{word_diff(previous, entry.msgid)}</p>'
        )
    for line in _comments(entry, ("meaning changed:",)):
        why = line.removeprefix("meaning changed:").strip()
        out.append(f"<p><strong>Meaning changed:</strong> {esc(why)}</p>")
    for line in _comments(entry, ("previous translation:",)):
        text = line.removeprefix("previous translation:").strip()
        out.append(
            "<p><strong>Previous translation</strong> (of the old source, not proposed):"
            f' <span lang="{esc(target_lang)}" dir="{_direction(edition.locale)}">'
            f"{esc(text)}</span></p>"
        )
    blocks = notes.parse(entry.tcomment)
    current = fingerprint(entry)
    for w in notes.waivers(blocks):
        valid = w.pair == current
        out.append(
            f"<p><strong>{'Waived' if valid else 'Waiver void (text edited since)'}:"
            f"</strong> [{esc(w.check)}] by {esc(w.who)} ({esc(w.role or 'role not recorded')})"
            f" on {_time(w.when)}: {esc(w.reason)}</p>"
        )
    others = [f"{b.key}: {b.text}" if b.key else b.text for b in blocks
              if b.key in (None, notes.GLOSSARY) and b.text]
    for line in others:
        out.append(f"<p><strong>Translator note:</strong> {esc(line)}</p>")
    if not out:
        return ""
    return '<div class="notes">' + "".join(out) + "</div>"


def _findings(findings: Iterable[Located]) -> str:
    items = "".join(
        f'<li class="finding-{esc(f.severity)}"><strong>{esc(f.severity.capitalize())}</strong>'
        f" [{esc(f.check)}] {esc(f.message)}"
        f' <span class="muted">({esc(f.path)}:{f.line})</span></li>'
        for f in findings
    )
    return f'<ul class="findings" aria-label="Check findings">{items}</ul>'


def site(
    editions: Sequence[Edition],
    locales: Sequence[str],
    threshold: int,
    analysis: Sequence[LocaleAnalysis] = (),
    today: str = "",
) -> dict[str, str]:
    """Every page of the report: {path relative to the report folder: HTML}; ``today``
    is the date medical reviews are due against (the report is not published)."""
    pages = {"index.html": overview(editions, locales, threshold, analysis, today)}
    for e in editions:
        pages[e.href] = packet(e, today)
    return pages


def medical_line(edition: Edition, today: str) -> str:
    """The article's medical review in words, "review overdue" when it is ("" if none)."""
    from l10n.medical import read

    review = read(edition.article.meta, edition.article.meta_lines, edition.article.path)
    if review is None:
        return ""
    text = f"Medically reviewed by {esc(review.by)} on {review.date}"
    text += f"; next review due {review.next}" if review.next else ""
    if today and review.overdue(today):
        text += '. <strong class="overdue">Review overdue</strong>'
    return text + "."
