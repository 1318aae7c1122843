"""Honest mixed-language pages: units shown in the source language say so (pure).

Rules:
- A unit that falls back to the source carries the source's ``lang`` (and its ``dir``
  where the page's differs) and the class ``l10n-fallback`` on the element that holds
  it: the paragraph, heading, table cell, or the list item of a tight list; a lone
  image carries them itself (its alt text is the unit). A screen reader then reads it
  with the right voice, and the stylesheet can show it.
- Units are found in the page by their text, which a fallback unit keeps exactly;
  block tokens are shared with the source article, so marked ones are copied first.
- The notice says how many parts of the page are in the source language, in words of
  the page's language (English where a language has no wording yet).
"""

from __future__ import annotations

import copy
from collections.abc import Collection

from markdown_it.token import Token

CLASS = "l10n-fallback"

# (one part, several parts) by language; {n} parts, {total} units in all.
PARTS: dict[str, tuple[str, str]] = {
    "en": (
        "{n} part of this page ({n} of {total}) is not translated yet and is shown in English.",
        "{n} parts of this page ({n} of {total}) are not translated yet and are shown in English.",
    ),
    "es": (
        "{n} parte de esta página ({n} de {total}) aún no está traducida y se muestra en inglés.",
        "{n} partes de esta página ({n} de {total}) aún no están traducidas y se muestran en inglés.",
    ),
    "pt": (
        "{n} parte desta página ({n} de {total}) ainda não foi traduzida e aparece em inglês.",
        "{n} partes desta página ({n} de {total}) ainda não foram traduzidas e aparecem em inglês.",
    ),
    "fr": (
        "{n} partie de cette page ({n} sur {total}) n'est pas encore traduite et reste en anglais.",
        "{n} parties de cette page ({n} sur {total}) ne sont pas encore traduites et restent en anglais.",
    ),
    "de": (
        "{n} Teil dieser Seite ({n} von {total}) ist noch nicht übersetzt und wird auf Englisch angezeigt.",
        "{n} Teile dieser Seite ({n} von {total}) sind noch nicht übersetzt und werden auf Englisch angezeigt.",
    ),
    # a count-neutral wording: Arabic has six plural forms
    "ar": (
        "أجزاء من هذه الصفحة لم تُترجم بعد وتظهر باللغة الإنجليزية: {n} من {total}.",
        "أجزاء من هذه الصفحة لم تُترجم بعد وتظهر باللغة الإنجليزية: {n} من {total}.",
    ),
}


def notice(locale: str, n: int, total: int) -> str:
    """The page's notice for ``n`` of ``total`` units in the source language."""
    language = locale.split("_")[0]
    one, many = PARTS.get(language, PARTS["en"])
    singular = n == 1 or (language == "fr" and n == 0)
    return (one if singular else many).format(n=n, total=total)


def attributes(source: str, page_dir: str) -> dict[str, str]:
    """What a fallback element carries: lang, dir where it differs, the class."""
    from l10n.site.editions import direction

    attrs = {"lang": source.replace("_", "-")}
    source_dir = direction(source)
    if source_dir != page_dir:
        attrs["dir"] = source_dir
    attrs["class"] = CLASS
    return attrs


def mark(tokens: list[Token], texts: Collection[str], attrs: dict[str, str]) -> list[Token]:
    """The tokens with each unit whose text is in ``texts`` marked (a new list)."""
    if not texts:
        return tokens
    out = list(tokens)
    for i, tok in enumerate(out):
        if tok.type != "inline":
            continue
        lone = [c for c in tok.children or [] if not (c.type == "text" and not c.content.strip())]
        if len(lone) == 1 and lone[0].type == "image" and lone[0].content in texts:
            image = copy.copy(lone[0])
            image.attrs = {**dict(image.attrs), **attrs}
            clone = copy.copy(tok)
            clone.children = [image if c is lone[0] else c for c in tok.children or []]
            out[i] = clone
            continue
        if tok.content not in texts:
            continue
        at = i - 1
        while at > 0 and (out[at].hidden or out[at].nesting != 1):
            at -= 1  # a tight list's paragraph is hidden: its list item holds the text
        opener = copy.copy(out[at])
        opener.attrs = {**dict(opener.attrs), **attrs}
        out[at] = opener
    return out
