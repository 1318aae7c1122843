"""Catalogs: create a locale's PO from a template, merge template changes, count progress.

Rules (pure: catalogs in, catalogs out):
- A new catalog has Language, Plural-Forms (the convention of the project's table,
  ``l10n.quality.plurals``: gettext's, as msginit and Weblate write it; never the installed
  Babel's), Content-Type UTF-8 and the template's creation date.
- Merging for a locale mends the required headers ``check`` verifies: a missing or
  wrong Language, Content-Type (``text/plain; charset=UTF-8``) or
  Content-Transfer-Encoding (``8bit``) is set. A Plural-Forms that ``check`` accepts
  (gettext's, Weblate's or CLDR's, in any spelling) is kept as it is; a missing,
  unreadable or wrong one is replaced by the accepted rule with the same nplurals,
  else by the convention. msgstr[] forms are never remapped: when the rule changes,
  each translated plural entry becomes fuzzy with a note naming the old rule; forms
  beyond the new nplurals move into a translator comment, missing ones are added
  empty, so no plural translation is lost.
- Merging never loses a translation. An entry whose text is unchanged keeps its
  msgstr, flags and translator comments; references and ``#.`` comments follow the
  template. Changed text gets the closest old translation as a ``fuzzy`` proposal
  with the old text as ``#| msgid`` (any old entry may serve, even one whose text
  stays elsewhere in the article). Removed translated text goes obsolete (``#~``)
  and comes back, translated, when the text returns. A translation that served as a
  fuzzy proposal is also kept obsolete, so it is there again if the change is undone.
- The guard also applies to what another tool merged: an entry whose ``#| msgid``
  previous text differs from its msgid in meaning loses its translation to the
  guard's comments (and an obsolete entry), fuzzy or not.
- Published means: msgstr not empty, not fuzzy, not pseudo-localized text (see
  ``l10n.quality.publishable``), and not carried across a change of meaning (its ``#| msgid``
  says so; the glossary's terms are left to ``check``).
- Progress counts the entries of the current template only: a foreign entry (its
  msgid is not in the template) is counted apart and never as translated.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Container
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polib

from l10n.errors import ConfigError
from l10n.quality.publishable import is_foreign, is_pseudo

if TYPE_CHECKING:
    from l10n.glossary import Glossary

FUZZY_CUTOFF = 0.6
_WORD = re.compile(r"\w+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def plural_forms(locale: str) -> str:
    """Plural-Forms for a new catalog of ``locale``: the convention of the project's table."""
    from l10n.quality import plurals

    value = plurals.conventional(locale)
    if value is None:
        raise ConfigError(f"no plural forms are known for {locale}")
    return value


@functools.cache  # asked for each new catalog; Babel parses the locale each time
def language_name(locale: str) -> str:
    """The locale's name in English, e.g. 'Portuguese (Brazil)'."""
    from babel import Locale

    return str(Locale.parse(locale).get_display_name("en"))


def new_catalog(pot: polib.POFile, locale: str, revision_date: str) -> polib.POFile:
    """An empty catalog for ``locale`` from a template."""
    po = polib.POFile(wrapwidth=79)
    po.header = pot.header.replace("Template for", f"{language_name(locale)} translation of")
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "PO-Revision-Date": revision_date,
            "Last-Translator": "",
            "Language-Team": language_name(locale),
            "Language": locale,
            "Plural-Forms": plural_forms(locale),
        }
    )
    return merge(po, pot, locale=locale)


def is_published(entry: polib.POEntry) -> bool:
    """Translated and reviewed by a person: a msgstr that is not fuzzy nor pseudo text,
    nor carried by another tool across a change of meaning (``#| msgid``)."""
    return (
        bool(entry.msgstr)
        and "fuzzy" not in entry.flags
        and not entry.obsolete
        and not is_pseudo(entry)
        and not (entry.previous_msgid and carried_across(entry, None))
    )


