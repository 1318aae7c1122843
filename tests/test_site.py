"""The published site: the source edition, indexes, language chooser, switcher, sitemap,
and previews and reports kept out of the publish root."""

from __future__ import annotations

import os
from pathlib import Path

import lxml.etree
import lxml.html
import polib
import pytest

from tests.test_pipeline import ARTICLE, configure_locales, po_path, translate_all

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "https://clinic.example/health/"

# The sitemap protocol 0.9 (sitemaps.org/schemas/sitemap/0.9/sitemap.xsd) with its
# extension point for xhtml:link alternates, as search engines read it.
SITEMAP_XSD = b"""<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" elementFormDefault="qualified">
  <xsd:element name="urlset">
    <xsd:complexType><xsd:sequence>
      <xsd:element ref="url" maxOccurs="unbounded"/>
    </xsd:sequence></xsd:complexType>
  </xsd:element>
  <xsd:element name="url">
    <xsd:complexType><xsd:sequence>
      <xsd:element name="loc" type="tLoc"/>
      <xsd:element name="lastmod" type="tLastmod" minOccurs="0"/>
      <xsd:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
    </xsd:sequence></xsd:complexType>
  </xsd:element>
  <xsd:simpleType name="tLoc">
    <xsd:restriction base="xsd:anyURI">
      <xsd:minLength value="12"/><xsd:maxLength value="2048"/>
    </xsd:restriction>
  </xsd:simpleType>
  <xsd:simpleType name="tLastmod">
    <xsd:union memberTypes="xsd:date xsd:dateTime"/>
  </xsd:simpleType>
</xsd:schema>
"""


def set_base_url(root: Path, url: str = BASE) -> None:
    cfg = root / "pyproject.toml"
    cfg.write_text(cfg.read_text() + f'base_url = "{url}"\n')


def head_links(page: Path) -> tuple[str, set[tuple[str, str]]]:
    tree = lxml.html.fromstring(page.read_bytes())
    canonical = [e.get("href") for e in tree.iter("link") if e.get("rel") == "canonical"]
    alternates = {
        (e.get("hreflang"), e.get("href")) for e in tree.iter("link") if e.get("rel") == "alternate"
    }
    return (canonical[0] if canonical else ""), alternates


def switcher(page: Path) -> list[tuple[str, str, bool]]:
    tree = lxml.html.fromstring(page.read_bytes())
    nav = next(tree.iter("nav"))
    return [(a.get("lang"), a.text_content(), a.get("aria-current") == "page") for a in nav.iter("a")]


@pytest.fixture
def site(project, l10n):  # type: ignore[no-untyped-def]
    """es translates (and publishes) one article; pt_BR and ar publish nothing yet."""
    configure_locales(project, "es", "pt_BR", "ar")
    assert l10n(project, "build").code == 0
    translate_all(po_path(project, "es"))
    r = l10n(project, "build")
    assert r.code == 0, r.err
    return project


