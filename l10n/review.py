"""``l10n review``: a reviewer signs entries one at a time, or in bulk with ``--all``.

Rules (pure; the terminal and the disk come in as callbacks):
- An entry to review is active, translated, not fuzzy, and not yet signed in its
  current text by the reviewer's role (an entry whose source changed since its
  sign-off is one).
- An entry with a translation error (a ``check`` finding of severity error that no
  valid waiver covers) is never signed: in bulk it is refused and listed; in the
  interactive loop it can be edited, its waivable findings waived, or skipped.
- The interactive loop shows the source, the translation, the findings (waived
  ones too) and the previous translation if there is one; the reviewer accepts
  (signs), edits in ``$EDITOR`` (then the entry is checked again), waives one
  heuristic finding with a reason, skips, or quits. The catalog is saved after
  each entry that changed, so quitting or a lost connection loses no decision.
- Bulk signing names every entry it signs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import polib

from l10n import notes
from l10n.catalogs import is_published
from l10n.glossary import Glossary
from l10n.quality.checks import Finding, check_entry
from l10n.quality.publishable import is_foreign
from l10n.quality.safety import (
    WAIVABLE,
    State,
    is_critical,
    sign,
    signed_by,
    source_changed,
    state,
    valid_waivers,
    waive,
)


@dataclass(frozen=True)
class Catalog:
    """One catalog to review: its path as shown, its entries, and how to save it."""

    path: str
    po: polib.POFile
    save: Callable[[], None]
    known: frozenset[str] | None = None  # the template's msgids: others are foreign


@dataclass
class Outcome:
    """What a review run did."""

    signed: list[str] = field(default_factory=list)  # one line per entry signed
    refused: list[str] = field(default_factory=list)  # one line per error finding
    skipped: int = 0
    edited: int = 0
    waived: int = 0
    quit: bool = False


@dataclass(frozen=True)
class Judged:
    """An entry's findings now: those that count, and those a valid waiver covers."""

    findings: list[Finding]
    waived: list[tuple[Finding, notes.Waiver]]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def judge(
    entry: polib.POEntry, locale: str, glossary: Glossary | None, source_locale: str = "en"
) -> Judged:
    """Check one entry and apply its valid waivers."""
    found = check_entry(entry.msgid, entry.msgstr, locale, glossary, source_locale=source_locale)
    by_check = {w.check: w for w in valid_waivers(entry)}
    kept, waived = [], []
    for f in found:
        w = by_check.get(f.check)
        if w is not None:
            waived.append((f, w))
        else:
            kept.append(f)
    return Judged(kept, waived)


def to_review(
    po: polib.POFile, role: str, known: frozenset[str] | None = None
) -> Iterator[polib.POEntry]:
    """Entries the role has yet to sign in their current text: never a draft, pseudo
    text, a translation carried across a change of meaning, or a foreign entry."""
    for entry in po:
        if entry.obsolete or not is_published(entry) or is_foreign(entry, known):
            continue
        if not signed_by(entry, role):
            yield entry


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def where(cat: Catalog, entry: polib.POEntry) -> str:
    return f"{cat.path}:{entry.linenum or 1}"


def sign_all(
    catalogs: Iterable[Catalog],
    who: str,
    role: str,
    today: str,
    locale: str,
    glossary: Glossary | None,
    source_locale: str = "en",
) -> Outcome:
    """Sign every entry to review that has no translation error; refuse the others."""
    out = Outcome()
    for cat in catalogs:
        changed = False
        for entry in to_review(cat.po, role, cat.known):
            judged = judge(entry, locale, glossary, source_locale)
            if judged.errors:
                out.refused += [
                    f"{where(cat, entry)}: not signed: [{f.check}] {f.message}"
                    for f in judged.errors
                ]
                continue
            sign(entry, who, today, role)
            changed = True
            out.signed.append(
                f"{where(cat, entry)}: signed ({role}): {_short(entry.msgid)} => {_short(entry.msgstr)}"
            )
        if changed:
            cat.save()
    return out


class Terminal(Protocol):
    """What the interactive loop needs from a terminal."""

    def show(self, text: str) -> None: ...

    def choose(self, prompt: str, choices: list[str]) -> str: ...

    def ask(self, prompt: str) -> str: ...

    def edit(self, text: str) -> str | None: ...


