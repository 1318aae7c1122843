"""The only module that walks folders, reads the clock and writes files.

Rules:
- Files are written atomically (a temp file in the same folder, then rename) and
  only when their content changes, so a second run with no change touches nothing.
  A file that cannot be written is a ``WriteError`` naming it (exit 7), never its temp file.
- ``check=True`` computes everything and writes nothing: the result lists the files
  that would change.
- A template's creation date changes only when its entries change.
- A page that is not (or no longer) publishable has no file in ``output/``.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import multiprocessing
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from l10n.catalogs import merge, new_catalog, progress, same_entries
from l10n.config import Settings, canonical_locale, setting_error
from l10n.errors import CatalogError, SourceError, UsageError, WriteError
from l10n.markdown import Article, front_matter, parse_article

if TYPE_CHECKING:
    from l10n.gate import CatalogReport
    from l10n.glossary import Glossary

_POT_DATE = re.compile(rb'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
PREVIEW = "_preview"
BROKEN = (
    "a translation breaks the page's Markdown (a line break in a table cell or heading, "
    "or markup in an image title): see l10n check"
)


def now_stamp() -> str:
    """The current time in the form gettext headers use."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")


def decode(data: bytes, path: Path | str, error: type[SourceError | CatalogError]) -> str:
    """UTF-8 text of a file; undecodable bytes are an error at their line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", path, line) from None
    return text.removeprefix("\ufeff")


def write_if_changed(path: Path, text: str | bytes) -> bool:
    """Write ``text`` atomically unless the file already holds it; True if written.

    Any failure (permission, a full disk, a folder in the way) is a ``WriteError``
    naming ``path``, never the temporary file, which is removed.
    """
    try:
        return _write_if_changed(path, text)
    except OSError as exc:
        raise WriteError(f"cannot write: {_why(exc)}", path) from None


def _write_if_changed(path: Path, text: str | bytes) -> bool:
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777  # keep the mode a file has
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # a new file gets what open() would give it
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def read_existing(path: Path) -> bytes | None:
    """A file's bytes before it is written; None if there is none."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteError(f"cannot write: {_why(exc)}", path) from None


def _why(exc: OSError) -> str:
    """Why a file cannot be written, in words, without the temporary file's name."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full (no space left on device)"
    if exc.errno == errno.EISDIR:
        return "a folder is in the way"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return "a file is in the way of its folder"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return (exc.strerror or str(exc)).lower()


@functools.cache
def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


@dataclass
class Changes:
    """What a command wrote (or, with check, would write) and what it held back."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    held_back: list[tuple[str, str]] = field(default_factory=list)  # (page, reason)
    stale: list[tuple[str, str]] = field(default_factory=list)  # with check: (path, what)


@dataclass(frozen=True)
class Source:
    """One article on disk."""

    path: Path
    slug: str
    article: Article


