"""The grammar of the notes l10n keeps in translator comments (pure).

Rules:
- A note is ``KEY: TEXT`` on a translator comment line (``# KEY: TEXT``). Every line
  l10n writes is at most 70 characters with its ``# ``, so no editor re-wraps it
  (polib wraps at 78, pybabel at 76, GNU gettext never wraps comments).
- A longer text goes on continuation lines right after it: ``# + TEXT`` continues
  the note with a space, ``# +TEXT`` without one (a word longer than a line).
- The keys: ``reviewed`` (date, role, hash of the source, hash of source and
  translation), followed by ``reviewer`` (role, then name); ``waived`` (check id,
  date, hash of the pair), followed by ``waived by`` (check id, role, name) and
  ``waiver reason`` (check id, reason); ``machine draft`` (engine, date, hash of the
  draft text); ``glossary``; ``imported`` (file, date: a translation imported from an
  agency's XLIFF); and the meaning-change guard's ``previous source``,
  ``previous translation`` and ``meaning changed``.
- No two lines of one entry's notes are the same (pybabel keeps only the first of
  equal comment lines): each line of a record names its role or its check.
- The reader also accepts the forms written before this grammar
  (``reviewed: DATE sha1:HASH by NAME``, ``reviewed: NAME, DATE, sha1:HASH``,
  ``machine draft: ENGINE, DATE``) and puts back together those an editor wrapped,
  only from plain lines that complete them: a "meaning changed" note up to its "not
  proposed", a previous source up to the previous translation that followed it, and
  a long line (longer than this grammar's) whose next line's first word would not
  have fitted on it at 76 columns. A line that completes nothing stays the
  translator's own, so retiring a note never takes a translator's line with it.
- A record line (``reviewed``, ``waived``, ``machine draft``) split by an editor with
  a narrower width takes back the plain lines after it that complete its fields.
- Any other comment line is the translator's own and is kept as it is.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import polib

from l10n.config import ROLES

WIDTH = 70  # a whole comment line, "# " included
WRAPPED_AT = 76  # the narrowest width an editor re-wraps old long lines at (pybabel)

REVIEWED = "reviewed"
REVIEWER = "reviewer"
WAIVED = "waived"
WAIVED_BY = "waived by"
WAIVER_REASON = "waiver reason"
DRAFT = "machine draft"
GLOSSARY = "glossary"
IMPORTED = "imported"
MEANING = "meaning changed"
PREVIOUS_SOURCE = "previous source"
PREVIOUS_TRANSLATION = "previous translation"
GUARD = (MEANING, PREVIOUS_SOURCE, PREVIOUS_TRANSLATION)
KEYS = (REVIEWED, REVIEWER, WAIVED, WAIVED_BY, WAIVER_REASON, DRAFT, GLOSSARY, IMPORTED, *GUARD)
NOT_PROPOSED = "the old translation is not proposed"

_KEY_NAMES = "|".join(re.escape(k) for k in sorted(KEYS, key=len, reverse=True))
_KEY = re.compile(rf"^({_KEY_NAMES}):(?:\s|$)")
_DATE = r"\d{4}-\d\d-\d\d"
_HASH = r"[0-9a-f]{12}"
_NEW_REVIEWED = re.compile(
    rf"^(?P<when>{_DATE})(?: (?P<role>[a-z]+))? src:(?P<src>{_HASH}) pair:(?P<pair>{_HASH})$"
)
_OLD_REVIEWED = re.compile(rf"^(?P<when>{_DATE}) sha1:(?P<pair>{_HASH})(?: by (?P<who>.*))?$")
_README_REVIEWED = re.compile(rf"^(?P<who>.+), (?P<when>{_DATE}), sha1:(?P<pair>{_HASH})$")
_WAIVED = re.compile(rf"^(?P<check>[a-z][a-z0-9-]*) (?P<when>{_DATE}) pair:(?P<pair>{_HASH})$")
_DRAFT = re.compile(rf"^(?P<engine>.+?), (?P<when>{_DATE})(?: mt:(?P<hash>{_HASH}))?$")


# --- hashes --------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _sha(data: str) -> str:
    return hashlib.sha1(data.encode()).hexdigest()[:12]


def source_hash(entry: polib.POEntry) -> str:
    """A short hash of what the entry translates: context and source text."""
    plural = f"\x00{entry.msgid_plural}" if entry.msgid_plural else ""
    return _sha(f"{entry.msgctxt or ''}\x04{entry.msgid}{plural}")


def pair_hash(entry: polib.POEntry) -> str:
    """A short hash of the source and its translation (what a reviewer signs)."""
    forms = entry.msgstr_plural
    plural = "".join(f"\x00{k}\x00{v}" for k, v in sorted(forms.items())) if forms else ""
    return _sha(f"{entry.msgctxt or ''}\x04{entry.msgid}\x00{entry.msgstr}{plural}")


def text_hash(text: str) -> str:
    """A short hash of a text (a machine draft as the engine wrote it)."""
    return _sha(text)


# --- lines ---------------------------------------------------------------------------


def format_note(key: str, text: str, width: int = WIDTH) -> list[str]:
    """``KEY: TEXT`` as comment lines (without ``# ``) of at most ``width`` with ``# ``."""
    room = width - 2
    lines: list[str] = []
    current = f"{key}:"
    for word in text.split():
        if len(current) + 1 + len(word) <= room:
            current += " " + word
            continue
        lines.append(current)
        current, rest = "+ " + word[: room - 2], word[room - 2 :]
        while rest:  # a word longer than a line goes on, joined without a space
            lines.append(current)
            current, rest = "+" + rest[: room - 1], rest[room - 1 :]
    lines.append(current)
    return lines


@dataclass
class Block:
    """One note (``key``) or one line of the translator's own (``key`` None)."""

    key: str | None
    text: str
    lines: list[str] = field(default_factory=list)
    continued: bool = False  # has explicit "+" continuation lines
    old: bool = False  # wrapped by an editor, or in a form this grammar replaced


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0]


