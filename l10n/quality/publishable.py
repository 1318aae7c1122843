"""What never reaches a page, whatever flags a tool left on it (pure).

Rules:
- *Pseudo-localized* text (``l10n draft --engine pseudo``) is for layout testing.
  It is recognized by its provenance comment ``machine draft: pseudo``, by its
  ``[!! ... !!]`` markers, or by its letters: at least 4 letters and half of all
  letters taken from the pseudo engine's accented look-alikes (``Ķéţåmîñé``), a
  share no real language reaches. Such an entry is never published, counted or
  signed, even once its fuzzy flag is gone; to publish a real translation of it,
  delete the ``# machine draft: pseudo`` comment.
- An entry is *foreign* when its msgid is not in the current template: an
  obsolete entry that a round trip through another format (po2xliff/xliff2po)
  brought back as active, or text pasted from another catalog. Foreign entries are
  never counted in progress or percentages, never published and never signed;
  ``l10n update`` makes them obsolete.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache

import polib

# The pseudo engine's look-alikes (l10n/mt/engines/pseudo.py), lower and upper case.
PSEUDO_LETTERS = frozenset("åÅƀçÇđĐéÉĝĜĥĤîÎĵĴķĶļĻñÑöÖŕŔšŠţŢûÛŵŴýÝžŽ")
PSEUDO_PROVENANCE = re.compile(r"^\s*machine draft:\s*pseudo\b", re.MULTILINE)
_MIN_PSEUDO_LETTERS = 4
_PSEUDO_LETTER_RE = re.compile("[" + "".join(sorted(PSEUDO_LETTERS)) + "]")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_NOT_ASCII_LETTERS = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha())


@lru_cache(maxsize=4096)
def pseudo_text(text: str) -> bool:
    """Whether a text is pseudo-localized: markers, or mostly look-alike letters."""
    if "[!!" in text or "!!]" in text:
        return True
    if text.isascii():
        return False
    accented = len(_PSEUDO_LETTER_RE.findall(text))
    if accented < _MIN_PSEUDO_LETTERS:
        return False
    # its ASCII letters alone (a-z, A-Z: letters to _LETTERS_RE too) may outnumber twice
    # the look-alikes: then all its letters do, without listing its words
    if 2 * accented < len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS)):
        return False
    return 2 * accented >= sum(map(len, _LETTERS_RE.findall(text)))


def is_pseudo(entry: polib.POEntry) -> bool:
    """Whether an entry holds pseudo-localized text (by provenance or by its text)."""
    comment = entry.tcomment
    if comment and "pseudo" in comment and PSEUDO_PROVENANCE.search(comment):
        return True
    if pseudo_text(entry.msgstr):
        return True
    return bool(entry.msgstr_plural) and any(map(pseudo_text, entry.msgstr_plural.values()))


def is_foreign(entry: polib.POEntry, known: Container[str] | None) -> bool:
    """Whether an active entry's msgid is missing from the template's (``known``)."""
    return known is not None and not entry.obsolete and entry.msgid not in known


def foreign_entries(po: polib.POFile, known: Container[str] | None) -> list[polib.POEntry]:
    """The catalog's active entries whose msgid the template does not have."""
    if known is None:
        return []
    return [e for e in po if is_foreign(e, known)]
