"""``l10n check`` as CI runs it: exit codes, messages and report formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import polib

from l10n.formats.pofile import dump_po
from tests.test_pipeline import ARTICLE, REPO, edit_source, po_path, read, translate_all


def translated_project(project, l10n):  # type: ignore[no-untyped-def]
    l10n(project, "build")
    for code in ("es", "pt_BR"):
        for path in (project / "locales" / code / "LC_MESSAGES").glob("*.po"):
            translate_all(path)
    l10n(project, "build")
    return project


def change_the_dose_entry(project, edit) -> str:  # type: ignore[no-untyped-def]
    """Edit the es translation of the paragraph that says "70% to 85%"; its msgid."""
    path = po_path(project, "es")
    po = read(path)
    entry = next(e for e in po if "70% to 85%" in e.msgid)
    entry.msgstr = edit(entry.msgid)
    path.write_text(dump_po(po), "utf-8")
    return str(entry.msgid)


def test_check_passes_on_complete_sound_current_catalogs(project, l10n):
    translated_project(project, l10n)
    r = l10n(project, "check")
    assert r.code == 0, r.out + r.err
    assert "check: ok (exit 0)" in r.out


def test_check_fails_on_stale_catalogs_with_exit_3(project, l10n):
    translated_project(project, l10n)
    edit_source(project, "## Restoring Hope", "## Restoring Hope Soon")
    r = l10n(project, "check", "--min-translated", "0")
    assert r.code == 3
    assert f"locales/{ARTICLE}.pot:1: error [stale]" in r.out


def test_check_fails_under_the_minimum_with_exit_4(project, l10n):
    l10n(project, "build")
    r = l10n(project, "check", "-l", "es")
    assert r.code == 4
    po = f"locales/es/LC_MESSAGES/{ARTICLE}.po"
    assert f"{po}:1: error [completeness] 0% of source words translated, under the minimum of 80%" in r.out
    # a lower minimum does not publish critical content that nobody reviewed
    r = l10n(project, "check", "-l", "es", "--min-translated", "0")
    assert r.code == 4
    assert f"{po}:1: error [critical] page held back: critical block at source/{ARTICLE}.md:9" in r.out
    assert "[completeness]" not in r.out


def test_check_reports_a_changed_dose_at_its_line_with_exit_5(project, l10n):
    translated_project(project, l10n)
    msgid = change_the_dose_entry(project, lambda t: t.replace("70% to 85%", "70 % a 58 %"))
    l10n(project, "build")
    r = l10n(project, "check")
    assert r.code == 5
    line = read(po_path(project, "es")).find(msgid).linenum
    assert f"locales/es/LC_MESSAGES/{ARTICLE}.po:{line}: error [numbers]" in r.out


def test_fuzzy_drafts_are_warnings_not_errors(project, l10n):
    translated_project(project, l10n)
    path = po_path(project, "es")
    po = read(path)
    entry = next(e for e in po if "70% to 85%" in e.msgid)
    entry.msgstr = entry.msgid.replace("70%", "7%")
    entry.flags.append("fuzzy")
    path.write_text(dump_po(po), "utf-8")
    l10n(project, "build")
    r = l10n(project, "check", "--min-translated", "0", "--format", "json")
    data = json.loads(r.out)
    assert r.code == 4 and data["exit_status"] == 4  # the draft holds back a critical block
    found = [f for c in data["catalogs"] for f in c["findings"]]
    assert found and all(f["severity"] == "warning" for f in found)
    assert any(f["message"].startswith("draft:") for f in found)


def test_a_dropped_link_is_a_structure_error(project, l10n):
    (project / "source" / "links.md").write_text(
        "---\ntitle: Links\nslug: links\n---\n\nSee [the study](https://example.org/s).\n", "utf-8"
    )
    translated_project(project, l10n)
    path = po_path(project, "es", "links")
    po = read(path)
    po.find("See [the study](https://example.org/s).").msgstr = "Vea el estudio."
    path.write_text(dump_po(po), "utf-8")
    l10n(project, "build")
    r = l10n(project, "check", "--format", "json")
    assert r.code == 5
    checks = {f["check"] for c in json.loads(r.out)["catalogs"] for f in c["findings"]}
    assert {"markup", "structure"} <= checks


def reviewed_spanish(msgid: str) -> str:
    """The repository's reviewed Spanish for a text of the article."""
    return str(polib.pofile(str(po_path(REPO, "es"))).find(msgid).msgstr)


