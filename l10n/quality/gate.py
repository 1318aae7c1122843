"""``l10n check``: findings per catalog and the report formats CI reads (pure).

Rules:
- Every finding points at ``path:line`` in a catalog (the entry's first line; the
  header is line 1) or at the stale file, and has a check id and a severity.
- A check that cannot judge the catalog's locale says so in one notice (severity
  ``notice``), which is neither an error nor a warning, and never a pass.
- A finding a reviewer waived (``safety.WAIVABLE``, bound to the entry's text) has
  severity "waived": shown, never counted as an error.
- A translation signed off before its source changed (outside ``l10n update``) is
  named (``sign-off``, a warning); it is not published, which completeness counts.
- Reviewed entries are checked with full severity. Fuzzy entries are drafts that are
  never published, so their findings are warnings, marked "draft".
- A translation carried across a source change that changes meaning (its ``#| msgid``
  says so, see ``safety.accepted_across``) is a ``meaning-change`` error; pseudo text
  that is not fuzzy is a ``pseudo`` error. Foreign entries (not in the template) are
  not checked: one ``foreign`` warning says how many there are.
- An entry's findings depend on its content, the catalog's locale and links and the
  glossary alone: those of recent entries (at most ``ENTRY_CACHE_SIZE``) are reused
  when the same entry recurs (the same sentence in many articles).
- Per document: the page rendered from reviewed text has the same number of
  headings, list items, table cells, links and images as the source.
- Exit status, most serious first: quality errors (5), a page that is not
  publishable (4: completeness under the minimum, a critical block not translated
  and reviewed, or a translation that breaks the page's Markdown), stale files (3).
"""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

import polib
from markdown_it.token import Token

from l10n.catalogs import Progress, is_published
from l10n.errors import ExitStatus
from l10n.glossary import Glossary
from l10n.markdown import Article, parser, sanitize, segments
from l10n.medical import MedicalReview
from l10n.quality.checks import (
    Finding,
    catalog_notices,
    check_entry,
    check_header,
    check_plural_entries,
)
from l10n.quality.publishable import is_foreign, is_pseudo
from l10n.quality.safety import State, accepted_across, source_changed, state, valid_waivers
from l10n.site.links import unmap
from l10n.wording import count

ORPHAN = "its article is gone"  # a stale file nobody can rebuild: a template or catalog
STRUCTURE = {
    "heading_open": "headings",
    "list_item_open": "list items",
    "th_open": "table cells",
    "td_open": "table cells",
    "link_open": "links",
    "image": "images",
}
PSEUDO = (
    "pseudo-localized text is never published: translate it and delete the"
    " '# machine draft: pseudo' comment"
)
FOREIGN = (
    "{} not in the template (foreign): not counted, checked or published;"
    " 'l10n update' makes them obsolete"
)


@dataclass(frozen=True)
class Located:
    """A finding at a place in a file."""

    path: str
    line: int
    check: str
    severity: str
    message: str


@dataclass
class CatalogReport:
    """One article x locale: its progress and what the checks found."""

    article: str
    locale: str
    path: str
    progress: Progress
    minimum: float
    findings: list[Located] = field(default_factory=list)
    held: str = ""  # a critical block that is not translated and reviewed
    reviewed_only: bool = False
    overdue: Located | None = None  # a medical review overdue, with review_overdue = "error"
    broken: str = ""  # a translation that breaks the page's Markdown (unit and why)
    # the article's medical review and the file that records it, as its front matter says
    review: tuple[str, MedicalReview] | None = None

    @property
    def percent(self) -> float:
        return self.progress.percent(self.reviewed_only)

    @property
    def complete(self) -> bool:
        return (
            not self.held and not self.broken and self.overdue is None
            and self.percent + 1e-9 >= self.minimum
        )

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def waived(self) -> int:
        return sum(f.severity == "waived" for f in self.findings)


