"""The build manifest: a moved or copied project is not rebuilt, a changed file is."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from l10n.config import find_project, load_settings
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
