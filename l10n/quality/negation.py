"""Negation polarity of a translation: a "not" dropped or added (pure).

Rules:
- Source and translation are split into sentences (``l10n.quality.sentences``). When both have
  as many sentences, each source sentence is compared with its translation; otherwise
  the whole entry is compared with the whole translation.
- Polarity is *presence*: a text is negative when it holds at least one negation cue of
  its language. A negative source sentence whose translation has no cue, or a positive
  one whose translation has one, is an error that quotes both sentences. A sentence
  that keeps one negation but drops another is not caught: coordinated negations merge
  in translation ("do not eat and do not drink" -> "no coma ni beba"), so counting them
  would raise false errors.
- Cues are closed lists per language: particles and adverbs (not, never, nothing, no
  one, neither/nor, n't; no, nunca, nada, ni; não, nem; ne ... pas, jamais, rien; nicht,
  kein, nie, nichts; لا، لم، لن، ليس), "without" (sin, sem, sans, ohne, بدون), "avoid"
  and "refrain" (evite, evitar, éviter, vermeiden, تجنب, absténgase), and a closed list
  of negative adjectives (unsafe, unable, unlikely, unknown, untreated, impossible ...
  inseguro, incapaz, poco probable, desconocido, unsicher, غير آمن ...). Negative
  prefixes are never guessed from the shape of a word: "inmediato" is not negative.
- Idioms that look negative but are not are removed first, on both sides: "not only ...
  but also" (no solo, não só, non seulement, nicht nur, ليس فقط), "no doubt", "no
  matter", "whether or not", "sin embargo", "no obstante", "sans doute", "n'importe",
  the French "ne ... que" (only) and expletive "ne", the Arabic "لا يزال" (still), "لا بد"
  (must), "لا سيما" (especially), "ما لم" (unless) and "لا ... إلا" (only).
- A sentence left exactly as its source keeps its polarity, and a source cue written as
  is in the translation answers itself (an English "not" left behind); ``untranslated``
  and ``source-language`` report such text.
- A few negative concepts also have plain words that say the same: "unsafe" is
  "peligroso", "lack" is "falta", "rarely" is "rara vez". Such a word answers a cue of
  that concept on the other side without being a cue itself.
- Lexicons: en, es, pt, fr, de, it, ar. ``supported`` tells whether a locale has one;
  the caller reports the others once as not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from l10n.quality.sentences import language_of, split

__all__ = ["Flip", "cues", "flips", "supported"]

_B = r"\b"  # a word starts here (after an elision too: d'éviter)
_E = r"(?:(?<=['’])|(?![\w'’]))"  # a word ends (before a hyphen, after an elision: n')
_CLAUSE_END = r"(?=\s*(?:[,.;:?!)]|$))"
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alif, tatweel


@dataclass(frozen=True)
class Lexicon:
    """The negation cues of one language, the idioms that are not negations, concepts."""

    cues: re.Pattern[str]  # cues that start with a letter (a fast pattern)
    other_cues: re.Pattern[str] | None  # cues that start with a class: "\\w+n't"
    neutral: re.Pattern[str]
    concepts: Mapping[str, re.Pattern[str]]  # concept -> its cues in this language
    equivalents: Mapping[str, re.Pattern[str]]  # concept -> plain words that say it


def _keyed(alternative: str) -> bool:
    """Whether a pattern starts with a plain letter."""
    return alternative[0].isalpha() and alternative[1:2] not in ("?", "*", "+", "{")


def _words(*alternatives: str) -> re.Pattern[str]:
    """One pattern for whole words, for lowercased text.

    Case-sensitive (IGNORECASE makes sre several times slower); alternatives that start
    with a letter are grouped by it, and when all do, a leading class lets the search
    skip every other position: the same matches, in the same order of preference.
    """
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for alternative in alternatives:
        key = alternative[0] if _keyed(alternative) else ""
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(alternative[len(key):])
    if not alternatives:
        return re.compile(r"(?!)")
    if "" in groups:  # an alternative that starts with a class or a group: keep the order
        return re.compile(_B + "(?:" + "|".join(alternatives) + ")" + _E)
    body = "|".join(f"{key}(?:{'|'.join(groups[key])})" for key in order)
    return re.compile(f"(?=[{''.join(order)}])" + _B + "(?:" + body + ")" + _E)


def _after_word(suffix: str) -> str:
    """``(?<=\\w)`` and ``suffix``, written with a plain first character first (then a word
    character before it), so that a search skips from one such character to the next."""
    if suffix[0] in "\\[](){}.?*+|^$":
        return r"(?<=\w)" + suffix
    return suffix[0] + r"(?<=\w.)" + suffix[1:]


def _lexicon(
    cues: list[str],
    neutral: list[str],
    concepts: dict[str, list[str]] | None = None,
    equivalents: dict[str, list[str]] | None = None,
    suffixes: dict[str, str] | None = None,
) -> Lexicon:
    """A lexicon; ``suffixes`` are word endings that are cues ("n't"), each with the
    concept it belongs to ("" for none), found apart for speed."""
    concepts = concepts or {}
    suffixes = suffixes or {}
    every = [c for group in concepts.values() for c in group] + cues  # longer idioms first
    others = [c for c in every if not _keyed(c)]
    parts = [_B + "(?:" + "|".join(others) + ")"] if others else []
    if suffixes:
        parts.append("(?:" + "|".join(map(_after_word, suffixes)) + ")")
    members = {k: list(v) for k, v in concepts.items()}
    for suffix, concept in suffixes.items():
        if concept:
            members.setdefault(concept, []).append(r"\w+" + suffix)
    concepts = members
    return Lexicon(
        cues=_words(*[c for c in every if _keyed(c)]),
        other_cues=re.compile("(?:" + "|".join(parts) + ")" + _E) if parts else None,
        neutral=_words(*neutral) if neutral else re.compile(r"(?!)"),
        concepts={k: _words(*v) for k, v in concepts.items() if v},
        equivalents={k: _words(*v) for k, v in (equivalents or {}).items() if v},
    )


# Concepts shared by the lexicons: unsafe, lack, seldom.
_LEXICONS: dict[str, Lexicon] = {
    "en": _lexicon(
        cues=[
            r"not", r"no(?!\.\s*\d)", r"never", r"none", r"nothing", r"nobody", r"no[- ]one",
            r"nowhere", r"neither", r"nor", r"without", r"cannot",
            r"avoid\w*", r"refrain\w*", r"unable", r"inability", r"unlikely", r"untreated",
            r"unknown", r"unclear", r"uncertain", r"unsuitable", r"unproven", r"ineffective",
            r"impossible", r"incapable", r"inappropriate", r"inadequate", r"non-\w+",
            r"non(?:steroidal|invasive|medical|responsive|toxic)\w*", r"fail(?:s|ed|ing)? to",
        ],
        neutral=[
            r"not (?:only|just|merely|simply)", r"not to mention", r"no matter",
            r"no doubt", r"without (?:a |any )?doubt", r"none the less",
            r"without (?:any )?(?:risks?|danger)", r"without (?:a )?prescription",
            r"whether or not", r"or not" + _CLAUSE_END, r"if not(?= (?:all|most|every))",
            r"free of charge",
        ],
        concepts={
            "unsafe": [r"unsafe", r"not safe"],
            "painless": [r"painless\w*"],
            "harmless": [r"harmless"],
            "most": [r"no(?:t)? (?:more|longer|later) than"],
            "free": [
                r"free (?:of|from)",
                *(f"{word} free" for word in (
                    "pain", "symptom", "drug", "alcohol", "medication", "smoke", "risk",
                    "stress", "anxiety", "depression", "seizure", "relapse",
                )),
            ],
            "lack": [r"lack\w*", r"absen(?:ce|t)"],
            "seldom": [r"rarely", r"seldom", r"hardly", r"barely", r"scarcely"],
        },
        equivalents={
            "unsafe": [r"dangerous\w*", r"hazardous", r"harmful"],
            "seldom": [r"rare", r"uncommon", r"infrequent\w*"],
        },
        suffixes={r"n['’]t": "", r"-free": "free"},
    ),
    "es": _lexicon(
        cues=[
            r"no", r"nunca", r"jamás", r"nada", r"nadie", r"ningun[oa]s?", r"ningún", r"ni",
            r"tampoco", r"sin", r"ev[ií]t\w*", r"abst[eé]n\w*", r"incapa(?:z|ces)",
            r"imposibles?", r"improbables?", r"poco probables?", r"desconoc\w*",
            r"poco clar[oa]s?", r"inciert[oa]s?", r"ineficac\w*", r"ineficaz",
            r"inadecuad[oa]s?", r"inapropiad[oa]s?",
        ],
        neutral=[
            r"no (?:solo|sólo|solamente|únicamente)", r"sin embargo", r"no obstante",
            r"sin (?:ninguna )?duda", r"no (?:cabe|hay) duda", r"no importa",
            r"sin (?:ningún )?(?:riesgos?|peligro)", r"sin receta(?: médica)?",
            r"sin importar", r"a no ser que", r"o no" + _CLAUSE_END, r"si no(?= (?:todos|la mayoría))",
        ],
        concepts={
            "unsafe": [r"insegur[oa]s?"],
            "lack": [],
            "seldom": [r"casi nunca"],
        },
        equivalents={
            "unsafe": [r"peligros[oa]s?", r"arriesgad[oa]s?", r"nociv[oa]s?", r"perjudicial\w*"],
            "painless": [r"indolor[oa]s?"],
            "free": [r"libres? de"],
            "most": [r"como máximo", r"a lo sumo", r"como mucho", r"máximo", r"hasta"],
            "harmless": [r"inofensiv[oa]s?", r"inocu[oa]s?"],
            "lack": [r"falta\w*", r"carec\w*", r"carencia\w*", r"ausencia\w*", r"déficit"],
            "seldom": [r"rara vez", r"raras veces", r"raramente", r"apenas", r"pocas veces",
                       r"poco frecuentes?", r"infrecuentes?"],
        },
    ),
    "pt": _lexicon(
        cues=[
            r"não", r"nunca", r"jamais", r"nada", r"ninguém", r"nenhum\w*", r"nem",
            r"tampouco", r"sem", r"evit\w*", r"abst\w*n\w*", r"incapa(?:z|zes)",
            r"impossíve(?:l|is)", r"improváve(?:l|is)", r"pouco prováve(?:l|is)",
            r"desconhec\w*", r"pouco clar[oa]s?", r"incert[oa]s?", r"ineficaz\w*",
            r"inadequad[oa]s?", r"inapropriad[oa]s?",
        ],
        neutral=[
            r"não (?:só|somente|apenas)", r"nem só", r"sem (?:nenhuma )?dúvida",
            r"não há dúvida", r"não obstante", r"não importa", r"a não ser que",
            r"sem (?:nenhum )?(?:riscos?|perigo)", r"sem receita(?: médica)?",
            r"ou não" + _CLAUSE_END,
            r"se não(?= (?:todos|a maioria))",
        ],
        concepts={"unsafe": [r"insegur[oa]s?"], "seldom": [r"quase nunca"]},
        equivalents={
            "unsafe": [r"perigos[oa]s?", r"arriscad[oa]s?", r"prejudicia\w*", r"nociv[oa]s?"],
            "painless": [r"indolor\w*"],
            "harmless": [r"inofensiv[oa]s?", r"inócu[oa]s?"],
            "free": [r"livres? de"],
            "most": [r"no máximo", r"máximo", r"até"],
            "lack": [r"falta\w*", r"carênc\w*", r"ausênc\w*", r"carec\w*", r"déficit"],
            "seldom": [r"raramente", r"raras vezes", r"mal", r"poucas vezes",
                       r"pouco frequentes?", r"infrequentes?"],
        },
    ),
    "fr": _lexicon(
        cues=[
            r"n(?:e|['’])(?=[^,;:.!?]{0,80}?" + _B
            + r"(?:pas|plus|jamais|rien|personne|aucun|aucune|guère|point|nullement|ni|nulle)"
            + _E + ")",
            r"jamais", r"rien", r"aucun\w*", r"pas", r"ni", r"nullement", r"nulle part",
            r"sans", r"non", r"non-\w+", r"év[ie]t\w*", r"abst\w*n\w*",
            r"incapables?", r"impossibles?", r"improbables?", r"peu probables?", r"inconnu\w*",
            r"peu clair\w*", r"incertain\w*", r"inefficace\w*", r"inadapté\w*",
            r"inapproprié\w*",
        ],
        neutral=[
            r"non (?:seulement|pas seulement)", r"pas (?:seulement|uniquement|simplement|que)",
            r"sans (?:aucun )?doute", r"nul doute", r"sans (?:aucun )?(?:danger|risques?)",
            r"sans ordonnance", r"n['’]importe", r"peu importe",
            r"ou (?:non|pas)" + _CLAUSE_END, r"que jamais", r"pas à pas", r"(?:un|le|les|premiers?) pas",
            r"si ce n['’]est", r"non plus(?= que)",
        ],
        concepts={"unsafe": [r"dangereux pour", r"pas sûr\w*", r"non sécuritaire"]},
        equivalents={
            "unsafe": [r"dangere\w+", r"risqué\w*", r"nocif\w*", r"nuisible\w*"],
            "painless": [r"indolore\w*"],
            "free": [r"(?:exempte?s?|libres?) de"],
            "most": [r"au maximum", r"au plus", r"maximum", r"jusqu'à"],
            "harmless": [r"inoffensi\w*", r"anodin\w*"],
            "lack": [r"manque\w*", r"absence", r"dépourvu\w*", r"carence\w*", r"déficit"],
            "seldom": [r"rarement", r"à peine", r"peu fréquent\w*"],
        },
    ),
    "de": _lexicon(
        cues=[
            r"nicht\w*", r"kein\w*", r"nie", r"niemals", r"nichts", r"niemand\w*",
            r"nirgend\w*", r"weder", r"ohne", r"vermeid\w*", r"vermied\w*", r"verzicht\w*",
            r"unfähig\w*", r"außerstande", r"unmöglich\w*", r"unwahrscheinlich\w*",
            r"unbekannt\w*", r"unklar\w*", r"ungewiss\w*", r"unbehandelt\w*",
            r"unwirksam\w*", r"ungeeignet\w*", r"un(?:sicher|sicherheit)\w*",
            (
                r"(?:schmerz|symptom|alkohol|rauch|nikotin|beschwerde|anfalls|drogen|rückfall"
                r"|angst|stress|medikamenten|zucker|gluten)frei\w*"
            ),
        ],
        neutral=[
            r"nicht (?:nur|bloß|allein)", r"ohne (?:jeden )?zweifel", r"kein zweifel",
            r"oder nicht" + _CLAUSE_END, r"ohne (?:jedes )?(?:risiko|gefahr)", r"ohne rezept", r"nichtsdesto\w+", r"egal", r"kostenfrei",
            r"gebührenfrei",
        ],
        concepts={},
        equivalents={
            "unsafe": [r"gefährlich\w*", r"riskant\w*", r"schädlich\w*"],
            "painless": [r"schmerzlos\w*"],
            "free": [r"frei von"],
            "most": [r"höchstens", r"maximal", r"bis zu"],
            "harmless": [r"harmlos\w*"],
            "lack": [r"mangel\w*", r"fehl\w*", r"abwesenheit"],
            "seldom": [r"selten\w*", r"kaum"],
        },
    ),
    "it": _lexicon(
        cues=[
            r"non", r"mai", r"niente", r"nulla", r"nessun[oa]?", r"né", r"senza", r"evit\w*",
            r"astenersi", r"astenet\w*", r"incapac\w*", r"impossibil\w*", r"improbabil\w*",
            r"poco probabil\w*", r"sconosciut\w*", r"incert\w*", r"inefficac\w*",
            r"insicur\w*", r"inadatt\w*", r"inappropriat\w*",
        ],
        neutral=[
            r"non (?:solo|soltanto|solamente)", r"senza (?:alcun )?dubbio", r"non appena",
            r"o (?:no|meno)" + _CLAUSE_END, r"non importa",
        ],
        equivalents={
            "unsafe": [r"pericolos\w*", r"rischios\w*", r"nociv\w*", r"dannos\w*"],
            "painless": [r"indolor\w*"],
            "harmless": [r"innocu\w*", r"inoffensiv\w*"],
            "free": [r"liber[oaie] da"],
            "most": [r"al massimo", r"massimo", r"fino a"],
            "lack": [r"mancanza", r"carenza", r"assenza", r"manca\w*"],
            "seldom": [r"raramente", r"di rado", r"poco frequent\w*"],
        },
    ),
    "ar": _lexicon(
        cues=[
            r"[وف]?لا", r"[وف]?لم", r"[وف]?لن", r"[وف]?ليس\w*", r"[وف]?لست\w*", r"ألا",
            r"لئلا", r"بلا", r"[وف]?بدون", r"دون", r"[وفب]?غير", r"[وبل]?عدم", r"أبدا",
            r"مطلقا", r"قط", r"[وفبل]?(?:ي|ت|ن)?تجنب\w*", r"[وفبل]?(?:ي|ت|ن)?تفاد\w*",
            r"\w*امتناع\w*", r"[وف]?(?:ي|ت|ا)?متنع\w*", r"عاجز\w*", r"مستحيل\w*",
            r"مجهول\w*",
        ],
        neutral=[
            r"(?:ليس|ليست)\s+فقط", r"(?:ولا|لا)\s*سيما", r"لاسيما", r"لا\s*بد", r"لابد",
            r"(?:بلا|من دون|دون|لا)\s+(?:أدنى\s+)?(?:شك|ريب)", r"مما لا شك فيه",
            r"[وف]?(?:لا|ما|لم)\s+(?:ي|ت)?(?:زال|زل|يزال|تزال|زالت|زالوا|يزالون|تزالان)",
            r"ما\s+لم", r"أم\s+لا", r"غير\s+ذلك",
            r"(?:بلا|بدون|دون|من\s+دون)\s+(?:أي\s+)?(?:خطر|مخاطر|خطورة|وصفة)", r"دون\s+سن", (
                r"[وف]?(?:لا|ليس|ليست|لم|لن)\s+\w+(?:\s+\w+){0,6}?\s+فحسب"
            ), r"[وف]?(?:لا|لم|لن|ليس|ليست|ما)\s+(?:\w+\s+){0,6}?إلا",
        ],
        equivalents={
            "unsafe": [r"\w*خطير\w*", r"\w*خطر\w*", r"ضار\w*", r"مؤذ\w*"],
            "lack": [r"\w*نقص\w*", r"قلة", r"افتقار\w*", r"غياب\w*"],
            "seldom": [r"نادرا", r"قلما", r"بالكاد"],
            "free": [r"خال\w*\s+من"],
            "most": [r"\w*حد\s+أقصى", r"على\s+الأكثر", r"حتى"],
        },
    ),
}


def supported(locale: str) -> bool:
    """Whether the language of ``locale`` has a negation lexicon."""
    return language_of(locale) in _LEXICONS


def _normalize(text: str, language: str) -> str:
    """Lowercase, plain spaces, and (in Arabic) no vowel marks: what lexicons match."""
    text = text.lower().replace("\u00a0", " ").replace("\u202f", " ")
    if language == "ar":
        text = _ARABIC_MARKS.sub("", text)
    return text


def _blank_out(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


@lru_cache(maxsize=4096)  # bounded: an article's texts in every locale, not a whole site's
def _spans(text: str, language: str) -> tuple[tuple[int, str], ...] | None:
    """The cues of ``text`` with their offsets; None when normalizing moved the offsets."""
    lexicon = _LEXICONS[language]
    normalized = _normalize(text, language)
    if len(normalized) != len(text):
        return None
    if lexicon.cues.search(normalized) is None and (
        lexicon.other_cues is None or lexicon.other_cues.search(normalized) is None
    ):  # most text: no cue, no idiom to remove
        return ()
    normalized = lexicon.neutral.sub(_blank_out, normalized)
    return _find(lexicon, normalized)


def _find(lexicon: Lexicon, normalized: str) -> tuple[tuple[int, str], ...]:
    found = [(m.start(), m.group(0)) for m in lexicon.cues.finditer(normalized)]
    if lexicon.other_cues is not None:
        for m in lexicon.other_cues.finditer(normalized):
            start = m.start()
            while start and (normalized[start - 1].isalnum() or normalized[start - 1] == "_"):
                start -= 1  # a suffix: the whole word is the cue ("don't")
            found.append((start, normalized[start : m.end()]))
        found.sort()
    return tuple(found)


@lru_cache(maxsize=4096)
def cues(text: str, language: str) -> tuple[str, ...]:
    """The negation cues of ``text`` in ``language``, lowercased, idioms removed."""
    spans = _spans(text, language)
    if spans is not None:
        return tuple(cue for _, cue in spans)
    lexicon = _LEXICONS[language]
    normalized = lexicon.neutral.sub(_blank_out, _normalize(text, language))
    return tuple(cue for _, cue in _find(lexicon, normalized))


def _cues_in(
    text: str, language: str, start: int, sentence: str
) -> tuple[str, ...]:
    """The cues of the sentence at ``start`` in ``text``, from the whole text's spans."""
    spans = _spans(text, language)
    if spans is None:
        return cues(sentence, language)
    end = start + len(sentence)
    return tuple(cue for at, cue in spans if start <= at < end)


