"""``l10n review`` as a reviewer uses it: in a terminal, in bulk, by role; stale sign-offs."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from l10n.formats.pofile import dump_po
from l10n.notes import parse, texts
from l10n.quality.safety import State, reviews, state
from tests.test_pipeline import po_path, read
from tests.test_safety import ARTICLE, dosing, translate  # noqa: F401 - a fixture

REPO = Path(__file__).resolve().parent.parent
gettext = pytest.mark.skipif(not shutil.which("msgmerge"), reason="GNU gettext is not installed")


def bulk(root: Path, l10n, who: str = "Ana Ruiz", role: str = "linguist", *more: str):  # type: ignore[no-untyped-def]
    return l10n(root, "review", "-l", "es", "--by", who, "--as", role, "--all", *more)


def entries(root: Path):  # type: ignore[no-untyped-def]
    return {e.msgid: e for e in read(po_path(root, "es", ARTICLE)) if not e.obsolete}


def test_without_a_terminal_review_never_waits_and_names_all(dosing) -> None:  # noqa: F811
    subprocess.run([sys.executable, "-m", "l10n", "build"], cwd=dosing, check=True,
                   capture_output=True)
    translate(dosing)
    before = po_path(dosing, "es", ARTICLE).read_bytes()
    r = subprocess.run(
        [sys.executable, "-m", "l10n", "review", "-l", "es", "--by", "Ana", "--as", "linguist"],
        cwd=dosing, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False,
    )
    assert r.returncode == 2 and "--all" in r.stderr and r.stderr.count("\n") == 1
    assert po_path(dosing, "es", ARTICLE).read_bytes() == before


def test_bulk_review_names_every_entry_it_signs_and_refuses_errors(dosing, l10n) -> None:  # noqa: F811
    l10n(dosing, "build")
    translate(dosing)
    path = po_path(dosing, "es", ARTICLE)
    po = read(path)
    po.find("Take 20 mg before the session.").msgstr = "Tome 200 mg antes de la sesión."
    path.write_text(dump_po(po), "utf-8")
    r = bulk(dosing, l10n)
    assert r.code == 0
    signed = [line for line in r.out.splitlines() if ": signed (linguist): " in line]
    assert len(signed) == 4
    assert any(line.startswith(f"locales/es/LC_MESSAGES/{ARTICLE}.po:") and
               "Most people feel calm afterwards. => La mayoría" in line for line in signed)
    assert "not signed: [numbers]" in r.out
    assert "review: 4 entries signed off by Ana Ruiz (linguist); 1 refused" in r.out
    assert {r.role for r in reviews(entries(dosing)["Dosing"])} == {"linguist"}


def test_roles_table_needs_each_role_it_names(dosing, l10n) -> None:  # noqa: F811
    cfg = dosing / "pyproject.toml"
    cfg.write_text(cfg.read_text() + 'require_review = { critical = ["linguist", "clinician"],'
                   ' default = ["linguist"] }\n')
    l10n(dosing, "build")
    translate(dosing)
    bulk(dosing, l10n)
    r = l10n(dosing, "render")
    assert "(states a dose) is translated but not reviewed by linguist and clinician" in r.out
    assert not (dosing / "output" / "es" / f"{ARTICLE}.html").exists()
    (row,) = json.loads(l10n(dosing, "status", "--format", "json").out)
    assert row["signed_by_role"] == {"linguist": 5, "clinician": 0, "unspecified": 0}
    r = bulk(dosing, l10n, "Dr. Gil", "clinician", "--article", ARTICLE)
    assert "review: 5 entries signed off by Dr. Gil (clinician)" in r.out
    l10n(dosing, "render")
    html = (dosing / "output" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert "Tome 20 mg antes de la sesión." in html
    text = l10n(dosing, "status").out
    assert "linguist 5, clinician 5" in text
    # signing again in the same role replaces that role's sign-off, keeps the other
    bulk(dosing, l10n, "Dr. Gil", "clinician")
    entry = entries(dosing)["Take 20 mg before the session."]
    assert sorted((r.role, r.who) for r in reviews(entry)) == [("clinician", "Dr. Gil"),
                                                               ("linguist", "Ana Ruiz")]
    report = l10n(dosing, "report")
    assert report.code == 0
    packet = (dosing / ".l10n" / "report" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert "by Ana Ruiz (linguist) on" in packet and "by Dr. Gil (clinician) on" in packet


def test_a_roles_table_with_an_unknown_role_is_a_configuration_error(dosing, l10n) -> None:  # noqa: F811
    cfg = dosing / "pyproject.toml"
    cfg.write_text(cfg.read_text() + 'require_review = { critical = ["pharmacist"] }\n')
    r = l10n(dosing, "status")
    assert r.code == 2 and "pyproject.toml:4: [tool.l10n] require_review: unknown role 'pharmacist'" in r.err


@gettext
def test_a_sign_off_whose_source_changed_outside_update_is_never_published(dosing, l10n) -> None:  # noqa: F811
    """msgmerge (Poedit's Update from POT), then the translator clears the fuzzy flag."""
    l10n(dosing, "build")
    translate(dosing)
    bulk(dosing, l10n)
    src = dosing / "source" / "dosing.md"
    src.write_text(
        src.read_text("utf-8")
        .replace("Take 20 mg before the session.", "Take 20 mg before each session.")
        .replace("Most people feel calm afterwards.", "Most people feel calm and sleepy afterwards."),
        "utf-8",
    )
    l10n(dosing, "extract")
    path = po_path(dosing, "es", ARTICLE)
    subprocess.run(["msgmerge", "--previous", "-q", "-U", "--backup=none", str(path),
                    str(dosing / "locales" / "dosing.pot")], check=True)
    po = read(path)
    for e in po:
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")  # accepted as they are
    path.write_text(dump_po(po), "utf-8")
    now = entries(dosing)
    assert state(now["Take 20 mg before each session."]) is State.STALE
    assert state(now["Most people feel calm and sleepy afterwards."]) is State.STALE

    check = l10n(dosing, "check")
    assert check.code == 4
    assert "critical block at source/dosing.md:8 (states a dose) is translated, but its source" \
        " changed since it was reviewed" in check.out
    assert "warning [sign-off] the source changed since Ana Ruiz signed this translation on" in check.out
    r = l10n(dosing, "render")
    assert not (dosing / "output" / "es" / f"{ARTICLE}.html").exists() and "not published" in r.out
    (row,) = json.loads(l10n(dosing, "status", "--format", "json").out)
    assert row["entries"]["stale"] == 2 and row["entries"]["reviewed"] == 3

    # a translator updates the translation: still not published until a reviewer signs it
    po = read(path)
    po.find("Take 20 mg before each session.").msgstr = "Tome 20 mg antes de cada sesión."
    path.write_text(dump_po(po), "utf-8")
    assert state(entries(dosing)["Take 20 mg before each session."]) is State.STALE
    r = bulk(dosing, l10n, "Ana Ruiz", "linguist", "--article", ARTICLE)
    assert "review: 2 entries signed off" in r.out
    assert all(state(e) is State.REVIEWED for e in entries(dosing).values())
    check = l10n(dosing, "check")
    assert "[sign-off]" not in check.out and "[critical]" not in check.out
    l10n(dosing, "render")
    html = (dosing / "output" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert "Tome 20 mg antes de cada sesión." in html


def test_review_packet_names_a_stale_unit(dosing, l10n) -> None:  # noqa: F811
    l10n(dosing, "build")
    translate(dosing)
    bulk(dosing, l10n)
    path = po_path(dosing, "es", ARTICLE)
    text = path.read_text("utf-8").replace(
        'msgid "Most people feel calm afterwards."', 'msgid "Most people feel calm."'
    )
    path.write_text(text, "utf-8")  # a hand edit of the source text in the catalog
    src = dosing / "source" / "dosing.md"
    src.write_text(src.read_text("utf-8").replace("calm afterwards.", "calm."), "utf-8")
    l10n(dosing, "report")
    packet = (dosing / ".l10n" / "report" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert 'data-state="stale"' in packet and "Source changed since review" in packet
    html_page = dosing / "output" / "es" / f"{ARTICLE}.html"
    l10n(dosing, "render")
    assert "Most people feel calm." in html_page.read_text("utf-8")  # the English source


# --- the interactive loop, through a pseudo-terminal ---------------------------------


class Session:
    """``l10n review`` on a pseudo-terminal: read until a prompt, answer, repeat."""

    def __init__(self, root: Path, env: dict[str, str], *args: str) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "l10n", "review", *args],
            cwd=root, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
        )
        os.close(slave)
        self.seen = ""

    def read_until(self, marker: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        start = len(self.seen)
        while marker not in self.seen[start:]:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {marker!r} in {self.seen[start:]!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    data = os.read(self.master, 4096)
                except OSError:
                    data = b""
                if not data:
                    raise AssertionError(f"ended before {marker!r}: {self.seen[start:]!r}")
                self.seen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return self.seen[start:]

    def answer(self, text: str) -> None:
        os.write(self.master, (text + "\n").encode())

    def finish(self) -> int:
        try:
            while True:
                ready, _, _ = select.select([self.master], [], [], 30)
                if not ready:
                    break
                data = os.read(self.master, 4096)
                if not data:
                    break
                self.seen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        except OSError:
            pass
        code = self.proc.wait(timeout=30)
        os.close(self.master)
        return code


PROMPT = "q) quit: "


def test_interactive_review_accept_edit_waive_skip_quit(dosing, l10n, tmp_path) -> None:  # noqa: F811
    l10n(dosing, "build")
    translate(dosing)
    path = po_path(dosing, "es", ARTICLE)
    po = read(path)
    long = po.find("Ketamine is given in a clinic.")
    long.msgstr = "La ketamina se administra siempre en una clínica especializada con personal" \
        " médico formado y con experiencia."  # more than 2.5 times longer: a length warning
    path.write_text(dump_po(po), "utf-8")
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write('Tome 20 mg antes de cada sesión.\\n')\n",
        "utf-8",
    )
    env = {**os.environ, "EDITOR": f"{sys.executable} {editor}", "TERM": "xterm"}
    s = Session(dosing, env, "-l", "es", "--by", "Ana Ruiz", "--as", "clinician")
    first = s.read_until(PROMPT)
    assert "[1/5]" in first and "source:" in first and "Dosing" in first and "Dosificación" in first
    s.answer("a")  # 1: accept
    second = s.read_until(PROMPT)
    assert "[2/5]" in second and "warning [length]" in second and "w) waive a finding" in second
    s.answer("w")  # 2: waive the length warning, then accept
    s.read_until("reason for waiving [length]")
    s.answer("the clinic's style adds the setting on purpose")
    again = s.read_until(PROMPT)
    assert "waived [length]" in again and "by Ana Ruiz" in again
    s.answer("a")
    third = s.read_until(PROMPT)
    assert "[3/5]" in third and "critical: states a dose" in third and "Tome 20 mg antes de la" in third
    s.answer("e")  # 3: edit in $EDITOR, checked again, then accept
    edited = s.read_until(PROMPT)
    assert "Tome 20 mg antes de cada sesión." in edited
    s.answer("a")
    s.read_until(PROMPT)
    s.answer("s")  # 4: skip
    s.read_until(PROMPT)
    s.answer("q")  # 5: quit
    code = s.finish()
    assert code == 0, s.seen
    assert "review: 3 entries signed off by Ana Ruiz (clinician); 0 refused; 1 edited," \
        " 1 waived, 1 skipped" in s.seen

    now = entries(dosing)
    signed = {m for m, e in now.items() if reviews(e)}
    assert signed == {"Dosing", "Ketamine is given in a clinic.", "Take 20 mg before the session."}
    assert now["Take 20 mg before the session."].msgstr == "Tome 20 mg antes de cada sesión."
    assert texts(parse(now["Ketamine is given in a clinic."].tcomment), "waiver reason") == [
        "length: the clinic's style adds the setting on purpose"
    ]
    check = l10n(dosing, "check", "--format", "json")
    found = [f for c in json.loads(check.out)["catalogs"] for f in c["findings"]]
    assert [f["severity"] for f in found if f["check"] == "length"] == ["waived"]
    status = l10n(dosing, "status").out
    assert "waived [length] by Ana Ruiz (clinician)" in status

    # any edit voids the waiver: the finding is a warning again
    po = read(path)
    po.find("Ketamine is given in a clinic.").msgstr += " Siempre."
    path.write_text(dump_po(po), "utf-8")
    check = l10n(dosing, "check", "--format", "json")
    found = [f for c in json.loads(check.out)["catalogs"] for f in c["findings"]]
    assert [f["severity"] for f in found if f["check"] == "length"] == ["warning"]


def test_interactive_review_cannot_accept_an_entry_with_errors(dosing, l10n) -> None:  # noqa: F811
    l10n(dosing, "build")
    translate(dosing, only={"Take 20 mg before the session."})
    path = po_path(dosing, "es", ARTICLE)
    po = read(path)
    po.find("Take 20 mg before the session.").msgstr = "Tome 200 mg antes de la sesión."
    path.write_text(dump_po(po), "utf-8")
    s = Session(dosing, dict(os.environ), "-l", "es", "--by", "Ana", "--as", "linguist")
    shown = s.read_until(PROMPT)
    assert "error [numbers]" in shown and "a) accept" not in shown and "w) waive" not in shown
    s.answer("a")  # not a choice
    s.read_until(PROMPT)
    s.answer("s")
    assert s.finish() == 0
    assert "not signed: [numbers]" in s.seen and "review: 0 entries signed off" in s.seen
    assert not reviews(entries(dosing)["Take 20 mg before the session."])


def test_bulk_review_in_several_processes_writes_and_says_what_one_process_does(
    project, l10n, monkeypatch, tmp_path
) -> None:
    """The repository's five articles, translated with the source text: sequential vs shared."""
    other = tmp_path / "other"
    shutil.copytree(project, other)
    for root in (project, other):
        l10n(root, "build")
        for path in sorted((root / "locales" / "es" / "LC_MESSAGES").glob("*.po")):
            po = read(path)
            for e in po:
                e.msgstr = e.msgid
            path.write_text(dump_po(po), "utf-8")
    sequential = l10n(project, "review", "-l", "es", "--by", "A", "--as", "linguist", "--all")
    monkeypatch.setattr("l10n.project.PARALLEL_FROM", 2)
    monkeypatch.setattr("l10n.project.CHUNK", 2)  # more slices than processes
    parallel = l10n(other, "review", "-l", "es", "--by", "A", "--as", "linguist", "--all")
    assert parallel.code == sequential.code == 0
    assert parallel.out == sequential.out and sequential.out.count(": signed (linguist): ") > 50
    for path in sorted((project / "locales" / "es" / "LC_MESSAGES").glob("*.po")):
        twin = other / path.relative_to(project)
        assert twin.read_bytes() == path.read_bytes()