def parse(tcomment: str | None) -> list[Block]:
    """Translator comments as notes and the translator's own lines, in order."""
    blocks: list[Block] = []
    for line in (tcomment or "").splitlines():
        stripped = line.strip()
        m = _KEY.match(stripped)
        if m:
            key = m.group(1)
            blocks.append(Block(key, stripped[len(key) + 1 :].strip(), [line]))
            continue
        last = blocks[-1] if blocks else None
        if last is not None and last.key is not None and stripped.startswith("+") and (
            last.continued or len(last.lines) == 1
        ):
            rest = stripped[1:]
            spaced = rest.startswith(" ") and bool(last.text)
            last.text += (" " + rest[1:]) if spaced else rest.lstrip(" ")
            last.lines.append(line)
            last.continued = True
            continue
        blocks.append(Block(None, stripped, [line]))
    return _rejoin(blocks)


_RECORDS = {REVIEWED: _NEW_REVIEWED, WAIVED: _WAIVED, DRAFT: _DRAFT}


def _ends(blocks: list[Block], i: int, done: Callable[[str, int], bool], most: int) -> int:
    """The index of the last plain block after ``blocks[i]`` that, joined to it, makes
    ``done(text, j)`` true, within ``most`` blocks; ``i`` when there is none."""
    text = blocks[i].text
    for j in range(i + 1, min(i + 1 + most, len(blocks))):
        nxt = blocks[j]
        if nxt.key is not None or not nxt.text:
            return i
        text += " " + nxt.text
        if done(text, j):
            return j
    return i


def _matches(pattern: re.Pattern[str], text: str, j: int) -> bool:
    return bool(pattern.match(text))


def _followed_by(blocks: list[Block], j: int, key: str) -> bool:
    return j + 1 < len(blocks) and blocks[j + 1].key == key


def _greedy(blocks: list[Block], i: int) -> int:
    """An old long line an editor wrapped at 76 or 78: each piece is longer than this
    grammar's lines, and the next piece's first word did not fit on it."""
    j = i
    while j + 1 < len(blocks):
        last, nxt = blocks[j].lines[-1].strip(), blocks[j + 1]
        if nxt.key is not None or not nxt.text or len("# " + last) <= WIDTH:
            break
        if len("# " + last) + 1 + len(_first_word(nxt.text)) <= WRAPPED_AT:
            break
        j += 1
    return j