class Project:
    """A project's folders, per its Settings."""

    def __init__(self, settings: Settings, check: bool = False, content_only: bool = False):
        self.settings = settings
        self.check = check
        # with check: a catalog is current when update would change none of its
        # entries, however its file is laid out (layout is build --check's business)
        self.content_only = content_only
        self.changes = Changes()
        self._stamp: str | None = None
        self._slugs: dict[str, str] = {}
        self._articles_known = False

    # --- paths ---------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return self.settings.rel(path)

    def pot_path(self, slug: str) -> Path:
        return self.settings.catalogs / f"{slug}.pot"

    def po_path(self, locale: str, slug: str) -> Path:
        return self.settings.catalogs / locale / "LC_MESSAGES" / f"{slug}.po"

    def page_paths(self, locale: str, slug: str, preview: bool = False) -> tuple[Path, Path]:
        folder = self.settings.output / (PREVIEW if preview else "") / locale
        return folder / f"{slug}.md", folder / f"{slug}.html"

    def locales(self, requested: Iterable[str] = ()) -> tuple[str, ...]:
        """The locales asked for with -l (each must be configured), else every configured one."""
        chosen = tuple(canonical_locale(code) for code in requested) or self.settings.locales
        if not chosen:
            raise UsageError("no locales: give -l LANG or set locales in [tool.l10n]")
        for code in chosen:
            if code not in self.settings.locales:
                configured = ", ".join(self.settings.locales) or "none"
                raise UsageError(
                    f"locale {code} is not configured ([tool.l10n] locales: {configured})"
                )
        return chosen

    def covering(self, slug: str, locales: Iterable[str]) -> tuple[str, ...]:
        """The locales among ``locales`` that translate article ``slug``."""
        return tuple(code for code in locales if self.settings.covers(code, slug))

    def stamp(self) -> str:
        if self._stamp is None:
            self._stamp = now_stamp()
        return self._stamp

    # --- reading -------------------------------------------------------------------
    def source_paths(self) -> list[Path]:
        """Every article in the source folder, sorted by file name."""
        folder = self.settings.source
        if not folder.is_dir():
            raise UsageError(f"source folder {self.rel(folder)} does not exist")
        return self._known_articles(sorted(folder.glob("*.md")))

    def _known_articles(self, paths: list[Path]) -> list[Path]:
        """Check once that every slug named in ``articles`` is an article of the source folder."""
        named = {slug: code for code, slugs in self.settings.articles.items() for slug in slugs}
        if self._articles_known or not named:
            return paths
        unknown = set(named) - {p.stem for p in paths}
        if unknown:  # a slug may differ from the file's name: read the front matter
            unknown -= {self.peek_slug(p) for p in paths}
        if unknown:
            slug, folder = min(unknown), self.rel(self.settings.source)
            raise setting_error(
                self.settings, "articles",
                f"{named[slug]} names '{slug}', which is not an article in {folder}/",
            )
        self._articles_known = True
        return paths

    def load_source(self, path: Path) -> Source:
        """Read and parse one article; its slug must be safe and unique."""
        rel = self.rel(path)
        article = parse_article(decode(path.read_bytes(), rel, SourceError), rel)
        slug = self._slug(path, article.meta, article.meta_lines)
        return Source(path, slug, article)

    def peek_slug(self, path: Path) -> str:
        """Claim an article's slug from its front matter alone (before a parallel build)."""
        rel = self.rel(path)
        meta, meta_lines, _, _ = front_matter(decode(path.read_bytes(), rel, SourceError), rel)
        return self._slug(path, meta, meta_lines)

    def _slug(self, path: Path, meta: dict[str, Any], meta_lines: dict[str, int]) -> str:
        rel, line = self.rel(path), meta_lines.get("slug", 2)
        slug = str(meta.get("slug") or path.stem)
        if not _SLUG.match(slug):
            raise SourceError(f"slug '{slug}' must be lowercase letters, digits, '-' or '_'", rel, line)
        self._claim(slug, rel, line)
        return slug

    def _claim(self, slug: str, rel: str, line: int) -> None:
        other = self._slugs.setdefault(slug, rel)
        if other != rel:
            raise SourceError(f"slug '{slug}' is also used by {other}", rel, line)

    def sources(self) -> Iterator[Source]:
        """Every article, parsed."""
        for path in self.source_paths():
            yield self.load_source(path)

    def slugs(self) -> list[str]:
        """Slugs that have a template, for commands that work from catalogs alone."""
        return sorted(p.stem for p in self.settings.catalogs.glob("*.pot"))

    def read_po(self, path: Path) -> polib.POFile:
        from l10n.pofile import parse_po

        rel = self.rel(path)
        return parse_po(decode(path.read_bytes(), rel, CatalogError), rel)

    def read_po_if_exists(self, path: Path) -> polib.POFile | None:
        return self.read_po(path) if path.is_file() else None

    @functools.cache  # noqa: B019 - one project per command
    def glossary(self) -> Glossary | None:
        """The project's glossary, if the file exists."""
        from l10n.glossary import parse_glossary

        path = self.settings.glossary
        if path is None or not path.is_file():
            return None
        rel = self.rel(path)
        return parse_glossary(decode(path.read_bytes(), rel, CatalogError), rel)

    # --- writing -------------------------------------------------------------------
    def write(self, path: Path, text: str | bytes) -> None:
        if self.check:
            data = text.encode("utf-8") if isinstance(text, str) else text
            old = read_existing(path)
            what = "missing" if old is None else "" if old == data else "out of date"
            if what:
                self._stale(path, what)
        elif write_if_changed(path, text):
            self.changes.written.append(self.rel(path))

    def _stale(self, path: Path, what: str) -> None:
        """With check: record a file that a command would write."""
        self.changes.written.append(self.rel(path))
        self.changes.stale.append((self.rel(path), what))

    def write_po(self, path: Path, po: polib.POFile) -> None:
        from l10n.pofile import dump_po

        self.write(path, dump_po(po))

    def remove(self, path: Path) -> None:
        if path.exists():
            self.changes.removed.append(self.rel(path))
            if self.check:
                self.changes.stale.append((self.rel(path), "should not exist (not published)"))
            else:
                try:
                    path.unlink()
                except OSError as exc:
                    raise WriteError(f"cannot remove: {_why(exc)}", path) from None

    # --- the steps -----------------------------------------------------------------
    def template(self, src: Source) -> polib.POFile:
        """Extract one article and write its template if it changed."""
        from l10n.extract import template
        from l10n.pofile import dump_po, parse_po

        path = self.pot_path(src.slug)
        old = read_existing(path)
        found = _POT_DATE.search(old) if old else None
        old_date = found.group(1).decode("utf-8", "replace") if found else ""
        pot = template(src.article, src.slug, old_date or self.stamp())
        if self.check and self.content_only and old is not None:
            rel = self.rel(path)
            if not same_entries(parse_po(decode(old, rel, CatalogError), rel), pot):
                self._stale(path, "out of date")
            return pot
        text = dump_po(pot)
        if old_date and text.encode("utf-8") != old:  # entries changed: a new date
            pot = template(src.article, src.slug, self.stamp())
            text = dump_po(pot)
        self.write(path, text)
        return pot

    def update(
        self, slug: str, pot: polib.POFile, locale: str, old: polib.POFile | None = None
    ) -> polib.POFile:
        """Create or merge one locale's catalog (``old``: as read from disk) and write it."""
        path = self.po_path(locale, slug)
        if old is None:
            old = self.read_po_if_exists(path)
        if old is None:
            po = new_catalog(pot, locale, self.stamp())
        else:
            po = merge(old, pot, self.glossary(), locale)
            if self.check and self.content_only and same_entries(old, po):
                return po
        self.write_po(path, po)
        return po

    def hold_back(self, locale: str, slug: str, reason: str) -> None:
        """Record why a page is not published and remove what was published before."""
        md_path, html_path = self.page_paths(locale, slug)
        self.changes.held_back.append((self.rel(html_path), reason))
        self.remove(md_path)
        self.remove(html_path)

    def publish(
        self, src: Source, catalogs: dict[str, polib.POFile], include_fuzzy: bool = False
    ) -> None:
        """Render the article's editions; write published pages, remove held-back ones."""
        from l10n.render import decide, render_page

        published = []
        review = self.settings.require_review
        for locale, po in catalogs.items():
            reason = decide(src.article, po, self.settings.threshold, review)[1]
            if not reason:
                published.append(locale)
            else:
                self.hold_back(locale, src.slug, reason)
        editions = set(published)
        for other in self.covering(src.slug, self.settings.locales):
            if other not in catalogs:  # a locale not asked for: its page as it stands
                po = self.read_po_if_exists(self.po_path(other, src.slug))
                if po is not None and not decide(src.article, po, self.settings.threshold, review)[1]:
                    editions.add(other)
        order = list(dict.fromkeys([*self.settings.locales, *catalogs]))
        for locale in published:
            md_path, html_path = self.page_paths(locale, src.slug)
            alternates = [
                (other, f"../{other}/{src.slug}.html")
                for other in sorted(editions, key=order.index)
                if other != locale
            ]
            page = render_page(
                src.article, catalogs[locale], locale, require_review=review, alternates=alternates
            )
            if page.broken:
                self.hold_back(locale, src.slug, BROKEN)
                continue
            self.write(md_path, page.markdown)
            self.write(html_path, page.html)
        if include_fuzzy:
            for locale, po in catalogs.items():
                page = render_page(src.article, po, locale, include_fuzzy=True)
                md_path, html_path = self.page_paths(locale, src.slug, preview=True)
                if page.broken:
                    self.changes.held_back.append((self.rel(html_path), BROKEN))
                    continue
                self.write(md_path, page.markdown)
                self.write(html_path, page.html)

    def prune(self, locales: tuple[str, ...]) -> None:
        """Remove pages no article stands behind any more.

        A page goes when its article is gone or no longer covered by its locale; with
        every configured locale built, so do pages of locales no longer configured.
        Only ``.md`` and ``.html`` files are touched; ``_report`` and ``_preview`` stay.
        """
        out = self.settings.output
        if not out.is_dir():
            return
        every = set(locales) >= set(self.settings.locales)
        for folder in sorted(out.iterdir()):
            if not folder.is_dir() or folder.name.startswith("_"):
                continue
            code = folder.name
            if code not in locales and not (every and code not in self.settings.locales):
                continue
            for page in sorted(folder.iterdir()):
                if page.suffix not in (".md", ".html"):
                    continue
                if (
                    page.stem not in self._slugs
                    or not self.settings.covers(code, page.stem)
                    or code not in self.settings.locales
                ):
                    self.remove(page)

    # --- review --------------------------------------------------------------------
    def review(self, locale: str, by: str, only: str | None = None) -> tuple[int, list[str]]:
        """Sign off translated entries of a locale; entries with check errors are refused."""
        from l10n.checks import check_entry
        from l10n.safety import State, sign, state

        slugs = self.slugs()
        if only is not None and only not in slugs:
            raise UsageError(f"no template for article '{only}'")
        today = self.stamp()[:10]
        glossary = self.glossary()
        signed, refused = 0, []
        for slug in slugs:
            path = self.po_path(locale, slug)
            po = self.read_po_if_exists(path) if only in (None, slug) else None
            if po is None:
                continue
            for entry in po:
                if entry.obsolete or state(entry) is not State.TRANSLATED:
                    continue
                errors = [
                    f for f in check_entry(entry.msgid, entry.msgstr, locale, glossary)
                    if f.severity == "error"
                ]
                if errors:
                    refused += [
                        f"{self.rel(path)}:{entry.linenum}: not signed: [{f.check}] {f.message}"
                        for f in errors
                    ]
                    continue
                sign(entry, by, today)
                signed += 1
            self.write_po(path, po)
        return signed, refused

    # --- report --------------------------------------------------------------------
    def report(self, locales: tuple[str, ...]) -> Path:
        """Write the review dashboard and packets (see ``l10n.report``); the index's path."""
        from l10n.report import FOLDER, assess, site

        s = self.settings
        editions = []
        for src in self.sources():
            for code in self.covering(src.slug, locales):
                path = self.po_path(code, src.slug)
                po = self.read_po_if_exists(path)
                editions.append(
                    assess(src.article, src.slug, code, po, self.rel(path), s, self.glossary())
                )
        folder = s.output / FOLDER
        pages = site(editions, locales, s.threshold)
        for name, text in pages.items():
            self.write(folder / name, text)
        for code in locales:  # packets of articles that are gone
            for old in sorted((folder / code).glob("*.html")):
                if f"{code}/{old.name}" not in pages:
                    self.remove(old)
        return folder / "index.html"

    # --- check ---------------------------------------------------------------------
    def assess(
        self,
        src: Source,
        pot: polib.POFile,
        catalogs: dict[str, polib.POFile | None],
        minimum: float,
    ) -> list[CatalogReport]:
        """Progress and findings of an article's catalogs as they are on disk.

        A missing catalog counts as one with nothing translated.
        """
        from l10n.gate import CatalogReport, check_catalog
        from l10n.render import critical_hold

        glossary = self.glossary()
        review = self.settings.require_review
        reports = []
        for code, po in catalogs.items():
            rel = self.rel(self.po_path(code, src.slug))
            found = []
            if po is None:
                po = pot
            else:
                found = check_catalog(
                    po, rel, code, glossary, src.article, self.settings.source_language
                )
            held = critical_hold(src.article, po)
            reports.append(
                CatalogReport(src.slug, code, rel, progress(po), minimum, found, held, review)
            )
        return reports

    # --- build with a manifest -----------------------------------------------------
    def build(
        self, locales: tuple[str, ...], assess: float | None = None, render: bool = True
    ) -> list[CatalogReport]:
        """Extract, update and (unless ``render`` is false) render every article.

        An article whose source, template, catalogs and pages are exactly as the last
        build left them (same size and modification time, same settings) is skipped;
        ``check`` never skips. ``assess`` is the minimum percent for ``check``: each
        article's catalogs are assessed as they were on disk before the build.
        Large builds are shared among processes, one per core; results keep the order
        of a build in one process.
        """
        key = self._fingerprint(locales)
        old = {} if self.check else self._read_manifest(key)
        manifest: dict[str, Any] = {}
        todo: list[Path] = []
        for path in self.source_paths():
            rel = self.rel(path)
            seen = old.get(rel)
            if seen is not None and _stats(self.settings.root, seen["files"]) == seen["files"]:
                self._claim(seen["slug"], rel, 2)
                manifest[rel] = seen
            else:
                todo.append(path)
        workers = _workers(len(todo))
        if workers > 1:
            for path in todo:  # a duplicate slug stops the build before any file is written
                self.peek_slug(path)
            chunks = [todo[i::workers] for i in range(workers)]
            job = functools.partial(
                _build_chunk, self.settings, self.check, self.content_only, self.stamp(),
                locales, assess, render,
            )
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                parts = list(pool.map(job, chunks))
        else:
            parts = [self._build_paths(todo, locales, assess, render)]
        built: dict[str, tuple[Changes, dict[str, Any], list[CatalogReport]]] = {}
        for part in parts:
            for rel, result in part.items():
                built[rel] = result
        reports: list[CatalogReport] = []
        for rel in sorted({*manifest, *built}):  # the order of source_paths()
            if rel in built:
                changes, entry, found = built[rel]
                self._claim(entry["slug"], rel, 2)
                self.changes.written += changes.written
                self.changes.removed += changes.removed
                self.changes.stale += changes.stale
                reports += found
                manifest[rel] = entry
            self.changes.held_back.extend(tuple(x) for x in manifest[rel]["held_back"])
        if not self.check:
            write_if_changed(self._manifest_path(), json.dumps({"key": key, "articles": manifest}))
        return reports

    def _build_paths(
        self, paths: list[Path], locales: tuple[str, ...], assess: float | None, render: bool
    ) -> dict[str, tuple[Changes, dict[str, Any], list[CatalogReport]]]:
        """Build some articles; per article, what changed, its manifest entry, its reports."""
        out: dict[str, tuple[Changes, dict[str, Any], list[CatalogReport]]] = {}
        for path in paths:
            self.changes = Changes()
            src = self.load_source(path)
            pot = self.template(src)
            covering = self.covering(src.slug, locales)
            disk = {code: self.read_po_if_exists(self.po_path(code, src.slug)) for code in covering}
            found = [] if assess is None else self.assess(src, pot, disk, assess)
            catalogs = {code: self.update(src.slug, pot, code, disk[code]) for code in covering}
            if render:
                self.publish(src, catalogs)
            files = [path, self.pot_path(src.slug)]
            for code in covering:
                files += [self.po_path(code, src.slug), *self.page_paths(code, src.slug)]
            entry = {
                "slug": src.slug,
                "files": _stats(self.settings.root, {self.rel(f): None for f in files}),
                "held_back": self.changes.held_back,
            }
            out[self.rel(path)] = (self.changes, entry, found)
        self.changes = Changes()
        return out

    def _manifest_path(self) -> Path:
        return self.settings.root / ".l10n-cache" / "build.json"

    def _fingerprint(self, locales: tuple[str, ...]) -> str:
        from l10n import __version__

        s = self.settings
        code = max(p.stat().st_mtime_ns for p in Path(__file__).parent.rglob("*.py"))
        return repr(
            (__version__, code, s.source, s.catalogs, s.output, locales, s.threshold,
             s.articles, s.require_review)
        )

    def _read_manifest(self, key: str) -> dict[str, Any]:
        try:
            data = json.loads(self._manifest_path().read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("key") != key:
            return {}
        articles = data.get("articles")
        return articles if isinstance(articles, dict) else {}


PARALLEL_FROM = 64  # articles; below this, starting processes costs more than it saves


def _workers(articles: int) -> int:
    """How many processes to build ``articles`` with."""
    if articles < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1, 8))


def _build_chunk(
    settings: Settings,
    check: bool,
    content_only: bool,
    stamp: str,
    locales: tuple[str, ...],
    assess: float | None,
    render: bool,
    paths: list[Path],
) -> dict[str, tuple[Changes, dict[str, Any], list[CatalogReport]]]:
    """Build some articles in a worker process (see ``Project.build``)."""
    project = Project(settings, check=check, content_only=content_only)
    project._stamp = stamp
    return project._build_paths(paths, locales, assess, render)


def _stats(root: Path, files: dict[str, Any]) -> dict[str, Any]:
    """Size and modification time of each file (None when it does not exist)."""
    out: dict[str, Any] = {}
    for name in files:
        try:
            st = (root / name).stat()
        except FileNotFoundError:
            out[name] = None
        else:
            out[name] = [st.st_size, st.st_mtime_ns]
    return out
