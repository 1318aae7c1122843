"""Properties of the quick paths the checks take: each finds what its plain definition
finds (acronyms, pseudo text, sentence ends after abbreviations)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.quality.checks import check_entry
from l10n.quality.publishable import PSEUDO_LETTERS, pseudo_text
from l10n.quality.sentences import split

# no N, M, D or R: the only acronym near "NMDR" a source can hold is "NMDA"
_AROUND = st.text(alphabet="AB12 -_.aeéñ\u00a0\n(", max_size=12)


def _acronyms(text: str) -> list[str]:
    """Acronyms by their definition: a run of capitals and digits that starts with a
    capital, holds two capitals or more, and is not joined to a word character or "-"."""
    found = []
    for m in re.finditer(r"[A-Z0-9]+", text):
        run, start, end = m.group(), m.start(), m.end()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        joined = (before.isalnum() or before in "_-") or (after.isalnum() or after in "_-")
        if run[0].isalpha() and sum(c.isalpha() for c in run) >= 2 and not joined:
            found.append(run)
    return found


@settings(max_examples=300, deadline=None)
@given(_AROUND, _AROUND)
def test_a_changed_acronym_is_named_where_it_stands_alone(before: str, after: str) -> None:
    source, translation = f"{before}NMDA{after}", f"{before}NMDR{after}"
    messages = [f.message for f in check_entry(source, translation, "es") if f.check == "dnt"]
    named = any('acronym "NMDA" changed to "NMDR"' in m for m in messages)
    assert named == ("NMDA" in _acronyms(source))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aeoxAZÉéñçöîж_² [!] 1.", max_size=40))
def test_pseudo_text_is_half_look_alike_letters(text: str) -> None:
    accented = sum(c in PSEUDO_LETTERS for c in text)
    letters = sum(bool(re.fullmatch(r"[^\W\d_]", c)) for c in text)
    expected = "[!!" in text or "!!]" in text or (accented >= 4 and 2 * accented >= letters)
    assert pseudo_text(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Take", "e.g.", "Dr.", "it.", "No.", "A.", "Now", "2.5", "done!"]),
                max_size=8))
def test_a_sentence_ends_unless_its_last_word_is_an_abbreviation(words: list[str]) -> None:
    text = " ".join(words)
    ends = [
        i for i, w in enumerate(words[:-1])
        if w[-1] in ".!" and w not in ("e.g.", "Dr.", "No.", "A.", "2.5")
        and not words[i + 1][0].islower()
    ]
    assert len(split(text)) == (len(ends) + 1 if words else 0)
