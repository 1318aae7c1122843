"""What the source folder may hold and what a build publishes from it, as a user sees it.

Pages: one <h1>, images published next to the page (localized ones first), BCP 47 names.
Sources: .MD files, subfolders and special files, symlinked catalogs, front matter and
control characters, articles with nothing to translate, an emptied source folder,
templates and catalogs whose article is gone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.site.assets import variants
from tests.test_pipeline import ARTICLE, po_path, translate_all

PNG = b"\x89PNG\r\n\x1a\n"


def write_article(root: Path, name: str, text: str) -> Path:
    path = root / "source" / name
    path.write_text(text, "utf-8")
    return path


def files(root: Path) -> dict[str, bytes]:
    """Every file l10n may write (not the sources), with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.parts[len(root.parts)] != "source"
        and p.name != "pyproject.toml"
    }


def publish(root: Path, l10n, slug: str, *locales: str) -> None:  # type: ignore[no-untyped-def]
    """Build, translate ``slug`` in each locale (text kept, signed off), render."""
    assert l10n(root, "build").code == 0
    for code in locales:
        translate_all(po_path(root, code, slug))
    r = l10n(root, "render")
    assert r.code == 0, r.err


def h1s(page: Path) -> list[str]:
    tree = lxml.html.fromstring(page.read_bytes())
    return [" ".join(h.text_content().split()) for h in tree.iter("h1")]


# --- pages: one <h1> -------------------------------------------------------------------


def test_an_article_with_its_own_heading_gets_one_h1(project, l10n):
    write_article(
        project, "own.md",
        "---\ntitle: Ketamine and you\nslug: own\n---\n\n# Ketamine and you: a guide\n\n"
        "Text of the guide.\n\n## Before the session\n\nEat lightly.\n",
    )
    publish(project, l10n, "own", "es")
    page = project / "output" / "es" / "own.html"
    assert h1s(page) == ["Ketamine and you: a guide"]
    tree = lxml.html.fromstring(page.read_bytes())
    assert [h.text_content() for h in tree.iter("h2")] == ["Before the session"]
    assert tree.findtext(".//title") == "Ketamine and you"  # the title stays the document's


def test_a_level_one_heading_further_down_is_shown_a_level_lower(project, l10n):
    write_article(
        project, "late.md",
        "---\ntitle: Late heading\nslug: late\n---\n\nIntro text.\n\n# Part one\n\n"
        "Body.\n\n## Detail\n\nMore.\n",
    )
    publish(project, l10n, "late", "es")
    tree = lxml.html.fromstring((project / "output" / "es" / "late.html").read_bytes())
    assert [h.text_content() for h in tree.iter("h1")] == ["Late heading"]
    assert [h.text_content() for h in tree.iter("h2")] == ["Part one"]
    assert [h.text_content() for h in tree.iter("h3")] == ["Detail"]


def test_an_article_without_h1_keeps_its_title_as_the_one_h1(project, l10n):
    publish(project, l10n, ARTICLE, "es")
    assert h1s(project / "output" / "es" / f"{ARTICLE}.html") == ["How does Ketamine Work"]


# --- pages: images -----------------------------------------------------------------------

IMAGES = (
    "---\ntitle: Charts\nslug: charts\n---\n\nThe dose chart:\n\n"
    '![Dose chart](img/chart.png "Doses")\n\nSee also ![the scale][scale] inline.\n\n'
    "Remote ![logo](https://example.org/logo.png) stays.\n\n[scale]: scale.png\n"
)


@pytest.fixture
def charts(project: Path) -> Path:
    write_article(project, "charts.md", IMAGES)
    (project / "source" / "img").mkdir()
    for name, data in {
        "img/chart.png": b"en", "img/chart.pt-BR.png": b"pt-BR", "img/chart.pt.png": b"pt",
        "scale.png": PNG, "scale.es.png": b"es",
    }.items():
        (project / "source" / name).write_bytes(data)
    return project


def test_images_are_published_next_to_the_page_localized_first(charts, l10n):
    publish(charts, l10n, "charts", "es", "pt_BR")
    out = charts / "output"
    assert (out / "pt-BR" / "img" / "chart.pt-BR.png").read_bytes() == b"pt-BR"
    assert (out / "pt-BR" / "scale.png").read_bytes() == PNG
    assert (out / "es" / "img" / "chart.png").read_bytes() == b"en"
    assert (out / "es" / "scale.es.png").read_bytes() == b"es"
    assert not (out / "es" / "logo.png").exists()

    for code, chart, scale in (("pt-BR", "img/chart.pt-BR.png", "scale.png"),
                               ("es", "img/chart.png", "scale.es.png")):
        tree = lxml.html.fromstring((out / code / "charts.html").read_bytes())
        sources = [img.get("src") for img in tree.iter("img")]
        assert sources == [chart, scale, "https://example.org/logo.png"]
        for src in sources[:2]:  # every reference resolves from the page's folder
            assert (out / code / src).is_file()
        md = (out / code / "charts.md").read_text("utf-8")
        assert f"]({chart} " in md and f"]: {scale}" in md
    assert "img/chart.png" not in (out / "pt-BR" / "charts.md").read_text("utf-8")