def _answered(cue_text: str, cue_language: str, other: str, other_language: str) -> bool:
    """Whether ``other`` says what the cue says: a plain word for the cue's concept, or
    the cue itself (a sentence left in the source language keeps its "not"; "no" is
    left out, a Portuguese "no" is "in the")."""
    if cue_text != "no" and re.search(
        rf"(?<!\w){re.escape(cue_text)}(?!\w)", other.lower()
    ):
        return True
    mine, theirs = _LEXICONS[cue_language], _LEXICONS[other_language]
    normalized = None
    for concept, pattern in mine.concepts.items():
        equivalents = theirs.equivalents.get(concept)
        if equivalents is None or pattern.search(_normalize(cue_text, cue_language)) is None:
            continue
        if normalized is None:
            normalized = _normalize(other, other_language)
        if equivalents.search(normalized):
            return True
    return False


@dataclass(frozen=True)
class Flip:
    """A sentence whose polarity the translation does not keep."""

    dropped: bool  # the source is negative, the translation is not
    cues: tuple[str, ...]  # the cues of the negative side
    source: str
    translation: str
    whole: bool  # sentences could not be paired: the whole entry was compared

    def message(self) -> str:
        where = "the entry" if self.whole else "a sentence"
        said = ", ".join(f'"{c}"' for c in dict.fromkeys(self.cues))
        if self.dropped:
            return (
                f'negation dropped: {where} of the source says {said} ("{_short(self.source)}"); '
                f'its translation has no negation: "{_short(self.translation)}"'
            )
        return (
            f'negation added: the translation says {said} ("{_short(self.translation)}"); '
            f'{where} of the source has no negation: "{_short(self.source)}"'
        )