def merge(
    po: polib.POFile,
    pot: polib.POFile,
    glossary: Glossary | None = None,
    locale: str | None = None,
) -> polib.POFile:
    """The catalog ``po`` brought up to date with ``pot``, msgmerge-style.

    A change of meaning (see ``safety.meaning_change``) gets no fuzzy proposal: the
    entry stays untranslated, with the old text and translation as a comment. With
    ``locale``, the required headers are mended (see ``mend_header``).
    """
    from l10n.quality.safety import guard_note, meaning_change, unsigned

    active = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    obsolete = {(e.msgctxt, e.msgid): e for e in po if e.obsolete}
    new_keys = {(e.msgctxt, e.msgid) for e in pot}
    # any old translation may be proposed for new text, even one whose text stays
    # (text used twice that changes in one place)
    spare = [e for e in active.values() if e.msgstr]
    kept_obsolete: list[polib.POEntry] = []
    out = polib.POFile(wrapwidth=79)
    out.header = po.header
    out.metadata = dict(po.metadata)
    if "POT-Creation-Date" in pot.metadata:
        out.metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    for t in pot:
        key = (t.msgctxt, t.msgid)
        old = active.get(key) or obsolete.pop(key, None)
        if old is not None:
            entry = _carry(t, old)
            reason = carried_across(old, glossary)
            if reason:  # another tool kept a translation across a change of meaning
                before = polib.POEntry(msgid=old.previous_msgid, msgstr=old.msgstr)
                entry.msgstr = ""
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
                entry.previous_msgid = old.previous_msgid
                entry.tcomment = "\n".join(filter(None, [old.tcomment, guard_note(reason, before)]))
                if (None, before.msgid) not in new_keys:
                    kept_obsolete.append(before)
        else:
            entry = _new(t)
            match = _closest(t.msgid, spare)
            if match is not None:
                reason = meaning_change(match.msgid, t.msgid, glossary)
                entry.previous_msgid = match.msgid
                if reason:
                    note = guard_note(reason, match)
                    entry.tcomment = "\n".join(filter(None, [unsigned(match.tcomment), note]))
                else:
                    entry.msgstr = match.msgstr
                    entry.flags = ["fuzzy"] + [f for f in match.flags if f != "fuzzy"]
                    entry.tcomment = unsigned(match.tcomment)
                gone = (match.msgctxt, match.msgid) not in new_keys
                if gone and (is_published(match) or reason):
                    kept_obsolete.append(match)
        out.append(entry)
    for key, e in active.items():
        if key not in new_keys and (_translated(e) or e.tcomment):
            kept_obsolete.append(e)
    retired: dict[tuple[str | None, str], polib.POEntry] = {}
    for e in kept_obsolete:  # an entry proposed twice is kept once
        retired.setdefault((e.msgctxt, e.msgid), e)
    for e in retired.values():
        out.append(_obsolete(e))
    for key, e in obsolete.items():
        if key not in retired:
            out.append(e)
    if locale is not None:
        mend_header(out, locale)
    return out


def merged_alike(po: polib.POFile, pot: polib.POFile, locale: str) -> bool:
    """Whether ``merge(po, pot, glossary, locale)`` surely gives ``po`` again, field by
    field (``same_entries``; the header flag and the fields' order too), told without
    merging: the plain case of a catalog a merge left as it is. False means unsure, not
    different: then merge and compare.

    The plain case: the template's creation date; headers that ``mend_header`` keeps;
    the template's entries, in its order and with its references and comments, as the
    active entries, and after them obsolete ones, each text once; no plural entry; no
    previous text a merge would drop (a translated entry's) or judge (``carried_across``).
    """
    meta = po.metadata
    date = pot.metadata.get("POT-Creation-Date")
    if po.metadata_is_fuzzy or (date is not None and meta.get("POT-Creation-Date") != date):
        return False
    header = polib.POFile()  # the headers alone, mended as a merge mends them
    header.metadata = dict(meta)
    mend_header(header, locale)
    if header.metadata != meta or len(po) < len(pot):
        return False
    for t, e in zip(pot, po):
        if (
            e.obsolete or e.msgid_plural or e.msgstr_plural or t.msgid_plural
            or e.msgid != t.msgid or e.msgctxt != t.msgctxt
            or e.comment != t.comment or e.occurrences != t.occurrences
            or e.previous_msgid_plural is not None
        ):
            return False
        if e.msgstr and e.previous_msgid:
            return False  # judged by carried_across
        if e.msgstr and "fuzzy" not in e.flags and (
            e.previous_msgid is not None or e.previous_msgctxt is not None
        ):
            return False  # a translated entry's previous text: the merge drops it
    obsolete = set()
    for e in po[len(pot):]:
        key = (e.msgctxt, e.msgid)
        if not e.obsolete or key in obsolete or e.msgid_plural or e.msgstr_plural:
            return False
        obsolete.add(key)
    return True


