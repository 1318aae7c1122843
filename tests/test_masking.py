"""Masking: what engines must not touch is hidden, restored exactly once, or refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.mt.masking import (
    MaskError,
    has_words,
    join_pieces,
    mask,
    sentence_spans,
    split_masked,
    split_sentences,
    unmask,
)

REPO = Path(__file__).resolve().parent.parent
TERMS = ["NMDA", "AMPA", "GABA", "BDNF", "mTOR", "Ketamine Wellness Centers"]


def originals(text: str, **kw: object) -> dict[str, str]:
    m = mask(text, **kw)  # type: ignore[arg-type]
    return {k.original: k.kind for k in m.masks}


@pytest.mark.parametrize(
    ("text", "hidden", "kind"),
    [
        ("Run `ketamine --help` now.", "`ketamine --help`", "code"),
        ("Use ``a `b` c`` here.", "``a `b` c``", "code"),
        ("See https://example.org/a_b?x=1.", "https://example.org/a_b?x=1", "url"),
        ("Go to www.example.org, then rest.", "www.example.org", "url"),
        ("Write to care@clinic.example now.", "care@clinic.example", "url"),
        ("Open <https://example.org/x> today.", "<https://example.org/x>", "url"),
        ("A line<br/>break and <sup>2</sup>.", "<br/>", "html"),
        ("Fish &amp; chips.", "&amp;", "entity"),
        ("Not \\*emphasis\\* at all.", "\\*", "escape"),
        ("The NMDA receptor.", "NMDA", "term"),
        ("Visit Ketamine Wellness Centers soon.", "Ketamine Wellness Centers", "term"),
        ("Take 0.5 mg/kg over 40 minutes.", "0.5 mg/kg", "number"),
        ("About 70% respond.", "70%", "number"),
        ("In 2023 we saw 1,000 patients.", "1,000", "number"),
        ("A literal X7X in the text.", "X7X", "literal"),
    ],
)
def test_protected_parts_are_hidden(text: str, hidden: str, kind: str) -> None:
    m = mask(text, terms=TERMS)
    assert hidden not in m.text
    assert originals(text, terms=TERMS)[hidden] == kind
    assert unmask(m.text, m) == text


def test_links_keep_their_text_translatable_and_their_target_hidden() -> None:
    text = 'Read [our guide](https://example.org/guide "Guide") and ![a brain](img/b.png).'
    m = mask(text)
    assert "our guide" in m.text and "a brain" in m.text
    assert "example.org" not in m.text and "img/b.png" not in m.text
    kinds = [k.kind for k in m.masks]
    assert kinds == ["link_open", "link_close", "link_open", "link_close"]
    assert unmask(m.text, m) == text


def test_reference_links_and_emphasis_are_paired() -> None:
    text = "A [reference link][1] and **strong** and *em* and __bold__ text."
    m = mask(text)
    assert "reference link" in m.text and "strong" in m.text
    assert all(c not in m.text for c in "*_[]")
    assert unmask(m.text, m) == text


def test_intraword_underscores_are_not_emphasis() -> None:
    text = "The snake_case_name stays."
    assert mask(text).masks == ()


def test_touching_parts_are_one_token() -> None:
    m = mask("Ketamine blocks the **NMDA** receptor at **0.5 mg/kg**.", locale="es", terms=TERMS)
    assert m.text == "Ketamine blocks the X1X receptor at X2X."
    assert [k.kind for k in m.masks] == ["group", "group"]
    assert unmask("La cetamina bloquea el receptor X1X con X2X.", m) == (
        "La cetamina bloquea el receptor **NMDA** con **0,5 mg/kg**."
    )


def test_glued_tokens_get_spaces_that_are_taken_back() -> None:
    text = "Run x`code`y now."
    m = mask(text)
    assert m.text == "Run x X1X y now."
    assert unmask(m.text, m) == text
    assert unmask("Ejecute x X1X y ahora.", m) == "Ejecute x`code`y ahora."


@pytest.mark.parametrize(
    ("locale", "source", "expected"),
    [
        ("es", "0.5 mg/kg", "0,5 mg/kg"),
        ("es", "2.50 mg", "2,50 mg"),
        ("pt_BR", "2.5 mg", "2,5 mg"),
        ("es", "1,000", "1.000"),
        ("pt_BR", "10,000.5", "10.000,5"),
        ("es", "2023", "2023"),
        ("es", "70%", "70\u00a0%"),
        ("pt_BR", "70%", "70%"),
        ("es", "40", "40"),
        ("en", "2.5 mg", "2.5 mg"),
    ],
)
def test_numbers_come_back_in_target_notation(locale: str, source: str, expected: str) -> None:
    m = mask(f"Give {source} now.", locale=locale)
    assert unmask(m.text, m) == f"Give {expected} now."


def test_ordinals_and_names_with_digits_are_left_to_the_engine() -> None:
    assert mask("The 1st dose, COVID-19 and 5-HT.").masks[1:] == ()  # only "5" is a number
    assert [k.original for k in mask("The 1st dose and COVID-19.").masks] == []


@pytest.mark.parametrize(
    ("translated", "problem"),
    [
        ("Una dosis X1X de X2X.", "X3X (2.5 mg) is missing"),
        ("Una X1X X1X X2X X3X.", "X1X (**) appears 2 times"),
        ("Una X1X X2X X3X X9X.", "X9X is not a placeholder"),
        ("Una X3X X2X X1X.", "X1X (**) comes after its closing X2X"),
    ],
)
def test_a_lost_repeated_invented_or_reordered_token_is_refused(
    translated: str, problem: str
) -> None:
    m = mask("A **dose** of 2.5 mg.")
    assert [k.token for k in m.masks] == ["X1X", "X2X", "X3X"]
    with pytest.raises(MaskError) as caught:
        unmask(translated, m)
    assert problem in str(caught.value)


def test_sentences_split_on_masked_text() -> None:
    text = (
        "Dr. Smith gave 2.5 mg at https://example.org/a.b today. It worked! "
        "Did it? Yes, e.g. for pain.\nA new line."
    )
    assert split_sentences(text) == [
        "Dr. Smith gave 2.5 mg at https://example.org/a.b today.",
        "It worked!",
        "Did it?",
        "Yes, e.g. for pain.",
        "A new line.",
    ]
    assert [before for before, _ in sentence_spans(text)] == ["", " ", " ", " ", "\n"]


def test_pieces_are_renumbered_and_joined_back() -> None:
    m = mask("See [this](a.md). Then **that** one. ", locale="es")
    pieces, trail = split_masked(m.text)
    assert [p.text for p in pieces] == ["See X1X this X2X.", "Then X1X that X2X one."]
    assert pieces[1].tokens == ("X3X", "X4X")
    assert trail == " "
    assert unmask(join_pieces(pieces, [p.text for p in pieces], trail), m) == m.source


def test_long_sentences_are_cut_under_the_limit() -> None:
    sentence = ", ".join(f"clause number {i} with words" for i in range(40)) + "."
    pieces, trail = split_masked(sentence, max_chars=100)
    assert len(pieces) > 5 and all(len(p.text) <= 100 for p in pieces)
    assert join_pieces(pieces, [p.text for p in pieces], trail) == sentence


def test_text_without_words_needs_no_engine() -> None:
    assert not has_words(mask("2.5 mg").text)
    assert not has_words(mask("**NMDA**", terms=TERMS).text)
    assert has_words(mask("Take 2.5 mg").text)


def _article_segments() -> list[str]:
    from l10n.extract import template
    from l10n.markdown import parse_article

    segments: list[str] = []
    for path in sorted((REPO / "source").glob("*.md")):
        article = parse_article(path.read_text("utf-8"), path.name)
        segments += [e.msgid for e in template(article, path.stem, "2026-01-01 00:00+0000")]
    return [s for s in segments if s]


def test_every_placeable_of_the_articles_is_masked_and_restored() -> None:
    from l10n.quality.placeables import find_placeables

    segments = _article_segments()
    assert len(segments) > 50
    for text in segments:
        m = mask(text, locale="es", terms=TERMS)
        for p in find_placeables(text, "en", TERMS):
            if p.kind in ("url", "email", "link_target", "code", "html_tag", "image", "term"):
                assert p.text not in m.text, (p, text)
        plain = mask(text, terms=TERMS)
        assert unmask(plain.text, plain) == text


_FRAGMENTS = st.sampled_from(
    [
        "the brain",
        "NMDA",
        "**strong**",
        "*em*",
        "`code`",
        "[link](https://x.org/a)",
        "2.5 mg",
        "70%",
        "1,000",
        "<br>",
        "&amp;",
        "X4X",
        "e.g.",
        "Dr.",
        ". ",
        ", ",
        "\n",
        "under_score",
        "(",
        ")",
        "!",
        "?",
        " ",
        "Ketamine",
        "www.example.org",
        "a@b.org",
        "![alt](i.png)",
        "\\*",
        "_",
        "*",
        "[",
        "]",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=12).map("".join))
def test_mask_then_unmask_is_identity(text: str) -> None:
    m = mask(text, terms=TERMS)
    assert not re.search(r"X\d+X", re.sub(r"X\d+X", "", m.text))
    assert unmask(m.text, m) == text
    pieces, trail = split_masked(m.text, max_chars=30)
    assert unmask(join_pieces(pieces, [p.text for p in pieces], trail), m) == text
