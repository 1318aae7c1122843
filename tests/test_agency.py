"""l10n xliff / tmx / glossary / analyze on a copy of the repository's project.

What users see: files written (or not, byte for byte), one-line refusals, exit codes,
and catalogs gettext still accepts.
"""

from __future__ import annotations

import http.server
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

import polib
import pytest
from lxml import etree
from translate.storage import tmx as tt_tmx

from l10n.formats import xliff
from tests.conftest import REPO

NS = {"x": xliff.NS2}
KETAMINE = "how-does-ketamine-work"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The repository's articles, catalogs (es reviewed) and glossary."""
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "locales").rglob("*"))
        if p.is_file()
    }


def export_all(l10n, site: Path) -> tuple[Path, etree._Element]:
    r = l10n(site, "xliff", "export", "-l", "es", "--all")
    assert r.code == 0, r.err
    path = site / ".l10n" / "agency" / "es.xlf"
    return path, etree.fromstring(path.read_bytes())


def save(root: etree._Element, path: Path) -> None:
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def unit_with(root: etree._Element, needle: str) -> etree._Element:
    for unit in root.iterfind(".//x:unit", NS):
        if needle in "".join(unit.find(".//x:source", NS).itertext()):
            return unit
    raise AssertionError(needle)


def test_export_all_then_import_untouched_changes_no_byte(l10n, site):
    before = snapshot(site)
    path, root = export_all(l10n, site)
    assert len(root.findall(".//x:unit", NS)) == 77
    assert {s.get("state") for s in root.iterfind(".//x:segment", NS)} == {"final"}
    r = l10n(site, "xliff", "import", str(path))
    assert r.code == 0, r.err
    assert "0 units imported, 77 units unchanged, 0 units stale, 0 units refused" in r.out
    assert snapshot(site) == before


def test_ids_are_stable_and_notes_tell_the_translator(l10n, site):
    _, first = export_all(l10n, site)
    _, second = export_all(l10n, site)
    ids = [u.get("id") for u in first.iterfind(".//x:unit", NS)]
    assert ids == [u.get("id") for u in second.iterfind(".//x:unit", NS)]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"u[0-9a-f]{12}", i) for i in ids)
    unit = unit_with(first, "from 70% to 85%")
    notes = {n.get("category"): n.text for n in unit.iterfind(".//x:note", NS)}
    assert notes["critical"] == "states a percentage"
    assert notes["reference"] == f"source/{KETAMINE}.md:9"
    assert "ketamine = ketamina" in [
        n.text for n in unit.iterfind(".//x:note", NS) if n.get("category") == "glossary"
    ]


def test_needed_holds_what_changed_with_the_guard_notes(l10n, site):
    article = site / "source" / f"{KETAMINE}.md"
    article.write_text(article.read_text("utf-8").replace("from 70% to 85%", "from 60% to 85%"))
    assert l10n(site, "update", "-l", "es").code == 0
    r = l10n(site, "xliff", "export", "-l", "es")
    assert r.code == 0 and "1 unit for es" in r.out
    root = etree.fromstring((site / ".l10n" / "agency" / "es.xlf").read_bytes())
    (unit,) = root.iterfind(".//x:unit", NS)
    categories = [n.get("category") for n in unit.iterfind(".//x:note", NS)]
    assert {"meaning-changed", "previous-source", "previous-translation", "critical"} <= set(
        categories
    )
    assert unit.find(".//x:target", NS) is None


def test_an_edited_unit_is_imported_as_translated_not_reviewed(l10n, site):
    path, root = export_all(l10n, site)
    unit = unit_with(root, "Ketamine is believed to be effective")
    target = unit.find(".//x:target", NS)
    target.text = "Se cree que la ketamina es eficaz porque es un antagonista. " + (target.text or "")
    save(root, path)
    po_path = site / "locales" / "es" / "LC_MESSAGES" / f"{KETAMINE}.po"
    before = snapshot(site)
    r = l10n(site, "xliff", "import", str(path))
    assert r.code == 0, r.out + r.err
    assert "1 unit imported, 76 units unchanged" in r.out
    changed = {k for k, v in snapshot(site).items() if before[k] != v}
    assert changed == {po_path.relative_to(site).as_posix()}
    (entry,) = [e for e in polib.pofile(str(po_path)) if e.msgstr.startswith("Se cree que la ketamina es eficaz porque es un antagonista. ")]
    first, *rest = entry.tcomment.splitlines()
    assert re.fullmatch(r"imported: es\.xlf, \d{4}-\d\d-\d\d", first)
    assert not any(line.startswith("reviewed:") for line in rest)
    assert "fuzzy" not in entry.flags
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], check=True)
    status = json.loads(l10n(site, "status", "-l", "es", "--format", "json").out)
    row = next(r for r in status if r["article"] == KETAMINE)
    assert row["entries"]["translated"] == 1