def carried_across(entry: polib.POEntry, glossary: Glossary | None) -> str | None:
    """Why a translation carried across a source change translates another text, or None.

    msgmerge (Poedit, Weblate) keeps the old translation of changed text, as fuzzy
    with ``#| msgid``; a translator may then clear the flag. The guard's rules apply.
    Where ``update``'s guard already withheld the old translation (its notes name it),
    only that old translation put back counts: any other text is a new translation.
    A valid sign-off of the entry's current text settles it too.
    """
    from l10n.quality.safety import meaning_change, review_of

    before = entry.previous_msgid
    if not before or not entry.msgstr or before == entry.msgid or review_of(entry):
        return None
    if entry.tcomment and "meaning changed" in entry.tcomment:
        from l10n import notes

        olds = notes.texts(notes.parse(entry.tcomment), notes.PREVIOUS_TRANSLATION)
        if olds and " ".join(entry.msgstr.split()) not in {" ".join(t.split()) for t in olds}:
            return None
    return meaning_change(before, entry.msgid, glossary)
_REQUIRED = {
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def mend_header(po: polib.POFile, locale: str) -> None:
    """Set the required headers ``check`` finds missing or wrong (see the module rules)."""
    from l10n.quality import checks, plurals

    meta = po.metadata
    if any(checks.language(meta, locale)):
        meta["Language"] = locale
    if any(checks.content_type(meta, locale)):
        meta["Content-Type"] = _REQUIRED["Content-Type"]
    if any(checks.transfer_encoding(meta, locale)):
        meta["Content-Transfer-Encoding"] = _REQUIRED["Content-Transfer-Encoding"]
    meta.setdefault("MIME-Version", "1.0")
    old = meta.get("Plural-Forms", "").strip()
    note = ""
    if old and not plurals.problems(old, locale):
        nplurals = plurals.accepted_nplurals(old)
    else:
        try:
            old_nplurals = plurals.parse(old).nplurals
        except plurals.PluralFormsError:
            old_nplurals = 0
        accepted = [plurals.parse(rule.value) for rule in plurals.rules(locale)]
        if not accepted:
            return
        same = [f for f in accepted if f.nplurals == old_nplurals]
        new = (same or accepted)[0]
        meta["Plural-Forms"] = new.header
        nplurals = new.nplurals
        if old:
            note = f'plural forms changed from "{old}": check each msgstr[]'
    for entry in po:
        if entry.msgid_plural or entry.msgstr_plural:
            _refit_plural(entry, nplurals, note)


def _refit_plural(entry: polib.POEntry, nplurals: int, note: str) -> None:
    """Give a plural entry ``nplurals`` forms, losing none; fuzzy if it had a translation."""
    forms = {int(str(k)): v for k, v in entry.msgstr_plural.items()}
    kept = sorted((i, text) for i, text in forms.items() if i >= nplurals and text)
    extra = [f"previous msgstr[{i}]: {text}" for i, text in kept]
    translated = any(forms.values())
    if not note and sorted(forms) == list(range(nplurals)):
        return
    entry.msgstr_plural = {i: forms.get(i, "") for i in range(nplurals)}
    if translated:
        lines = [line for line in [entry.tcomment, note, *extra] if line]
        entry.tcomment = "\n".join(lines)
        if "fuzzy" not in entry.flags:
            entry.flags = ["fuzzy", *entry.flags]


def _translated(e: polib.POEntry) -> bool:
    return bool(e.msgstr or any(e.msgstr_plural.values()))


def same_entries(a: polib.POFile, b: polib.POFile) -> bool:
    """Whether two catalogs hold the same header and entries, field by field."""

    def fields(e: polib.POEntry) -> tuple[object, ...]:
        return (
            e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, sorted(e.msgstr_plural.items()),
            e.flags, e.comment, e.tcomment, e.occurrences, e.previous_msgctxt,
            e.previous_msgid, e.previous_msgid_plural, bool(e.obsolete),
        )

    return (
        a.metadata == b.metadata
        and a.header == b.header
        and len(a) == len(b)
        and all(fields(x) == fields(y) for x, y in zip(a, b, strict=True))
    )


def same_catalog(a: polib.POFile, b: polib.POFile) -> bool:
    """Whether two catalogs are written alike: same entries, header fields in the same
    order, same header flag."""
    return (
        same_entries(a, b)
        and list(a.metadata) == list(b.metadata)
        and bool(a.metadata_is_fuzzy) == bool(b.metadata_is_fuzzy)
    )


def _new(t: polib.POEntry) -> polib.POEntry:
    from l10n.formats.pofile import untranslated

    return untranslated(t.msgid, t.comment, list(t.occurrences), t.msgctxt, t.msgid_plural)


def _carry(t: polib.POEntry, old: polib.POEntry) -> polib.POEntry:
    entry = _new(t)
    entry.msgstr = old.msgstr
    entry.msgstr_plural = dict(old.msgstr_plural)
    entry.tcomment = old.tcomment
    entry.flags = list(old.flags)
    if "fuzzy" in entry.flags or not entry.msgstr:
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgctxt = old.previous_msgctxt
    return entry


def _obsolete(e: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=e.msgid, msgctxt=e.msgctxt, msgid_plural=e.msgid_plural, msgstr=e.msgstr,
        msgstr_plural=dict(e.msgstr_plural), tcomment=e.tcomment, flags=list(e.flags),
        obsolete=True,
    )


def _closest(text: str, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    if not candidates:
        return None
    best: polib.POEntry | None = None
    best_ratio = FUZZY_CUTOFF
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(text)
    for c in candidates:
        matcher.set_seq1(c.msgid)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = c, ratio
    return best


@functools.lru_cache(maxsize=4096)  # a source is counted once for all its locales
def words(text: str) -> int:
    """Words a reader sees in a unit (link targets do not count)."""
    return len(_WORD.findall(_LINK_TARGET.sub("]", text) if "](" in text else text))


@dataclass(frozen=True)
class Progress:
    """Entries and source words by state; words count every occurrence on the page.

    States: reviewed (signed off), translated (not fuzzy, not signed), draft (fuzzy,
    pseudo text, or a translation carried across a change of meaning), missing (no
    msgstr) and stale (signed, but its source changed since: never published until
    signed again). ``foreign`` entries (not in the template) are in no state and
    count no words.
    """

    reviewed: int = 0
    translated: int = 0
    draft: int = 0
    missing: int = 0
    reviewed_words: int = 0
    translated_words: int = 0
    draft_words: int = 0
    missing_words: int = 0
    stale: int = 0
    stale_words: int = 0
    foreign: int = 0

    @property
    def entries(self) -> int:
        return self.reviewed + self.translated + self.draft + self.missing + self.stale

    @property
    def words(self) -> int:
        return (
            self.reviewed_words + self.translated_words + self.draft_words + self.missing_words
            + self.stale_words
        )

    def percent(self, reviewed_only: bool = False) -> float:
        """Percent of source words publishable: translated (or only reviewed) text."""
        done = self.reviewed_words + (0 if reviewed_only else self.translated_words)
        return 100.0 * done / self.words if self.words else 100.0


def progress(po: polib.POFile, known: Container[str] | None = None) -> Progress:
    """Count the active entries of a catalog by state.

    ``known``: the template's msgids; entries outside it are only counted as foreign.
    """
    from l10n.quality.safety import State, state

    counts = dict.fromkeys(State, 0)
    word_counts = dict.fromkeys(State, 0)
    foreign = 0
    for e in po:
        if e.obsolete:
            continue
        if is_foreign(e, known):
            foreign += 1
            continue
        st = state(e)
        counts[st] += 1
        word_counts[st] += words(e.msgid) * max(1, len(e.occurrences))
    return Progress(
        **{st.value: counts[st] for st in State},
        **{f"{st.value}_words": word_counts[st] for st in State},
        foreign=foreign,
    )
