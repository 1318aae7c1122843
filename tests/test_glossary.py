"""The glossary: CSV format, matching, locale fallback, errors with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.errors import CatalogError
from l10n.glossary import Glossary, contains_phrase, fold, parse_glossary

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY_PATH = ROOT / "locales" / "glossary.csv"

SMALL = """term,kind,es,pt_BR,pt,note
ketamine,term,ketamina,cetamina,,drug
infusion,term,infusión,infusão,,
NMDA receptor,term,receptor NMDA,receptor NMDA,,
depression,term,depresión,,depressão,pt column only
treatment-resistant depression,term,depresión resistente al tratamiento,,,
side effect,term,efecto secundario | efecto adverso,efeito colateral,,
NMDA,dnt,,,,
Ketamine Infusion Centers,dnt,,,,clinic
"""


@pytest.fixture(scope="module")
def small() -> Glossary:
    return parse_glossary(SMALL, "glossary.csv")


@pytest.fixture(scope="module")
def project() -> Glossary:
    return parse_glossary(GLOSSARY_PATH.read_text(encoding="utf-8"), str(GLOSSARY_PATH))


def terms(glossary: Glossary, text: str) -> list[str]:
    return [e.term for e in glossary.terms_in(text)]


def test_parse(small: Glossary) -> None:
    assert small.locales == ("es", "pt_BR", "pt")
    assert len(small.entries) == 8
    first = small.entries[0]
    assert (first.term, first.kind, dict(first.translations), first.note) == (
        "ketamine",
        "term",
        {"es": "ketamina", "pt_BR": "cetamina"},
        "drug",
    )
    assert small.dnt_terms() == ["NMDA", "Ketamine Infusion Centers"]


def test_terms_match_case_insensitively_with_plurals(small: Glossary) -> None:
    assert terms(small, "KETAMINE infusions, Infusion") == ["ketamine", "infusion"]
    assert terms(small, "Treatment resistant depressions") == ["treatment-resistant depression"]
    assert terms(small, "preinfusion, ketamines") == ["ketamine"]


def test_longest_term_wins_and_dnt_is_case_sensitive(small: Glossary) -> None:
    assert terms(small, "treatment-resistant depression and NMDA receptors") == [
        "treatment-resistant depression",
        "NMDA receptor",
        "NMDA",
    ]
    assert terms(small, "nmda, NMDAR") == []


def test_a_term_inside_a_dnt_term_does_not_count(small: Glossary) -> None:
    assert terms(small, "Call Ketamine Infusion Centers about ketamine.") == [
        "Ketamine Infusion Centers",
        "ketamine",
    ]
    assert terms(small, "Call Ketamine Infusion Centers.") == ["Ketamine Infusion Centers"]


def test_terms_in_is_stable_when_cached(small: Glossary) -> None:
    text = "ketamine infusion"
    assert terms(small, text) == terms(small, text) == ["ketamine", "infusion"]


def test_preferred_with_language_fallback(small: Glossary) -> None:
    by_term = {e.term: e for e in small.entries}
    assert small.preferred(by_term["ketamine"], "pt_BR") == "cetamina"
    assert small.preferred(by_term["ketamine"], "pt-BR") == "cetamina"
    assert small.preferred(by_term["ketamine"], "es_MX") == "ketamina"
    assert small.preferred(by_term["ketamine"], "fr") is None
    assert small.preferred(by_term["depression"], "pt_BR") == "depressão"  # falls back to pt
    assert small.preferred(by_term["treatment-resistant depression"], "pt_BR") is None
    assert small.accepted(by_term["side effect"], "es") == ("efecto secundario", "efecto adverso")
    assert small.preferred(by_term["side effect"], "es") == "efecto secundario"
    assert small.preferred(by_term["NMDA"], "es") is None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Las infusiones de ketamina", "infusión"),
        ("As infusões de cetamina", "infusão"),
        ("Os efeitos colaterais", "efeito colateral"),
        ("los receptores NMDA", "receptor NMDA"),
        ("LA KETAMINA", "ketamina"),
        ("náuseas", "náusea"),
        ("trastornos bipolares", "trastorno bipolar"),
        ("el trastorno obsesivo compulsivo", "trastorno obsesivo-compulsivo"),
        ("las luces", "luz"),
    ],
)
def test_contains_phrase_is_tolerant(text: str, phrase: str) -> None:
    assert contains_phrase(text, phrase)
    assert contains_phrase(fold(text), phrase, folded=True)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("la ketaminas1", "ketamina"),
        ("receptor de NMDA", "receptor NMDA"),
        ("cetamina", "ketamina"),
    ],
)
def test_contains_phrase_is_not_loose(text: str, phrase: str) -> None:
    assert not contains_phrase(text, phrase)


def test_bom_and_blank_rows(small: Glossary) -> None:
    glossary = parse_glossary("\ufeffterm,kind,es,note\n\nNMDA,dnt,,\n,,,\n", "g.csv")
    assert glossary.dnt_terms() == ["NMDA"]


def test_quoted_cells_with_commas_and_newlines() -> None:
    text = 'term,kind,es,note\n"pain, chronic",term,"dolor, crónico","two\nlines"\nx,bad,,\n'
    with pytest.raises(CatalogError) as info:
        parse_glossary(text, "g.csv")
    assert info.value.line == 4  # the quoted note spans lines 2-3


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty glossary"),
        ("word,kind,es,note\n", 1, "header"),
        ("term,kind,es\n", 1, "header"),
        ("term,kind,zz_QQ,note\n", 1, "'zz_QQ' is not a locale"),
        ("term,kind,es,es,note\n", 1, "twice"),
        ("term,kind,es,note\nketamine,term,ketamina,\nNMDA,dtn,,\n", 3, "'dtn'"),
        ("term,kind,es,note\nketamine,term,ketamina\n", 2, "3 cells"),
        ("term,kind,es,note\n\n\n,term,x,\n", 4, "empty term"),
        ("term,kind,es,note\nKetamine,term,a,\nketamine,term,b,\n", 3, "line 2"),
        ("term,kind,es,note\nNMDA,dnt,NMDA,\nGABA,dnt,ácido,\n", 3, "translation for es"),
        ('term,kind,es,note\nok,term,x,\n"open,term,x,\n', 3, "cannot be read"),
    ],
)
def test_errors_carry_path_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_glossary(text, "locales/glossary.csv")
    error = info.value
    assert (error.path, error.line) == ("locales/glossary.csv", line)
    assert words in error.message
    assert str(error).startswith(f"locales/glossary.csv:{line}: ")


# --- the project's glossary ---------------------------------------------------------------


def test_project_glossary_covers_es_and_pt_br(project: Glossary) -> None:
    assert set(project.locales) >= {"es", "pt_BR"}
    for entry in project.entries:
        if entry.kind == "term":
            assert project.preferred(entry, "es"), entry.term
            assert project.preferred(entry, "pt_BR"), entry.term


@pytest.mark.parametrize(
    ("term", "es", "pt_br"),
    [
        ("ketamine", "ketamina", "cetamina"),
        ("infusion", "infusión", "infusão"),
        ("NMDA receptor", "receptor NMDA", "receptor NMDA"),
        ("post-traumatic stress disorder", "trastorno de estrés postraumático",
         "transtorno de estresse pós-traumático"),
        ("PTSD", "TEPT", "TEPT"),
        ("Complex Regional Pain Syndrome", "síndrome de dolor regional complejo",
         "síndrome da dor regional complexa"),
    ],
)
def test_project_glossary_terms(project: Glossary, term: str, es: str, pt_br: str) -> None:
    entry = {e.term: e for e in project.entries}[term]
    assert (project.preferred(entry, "es"), project.preferred(entry, "pt_BR")) == (es, pt_br)


def test_project_glossary_do_not_translate(project: Glossary) -> None:
    assert set(project.dnt_terms()) >= {
        "NMDA", "AMPA", "GABA", "BDNF", "mTOR", "LTP",
        "Ketamine Infusion Centers", "Colorado Ketamine", "Mindstream Medicine", "InformedHealth",
    }


def test_project_glossary_finds_the_articles_terms(project: Glossary) -> None:
    text = (
        "Ketamine helps balance the glutamate system by binding to the NMDA receptor; "
        "it promotes neuroplasticity and BDNF (brain-derived neurotrophic factor)."
    )
    assert terms(project, text) == [
        "ketamine", "glutamate", "NMDA receptor", "NMDA", "neuroplasticity", "BDNF",
        "brain-derived neurotrophic factor",
    ]
