"""Safety rules for medical content: meaning changes, critical blocks, review provenance.

Rules (pure):
- A source change *changes meaning* when it adds or removes an English negation,
  changes a number or unit (compound units in full: ``0.5 mg/kg -> 0.5 mg/lb``,
  ``milligrams per kilogram`` is ``mg/kg``), changes a frequency or duration word
  (once, twice, daily, weekly, monthly, hourly, the number words one to twelve,
  "a day", "a week"...), changes a body-state or population term (pregnant,
  breastfeeding, children, infants, adolescents, elderly, adults, women, men), or
  changes a drug, receptor or condition term (glossary terms, do-not-translate
  terms, and words shaped like drug names). The old translation of such a text is
  never proposed as a draft, by ``update``; and ``check`` reports a translation
  that another tool (msgmerge, Poedit, Weblate) carried across such a change, seen
  by the ``#| msgid`` previous text left on an entry that is not fuzzy.
- A block is *critical* when the author marks it with ``<!-- l10n: critical -->``
  or when it states a dose, a percentage, side effects or a warning.
- An entry's history lives in translator comments, which msgmerge, msgcat, Poedit
  and Weblate all keep, in the grammar of ``l10n.notes`` (lines no editor re-wraps).
  A sign-off records a hash of the source and one of source and translation: an
  edit of the translation voids it (the entry is translated, not reviewed); a
  change of the source makes the entry *stale*: never published, whatever
  ``require_review`` says, until a reviewer signs the new text.
- A waiver of a heuristic finding (``WAIVABLE``) is bound to the same pair hash.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar

import polib

from l10n import notes
from l10n.catalogs import is_published
from l10n.config import ROLES, RoleTable
from l10n.glossary import Glossary
from l10n.quality.placeables import find_placeables
from l10n.quality.publishable import is_pseudo

_NEGATIONS = re.compile(
    r"\b(?:not|no|never|none|nothing|nobody|nowhere|neither|nor|without|cannot|avoid|avoids"
    r"|avoided|avoiding|unless|stop|stops|refrain|[a-z]+n['’]t)\b",
    re.IGNORECASE,
)
_DRUG_SHAPE = re.compile(
    r"\b(?!examine\b)[a-z]+(?:amine|azepam|azolam|profen|pril|sartan|olol|statin|oxetine"
    r"|traline|mab|cillin|mycin|cycline|codone|morphine|barbital|triptan|setron|prazole"
    r"|azine|idone|apine|afil|etine|ipine|zodone|floxacin|olam|amol|mazepine|ophen)\b",
    re.IGNORECASE,
)
_DOSE_UNITS = r"(?:mg|mcg|µg|μg|g|kg|ml|mL|l|L|IU|units?|mg/kg|mg/ml|mg/mL|mmHg|hours?|days?|weeks?|minutes?)"
_DOSE = re.compile(rf"\d(?:[\d.,]*\d)?\s?{_DOSE_UNITS}\b")
# each pattern starts with a class of the characters its matches can start with (case
# folded as the pattern is), so the search skips to them instead of trying every position
_PERCENT = re.compile(r"(?=[\dp])(?:\d\s?%|\bpercent\b)", re.IGNORECASE)
_SIDE_EFFECTS = re.compile(
    r"(?=[sar])(?:\bside[- ]effects?\b|\badverse\b|\brisks?\b)", re.IGNORECASE
)
_WARNING = re.compile(
    r"(?=[wcdoe])\b(?:warning|caution|danger|overdose|contraindicat\w*|emergency)\b",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"(?:^|[.!?:]\s+)(?:do not|don['’]t|never|avoid|stop)\b", re.IGNORECASE
)
MARK = re.compile(r"<!--\s*l10n:\s*critical\s*-->", re.IGNORECASE)


_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_PERIODS = "minute|hour|day|night|week|fortnight|month|year|morning|evening"
_EACH = r"(?:a|an|per|each|every)"
_FREQUENCY = re.compile(
    rf"\b(?:(?:{_NUMBER_WORDS}|once|twice|thrice)(?:\s+times?)?\s+{_EACH}\s+(?:other\s+)?(?:{_PERIODS})"
    rf"|{_EACH}\s+(?:other\s+)?(?:{_PERIODS})"
    rf"|{_NUMBER_WORDS}|once|twice|thrice"
    r"|daily|nightly|weekly|biweekly|fortnightly|monthly|hourly|yearly|annually)\b",
    re.IGNORECASE,
)
_EACH_RE = re.compile(rf"\b{_EACH}\b", re.IGNORECASE)
# body states and populations, each form -> the name the guard reports
_POPULATIONS = {
    "pregnant": "pregnant", "pregnancy": "pregnant", "pregnancies": "pregnant",
    "breastfeeding": "breastfeeding", "breast-feeding": "breastfeeding",
    "breastfeed": "breastfeeding", "breastfed": "breastfeeding",
    "lactating": "breastfeeding", "lactation": "breastfeeding",
    "child": "children", "children": "children", "kid": "children", "kids": "children",
    "infant": "infants", "infants": "infants", "baby": "infants", "babies": "infants",
    "newborn": "infants", "newborns": "infants",
    "adolescent": "adolescents", "adolescents": "adolescents", "teenager": "adolescents",
    "teenagers": "adolescents", "teen": "adolescents", "teens": "adolescents",
    "elderly": "elderly", "older adults": "elderly", "older adult": "elderly",
    "older people": "elderly", "older patients": "elderly", "seniors": "elderly",
    "adult": "adults", "adults": "adults",
    "woman": "women", "women": "women", "man": "men", "men": "men",
}
_POPULATION = re.compile(
    r"\b(?:" + "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_POPULATIONS, key=len, reverse=True)
    ) + r")\b",
    re.IGNORECASE,
)
# a unit's second half that placeables does not know: "0.5 mg/lb", "per pound"
_PER_UNIT = re.compile(r"\s*(?:/|\s+per\s+)\s*([^\W\d_]+)", re.IGNORECASE)
_OTHER_UNITS = {"lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb", "m2": "m²"}
_TIME_UNITS = frozenset({"h", "min", "s", "d", "wk", "mo", "y"})


def negations(text: str) -> Counter[str]:
    """English negation words in a text, normalized (can't and can’t are one)."""
    return Counter(m.group(0).lower().replace("’", "'") for m in _NEGATIONS.finditer(text))


def _numbers(text: str) -> Counter[str]:
    """Values with their units in full: the compound half placeables stops before too."""
    from l10n.quality.placeables import _unit_name

    found: Counter[str] = Counter()
    for p in find_placeables(text):
        if p.kind != "number":
            continue
        value = p.value
        more = _PER_UNIT.match(text, p.end) if " " in value else None
        if more is not None:
            word = more.group(1)
            unit = _unit_name(word) or _OTHER_UNITS.get(word.lower())
            if unit is not None and unit not in _TIME_UNITS:  # "per day" is a frequency
                value = f"{value}/{unit}"
        found[value] += 1
    return found


def _frequencies(text: str) -> tuple[Counter[str], dict[str, str]]:
    """Frequency and duration words, normalized ("an hour" is "a hour"), and as written."""
    found: Counter[str] = Counter()
    written: dict[str, str] = {}
    for m in _FREQUENCY.finditer(text):
        key = _EACH_RE.sub("a", " ".join(m.group(0).lower().split()))
        found[key] += 1
        written.setdefault(key, m.group(0))
    return found, written


def _populations(text: str) -> set[str]:
    return {_POPULATIONS[" ".join(m.group(0).lower().split())] for m in _POPULATION.finditer(text)}


def _terms(text: str, glossary: Glossary | None) -> set[str]:
    found = {m.group(0).lower() for m in _DRUG_SHAPE.finditer(text)}
    if glossary is not None:
        found |= {e.term.lower() for e in glossary.terms_in(text)}
    return found


def meaning_change(old: str, new: str, glossary: Glossary | None = None) -> str | None:
    """Why the change from ``old`` to ``new`` changes meaning, or None for a rewording."""
    before, after = negations(old), negations(new)
    if before != after:
        added = sorted((after - before).elements())
        removed = sorted((before - after).elements())
        what = ", ".join([f'adds "{w}"' for w in added] + [f'removes "{w}"' for w in removed])
        return f"negation changed ({what})"
    old_numbers, new_numbers = _numbers(old), _numbers(new)
    if old_numbers != new_numbers:
        gone = ", ".join(sorted((old_numbers - new_numbers).elements())) or "nothing"
        came = ", ".join(sorted((new_numbers - old_numbers).elements())) or "nothing"
        return f"a number or unit changed ({gone} -> {came})"
    (old_freq, old_written), (new_freq, new_written) = _frequencies(old), _frequencies(new)
    if old_freq != new_freq:
        gone = ", ".join(old_written[k] for k in sorted((old_freq - new_freq).elements()))
        came = ", ".join(new_written[k] for k in sorted((new_freq - old_freq).elements()))
        return f"a frequency, duration or number word changed ({gone or 'nothing'} -> {came or 'nothing'})"
    old_people, new_people = _populations(old), _populations(new)
    if old_people != new_people:
        gone = ", ".join(sorted(old_people - new_people)) or "nothing"
        came = ", ".join(sorted(new_people - old_people)) or "nothing"
        return f"a body-state or population term changed ({gone} -> {came})"
    old_terms, new_terms = _terms(old, glossary), _terms(new, glossary)
    if old_terms != new_terms:
        changed = sorted(old_terms ^ new_terms)
        return f"a drug, receptor or condition term changed ({', '.join(changed)})"
    return None


def accepted_across(entry: polib.POEntry, glossary: Glossary | None = None) -> str | None:
    """Why a translation carried across a source change translates another text, or None.

    The change is read from the ``#| msgid`` previous text that msgmerge --previous,
    Poedit and Weblate leave; the rules are ``meaning_change``'s, as in ``update``.
    """
    from l10n.catalogs import carried_across

    reason = carried_across(entry, glossary)
    if reason is None:
        return None
    before = entry.previous_msgid
    return (
        f"translation accepted across a meaning change, {reason}: it translates the previous"
        f' source "{_flat(before)}", not "{_flat(entry.msgid)}"'
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def critical_reason(text: str) -> str | None:
    """Why a block's text makes it critical by default, or None."""
    if _DOSE.search(text):
        return "states a dose"
    if _PERCENT.search(text):
        return "states a percentage"
    if _SIDE_EFFECTS.search(text):
        return "states side effects or risks"
    if _WARNING.search(text) or _IMPERATIVE.search(text):
        return "states a warning"
    return None


# --- review provenance (the notes' grammar is l10n.notes) ------------------------------

DRAFT_PREFIX = "machine draft:"
GUARD_PREFIXES = ("meaning changed:", "previous source:", "previous translation:")
# heuristic findings a reviewer may waive, with a reason; figures, markup, links,
# do-not-translate terms and whitespace can never be waived
WAIVABLE = frozenset({"negation", "source-language", "length", "glossary"})


class State(str, Enum):
    """Where an entry stands on its way to the page."""

    REVIEWED = "reviewed"
    TRANSLATED = "translated"  # by a person, or a draft a person accepted; not signed
    DRAFT = "draft"  # fuzzy: a machine draft or a proposal after a source change
    MISSING = "missing"
    STALE = "stale"  # not fuzzy, but its source changed since it was signed: never published


@dataclass(frozen=True)
class Review:
    who: str
    when: str
    role: str | None = None  # None: a sign-off of the old form, which named no role


def fingerprint(entry: polib.POEntry) -> str:
    """A short hash of what a reviewer signs: the source and its translation."""
    return notes.pair_hash(entry)


def _sign_offs(entry: polib.POEntry) -> tuple[notes.SignOff, ...]:
    text = entry.tcomment
    if not text or "reviewed:" not in text:
        return ()
    return _parsed_sign_offs(text)


@lru_cache(maxsize=4096)
def _parsed_sign_offs(text: str) -> tuple[notes.SignOff, ...]:
    return tuple(notes.sign_offs_in(text))


def _holds(entry: polib.POEntry, found: tuple[notes.SignOff, ...]) -> bool:
    """Whether one of the entry's sign-offs (``found``) holds for its text: ``review_of``."""
    if not found:
        return False
    pair = fingerprint(entry)
    return any(s.pair == pair for s in found)


def _source_moved(entry: polib.POEntry, found: tuple[notes.SignOff, ...]) -> bool:
    """Whether the entry has sign-offs (``found``) and none was made for its source."""
    if not found:
        return False
    src = notes.source_hash(entry)
    return not any(s.src == src for s in found)


def sign_offs(entry: polib.POEntry) -> list[tuple[Review, bool]]:
    """Every sign-off recorded on an entry, and whether it still holds for its text."""
    pair = fingerprint(entry)
    return [(Review(s.who, s.when, s.role), s.pair == pair) for s in _sign_offs(entry)]


def reviews(entry: polib.POEntry) -> list[Review]:
    """The sign-offs that still hold for the entry's text (one per role at most)."""
    return [review for review, valid in sign_offs(entry) if valid]


def signed_by(entry: polib.POEntry, role: str) -> bool:
    """Whether ``role`` has signed the entry's current text."""
    pair = fingerprint(entry)
    return any(s.pair == pair and s.role == role for s in _sign_offs(entry))


def review_of(entry: polib.POEntry) -> Review | None:
    """The entry's valid sign-off, if its text is still what was signed."""
    found = reviews(entry)
    return found[-1] if found else None


def source_changed(entry: polib.POEntry) -> notes.SignOff | None:
    """The sign-off an entry's source no longer matches, when none holds any more.

    An entry edited after review (its source unchanged) is only translated; one whose
    source changed since review, outside ``l10n update`` (msgmerge, Poedit, a hand
    edit), has a translation older than its text. An old-form sign-off records one
    hash only, so when it no longer holds, its source is taken to have changed.
    """
    found = _sign_offs(entry)
    if _holds(entry, found) or not _source_moved(entry, found):
        return None
    return found[-1]


def state(entry: polib.POEntry) -> State:
    if not entry.msgstr:
        return State.MISSING
    return _memo(_STATES, entry, _state)


_STATES: dict[tuple[Any, ...], State] = {}  # an entry's state, by every field it depends on
_PUBLISHED: dict[tuple[Any, ...], bool] = {}
_T = TypeVar("_T")


def published(entry: polib.POEntry) -> bool:
    """``catalogs.is_published``, computed once per entry text (it reads the same fields)."""
    if not entry.msgstr:
        return False
    return _memo(_PUBLISHED, entry, is_published)


def _memo(
    cache: dict[tuple[Any, ...], _T], entry: polib.POEntry, compute: Callable[[polib.POEntry], _T]
) -> _T:
    """``compute(entry)`` once per content of the entry; the cache is bounded."""
    plural = entry.msgstr_plural
    key = (  # every field a state depends on
        entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
        tuple(sorted(plural.items())) if plural else (), tuple(entry.flags), entry.tcomment,
        entry.obsolete, entry.previous_msgid,
    )
    found = cache.get(key)
    if found is None:
        found = compute(entry)
        if len(cache) >= 1 << 12:  # an article's entries in every locale
            cache.clear()
        cache[key] = found
    return found


def _state(entry: polib.POEntry) -> State:
    if "fuzzy" in entry.flags or is_pseudo(entry):
        return State.DRAFT
    found = _sign_offs(entry)  # ``review_of``, then ``source_changed``: no Review objects
    if _holds(entry, found):
        return State.REVIEWED
    if _source_moved(entry, found):
        return State.STALE
    # a translation another tool carried across a change of meaning is not one
    return State.TRANSLATED if is_published(entry) else State.DRAFT


def is_critical(entry: polib.POEntry) -> bool:
    """Whether the template marks the entry critical (``#. critical: WHY``)."""
    return "critical:" in (entry.comment or "")


def reviewed_as_required(
    entry: polib.POEntry, rule: bool | RoleTable, critical: bool | None = None
) -> bool:
    """Whether the entry's valid sign-offs meet ``rule``: ``require_review`` as configured.

    ``True`` (or False, for critical blocks): a sign-off of any role. A role table
    (``critical`` and ``default`` lists): every role it names for the entry's kind
    (none named: no review needed). An old-form sign-off names no role.
    """
    if critical is None:
        critical = is_critical(entry)
    needed = rule.needed(critical) if isinstance(rule, RoleTable) else None
    if needed is not None and not needed:
        return True
    if needed is None:
        return _holds(entry, _sign_offs(entry))
    have = reviews(entry)
    roles = {r.role for r in have}
    return all(role in roles for role in needed)


def guard_note(reason: str, old: polib.POEntry) -> str:
    """The translator comment left where a meaning change withheld the old translation."""
    blocks = notes.guard_notes(reason, old.msgid, old.msgstr)
    return notes.render(blocks)


def reviewer_name(who: str) -> str:
    """A reviewer's name as recorded: on one line."""
    return " ".join(who.split())


def valid_waivers(entry: polib.POEntry) -> list[notes.Waiver]:
    """Waivers recorded for the entry's current text (an edit voids them)."""
    text = entry.tcomment
    if not text or "waived:" not in text:
        return []
    pair = fingerprint(entry)
    return [w for w in notes.waivers(notes.parse(text)) if w.pair == pair and w.check in WAIVABLE]


def unsigned(tcomment: str | None) -> str:
    """Translator comments without sign-offs and waivers: for a translation proposed
    for another source text (``update``), which no reviewer has seen there."""
    if not tcomment or ("reviewed:" not in tcomment and "waived:" not in tcomment):
        return tcomment or ""
    blocks = notes.parse(tcomment)
    spans = [(r.index, r.span) for r in notes.sign_offs(blocks)]
    spans += [(w.index, w.span) for w in notes.waivers(blocks)]
    drop = {i for start, span in spans for i in range(start, start + span)}
    return notes.render(notes.without(blocks, drop))


def sign(entry: polib.POEntry, who: str, when: str, role: str = "linguist") -> None:
    """Record a reviewer's sign-off in ``role``.

    Every line of a note the sign-off retires goes: sign-offs that no longer hold,
    the same role's earlier sign-off, waivers voided by an edit, and the
    meaning-change notes (the reviewer has now seen the new text).
    """
    blocks = notes.parse(entry.tcomment)
    pair = fingerprint(entry)
    drop: set[int] = {i for i, b in enumerate(blocks) if b.key in notes.GUARD}
    for s in notes.sign_offs(blocks):
        if s.pair != pair or s.role == role:
            drop.update(range(s.index, s.index + s.span))
    for w in notes.waivers(blocks):
        if w.pair != pair:
            drop.update(range(w.index, w.index + w.span))
    kept = notes.without(blocks, drop)
    new = notes.signed_note(when, reviewer_name(who), role, notes.source_hash(entry), pair)
    entry.tcomment = notes.render([*kept, *new])


def waive(entry: polib.POEntry, check: str, who: str, role: str, when: str, reason: str) -> None:
    """Record a waiver of one heuristic finding, bound to the entry's current text."""
    from l10n.errors import UsageError

    if check not in WAIVABLE:
        raise UsageError(
            f"[{check}] cannot be waived (only {', '.join(sorted(WAIVABLE))})"
        )
    if not " ".join(reason.split()):
        raise UsageError("a waiver needs a reason")
    blocks = notes.parse(entry.tcomment)
    pair = fingerprint(entry)
    drop = {
        i
        for w in notes.waivers(blocks)
        if w.pair != pair or w.check == check
        for i in range(w.index, w.index + w.span)
    }
    kept = notes.without(blocks, drop)
    new = notes.waiver_note(check, when, pair, reviewer_name(who), role, reason)
    entry.tcomment = notes.render([*kept, *new])


def role_counts(po: polib.POFile) -> dict[str, int]:
    """Active entries whose current text each role has signed ("unspecified": old form)."""
    counts = dict.fromkeys((*ROLES, "unspecified"), 0)
    for entry in po:
        if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags:
            continue
        for role in {r.role or "unspecified" for r in reviews(entry)}:
            counts[role] += 1
    return counts


def waivers_in(po: polib.POFile) -> list[tuple[polib.POEntry, notes.Waiver]]:
    """Every valid waiver of the active entries, with its entry."""
    return [(e, w) for e in po if not e.obsolete for w in valid_waivers(e)]
