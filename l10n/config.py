"""``[tool.l10n]`` in pyproject.toml -> frozen Settings; locale codes checked with Babel.

Rules:
- The project is the nearest folder, from the current one upward, whose
  pyproject.toml has a ``[tool.l10n]`` table (as ruff and pytest find theirs).
- Every key has a default except ``locales``; unknown keys are an error, so a typo
  never silently falls back to a default. A setting that names something that is not
  there (a glossary file, an article in ``articles``) is an error naming the key too.
- Locale codes are canonicalized by Babel (``pt-BR`` -> ``pt_BR``); a code Babel
  does not know, or one that could escape a folder (``../x``), is refused.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l10n.errors import ConfigError, UsageError

_KEYS = {
    "source",
    "catalogs",
    "output",
    "source_language",
    "locales",
    "threshold",
    "engines",
    "libre_url",
    "glossary",
    "require_review",
    "articles",
    "work",
    "base_url",
    "review_overdue",
    "reading_margin",
    "rates",
    "links",
}
if TYPE_CHECKING:
    from l10n.analyze import Rates

_TABLE = re.compile(r"^\s*\[tool\.l10n[.\]]", re.MULTILINE)
_LOCALE_SHAPE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")


ROLES = ("linguist", "clinician")


@dataclass(frozen=True)
class RoleTable:
    """``require_review`` as a table: the roles whose sign-offs a unit needs."""

    critical: tuple[str, ...]
    default: tuple[str, ...]

    def needed(self, critical: bool) -> tuple[str, ...]:
        return self.critical if critical else self.default

    def __bool__(self) -> bool:  # some review is required
        return bool(self.critical or self.default)


@dataclass(frozen=True)
class Settings:
    """The project's configuration, with absolute folders."""

    root: Path
    source: Path
    catalogs: Path
    output: Path
    source_language: str = "en"
    locales: tuple[str, ...] = ()
    threshold: int = 80
    engines: dict[str, str] = field(default_factory=dict)
    libre_url: str = ""
    glossary: Path | None = None
    require_review: bool | RoleTable = False  # true: a sign-off of any role
    articles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    work: Path | None = None  # previews and reports: never published (default .l10n/)
    base_url: str = ""  # the site's address, ending in '/': absolute links and a sitemap
    review_overdue: str = "warning"  # or "error": an overdue medical review fails check (4)
    reading_margin: float = 15.0  # reading-ease points a translation may lose to its source
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # locale -> URL prefix map

    @property
    def work_folder(self) -> Path:
        return self.work if self.work is not None else self.root / ".l10n"
    rates: Rates | None = None  # [tool.l10n.rates], for l10n analyze

    def covers(self, locale: str, slug: str) -> bool:
        """Whether ``locale`` translates article ``slug`` (all, unless limited by ``articles``)."""
        only = self.articles.get(locale)
        return only is None or slug in only

    def rel(self, path: Path) -> str:
        """A path as shown to users and written in references: relative to the project
        (``../`` where a folder lies outside it), with '/', the same on every machine."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return Path(os.path.relpath(path, self.root)).as_posix()


def bcp47(locale: str) -> str:
    """``pt_BR`` -> ``pt-BR`` for HTML ``lang``, ``hreflang`` and published folders."""
    return locale.replace("_", "-")


def canonical_locale(code: str) -> str:
    """Validate a locale code with Babel and return its canonical form (``pt_BR``)."""
    if not _LOCALE_SHAPE.match(code):
        raise UsageError(f"'{code}' is not a locale code (expected e.g. es, pt_BR, zh_Hant)")
    if _CANONICAL.match(code) and _babel_has(code):
        return code  # what Locale.parse would return, without importing Babel
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise UsageError(f"unknown locale '{code}' (Babel has no data for it)") from None
    return str(locale)


_CANONICAL = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2}|_[0-9]{3})?$")


@functools.cache
def _babel_locales() -> frozenset[str]:
    """The locales Babel has data files for, found without importing Babel."""
    spec = importlib.util.find_spec("babel")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(next(iter(spec.submodule_search_locations))) / "locale-data"
    try:
        return frozenset(name[:-4] for name in os.listdir(folder) if name.endswith(".dat"))
    except OSError:
        return frozenset()


def _babel_has(code: str) -> bool:
    return code in _babel_locales()


def find_project(start: Path) -> Path:
    """The nearest pyproject.toml with a [tool.l10n] table, from ``start`` upward."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _TABLE.search(candidate.read_text("utf-8", "replace")):
            return candidate
    raise ConfigError(
        f"no pyproject.toml with a [tool.l10n] table in {start} or any parent folder"
    )


