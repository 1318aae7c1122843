"""Work with agencies and CAT tools: what a hand-off holds, and how a return is applied.

Rules (pure: catalogs in, catalogs and reports out):
- A unit's id is ``u`` + 12 hex digits of SHA-1 over the slug, context and source
  text: the same on every run and machine, and new when the source changes.
- ``--needed`` hands off entries that are missing, fuzzy, or changed since review (a
  sign-off that no longer matches); ``--all`` every active entry, reviewed ones as
  ``final``. Obsolete entries are never handed off and never revived.
- Notes: critical and why, meaning changed with the previous source and translation,
  a fuzzy entry's previous source, glossary and do-not-translate terms in the unit,
  the source reference, the kind of block, sign-off, draft and translator comments.
- A return is validated as a whole before any catalog changes: project, languages
  (``l10n.formats.lang``), articles. Then each unit: known article covered by the
  locale; id in the current template (else *stale*: the source changed since
  export); source text equal to the current source (else *stale*); inline codes
  whole and in place; a confirmed state; no error from the entry checks. A unit
  that fails is *refused* and named; with ``strict`` the whole return is refused.
- The entry checks are those ``l10n check`` runs, all of them, but a return repeats
  sentences (a CAT tool's repetitions): each distinct source, translation and locale
  is checked once per process (``Judge``), and its units share the verdict.
- Imported text is translated, not fuzzy and not signed: the ``#|`` previous texts
  and the notes that described the old text (sign-offs and waivers, the machine-draft
  and glossary notes, an earlier ``imported`` note; ``l10n.notes`` grammar) go, every
  other translator comment stays, and ``imported: FILE, DATE`` comes first (one line
  of at most 70 characters: the file's base name, shortened in the middle). A unit
  whose text equals the catalog's changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import polib

from l10n import notes as notes_grammar
from l10n.errors import CatalogError
from l10n.formats import inline, tmx, xliff
from l10n.formats.lang import match, matches
from l10n.formats.tbx import Concept
from l10n.glossary import Glossary, GlossaryEntry, Kind
from l10n.quality.checks import Finding, check_entry
from l10n.quality.safety import State, review_of, reviews, sign_offs, state, unsigned

MAX_NOTE = notes_grammar.WIDTH - 2  # the line without its "# "


def unit_id(slug: str, msgctxt: str | None, msgid: str) -> str:
    data = f"{slug}\x04{msgctxt or ''}\x04{msgid}".encode()
    return "u" + hashlib.sha1(data).hexdigest()[:12]


def needed(entry: polib.POEntry) -> bool:
    """Missing, fuzzy, or changed since review."""
    current = state(entry)
    if current in (State.MISSING, State.DRAFT, State.STALE):
        return True
    return current is State.TRANSLATED and bool(sign_offs(entry))


def _active(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete and e.msgid and not e.msgid_plural]


def notes(entry: polib.POEntry, glossary: Glossary | None, locale: str) -> list[tuple[str, str]]:
    """What the catalog knows about an entry, as (category, text)."""
    out: list[tuple[str, str]] = []
    for line in (entry.comment or "").splitlines():
        line = line.strip()
        if line.startswith("critical:"):
            out.insert(0, ("critical", line.removeprefix("critical:").strip()))
        elif line:
            out.append(("context", line))
    blocks = notes_grammar.parse(entry.tcomment)
    guard = any(b.key in notes_grammar.GUARD for b in blocks)
    signed = False
    for block in blocks:
        if block.key in notes_grammar.GUARD:
            out.append((str(block.key).replace(" ", "-"), block.text))
        elif block.key in (notes_grammar.REVIEWED, notes_grammar.REVIEWER):
            if not signed:
                signed = True
                valid = reviews(entry)
                for review in valid:
                    role = f" ({review.role})" if review.role else ""
                    out.append(("reviewed", f"{review.when} by {review.who}{role}"))
                if not valid:
                    out.append(("review-voided", "the text changed after sign-off"))
        elif block.key in (notes_grammar.DRAFT, notes_grammar.IMPORTED):
            out.append((str(block.key).replace(" ", "-"), block.text))
        elif block.key is None and block.text:
            out.append(("translator", block.text))
    if entry.previous_msgid and not guard:
        out.append(("previous-source", " ".join(entry.previous_msgid.split())))
    if glossary is not None:
        for item in glossary.terms_in(entry.msgid):
            if item.kind == "dnt":
                out.append(("do-not-translate", item.term))
            else:
                accepted = glossary.accepted(item, locale)
                text = f"{item.term} = {' | '.join(accepted)}" if accepted else item.term
                out.append(("glossary", text))
    for path, line in entry.occurrences:
        out.append(("reference", f"{path}:{line}" if line else str(path)))
    return out


def export_units(
    slug: str, po: polib.POFile, glossary: Glossary | None, locale: str, everything: bool
) -> list[xliff.Unit]:
    """The units of one article's catalog for a hand-off."""
    units = []
    for entry in _active(po):
        if not everything and not needed(entry):
            continue
        current = state(entry)
        # a stale entry (source changed since sign-off) is for the translator to look at again
        xstate = {State.REVIEWED: "final", State.TRANSLATED: "translated"}.get(current, "initial")
        units.append(
            xliff.Unit(
                unit_id(slug, entry.msgctxt, entry.msgid), entry.msgid, entry.msgstr, xstate,
                tuple(notes(entry, glossary, locale)),
            )
        )
    return units


