"""Links that follow the reader's language: where each edition's links point (pure).

Rules:
- A link to another article is one of: a relative path to its source file
  (``other.md``, ``./other.md``, ``../guides/other.md``, resolved from the linking
  article's folder), or a site path naming its slug (``/other``, ``/other/``,
  ``/other.html``, ``/es/other.html``, ``/es/other/``: one language folder at most). A fragment (``#dosage``) is kept.
  Any other target (a file that is no article, an image, a URL with a host) is not one.
- On each edition the link points to the target's edition in the same language when
  that edition is published (``other.html``), else to the source edition
  (``../en/other.html``), which the HTML link then marks with ``hreflang``.
- An outside URL is rewritten by the locale's prefix map (``[tool.l10n] links``): the
  longest prefix that matches is replaced; a URL no prefix matches is kept.
- ``check`` reads a translation that uses a target's mapped equivalent as if it kept
  the source's (``unmap``); any other changed target stays an error.
- The rewrite is a map from the source's targets (as markdown-it normalizes them) to
  the edition's; ``l10n.site.splice`` applies it in the Markdown, so both editions agree.
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Collection, Mapping
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from l10n.config import bcp47
from l10n.markdown import Article

_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # a language folder: es, pt-BR


def hrefs(article: Article) -> list[str]:
    """Every link target of the article, once each, in document order."""
    out: dict[str, None] = {}
    for tok in article.tokens:
        for child in tok.children or []:
            if child.type == "link_open":
                out[str(child.attrGet("href") or "")] = None
    return [h for h in out if h]


def linked_slug(
    href: str, folder: str, by_path: Mapping[str, str], slugs: Collection[str]
) -> tuple[str, str] | None:
    """The article ``href`` names, and its fragment; ``folder`` is the linking
    article's folder, ``by_path`` maps source files (in the same terms) to slugs."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        steps = [s for s in path.split("/") if s]
        if not 1 <= len(steps) <= 2 or (len(steps) == 2 and not _TAG.fullmatch(steps[0])):
            return None
        name = steps[-1]
        for suffix in (".html", ".md"):
            name = name.removesuffix(suffix)
        return (name, parts.fragment) if name in slugs else None
    if not path.endswith(".md"):
        return None
    slug = by_path.get(posixpath.normpath(posixpath.join(folder, path)))
    return (slug, parts.fragment) if slug is not None else None


def article_like(href: str) -> bool:
    """Whether ``href`` has the form of a link to an article (it may name none yet)."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    return not parts.scheme and not parts.netloc and (path.startswith("/") or path.endswith(".md"))


def outside(href: str, prefixes: Mapping[str, str]) -> str:
    """``href`` with the longest matching prefix of ``prefixes`` replaced."""
    best = max((p for p in prefixes if href.startswith(p)), key=len, default=None)
    return href if best is None else prefixes[best] + href[len(best) :]


def unmap(msgid: str, msgstr: str, prefixes: Mapping[str, str]) -> str:
    """``msgstr`` with each localized equivalent of a target of ``msgid`` (by the
    locale's map) written back as the source's, for the checks that compare targets."""
    from l10n.site.splice import destinations

    if not prefixes or "](" not in msgstr:
        return msgstr
    for start, end, _ in destinations(msgid, {}):
        target = msgid[start:end].strip("<>")
        mapped = outside(target, prefixes)
        if mapped != target:
            msgstr = msgstr.replace(f"]({mapped}", f"]({target}").replace(
                f"](<{mapped}", f"](<{target}"
            )
    return msgstr


def plan(
    article: Article,
    folder: str,
    by_path: Mapping[str, str],
    published: Mapping[str, Collection[str]],
    locale: str,
    source: str,
    prefixes: Mapping[str, str],
) -> tuple[dict[str, str], dict[str, str], dict[str, list[str]]]:
    """For one edition: targets rewritten (source href -> edition href), the ``hreflang``
    of rewritten targets that lead to another language, and the linked articles with
    the editions that were published when this was decided."""
    targets: dict[str, str] = {}
    langs: dict[str, str] = {}
    used: dict[str, list[str]] = {}
    slugs = set(by_path.values())
    for href in hrefs(article):
        found = linked_slug(href, folder, by_path, slugs)
        if found is None:
            new = outside(href, prefixes)
            if new != href:
                targets[href] = new
            continue
        slug, fragment = found
        there = published.get(slug, (source,))  # not known yet: its source edition
        used[slug] = sorted(there)
        page = f"{slug}.html" + (f"#{fragment}" if fragment else "")
        if locale == source or locale in there:
            targets[href] = page
        else:
            targets[href] = f"../{bcp47(source)}/{page}"
            langs[targets[href]] = bcp47(source)
    return targets, langs, used


def mark(tokens: list[Token], langs: Mapping[str, str]) -> list[Token]:
    """``tokens`` with ``hreflang`` on each link whose target ``langs`` names (copies)."""
    if not langs:
        return tokens
    out = []
    for tok in tokens:
        if tok.children and any(
            c.type == "link_open" and c.attrGet("href") in langs for c in tok.children
        ):
            tok = copy.copy(tok)
            tok.children = [copy.copy(c) for c in tok.children or []]
            for c in tok.children:
                href = c.attrGet("href")
                if c.type == "link_open" and isinstance(href, str) and href in langs:
                    c.attrs = {**c.attrs, "hreflang": langs[href]}
        out.append(tok)
    return out
