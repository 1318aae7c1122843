"""The server of ``l10n serve``: the site, previews, report and the review desk.

Rules:
- Standard library only (``http.server`` in threads, a polling watcher): nothing to
  install, and the command's other users pay nothing for it (imported lazily).
- A shell like the CLI: catalogs are read, written and watched through ``Project``
  (atomic writes); the only files it reads itself are the pages it serves.
- Every request's ``Host`` must name the address the server is bound to (DNS
  rebinding); a state-changing request (POST) must also come from the same origin
  (``Origin``, else ``Referer``), carry the page's CSRF token in a header and send
  JSON. Anything else is refused with 403 and a one-line reason.
- Files are served from the project's folders only (no ``..``, no link out).
  HTML pages get a small script that reloads them after a rebuild and shows a
  failed rebuild's one-line error; the desk shows a banner instead of reloading.
- The watcher polls the articles, catalogs, templates, glossary and configuration.
  A changed article is rebuilt (extract, update, render, preview, packet); a changed
  catalog is rendered without being rewritten; a new or removed file, the glossary
  or the configuration rebuild everything. The dashboard's word analysis (which
  reads every catalog) is redone by full rebuilds only. Files the server wrote itself do not
  trigger a rebuild.
- A failing rebuild keeps the last good pages: its error is printed and shown in
  pages until a rebuild succeeds.
- A desk action reads the catalog, refuses when its version is not the one the page
  was given (conflict), applies the review rules (``desk.apply``), rewrites only
  that entry's lines (``splice``), writes atomically, then rebuilds that article in
  that locale before answering, so the preview shown next is current.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import mimetypes
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from l10n.config import Settings, load_settings
from l10n.errors import CatalogError, L10nError, UsageError
from l10n.project import Project, decode, read_existing

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
POLL = 0.3  # seconds between two looks at the watched files
MAX_BODY = 1 << 20

Stats = dict[Path, tuple[int, int]]


def one_line(exc: BaseException) -> str:
    """An error as the one line the CLI would print."""
    if isinstance(exc, L10nError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Desk:
    """The state a running server shares between its threads."""

    pyproject: Path
    echo: Callable[[str], None]
    host: str = "127.0.0.1"
    port: int = 0
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    generation: int = 0
    error: str = ""
    lock: threading.RLock = field(default_factory=threading.RLock)
    settings: Settings | None = None
    sources: dict[str, Path] = field(default_factory=dict)  # slug -> article
    editions: dict[tuple[str, str], Any] = field(default_factory=dict)  # (slug, locale)
    analysis: list[Any] = field(default_factory=list)  # word analysis, from full rebuilds
    stats: Stats = field(default_factory=dict)

    # --- folders (asked of the project) ------------------------------------------
    def project(self) -> Project:
        assert self.settings is not None
        project = Project(self.settings)
        project.on_notice = self.echo
        return project

    def roots(self) -> dict[str, Path]:
        project = self.project()
        s = project.settings
        code = s.locales[0] if s.locales else "en"
        return {
            "site": project.page_paths(code, "x")[1].parent.parent,
            "preview": project.page_paths(code, "x", preview=True)[1].parent.parent,
            "report": project.report_folder(),
        }

    # --- building ------------------------------------------------------------------
    def watched(self) -> Stats:
        """Size and modification time of every file whose change means a rebuild."""
        if self.settings is None:
            return {}
        return self.project().watched([self.pyproject])

    def _written(self, project: Project) -> None:
        """Files the server wrote are not changes to react to."""
        assert self.settings is not None
        written = [self.settings.root / rel for rel in project.changes.written]
        kinds = (".po", ".pot")
        self.stats.update(project.stats(p for p in written if p.suffix in kinds))

    def build_all(self) -> None:
        """Everything: build, previews, report (the start, and config changes)."""
        from l10n.site.report import assess

        self.settings = load_settings(self.pyproject)
        project = self.project()
        locales = project.locales()
        project.refuse_empty_site()
        project.build(locales)
        project.prune(locales)
        self.sources = {}
        self.editions = {}
        for src in project.sources():
            self.sources[src.slug] = src.path
            catalogs = {}
            for code in project.covering(src.slug, locales):
                po = project.catalog_for(src, code)
                if po is not None:
                    catalogs[code] = po
                path = project.po_path(code, src.slug)
                self.editions[(src.slug, code)] = assess(
                    src.article, src.slug, code, po, project.rel(path), project.settings,
                    project.glossary(),
                )
            project.publish(src, catalogs, include_fuzzy=True)
        self.analysis = project.analysis(locales, [])
        self._write_report(project, None)
        self.stats = self.watched()

    def build_article(self, slug: str, locales: tuple[str, ...] | None, update: bool) -> None:
        """One article: with ``update``, extract and merge first; ``locales``: all if None."""
        from l10n.site.report import assess

        project = self.project()
        src = project.load_source(self.sources[slug])
        chosen = project.covering(src.slug, locales or project.locales())
        catalogs = {}
        if update:
            pot = project.template(src)
            for code in chosen:
                catalogs[code] = project.update(src.slug, pot, code)
        else:
            for code in chosen:
                po = project.catalog_for(src, code)
                if po is not None:
                    catalogs[code] = po
        project.publish(src, catalogs, include_fuzzy=True)
        for code in chosen:
            path = project.po_path(code, src.slug)
            self.editions[(src.slug, code)] = assess(
                src.article, src.slug, code, catalogs.get(code), project.rel(path),
                project.settings, project.glossary(),
            )
        self._write_report(project, [(src.slug, code) for code in chosen])
        self._written(project)

    def _write_report(self, project: Project, only: list[tuple[str, str]] | None) -> None:
        from l10n.site.report import overview, packet

        folder = project.report_folder()
        locales = project.locales()
        editions = list(self.editions.values())
        threshold = project.settings.threshold
        project.write(folder / "index.html", overview(editions, locales, threshold, self.analysis))
        for key, edition in self.editions.items():
            if only is None or key in only:
                project.write(folder / edition.href, packet(edition))

    def rebuild(self, what: str, job: Callable[[], None]) -> bool:
        """Run a rebuild; count it, or keep its error (the last good pages stay)."""
        started = time.perf_counter()
        with self.lock:
            try:
                job()
            except Exception as exc:  # noqa: BLE001 - any failure is shown, never fatal
                self.error = one_line(exc)
                self.echo(f"rebuild failed: {self.error}")
                return False
            self.error = ""
            self.generation += 1
        self.echo(f"rebuilt {what} in {time.perf_counter() - started:.2f} s")
        return True

    def react(self) -> None:
        """Compare the watched files with the last look and rebuild what changed."""
        with self.lock:
            now = self.watched()
            old = self.stats
            if now == old:
                return
            self.stats = now
        changed = {p for p in now.keys() & old.keys() if now[p] != old[p]}
        added, removed = now.keys() - old.keys(), old.keys() - now.keys()
        s = self.settings
        assert s is not None
        everything = bool(added or removed) or self.pyproject in changed or (
            s.glossary is not None and s.glossary in changed
        )
        if everything:
            self.rebuild("everything", self.build_all)
            return
        by_path = {path: slug for slug, path in self.sources.items()}
        articles: set[str] = set()
        catalogs: dict[str, set[str]] = {}
        for path in sorted(changed):
            if path in by_path:
                articles.add(by_path[path])
            elif path.suffix == ".pot" and path.stem in self.sources:
                articles.add(path.stem)
            elif path.suffix == ".po" and path.stem in self.sources:
                catalogs.setdefault(path.stem, set()).add(path.parent.parent.name)
        for slug in sorted(articles):
            self.rebuild(slug, functools.partial(self.build_article, slug, None, True))
        for slug, codes in sorted(catalogs.items()):
            if slug not in articles:
                chosen = tuple(sorted(codes))
                self.rebuild(
                    f"{slug} ({', '.join(chosen)})",
                    functools.partial(self.build_article, slug, chosen, False),
                )

    # --- the desk --------------------------------------------------------------------
    def desk_page(self, locale: str, slug: str) -> str | None:
        from l10n.config import bcp47
        from l10n.formats.pofile import parse_po
        from l10n.serve.desk import page
        from l10n.serve.splice import version

        project = self.project()
        if locale not in project.settings.locales or slug not in self.sources:
            return None
        path = project.po_path(locale, slug)
        raw = read_existing(path)
        if raw is None:
            return None
        rel = project.rel(path)
        po = parse_po(decode(raw, rel, CatalogError), rel)
        edition = self.editions.get((slug, locale))
        title = edition.title if edition is not None else slug
        preview = f"/preview/{bcp47(locale)}/{slug}.html"
        return page(title, slug, locale, bcp47(locale), po, version(raw), self.csrf, preview,
                    project.glossary(), project.settings.source_language)

    def act(self, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """A desk action: (HTTP status, JSON answer)."""
        from l10n.config import bcp47
        from l10n.formats.pofile import dump_po, parse_po
        from l10n.serve.desk import Action, Refused, apply, entries, entry_html, msgid_key
        from l10n.serve.splice import replace_entry, version

        project = self.project()
        s = project.settings
        locale, slug = str(data.get("locale", "")), str(data.get("slug", ""))
        if locale not in s.locales or slug not in self.sources:
            return 404, {"ok": False, "message": "no such catalog"}
        path = project.po_path(locale, slug)
        rel = project.rel(path)
        glossary = project.glossary()
        text = data.get("text")
        unsaved = text if isinstance(text, str) else None
        with self.lock:
            raw = read_existing(path)
            if raw is None:
                return 409, {"ok": False, "message": f"{rel} is gone: reload the page"}
            po = parse_po(decode(raw, rel, CatalogError), rel)
            listed = entries(po)
            total = len(listed)
            index = data.get("index")
            found = [(k, e) for k, (i, e) in enumerate(listed, 1) if i == index]
            key = str(data.get("key", ""))
            if data.get("version") != version(raw) or not found or msgid_key(found[0][1]) != key:
                same = [(k, i, e) for k, (i, e) in enumerate(listed, 1) if msgid_key(e) == key]
                html = (entry_html(same[0][1], same[0][0], total, same[0][2], po, locale,
                                   bcp47(locale), glossary, s.source_language) if same else None)
                return 409, {
                    "ok": False, "version": version(raw), "html": html, "unsaved": unsaved,
                    "message": f"{rel} changed on disk since this page was loaded (another "
                    "editor, or git): nothing was written; the entry is reloaded"
                    + (", your text is shown below it" if unsaved else "")
                    + ("" if same else "; it is no longer in the catalog, reload the page"),
                }
            number, entry = found[0]
            before = dump_po_entry(entry, dump_po)
            action = Action(
                kind=str(data.get("action", "")), text=unsaved, name=str(data.get("name", "")),
                role=str(data.get("role", "")), check=str(data.get("check", "")),
                reason=str(data.get("reason", "")),
            )
            refused = ""
            try:
                message = apply(entry, action, locale, glossary, project.stamp()[:10],
                                s.source_language)
            except Refused as exc:
                refused = message = exc.message
            status = 200
            if dump_po_entry(entry, dump_po) != before:
                new = replace_entry(raw_text := decode(raw, rel, CatalogError), entry, rel)
                if new != raw_text:
                    project.write(path, new)
                    self._written(project)
                    self.rebuild(f"{slug} ({locale}) after a review", lambda: self.build_article(
                        slug, (locale,), False))
                raw = read_existing(path) or b""
            if refused:
                status = 422
            answer: dict[str, Any] = {
                "ok": not refused, "message": message, "version": version(raw),
                "generation": self.generation,
                "html": entry_html(entry_index(po, entry), number, total, entry, po, locale,
                                   bcp47(locale), glossary, s.source_language),
            }
            if self.error:
                answer["message"] += f" (the preview could not be rebuilt: {self.error})"
            return status, answer

    def home(self) -> str:
        from l10n.catalogs import language_name
        from l10n.config import bcp47
        from l10n.serve.desk import index

        rows = []
        for (slug, code), edition in sorted(self.editions.items()):
            if edition.exists:
                rows.append((edition.title, language_name(code), f"/desk/{code}/{slug}",
                             edition.status))
        links = [("Published site", "/site/"), ("Previews (drafts included)", "/preview/"),
                 ("Review report", "/report/index.html")]
        assert self.settings is not None
        for code in self.settings.locales:
            links.append((f"Previews: {language_name(code)}", f"/preview/{bcp47(code)}/"))
        return index(rows, links)


def dump_po_entry(entry: Any, dump: Callable[[Any], str]) -> str:
    import polib

    one = polib.POFile()
    one.append(entry)
    return dump(one)


def entry_index(po: Any, entry: Any) -> int:
    for i, e in enumerate(po):
        if e is entry:
            return i
    return -1


class Handler(BaseHTTPRequestHandler):
    """One request; ``server.desk`` is the shared state."""

    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    # --- guards --------------------------------------------------------------------
    def _host_ok(self) -> bool:
        host = self.headers.get("Host", "")
        return host in self.server.hosts

    def _origin_ok(self) -> bool:
        mine = f"http://{self.headers.get('Host', '')}"
        origin = self.headers.get("Origin")
        if origin is not None:
            return origin == mine
        referer = self.headers.get("Referer")
        return referer is not None and (referer == mine or referer.startswith(mine + "/"))

    def _send(self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        self.send_header("Referrer-Policy", "same-origin")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, text: str) -> None:
        self._send(status, (text + "\n").encode(), "text/plain; charset=utf-8")

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _html(self, text: str) -> None:
        self._send(200, text.encode(), "text/html; charset=utf-8")

    # --- GET -----------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_ok():
            self._text(403, "refused: the Host header does not name this server")
            return
        desk = self.server.desk
        route = unquote(urlsplit(self.path).path)
        if route == "/":
            with desk.lock:
                self._html(desk.home())
            return
        if route == "/_l10n/state":
            self._json(200, {"generation": desk.generation, "error": desk.error})
            return
        found = re.fullmatch(r"/desk/([A-Za-z_]+)/([^/]+)", route)
        if found:
            try:
                with desk.lock:
                    page = desk.desk_page(found.group(1), found.group(2))
            except L10nError as exc:
                self._text(500, f"cannot open the desk: {exc}")
                return
            if page is None:
                self._text(404, "no such catalog")
            else:
                self._html(page)
            return
        top, _, rest = route.lstrip("/").partition("/")
        roots = desk.roots()
        if top not in roots:
            self._text(404, "not found")
            return
        self._file(roots[top], rest)

    def _file(self, root: Path, rest: str) -> None:
        base = root.resolve()
        path = (root / rest).resolve()
        if path != base and base not in path.parents:
            self._text(404, "not found")
            return
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self._send(301, b"", "text/plain", {"Location": self.path.split("?")[0] + "/"})
                return
            index = path / "index.html"
            if index.is_file():
                path = index
            else:
                names = sorted(p.name + ("/" if p.is_dir() else "") for p in path.iterdir()
                               if not p.name.startswith("."))
                from l10n.site.report import esc

                items = "".join(f'<li><a href="{esc(n)}">{esc(n)}</a></li>' for n in names)
                self._html(
                    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                    '<meta name="viewport" content="width=device-width, initial-scale=1">'
                    f"<title>{esc(rest or '/')}</title></head><body><main><h1>{esc(rest or '/')}"
                    f"</h1><ul>{items}</ul></main>{self._live()}</body></html>"
                )
                return
        try:
            data = path.read_bytes()
        except OSError:
            self._text(404, "not found")
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind == "text/html":
            text = data.decode("utf-8", "replace")
            at = text.rfind("</body>")
            text = text[:at] + self._live() + text[at:] if at != -1 else text + self._live()
            self._send(200, text.encode(), "text/html; charset=utf-8")
            return
        if kind.startswith("text/") or kind == "application/javascript":
            kind += "; charset=utf-8"
        self._send(200, data, kind)

    def _live(self) -> str:
        from l10n.serve.assets import LIVE_JS

        script = LIVE_JS.replace(
            "let generation = null;", f"let generation = {self.server.desk.generation};"
        )
        return f"<script>{script}</script>"

    # --- POST ----------------------------------------------------------------------
    def do_POST(self) -> None:
        if not self._host_ok():
            self._text(403, "refused: the Host header does not name this server")
            return
        if not self._origin_ok():
            self._text(403, "refused: the request does not come from this server's pages")
            return
        token = self.headers.get("X-L10n-Token", "")
        if not secrets.compare_digest(token.encode(), self.server.desk.csrf.encode()):
            self._text(403, "refused: missing or wrong CSRF token; reload the page")
            return
        if urlsplit(self.path).path != "/_l10n/action":
            self._text(404, "not found")
            return
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            self._text(415, "refused: send JSON")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._text(413, "refused: no body, or too large")
            return
        try:
            data = json.loads(self.rfile.read(length))
        except ValueError:
            self._text(400, "refused: the body is not JSON")
            return
        if not isinstance(data, dict):
            self._text(400, "refused: the body is not a JSON object")
            return
        try:
            status, answer = self.server.desk.act(data)
        except L10nError as exc:
            status, answer = 500, {"ok": False, "message": one_line(exc)}
        self._json(status, answer)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], desk: Desk):
        if ":" in address[0]:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.desk = desk
        host, port = address[0], self.server_address[1]
        desk.port = int(port)
        names = {host}
        if loopback(host):
            names |= {"localhost", "127.0.0.1", "[::1]"}
        self.hosts = {f"{n}:{port}" for n in names if ":" not in n} | {
            f"[{n}]:{port}" for n in names if ":" in n and not n.startswith("[")
        } | {f"{n}:{port}" for n in names if n.startswith("[")}


def run(pyproject: Path, host: str, port: int, echo: Callable[[str], None]) -> None:
    """Build, serve and watch until Ctrl-C (or SIGTERM)."""
    import signal

    desk = Desk(pyproject, echo, host)
    if not loopback(host):
        echo(f"warning: binding to {host}, not 127.0.0.1: anyone who can reach this address "
             "can read the drafts and sign entries under any name")
    started = time.perf_counter()
    try:
        desk.build_all()
    except L10nError as exc:
        if desk.settings is None:
            raise
        desk.error = one_line(exc)
        echo(f"build failed: {desk.error}")
        desk.stats = desk.watched()
    echo(f"built in {time.perf_counter() - started:.2f} s")
    try:
        server = Server((host, port), desk)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    shown = f"[{host}]" if ":" in host else host
    echo(f"serving http://{shown}:{desk.port}/ (review desk at /, Ctrl-C stops)")
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(POLL):
            try:
                desk.react()
            except Exception as exc:  # noqa: BLE001 - the watcher never dies
                desk.error = one_line(exc)
                echo(f"rebuild failed: {desk.error}")

    watcher = threading.Thread(target=watch, name="l10n-watch", daemon=True)
    watcher.start()

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        server.server_close()
        watcher.join(timeout=5)
        echo("stopped")