def load_settings(pyproject: Path) -> Settings:
    """Read and validate ``[tool.l10n]``; errors name the file and the key's line."""
    raw = pyproject.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError("not valid UTF-8", pyproject, line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            f"invalid TOML: {str(exc).split(' (at')[0]}", pyproject, int(m.group(1)) if m else None
        ) from None
    table = data.get("tool", {}).get("l10n")
    if not isinstance(table, dict):
        raise ConfigError("no [tool.l10n] table", pyproject)

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"[tool.l10n] {key}: {message}", pyproject, _key_line(text, key))

    for key in table:
        if key not in _KEYS:
            raise fail(key, f"unknown key (known: {', '.join(sorted(_KEYS))})")
    root = pyproject.parent

    def folder(key: str, default: str) -> Path:
        value = table.get(key, default)
        if not isinstance(value, str) or not value:
            raise fail(key, "must be a folder path")
        return (root / value).resolve()

    locales_raw = table.get("locales", [])
    if not isinstance(locales_raw, list) or not all(isinstance(x, str) for x in locales_raw):
        raise fail("locales", 'must be a list of locale codes, e.g. ["es", "pt_BR"]')
    try:
        locales = tuple(dict.fromkeys(canonical_locale(c) for c in locales_raw))
    except UsageError as exc:
        raise fail("locales", exc.message) from None
    try:
        source_language = canonical_locale(_str(table, "source_language", "en", fail))
    except UsageError as exc:
        raise fail("source_language", exc.message) from None
    threshold = table.get("threshold", 80)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 0 <= threshold <= 100:
        raise fail("threshold", "must be a whole number from 0 to 100")
    engines = table.get("engines", {})
    if not isinstance(engines, dict) or not all(isinstance(v, str) for v in engines.values()):
        raise fail("engines", 'must be a table of locale = "engine"')
    try:
        engines = {canonical_locale(k): v for k, v in engines.items()}
    except UsageError as exc:
        raise fail("engines", exc.message) from None
    require_review = _review_rule(table.get("require_review", False), fail)
    articles = table.get("articles", {})
    if not isinstance(articles, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in articles.values()
    ):
        raise fail("articles", 'must be a table of locale = ["slug", ...]')
    try:
        articles = {canonical_locale(k): tuple(v) for k, v in articles.items()}
    except UsageError as exc:
        raise fail("articles", exc.message) from None
    for code in articles:
        if code not in locales:
            raise fail("articles", f"{code} is not one of the locales ({', '.join(locales)})")
    rates_table = table.get("rates", {})
    if not isinstance(rates_table, dict):
        raise fail("rates", "must be a table, e.g. [tool.l10n.rates] with new = 0.12")
    rates, bad_key, why = None, None, None
    if rates_table:  # the analysis module (and the catalogs it needs) only when asked for
        from l10n.analyze import parse_rates

        rates, bad_key, why = parse_rates(rates_table)
    if bad_key is not None:
        raise ConfigError(
            f"[tool.l10n.rates] {bad_key}: {why}", pyproject, _key_line(text, bad_key, "rates")
        )
    catalogs = folder("catalogs", "locales")
    glossary_value = _str(table, "glossary", "", fail)
    glossary = (root / glossary_value).resolve() if glossary_value else catalogs / "glossary.csv"
    if glossary_value and not glossary.is_file():
        what = "is a folder" if glossary.is_dir() else "does not exist"
        raise fail("glossary", f"{glossary_value} {what}")
    work = folder("work", ".l10n")
    output = folder("output", "output")
    if work == output or output in work.parents:
        raise fail("work", "must be outside the output folder, which holds only what is published")
    base_url = _str(table, "base_url", "", fail)
    if base_url:
        if not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", base_url):
            raise fail("base_url", "must be an http(s) address such as https://clinic.example/")
        base_url = base_url.rstrip("/") + "/"
    review_overdue = _str(table, "review_overdue", "warning", fail)
    if review_overdue not in ("warning", "error"):
        raise fail("review_overdue", 'must be "warning" or "error"')
    margin = table.get("reading_margin", 15)
    if isinstance(margin, bool) or not isinstance(margin, int | float) or not 0 <= margin <= 200:
        raise fail("reading_margin", "must be a number of points from 0 to 200")
    links = _links(table.get("links", {}), fail)
    return Settings(
        root=root,
        source=folder("source", "source"),
        catalogs=catalogs,
        output=output,
        source_language=source_language,
        locales=locales,
        threshold=threshold,
        engines=engines,
        libre_url=_str(table, "libre_url", "", fail),
        glossary=glossary,
        require_review=require_review,
        articles=articles,
        work=work,
        base_url=base_url,
        review_overdue=review_overdue,
        reading_margin=float(margin),
        rates=rates,
        links=links,
    )