def test_the_source_edition_is_published_with_the_same_template(site):
    out = site / "output"
    slugs = sorted(p.stem for p in (site / "source").glob("*.md"))
    assert sorted(p.stem for p in (out / "en").glob("*.html") if p.stem != "index") == slugs
    page = (out / "en" / f"{ARTICLE}.html").read_text("utf-8")
    assert '<html lang="en" dir="ltr">' in page
    assert 'class="l10n-notice"' not in page  # the source is not "partly in English"
    assert (out / "en" / f"{ARTICLE}.md").read_text("utf-8").count("lang: en") == 1
    es = (out / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert es.split("<style>")[1].split("</style>")[0] == page.split("<style>")[1].split("</style>")[0]


def test_switcher_names_every_published_edition_in_itself_and_marks_the_current(site):
    out = site / "output"
    assert switcher(out / "es" / f"{ARTICLE}.html") == [
        ("en", "English", False), ("es", "Español", True)
    ]
    assert switcher(out / "en" / f"{ARTICLE}.html") == [
        ("en", "English", True), ("es", "Español", False)
    ]
    # an article published only in the source language: the source edition alone
    assert switcher(out / "en" / "neuroplasticity-and-mental-health.html") == [
        ("en", "English", True)
    ]


def test_indexes_list_published_articles_translated_and_others_in_english(site):
    es = lxml.html.fromstring((site / "output" / "es" / "index.html").read_bytes())
    assert es.get("lang") == "es"
    items = {li.find("a").get("href"): li for li in es.iter("li")}
    mine = items[f"{ARTICLE}.html"]
    assert mine.get("lang") is None  # in the page's own language
    assert mine.find(".//time").text_content() == "9 de enero de 2020"  # localized date
    other = items["../en/neuroplasticity-and-mental-health.html"]
    assert other.get("lang") == "en" and other.find("a").get("hreflang") == "en"
    marker = other.find_class("l10n-untranslated")[0]
    assert marker.get("lang") == "es" and "aún no traducido" in marker.text_content()
    assert len(items) == len(list((site / "source").glob("*.md")))
    ar = lxml.html.fromstring((site / "output" / "ar" / "index.html").read_bytes())
    assert ar.get("dir") == "rtl" and all(li.get("dir") == "ltr" for li in ar.iter("li"))


def test_translated_title_and_description_come_from_reviewed_text_only(project, l10n):
    assert l10n(project, "build").code == 0
    translate_all(po_path(project, "es"), lambda e: "ES " + e.msgid)
    po = polib.pofile(str(po_path(project, "es")))
    title = next(e for e in po if e.comment == "front matter title")
    title.flags.append("fuzzy")  # a draft title is not published
    po.save()
    assert l10n(project, "build").code == 0
    es = lxml.html.fromstring((project / "output" / "es" / "index.html").read_bytes())
    link = next(a for a in es.iter("a") if a.get("href") == f"{ARTICLE}.html")
    assert link.text_content() == title.msgid
    assert any(p.text_content().startswith("ES ") for p in es.iter("p"))


def test_the_root_index_chooses_a_language(site):
    root = lxml.html.fromstring((site / "output" / "index.html").read_bytes())
    links = [(a.get("href"), a.get("lang"), a.text_content()) for a in root.iter("a")]
    assert links == [
        ("en/index.html", "en", "English"),
        ("es/index.html", "es", "Español"),
        ("pt-BR/index.html", "pt-BR", "Português (Brasil)"),
        ("ar/index.html", "ar", "العربية"),
    ]


def test_without_base_url_links_are_relative_and_there_is_no_sitemap(site):
    canonical, alternates = head_links(site / "output" / "es" / f"{ARTICLE}.html")
    assert canonical == ""
    assert alternates == {
        ("en", f"../en/{ARTICLE}.html"),
        ("es", f"../es/{ARTICLE}.html"),
        ("x-default", f"../en/{ARTICLE}.html"),
    }
    assert not (site / "output" / "sitemap.xml").exists()


def sitemap_urls(root: Path) -> dict[str, tuple[str, set[tuple[str, str]]]]:
    tree = lxml.etree.parse(str(root / "output" / "sitemap.xml"))
    lxml.etree.XMLSchema(lxml.etree.fromstring(SITEMAP_XSD)).assertValid(tree)
    found = {}
    for url in tree.getroot().iter(f"{SM}url"):
        loc = url.findtext(f"{SM}loc")
        assert loc not in found
        links = {(x.get("hreflang"), x.get("href")) for x in url.iter(f"{XHTML}link")}
        assert all(x.get("rel") == "alternate" for x in url.iter(f"{XHTML}link"))
        found[loc] = (url.findtext(f"{SM}lastmod") or "", links)
    return found


def test_sitemap_is_valid_and_agrees_with_every_page(site, l10n):
    set_base_url(site)
    assert l10n(site, "build").code == 0
    out = site / "output"
    urls = sitemap_urls(site)
    pages = [
        p for p in out.rglob("*.html") if p.parent != out and p.parent.name in ("en", "es")
    ] + list((out / "ar").glob("*.html")) + list((out / "pt-BR").glob("*.html"))
    assert {BASE + p.relative_to(out).as_posix() for p in pages} == set(urls)
    for page in pages:
        canonical, alternates = head_links(page)
        assert canonical == BASE + page.relative_to(out).as_posix()
        assert urls[canonical][1] == alternates, page
        assert (("en", canonical.replace(f"/{page.parent.name}/", "/en/"))) in alternates
        assert ("x-default", canonical.replace(f"/{page.parent.name}/", "/en/")) in alternates
        assert (page.parent.name, canonical) in alternates  # itself
    assert l10n(site, "build", "--check").code == 0


def test_lastmod_comes_from_dates_in_files_never_file_times(site, l10n):
    set_base_url(site)
    assert l10n(site, "build").code == 0
    urls = sitemap_urls(site)
    revised = polib.pofile(str(po_path(site, "es"))).metadata["PO-Revision-Date"][:10]
    assert urls[f"{BASE}es/{ARTICLE}.html"][0] == max("2020-01-09", revised)
    assert urls[f"{BASE}en/{ARTICLE}.html"][0] == "2020-01-09"  # the article's date
    before = (site / "output" / "sitemap.xml").read_bytes()
    for path in [*(site / "source").iterdir(), *(site / "locales").rglob("*.po")]:
        os.utime(path, (1e9, 1e9))  # a fresh clone: every file time changes
    assert l10n(site, "build").code == 0
    assert (site / "output" / "sitemap.xml").read_bytes() == before


def test_removing_base_url_removes_the_sitemap(site, l10n):
    cfg = site / "pyproject.toml"
    original = cfg.read_text()
    set_base_url(site)
    assert l10n(site, "build").code == 0
    assert (site / "output" / "sitemap.xml").is_file()
    cfg.write_text(original)
    r = l10n(site, "build")
    assert "removed output/sitemap.xml" in r.out
    assert not (site / "output" / "sitemap.xml").exists()


def test_build_check_covers_indexes_and_the_sitemap(site, l10n):
    set_base_url(site)
    assert l10n(site, "build").code == 0
    for name in ("es/index.html", "index.html", "sitemap.xml", f"en/{ARTICLE}.html"):
        path = site / "output" / name
        good = path.read_bytes()
        path.write_bytes(good + b" ")
        r = l10n(site, "build", "--check")
        assert r.code == 3 and f"output/{name}" in r.out + r.err, name
        path.write_bytes(good)
    assert l10n(site, "build", "--check").code == 0


@pytest.mark.parametrize("bad", ['"https://x.example/?a=1"', '"ftp://x.example/"', "3"])
def test_a_bad_base_url_is_a_configuration_error(project, l10n, bad):
    cfg = project / "pyproject.toml"
    cfg.write_text(cfg.read_text() + f"base_url = {bad}\n")
    r = l10n(project, "build")
    assert r.code == 2 and "base_url" in r.err and r.err.count("\n") == 1


def test_previews_and_reports_live_outside_the_publish_root(site, l10n):
    out = site / "output"
    (out / "_preview" / "es").mkdir(parents=True)
    (out / "_preview" / "es" / f"{ARTICLE}.html").write_text("old preview")
    (out / "_report").mkdir()
    (out / "_report" / "index.html").write_text("old report")
    translate_all(po_path(site, "pt_BR"), fuzzy=True)
    r = l10n(site, "render", "--include-fuzzy")
    assert r.code == 0, r.err
    assert "removed output/_preview/" in r.out and "removed output/_report/" in r.out
    assert not (out / "_preview").exists() and not (out / "_report").exists()
    assert (site / ".l10n" / "preview" / "pt-BR" / f"{ARTICLE}.html").is_file()
    assert l10n(site, "report").code == 0
    assert (site / ".l10n" / "report" / "index.html").is_file()
    assert (site / ".l10n" / ".gitignore").read_text() == "*\n"  # git-ignored by default
    assert not [p for p in out.rglob("*") if "_" in p.parts[-1][:1]]


def test_the_work_folder_is_configurable_and_never_inside_output(project, l10n):
    cfg = project / "pyproject.toml"
    original = cfg.read_text()
    cfg.write_text(original + 'work = "build/l10n"\n')
    assert l10n(project, "build").code == 0
    assert l10n(project, "report").code == 0
    assert (project / "build" / "l10n" / "report" / "index.html").is_file()
    cfg.write_text(original + 'work = "output/drafts"\n')
    r = l10n(project, "build")
    assert r.code == 2 and "work: must be outside the output folder" in r.err


def test_an_old_preview_folder_with_foreign_files_is_kept_and_named(site, l10n):
    (site / "output" / "_preview").mkdir()
    (site / "output" / "_preview" / "notes.txt").write_text("mine")
    r = l10n(site, "build")
    assert "output/_preview/: kept: it holds files l10n did not write" in r.out + r.err
    assert (site / "output" / "_preview" / "notes.txt").read_text() == "mine"


def test_slug_index_is_reserved(project, l10n):
    (project / "source" / "index.md").write_text("---\ntitle: Home\n---\n\nHello.\n")
    r = l10n(project, "build")
    assert r.code != 0 and "slug 'index' is reserved" in r.err


MIXED = """---
title: Mixed
date: 2024-05-01
---

# Mixed

First paragraph to translate.

Second paragraph left in English.

- item one translated
- item two in English

| Head | Other |
| --- | --- |
| cell translated | cell in English |

![Chart in English](chart.png)
"""


def test_units_in_english_say_so_with_lang_dir_and_a_class(project, l10n):
    configure_locales(project, "ar")
    for old in (project / "source").glob("*.md"):
        old.unlink()
    (project / "source" / "mixed.md").write_text(MIXED, "utf-8")
    (project / "source" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    cfg = project / "pyproject.toml"
    cfg.write_text(cfg.read_text().replace("threshold = 80", "threshold = 10"))
    assert l10n(project, "build").code == 0
    english = {"Second paragraph left in English.", "item two in English", "cell in English",
               "Chart in English"}
    translate_all(po_path(project, "ar", "mixed"))
    po = polib.pofile(str(po_path(project, "ar", "mixed")))
    for entry in po:
        if entry.msgid in english:
            entry.msgstr = ""
    po.save()
    assert l10n(project, "build").code == 0
    page = project / "output" / "ar" / "mixed.html"
    tree = lxml.html.fromstring(page.read_bytes())
    marked = {
        (el.tag, " ".join(el.text_content().split()) or el.get("alt"))
        for el in tree.find_class("l10n-fallback")
    }
    assert marked == {
        ("p", "Second paragraph left in English."), ("li", "item two in English"),
        ("td", "cell in English"), ("img", "Chart in English"),
    }
    for el in tree.find_class("l10n-fallback"):
        assert el.get("lang") == "en" and el.get("dir") == "ltr"  # the page is rtl
    notice = tree.find_class("l10n-notice")[0].text_content()
    assert "4 من 11" in notice  # 11 units: 10 entries, "Mixed" is both title and heading
    es_like = (project / "output" / "en" / "mixed.html").read_text("utf-8")
    assert 'class="l10n-fallback"' not in es_like  # the source edition is all source
