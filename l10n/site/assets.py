"""Images an article refers to by a relative path, and the file each edition shows (pure).

Rules:
- An image target with no scheme, no host and no leading ``/`` is the article's own
  file: it lives in the source folder, at that path from the article, and is published
  next to the page at the same relative path, so the reference works from the page.
- Each edition looks for a localized file first, by the page's BCP 47 tag and then
  each shorter prefix: for ``pt-BR``, ``chart.pt-BR.png``, then ``chart.pt.png``, then
  ``chart.png``. The page (both editions) refers to the file it found.
- A target whose path leaves the source folder (``../x.png``) is refused: the
  published copy would land outside the page's folder.
- Published names are BCP 47 (``pt-BR``); catalogs keep gettext's ``pt_BR``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from l10n.config import bcp47
from l10n.markdown import Article


@dataclass(frozen=True)
class Image:
    """A relative image target of an article: as written, its path, and its first line."""

    target: str  # the token's ``src`` (URL-encoded as markdown-it normalizes it)
    path: str  # the file, relative to the source folder, '/'-separated
    line: int


def local_images(article: Article) -> Iterator[Image | tuple[str, int]]:
    """Each relative image target once, in document order.

    Yields an ``Image``, or ``(target, line)`` for a target that leaves the source folder.
    """
    seen: set[str] = set()
    for tok in article.tokens:
        if tok.type != "inline":
            continue
        line = article.offset + (tok.map[0] if tok.map else 0) + 1
        for child in tok.children or []:
            target = str(child.attrGet("src") or "") if child.type == "image" else ""
            if not target or target in seen:
                continue
            seen.add(target)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                continue
            path = posixpath.normpath(unquote(parts.path))
            if path == ".." or path.startswith("../"):
                yield target, line
            else:
                yield Image(target, path, line)


def variants(path: str, locale: str) -> list[str]:
    """Files to look for, best first: ``chart.pt-BR.png``, ``chart.pt.png``, ``chart.png``."""
    folder, name = posixpath.split(path)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    tags = bcp47(locale).split("-")
    out = []
    for n in range(len(tags), 0, -1):
        tagged = f"{stem}.{'-'.join(tags[:n])}" + (f".{suffix}" if suffix else "")
        out.append(posixpath.join(folder, tagged))
    return [*out, path]


def retarget(target: str, path: str) -> str:
    """``target`` pointing at file ``path`` instead, its query and fragment kept."""
    parts = urlsplit(target)
    return parts._replace(path=quote(path, safe="/")).geturl()