def _tamper(l10n, site, change) -> tuple[object, dict[str, bytes]]:
    path, root = export_all(l10n, site)
    change(root)
    save(root, path)
    before = snapshot(site)
    return l10n(site, "xliff", "import", str(path)), before


def _source_of(root, needle):
    return unit_with(root, needle).find(".//x:source", NS)


def _unwrap(target: etree._Element) -> None:
    """Drop the first paired code, keeping its text: the Markdown around it is lost."""
    code = target.find("x:pc", NS)
    target.text = (target.text or "") + "".join(code.itertext()) + (code.tail or "")
    target.remove(code)


TAMPERING = {
    "changed source": (
        lambda root: setattr(_source_of(root, "Numerous studies"), "text", "Changed. "),
        0, "stale: its source text differs from the current source",
    ),
    "unknown id": (
        lambda root: unit_with(root, "Numerous studies").set("id", "u000000000000"),
        0, "unit u000000000000 (how-does-ketamine-work): stale: not in the current template",
    ),
    "missing inline code": (
        lambda root: _unwrap(unit_with(root, "Blocking NMDA receptors").find(".//x:target", NS)),
        1, "refused: inline codes: inline code",
    ),
    "number changed": (
        lambda root: setattr(
            unit_with(root, "70% to 85%").find(".//x:target", NS), "text",
            unit_with(root, "70% to 85%").find(".//x:target", NS).text.replace("70", "60"),
        ),
        1, "refused: [numbers]",
    ),
}


@pytest.mark.parametrize("case", TAMPERING, ids=list(TAMPERING))
def test_tampered_units_are_named_and_nothing_is_written(l10n, site, case):
    change, code, message = TAMPERING[case]
    r, before = _tamper(l10n, site, change)
    assert r.code == code, r.out + r.err
    lines = [line for line in r.out.splitlines() if message in line]
    assert len(lines) == 1 and re.match(r"\S+\.xlf:\d+: unit u", lines[0]), r.out
    assert snapshot(site) == before


def test_a_code_moved_out_of_its_link_is_refused(l10n, site):
    article = site / "source" / f"{KETAMINE}.md"
    article.write_text(
        article.read_text("utf-8") + "\nRead [the **dosing** guide](https://x.org/g) first.\n"
    )
    assert l10n(site, "update", "-l", "es").code == 0
    assert l10n(site, "xliff", "export", "-l", "es").code == 0
    path = site / ".l10n" / "agency" / "es.xlf"
    root = etree.fromstring(path.read_bytes())
    unit = unit_with(root, "Read ")
    segment = unit.find(".//x:segment", NS)
    segment.set("state", "translated")
    target = etree.fromstring(
        f'<target xmlns="{xliff.NS2}">Lea <pc id="1">la guía</pc> de <pc id="2">dosis</pc>'
        " primero.</target>"
    )
    segment.append(target)
    save(root, path)
    before = snapshot(site)
    r = l10n(site, "xliff", "import", str(path))
    assert r.code == 1
    assert re.search(
        r"es\.xlf:\d+: unit u\w+ \(how-does-ketamine-work\): refused: inline codes: inline code 2"
        r" \(\*\*\.\.\.\*\*\) moved: it belongs inside inline code 1",
        r.out,
    ), r.out
    assert snapshot(site) == before
    target.clear()
    target.text = "Lea "
    link = etree.SubElement(target, f"{{{xliff.NS2}}}pc", id="1")
    link.text = "la guía de "
    etree.SubElement(link, f"{{{xliff.NS2}}}pc", id="2").text = "dosis"
    link.tail = " primero."
    save(root, path)
    r = l10n(site, "xliff", "import", str(path))
    assert r.code == 0 and "1 unit imported" in r.out
    po = polib.pofile(str(site / "locales" / "es" / "LC_MESSAGES" / f"{KETAMINE}.po"))
    entry = po.find("Read [the **dosing** guide](https://x.org/g) first.")
    assert entry.msgstr == "Lea [la guía de **dosis**](https://x.org/g) primero."


