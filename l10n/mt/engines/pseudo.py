"""Pseudo-localization: shows untranslated strings and layout limits, never publishable.

Rules:
- Letters become accented look-alikes, the text grows by about 30 % and is wrapped
  in ``[!! ... !!]``, so a string that escaped extraction, a truncated label or a
  broken encoding stands out on the page.
- Placeholders (``X<n>X``) are kept as they are, so masked links, code and numbers
  come back intact.
- Its drafts are fuzzy like every draft and carry ``machine draft: pseudo``;
  nothing marks them reviewed, so render never publishes them.
"""

from __future__ import annotations

import math
import re

from l10n.mt.engines import EngineStats

_ACCENTED = str.maketrans(
    "aAbcCdDeEgGhHiIjJkKlLnNoOrRsStTuUwWyYzZ",
    "åÅƀçÇđĐéÉĝĜĥĤîÎĵĴķĶļĻñÑöÖŕŔšŠţŢûÛŵŴýÝžŽ",
)
_TOKEN = re.compile(r"(X\d+X)")
GROWTH = 0.3
_OPEN, _CLOSE = "[!! ", " !!]"


def pseudo(text: str) -> str:
    """``Hello X1X`` -> ``[!! Ĥéļļö X1X ·· !!]``: accented, ~30% longer, bracketed."""
    parts = _TOKEN.split(text)
    body = "".join(p if _TOKEN.fullmatch(p) else p.translate(_ACCENTED) for p in parts)
    pad = max(0, math.ceil(len(text) * (1 + GROWTH)) - len(body) - len(_OPEN) - len(_CLOSE) - 1)
    return f"{_OPEN}{body}{' ' + '·' * pad if pad else ''}{_CLOSE}"


class PseudoEngine:
    """Pseudo-localization; whole segments, not sentences."""

    name = "pseudo"
    remote = False
    max_chars = 1_000_000
    batch_texts = 8
    sentence_units = False

    def __init__(self) -> None:
        self.stats = EngineStats()

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        return [pseudo(t) if t.strip() else t for t in texts]