def previous_translation(entry: polib.POEntry, po: polib.POFile) -> str:
    """The translation this entry had before its source changed, when the catalog says."""
    kept = notes.texts(notes.parse(entry.tcomment), notes.PREVIOUS_TRANSLATION)
    if kept:
        return kept[-1]
    if entry.previous_msgid:
        old = po.find(entry.previous_msgid, include_obsolete_entries=True)
        if old is not None and old.msgstr:
            return str(old.msgstr)
    return ""


def describe(
    cat: Catalog, entry: polib.POEntry, judged: Judged, number: int, total: int
) -> str:
    """What the reviewer sees of one entry."""
    lines = [f"[{number}/{total}] {where(cat, entry)}"]
    if is_critical(entry):
        why = [c.removeprefix("critical:").strip() for c in (entry.comment or "").splitlines()
               if c.startswith("critical:")]
        lines.append(f"  critical: {', '.join(why)}")
    stale = source_changed(entry) if state(entry) is State.STALE else None
    if stale is not None:
        lines.append(
            f"  the source changed since {stale.who} signed it on {stale.when}:"
            " the translation may not say what the source says now"
        )
    if entry.previous_msgid:
        lines += ["  previous source:", f"    {entry.previous_msgid}"]
    lines += ["  source:", f"    {entry.msgid}", "  translation:", f"    {entry.msgstr}"]
    old = previous_translation(entry, cat.po)
    if old:
        lines += ["  previous translation:", f"    {old}"]
    for f in judged.findings:
        lines.append(f"  {f.severity} [{f.check}] {f.message}")
    for f, w in judged.waived:
        lines.append(f"  waived [{f.check}] {f.message} (by {w.who}, {w.when}: {w.reason})")
    if not judged.findings and not judged.waived:
        lines.append("  check: no findings")
    return "\n".join(lines)


def interactive(
    catalogs: Iterable[Catalog],
    term: Terminal,
    who: str,
    role: str,
    today: str,
    locale: str,
    glossary: Glossary | None,
    source_locale: str = "en",
) -> Outcome:
    """One entry at a time: accept, edit, waive, skip or quit; save after each entry."""
    out = Outcome()
    work = [(cat, entry) for cat in catalogs for entry in to_review(cat.po, role, cat.known)]
    for number, (cat, entry) in enumerate(work, 1):
        changed = False
        while True:
            judged = judge(entry, locale, glossary, source_locale)
            term.show(describe(cat, entry, judged, number, len(work)))
            waivable = sorted({f.check for f in judged.findings if f.check in WAIVABLE})
            choices = ([] if judged.errors else ["a"]) + ["e"] + (["w"] if waivable else [])
            choices += ["s", "q"]
            names = {"a": "accept and sign", "e": "edit", "w": "waive a finding",
                     "s": "skip", "q": "quit"}
            if judged.errors:
                term.show("  translation errors: it cannot be signed until edited or waived")
            answer = term.choose(
                ", ".join(f"{c}) {names[c]}" for c in choices), choices
            )
            if answer == "a":
                sign(entry, who, today, role)
                changed = True
                out.signed.append(f"{where(cat, entry)}: signed ({role})")
                break
            if answer == "e":
                text = term.edit(entry.msgstr)
                if text is not None:
                    text = _from_editor(text, entry.msgid)
                    if text and text != entry.msgstr:
                        entry.msgstr = text
                        changed = True
                        out.edited += 1
                        cat.save()
                continue
            if answer == "w":
                check = waivable[0] if len(waivable) == 1 else term.choose(
                    f"waive which finding ({', '.join(waivable)})", waivable
                )
                reason = " ".join(term.ask(f"reason for waiving [{check}]").split())
                if reason:
                    waive(entry, check, who, role, today, reason)
                    changed = True
                    out.waived += 1
                    cat.save()
                continue
            if answer == "s":
                out.skipped += 1
                break
            out.quit = True
            break
        if judged.errors and not out.quit and answer != "a":
            out.refused += [
                f"{where(cat, entry)}: not signed: [{f.check}] {f.message}"
                for f in judged.errors
            ]
        if changed:
            cat.save()
        if out.quit:
            break
    return out


def _from_editor(text: str, source: str) -> str:
    """An editor's text as a translation: the final newline editors add goes."""
    if text.endswith("\n") and not source.endswith("\n"):
        text = text[:-1]
        text = text.removesuffix("\r")
    return text
