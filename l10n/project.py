"""The only module that walks folders, reads the clock and writes files.

Rules:
- Files are written atomically (a temp file in the same folder, then rename) and
  only when their content changes, so a second run with no change touches nothing.
  A file that is not there yet skips the comparison: its temp file is opened by name
  (``.NAME.PID.tmp``, with the mode ``open`` gives a new file), the general way when
  that name is taken.
  A file that cannot be written is a ``WriteError`` naming it (exit 7), never its temp file.
  Every temp file names the process that made it (``.NAME.PID.tmp``,
  ``.NAME.PID-RANDOM.tmp``, ``.NAME.import-PID-HEX.tmp``): what a killed command left is
  removed, once that process is gone, by the next build with work to do (catalogs,
  pages, cache) or import (catalogs), so no stray file is published.
- ``check=True`` computes everything and writes nothing: the result lists the files
  that would change. A catalog or template whose bytes differ but whose parsed
  content is what would be written (another tool re-wrapped it) is not stale: it is
  listed apart, as layout only; ``fmt`` rewrites such files in gettext layout.
- A template's creation date changes only when its entries change.
- A page that is not (or no longer) publishable has no file in ``output/``.
- The build manifest names files relative to the project and records their size,
  time and content hash: a moved or copied project (new times) is confirmed by
  hashing, not rebuilt. Heavy modules are imported where they are used, so a build
  with nothing to do does not load them.
- ``.l10n-cache/catalogs.txt`` lists the content hashes of catalogs this version wrote
  (or found already as it would write them). A catalog whose file has such a hash and
  whose merge changes nothing is left alone without being serialized again: its
  bytes are already what writing it would give.
- Published folders are BCP 47 (``output/pt-BR/``); a build retires the gettext-named
  folder (``output/pt_BR/``) earlier versions wrote, removing only pages it would write.
- Only regular ``*.md`` files (any case) directly in the source folder are articles;
  each skipped subfolder or special file is named in a notice.
- A symlinked file is written through its link: the target changes, the link stays.
- A build with no article left refuses to remove every published page unless told to.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l10n import medical
from l10n.config import Settings, bcp47, canonical_locale, setting_error
from l10n.errors import CatalogError, SourceError, UsageError, WriteError

if TYPE_CHECKING:
    import polib

    from l10n.analyze import LocaleAnalysis
    from l10n.formats import xliff
    from l10n.formats.agency import ImportReport, Judge, Outcome
    from l10n.glossary import Glossary
    from l10n.markdown import Article
    from l10n.quality.gate import CatalogReport, Located
    from l10n.review import Catalog as ReviewCatalog
    from l10n.review import Outcome as ReviewOutcome
    from l10n.site.assets import Image

_POT_DATE = re.compile(rb'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SITE = True  # the source edition, indexes and sitemap; benchmarks/bench_site.py turns it off
PREVIEW = "_preview"  # inside output/ before previews moved to the work folder
OLD_REPORT = "_report"


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
        os.lstat(path)
    except FileNotFoundError:  # nothing there, not even a link: nothing to compare
        if _write_new(path, data):
            return True
    staged = _stage(path, data)
    if staged is None:
        return False
    target, tmp = staged
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def stage_write(path: Path, data: bytes, tag: str) -> tuple[Path, Path] | None:
    """The first half of ``write_if_changed``, for a command that writes many files at
    once or none (``xliff import``): ``data`` in ``.NAME.TAG.tmp`` beside the file it
    will replace; (that file, the temporary one), or None when the file holds ``data``.
    ``os.replace`` finishes; ``drop_staged`` removes what a failed command left."""
    try:
        return _stage(path, data, tag)
    except OSError as exc:
        raise WriteError(f"cannot write: {_why(exc)}", path) from None


Staged = tuple[Path, Path | None, Path | None, int, str]
"""A catalog an ``xliff import`` process staged: its path, the file that path resolves
to and the temporary file beside it (None twice: the file holds the bytes already),
the bytes' size and hash."""


def drop_staged(folders: Iterable[Path], tag: str) -> None:
    """Remove the temporary files ``stage_write`` left in ``folders`` under ``tag``."""
    for folder in folders:
        for tmp in folder.glob(f".*.{tag}.tmp"):
            tmp.unlink(missing_ok=True)


# the temporary files this module names, each with a real process id
_ABANDONED = re.compile(r"\..+\.(?:import-)?([1-9]\d{0,8})(?:-[0-9a-z_]+)?\.tmp")


def drop_abandoned(folders: Iterable[Path]) -> None:
    """Remove the temporary files a command left in ``folders`` and could not remove
    itself (it was killed): those whose process is gone. A live one may be another
    command at work; where a process cannot be asked about (not POSIX), nothing is
    removed. A file that cannot be removed stays: it is never published as a page."""
    if os.name != "posix":
        return
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:  # not made yet, or not a folder: nothing of ours in it
            continue
        for name in names:
            found = _ABANDONED.fullmatch(name) if name.endswith(".tmp") else None
            if found is not None and not _alive(int(found.group(1))):
                try:
                    os.unlink(folder / name)
                except OSError:
                    pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        return True
    return True


def _stage(path: Path, data: bytes, tag: str = "") -> tuple[Path, Path] | None:
    if path.is_symlink():  # write through the link: its target changes, the link stays
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file() and not path.is_dir():  # a FIFO blocks a read
        raise OSError(errno.EINVAL, "not a regular file")
    try:
        if path.read_bytes() == data:
            return None
    except FileNotFoundError:
        pass
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777  # keep the mode a file has
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # a new file gets what open() would give it
    if tag:
        tmp = str(path.with_name(f".{path.name}.{tag}.tmp"))
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, 0o600)
    else:
        prefix = f".{path.name}.{os.getpid()}-"
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    _fill(fd, tmp, data, lambda: os.chmod(tmp, mode))
    return path, Path(tmp)


def _fill(fd: int, tmp: str, data: bytes, finish: Callable[[], None]) -> None:
    """Write ``data`` into the temporary file ``tmp`` (open as ``fd``), then ``finish``;
    whatever fails, the temporary file does not outlive it."""
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        finish()
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _write_new(path: Path, data: bytes) -> bool:
    """Write a file that was not there, in few system calls: into a temporary file
    beside it, renamed into place, so a crash never leaves a half-written file under
    the real name. False, having written nothing, when anything is unusual (the
    temporary name is taken, the folder cannot be made): the general path then
    writes the file, or says why it cannot."""
    tmp = os.path.join(path.parent, f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            fd = os.open(tmp, _NEW_FILE, 0o666)  # the mode open() gives a new file
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, _NEW_FILE, 0o666)
    except OSError:
        return False
    _fill(fd, tmp, data, lambda: os.replace(tmp, path))
    return True