def test_a_changed_or_new_image_file_is_published_by_the_next_build(charts, l10n):
    publish(charts, l10n, "charts", "es", "pt_BR")
    assert "build: nothing to change" in l10n(charts, "build").out
    (charts / "source" / "img" / "chart.png").write_bytes(b"en, corrected")
    (charts / "source" / "img" / "chart.es.png").write_bytes(b"es chart")
    r = l10n(charts, "build")
    assert r.code == 0
    assert "wrote output/es/img/chart.es.png" in r.out
    assert 'src="img/chart.es.png"' in (charts / "output" / "es" / "charts.html").read_text()
    (charts / "source" / "img" / "chart.pt-BR.png").write_bytes(b"pt-BR, corrected")
    assert "wrote output/pt-BR/img/chart.pt-BR.png" in l10n(charts, "build").out
    assert (charts / "output" / "pt-BR" / "img" / "chart.pt-BR.png").read_bytes() == (
        b"pt-BR, corrected"
    )


def test_an_image_falls_back_to_the_language_then_the_source_file(charts, l10n):
    (charts / "source" / "img" / "chart.pt-BR.png").unlink()
    publish(charts, l10n, "charts", "pt_BR")
    page = (charts / "output" / "pt-BR" / "charts.html").read_text("utf-8")
    assert 'src="img/chart.pt.png"' in page
    assert (charts / "output" / "pt-BR" / "img" / "chart.pt.png").read_bytes() == b"pt"
    assert variants("a/b.c.png", "zh_Hant_TW") == [
        "a/b.c.zh-Hant-TW.png", "a/b.c.zh-Hant.png", "a/b.c.zh.png", "a/b.c.png"
    ]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("img/none.png", "image 'img/none.png' not found: no file source/img/none.png"),
        ("../secret.png", "image '../secret.png' is outside source/"),
    ],
)
def test_an_image_that_is_missing_or_outside_the_source_is_one_line(project, l10n, target, message):
    write_article(project, "bad.md", f"---\ntitle: Bad\n---\n\nText.\n\n![A chart]({target})\n")
    r = l10n(project, "build")
    assert r.code == 1
    assert r.err.startswith(f"source/bad.md:7: {message}")


# --- BCP 47 ------------------------------------------------------------------------------


def test_published_names_are_bcp47_and_the_old_folder_is_retired(project, l10n):
    assert l10n(project, "build").code == 0
    for code in ("es", "pt_BR"):
        translate_all(po_path(project, code))
    old = project / "output" / "pt_BR"
    old.mkdir(parents=True)
    for name in (f"{ARTICLE}.html", f"{ARTICLE}.md"):  # as an earlier version wrote them
        (old / name).write_text("old page", "utf-8")
    assert l10n(project, "build", "--check").code == 3
    r = l10n(project, "build")
    assert r.code == 0
    assert f"removed output/pt_BR/{ARTICLE}.html" in r.out
    assert "removed output/pt_BR/: pages are now in output/pt-BR/ (BCP 47)" in r.err
    assert not old.exists()
    html = (project / "output" / "pt-BR" / f"{ARTICLE}.html").read_text("utf-8")
    md = (project / "output" / "pt-BR" / f"{ARTICLE}.md").read_text("utf-8")
    assert '<html lang="pt-BR"' in html and "\nlang: pt-BR\n" in md
    es = (project / "output" / "es" / f"{ARTICLE}.html").read_text("utf-8")
    assert f'hreflang="pt-BR" href="../pt-BR/{ARTICLE}.html"' in es
    assert po_path(project, "pt_BR").is_file()  # catalogs keep gettext's name
    assert l10n(project, "build", "--check").code == 0