def _rejoin(blocks: list[Block]) -> list[Block]:
    """Put back together the notes of the old forms an editor wrapped, and record lines
    a narrow editor split, from the plain lines after them that complete them; a line
    that completes nothing stays the translator's own."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        end = i
        if b.key is not None and not b.continued:
            before = out[-1].key if out else None
            pattern = _RECORDS.get(b.key)
            if b.key == REVIEWED and " by " in b.text:  # the old form, the name last
                end = _greedy(blocks, i)
            elif pattern is not None and not pattern.match(b.text):
                end = _ends(blocks, i, functools.partial(_matches, pattern), 3)
            elif b.key == MEANING and not b.text.endswith("not proposed"):
                end = _ends(blocks, i, lambda t, j: t.endswith(NOT_PROPOSED), 6)
            elif b.key == PREVIOUS_SOURCE and before == MEANING:  # the old order
                end = _ends(blocks, i, lambda t, j: _followed_by(blocks, j, PREVIOUS_TRANSLATION), 8)
            elif (b.key == PREVIOUS_TRANSLATION and before == PREVIOUS_SOURCE
                  and len(out) > 1 and out[-2].key == MEANING):
                end = _greedy(blocks, i)
        if end > i:
            part = blocks[i : end + 1]
            b = Block(b.key, " ".join(x.text for x in part), [ln for x in part for ln in x.lines],
                      old=True)
        out.append(b)
        i = end + 1
    return out


def render(blocks: Iterable[Block]) -> str:
    """Blocks back to a translator comment, each block's lines as they were."""
    return "\n".join(line for b in blocks for line in b.lines)


def note(key: str, text: str) -> Block:
    """A new note in this grammar."""
    return Block(key, " ".join(text.split()), format_note(key, text))


# --- records -------------------------------------------------------------------------


@dataclass(frozen=True)
class SignOff:
    """A reviewer's sign-off; ``src`` is None in the old form (one hash only)."""

    when: str
    who: str
    role: str | None
    src: str | None
    pair: str
    index: int  # of its "reviewed" block
    span: int = 1  # blocks it takes (with its reviewer line)

    @property
    def old_form(self) -> bool:
        return self.src is None


@dataclass(frozen=True)
class Waiver:
    """A reviewer's waiver of one heuristic finding on one version of an entry."""

    check: str
    when: str
    pair: str
    who: str
    role: str | None
    reason: str
    index: int
    span: int = 1


@dataclass(frozen=True)
class Draft:
    """Where a machine draft came from; ``hash`` of the text the engine wrote."""

    engine: str
    when: str
    hash: str | None


def _reviewer(text: str) -> tuple[str | None, str]:
    role, _, name = text.partition(" ")
    if role in ROLES:
        return role, name.strip() or "unknown"
    return None, text.strip() or "unknown"


def sign_offs(blocks: list[Block]) -> list[SignOff]:
    """Every sign-off in the notes, new and old forms."""
    found = []
    for i, b in enumerate(blocks):
        if b.key != REVIEWED:
            continue
        m = _NEW_REVIEWED.match(b.text)
        if m:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            role, who, span = m["role"], "unknown", 1
            if nxt is not None and nxt.key == REVIEWER:
                named, who = _reviewer(nxt.text)
                role, span = role or named, 2
            found.append(SignOff(m["when"], who, role, m["src"], m["pair"], i, span))
            continue
        m = _OLD_REVIEWED.match(b.text) or _README_REVIEWED.match(b.text)
        if m:
            who = " ".join((m["who"] or "").split()) or "unknown"
            found.append(SignOff(m["when"], who, None, None, m["pair"], i))
    return found


_SIGNED_LINE = re.compile(
    rf"reviewed: (?P<when>{_DATE})(?: (?P<role>[a-z]+))? src:(?P<src>{_HASH}) pair:(?P<pair>{_HASH})"
)


