"""Sentences of a unit of prose, in any of the project's languages (pure).

Rules:
- A sentence ends at ``.``, ``!``, ``?``, ``…``, the Arabic question mark ``؟`` or a line
  break. After the mark may come closing quotes or brackets, then whitespace, then the
  next sentence, which must not start with a lowercase letter ("e.g. the" goes on).
- A period after a known abbreviation (``Dr.``, ``e.g.``, ``p. ej.``, ``z. B.``) or a
  single capital (an initial) does not end a sentence; nor does one inside a number
  (``2.5``), since no space follows it.
- Each sentence keeps its offset in the text, so a caller can quote or mask it.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["language_of", "split"]

_ABBREVIATIONS = frozenset(
    [
        "a.c", "al", "approx", "art", "bzw", "ca", "cap", "cf", "d.h", "dept", "dh",
        "dr", "dra", "drs", "e.g", "ej", "etc", "evtl", "fig", "ggf", "i.e", "inc",
        "jr", "ltd", "mlle", "mme", "mr", "mrs", "ms", "no", "nº", "núm", "p.ej",
        "prof", "pág", "s.a", "sr", "sra", "sres", "srta", "st", "ud", "uds", "usw",
        "vd", "vol", "vs", "z.b", "zb"
    ]
)
_END = re.compile(r"[.!?…؟]+[\"'”’»)\]]*(\s+)|\n+")
_LAST_WORD = re.compile(r"(\S+?)[.!?…؟]+[\"'”’»)\]]*$")


def split(text: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` as (offset, sentence), stripped, none empty."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group(0)[0] != "\n":
            nxt = text[m.end() : m.end() + 2].lstrip("\"'“‘«([¿¡")
            if nxt[:1].islower():
                continue
            last = _LAST_WORD.match(text, _word_start(text, start, m.start(1)), m.start(1))
            if last is not None:
                word = last.group(1).lower().replace(" ", "")
                if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
        _add(out, text, start, m.start(1) if m.lastindex else m.start())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _word_start(text: str, start: int, end: int) -> int:
    """Where the run of non-space characters that ends at ``end`` starts (not before
    ``start``): the only place ``_LAST_WORD`` can match, since it matches no space."""
    while end > start and not text[end - 1].isspace():
        end -= 1
    return end


def _add(out: list[tuple[int, str]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        out.append((start + len(piece) - len(piece.lstrip()), stripped))


@lru_cache(maxsize=64)
def language_of(locale: str) -> str:
    """The language part of a locale code: ``pt_BR`` -> ``pt``, ``zh-Hant`` -> ``zh``."""
    return re.split(r"[_@.-]", locale, maxsplit=1)[0].lower()