def test_junit_and_github_formats(project, l10n):
    translated_project(project, l10n)
    change_the_dose_entry(project, lambda t: reviewed_spanish(t).replace("70 %", "700 %"))
    l10n(project, "build")
    junit = l10n(project, "check", "--format", "junit")
    assert junit.code == 5
    suite = ET.fromstring(junit.out)
    cases = suite.findall("testcase")
    assert len(cases) == 10  # five articles x two locales
    failed = [c for c in cases if c.find("failure") is not None]
    assert [(c.get("classname"), c.get("name")) for c in failed] == [(ARTICLE, "es")]
    gh = l10n(project, "check", "--format", "github")
    assert gh.code == 5
    errors = [line for line in gh.out.splitlines() if line.startswith("::error ")]
    prefix = f"::error file=locales/es/LC_MESSAGES/{ARTICLE}.po,line="
    assert all(line.startswith(prefix) for line in errors)
    assert sorted(line.split(",title=")[1].split("::")[0] for line in errors) == [
        "critical", "numbers"  # the edit voided the sign-off of a critical block
    ]


def test_check_on_a_bad_locale_is_a_usage_error(project, l10n):
    l10n(project, "build")
    r = l10n(project, "check", "-l", "xx_YY")
    assert r.code == 2 and "unknown locale" in r.err


def test_check_judges_catalog_content_and_build_check_judges_layout(project, l10n):
    translated_project(project, l10n)
    path = po_path(project, "es")
    po = polib.pofile(str(path))
    po.wrapwidth = 50  # wraps text and long comments: sign-off lines lose their name's end
    po.save(str(path))  # same entries, laid out differently than gettext does
    assert "pair:" in path.read_text("utf-8")
    assert l10n(project, "check").code == 0
    r = l10n(project, "build", "--check")  # layout alone is a notice, not a failure
    assert r.code == 0 and "notice: only the layout differs" in r.err
    assert f"locales/es/LC_MESSAGES/{ARTICLE}.po" in r.err


def test_check_after_a_build_judges_as_without_its_record_and_sees_later_edits(project, l10n):
    translated_project(project, l10n)
    change_the_dose_entry(project, lambda t: t.replace("70% to 85%", "70 % a 58 %"))
    l10n(project, "build")
    recorded = l10n(project, "check", "--format", "json")
    (project / ".l10n-cache" / "build.json").unlink()
    unrecorded = l10n(project, "check", "--format", "json")
    assert recorded.code == unrecorded.code == 5
    assert recorded.out == unrecorded.out
    # a template edited after the build, by another tool or by hand, is stale all the same
    change_the_dose_entry(project, lambda t: t)
    l10n(project, "build")
    assert l10n(project, "check", "--min-translated", "0").code == 0
    pot = project / "locales" / f"{ARTICLE}.pot"
    pot.write_text(pot.read_text("utf-8").replace("Restoring Hope", "Restoring Hop"), "utf-8")
    r = l10n(project, "check", "--min-translated", "0")
    assert r.code == 3, r.out
    assert f"locales/{ARTICLE}.pot:1: error [stale]" in r.out


def test_check_as_ci_runs_it_starts_without_typer_and_says_what_the_full_cli_says(
    project, l10n
):  # type: ignore[no-untyped-def]
    translated_project(project, l10n)
    change_the_dose_entry(project, lambda msgid: msgid.replace("70%", "75%"))
    probe = (
        "import sys\n"
        "from l10n.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print('exit', exc.code, file=sys.stderr)\n"
        "heavy = {'typer', 'pydantic', 'click'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)\n"
    )
    for fmt in ("text", "json", "junit", "github"):
        fast = ["check"] if fmt == "text" else ["check", "--format", fmt]
        done = subprocess.run(
            [sys.executable, "-c", probe, *fast], cwd=project, capture_output=True, text=True,
            check=True, env={**os.environ, "COLUMNS": "200"},
        )
        assert done.stderr.splitlines()[-2:] == ["exit 5", "[]"], (fmt, done.stderr[-500:])
        r = l10n(project, "check", f"--format={fmt}")  # another spelling: through Typer
        assert r.code == 5
        assert done.stdout == r.out, fmt
        assert "numbers" in done.stdout, fmt  # the changed dose, in every format
