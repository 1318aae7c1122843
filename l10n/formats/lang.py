"""Language tags: the project's locale codes (``pt_BR``) <-> BCP 47 (``pt-BR``).

Rules: files are written with BCP 47 tags. On reading, a tag matches a locale when
it names the same locale, or when it adds a region or script to a locale that has
none (``es-ES`` and ``es-419`` serve ``es``); ``pt`` does not serve ``pt_BR``, nor
``pt-PT`` ``pt_BR``. Case and ``_``/``-`` do not matter.
"""

from __future__ import annotations

from collections.abc import Iterable

from babel import Locale, UnknownLocaleError


def bcp47(locale: str) -> str:
    """``pt_BR`` -> ``pt-BR``."""
    return locale.replace("_", "-")


def _parts(tag: str) -> tuple[str, ...] | None:
    try:
        parsed = Locale.parse(tag.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return (parsed.language, parsed.script or "", parsed.territory or "")


def matches(tag: str, locale: str) -> bool:
    """Whether a file's language ``tag`` serves the project's ``locale``."""
    got, want = _parts(tag), _parts(locale)
    if got is None or want is None or got[0] != want[0]:
        return False
    if got == want:
        return True
    return want[1:] == ("", "")


def match(tag: str, locales: Iterable[str]) -> str | None:
    """The project locale a tag names: an exact match first, else a lenient one."""
    candidates = list(locales)
    exact = [code for code in candidates if _parts(code) == _parts(tag) and _parts(tag)]
    if exact:
        return exact[0]
    lenient = [code for code in candidates if matches(tag, code)]
    return lenient[0] if lenient else None