def _links(value: Any, fail: Any) -> dict[str, dict[str, str]]:
    """``links``: per locale, outside URL prefixes and their localized equivalents."""
    if not isinstance(value, dict):
        raise fail("links", 'must be a table such as { es = { "https://a/" = "https://a/es/" } }')
    out: dict[str, dict[str, str]] = {}
    for code, table in value.items():
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and re.match(r"^[a-z][a-z0-9+.-]*://", k)
            and re.match(r"^[a-z][a-z0-9+.-]*://", v)
            for k, v in table.items()
        ):
            raise fail("links", f"{code}: each entry maps an absolute URL prefix to another")
        try:
            out[canonical_locale(str(code))] = dict(table)
        except UsageError:
            raise fail("links", f"{code} is not a locale code") from None
    return out


def _review_rule(value: Any, fail: Any) -> bool | RoleTable:
    """``require_review``: true, false, or a table of the roles each kind of unit needs."""
    if isinstance(value, bool):
        return value
    shape = 'must be true, false or a table like { critical = ["linguist", "clinician"],' \
        ' default = ["linguist"] }'
    if not isinstance(value, dict) or not set(value) <= {"critical", "default"}:
        raise fail("require_review", shape)
    lists = {}
    for kind in ("critical", "default"):
        roles = value.get(kind, [])
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise fail("require_review", shape)
        unknown = [r for r in roles if r not in ROLES]
        if unknown:
            raise fail("require_review", f"unknown role '{unknown[0]}' (known: {', '.join(ROLES)})")
        lists[kind] = tuple(dict.fromkeys(roles))
    return RoleTable(lists["critical"], lists["default"])


def setting_error(settings: Settings, key: str, message: str) -> ConfigError:
    """A configuration error found after loading (it needs the disk), at the key's line."""
    pyproject = settings.root / "pyproject.toml"
    try:
        line = _key_line(pyproject.read_text("utf-8"), key)
    except (OSError, UnicodeDecodeError):
        line = None
    return ConfigError(f"[tool.l10n] {key}: {message}", pyproject, line)


def _str(table: dict[str, Any], key: str, default: str, fail: Any) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise fail(key, "must be a string")
    return value


def _key_line(text: str, key: str, table: str = "") -> int | None:
    """1-based line of ``key = ...`` inside the [tool.l10n] (or [tool.l10n.TABLE]) table."""
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith(f"[tool.l10n.{table}]" if table else "[tool.l10n")
            continue
        if inside and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None