# --- import -------------------------------------------------------------------------


class Outcome(NamedTuple):
    """What became of one returned unit (a tuple: cheap to make and to send back from a
    worker process by the thousand)."""

    file: str
    line: int
    unit: str
    article: str
    what: str  # imported, unchanged, untranslated, stale, refused
    reason: str = ""

    def describe(self) -> str:
        return f"{self.file}:{self.line}: unit {self.unit} ({self.article}): {self.what}: {self.reason}"


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, what: str) -> int:
        return sum(o.what == what for o in self.outcomes)


class Judge:
    """The entry checks' first error for a return's translations, and the inline codes
    of its sources, each worked out once per distinct input (the checks are pure)."""

    def __init__(self, glossary: Glossary | None, source_language: str = "en") -> None:
        self.glossary = glossary
        self.source_language = source_language
        self._errors: dict[tuple[str, str, str], Finding | None] = {}
        self._nodes: dict[str, tuple[inline.Node, ...]] = {}

    def error(self, msgid: str, msgstr: str, locale: str) -> Finding | None:
        key = (msgid, msgstr, locale)
        try:
            return self._errors[key]
        except KeyError:
            pass
        found = next(
            (
                f
                for f in check_entry(
                    msgid, msgstr, locale, self.glossary, source_locale=self.source_language
                )
                if f.severity == "error"
            ),
            None,
        )
        self._errors[key] = found
        return found

    def nodes(self, msgid: str) -> tuple[inline.Node, ...]:
        """``inline.parse(msgid)``."""
        found = self._nodes.get(msgid)
        if found is None:
            found = self._nodes[msgid] = inline.parse(msgid)
        return found


