"""Links between articles follow the reader's language; outside links follow the locale's map."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_pipeline import po_path, translate_all

CONFIG = """[tool.l10n]
source = "source"
catalogs = "locales"
output = "output"
source_language = "en"
locales = ["es"]
threshold = 80
links = { es = { "https://medlineplus.gov/" = "https://medlineplus.gov/spanish/" } }
"""

ASTHMA = """---
title: Asthma
---

Read about [inhalers](inhalers.md#spacers) and [fever](/fever/).

See [MedlinePlus](https://medlineplus.gov/asthma.html) for more.
"""

INHALERS = """---
title: Inhalers
---

Inhalers help with [asthma](./asthma.md), not [fever][f] nor [a chart](chart.md).

[f]: /es/fever.html "Fever"
"""

FEVER = """---
title: Fever
---

Fever is common. Go back to [asthma](/en/asthma.html).
"""


def spanish(e: polib.POEntry) -> str:
    return "ES " + e.msgid


@pytest.fixture
def linked(tmp_path: Path, l10n):  # type: ignore[no-untyped-def]
    """asthma and inhalers are published in es; fever is held back (not translated)."""
    (tmp_path / "source").mkdir()
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in (("asthma", ASTHMA), ("inhalers", INHALERS), ("fever", FEVER)):
        (tmp_path / "source" / f"{name}.md").write_text(text, encoding="utf-8")
    assert l10n(tmp_path, "build").code == 0
    translate_all(po_path(tmp_path, "es", "asthma"), spanish)
    translate_all(po_path(tmp_path, "es", "inhalers"), spanish)
    r = l10n(tmp_path, "build")
    assert r.code == 0, r.err
    return tmp_path


def anchors(page: Path) -> dict[str, str | None]:
    tree = lxml.html.fromstring(page.read_bytes())
    body = [a for a in tree.find(".//main").iter("a") if a.getparent().tag != "nav"]
    return {a.get("href"): a.get("hreflang") for a in body}


def test_links_lead_to_the_readers_language_or_to_the_source_marked(linked):
    es = linked / "output" / "es"
    assert anchors(es / "asthma.html") == {
        "inhalers.html#spacers": None,
        "../en/fever.html": "en",
        "https://medlineplus.gov/spanish/asthma.html": None,
    }
    md = (es / "asthma.md").read_text("utf-8")
    assert "[ES inhalers](inhalers.html#spacers)" in md or "(inhalers.html#spacers)" in md
    assert "(../en/fever.html)" in md
    assert "(https://medlineplus.gov/spanish/asthma.html)" in md
    assert anchors(es / "inhalers.html") == {
        "asthma.html": None, "../en/fever.html": "en", "chart.md": None,
    }
    assert '[f]: ../en/fever.html "ES Fever"' in (es / "inhalers.md").read_text("utf-8")
    en = linked / "output" / "en"
    assert anchors(en / "asthma.html") == {
        "inhalers.html#spacers": None,
        "fever.html": None,
        "https://medlineplus.gov/asthma.html": None,
    }
    assert "(fever.html)" in (en / "asthma.md").read_text("utf-8")
    assert anchors(en / "fever.html") == {"asthma.html": None}


def test_a_publication_change_rebuilds_the_pages_that_link_to_it(linked, l10n):
    translate_all(po_path(linked, "es", "fever"), spanish)
    r = l10n(linked, "build")
    assert r.code == 0, r.err
    es = linked / "output" / "es"
    assert anchors(es / "asthma.html")["fever.html"] is None
    assert "(fever.html)" in (es / "asthma.md").read_text("utf-8")
    assert "output/es/asthma.html" in r.out + r.err
    assert l10n(linked, "build", "--check").code == 0
    po = po_path(linked, "es", "fever")  # held back again: the link goes back to English
    po.write_text(po.read_text("utf-8").replace('msgstr "ES ', 'msgstr "'), encoding="utf-8")
    translate_all(po, lambda e: "")
    assert l10n(linked, "build").code == 0
    assert anchors(es / "asthma.html")["../en/fever.html"] == "en"
    assert l10n(linked, "build", "--check").code == 0


def set_msgstr(po_file: Path, msgid_start: str, text: str) -> None:
    po = polib.pofile(str(po_file))
    entry = next(e for e in po if e.msgid.startswith(msgid_start))
    entry.msgstr = text
    po.save()


def link_errors(out: str) -> list[str]:
    return [ln for ln in out.splitlines() if any(k in ln for k in ("[markup]", "[urls]", "[structure]"))]


def test_a_translation_may_use_the_mapped_outside_target(linked, l10n):
    po = po_path(linked, "es", "asthma")
    set_msgstr(po, "See [MedlinePlus]", "Vea [MedlinePlus](https://medlineplus.gov/spanish/asthma.html).")
    r = l10n(linked, "check")
    assert "asthma.po" in r.out and link_errors(r.out) == []
    assert l10n(linked, "build").code == 0
    html = anchors(linked / "output" / "es" / "asthma.html")
    assert "https://medlineplus.gov/spanish/asthma.html" in html
    assert "https://medlineplus.gov/spanish/spanish/asthma.html" not in html
    md = (linked / "output" / "es" / "asthma.md").read_text("utf-8")
    assert "Vea [MedlinePlus](https://medlineplus.gov/spanish/asthma.html)." in md


def test_a_target_changed_by_hand_is_an_error_unless_the_map_allows_it(linked, l10n):
    po = po_path(linked, "es", "asthma")
    set_msgstr(po, "See [MedlinePlus]", "Vea [MedlinePlus](https://example.org/asma.html).")
    r = l10n(linked, "check")
    assert r.code != 0
    errors = link_errors(r.out)
    assert errors and all(ln.startswith("locales/es/LC_MESSAGES/asthma.po:") for ln in errors)
    assert any("https://example.org/asma.html" in ln for ln in errors)
    set_msgstr(po, "Read about", "Lea sobre [inhaladores](inhalers.html) y [fiebre](/fever/).")
    set_msgstr(po, "See [MedlinePlus]", "Vea [MedlinePlus](https://medlineplus.gov/asthma.html).")
    r = l10n(linked, "check")  # an article link's target changed by hand: an error too
    assert any("inhalers.html" in ln for ln in link_errors(r.out)), r.out


def test_a_bad_links_table_is_a_configuration_error(linked, l10n):
    cfg = linked / "pyproject.toml"
    cfg.write_text(CONFIG.replace('"https://medlineplus.gov/spanish/"', "3"), encoding="utf-8")
    r = l10n(linked, "build")
    assert r.code != 0
    assert "pyproject.toml:" in r.err and "links" in r.err


def test_a_build_shared_among_processes_links_the_same(linked, l10n, monkeypatch, tmp_path_factory):
    import shutil

    from l10n import project as project_module
    from tests.test_pipeline import snapshot

    translate_all(po_path(linked, "es", "fever"), spanish)
    serial = tmp_path_factory.mktemp("serial") / "project"
    shutil.copytree(linked, serial)
    assert l10n(serial, "build").code == 0
    monkeypatch.setattr(project_module, "_workers", lambda n: 2)
    monkeypatch.setattr(project_module, "CHUNK", 1)  # more slices than workers
    assert l10n(linked, "build").code == 0
    assert snapshot(linked) == snapshot(serial)
    assert anchors(linked / "output" / "es" / "asthma.html")["fever.html"] is None


def test_render_links_as_the_last_build_left_the_site(linked, l10n):
    page = linked / "output" / "es" / "asthma.html"
    built = page.read_bytes()
    page.unlink()
    r = l10n(linked, "render")
    assert r.code == 0, r.err
    assert page.read_bytes() == built


def test_an_article_added_or_removed_rebuilds_the_pages_that_name_it(linked, l10n):
    es = linked / "output" / "es"
    (linked / "source" / "chart.md").write_text("---\ntitle: Chart\n---\n\nA chart.\n", "utf-8")
    r = l10n(linked, "build")
    assert r.code == 0, r.err
    assert anchors(es / "inhalers.html")["../en/chart.html"] == "en"
    assert "[a chart](../en/chart.html)" in (es / "inhalers.md").read_text("utf-8")
    (linked / "source" / "fever.md").unlink()
    assert l10n(linked, "build").code == 0
    assert "/fever/" in anchors(es / "asthma.html")  # no such article: left as written
    assert l10n(linked, "build", "--check").code == 0


PATHS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_/.", max_size=30)


@given(PATHS, PATHS)
def test_check_reads_a_mapped_target_as_the_sources_and_nothing_else(path, other):
    from l10n.site.links import outside, unmap

    prefixes = {"https://medlineplus.gov/": "https://medlineplus.gov/spanish/"}
    source = f"https://medlineplus.gov/{path}"
    mapped = outside(source, prefixes)
    assert mapped == f"https://medlineplus.gov/spanish/{path}"
    msgid = f"See [MedlinePlus]({source})."
    assert unmap(msgid, f"Vea [MedlinePlus]({mapped}).", prefixes) == f"Vea [MedlinePlus]({source})."
    changed = f"Vea [MedlinePlus](https://example.org/{other})."
    assert unmap(msgid, changed, prefixes) == changed
