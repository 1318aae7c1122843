"""Layout is not content: ``build --check`` notices re-wrapped catalogs without failing,
``l10n fmt`` rewrites them in gettext layout, and the pre-commit hook runs it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
import yaml

from l10n.catalogs import same_entries
from tests.test_pipeline import ARTICLE, po_path, read, translate_all

REPO = Path(__file__).resolve().parent.parent


def built(project: Path, l10n) -> Path:  # type: ignore[no-untyped-def]
    l10n(project, "build")
    translate_all(po_path(project, "es"), lambda e: "«" + e.msgid + "»")
    l10n(project, "build")
    return po_path(project, "es")


def polib_save(path: Path, width: int = 78) -> None:
    po = polib.pofile(str(path), wrapwidth=width)
    po.save()


def test_a_rewrapped_catalog_is_a_notice_not_a_failure(project, l10n):
    path = built(project, l10n)
    pot = project / "locales" / f"{ARTICLE}.pot"
    before = read(path)
    polib_save(path)
    polib_save(pot)
    assert same_entries(read(path), before)
    r = l10n(project, "build", "--check")
    assert r.code == 0, r.err
    assert "notice: only the layout differs" in r.err
    assert f"locales/es/LC_MESSAGES/{ARTICLE}.po" in r.err and f"locales/{ARTICLE}.pot" in r.err
    assert "build: up to date" in r.out
    for command in ("extract", "update"):
        assert l10n(project, command, "--check").code == 0


def test_content_staleness_still_fails_under_a_rewrapped_layout(project, l10n):
    path = built(project, l10n)
    po = read(path)
    po[1].msgstr = "otra cosa"  # a translator's edit: the page would change
    path.write_text(po.__unicode__(), "utf-8")  # polib's own layout
    r = l10n(project, "build", "--check")
    assert r.code == 3
    assert f"output/es/{ARTICLE}.md: out of date" in r.err


def test_a_rewrapped_template_keeps_its_creation_date(project, l10n):
    built(project, l10n)
    pot = project / "locales" / f"{ARTICLE}.pot"
    date = read(pot).metadata["POT-Creation-Date"]
    polib_save(pot, 60)
    r = l10n(project, "build")
    assert r.code == 0
    assert read(pot).metadata["POT-Creation-Date"] == date
    assert read(po_path(project, "es")).metadata["POT-Creation-Date"] == date


@pytest.mark.skipif(not shutil.which("msgcat"), reason="GNU gettext is not installed")
def test_fmt_rewrites_in_gettext_layout_and_keeps_content(project, l10n):
    path = built(project, l10n)
    pt = po_path(project, "pt_BR")
    good = path.read_bytes()
    before = read(path)
    polib_save(path, 0)
    assert path.read_bytes() != good
    r = l10n(project, "fmt", "--check")
    assert r.code == 3
    assert f"locales/es/LC_MESSAGES/{ARTICLE}.po: layout differs from gettext's: run 'l10n fmt'" in r.err
    assert str(pt.relative_to(project)) not in r.err
    r = l10n(project, "fmt")
    assert r.code == 0 and f"wrote locales/es/LC_MESSAGES/{ARTICLE}.po" in r.out
    assert same_entries(read(path), before)
    out = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
    assert out == path.read_bytes()  # gettext's own layout
    assert l10n(project, "fmt", "--check").code == 0
    assert l10n(project, "build", "--check").code == 0


@pytest.mark.skipif(not shutil.which("msgcat"), reason="GNU gettext is not installed")
def test_fmt_drops_untranslated_obsolete_entries_as_msgcat_does(project, l10n):
    path = built(project, l10n)
    path.write_text(path.read_text("utf-8") + '\n# a note\n#~ msgid "Gone"\n#~ msgstr ""\n', "utf-8")
    r = l10n(project, "fmt")
    assert r.code == 0, r.err
    out = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
    assert out == path.read_bytes() and b"Gone" not in out


def test_fmt_takes_the_files_pre_commit_passes(project, l10n):
    path = built(project, l10n)
    pt = po_path(project, "pt_BR")
    polib_save(path)
    polib_save(pt)
    r = l10n(project, "fmt", str(path.relative_to(project)), "pyproject.toml")
    assert r.code == 0
    assert r.out.splitlines() == [f"wrote locales/es/LC_MESSAGES/{ARTICLE}.po"]
    assert l10n(project, "fmt", "--check").code == 3  # pt_BR was not named
    r = l10n(project, "fmt", "locales/xx/LC_MESSAGES/none.po")
    assert r.code == 2 and r.err.strip() == "error: locales/xx/LC_MESSAGES/none.po: no such catalog file"


def test_fmt_reports_a_broken_catalog_on_one_line(project, l10n):
    path = built(project, l10n)
    path.write_text(path.read_text("utf-8") + '\nmsgid "x"\n', "utf-8")
    before = path.read_bytes()
    r = l10n(project, "fmt")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert path.read_bytes() == before


def test_the_pre_commit_hook_runs_fmt_on_catalogs():
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    hook = hooks["l10n-fmt"]
    assert hook["entry"] == "l10n fmt" and hook["pass_filenames"] is True
    import re

    files = re.compile(hook["files"])
    assert files.search("locales/es/LC_MESSAGES/a.po") and files.search("locales/a.pot")
    assert not files.search("source/a.md")
    assert "l10n-check" in hooks