def test_the_old_folder_keeps_files_l10n_did_not_write(project, l10n):
    old = project / "output" / "pt_BR"
    old.mkdir(parents=True)
    (old / f"{ARTICLE}.html").write_text("old page", "utf-8")
    (old / "notes.html.bak").write_text("someone's notes", "utf-8")
    (old / "about.html").write_text("a page of the website", "utf-8")
    r = l10n(project, "build")
    assert r.code == 0
    assert sorted(p.name for p in old.iterdir()) == ["about.html", "notes.html.bak"]
    assert "output/pt_BR/: kept: it holds files l10n did not write" in r.err


# --- the source folder -------------------------------------------------------------------


def test_md_in_capitals_is_an_article_and_subfolders_are_named(project, l10n):
    write_article(project, "Intro.MD", "---\ntitle: Intro\nslug: intro\n---\n\nWelcome.\n")
    (project / "source" / "drafts").mkdir()
    write_article(project, "drafts/later.md", "---\ntitle: Later\n---\n\nLater.\n")
    r = l10n(project, "build")
    assert r.code == 0
    assert (project / "locales" / "intro.pot").is_file()
    assert not (project / "locales" / "later.pot").exists()
    assert r.err.splitlines().count("source/drafts/: skipped: articles in subfolders are not read") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_an_article_is_skipped_not_waited_on(project):
    os.mkfifo(project / "source" / "x.md")
    run = subprocess.run(
        [sys.executable, "-m", "l10n", "build"],
        check=False, cwd=project, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "source/x.md: skipped: not a regular file" in run.stderr
    assert (project / "locales" / f"{ARTICLE}.pot").is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("where", ["catalog", "template"])
def test_a_fifo_named_like_a_catalog_is_an_error_not_a_hang(project, l10n, where):
    assert l10n(project, "build").code == 0
    path = po_path(project, "es") if where == "catalog" else project / "locales" / f"{ARTICLE}.pot"
    path.unlink()
    os.mkfifo(path)
    run = subprocess.run(
        [sys.executable, "-m", "l10n", "build"],
        check=False, cwd=project, capture_output=True, text=True, timeout=120,
    )
    rel = path.relative_to(project).as_posix()
    assert run.returncode in (1, 7), run.stderr
    assert f"{rel}: " in run.stderr and "not a regular file" in run.stderr
    assert "Traceback" not in run.stderr
    assert path.exists() and not path.is_file()  # left alone, not replaced


def test_a_symlinked_catalog_is_written_through_its_link(project, l10n):
    assert l10n(project, "build").code == 0
    link = po_path(project, "es")
    shared = project / "shared" / "es.po"
    shared.parent.mkdir()
    link.rename(shared)
    link.symlink_to(os.path.relpath(shared, link.parent))
    article = project / "source" / f"{ARTICLE}.md"
    article.write_text(article.read_text("utf-8") + "\nA new closing line.\n", "utf-8")
    r = l10n(project, "build")
    assert r.code == 0
    assert link.is_symlink()
    assert 'msgid "A new closing line."' in shared.read_text("utf-8")
    assert not list(link.parent.glob(".*.tmp"))


# --- front matter and control characters --------------------------------------------------


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: T\ndate: next tuesday\n",
         "source/x.md:3: front matter 'date' 'next tuesday' is not a date (expected YYYY-MM-DD)"),
        ("title: T\nslug: x\ntitle: U\n",
         "source/x.md:4: front matter key 'title' is given twice (first at line 2)"),
        ("title: T\x00NUL\n", "source/x.md:2: control character U+0000"),
        ("title: T\n", "source/x.md:8: control character U+0004"),
    ],
    ids=["date", "duplicate-key", "nul-in-title", "control-in-body"],
)
def test_bad_front_matter_or_control_characters_are_one_line_and_nothing_is_written(
    project, l10n, front, message
):
    body = "Fine\ttabs and\r\nCR LF.\n\nDo not \x04 this.\n" if "U+0004" in message else "Text.\n"
    (project / "source" / "x.md").write_bytes(f"---\n{front}---\n\n{body}".encode())
    before = files(project)
    for command in ("build", "extract", "render", "status"):
        r = l10n(project, command)
        assert (r.code, r.err) == (1, message + "\n"), command
    assert files(project) == before == {}


def test_tabs_and_line_ends_are_not_control_characters(project, l10n):
    (project / "source" / "x.md").write_bytes(
        b"---\r\ntitle: T\r\ndate: 2024-05-01\r\n---\r\n\r\nA\ttab.\r\n"
    )
    assert l10n(project, "build").code == 0


# --- an article with nothing to translate -------------------------------------------------


