"""``l10n draft`` as a user runs it, against a LibreTranslate-API server on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from l10n.formats.pofile import parse_po
from tests.libre_server import LibreServer, serve
from tests.test_pipeline import ARTICLE, po_path, snapshot


@pytest.fixture
def server() -> Iterator[LibreServer]:
    with serve() as state:
        yield state


@pytest.fixture
def drafting(project: Path, l10n, monkeypatch: pytest.MonkeyPatch, cache_dir: Path):  # type: ignore[no-untyped-def]
    """A built project whose draft cache lives outside it."""
    monkeypatch.setenv("L10N_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "TOP-SECRET")
    assert l10n(project, "build").code in (0, 4)
    return project


@pytest.fixture
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def configure(project: Path, url: str) -> None:
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'libre_url = "{url}"\nengines = {{ es = "libre", pt_BR = "offline" }}\n')


def entries(path: Path) -> list:  # type: ignore[type-arg]
    po = parse_po(path.read_text("utf-8"), str(path))
    return [e for e in po if e.msgid and not e.obsolete]


def test_draft_fills_empty_entries_then_resumes_from_cache(
    drafting: Path, l10n, server: LibreServer, cache_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    configure(drafting, server.url)
    r = l10n(drafting, "draft", "-l", "es")
    assert r.code == 0, r.err
    assert r.out.startswith("draft es (libre): ")
    assert " 0 failed;" in r.out and f"wrote locales/es/LC_MESSAGES/{ARTICLE}.po" in r.out
    drafted = entries(po_path(drafting, "es"))
    assert drafted and all(e.msgstr and "fuzzy" in e.flags for e in drafted)
    assert all(e.tcomment.startswith("machine draft: libre, ") for e in drafted)
    assert all(s.api_key == "TOP-SECRET" for s in server.seen)
    assert (cache_dir / "drafts.sqlite").is_file()
    sent = server.requests
    if shutil.which("msgfmt"):
        subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(po_path(drafting, "es"))], check=True
        )

    before = snapshot(drafting)
    again = l10n(drafting, "draft", "-l", "es", "--refresh")
    assert again.code == 0, again.err
    assert "0 requests, 0 characters sent" in again.out
    assert server.requests == sent  # everything came from the cache
    assert snapshot(drafting) == before  # same drafts, same bytes


def test_dry_run_sends_and_writes_nothing(drafting: Path, l10n, server: LibreServer) -> None:  # type: ignore[no-untyped-def]
    configure(drafting, server.url)
    before = snapshot(drafting)
    r = l10n(drafting, "draft", "-l", "es", "--dry-run", "--article", ARTICLE)
    assert r.code == 0, r.err
    assert "dry run:" in r.out and "would send" in r.out and "nothing written" in r.out
    assert server.requests == 0
    assert snapshot(drafting) == before


def test_unreachable_engine_is_one_line_exit_6_and_changes_nothing(drafting: Path, l10n) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    configure(drafting, f"http://127.0.0.1:{port}/")
    before = snapshot(drafting)
    r = l10n(drafting, "draft", "-l", "es")
    assert r.code == 6
    assert r.err.strip().splitlines() == [
        (
            f"error: libre: cannot reach 127.0.0.1:{port} (connection refused);"
            " work without it: --engine offline (pt_BR) or --engine memory"
        )
    ]
    assert "TOP-SECRET" not in r.out + r.err
    assert snapshot(drafting) == before


def test_pseudo_drafts_are_never_published(drafting: Path, l10n) -> None:  # type: ignore[no-untyped-def]
    r = l10n(drafting, "draft", "-l", "pt_BR", "--engine", "pseudo", "--article", ARTICLE)
    assert r.code == 0, r.err
    drafted = entries(po_path(drafting, "pt_BR"))
    assert all(e.msgstr.startswith("[!! ") and "fuzzy" in e.flags for e in drafted)
    assert all(e.tcomment.startswith("machine draft: pseudo, ") for e in drafted)
    other = po_path(drafting, "pt_BR", "how-ketamine-therapy-works-in-the-brain")
    assert all(not e.msgstr for e in entries(other))  # --article: that one only
    l10n(drafting, "render", "-l", "pt_BR")
    assert not (drafting / "output" / "pt-BR" / f"{ARTICLE}.html").exists()


def test_engine_choice_errors_are_usage_errors(drafting: Path, l10n) -> None:  # type: ignore[no-untyped-def]
    r = l10n(drafting, "draft", "-l", "es")
    assert r.code == 2 and "no draft engine for es" in r.err
    r = l10n(drafting, "draft", "-l", "es", "--engine", "babelfish")
    assert r.code == 2 and "unknown engine 'babelfish'" in r.err
    r = l10n(drafting, "draft", "-l", "es", "--engine", "offline")
    assert r.code == 2 and "only en <-> pt_BR" in r.err
    r = l10n(drafting, "draft", "-l", "es", "--engine", "memory", "--article", "nope")
    assert r.code == 2 and "no template for article 'nope'" in r.err


def test_memory_finds_a_reviewed_paragraph_that_moved_to_another_article(tmp_path, l10n):
    from l10n.formats.pofile import dump_po, parse_po

    (tmp_path / "source").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["es"]\n', "utf-8")
    moved = "Ketamine is given in a clinic by a trained team."
    (tmp_path / "source" / "a.md").write_text(f"---\ntitle: A\n---\n\n{moved}\n", "utf-8")
    (tmp_path / "source" / "b.md").write_text("---\ntitle: B\n---\n\nOther text.\n", "utf-8")
    assert l10n(tmp_path, "build").code == 0
    a_po = tmp_path / "locales" / "es" / "LC_MESSAGES" / "a.po"
    po = parse_po(a_po.read_text("utf-8"), "a.po")
    po.find(moved).msgstr = "La ketamina se administra en una clínica."
    a_po.write_text(dump_po(po), "utf-8")
    (tmp_path / "source" / "a.md").write_text("---\ntitle: A\n---\n\nNew text.\n", "utf-8")
    (tmp_path / "source" / "b.md").write_text(f"---\ntitle: B\n---\n\nOther text.\n\n{moved}\n", "utf-8")
    assert l10n(tmp_path, "build").code == 0
    assert l10n(tmp_path, "draft", "-l", "es", "--engine", "memory").code == 0
    b_po = tmp_path / "locales" / "es" / "LC_MESSAGES" / "b.po"
    entry = parse_po(b_po.read_text("utf-8"), "b.po").find(moved)
    assert entry.msgstr == "La ketamina se administra en una clínica."