def check_catalog(
    po: polib.POFile,
    path: str,
    locale: str,
    glossary: Glossary | None,
    article: Article | None,
    source_locale: str = "en",
    links: Mapping[str, str] | None = None,
) -> list[Located]:
    """Header, entry and document findings for one catalog; ``links`` is the locale's
    map of outside targets, whose equivalents a translation may use."""
    found = [
        Located(path, 1, f.check, f.severity, f.message)
        for f in check_header(po.metadata, locale)
    ]
    plural = [e for e in po if e.msgid_plural and not e.obsolete]
    counts = [(e.linenum or 1, len(e.msgstr_plural)) for e in plural]
    drafts = {e.linenum or 1 for e in plural if "fuzzy" in e.flags}
    for line, f in check_plural_entries(po.metadata, counts):
        if line in drafts:  # msgfmt skips fuzzy entries too
            found.append(Located(path, line, f.check, "warning", f"draft: {f.message}"))
        else:
            found.append(Located(path, line, f.check, f.severity, f.message))
    known = None if article is None else {seg.text for seg in segments(article)}
    foreign = 0
    translated = False
    context = (locale, source_locale, tuple(sorted(links.items())) if links else ())
    if glossary is not _entries_glossary[0]:
        if glossary != _entries_glossary[0]:  # another glossary: other findings
            _entries_cache.clear()
        _entries_glossary[0] = glossary
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        if is_foreign(entry, known):
            foreign += 1
            continue
        translated = True
        line = entry.linenum or 1
        plural = entry.msgstr_plural
        key = (  # every field an entry's findings depend on, and the catalog's context
            entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
            tuple(sorted(plural.items())) if plural else (), tuple(entry.flags),
            entry.tcomment, entry.previous_msgid, context,
        )
        findings = _entries_cache.get(key)
        if findings is None:
            findings = _entry_findings(entry, locale, glossary, source_locale, links)
            _entries_cache[key] = findings
            if len(_entries_cache) > ENTRY_CACHE_SIZE:
                _entries_cache.popitem(last=False)
        else:
            _entries_cache.move_to_end(key)
        found += [Located(path, line, *f) for f in findings]
    if translated:
        found += [
            Located(path, 1, f.check, f.severity, f.message)
            for f in catalog_notices(locale, source_locale)
        ]
    if foreign:
        found.append(
            Located(path, 1, "foreign", "warning", FOREIGN.format(count(foreign, "entry", "entries")))
        )
    if article is not None:
        found += [Located(path, 1, "structure", "error", m) for m in document_findings(article, po, links)]
    return found


ENTRY_CACHE_SIZE = 4096  # entries; about 4 MB
# findings of recent entries (by content and catalog context), for one glossary: the same
# entry recurs across articles, and its findings depend on nothing else
_entries_cache: OrderedDict[tuple[object, ...], tuple[tuple[str, str, str], ...]] = OrderedDict()
_entries_glossary: list[Glossary | None] = [None]


def _entry_findings(
    entry: polib.POEntry,
    locale: str,
    glossary: Glossary | None,
    source_locale: str,
    links: Mapping[str, str] | None,
) -> tuple[tuple[str, str, str], ...]:
    """(check, severity, message) of each finding of one translated entry."""
    out = []
    draft = "fuzzy" in entry.flags
    waived = {} if draft else {w.check: w for w in valid_waivers(entry)}
    text = unmap(entry.msgid, entry.msgstr, links or {})
    findings = check_entry(entry.msgid, text, locale, glossary, source_locale=source_locale)
    if not draft and is_pseudo(entry):
        findings.insert(0, Finding("pseudo", "error", PSEUDO))
    across = accepted_across(entry, glossary) if entry.previous_msgid else None
    if across:
        findings.insert(0, Finding("meaning-change", "error", across))
    for f in findings:
        w = waived.get(f.check)
        if w is not None:
            why = f"waived by {w.who} ({w.role or 'no role'}) on {w.when}: {w.reason}"
            out.append((f.check, "waived", f"{f.message} [{why}]"))
            continue
        severity = "warning" if draft else f.severity
        message = f"draft: {f.message}" if draft else f.message
        out.append((f.check, severity, message))
    stale = None if draft else source_changed(entry)
    if stale is not None and state(entry) is State.STALE:
        message = (
            f"the source changed since {stale.who} signed this translation on"
            f" {stale.when} (outside l10n update): not published until reviewed again"
        )
        out.append(("sign-off", "warning", message))
    return tuple(out)


def document_findings(
    article: Article, po: polib.POFile, links: Mapping[str, str] | None = None
) -> list[str]:
    """Differences in structure between the source and the page rendered from ``po``.

    Rendering replaces inline content only, so headings, list items and table cells
    are the source's by construction; links and images are counted in each unit as
    rendering leaves it (a translation's link to a target the source unit does not
    have is dropped). Without ``<``, ``](``, ``][`` (or, when the article defines link
references, ``[``) a text can hold no link or image.
    """
    table = {e.msgid: unmap(e.msgid, e.msgstr, links or {}) for e in po if is_published(e)}
    if not table:  # nothing published: the page is the source
        return []
    before, after = _structure(article.tokens), Counter[str]()
    for tok in article.tokens:
        if tok.type != "inline":
            for name in _names(tok):
                after[name] += 1
    units = {seg.text for seg in segments(article)}
    refs = bool(article.env.get("references"))
    for tok in article.tokens:
        if tok.type != "inline":
            continue
        text = table.get(tok.content) if tok.content in units else None
        if text is None:
            after.update(name for child in tok.children or [] for name in _names(child))
        elif "<" in text or "](" in text or "][" in text or (refs and "[" in text):
            children = parser().parseInline(text, dict(article.env))[0].children or []
            kept = sanitize(children, tok.children or [])
            after.update(name for child in kept for name in _names(child))
    return [
        f"the page has {after[name]} {name} where the source has {before[name]}"
        for name in sorted(set(STRUCTURE.values()))
        if before[name] != after[name]
    ]