def test_strict_refuses_the_whole_file(l10n, site):
    path, root = export_all(l10n, site)
    good = unit_with(root, "Ketamine is believed").find(".//x:target", NS)
    good.text = "Texto nuevo. " + (good.text or "")
    unit_with(root, "Numerous studies").set("id", "u000000000000")
    save(root, path)
    before = snapshot(site)
    r = l10n(site, "xliff", "import", "--strict", str(path))
    assert r.code == 1 and r.err.count("\n") == 1 and "--strict: nothing imported" in r.err
    assert snapshot(site) == before


HOSTILE_FILES = {
    "another project": lambda data: data.replace(b'l10n:project="l10n"', b'l10n:project="other"'),
    "another locale": lambda data: data.replace(b'trgLang="es"', b'trgLang="fr"'),
    "external entity": lambda data: data.replace(
        b"?>\n", b'?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n', 1
    ),
    "wrong namespace": lambda data: data.replace(xliff.NS2.encode(), b"urn:x", 1),
    "100 MB": lambda data: data + b" " * (101 * 1024 * 1024),
}


@pytest.mark.parametrize("case", HOSTILE_FILES, ids=list(HOSTILE_FILES))
def test_a_file_level_failure_changes_nothing(l10n, site, case):
    path, _ = export_all(l10n, site)
    path.write_bytes(HOSTILE_FILES[case](path.read_bytes()))
    before = snapshot(site)
    r = l10n(site, "xliff", "import", str(path))
    assert r.code == 1 and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert re.match(r"\S*es\.xlf:\d+: ", r.err), r.err
    assert snapshot(site) == before


def test_xliff12_round_trip(l10n, site):
    before = snapshot(site)
    r = l10n(site, "xliff", "export", "-l", "es", "--all", "--format", "xliff12", "--split")
    assert r.code == 0, r.err
    files = sorted((site / ".l10n" / "agency" / "es").glob("*.xlf"))
    assert len(files) == 5
    assert etree.fromstring(files[0].read_bytes()).get("version") == "1.2"
    r = l10n(site, "xliff", "import", *map(str, files))
    assert r.code == 0 and "77 units unchanged" in r.out
    assert snapshot(site) == before


