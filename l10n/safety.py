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
  and Weblate all keep: ``# machine draft: ENGINE, DATE`` then
  ``# reviewed: DATE sha1:HASH by NAME``. The hash covers msgid and msgstr, so an
  edit after sign-off voids the signature. Date and hash come first, so a tool that
  wraps long comments (polib does) can only split the name.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum

import polib

from l10n.catalogs import is_published
from l10n.glossary import Glossary
from l10n.placeables import find_placeables

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
_PERCENT = re.compile(r"\d\s?%|\bpercent\b", re.IGNORECASE)
_SIDE_EFFECTS = re.compile(r"\bside[- ]effects?\b|\badverse\b|\brisks?\b", re.IGNORECASE)
_WARNING = re.compile(
    r"\b(?:warning|caution|danger|overdose|contraindicat\w*|emergency)\b"
    r"|(?:^|[.!?:]\s+)(?:do not|don['’]t|never|avoid|stop)\b",  # an imperative
    re.IGNORECASE,
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
    from l10n.placeables import _unit_name

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
    before = entry.previous_msgid
    if not before or not entry.msgstr or before == entry.msgid:
        return None
    reason = meaning_change(before, entry.msgid, glossary)
    if reason is None:
        return None
    return (
        f"translation accepted across a meaning change, {reason}: it translates the previous"
        f' source "{_flat(before)}", not "{_flat(entry.msgid)}"'
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def critical_reason(text: str) -> str | None:
    """Why a block's text makes it critical by default, or None."""
    if _DOSE.search(text):
        return "states a dose"
    if _PERCENT.search(text):
        return "states a percentage"
    if _SIDE_EFFECTS.search(text):
        return "states side effects or risks"
    if _WARNING.search(text):
        return "states a warning"
    return None


# --- review provenance ----------------------------------------------------------------

_REVIEWED = re.compile(
    r"^reviewed: (?P<when>\d{4}-\d\d-\d\d) sha1:(?P<hash>[0-9a-f]{12})(?: by (?P<who>.*))?$"
)
DRAFT_PREFIX = "machine draft:"


class State(str, Enum):
    """Where an entry stands on its way to the page."""

    REVIEWED = "reviewed"
    TRANSLATED = "translated"  # by a person, or a draft a person accepted; not signed
    DRAFT = "draft"  # fuzzy: a machine draft or a proposal after a source change
    MISSING = "missing"


@dataclass(frozen=True)
class Review:
    who: str
    when: str


def fingerprint(entry: polib.POEntry) -> str:
    """A short hash of what a reviewer signs: the source and its translation."""
    data = f"{entry.msgctxt or ''}\x04{entry.msgid}\x00{entry.msgstr}".encode()
    return hashlib.sha1(data).hexdigest()[:12]


def sign_offs(entry: polib.POEntry) -> list[tuple[Review, bool]]:
    """Every sign-off recorded on an entry, and whether it still holds for its text."""
    found = []
    for line in (entry.tcomment or "").splitlines():
        m = _REVIEWED.match(line.strip())
        if m:
            review = Review((m.group("who") or "").strip() or "unknown", m.group("when"))
            found.append((review, m.group("hash") == fingerprint(entry)))
    return found


def review_of(entry: polib.POEntry) -> Review | None:
    """The entry's valid sign-off, if its text is still what was signed."""
    for review, valid in sign_offs(entry):
        if valid:
            return review
    return None


def state(entry: polib.POEntry) -> State:
    if not entry.msgstr:
        return State.MISSING
    if "fuzzy" in entry.flags or not is_published(entry):  # pseudo text, carried across
        return State.DRAFT
    return State.REVIEWED if review_of(entry) else State.TRANSLATED


GUARD_PREFIXES = ("meaning changed:", "previous source:", "previous translation:")


def guard_note(reason: str, old: polib.POEntry) -> str:
    """The translator comment left where a meaning change withheld the old translation."""
    def flat(text: str) -> str:
        return " ".join(text.split())

    return "\n".join(
        [
            f"meaning changed: {reason}; the old translation is not proposed",
            f"previous source: {flat(old.msgid)}",
            f"previous translation: {flat(old.msgstr)}",
        ]
    )


def reviewer_name(who: str) -> str:
    """A reviewer's name as recorded: on one line."""
    return " ".join(who.split())


def sign(entry: polib.POEntry, who: str, when: str) -> None:
    """Record a reviewer's sign-off.

    A voided sign-off and the meaning-change notes (the reviewer has now seen the
    new text) are replaced by the new sign-off line.
    """
    lines = [
        line
        for line in (entry.tcomment or "").splitlines()
        if not line.startswith(("reviewed:", *GUARD_PREFIXES))
    ]
    lines.append(f"reviewed: {when} sha1:{fingerprint(entry)} by {reviewer_name(who)}")
    entry.tcomment = "\n".join(lines)
