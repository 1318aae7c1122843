"""What a build skips: a moved or copied project, a catalog already as it would be written;
and what a killed build left, which the next one removes."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from l10n.config import find_project, load_settings
from l10n.formats.pofile import dump_po, parse_po
from l10n.project import Project


def build(root: Path) -> Project:
    """One ``build`` as the command runs it; the project says what it rebuilt and wrote."""
    project = Project(load_settings(find_project(root)))
    locales = project.locales(())
    project.build(locales)
    project.prune(locales)
    return project


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file but the manifest: its bytes and modification time."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".l10n-cache" not in path.parts
    }


def test_a_copied_project_is_confirmed_by_content_not_rebuilt(project, l10n, tmp_path):
    assert l10n(project, "build").code == 0
    copy = tmp_path / "elsewhere" / "copy"
    shutil.copytree(project, copy, copy_function=shutil.copyfile)  # new times, like cp -r
    sources = sorted(f"source/{p.name}" for p in (copy / "source").glob("*.md"))
    before = snapshot(copy)

    first = build(copy)

    assert first.rebuilt == []  # every article taken from the manifest
    assert first.changes.written == [] and first.changes.removed == []
    assert snapshot(copy) == before
    assert build(copy).rebuilt == []  # the manifest now holds the copy's times
    result = l10n(copy, "build")
    assert result.code == 0 and result.out.strip().endswith("build: nothing to change")
    assert len(sources) == 5


def test_a_moved_project_keeps_its_manifest(project, l10n, tmp_path_factory):
    assert l10n(project, "build").code == 0
    moved = tmp_path_factory.mktemp("elsewhere") / "moved"
    shutil.copytree(project, moved)  # times kept, as a move or an archive keeps them
    shutil.rmtree(project / "source")

    assert build(moved).rebuilt == []


def test_a_changed_file_with_the_same_size_and_a_new_time_is_rebuilt(project, l10n, tmp_path):
    assert l10n(project, "build").code == 0
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, copy_function=shutil.copyfile)
    article = copy / "source" / "how-does-ketamine-work.md"
    text = article.read_text("utf-8")
    assert "Ketamine" in text
    article.write_text(text.replace("Ketamine", "Esketami", 1), "utf-8")  # same size
    pot = copy / "locales" / "how-does-ketamine-work.pot"
    untouched = copy / "locales" / "understanding-ketamine-infusions.pot"
    stamp = untouched.stat().st_mtime_ns

    done = build(copy)

    assert done.rebuilt == ["source/how-does-ketamine-work.md"]
    assert "locales/how-does-ketamine-work.pot" in done.changes.written
    assert "Esketami" in pot.read_text("utf-8")
    assert untouched.stat().st_mtime_ns == stamp


def test_a_file_touched_without_a_change_is_not_rebuilt_twice(project, l10n):
    assert l10n(project, "build").code == 0
    catalog = project / "locales" / "es" / "LC_MESSAGES" / "how-does-ketamine-work.po"
    later = catalog.stat().st_mtime_ns + 5_000_000_000
    os.utime(catalog, ns=(later, later))

    first = build(project)

    assert first.rebuilt == [] and first.changes.written == []
    assert catalog.stat().st_mtime_ns == later


def catalog_dumps(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Record the catalogs (not templates) that get serialized; the real dump_po runs."""
    import l10n.formats.pofile

    real = l10n.formats.pofile.dump_po
    seen: list[str] = []

    def counting(po: polib.POFile) -> str:
        if po.metadata.get("Language"):
            seen.append(po.metadata["Language"])
        return real(po)

    monkeypatch.setattr(l10n.formats.pofile, "dump_po", counting)
    return seen


def test_an_unchanged_catalog_is_not_serialized_again(project, l10n, monkeypatch):
    assert l10n(project, "build").code == 0
    article = project / "source" / "how-does-ketamine-work.md"
    article.write_text(article.read_text("utf-8") + "\n", "utf-8")  # rebuilt, same entries
    catalogs = sorted((project / "locales").rglob("how-does-ketamine-work.po"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in catalogs}
    dumps = catalog_dumps(monkeypatch)

    done = build(project)

    assert done.rebuilt == ["source/how-does-ketamine-work.md"]
    # only the source edition, which is the article's own text, follows it
    assert dumps == [] and done.changes.written == ["output/en/how-does-ketamine-work.md"]
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in catalogs} == before
    for path in catalogs:  # what writing them would give, byte for byte
        assert dump_po(parse_po(path.read_text("utf-8"), str(path))).encode() == before[path][0]