def _short(text: str, limit: int = 90) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def _compare(
    source: str,
    translation: str,
    src: str,
    tgt: str,
    source_cues: tuple[str, ...],
    target_cues: tuple[str, ...],
) -> tuple[bool, tuple[str, ...]] | None:
    """(dropped, the cues of the negative side) when polarity differs, else None."""
    if bool(source_cues) == bool(target_cues):
        return None
    if source.strip() == translation.strip():  # left as it was: the same polarity
        return None
    if source_cues:
        if any(_answered(c, src, translation, tgt) for c in source_cues):
            return None
        return True, source_cues
    if any(_answered(c, tgt, source, src) for c in target_cues):
        return None
    return False, target_cues


def flips(
    source: str,
    translation: str,
    locale: str,
    source_locale: str = "en",
    masked: tuple[str, str] | None = None,
) -> Iterator[Flip]:
    """Sentences (or the whole entry) whose negation the translation drops or adds.

    ``masked`` is (source, translation) with code, link targets and URLs blanked out
    with NUL characters (``EntryContext.source_prose``); cues are looked for there,
    sentences are quoted as written. Nothing for a locale or source language without a
    lexicon (see ``supported``).
    """
    src, tgt = language_of(source_locale), language_of(locale)
    if src not in _LEXICONS or tgt not in _LEXICONS:
        return
    source_masked, target_masked = masked or (source, translation)
    if len(source_masked) != len(source) or len(target_masked) != len(translation):
        source_masked, target_masked = source, translation
    source_cues, target_cues = cues(source_masked, src), cues(target_masked, tgt)
    if not source_cues and not target_cues:
        return
    source_sentences = split(source_masked)
    target_sentences = split(target_masked)
    if len(source_sentences) != len(target_sentences) or len(source_sentences) < 2:
        flip = _compare(source_masked, target_masked, src, tgt, source_cues, target_cues)
        if flip is not None:
            yield Flip(*flip, source, translation, len(source_sentences) > 1)
        return
    for (i, s), (j, t) in zip(source_sentences, target_sentences):
        flip = _compare(
            s, t, src, tgt, _cues_in(source_masked, src, i, s), _cues_in(target_masked, tgt, j, t)
        )
        if flip is not None:
            yield Flip(*flip, " ".join(source[i : i + len(s)].split()),
                       " ".join(translation[j : j + len(t)].split()), False)
