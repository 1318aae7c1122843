"""How messages count things: ``1 entry``, ``2 entries``, ``0 entries``, ``1,234 characters``.

Rules: every count printed with its noun goes through ``count``, so no message ever says
"1 entries". Messages are English; the noun's plural is given where adding "s" is wrong.
"""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun`` in grammatical number, with thousands separated by commas."""
    word = noun if number == 1 else plural or noun + "s"
    return f"{number:,} {word}"