def read_existing(path: Path) -> bytes | None:
    """A file's bytes before it is written; None if there is none."""
    if path.exists() and not path.is_file() and not path.is_dir():  # a FIFO blocks a read
        raise WriteError("cannot write: not a regular file", path)
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
    layout: list[str] = field(default_factory=list)  # with check: same content, other layout


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
        self._root_prefix = os.path.join(settings.root, "")  # ``rel`` of paths under it
        self._folders: dict[tuple[str, str], Path] = {}
        self.check = check
        # with check: a catalog is current when update would change none of its
        # entries, however its file is laid out (layout is build --check's business)
        self.content_only = content_only
        self.changes = Changes()
        self._stamp: str | None = None
        self._slugs: dict[str, str] = {}
        self._articles_known = False
        self._source_paths: list[Path] | None = None  # the source folder, listed once
        self.rebuilt: list[str] = []  # build: articles not taken as they were from the manifest
        self._read_hashes: dict[Path, str] = {}  # catalogs read: their content hash
        # files this command wrote, found already holding what it would write, or read (a
        # catalog): their size and content hash, so the manifest need not read them back
        self._contents: dict[Path, tuple[int, str]] = {}
        self._glossary: Glossary | None = None  # read once (``glossary``)
        self._glossary_read = False
        self._written_hashes: list[str] = []  # catalogs written as this version writes them
        self._known_hashes: frozenset[str] | None = None
        self.notices: list[str] = []  # one line each: files skipped, folders retired
        self.on_notice: Callable[[str], None] | None = None
        self.allow_empty = False  # a source folder with no article may empty the site
        self.site_info: dict[str, dict[str, dict[str, str]]] = {}  # slug -> locale -> info
        # links between articles (``l10n.site.links``): each article's published editions
        # as known when rendering, and per article the linked ones with what it assumed
        self.link_state: dict[str, list[str]] | None = None
        self.link_paths: dict[str, str] = {}  # source file -> slug, for relative links
        # articles whose source and template are as the last build left them (its
        # manifest): extracting again would give the same template, so it is read
        self.extracted: frozenset[str] = frozenset()
        # check: of those, the articles whose files are all as the last build left them,
        # so update would change nothing either
        self.current: frozenset[str] = frozenset()
        self.link_deps: dict[str, dict[str, list[str]]] = {}

    def notice(self, text: str) -> None:
        """Record a notice once (and pass it on as it happens)."""
        if text not in self.notices:
            self.notices.append(text)
            if self.on_notice is not None:
                self.on_notice(text)

    # --- paths ---------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        text = str(path)  # a path under the project, by its text (as relative_to does)
        if text.startswith(self._root_prefix) and os.sep == "/":
            return text[len(self._root_prefix) :]
        return self.settings.rel(path)

    def pot_path(self, slug: str) -> Path:
        return self.settings.catalogs / f"{slug}.pot"

    def po_path(self, locale: str, slug: str) -> Path:
        return self._folder("po", locale) / f"{slug}.po"

    def page_paths(self, locale: str, slug: str, preview: bool = False) -> tuple[Path, Path]:
        folder = self._folder("preview" if preview else "pages", locale)
        return folder / f"{slug}.md", folder / f"{slug}.html"

    def _folder(self, kind: str, locale: str) -> Path:
        """A locale's folder of catalogs, pages or previews (made once: asked per file)."""
        folder = self._folders.get((kind, locale))
        if folder is None:
            s = self.settings
            if kind == "po":
                folder = s.catalogs / locale / "LC_MESSAGES"
            else:
                base = s.work_folder / "preview" if kind == "preview" else s.output
                folder = base / bcp47(locale)
            self._folders[(kind, locale)] = folder
        return folder

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
        """Every article in the source folder, sorted by file name.

        An article is a regular file named ``*.md`` in any case; subfolders and other
        files named ``*.md`` (a FIFO, a broken link) are skipped with a notice. The
        folder is listed once per command.
        """
        if self._source_paths is None:
            self._source_paths = self._list_sources()
        return list(self._source_paths)

    def _list_sources(self) -> list[Path]:
        folder = self.settings.source
        if not folder.is_dir():
            if self.allow_empty and not folder.exists():
                return []
            raise UsageError(f"source folder {self.rel(folder)} does not exist")
        paths = []
        with os.scandir(folder) as found:  # file types come with the listing: no stat each
            entries = sorted(found, key=lambda e: e.name)
        for entry in entries:
            path = folder / entry.name
            if entry.is_dir():
                self.notice(f"{self.rel(path)}/: skipped: articles in subfolders are not read")
            elif os.path.splitext(entry.name)[1].lower() != ".md":
                continue
            elif not entry.is_file():
                self.notice(f"{self.rel(path)}: skipped: not a regular file")
            else:
                paths.append(path)
        return self._known_articles(paths)

    def refuse_empty_site(self) -> None:
        """With no article left, refuse to remove the published pages (unless allowed)."""
        if self.allow_empty or self.source_paths():
            return
        pages = self.published_pages()
        if pages:
            raise UsageError(
                f"{self.rel(self.settings.source)}/ has no articles: this would remove all "
                f"{len(pages)} published pages; give --allow-empty to remove them"
            )

    def published_pages(self) -> list[Path]:
        """The pages in the output folder's locale folders (not previews or reports)."""
        out = self.settings.output
        if not out.is_dir():
            return []
        return [
            page
            for folder in sorted(out.iterdir())
            if folder.is_dir() and not folder.name.startswith("_")
            for page in sorted(folder.iterdir())
            if page.suffix in (".md", ".html") and page.name != "index.html"
        ]

    def orphans(self, locales: Iterable[str] = ()) -> list[tuple[str, str]]:
        """Templates and catalogs (of ``locales``, or all) whose article is gone.

        Call after the sources were read.
        """
        from l10n.quality.gate import ORPHAN

        wanted = set(locales)
        found = [*self.settings.catalogs.glob("*.pot")]
        found += [
            po for po in self.settings.catalogs.glob("*/LC_MESSAGES/*.po")
            if not wanted or po.parent.parent.name in wanted
        ]
        source = self.rel(self.settings.source)
        why = "{}: no article in {}/ has slug '{}'; restore it or delete this file"
        return [
            (self.rel(path), why.format(ORPHAN, source, path.stem))
            for path in sorted(found)
            if path.stem not in self._slugs
        ]

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
        from l10n.markdown import parse_article

        article = parse_article(decode(path.read_bytes(), rel, SourceError), rel)
        slug = self._slug(path, article.meta, article.meta_lines)
        medical.read(article.meta, article.meta_lines, rel)  # a bad medical_review stops here
        return Source(path, slug, article)

    def peek_slug(self, path: Path) -> str:
        """Claim an article's slug from its front matter alone (before a parallel build)."""
        rel = self.rel(path)
        from l10n.markdown import front_matter

        meta, meta_lines, _, _ = front_matter(decode(path.read_bytes(), rel, SourceError), rel)
        return self._slug(path, meta, meta_lines)

    def _slug(self, path: Path, meta: dict[str, Any], meta_lines: dict[str, int]) -> str:
        rel, line = self.rel(path), meta_lines.get("slug", 2)
        slug = str(meta.get("slug") or path.stem)
        if not _SLUG.match(slug):
            raise SourceError(f"slug '{slug}' must be lowercase letters, digits, '-' or '_'", rel, line)
        if slug == "index":
            raise SourceError("slug 'index' is reserved for the language's index page", rel, line)
        self._claim(slug, rel, line)
        return slug

    def _claim(self, slug: str, rel: str, line: int) -> None:
        other = self._slugs.setdefault(slug, rel)
        if other != rel:
            raise SourceError(f"slug '{slug}' is also used by {other}", rel, line)

    def sources(self) -> Iterator[Source]:
        """Every article, parsed; every front matter is read before the first is given,
        so a bad article stops a command before it writes anything."""
        paths = self.source_paths()
        for path in paths:
            self.peek_slug(path)
        for path in paths:
            yield self.load_source(path)

    def catalog_for(self, src: Source, locale: str) -> polib.POFile | None:
        """A locale's catalog of an article as on disk; an article with nothing to
        translate has none, and gets an empty one."""
        from l10n.markdown import segments

        po = self.read_po_if_exists(self.po_path(locale, src.slug))
        if po is None and not segments(src.article):
            from l10n.catalogs import new_catalog
            from l10n.extract import template

            return new_catalog(template(src.article, src.slug, self.stamp()), locale, self.stamp())
        return po

    def slugs(self) -> list[str]:
        """Slugs that have a template, for commands that work from catalogs alone."""
        return sorted(p.stem for p in self.settings.catalogs.glob("*.pot"))

    def read_po(self, path: Path) -> polib.POFile:
        from l10n.formats.pofile import parse_po

        rel = self.rel(path)
        if not path.is_file():  # a FIFO would block a read forever
            raise CatalogError("not a regular file", rel)
        data = path.read_bytes()
        self._read_hashes[path] = digest = _hash(data)
        self._contents[path] = (len(data), digest)  # as read: the manifest need not read it again
        return parse_po(decode(data, rel, CatalogError), rel)

    def read_po_if_exists(self, path: Path) -> polib.POFile | None:
        return self.read_po(path) if path.exists() else None

    def glossary(self) -> Glossary | None:
        """The project's glossary, if the file exists (read once per project object; a
        cache outside the object would keep every worker's per-slice project alive)."""
        from l10n.glossary import parse_glossary

        if not self._glossary_read:
            path = self.settings.glossary
            if path is not None and path.is_file():
                rel = self.rel(path)
                self._glossary = parse_glossary(decode(path.read_bytes(), rel, CatalogError), rel)
            self._glossary_read = True
        return self._glossary

    # --- writing -------------------------------------------------------------------
    def write(self, path: Path, text: str | bytes) -> None:
        if self.check:
            data = text.encode("utf-8") if isinstance(text, str) else text
            old = read_existing(path)
            what = "missing" if old is None else "" if old == data else "out of date"
            if what:
                self._stale(path, what)
        else:
            data = text.encode("utf-8") if isinstance(text, str) else text
            if write_if_changed(path, data):
                self.changes.written.append(self.rel(path))
            self._contents[path] = (len(data), _hash(data))

    def _stale(self, path: Path, what: str) -> None:
        """With check: record a file that a command would write."""
        self.changes.written.append(self.rel(path))
        self.changes.stale.append((self.rel(path), what))

    def write_po(self, path: Path, po: polib.POFile) -> None:
        from l10n.formats.pofile import dump_po

        text = dump_po(po)
        if self.check and self._layout_only(path, text, po):
            self.changes.layout.append(self.rel(path))
            return
        self.write_po_bytes(path, text.encode("utf-8"))

    def write_po_bytes(self, path: Path, data: bytes) -> None:
        """Write a catalog ``dump_po`` serialized (in a worker, say)."""
        self.write(path, data)
        if not self.check:
            self._written_hashes.append(self._contents[path][1])  # hashed by ``write``

    def _layout_only(self, path: Path, text: str, po: polib.POFile) -> bool:
        """Whether the file differs from ``text`` in layout alone (its content is ``po``)."""
        from l10n.catalogs import same_entries
        from l10n.formats.pofile import parse_po

        try:
            old = path.read_bytes()
        except FileNotFoundError:
            return False
        if old == text.encode("utf-8"):
            return False
        rel = self.rel(path)
        try:
            return same_entries(parse_po(decode(old, rel, CatalogError), rel), po)
        except CatalogError:
            return False

    def catalog_files(self, paths: Iterable[Path] = ()) -> list[Path]:
        """The given .po and .pot files, or every template and catalog of the project."""
        chosen = [Path(p) for p in paths]
        if not chosen:
            folder = self.settings.catalogs
            return sorted(folder.glob("*.pot")) + sorted(folder.glob("*/LC_MESSAGES/*.po"))
        for p in chosen:
            if not p.is_file():
                raise UsageError(f"{p}: no such catalog file")
        return [p for p in chosen if p.suffix in (".po", ".pot")]

    def fmt(self, path: Path) -> None:
        """Rewrite one catalog in gettext layout; its content stays as it is."""
        from l10n.catalogs import same_entries
        from l10n.formats.pofile import dump_po, parse_po

        po = self.read_po(path)
        # obsolete entries without a translation hold no one's work: gettext drops them too
        po[:] = [e for e in po if not e.obsolete or e.msgstr or any(e.msgstr_plural.values())]
        text = dump_po(po)
        if not same_entries(parse_po(text, self.rel(path)), po):  # pragma: no cover - guard
            raise CatalogError("cannot be written in gettext layout without a change", self.rel(path), 1)
        if self.check:
            if path.read_bytes() != text.encode("utf-8"):
                self._stale(path, "layout differs from gettext's: run 'l10n fmt'")
        else:
            self.write(path, text)

    def _as_written(self, path: Path) -> bool:
        """Whether the catalog read from ``path`` is byte for byte as this version writes."""
        if self._known_hashes is None:
            try:
                lines = (self.settings.root / _CATALOG_HASHES).read_text("utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            current = bool(lines) and lines[0] == _code_key()
            self._known_hashes = frozenset(lines[1:] if current else ())
        return self._read_hashes.get(path) in self._known_hashes

    def save_catalog_hashes(self) -> None:
        """Add the hashes of the catalogs written to ``.l10n-cache/catalogs.txt``."""
        if not self._written_hashes:
            return
        path = self.settings.root / _CATALOG_HASHES
        key = _code_key()
        try:
            with path.open("r", encoding="utf-8") as handle:
                current = handle.readline().rstrip("\n") == key
        except (OSError, UnicodeDecodeError):
            current = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a" if current else "w", encoding="utf-8") as handle:
                lines = ([] if current else [key]) + self._written_hashes
                handle.write("".join(f"{line}\n" for line in lines))
        except OSError:
            return  # only a cache: the next build serializes again
        self._written_hashes = []

    def remove(self, path: Path, why: str = "should not exist (not published)") -> None:
        if path.exists():
            self.changes.removed.append(self.rel(path))
            if self.check:
                self.changes.stale.append((self.rel(path), why))
            else:
                try:
                    path.unlink()
                except OSError as exc:
                    raise WriteError(f"cannot remove: {_why(exc)}", path) from None

    # --- the steps -----------------------------------------------------------------
    def template(self, src: Source) -> polib.POFile:
        """Extract one article and write its template if it changed."""
        from l10n.catalogs import same_entries
        from l10n.extract import template
        from l10n.formats.pofile import dump_po, parse_po

        path = self.pot_path(src.slug)
        old = read_existing(path)
        found = _POT_DATE.search(old) if old else None
        old_date = found.group(1).decode("utf-8", "replace") if found else ""
        pot = template(src.article, src.slug, old_date or self.stamp())
        if not len(pot):  # nothing to translate: no template (gettext drops an empty one)
            if old is not None:
                self.remove(path, "should not exist (the article has nothing to translate)")
            return pot
        if self.check and self.content_only and old is not None:
            rel = self.rel(path)
            if not same_entries(parse_po(decode(old, rel, CatalogError), rel), pot):
                self._stale(path, "out of date")
            return pot
        text = dump_po(pot)
        if self._layout_only(path, text, pot):  # re-wrapped by another tool: same date
            if self.check:
                self.changes.layout.append(self.rel(path))
                return pot
        elif old_date and text.encode("utf-8") != old:  # entries changed: a new date
            pot = template(src.article, src.slug, self.stamp())
            text = dump_po(pot)
        self.write(path, text)
        return pot

    def update(
        self, slug: str, pot: polib.POFile, locale: str, old: polib.POFile | None = None
    ) -> polib.POFile:
        """Create or merge one locale's catalog (``old``: as read from disk) and write it."""
        from l10n.catalogs import merge, merged_alike, new_catalog, same_catalog, same_entries

        path = self.po_path(locale, slug)
        if old is None:
            old = self.read_po_if_exists(path)
        if old is None:
            po = new_catalog(pot, locale, self.stamp())
        else:
            alike = merged_alike(old, pot, locale)  # most catalogs: no merge to make
            po = old if alike else merge(old, pot, self.glossary(), locale)
            if self.check and self.content_only and (alike or same_entries(old, po)):
                return po
        if not any(not e.obsolete or e.msgstr or any(e.msgstr_plural.values()) for e in po):
            # nothing to translate and no translation to keep: gettext would drop every
            # line of such a file but its header (msgcat prints nothing), so there is none
            if old is not None:
                self.remove(path, "should not exist (nothing to translate, nothing translated)")
            return po
        if old is not None and not self.check and self._as_written(path) and same_catalog(old, po):
            return po  # the file already holds exactly what writing would give
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
        """Render the article's editions, the source's too; write published pages, remove
        held-back ones; record what the site's indexes and sitemap need (``site_info``)."""
        from l10n.site.editions import Editions, edition_info, source_catalog
        from l10n.site.render import publish_reason, render_page, shown

        images = self._images(src)
        published = []
        review = self.settings.require_review
        source = self.settings.source_language
        info = {source: edition_info(src.article, None, None)}
        images_shown: dict[str, list[str]] = {}
        assets: dict[str, dict[str, str]] = {}
        langs: dict[str, dict[str, str]] = {}
        done: dict[str, Any] = {}  # each page spliced once: to decide, then to render
        for locale in [source, *catalogs]:
            images_shown[locale] = self._localized(images, locale)
            moved, langs[locale] = self._links(src, locale)
            assets[locale] = {**moved, **_targets(images, images_shown[locale])}
        for locale, po in catalogs.items():
            table = shown(po, review)  # each entry asked once whether a page may show it
            reason, done[locale] = publish_reason(
                src.article, po, self.settings.threshold, review, table, assets[locale]
            )
            if not reason:
                published.append(locale)
                info[locale] = edition_info(src.article, po, table)
            else:
                self.hold_back(locale, src.slug, reason)
        for other in self.covering(src.slug, self.settings.locales):
            if other in catalogs:
                continue
            po = self.read_po_if_exists(self.po_path(other, src.slug))  # a locale not asked for
            if po is None:
                continue
            table = shown(po, review)
            if not publish_reason(src.article, po, self.settings.threshold, review, table)[0]:
                info[other] = edition_info(src.article, po, table)
        order = list(dict.fromkeys([source, *self.settings.locales, *catalogs]))
        editions = tuple(sorted(info, key=order.index))
        base = self.settings.base_url
        for locale in [source, *published] if SITE else published:
            md_path, html_path = self.page_paths(locale, src.slug)
            po = catalogs[locale] if locale != source else source_catalog(src.article)
            page = render_page(
                src.article, po, locale, require_review=review if locale != source else False,
                assets=assets[locale],
                editions=Editions(locale, editions, source, src.slug, base),
                source_language=source, hreflang=langs[locale], done=done.get(locale),
                # the source edition shows every unit as it is written
                table={e.msgid: e.msgstr for e in po} if locale == source else None,
            )
            if page.broken:
                self.hold_back(locale, src.slug, page.reason)
                info.pop(locale, None)
                continue
            self.write(md_path, page.markdown)
            self.write(html_path, page.html)
            self._copy(images_shown[locale], html_path.parent)
        self.site_info[src.slug] = info
        if include_fuzzy:
            for locale, po in catalogs.items():
                page = render_page(
                    src.article, po, locale, include_fuzzy=True, assets=assets[locale],
                    source_language=self.settings.source_language, hreflang=langs[locale],
                )
                md_path, html_path = self.page_paths(locale, src.slug, preview=True)
                if page.broken:
                    self.changes.held_back.append((self.rel(html_path), page.reason))
                    continue
                self.write(md_path, page.markdown)
                self.write(html_path, page.html)
                self._copy(images_shown[locale], html_path.parent)

    def _links(self, src: Source, locale: str) -> tuple[dict[str, str], dict[str, str]]:
        """Where this edition's links point, and the ``hreflang`` of those that lead to
        another language (``l10n.site.links``); records the linked articles' state."""
        from l10n.site.links import article_like, hrefs, plan

        if self.link_state is None:  # outside a build: as the last build left the site
            self.link_state = {}
            for entry in self._read_manifest(None).values():
                self.link_state[entry["slug"]] = sorted(entry.get("site") or {})
            for path in self.source_paths():
                self.link_paths[self.rel(path)] = self.peek_slug(path)
        folder = posixpath.dirname(self.rel(src.path))
        moved, langs, used = plan(
            src.article, folder, self.link_paths, self.link_state, locale,
            self.settings.source_language, self.settings.links.get(locale, {}),
        )
        if any(article_like(h) for h in hrefs(src.article)):  # which articles there are
            used[""] = [self._articles_key()]
        self.link_deps[src.slug] = used
        return moved, langs

    def _articles_key(self) -> str:
        """A digest of the articles and their slugs: links resolve against them."""
        return _hash(json.dumps(sorted(self.link_paths.items())).encode())

    def _images(self, src: Source) -> list[Image]:
        """The article's own images (relative targets); each must be in the source folder."""
        from l10n.site.assets import Image, local_images

        found = []
        for image in local_images(src.article):
            if not isinstance(image, Image):
                target, line = image
                raise SourceError(
                    f"image '{target}' is outside {self.rel(self.settings.source)}/: keep "
                    "images in the source folder or give an absolute URL", src.article.path, line,
                )
            if not (self.settings.source / image.path).is_file():
                raise SourceError(
                    f"image '{image.target}' not found: no file "
                    f"{self.rel(self.settings.source / image.path)}", src.article.path, image.line,
                )
            found.append(image)
        return found

    def _localized(self, images: list[Image], locale: str) -> list[str]:
        """For each image, the file this locale's page shows (``chart.pt-BR.png`` first)."""
        from l10n.site.assets import variants

        return [
            next(v for v in variants(image.path, locale) if (self.settings.source / v).is_file())
            for image in images
        ]

    def _image_files(self, src: Source, locale: str) -> list[Path]:
        """Every file an edition's images depend on: each variant looked for (there or
        not, so a new ``chart.pt-BR.png`` is seen) and each published copy."""
        from l10n.site.assets import variants

        folder = self.page_paths(locale, src.slug)[1].parent
        images = self._images(src)
        out = [self.settings.source / v for i in images for v in variants(i.path, locale)]
        return out + [folder / name for name in self._localized(images, locale)]

    def _copy(self, files: list[str], folder: Path) -> None:
        """Publish images next to a page (written only when they change)."""
        for name in dict.fromkeys(files):
            self.write(folder / name, (self.settings.source / name).read_bytes())

    def prune(self, locales: tuple[str, ...]) -> None:
        """Remove pages no article stands behind any more.

        A page goes when its article is gone or no longer covered by its locale; with
        every configured locale built, so do pages of locales no longer configured.
        Only ``.md`` and ``.html`` files are touched; ``_report`` and ``_preview`` stay.
        A folder named in gettext's form (``pt_BR``, as earlier versions wrote) loses
        the pages a build would write, and goes when nothing else is left in it.
        """
        out = self.settings.output
        if not out.is_dir():
            return
        every = set(locales) >= set(self.settings.locales)
        for folder in sorted(out.iterdir(), key=lambda p: p.name):  # one folder: as Path sorts
            if not folder.is_dir() or folder.name.startswith("_"):
                continue
            code = _locale_of(folder.name)
            if code is None:  # not a locale's folder: not ours
                continue
            source = code == self.settings.source_language
            if source:
                if folder.name == bcp47(code):
                    for name, stem, suffix in _pages(folder):
                        stray = suffix in (".md", ".html") and stem not in self._slugs
                        if stray and name != "index.html":
                            self.remove(folder / name)
                continue
            if code not in locales and not (every and code not in self.settings.locales):
                continue
            if folder.name != bcp47(code):
                if folder.name == code:  # the gettext-named folder earlier versions wrote
                    self._retire(folder, out / bcp47(code))
                continue
            for name, stem, suffix in _pages(folder):
                if suffix not in (".md", ".html"):
                    continue
                if name == "index.html" and code in self.settings.locales:
                    continue  # the language's index (``write_site``)
                if (
                    stem not in self._slugs
                    or not self.settings.covers(code, stem)
                    or code not in self.settings.locales
                ):
                    self.remove(folder / name)
        preview = self.settings.work_folder / "preview"
        for code in locales:  # and their previews
            if code != bcp47(code):
                self._retire(preview / code, preview / bcp47(code))
        for name in (PREVIEW, OLD_REPORT):  # what earlier versions wrote into output/
            self._retire_tree(out / name)

    def _retire_tree(self, folder: Path) -> None:
        """Remove previews or a report an earlier version wrote inside ``output/``
        (only files of the kinds it wrote), then the folder when nothing else is left."""
        if not folder.is_dir() or folder.is_symlink():
            return
        kinds = {".html", ".md", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"}
        why = f"previews and reports are no longer published: now in {self.rel(self.settings.work_folder)}/"
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and not path.is_symlink() and path.suffix.lower() in kinds:
                self.remove(path, why)
        if self.check:
            return
        for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            try:
                sub.rmdir()
            except OSError:
                pass
        try:
            folder.rmdir()
        except OSError:
            self.notice(f"{self.rel(folder)}/: kept: it holds files l10n did not write")
        else:
            self.notice(f"removed {self.rel(folder)}/: {why}")

    # --- the site ------------------------------------------------------------------
    def write_site(self) -> None:
        """The indexes, the language chooser and (with ``base_url``) the sitemap, from
        ``site_info``; a sitemap left from a build with ``base_url`` goes without it."""
        from l10n.site.editions import index_page, root_index, sitemap

        if not SITE:
            return
        s = self.settings
        languages = self.site_languages()
        articles = {slug: self.site_info[slug] for slug in sorted(self.site_info)}
        key = json.dumps([articles, languages, s.base_url, str(s.output)], sort_keys=True)
        if not self.check and self._site_unchanged(key):
            return  # the same pages, still as written: nothing to render
        pages = [s.output / bcp47(code) / "index.html" for code in s.locales if code not in languages]
        if not articles:  # an emptied site (--allow-empty): no index, no chooser
            every = [s.source_language, *(c for c in s.locales if c in languages)]
            languages = ()
            pages += [s.output / bcp47(c) / "index.html" for c in every]
            pages.append(s.output / "index.html")
            pages.append(s.output / "sitemap.xml")
        for page in pages:
            if page.is_file():
                self.remove(page, "should not exist (no article in this language)")
        if not articles:
            return
        for code in languages:
            index = index_page(code, languages, s.source_language, articles, s.base_url)
            self.write(s.output / bcp47(code) / "index.html", index)
        self.write(s.output / "index.html", root_index(languages, s.source_language))
        if s.base_url:
            text = sitemap(languages, s.source_language, articles, s.base_url)
            self.write(s.output / "sitemap.xml", text)
        elif (s.output / "sitemap.xml").is_file():
            self.remove(s.output / "sitemap.xml", "should not exist (no base_url in [tool.l10n])")
        self._ignore_work()
        if not self.check:
            files = [p for p in s.output.glob("*/index.html")] + [s.output / "index.html",
                                                                  s.output / "sitemap.xml"]
            record = {"key": key, "files": _stats(s.root, {self.rel(p): None for p in files})}
            write_if_changed(self._manifest_path().with_name("site.json"), json.dumps(record))

    def _site_unchanged(self, key: str) -> bool:
        """Whether the site pages were written from the same input and are untouched."""
        try:
            data = json.loads(self._manifest_path().with_name("site.json").read_text("utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(data, dict) or (key is not None and data.get("key") != key):
            return False
        files = data.get("files")
        return isinstance(files, dict) and _stats(self.settings.root, files) == files

    def site_languages(self) -> tuple[str, ...]:
        """The source language, then each configured locale that translates any article."""
        s = self.settings
        return tuple(dict.fromkeys(
            [s.source_language, *(c for c in s.locales if s.articles.get(c, (None,)))]
        ))

    def _ignore_work(self) -> None:
        """The work folder ignores itself in git (a ``.gitignore`` of ``*``)."""
        folder = self.settings.work_folder
        if folder.is_dir() and not (folder / ".gitignore").exists() and not self.check:
            self.write(folder / ".gitignore", "*\n")

    def _retire(self, folder: Path, new: Path) -> None:
        """Remove the pages a build would write from an old gettext-named folder."""
        if not folder.is_dir():
            return
        ours = {*self._slugs, *self.slugs()}
        why = f"old folder name: pages are now in {self.rel(new)}/ (BCP 47)"
        for page in sorted(folder.iterdir()):
            if page.suffix in (".md", ".html") and page.stem in ours and not page.is_dir():
                self.remove(page, why)
        if self.check:
            return
        try:
            folder.rmdir()
        except OSError:
            self.notice(
                f"{self.rel(folder)}/: kept: it holds files l10n did not write; "
                f"pages are now in {self.rel(new)}/ (BCP 47)"
            )
        else:
            self.notice(f"removed {self.rel(folder)}/: pages are now in {self.rel(new)}/ (BCP 47)")

    # --- review --------------------------------------------------------------------
    def review_catalogs(self, locale: str, only: str | None = None) -> list[ReviewCatalog]:
        """The locale's catalogs to review (one article's with ``only``), each with a save."""
        slugs = self.slugs()
        if only is not None and only not in slugs:
            raise UsageError(f"no template for article '{only}'")
        found = (self.review_catalog(locale, s) for s in slugs if only in (None, s))
        return [c for c in found if c is not None]

    def review_catalog(self, locale: str, slug: str) -> ReviewCatalog | None:
        """One catalog to review, if it exists, with a save that writes it atomically."""
        from l10n.review import Catalog

        path = self.po_path(locale, slug)
        po = self.read_po_if_exists(path)
        if po is None:
            return None
        known = frozenset(e.msgid for e in self.read_po(self.pot_path(slug)))
        return Catalog(self.rel(path), po, functools.partial(self.write_po, path, po), known)

    def watched(self, also: Iterable[Path] = ()) -> dict[Path, tuple[int, int]]:
        """Modification time and size of the articles, templates, catalogs, the glossary
        and ``also``: what ``l10n serve`` watches."""
        s = self.settings
        paths = [*also, *(p for p in s.source.glob("*") if p.suffix.lower() == ".md")]
        paths += [*s.catalogs.glob("*.pot"), *s.catalogs.glob("*/LC_MESSAGES/*.po")]
        paths += [s.glossary] if s.glossary is not None else []
        return self.stats(paths)

    def stats(self, paths: Iterable[Path]) -> dict[Path, tuple[int, int]]:
        """Modification time and size of the files among ``paths`` that exist."""
        out = {}
        for path in paths:
            try:
                st = path.stat()
            except OSError:
                continue
            out[path] = (st.st_mtime_ns, st.st_size)
        return out

    def review_all(
        self, locale: str, only: str | None, who: str, role: str
    ) -> ReviewOutcome:
        """``review --all``: sign every entry without errors, catalogs shared among
        processes when there are many; the outcome in the order of one process."""
        from l10n.review import Outcome

        slugs = self.slugs()
        if only is not None and only not in slugs:
            raise UsageError(f"no template for article '{only}'")
        chosen = [s for s in slugs if only in (None, s)]
        workers = _workers(len(chosen))
        job = functools.partial(_review_chunk, self.settings, self.stamp(), locale, who, role)
        parts = _in_workers(job, chosen, workers) if workers > 1 else [job(chosen)]
        by_slug = {slug: result for part in parts for slug, result in part.items()}
        total = Outcome()
        for slug in chosen:
            outcome, written = by_slug[slug]
            total.signed += outcome.signed
            total.refused += outcome.refused
            self.changes.written += written
        return total

    # --- report --------------------------------------------------------------------
    def report_folder(self) -> Path:
        """Where the review dashboard and packets are written."""
        from l10n.site.report import FOLDER

        return self.settings.work_folder / FOLDER

    def report(self, locales: tuple[str, ...]) -> Path:
        """Write the review dashboard and packets (see ``l10n.site.report``); the index's path."""
        from l10n.site.report import assess, site

        s = self.settings
        editions = []
        for src in self.sources():
            for code in self.covering(src.slug, locales):
                path = self.po_path(code, src.slug)
                po = self.read_po_if_exists(path)
                editions.append(
                    assess(src.article, src.slug, code, po, self.rel(path), s, self.glossary())
                )
        folder = self.report_folder()
        pages = site(editions, locales, s.threshold, self.analysis(locales, []),
                     self.stamp()[:10])
        for name, text in pages.items():
            self.write(folder / name, text)
        for code in locales:  # packets of articles that are gone
            for old in sorted((folder / code).glob("*.html")):
                if f"{code}/{old.name}" not in pages:
                    self.remove(old)
        self._ignore_work()
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
        from l10n.catalogs import progress
        from l10n.quality.gate import CatalogReport, check_catalog
        from l10n.site.render import broken_reason, critical_hold, usable

        glossary = self.glossary()
        review = self.settings.require_review
        medical_review = medical.read(src.article.meta, src.article.meta_lines, src.article.path)
        reports = []
        for code, po in catalogs.items():
            rel = self.rel(self.po_path(code, src.slug))
            found = []
            if po is None:
                po = pot
            else:
                found = check_catalog(
                    po, rel, code, glossary, src.article, self.settings.source_language,
                    self.settings.links.get(code),
                )
            held = critical_hold(src.article, po, review)
            found += self._signed_before(src, po, rel)
            table = None  # the text its page shows, when no sign-off is required
            if po is not pot:  # each entry asked once whether it is usable
                shown = [e for e in po if not e.obsolete and e.msgstr and usable(e, False)]
                found += self._reading_level(shown, rel, code)
                table = None if review else {e.msgid: e.msgstr for e in shown}
            count = progress(po, {e.msgid for e in pot})
            broken = broken_reason(src.article, po, review, table)
            reports.append(
                CatalogReport(
                    src.slug, code, rel, count, minimum, found, held, bool(review),
                    broken=broken,
                    review=None if medical_review is None else (self.rel(src.path), medical_review),
                )
            )
        return reports

    def medical_reviews(self) -> dict[str, tuple[str, medical.MedicalReview]]:
        """Each article's medical review (slug -> (source path, review)), from front matter."""
        from l10n.markdown import front_matter

        out = {}
        for path in self.source_paths():
            rel = self.rel(path)
            meta, lines, _, _ = front_matter(decode(path.read_bytes(), rel, SourceError), rel)
            review = medical.read(meta, lines, rel)
            if review is not None:
                out[self.peek_slug(path)] = (rel, review)
        return out

    def review_currency(self, reports: list[CatalogReport], today: str) -> None:
        """Add an overdue medical review to each of its article's reports (as ``assess``
        read it): a warning, or with ``review_overdue = "error"`` a failure that makes
        check exit 4."""
        from l10n.quality.gate import Located

        for r in reports:
            found = r.review
            if found is None or not found[1].overdue(today):
                continue
            rel, review = found
            message = (
                f"review overdue: next medical review was due {review.next}"
                f" (last {review.date} by {review.by})"
            )
            if self.settings.review_overdue == "error":
                r.overdue = Located(rel, review.line, "medical-review", "error", message)
            else:
                r.findings.append(Located(rel, review.line, "medical-review", "warning", message))

    def _reading_level(
        self, shown: list[polib.POEntry], rel: str, locale: str
    ) -> list[Located]:
        """A warning for each unit of 20 words or more whose published translation
        (``shown``: the catalog's usable entries) reads markedly harder than its source
        (``reading_margin``), naming the unit."""
        from l10n.quality import readability
        from l10n.quality.gate import Located

        margin = self.settings.reading_margin
        source = self.settings.source_language
        if readability.formula(locale) == readability.NO_FORMULA:
            return []
        out = []
        for entry in shown:
            if readability.words(entry.msgid) < readability.MIN_WORDS:
                continue
            before = readability.score(entry.msgid, source)
            after = readability.score(entry.msgstr, locale)
            if readability.harder(before, after, margin):
                where = entry.occurrences[0][0] + ":" + entry.occurrences[0][1] if (
                    entry.occurrences) else ""
                out.append(Located(
                    rel, entry.linenum or 1, "reading-level", "warning",
                    f"the translation of {where} reads markedly harder than its source:"
                    f" {readability.describe(after)} vs {readability.describe(before)}"
                    f" (margin {margin:g})",
                ))
        return out

    def _signed_before(self, src: Source, po: polib.POFile, rel: str) -> list[Located]:
        """A warning when the critical units were signed before the last medical review."""
        from l10n.markdown import segments
        from l10n.quality.gate import Located

        review = medical.read(src.article.meta, src.article.meta_lines, src.article.path)
        critical = [seg.text for seg in segments(src.article) if seg.critical]
        if review is None or not medical.signed_before(review, critical, po):
            return []
        return [Located(
            rel, 1, "medical-review", "warning",
            f"critical units were signed before the medical review of {review.date}"
            f" ({self.rel(src.path)}:{review.line}): a reviewer should sign them again",
        )]

    # --- build with a manifest -----------------------------------------------------
    def build(
        self, locales: tuple[str, ...], assess: float | None = None, render: bool = True
    ) -> list[CatalogReport]:
        """Extract, update and (unless ``render`` is false) render every article.

        An article whose source, template, catalogs and pages are exactly as the last
        build left them (same size and modification time, same settings) is skipped;
        ``check`` never skips (such an article's template is read, not extracted, and
        its catalogs are not merged again). An article rebuilt (or checked) while its
        source and template are as recorded (a catalog changed) has its template read,
        not extracted. ``assess`` is the minimum percent for ``check``: each
        article's catalogs are assessed as they were on disk before the build.
        Large builds are shared among processes, one per core; results keep the order
        of a build in one process.
        """
        key = self._fingerprint(locales)
        old = {} if self.check else self._read_manifest(key)
        manifest: dict[str, Any] = {}
        todo: list[Path] = []
        listed: dict[str, frozenset[str] | None] = {}  # folders listed for absent pages
        for path in self.source_paths():
            rel = self.rel(path)
            seen = old.get(rel)
            files = None if seen is None else _confirm(self.settings.root, seen["files"], listed)
            if seen is not None and files is not None:
                self._claim(seen["slug"], rel, 2)
                manifest[rel] = {**seen, "files": files}
            else:
                todo.append(path)
        self.rebuilt = [self.rel(path) for path in todo]
        last = old if not self.check else self._read_manifest(key)
        # a translator's edit rebuilds (or, with check, judges) an article, not its template
        self.extracted = frozenset(
            rel for rel in self.rebuilt if _template_as_recorded(self, rel, last.get(rel))
        )
        for path, rel in zip(todo, self.rebuilt, strict=True):
            if rel in self.extracted:  # its source is as the build that read its slug left it
                self._claim(last[rel]["slug"], rel, 2)
            else:  # a bad front matter or slug stops the build before any write
                self.peek_slug(path)
        self.link_state = {e["slug"]: sorted(e.get("site") or {}) for e in last.values()}
        self.link_paths = {rel: slug for slug, rel in self._slugs.items()}
        if self.check and self.content_only:  # of those, the articles left just as built
            root = self.settings.root
            self.current = frozenset(
                rel for rel in self.extracted if _confirm(root, last[rel]["files"]) is not None
            )
        del last  # not kept in the memory the workers inherit
        if todo and not self.check:
            drop_abandoned(self._written_folders())
        built = self._build_all(todo, locales, assess, render)
        # links follow the editions published: a page that assumed another state of an
        # article it links to is built again, knowing the state this build left
        state = {e["slug"]: sorted(e.get("site") or {}) for e in manifest.values()}
        state |= {e["slug"]: sorted(e.get("site") or {}) for _, e, _ in built.values()}
        state[""] = [self._articles_key()]
        entries = {**manifest, **{rel: e for rel, (_, e, _) in built.items()}}
        again = [
            self.settings.root / rel for rel, e in entries.items()
            if render and any(state.get(s, []) != was for s, was in (e.get("links") or {}).items())
        ]
        if again:
            self.link_state = state
            self.rebuilt = sorted({*self.rebuilt, *(self.rel(p) for p in again)})
            for rel, result in self._build_all(again, locales, assess, render).items():
                if rel in built:  # assessed as on disk before the build: the first pass
                    result = (result[0], result[1], built[rel][2])
                    if not self.check:  # both passes' writes are this build's
                        first = built[rel][0].written
                        result[0].written[:0] = [w for w in first if w not in result[0].written]
                built[rel] = result
                manifest.pop(rel, None)
        reports: list[CatalogReport] = []
        for rel in sorted({*manifest, *built}):  # the order of source_paths()
            if rel in built:
                changes, entry, found = built[rel]
                self._claim(entry["slug"], rel, 2)
                self.changes.written += changes.written
                self.changes.removed += changes.removed
                self.changes.stale += changes.stale
                self.changes.layout += changes.layout
                reports += found
                manifest[rel] = entry
            self.changes.held_back.extend(tuple(x) for x in manifest[rel]["held_back"])
            if manifest[rel].get("site"):
                self.site_info[manifest[rel]["slug"]] = manifest[rel]["site"]
        if not self.check and manifest != old:  # equal: the file already says all this
            write_if_changed(self._manifest_path(), json.dumps({"key": key, "articles": manifest}))
            # every catalog a build leaves is as this version writes it: the list is
            # theirs, which also keeps it from growing
            hashes = {
                was[2]
                for entry in manifest.values()
                for name, was in entry["files"].items()
                if name.endswith(".po") and was is not None
            }
            lines = [_code_key(), *sorted(hashes)]
            try:
                write_if_changed(self.settings.root / _CATALOG_HASHES, "\n".join(lines) + "\n")
            except WriteError:
                pass  # only a cache: the next build serializes again
        return reports

    def _build_all(
        self, todo: list[Path], locales: tuple[str, ...], assess: float | None, render: bool
    ) -> dict[str, tuple[Changes, dict[str, Any], list[CatalogReport]]]:
        """``_build_paths`` over ``todo``, shared among processes when it is large."""
        workers = _workers(len(todo))
        if workers > 1:
            # the workers are forked: they inherit what every slice shares, which is then
            # not sent along with each slice (the link maps grow with the site)
            _BUILD_JOB[:] = [
                self.settings, self.check, self.content_only, self.stamp(), locales, assess,
                render, self.link_state, self.link_paths, self.current, self.extracted,
            ]
            try:
                parts = _in_workers(_build_chunk, todo, workers)
            finally:
                _BUILD_JOB.clear()
        else:
            parts = [self._build_paths(todo, locales, assess, render)]
        built: dict[str, tuple[Changes, dict[str, Any], list[CatalogReport]]] = {}
        for part in parts:
            built.update(part)
        return built

    def _build_paths(
        self, paths: list[Path], locales: tuple[str, ...], assess: float | None, render: bool
    ) -> dict[str, tuple[Changes, dict[str, Any], list[CatalogReport]]]:
        """Build some articles; per article, what changed, its manifest entry, its reports."""
        out: dict[str, tuple[Changes, dict[str, Any], list[CatalogReport]]] = {}
        for path in paths:
            self.changes = Changes()
            src = self.load_source(path)
            rel = self.rel(path)
            kept = rel in self.extracted and self.pot_path(src.slug).is_file()
            current = kept and rel in self.current  # check: nothing to merge either
            pot = self.read_po(self.pot_path(src.slug)) if kept else self.template(src)
            covering = self.covering(src.slug, locales)
            disk = {code: self.read_po_if_exists(self.po_path(code, src.slug)) for code in covering}
            found = [] if assess is None else self.assess(src, pot, disk, assess)
            catalogs = {
                code: po if current and po is not None else self.update(src.slug, pot, code, po)
                for code, po in disk.items()
            }
            if render:
                self.publish(src, catalogs)
            entry = {
                "slug": src.slug,
                "site": self.site_info.get(src.slug),
                "links": self.link_deps.get(src.slug, {}),
                # what the manifest records; a check writes none, so it reads and hashes none
                "files": {} if self.check else self._recorded(src, path, covering, render),
                "held_back": self.changes.held_back,
            }
            out[self.rel(path)] = (self.changes, entry, found)
            self._contents.clear()  # this article's files are in its entry now
            self._read_hashes.clear()
        self.changes = Changes()
        self.save_catalog_hashes()
        return out

    def _recorded(
        self, src: Source, path: Path, covering: tuple[str, ...], render: bool
    ) -> dict[str, Any]:
        """An article's files as its manifest entry records them (``_stats``): source,
        template, catalogs, pages and the images they show."""
        files = [path, self.pot_path(src.slug)]
        for code in covering:
            files += [self.po_path(code, src.slug), *self.page_paths(code, src.slug)]
            files += self._image_files(src, code) if render else []
        if render:  # the source edition, and every catalog the switcher depends on
            files += [*self.page_paths(self.settings.source_language, src.slug)]
            files += self._image_files(src, self.settings.source_language)
            others = self.covering(src.slug, self.settings.locales)
            files += [self.po_path(code, src.slug) for code in others if code not in covering]
        return _stats(self.settings.root, {self.rel(f): None for f in files}, self._contents)

    def _written_folders(self) -> list[Path]:
        """The folders a build writes files into: templates, catalogs, pages, cache."""
        codes = (self.settings.source_language, *self.settings.locales)
        return [
            self.settings.catalogs, self.settings.output, self._manifest_path().parent,
            *(self._folder("po", code) for code in self.settings.locales),
            *(self._folder("pages", code) for code in codes),
        ]

    def _manifest_path(self) -> Path:
        return self.settings.root / ".l10n-cache" / "build.json"

    def _fingerprint(self, locales: tuple[str, ...]) -> str:
        s = self.settings
        folders = (s.rel(s.source), s.rel(s.catalogs), s.rel(s.output))
        return repr(
            (_code_key(), folders, locales, s.threshold, s.articles, s.require_review,
             s.base_url, s.source_language, s.reading_margin, s.links)
        )

    def _read_manifest(self, key: str | None) -> dict[str, Any]:
        """The last build's entries (when built with settings ``key``; any, for None)."""
        try:
            data = json.loads(self._manifest_path().read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or (key is not None and data.get("key") != key):
            return {}
        articles = data.get("articles")
        return articles if isinstance(articles, dict) else {}

    # --- agencies and CAT tools: XLIFF, TMX, TBX, analysis (see l10n.formats.agency) --------
    def project_name(self) -> str:
        """The name a hand-off carries: [project] name in pyproject.toml, else the folder's."""
        import tomllib

        try:
            data = tomllib.loads((self.settings.root / "pyproject.toml").read_text("utf-8"))
            name = data.get("project", {}).get("name")
        except (OSError, ValueError):
            name = None
        return name if isinstance(name, str) and name else self.settings.root.name

    def exchange_folder(self) -> Path:
        """Hand-off files: outside the publish root, so uploading output/ never sends them."""
        return self.settings.root / ".l10n" / "agency"

    def read_exchange(self, path: Path) -> bytes:
        """An interchange file's bytes; one over the size limit is refused unread."""
        from l10n.formats.safexml import MAX_BYTES

        size = path.stat().st_size
        if size > MAX_BYTES:
            limit = MAX_BYTES // 1024 // 1024
            raise CatalogError(f"file is {size // 1024 // 1024} MB; the limit is {limit} MB", path, 1)
        return path.read_bytes()

    def xliff_export(
        self, locale: str, slugs: list[str], everything: bool, version: str, split: bool,
        output: Path | None,
    ) -> list[tuple[Path, int]]:
        """Write the hand-off: one file for the locale, or one per article; (path, units)."""
        from l10n.formats import xliff
        from l10n.formats.agency import export_units
        from l10n.formats.lang import bcp47

        glossary = self.glossary()
        articles = []
        for slug in slugs:
            po = self.read_po_if_exists(self.po_path(locale, slug))
            if po is None:
                po = self.read_po(self.pot_path(slug))
            units = export_units(slug, po, glossary, locale, everything)
            if units:
                source = self._source_of(slug)
                articles.append(xliff.Article(slug, source, tuple(units)))
        folder = output if split and output else self.exchange_folder() / locale
        single = output or self.exchange_folder() / f"{locale}.xlf"
        groups = [([a], folder / f"{a.slug}.xlf") for a in articles] if split else [(articles, single)]
        if not articles:  # XLIFF needs at least one <file>: nothing to hand off
            groups = []
        written = []
        src, trg = bcp47(self.settings.source_language), bcp47(locale)
        for group, path in groups:
            data = xliff.write(group, self.project_name(), src, trg, version)
            self.write(path, data)
            written.append((path, sum(len(a.units) for a in group)))
        return written

    def _source_of(self, slug: str) -> str:
        """An article's source file, as references name it."""
        path = self.settings.source / f"{slug}.md"
        return self.rel(path)

    def xliff_import(self, paths: list[Path], strict: bool) -> ImportReport:
        """Validate every return, then apply them and write the changed catalogs at once.

        Articles are shared among processes for a large return (as ``build`` does);
        each article's units from every file are applied in file order. A changed
        catalog is staged (``stage_write``) by the process that serialized it and
        renamed into place once every return is accepted; a refusal or a failure
        anywhere removes what was staged, so no catalog changes.
        """
        import gc

        from l10n.formats import xliff
        from l10n.formats.agency import ImportReport, Judge, target_locale
        from l10n.wording import count

        tasks: dict[tuple[str, str], list[tuple[int, str, xliff.ReturnedArticle]]] = {}
        collecting = gc.isenabled()
        gc.disable()  # a return reads into many small objects without cycles: no collection pays
        try:
            for index, path in enumerate(paths):
                name = str(path)
                doc = xliff.read(self.read_exchange(path), name)
                code = target_locale(
                    doc, name, self.project_name(), self.settings.source_language,
                    self.settings.locales,
                )
                for article in doc.articles:
                    tasks.setdefault((code, article.slug), []).append((index, name, article))
            gc.freeze()  # nor later, here or in the workers that inherit them (fewer pages copied)
        finally:
            if collecting:
                gc.enable()
        keys = sorted(tasks)
        tag = f"import-{os.getpid()}-{os.urandom(4).hex()}"  # this command's temporary files
        catalogs = [self.po_path(code, slug) for code, slug in keys]
        folders = {p.parent for p in catalogs} | {  # a linked catalog's file is staged by its target
            Path(os.path.realpath(p)).parent for p in catalogs if p.is_symlink()
        }
        drop_abandoned(folders)
        try:
            judge = Judge(self.glossary(), self.settings.source_language)
            slugs = frozenset(self.slugs())
            built = self._as_built()
            workers = _workers(len(keys))
            if workers > 1:  # forked workers inherit the parsed returns and the judge
                _IMPORT_JOB[:] = [tasks, judge, slugs, tag, built]
                job = functools.partial(_import_chunk, self.settings, self.stamp())
                try:
                    parts = _in_workers(job, keys, workers)
                finally:
                    _IMPORT_JOB.clear()
            else:
                parts = [self._import_articles(tasks, keys, judge, slugs, tag, built)]
            outcomes: list[tuple[int, Outcome]] = []
            staged: list[Staged] = []
            for found, written in parts:
                outcomes += found
                staged += written
            outcomes.sort(key=lambda x: (x[0], x[1].line))
            report = ImportReport([o for _, o in outcomes])
            if strict:
                for index, path in enumerate(paths):
                    mine = [o for i, o in outcomes if i == index]
                    failed = [o for o in mine if o.what in ("stale", "refused")]
                    if failed:
                        first = failed[0]
                        raise CatalogError(
                            f"unit {first.unit} ({first.article}): {first.what}: {first.reason};"
                            f" --strict: nothing imported ({len(failed)} of"
                            f" {count(len(mine), 'unit')} failed)",
                            str(path), first.line,
                        )
            for path, target, tmp, size, digest in staged:  # in the order of keys
                if target is not None and tmp is not None:  # else: the file holds it already
                    try:
                        os.replace(tmp, target)
                    except OSError as exc:
                        raise WriteError(f"cannot write: {_why(exc)}", path) from None
                    self.changes.written.append(self.rel(path))
                self._contents[path] = (size, digest)
                self._written_hashes.append(digest)
        finally:  # nothing left behind by a refusal or a failure
            gc.unfreeze()
            drop_staged(folders, tag)
        return report

    def _import_articles(
        self,
        tasks: dict[tuple[str, str], list[tuple[int, str, xliff.ReturnedArticle]]],
        keys: list[tuple[str, str]],
        judge: Judge,
        slugs: frozenset[str],
        tag: str,
        built: dict[str, dict[str, Any]],
    ) -> tuple[list[tuple[int, Outcome]], list[Staged]]:
        """Apply the returned units of some articles; their outcomes and changed catalogs,
        serialized and staged (``stage_write``) where the work was done.

        A catalog the last build merged with its template, both files as it left them
        (``built``, ``_as_built``), holds the template's entries as its active ones: it
        serves as the template too, which is then not read.
        """
        from l10n.formats.agency import apply_article
        from l10n.formats.pofile import dump_po

        date = self.stamp()[:10]
        outcomes: list[tuple[int, Outcome]] = []
        staged: list[Staged] = []
        for code, slug in keys:
            pair = None
            if slug in slugs:
                pot_path, po_path = self.pot_path(slug), self.po_path(code, slug)
                po = self.read_po_if_exists(po_path)
                if po is not None and self._merged_as_built(pot_path, po_path, built.get(slug)):
                    pair = (po, po)
                else:
                    pair = (self.read_po(pot_path), po)
            imported = False
            for index, name, article in tasks[(code, slug)]:
                found = apply_article(
                    article, name, code, pair, self.settings.covers(code, slug), judge, date
                )
                outcomes += [(index, o) for o in found]
                imported = imported or any(o.what == "imported" for o in found)
            if imported and pair is not None and pair[1] is not None:
                path = self.po_path(code, slug)
                data = dump_po(pair[1]).encode("utf-8")
                target, tmp = stage_write(path, data, tag) or (None, None)
                staged.append((path, target, tmp, len(data), _hash(data)))
        return outcomes, staged

    def _as_built(self) -> dict[str, dict[str, Any]]:
        """Each article's files as the last build of every configured locale recorded
        them (slug -> file -> record); empty without such a build."""
        last = self._read_manifest(self._fingerprint(self.locales()))
        return {
            e["slug"]: e["files"]
            for e in last.values()
            if isinstance(e, dict) and isinstance(e.get("slug"), str)
            and isinstance(e.get("files"), dict)
        }

    def _merged_as_built(
        self, pot_path: Path, po_path: Path, files: dict[str, Any] | None
    ) -> bool:
        """Whether a catalog, just read, and its template are as the build that merged
        them left them: the catalog's content hash and the template's file as recorded."""
        if files is None:
            return False
        po = files.get(self.rel(po_path))
        if not isinstance(po, list) or len(po) != 3 or self._read_hashes.get(po_path) != po[2]:
            return False
        pot = self.rel(pot_path)
        return _confirm(self.settings.root, {pot: files.get(pot)}) is not None

    def tmx_export(self, locale: str, output: Path | None) -> tuple[Path, int]:
        """Every reviewed translation of a locale, active and obsolete, as TMX."""
        from l10n import __version__
        from l10n.formats import tmx
        from l10n.formats.agency import reviewed_pairs
        from l10n.formats.lang import bcp47

        pairs = []
        for slug in self.slugs():
            po = self.read_po_if_exists(self.po_path(locale, slug))
            if po is not None:
                pairs += reviewed_pairs(slug, po)
        path = output or self.exchange_folder() / f"{locale}.tmx"
        data = tmx.write(
            pairs, bcp47(self.settings.source_language), bcp47(locale), __version__,
            [("x-project", self.project_name())],
        )
        self.write(path, data)
        return path, len(pairs)

    def memory_folder(self) -> Path:
        return self.settings.catalogs / "memory"

    def tmx_import(self, path: Path, locales: tuple[str, ...]) -> dict[str, tuple[Path, int]]:
        """Keep a memory's pairs per locale under locales/memory/<locale>/NAME.tmx."""
        from l10n import __version__
        from l10n.formats import tmx
        from l10n.formats.lang import bcp47

        name = str(path)
        memory = tmx.read(self.read_exchange(path), name)
        found = {code: tmx.pairs_for(memory, self.settings.source_language, code) for code in locales}
        if not any(found.values()):
            langs = sorted({lang for _, langs, _ in memory.units for lang in langs})
            raise CatalogError(
                f"no translation units for {', '.join(locales)} from {self.settings.source_language}"
                f" (languages in the file: {', '.join(langs) or 'none'})", name, 1,
            )
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.") or "memory"
        out = {}
        for code, pairs in found.items():
            if not pairs:
                continue
            target = self.memory_folder() / code / f"{stem}.tmx"
            data = tmx.write(
                [tmx.Pair(p.source, p.target, p.props) for p in pairs],
                bcp47(self.settings.source_language), bcp47(code), __version__,
                [("x-imported-from", path.name), ("x-imported", self.stamp()[:10])],
            )
            self.write(target, data)
            out[code] = (target, len(pairs))
        return out

    def imported_memory(self, locale: str) -> list[tuple[str, str, str]]:
        """(source, target, origin) of every memory imported for a locale, by file name."""
        from l10n.formats import tmx

        out = []
        for path in sorted((self.memory_folder() / locale).glob("*.tmx")):
            memory = tmx.read(self.read_exchange(path), self.rel(path))
            origin = f"from {path.name}"
            out += [
                (p.source, p.target, origin)
                for p in tmx.pairs_for(memory, self.settings.source_language, locale)
            ]
        return out

    def glossary_export(self, output: Path | None) -> tuple[Path, int]:
        """The glossary as TBX-Basic."""
        from l10n.formats import tbx
        from l10n.formats.agency import concepts

        glossary = self.glossary()
        if glossary is None:
            raise UsageError("no glossary: set glossary in [tool.l10n] or create locales/glossary.csv")
        found = concepts(glossary, self.settings.locales)
        path = output or self.exchange_folder() / "glossary.tbx"
        self.write(path, tbx.write(found, self.settings.source_language))
        return path, len(found)

    def glossary_import(self, path: Path) -> tuple[Path, int, int]:
        """Add or update glossary rows from a TBX file; (glossary, added, updated)."""
        from l10n.formats import tbx
        from l10n.formats.agency import merge_glossary
        from l10n.glossary import dump_glossary, parse_glossary

        name = str(path)
        found = tbx.read(
            self.read_exchange(path), name, self.settings.source_language, self.settings.locales
        )
        old = self.glossary()
        merged = merge_glossary(old, found, self.settings.locales)
        target = self.settings.glossary or self.settings.catalogs / "glossary.csv"
        text = dump_glossary(merged)
        parse_glossary(text, name)  # what is written must read back
        before = {(e.kind, e.term): e for e in old.entries} if old else {}
        added = sum((e.kind, e.term) not in before for e in merged.entries)
        updated = sum(
            (e.kind, e.term) in before and before[(e.kind, e.term)] != e for e in merged.entries
        )
        if added or updated or (old is not None and old.locales != merged.locales):
            self.write(target, text)
        return target, added, updated

    def analysis(self, locales: tuple[str, ...], only: list[str]) -> list[LocaleAnalysis]:
        """The word analysis of what remains to translate, per locale (see l10n.analyze)."""
        from l10n.analyze import analyze
        from l10n.formats.agency import needed
        from l10n.mt.engines.memory import TranslationMemory

        glossary = self.glossary()
        terms = glossary.dnt_terms() if glossary else []
        slugs = self.slugs()
        results = []
        for code in locales:
            catalogs = {s: self.read_po_if_exists(self.po_path(code, s)) for s in slugs}
            memory = TranslationMemory.from_catalogs(
                (po for po in catalogs.values() if po), terms, self.imported_memory(code)
            )
            articles = []
            for slug in slugs:
                if (only and slug not in only) or not self.settings.covers(code, slug):
                    continue
                po = catalogs[slug] or self.read_po(self.pot_path(slug))
                articles.append(
                    (slug, [(e.msgid, max(1, len(e.occurrences)))
                            for e in po if not e.obsolete and e.msgid and needed(e)])
                )

            def lookup(text: str, memory: TranslationMemory = memory) -> int | None:
                hit = memory.lookup(text)
                return None if hit is None else hit.similarity

            results.append(analyze(code, articles, lookup, self.settings.rates))
        return results


PARALLEL_FROM = 64  # articles; below this, starting processes costs more than it saves
CHUNK = 25  # articles a worker takes at a time, at most (``_in_workers``)


def _pages(folder: Path) -> list[tuple[str, str, str]]:
    """(name, stem, suffix) of each entry of an output folder, sorted by name: what
    ``Path`` would say of each, without making thousands of them to prune none."""
    out = []
    for name in sorted(os.listdir(folder)):
        dot = name.rfind(".")
        if 0 < dot < len(name) - 1:
            out.append((name, name[:dot], name[dot:]))
        else:
            out.append((name, name, ""))
    return out


def _locale_of(name: str) -> str | None:
    """The locale a folder of ``output/`` is named after (either form), if any."""
    try:  # a BCP 47 name (pt-BR) is read in gettext's form first: no Babel import
        return canonical_locale(name.replace("-", "_"))
    except UsageError:
        return None


def _targets(images: list[Image], shown: list[str]) -> dict[str, str]:
    """Image targets a page refers to differently (a localized file)."""
    from l10n.site.assets import retarget

    return {i.target: retarget(i.target, f) for i, f in zip(images, shown) if f != i.path}


def _in_workers(job: Callable[[Any], Any], items: list[Any], workers: int) -> list[Any]:
    """``job`` over slices of ``items`` in ``workers`` forked processes, results in order.

    Slices are small (``CHUNK``), so a worker holds one slice's results at a time: its
    memory stays flat however large the site. The last slices are smaller still, down to
    one item, so the workers finish together. What this process holds when they fork is
    frozen out of garbage collection meanwhile (``gc.freeze``): a worker's collections
    never walk it, so its pages stay shared instead of being copied into every worker.
    """
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks, start = [], 0
    while start < len(items):
        size = min(CHUNK, max(1, (len(items) - start) // (2 * workers)))
        chunks.append(items[start : start + size])
        start += size
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(job, chunks))
    finally:
        gc.unfreeze()


def _workers(articles: int) -> int:
    """How many processes to build ``articles`` with."""
    if articles < PARALLEL_FROM:
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1, 8))


_BUILD_JOB: list[Any] = []  # what every slice of a parallel build shares (``_build_all``)


def _build_chunk(paths: list[Path]) -> dict[str, tuple[Changes, dict[str, Any], list[CatalogReport]]]:
    """Build some articles in a worker process (see ``Project.build``)."""
    (
        settings, check, content_only, stamp, locales, assess, render, link_state, link_paths,
        current, extracted,
    ) = _BUILD_JOB
    project = Project(settings, check=check, content_only=content_only)
    project.current = current
    project.extracted = extracted
    project._stamp = stamp
    project.link_state = link_state
    project.link_paths = link_paths
    return project._build_paths(paths, locales, assess, render)


_IMPORT_JOB: list[Any] = []  # returns, judge, slugs, tag, build records (``xliff_import``)


def _import_chunk(
    settings: Settings, stamp: str, keys: list[tuple[str, str]]
) -> tuple[list[tuple[int, Outcome]], list[Staged]]:
    """Apply returned units of some articles in a worker process (see ``xliff_import``);
    the worker's copy of the judge keeps its verdicts from one slice to the next."""
    tasks, judge, slugs, tag, built = _IMPORT_JOB
    project = Project(settings)
    project._stamp = stamp
    return project._import_articles(tasks, keys, judge, slugs, tag, built)


def _review_chunk(
    settings: Settings, stamp: str, locale: str, who: str, role: str, slugs: list[str]
) -> dict[str, tuple[ReviewOutcome, list[str]]]:
    """Sign some catalogs in bulk (see ``Project.review_all``); per slug, the outcome and
    the files written."""
    from l10n.review import sign_all

    project = Project(settings)
    project._stamp = stamp
    glossary = project.glossary()
    out = {}
    for slug in slugs:
        project.changes = Changes()
        found = project.review_catalog(locale, slug)
        outcome = sign_all(
            [found] if found else [], who, role, stamp[:10], locale, glossary, settings.source_language
        )
        out[slug] = (outcome, project.changes.written)
    project.save_catalog_hashes()  # as build's workers do: the next build need not re-serialize
    return out


def _stats(
    root: Path, files: dict[str, Any], known: dict[Path, tuple[int, str]] | None = None
) -> dict[str, Any]:
    """Size, modification time and content hash of each file (None when it does not exist).

    ``known``: files whose content this command wrote (size, hash), not read back when
    their size is still that.
    """
    out: dict[str, Any] = {}
    for name in files:
        path = root / name
        try:
            st = path.stat()
            was = known.get(path) if known else None
            if was is not None and was[0] == st.st_size and stat.S_ISREG(st.st_mode):
                digest = was[1]
            else:
                digest = _digest(path) if stat.S_ISREG(st.st_mode) else ""
        except FileNotFoundError:
            out[name] = None
        else:
            out[name] = [st.st_size, st.st_mtime_ns, digest]
    return out


def _template_as_recorded(project: Project, rel: str, seen: Any) -> bool:
    """Whether an article's source and template are both as its manifest entry records."""
    if not isinstance(seen, dict) or not isinstance(seen.get("files"), dict):
        return False
    files = seen["files"]
    pot = project.rel(project.pot_path(str(seen.get("slug"))))
    recorded = {name: files.get(name) for name in (rel, pot)}
    if None in recorded.values():
        return False
    return _confirm(project.settings.root, recorded) is not None


def _confirm(
    root: Path, recorded: dict[str, Any], listed: dict[str, frozenset[str] | None] | None = None
) -> dict[str, Any] | None:
    """``recorded`` with today's times if every file is as recorded, else None.

    Size and time alike: unchanged. Same size, another time (a copied or moved project,
    a checkout): unchanged if the content hash is the recorded one. A file recorded as
    absent (a page held back) is looked for in its folder's listing, kept in ``listed``
    across calls, instead of a ``stat`` each: any entry of that name is a change.
    """
    out: dict[str, Any] = {}
    base = os.path.join(root, "")  # names are relative to the project: joined by hand
    for name, was in recorded.items():
        if was is None and listed is not None:
            folder, _, leaf = name.rpartition("/")  # names are written with '/'
            if folder not in listed:
                listed[folder] = _listing(base + folder)
            names = listed[folder]
            if names is not _UNLISTED:
                if names is not None and leaf in names:
                    return None
                out[name] = None
                continue
        try:
            st = os.stat(base + name)
        except FileNotFoundError:
            if was is not None:
                return None
            out[name] = None
            continue
        if not isinstance(was, list) or len(was) != 3 or was[0] != st.st_size:
            return None
        if not stat.S_ISREG(st.st_mode):  # never read a FIFO: it could block for ever
            return None
        if was[1] != st.st_mtime_ns:
            try:
                if _digest(root / name) != was[2]:
                    return None
            except OSError:
                return None
        out[name] = [st.st_size, st.st_mtime_ns, was[2]]
    return out


_UNLISTED: frozenset[str] = frozenset({"/"})  # a folder that exists but cannot be listed


def _listing(folder: str) -> frozenset[str] | None:
    """The names in a folder; None when there is no such folder; ``_UNLISTED`` when it
    cannot be listed (its files are then looked at one by one, as before)."""
    try:
        return frozenset(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return _UNLISTED


def _digest(path: Path) -> str:
    return _hash(path.read_bytes())


def _hash(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


_CATALOG_HASHES = Path(".l10n-cache") / "catalogs.txt"


@functools.cache
def _code_key() -> str:
    """This version of l10n: its number and the newest time of its modules."""
    from l10n import __version__

    code = max(p.stat().st_mtime_ns for p in Path(__file__).parent.rglob("*.py"))
    return f"l10n {__version__} {code}"