def _names(tok: Token) -> list[str]:
    name = STRUCTURE.get(tok.type)
    return [name] if name else []


def _structure(tokens: list[Token]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for tok in tokens:
        for t in [tok, *(tok.children or [])]:
            name = STRUCTURE.get(t.type)
            if name:
                counts[name] += 1
    return counts


def exit_status(reports: Sequence[CatalogReport], stale: Sequence[tuple[str, str]]) -> ExitStatus:
    """The one exit status for a check run."""
    if any(r.errors for r in reports):
        return ExitStatus.QUALITY
    if any(not r.complete for r in reports):
        return ExitStatus.INCOMPLETE
    if stale:
        return ExitStatus.STALE
    return ExitStatus.OK


def _all_findings(reports: Sequence[CatalogReport], stale: Sequence[tuple[str, str]]) -> list[Located]:
    out = [
        Located(p, 1, "orphan", "error", what)
        if what.startswith(ORPHAN)
        else Located(p, 1, "stale", "error", f"{what}: run 'l10n build'")
        for p, what in stale
    ]
    for r in reports:
        if r.held:
            out.append(Located(r.path, 1, "critical", "error", f"page held back: {r.held}"))
        if r.overdue is not None:
            out.append(r.overdue)
        if r.broken:
            out.append(Located(r.path, 1, "markdown", "error", f"page held back: {r.broken}"))
        if r.percent + 1e-9 < r.minimum:
            what = "reviewed" if r.reviewed_only else "translated"
            out.append(
                Located(
                    r.path, 1, "completeness", "error",
                    f"{r.percent:.0f}% of source words {what}, under the minimum of {r.minimum:.0f}%",
                )
            )
        out += r.findings
    return out


def as_text_lines(reports: Sequence[CatalogReport], stale: Sequence[tuple[str, str]]) -> list[str]:
    """One ``path:line: severity [check] message`` line per finding."""
    return [
        f"{f.path}:{f.line}: {f.severity} [{f.check}] {f.message}"
        for f in _all_findings(reports, stale)
    ]


def as_json(reports: Sequence[CatalogReport], stale: Sequence[tuple[str, str]]) -> str:
    data = {
        "exit_status": int(exit_status(reports, stale)),
        "stale": [{"path": p, "what": what} for p, what in stale],
        "catalogs": [
            {
                "article": r.article,
                "locale": r.locale,
                "path": r.path,
                "percent": round(r.percent, 1),
                "held_back": r.held or r.broken,
                "complete": r.complete,
                "errors": r.errors,
                "warnings": r.warnings,
                "waived": r.waived,
                "findings": [f.__dict__ for f in r.findings],
            }
            for r in reports
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def as_github(reports: Sequence[CatalogReport], stale: Sequence[tuple[str, str]]) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""

    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    kind = {"waived": "notice"}
    return "".join(
        f"::{kind.get(f.severity, f.severity)} file={esc(f.path)},line={f.line},title={esc(f.check)}::{esc(f.message)}\n"
        for f in _all_findings(reports, stale)
    )


def as_junit(reports: Sequence[CatalogReport], stale: Sequence[tuple[str, str]]) -> str:
    """JUnit XML: a testcase per article x locale, a failure per finding."""
    cases = []
    failures = 0
    for r in reports:
        items = [f for f in _all_findings([r], []) if f.severity == "error"]
        failures += len(items)
        body = "".join(
            f"<failure type={quoteattr(f.check)} message={quoteattr(f.message)}>"
            f"{_xml(f'{f.path}:{f.line}: {f.message}')}</failure>"
            for f in items
        )
        cases.append(
            f"<testcase classname={quoteattr(r.article)} name={quoteattr(r.locale)}"
            f" file={quoteattr(r.path)}>{body}</testcase>"
        )
    for path, what in stale:
        failures += 1
        cases.append(
            f"<testcase classname=\"stale\" name={quoteattr(path)}>"
            f"<failure type=\"stale\" message={quoteattr(what)}>{_xml(path)}</failure></testcase>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name="l10n check" tests="{len(cases)}" failures="{failures}">\n'
        + "\n".join(cases)
        + "\n</testsuite>\n"
    )


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