def test_tmx_export_and_import_feed_the_memory_engine(l10n, site):
    r = l10n(site, "tmx", "export", "-l", "es")
    assert r.code == 0 and "77 reviewed translations" in r.out
    store = tt_tmx.tmxfile.parsestring((site / ".l10n" / "agency" / "es.tmx").read_bytes())
    assert len(store.units) == 77
    memory = site / "client.tmx"
    memory.write_text(
        '<tmx version="1.4"><header srclang="en-US" creationtool="x" creationtoolversion="1"'
        ' segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Ketamine helps many people.</seg></tuv>'
        '<tuv xml:lang="es-ES"><seg>La ketamina ayuda a muchas personas.</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    r = l10n(site, "tmx", "import", str(memory), "-l", "es")
    assert r.code == 0 and "1 translation unit for es in locales/memory/es/client.tmx" in r.out
    article = site / "source" / f"{KETAMINE}.md"
    article.write_text(article.read_text("utf-8") + "\nKetamine helps many people.\n")
    assert l10n(site, "update", "-l", "es").code == 0
    r = l10n(site, "draft", "-l", "es", "--engine", "memory", "--article", KETAMINE)
    assert r.code == 0, r.out + r.err
    from l10n import notes

    po = polib.pofile(str(site / "locales" / "es" / "LC_MESSAGES" / f"{KETAMINE}.po"))
    entry = po.find("Ketamine helps many people.")
    assert entry.msgstr == "La ketamina ayuda a muchas personas." and "fuzzy" in entry.flags
    draft = notes.draft_of(notes.parse(entry.tcomment))
    assert draft is not None and draft.engine == "memory (100% match, from client.tmx)"


class _Recorder(http.server.BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_a_doctype_naming_a_dtd_is_accepted_and_the_dtd_never_fetched(l10n, site):
    """CAT tools write TMX and TBX with ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``: harmless,
    since no DTD is read; a DTD on a server the test starts is never asked for."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    dtd = f"http://127.0.0.1:{server.server_port}/tmx14.dtd"
    try:
        memory = site / "client.tmx"
        memory.write_text(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "{dtd}">\n'
            '<tmx version="1.4"><header srclang="en-US" creationtool="x" creationtoolversion="1"'
            ' segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>'
            '<tu><tuv xml:lang="en-US"><seg>Ketamine helps many people.</seg></tuv>'
            '<tuv xml:lang="es-ES"><seg>La ketamina ayuda a muchas personas.</seg></tuv></tu>'
            "</body></tmx>",
            encoding="utf-8",
        )
        r = l10n(site, "tmx", "import", str(memory), "-l", "es")
        assert r.code == 0 and "1 translation unit for es" in r.out, r.out + r.err
        l10n(site, "glossary", "export", "--format", "tbx")
        tbx_path = site / ".l10n" / "agency" / "glossary.tbx"
        data = tbx_path.read_bytes()
        head, _, rest = data.partition(b"?>")
        tbx_path.write_bytes(
            head + b'?>\n<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN"'
            + f' "{dtd}">'.encode() + rest
        )
        r = l10n(site, "glossary", "import", str(tbx_path))
        assert r.code == 0 and "0 terms added, 0 updated" in r.out, r.out + r.err
        # an entity the DTD would have to define is refused, and nothing is written
        memory.write_text(
            memory.read_text("utf-8").replace("many people.</seg></tuv><tuv", "&people;</seg></tuv><tuv"),
            encoding="utf-8",
        )
        before = snapshot(site)
        r = l10n(site, "tmx", "import", str(memory), "-l", "es")
        assert r.code == 1 and r.err == f"{memory}:3: entity references are not accepted\n", r.err
        assert snapshot(site) == before
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.asked == []


def test_glossary_tbx_round_trip_and_import(l10n, site):
    glossary = site / "locales" / "glossary.csv"
    before = glossary.read_bytes()
    r = l10n(site, "glossary", "export", "--format", "tbx")
    assert r.code == 0
    tbx_path = site / ".l10n" / "agency" / "glossary.tbx"
    r = l10n(site, "glossary", "import", str(tbx_path))
    assert r.code == 0 and "0 terms added, 0 updated" in r.out
    assert glossary.read_bytes() == before
    tbx_path.write_bytes(
        tbx_path.read_bytes().replace(
            b"</body>",
            b'<termEntry id="n1"><note>Do not translate</note><langSet xml:lang="en"><tig>'
            b"<term>Spravato</term></tig></langSet></termEntry>"
            b'<termEntry id="n2"><langSet xml:lang="en"><tig><term>infusion pump</term></tig>'
            b'</langSet><langSet xml:lang="es-ES"><tig><term>bomba de infusi\xc3\xb3n</term></tig>'
            b"</langSet></termEntry></body>",
        )
    )
    r = l10n(site, "glossary", "import", str(tbx_path))
    assert r.code == 0 and "2 terms added" in r.out
    rows = glossary.read_text("utf-8").splitlines()
    assert "Spravato,dnt,,,," in rows or any(r.startswith("Spravato,dnt,") for r in rows)
    assert any(r.startswith("infusion pump,term,bomba de infusión,") for r in rows)
    assert l10n(site, "check", "-l", "es").code in (0, 3, 4, 5)  # the glossary still parses


def test_analyze_bands_words_and_cost(l10n, project):
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text("utf-8")
        + '\n[tool.l10n.rates]\nnew = 0.10\nrepetition = 0.3\ncurrency = "USD"\n'
    )
    assert l10n(project, "update").code == 0
    r = l10n(project, "analyze", "-l", "es", "--format", "json")
    assert r.code == 0, r.err
    (es,) = json.loads(r.out)
    total = es["total"]
    bands = total["bands"]
    assert bands["exact"]["words"] == 0 and bands["new"]["words"] > 0
    assert total["words"] == sum(b["words"] for b in bands.values())
    weighted = bands["new"]["words"] + 0.3 * bands["repetition"]["words"]
    assert total["weighted_words"] == pytest.approx(weighted, abs=0.01)
    assert total["cost"] == pytest.approx(round(weighted * 0.10, 2), abs=0.01)
    assert len(es["articles"]) == 5
    csv_out = l10n(project, "analyze", "-l", "es", "--format", "csv").out.splitlines()
    assert csv_out[0].startswith("locale,article,repetition_segments")
    assert csv_out[-1].startswith("es,TOTAL,")
    text = l10n(project, "analyze", "-l", "es").out
    assert "no match" in text and "cost (USD)" in text


def test_bad_rates_are_a_configuration_error(l10n, project):
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text("utf-8") + "\n[tool.l10n.rates]\nfuzzy_75 = 7\n"
    )
    r = l10n(project, "analyze")
    assert r.code == 2 and "[tool.l10n.rates] " in r.err and r.err.count("\n") == 1


def test_every_subcommand_and_option_is_in_the_readme():
    import typer.main

    from l10n.cli import app

    readme = (REPO / "README.md").read_text("utf-8")
    root = typer.main.get_command(app)
    for group in ("xliff", "tmx", "glossary"):
        for name, command in root.commands[group].commands.items():  # type: ignore[attr-defined]
            assert command.help and f"`l10n {group} {name}" in readme
            for param in command.params:
                if param.param_type_name == "option":
                    assert param.help
                    assert all(o in readme for o in param.opts if o.startswith("--") and o != "--help")


def test_the_report_overview_shows_the_same_analysis(l10n, project):
    assert l10n(project, "update", "-l", "es").code == 0
    (es,) = json.loads(l10n(project, "analyze", "-l", "es", "--format", "json").out)
    assert l10n(project, "report", "-l", "es").code == 0
    page = etree.HTML((project / ".l10n" / "report" / "index.html").read_bytes())
    (table,) = page.iterfind('.//table[@class="analysis"]')
    total = table.findall(".//tr")[-1]
    cells = [c.text for c in total]
    assert cells[:3] == ["total", str(es["total"]["segments"]), str(es["total"]["words"])]


def test_provenance_fits_70_characters_and_names_the_file_only():
    from l10n.formats.agency import provenance

    assert provenance("/tmp/returns/es.xlf", "2026-03-04") == "imported: es.xlf, 2026-03-04"
    long = provenance("returns/" + "agency-return-" * 8 + "final.xlf", "2026-03-04")
    assert len("# " + long) == 70 and long.startswith("imported: agency-return-")
    assert long.endswith("final.xlf, 2026-03-04") and "…" in long


def test_translator_comments_stay_and_obsolete_entries_stay_obsolete(l10n, site):
    po_path = site / "locales" / "es" / "LC_MESSAGES" / f"{KETAMINE}.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid.startswith("Ketamine is believed"))
    entry.tcomment = "Ask Dr. Ruiz about the receptor name\n" + entry.tcomment
    from l10n.formats.pofile import dump_po

    po_path.write_text(dump_po(po), "utf-8")
    path, root = export_all(l10n, site)
    target = unit_with(root, "Ketamine is believed").find(".//x:target", NS)
    target.text = "Se piensa que " + target.text
    save(root, path)
    # the article loses its first paragraph: its entry goes obsolete before the import
    article = site / "source" / f"{KETAMINE}.md"
    text = article.read_text("utf-8")
    paragraph = next(p for p in text.split("\n\n") if p.startswith("Ketamine infusion treatments"))
    article.write_text(text.replace(paragraph + "\n\n", ""))
    assert l10n(site, "update", "-l", "es").code == 0
    r = l10n(site, "xliff", "import", str(path))
    assert r.code == 0 and "1 unit imported" in r.out and "1 unit stale" in r.out
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid.startswith("Ketamine is believed"))
    assert entry.tcomment.splitlines()[:2] == [
        entry.tcomment.splitlines()[0], "Ask Dr. Ruiz about the receptor name"
    ]
    assert entry.tcomment.startswith("imported: es.xlf, ")
    gone = [e for e in po if e.msgid == paragraph.replace("\n", " ") or e.msgid == paragraph]
    assert gone and all(e.obsolete for e in gone)


def test_a_return_shared_among_processes_gives_the_same_result(l10n, site, monkeypatch):
    from l10n import project as project_module

    path, root = export_all(l10n, site)
    target = unit_with(root, "Ketamine is believed").find(".//x:target", NS)
    target.text = "Se piensa que " + target.text
    unit_with(root, "Numerous studies").set("id", "u000000000000")
    save(root, path)
    serial_site = site.parent / "serial"
    shutil.copytree(site, serial_site)
    serial = l10n(serial_site, "xliff", "import", str(serial_site / ".l10n/agency/es.xlf"))
    monkeypatch.setattr(project_module, "_workers", lambda n: 2)
    monkeypatch.setattr(project_module, "CHUNK", 1)  # more slices than workers
    shared = l10n(site, "xliff", "import", str(site / ".l10n/agency/es.xlf"))
    assert shared.code == serial.code == 0
    assert shared.out.replace(str(site), "") == serial.out.replace(str(serial_site), "")
    assert snapshot(site) == snapshot(serial_site)


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_an_import_read_by_typer_does_what_the_short_route_does(l10n, site, strict):
    """``xliff import FILE... [--strict]`` runs without Typer; any other command line
    (here ``--`` before the file) goes through Typer: same output, exit code and files."""
    path, root = export_all(l10n, site)
    target = unit_with(root, "Ketamine is believed").find(".//x:target", NS)
    target.text = "Se piensa que " + target.text
    _unwrap(unit_with(root, "Blocking NMDA receptors").find(".//x:target", NS))
    unit_with(root, "Numerous studies").set("id", "u000000000000")
    save(root, path)
    typer_site = site.parent / f"{site.name}-typer"
    shutil.copytree(site, typer_site)
    flags = ["--strict"] if strict else []
    short = l10n(site, "xliff", "import", str(path), *flags)
    typer_path = typer_site / ".l10n" / "agency" / "es.xlf"
    read = l10n(typer_site, "xliff", "import", *flags, "--", str(typer_path))
    assert short.code == read.code != 0
    said = "--strict: nothing imported" if strict else "refused: inline codes"
    assert said in short.out + short.err
    assert (short.out + short.err).replace(str(site), "") == (
        read.out + read.err
    ).replace(str(typer_site), "")
    assert snapshot(site) == snapshot(typer_site)


MALFORMED_UNITS = {
    "no id": (lambda unit: unit.attrib.pop("id"), "<unit> has no id attribute"),
    "no source": (
        lambda unit: unit.find("x:segment", NS).remove(unit.find(".//x:source", NS)),
        "has a segment without <source>",
    ),
}


@pytest.mark.parametrize("shared", [False, True], ids=["one process", "shared"])
@pytest.mark.parametrize("case", MALFORMED_UNITS, ids=list(MALFORMED_UNITS))
def test_a_malformed_unit_is_one_line_and_nothing_is_written(l10n, site, monkeypatch, case, shared):
    """A unit the format cannot carry, in the last article, stops the whole import
    (shared among processes too): no catalog changes, nothing staged is left."""
    path, root = export_all(l10n, site)
    for unit in root.iterfind(".//x:unit", NS):  # every article gets a new translation
        target = unit.find(".//x:target", NS)
        if target is not None and not len(target):
            target.text = "Texto nuevo. " + (target.text or "")
    files = root.findall("x:file", NS)
    bad = files[-1].find(".//x:unit", NS)  # in the last article, after the others are staged
    change, message = MALFORMED_UNITS[case]
    line = (bad if case == "no id" else bad.find("x:segment", NS)).sourceline
    change(bad)
    save(root, path)
    before = snapshot(site)
    if shared:
        _share_among_processes(monkeypatch)
    r = l10n(site, "xliff", "import", str(path))
    assert r.code == 1 and r.err.count("\n") == 1 and message in r.err, r.out + r.err
    assert re.match(rf"\S*es\.xlf:{line}: ", r.err), r.err
    assert snapshot(site) == before
    folder = site / "locales" / "es" / "LC_MESSAGES"
    assert not list(folder.glob(".*.tmp"))


def _share_among_processes(monkeypatch) -> None:
    from l10n import project as project_module

    monkeypatch.setattr(project_module, "_workers", lambda n: 2)
    monkeypatch.setattr(project_module, "CHUNK", 1)  # more slices than workers


@pytest.mark.parametrize("shared", [False, True], ids=["one process", "shared"])
def test_a_sentence_in_two_articles_gets_each_translation_its_own_verdict(
    l10n, site, monkeypatch, shared
):
    text = (site / "source" / f"{KETAMINE}.md").read_text("utf-8")
    (site / "source" / "ketamine-again.md").write_text(
        text.replace(f"slug: {KETAMINE}", "slug: ketamine-again"), "utf-8"
    )
    assert l10n(site, "extract").code == 0
    assert l10n(site, "update").code == 0
    path, root = export_all(l10n, site)
    by_article = {
        f.get(f"{{{xliff.NS_L10N}}}article"): {
            "".join(u.find(".//x:source", NS).itertext()): u for u in f.iterfind(".//x:unit", NS)
        }
        for f in root.iterfind("x:file", NS)
    }
    first, again = by_article[KETAMINE], by_article["ketamine-again"]
    plain = [s for s, u in first.items() if not len(u.find(".//x:source", NS)) and s in again]
    bad, good, mixed = plain[:3]

    def translate(unit: etree._Element, text: str) -> None:
        segment = unit.find("x:segment", NS)
        segment.set("state", "translated")
        target = segment.find("x:target", NS)
        if target is None:
            target = etree.SubElement(segment, f"{{{xliff.NS2}}}target")
        target.text = text

    translation = {s: first[s].find(".//x:target", NS).text for s in (bad, good, mixed)}
    for articles in (first, again):
        translate(articles[bad], translation[bad] + " 5 mg")
        translate(articles[good], "Texto nuevo. " + translation[good])
    translate(first[mixed], "Texto nuevo. " + translation[mixed])
    translate(again[mixed], translation[mixed] + " 5 mg")
    save(root, path)
    if shared:
        _share_among_processes(monkeypatch)
    r = l10n(site, "xliff", "import", str(path))
    assert r.code == 1
    refused = re.findall(r"unit \S+ \((\S+)\): refused: \[numbers\]", r.out)
    assert sorted(refused) == sorted([KETAMINE, "ketamine-again", "ketamine-again"])
    assert "3 units imported" in r.out and "3 units refused" in r.out
    for slug in (KETAMINE, "ketamine-again"):
        po = polib.pofile(str(site / "locales" / "es" / "LC_MESSAGES" / f"{slug}.po"))
        got = {e.msgid: e.msgstr for e in po if not e.obsolete}
        assert got[good] == "Texto nuevo. " + translation[good]
        assert got[bad] == (translation[bad] if slug == KETAMINE else "")
        assert got[mixed] == ("Texto nuevo. " + translation[mixed] if slug == KETAMINE else "")


def _break_another_catalog(site: Path) -> None:
    other = site / "locales" / "es" / "LC_MESSAGES" / "neuroplasticity-and-mental-health.po"
    other.write_bytes(other.read_bytes() + b'\nmsgid "unterminated\n')


@pytest.mark.parametrize(
    "case", ["--strict refusal", "a broken catalog", "--strict refusal, linked catalog"]
)
def test_a_return_shared_among_processes_leaves_nothing_behind_when_refused(
    l10n, site, monkeypatch, case
):
    path, root = export_all(l10n, site)
    target = unit_with(root, "Ketamine is believed").find(".//x:target", NS)
    target.text = "Se piensa que " + target.text  # imported: staged by its process
    unit_with(root, "Numerous studies").set("id", "u000000000000")
    save(root, path)
    args = ["--strict"] if case.startswith("--strict") else []
    if case == "a broken catalog":
        _break_another_catalog(site)
    elsewhere = site / "locales" / "linked"
    if case.endswith("linked catalog"):
        catalog = site / "locales" / "es" / "LC_MESSAGES" / f"{KETAMINE}.po"
        elsewhere.mkdir()
        (elsewhere / catalog.name).write_bytes(catalog.read_bytes())
        catalog.unlink()
        catalog.symlink_to(elsewhere / catalog.name)
    before = snapshot(site)  # hidden temporary files in locales/ count too
    _share_among_processes(monkeypatch)
    r = l10n(site, "xliff", "import", *args, str(path))
    assert r.code == 1 and r.err.count("\n") == 1 and "Traceback" not in r.err, r.err
    expected = "--strict: nothing imported" if args else "neuroplasticity-and-mental-health.po:"
    assert expected in r.err
    assert snapshot(site) == before
    if case.endswith("linked catalog"):  # and an accepted return writes through the link
        r = l10n(site, "xliff", "import", str(path))
        assert r.code == 0 and "1 unit imported" in r.out, r.out + r.err
        catalog = site / "locales" / "es" / "LC_MESSAGES" / f"{KETAMINE}.po"
        assert catalog.is_symlink() and "Se piensa que" in (elsewhere / catalog.name).read_text()
        assert sorted(p.name for p in elsewhere.iterdir()) == [catalog.name]


@pytest.mark.parametrize(
    ("command", "data", "message"),
    [
        (
            "tmx",
            (
                b'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "http://127.0.0.1:9/">]>\n'
                b'<tmx version="1.4"><header srclang="en"/><body>&x;</body></tmx>'
            ),
            "m.tmx:2: a DOCTYPE with declarations or an entity declaration is not accepted",
        ),
        (
            "tmx", b'<tmx version="2.0"><header srclang="en"/><body/></tmx>',
            "m.tmx:1: TMX version 2.0 is not 1.1 to 1.4",
        ),
        (
            "glossary",
            b'<martif xmlns="urn:wrong" type="TBX-Basic"><text><body/></text></martif>',
            "m.tmx:1: root element is <martif> in namespace urn:wrong",
        ),
    ],
)
def test_hostile_memories_and_termbases_change_nothing(l10n, site, command, data, message):
    (site / "m.tmx").write_bytes(data)
    before = snapshot(site)
    r = l10n(site, command, "import", "m.tmx")
    assert r.code == 1 and r.err.startswith(message) and r.err.count("\n") == 1, r.err
    assert snapshot(site) == before


def test_what_a_killed_import_staged_is_removed_by_the_next(l10n, site):
    path, root = export_all(l10n, site)
    target = unit_with(root, "Ketamine is believed").find(".//x:target", NS)
    target.text = "Se piensa que " + target.text
    save(root, path)
    before = snapshot(site)
    # an import killed after staging its catalogs, before renaming any into place
    killed = (
        "import os, signal, sys\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from l10n.entry import main\n"
        "sys.argv = ['l10n', 'xliff', 'import', sys.argv[1]]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", killed, str(path)], cwd=site, check=False)
    assert done.returncode == -signal.SIGKILL
    folder = site / "locales" / "es" / "LC_MESSAGES"
    left = sorted(p.name for p in folder.glob(".*.tmp"))
    assert left and all(".import-" in name for name in left)
    assert {k: v for k, v in snapshot(site).items() if "/." not in k} == before  # nothing applied
    # another import at work (a live process) keeps what it staged
    busy = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = folder / f".{KETAMINE}.po.import-{busy.pid}-0a1b2c3d.tmp"
        theirs.write_bytes(b"being written")
        r = l10n(site, "xliff", "import", str(path))
        assert r.code == 0 and "1 unit imported" in r.out, r.out + r.err
        assert sorted(p.name for p in folder.glob(".*.tmp")) == [theirs.name]
    finally:
        busy.kill()
        busy.wait()
    assert "Se piensa que" in (folder / f"{KETAMINE}.po").read_text("utf-8")


def _built_and_edited(l10n, site: Path) -> Path:
    """A built site's Spanish hand-off with one unit's translation edited."""
    assert l10n(site, "build").code == 0
    path, root = export_all(l10n, site)
    unit = unit_with(root, "Ketamine is believed to be effective")
    target = unit.find(".//x:target", NS)
    target.text = "Se cree que la ketamina es eficaz. " + (target.text or "")
    save(root, path)
    return path


def test_after_a_build_a_catalog_serves_as_its_template_and_imports_alike(l10n, site):
    path = _built_and_edited(l10n, site)
    r = l10n(site, "xliff", "import", str(path))
    assert r.code == 0, r.out + r.err
    assert "1 unit imported, 76 units unchanged, 0 units stale, 0 units refused" in r.out


def test_a_template_edited_since_the_build_is_read_and_its_changed_unit_is_stale(l10n, site):
    path = _built_and_edited(l10n, site)
    pot = site / "locales" / f"{KETAMINE}.pot"  # edited by hand, no build since
    text = pot.read_text("utf-8")
    assert text.count("Ketamine is believed to be effective") == 1
    pot.write_text(text.replace("Ketamine is believed to be effective", "Ketamine is thought to be effective"), "utf-8")
    catalog = site / "locales" / "es" / "LC_MESSAGES" / f"{KETAMINE}.po"
    before = catalog.read_bytes()
    r = l10n(site, "xliff", "import", str(path))
    assert "0 units imported" in r.out and "1 unit stale" in r.out, r.out + r.err
    assert catalog.read_bytes() == before