def test_an_article_with_nothing_to_translate_has_no_catalog_and_is_published(project, l10n):
    write_article(project, "code.md", "---\nslug: code\n---\n\n```\nl10n build\n```\n")
    r = l10n(project, "build")
    assert r.code == 0, r.err
    assert not (project / "locales" / "code.pot").exists()
    assert not po_path(project, "es", "code").exists()
    assert "l10n build" in (project / "output" / "es" / "code.html").read_text("utf-8")
    assert l10n(project, "build", "--check").code == 0
    assert "code [es]" not in l10n(project, "status").out


def test_a_catalog_of_an_article_that_lost_its_text_keeps_its_work_and_msgcat_keeps_it(
    project, l10n
):
    path = write_article(project, "once.md", "---\nslug: once\n---\n\nSome text.\n")
    assert l10n(project, "build").code == 0
    translate_all(po_path(project, "es", "once"), lambda e: "Algún texto.")
    path.write_text("---\nslug: once\n---\n\n```\ncode only\n```\n", "utf-8")
    r = l10n(project, "build")
    assert r.code == 0
    assert "removed locales/once.pot" in r.out
    po = po_path(project, "es", "once").read_text("utf-8")
    assert '#~ msgstr "Algún texto."' in po  # the translator's work stays
    assert "removed locales/pt_BR/LC_MESSAGES/once.po" in r.out  # it held nothing
    assert l10n(project, "build", "--check").code == 0
    for catalog in (project / "locales").rglob("*.po*"):
        out = subprocess.run(["msgcat", str(catalog)], check=True, capture_output=True).stdout
        assert out == catalog.read_bytes(), catalog


# --- an emptied source folder, and what it leaves behind ----------------------------------


@pytest.mark.parametrize("how", ["emptied", "missing"])
def test_removing_every_published_page_needs_allow_empty(project, l10n, how):
    publish(project, l10n, ARTICLE, "es")
    for article in (project / "source").glob("*.md"):
        article.unlink()
    if how == "missing":
        (project / "source").rmdir()
    before = files(project)
    r = l10n(project, "build")
    assert r.code == 2
    assert files(project) == before
    if how == "emptied":
        assert r.err == (
            "error: source/ has no articles: this would remove all 12 published pages;"
            " give --allow-empty to remove them\n"
        )
        assert l10n(project, "render").code == 2
    r = l10n(project, "build", "--allow-empty")
    assert r.code == 0, r.err
    assert f"removed output/es/{ARTICLE}.html" in r.out
    assert not list((project / "output").rglob("*.html"))


def test_templates_and_catalogs_whose_article_is_gone_are_reported(project, l10n):
    assert l10n(project, "build").code == 0
    (project / "source" / f"{ARTICLE}.md").unlink()
    r = l10n(project, "check")
    assert r.code != 0
    gone = f"its article is gone: no article in source/ has slug '{ARTICLE}'"
    assert f"locales/{ARTICLE}.pot:1: error [orphan] {gone}" in r.out
    assert f"locales/es/LC_MESSAGES/{ARTICLE}.po:1: error [orphan] {gone}" in r.out
    status = l10n(project, "status")
    assert status.code == 0
    assert f"locales/pt_BR/LC_MESSAGES/{ARTICLE}.po: {gone}" in status.out
    only_es = l10n(project, "check", "-l", "es").out
    assert f"es/LC_MESSAGES/{ARTICLE}.po:1" in only_es and "pt_BR/LC_MESSAGES" not in only_es
    for article in (project / "source").glob("*.md"):  # every article gone
        article.unlink()
    r = l10n(project, "check")
    assert r.code == 3
    assert "0 of 0 catalogs complete" in r.out and "check: stale (exit 3)" in r.out
    assert r.out.count("[orphan]") == 15  # 5 templates, 10 catalogs


# --- control characters, over many texts --------------------------------------------------

CONTROLS = [chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]
PLAIN = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\n") | st.sampled_from(
        ["\t", "\r", " "]
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PLAIN, min_size=1, max_size=8), st.data())
def test_a_control_character_is_reported_at_its_line_and_others_pass(lines, data):
    from l10n.errors import SourceError
    from l10n.markdown import front_matter

    head = "---\ntitle: T\n---\n"
    front_matter(head + "\n".join(lines), "x.md")  # tab, CR and the rest are fine
    at = data.draw(st.integers(0, len(lines) - 1))
    char = data.draw(st.sampled_from(CONTROLS))
    line = lines[at]
    cut = data.draw(st.integers(0, len(line)))
    lines[at] = line[:cut] + char + line[cut:]
    with pytest.raises(SourceError) as caught:
        front_matter(head + "\n".join(lines), "x.md")
    assert str(caught.value) == f"x.md:{at + 4}: control character U+{ord(char):04X}"