def provenance(file_name: str, date: str) -> str:
    """``imported: NAME, DATE`` on one comment line (70 characters with its ``# ``)."""
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "_".join(name.split())
    room = MAX_NOTE - len(f"{notes_grammar.IMPORTED}: , {date}")
    if len(name) > room:
        keep = room - 1
        name = name[: keep - keep // 2] + "…" + name[len(name) - keep // 2 :]
    return f"{notes_grammar.IMPORTED}: {name}, {date}"


def target_locale(doc: xliff.Document, path: str, project: str, source_language: str,
                  locales: Sequence[str]) -> str:
    """The project locale a return is for; a file-level problem is a ``CatalogError``."""
    if doc.project != project:
        raise CatalogError(f"this file belongs to project '{doc.project}', not '{project}'", path, 1)
    if not matches(doc.source_language, source_language):
        raise CatalogError(
            f"source language {doc.source_language} is not the project's ({source_language})",
            path, 1,
        )
    code = match(doc.target_language, locales)
    if code is None:
        raise CatalogError(
            f"target language {doc.target_language} is not one of the project's locales"
            f" ({', '.join(locales)})", path, 1,
        )
    return code


def apply_article(
    article: xliff.ReturnedArticle,
    path: str,
    locale: str,
    pair: tuple[polib.POFile, polib.POFile | None] | None,
    covered: bool,
    judge: Judge,
    date: str,
) -> list[Outcome]:
    """Apply one article of a validated return to its (template, catalog), in memory."""
    key, _, rest = provenance(path, date).partition(": ")
    note = notes_grammar.note(key, rest)  # the same first note for every unit imported
    outcomes: list[Outcome] = []
    seen: set[str] = set()
    template_ids: dict[str, polib.POEntry] = {}
    entries: dict[tuple[str, str], polib.POEntry] = {}
    if pair is not None:
        pot, po = pair
        template_ids = {unit_id(article.slug, e.msgctxt, e.msgid): e for e in _active(pot)}
        if po is not None:
            entries = {(e.msgctxt or "", e.msgid): e for e in _active(po)}
    for unit in article.units:

        def outcome(what: str, reason: str = "", unit: xliff.Returned = unit) -> None:
            outcomes.append(Outcome(path, unit.line, unit.id, article.slug, what, reason))

        if unit.id in seen:
            outcome("refused", "the unit appears twice")
            continue
        seen.add(unit.id)
        if pair is None:
            outcome("refused", f"no article '{article.slug}' in this project")
            continue
        if not covered:
            outcome("refused", f"{locale} does not translate this article")
            continue
        template = template_ids.get(unit.id)
        if template is None:
            outcome("stale", "not in the current template: the source changed since export")
            continue
        source_nodes = judge.nodes(template.msgid)
        try:
            source_text = inline.restore(unit.source, source_nodes)
        except inline.InlineError:
            source_text = None
        if source_text != template.msgid:
            outcome("stale", "its source text differs from the current source")
            continue
        entry = entries.get((template.msgctxt or "", template.msgid))
        if entry is None:
            outcome("refused", "the catalog is not up to date with the template: run l10n update")
            continue
        _apply_unit(unit, entry, source_nodes, locale, judge, note, outcome)
    return outcomes


def _apply_unit(
    unit: xliff.Returned,
    entry: polib.POEntry,
    source_nodes: tuple[inline.Node, ...],
    locale: str,
    judge: Judge,
    note: notes_grammar.Block,
    outcome: Callable[[str, str], None],
) -> None:
    if unit.problem:
        outcome("refused", f"inline codes: {unit.problem}")
        return
    if unit.target is None or not any(
        not isinstance(n, str) or n.strip() for n in unit.target
    ):
        outcome("untranslated", "no translation")
        return
    try:
        text: str | None = inline.restore(unit.target, source_nodes)
        problem = ""
    except inline.InlineError as exc:
        text, problem = None, str(exc)
    confirms = "fuzzy" in entry.flags and unit.state not in xliff.DRAFT_STATES
    if entry.msgstr and not confirms:
        same = text == entry.msgstr
        if text is None:  # a translation whose markup differs from the source's, as exported
            same = tuple(unit.target) == inline.refs(xliff._target_nodes(entry.msgstr, source_nodes))
        if same:
            outcome("unchanged", "same text as the catalog")
            return
    if unit.state in xliff.DRAFT_STATES:
        outcome("refused", f"not confirmed in the CAT tool (state {unit.state})")
        return
    if text is None:
        outcome("refused", f"inline codes: {problem}")
        return
    error = judge.error(entry.msgid, text, locale)
    if error is not None:
        outcome("refused", f"[{error.check}] {error.message}")
        return
    changed = text != entry.msgstr
    comment = unsigned(entry.tcomment) if changed else (entry.tcomment or "")
    blocks = notes_grammar.parse(comment)
    retired = (notes_grammar.DRAFT, notes_grammar.GLOSSARY) if changed else ()
    kept = [b for b in blocks if b.key != notes_grammar.IMPORTED and b.key not in retired]
    entry.msgstr = text
    entry.tcomment = notes_grammar.render([note, *kept])
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    outcome("imported", "translated, not reviewed")


# --- TMX ----------------------------------------------------------------------------


def reviewed_pairs(slug: str, po: polib.POFile) -> list[tmx.Pair]:
    """Every signed-off translation of a catalog, active and obsolete, with its properties."""
    out = []
    for entry in po:
        if not entry.msgid or entry.msgid_plural or not entry.msgstr or "fuzzy" in entry.flags:
            continue
        review = review_of(entry)
        if review is None:
            continue
        props = [("x-article", slug), ("x-reviewer", review.who), ("x-reviewed", review.when)]
        if entry.obsolete:
            props.append(("x-obsolete", "yes"))
        out.append(tmx.Pair(entry.msgid, entry.msgstr, tuple(props)))
    return out


# --- TBX ----------------------------------------------------------------------------


def concepts(glossary: Glossary, locales: Sequence[str]) -> list[Concept]:
    """The glossary's rows as termbase concepts for ``locales``."""
    out = []
    for item in glossary.entries:
        translations: tuple[tuple[str, tuple[str, ...]], ...]
        if item.kind == "dnt":
            translations = tuple((code, (item.term,)) for code in locales)
        else:
            translations = tuple(
                (code, glossary.accepted(item, code))
                for code in locales
                if glossary.accepted(item, code)
            )
        out.append(Concept(item.term, item.kind == "dnt", translations, item.note))
    return out


def merge_glossary(glossary: Glossary | None, found: Sequence[Concept],
                   locales: Sequence[str]) -> Glossary:
    """The glossary with a termbase's concepts added or updated (rows it lacks stay)."""
    entries = list(glossary.entries) if glossary is not None else []
    columns = list(glossary.locales) if glossary is not None else []
    for concept in found:
        for code, _ in concept.translations:
            if code not in columns and code in locales:
                columns.append(code)
    index = {
        (e.kind, e.term if e.kind == "dnt" else e.term.casefold()): i
        for i, e in enumerate(entries)
    }
    for concept in found:
        kind: Kind = "dnt" if concept.dnt else "term"
        key = (kind, concept.term if concept.dnt else concept.term.casefold())
        old = entries[index[key]] if key in index else None
        translations = dict(old.translations) if old is not None and not concept.dnt else {}
        if not concept.dnt:
            for code, terms in concept.translations:
                if code in columns:
                    translations[code] = "|".join(t.replace("|", "/") for t in terms)
        note = concept.note or (old.note if old is not None else "")
        new = GlossaryEntry(term=old.term if old else concept.term, kind=kind,
                            translations=translations, note=note)
        if old is not None:
            entries[index[key]] = new
        else:
            index[key] = len(entries)
            entries.append(new)
    return Glossary(entries=tuple(entries), locales=tuple(columns))