def sign_offs_in(tcomment: str | None) -> list[SignOff]:
    """``sign_offs(parse(tcomment))``; notes made only of sign-offs as this grammar
    writes them (a ``reviewed`` line, then its ``reviewer`` line) are read line by line
    without building their blocks."""
    lines = (tcomment or "").splitlines()
    if not lines or len(lines) % 2:
        return sign_offs(parse(tcomment))
    found = []
    for i in range(0, len(lines), 2):
        m = _SIGNED_LINE.fullmatch(lines[i])
        named = lines[i + 1]
        if m is None or not named.startswith(f"{REVIEWER}: "):
            return sign_offs(parse(tcomment))
        role, who = _reviewer(named[len(REVIEWER) + 2 :].strip())
        found.append(_sign_off(m["when"], who, m["role"] or role, m["src"], m["pair"], i))
    return found


_new_object = object.__new__
_set_attribute = object.__setattr__


def _sign_off(when: str, who: str, role: str | None, src: str, pair: str, index: int) -> SignOff:
    """``SignOff(when, who, role, src, pair, index, 2)``, its fields set at once rather
    than by the frozen dataclass's ``__init__``, one ``object.__setattr__`` call each."""
    made = _new_object(SignOff)
    _set_attribute(made, "__dict__", {
        "when": when, "who": who, "role": role, "src": src, "pair": pair, "index": index, "span": 2
    })  # fmt: skip
    return made


def waivers(blocks: list[Block]) -> list[Waiver]:
    """Every waiver in the notes."""
    found = []
    for i, b in enumerate(blocks):
        m = _WAIVED.match(b.text) if b.key == WAIVED else None
        if not m:
            continue
        check = m["check"]
        role, who, reason, span = None, "unknown", "", 1
        for nxt in blocks[i + 1 : i + 3]:
            head, _, rest = nxt.text.partition(" " if nxt.key == WAIVED_BY else ": ")
            if nxt.key == WAIVED_BY and head == check:
                role, who = _reviewer(rest)
            elif nxt.key == WAIVER_REASON and head == check:
                reason = rest.strip()
            else:
                break
            span += 1
        found.append(Waiver(check, m["when"], m["pair"], who, role, reason, i, span))
    return found


def draft_of(blocks: list[Block]) -> Draft | None:
    """The machine-draft provenance in the notes, if any."""
    for b in blocks:
        if b.key == DRAFT:
            m = _DRAFT.match(b.text)
            if m:
                return Draft(m["engine"], m["when"], m["hash"])
            return Draft(b.text, "", None)
    return None


def texts(blocks: list[Block], key: str) -> list[str]:
    """The whole text of every note with ``key``."""
    return [b.text for b in blocks if b.key == key]


def own_lines(blocks: list[Block]) -> list[str]:
    """The translator's own comment lines (not notes of this grammar)."""
    return [b.text for b in blocks if b.key is None and b.text]


# --- writing -------------------------------------------------------------------------


def signed_note(when: str, who: str, role: str, src: str, pair: str) -> list[Block]:
    """The two notes of a sign-off."""
    return [note(REVIEWED, f"{when} {role} src:{src} pair:{pair}"), note(REVIEWER, f"{role} {who}")]


def waiver_note(check: str, when: str, pair: str, who: str, role: str, reason: str) -> list[Block]:
    """The three notes of a waiver."""
    return [
        note(WAIVED, f"{check} {when} pair:{pair}"),
        note(WAIVED_BY, f"{check} {role} {who}"),
        note(WAIVER_REASON, f"{check}: {reason}"),
    ]


def draft_note(engine: str, when: str, text: str) -> Block:
    """Provenance of a machine draft, with a hash of what the engine wrote."""
    return note(DRAFT, f"{engine}, {when} mt:{text_hash(text)}")


def guard_notes(reason: str, old_source: str, old_translation: str) -> list[Block]:
    """What the meaning-change guard leaves: old texts first, the reason last."""
    return [
        note(PREVIOUS_SOURCE, old_source),
        note(PREVIOUS_TRANSLATION, old_translation),
        note(MEANING, f"{reason}; {NOT_PROPOSED}"),
    ]


def without(blocks: list[Block], drop: Iterable[int]) -> list[Block]:
    """The blocks but those at the indexes ``drop``: every line of each goes."""
    gone = set(drop)
    return [b for i, b in enumerate(blocks) if i not in gone]