@pytest.mark.parametrize("key", ["current", "another version"])
def test_a_catalog_laid_out_by_another_tool_is_rewritten(project, l10n, key):
    assert l10n(project, "build").code == 0
    path = project / "locales" / "es" / "LC_MESSAGES" / "how-does-ketamine-work.po"
    canonical = path.read_bytes()
    po = polib.pofile(str(path), wrapwidth=30)  # same entries, narrower lines
    po.save(str(path))
    narrow = path.read_bytes()
    assert narrow != canonical
    if key == "another version":  # a hash list from another version is not trusted
        hashes = project / ".l10n-cache" / "catalogs.txt"
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        hashes.write_text(f"l10n 0.0.0 1\n{digest}\n", "utf-8")

    done = build(project)

    assert "locales/es/LC_MESSAGES/how-does-ketamine-work.po" in done.changes.written
    written = path.read_bytes()
    assert written != narrow
    assert dump_po(parse_po(written.decode(), str(path))).encode() == written


def test_a_build_with_nothing_to_do_loads_no_heavy_module(project, l10n):
    assert l10n(project, "build").code == 0
    probe = (
        "import sys\n"
        "sys.argv = ['l10n', 'build']\n"
        "from l10n.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "heavy = ('pydantic', 'babel', 'markdown_it', 'mdformat', 'polib', 'requests',\n"
        "         'deep_translator', 'yaml', 'numpy', 'py3langid', 'rich', 'lxml')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-2:] == ["build: nothing to change", "[]"]


_KILLED_BUILD = (
    "import os, signal, sys\n"
    "kill_at, renames = int(sys.argv[1]), []\n"
    "real = os.replace\n"
    "def replace(a, b):\n"
    "    renames.append(b)\n"
    "    if len(renames) == kill_at:  # killed with this file's temp one written\n"
    "        os.kill(os.getpid(), signal.SIGKILL)\n"
    "    real(a, b)\n"
    "os.replace = replace\n"
    "from l10n.entry import main\n"
    "sys.argv = ['l10n', 'build']\n"
    "main()\n"
)


@pytest.mark.parametrize(
    ("edited", "renames"),
    [(False, 1), (False, 3), (False, 5), (True, 1), (True, 3)],
    ids=["new template", "new catalog", "new page", "template", "catalog"],
)
def test_what_a_killed_build_left_is_removed_by_the_next(
    project: Path, l10n, edited: bool, renames: int
) -> None:
    if edited:  # files that exist already are replaced through a temp file of another name
        assert l10n(project, "build").code in (0, 4)
        article = min((project / "source").glob("*.md"))
        article.write_text(article.read_text("utf-8") + "\nOne more paragraph.\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_BUILD, str(renames)], cwd=project, check=False,
        capture_output=True,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    left = list(project.rglob(".*.tmp"))
    assert len(left) == 1, left  # the file being written when it was killed
    assert bool(re.search(r"\.[0-9]+-[0-9a-z_]+\.tmp\Z", left[0].name)) == edited, left
    # a user's hidden file and another build at work (a live process) are not touched
    busy = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = project / "output" / "en" / f".index.html.{busy.pid}.tmp"
        theirs.parent.mkdir(parents=True, exist_ok=True)
        theirs.write_text("being written", encoding="utf-8")
        mine = project / "locales" / ".notes.tmp"
        mine.write_text("a note", encoding="utf-8")
        r = l10n(project, "build")
        assert r.code in (0, 4), r.out + r.err
        assert sorted(project.rglob(".*.tmp")) == sorted([theirs, mine])
    finally:
        busy.kill()
        busy.wait()
    assert (project / "output" / "en" / "index.html").is_file()


def test_a_page_put_where_a_build_held_one_back_is_seen(project, l10n) -> None:
    """A page the manifest records as absent (held back) is looked for in its folder's
    listing: one that appears there makes its article rebuilt, and the page removed."""
    assert l10n(project, "build").code in (0, 4)
    held = sorted((project / "source").glob("*.md"))
    stray = project / "output" / "es" / f"{held[1].stem}.html"
    assert not stray.exists()  # nothing is translated: every Spanish page is held back
    assert build(project).rebuilt == []
    stray.write_text("<p>not reviewed</p>", "utf-8")
    again = build(project)
    assert again.rebuilt == [f"source/{held[1].name}"]
    assert not stray.exists()
