"""The review desk of ``l10n serve`` in headless Chromium, end to end.

The server runs as a subprocess on 127.0.0.1 (a free port) over a copy of the
repository's project; the tests edit and sign entries as a reviewer would, with
the keyboard, and look at the catalog on disk and the page preview. Screenshots go
to ``tests/artifacts/serve/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import polib
import pytest

from l10n.formats.pofile import parse_po
from l10n.review import judge
from l10n.serve.splice import entry_span, replace_entry
from tests.served import Served, copy_project

pytest_plugins = ["tests.browser"]  # the browser fixture

SLUG = "understanding-ketamine-infusions"
PO = f"locales/es/LC_MESSAGES/{SLUG}.po"
NAME = "Ana Pérez <b>&amp;</b>"  # markup in a name stays text


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = Served(copy_project(tmp_path_factory.mktemp("desk")))
    yield server
    out = server.stop()
    assert server.proc.returncode == 0 and out.splitlines()[-1] == "stopped", out


@pytest.fixture
def page(browser: Any, served: Served) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(f"{served.url}/desk/es/{SLUG}")
    yield tab
    context.close()
    assert not errors


def _po(served: Served) -> tuple[str, polib.POFile]:
    text = (served.root / PO).read_text(encoding="utf-8")
    return text, parse_po(text, PO)


def _pick(served: Served, want_digit: bool, skip: int = 0) -> tuple[int, polib.POEntry]:
    """A translated entry without check errors and without markup, by its index."""
    _, po = _po(served)
    found = [
        (i, e) for i, e in enumerate(po)
        if e.msgid and not e.obsolete and e.msgstr and not e.msgid_plural
        and "fuzzy" not in e.flags and not re.search(r"[*\[\]`<>_]", e.msgid)
        and bool(re.search(r"\d", e.msgid)) == want_digit and len(e.msgid) > 40
        and not judge(e, "es", None).errors
    ]
    return found[skip]


def _status(page: Any, pattern: str) -> str:
    status = page.locator("#status")
    page.wait_for_function(
        "p => new RegExp(p).test(document.getElementById('status').textContent)", arg=pattern
    )
    return str(status.text_content())


def _only_entry_changed(before: str, after: str, entry: polib.POEntry) -> None:
    start, end = entry_span(before, int(entry.linenum))
    assert after != before
    assert after.startswith(before[:start]) and after.endswith(before[end:])


def _shot(page: Any, name: str) -> None:
    from tests.browser import ARTIFACTS

    ARTIFACTS.joinpath("serve").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve" / f"{name}.png"), full_page=False)


def test_edit_and_sign_write_only_that_entry_and_update_the_preview(
    page: Any, served: Served
) -> None:
    index, entry = _pick(served, want_digit=False)
    page.fill("#name", NAME)
    page.select_option("#role", "clinician")
    page.locator(f"#e-{index}").focus()
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.id") == f"t-{index}"
    new = entry.msgstr + " Texto revisado en el navegador."
    page.fill(f"#t-{index}", new)
    before, _ = _po(served)
    page.keyboard.press("Control+Enter")
    assert "Saved: saved the translation" in _status(page, "^Saved")
    after_edit, edited = _po(served)
    _only_entry_changed(before, after_edit, entry)
    assert edited[index].msgstr == new
    preview = page.frame_locator("#preview").locator("body")
    preview.get_by_text("Texto revisado en el navegador.").wait_for(timeout=5000)
    _shot(page, "desk-after-edit")

    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == f"e-{index}"
    page.keyboard.press("a")
    assert "Saved: signed as clinician" in _status(page, "^Saved: signed")
    after_sign, po = _po(served)
    _only_entry_changed(after_edit, after_sign, edited[index])
    assert f"# reviewer: clinician {NAME}\n" in after_sign
    assert po[index].msgstr == new
    # signed again, the edited text is published
    _, published = served.request("GET", f"/site/es/{SLUG}.html")
    assert "Texto revisado en el navegador." in published
    # the entry as shown names the signer as text
    signs = page.locator(f"#e-{index} .signs").text_content()
    assert f"clinician {NAME}" in str(signs)
    # the name and role are remembered
    page.reload()
    assert page.input_value("#name") == NAME
    assert page.input_value("#role") == "clinician"


def test_a_save_over_a_changed_file_is_refused_and_the_entry_reloads(
    page: Any, served: Served
) -> None:
    index, entry = _pick(served, want_digit=False, skip=1)
    other_index, other = _pick(served, want_digit=False, skip=2)
    text, _ = _po(served)
    other.msgstr = "Cambiado en Poedit: " + other.msgstr
    outside = replace_entry(text, other, PO)  # another entry, saved by another editor
    page.evaluate("window.__kept = 1")
    (served.root / PO).write_text(outside, encoding="utf-8")
    # the desk is not reloaded under the reviewer: a banner says the files changed
    page.wait_for_function("!document.getElementById('banner').hidden", timeout=10000)
    assert "Files changed on disk" in str(page.locator("#banner").text_content())
    assert page.evaluate("window.__kept") == 1
    page.fill("#name", "Ana")
    page.fill(f"#t-{index}", "Mi texto sin guardar")
    page.click(f"#e-{index} button[value=edit]")
    message = _status(page, "^Refused")
    assert "changed on disk since this page was loaded" in message
    assert (served.root / PO).read_text(encoding="utf-8") == outside
    assert page.input_value(f"#t-{index}") == entry.msgstr  # reloaded from disk
    assert other_index != index
    kept = page.locator(f"#e-{index} .unsaved").text_content()
    assert kept == "Your unsaved text: Mi texto sin guardar"
    _shot(page, "desk-conflict")
    # the reloaded entry saves
    page.fill(f"#t-{index}", entry.msgstr + " Ahora sí.")
    page.click(f"#e-{index} button[value=edit]")
    _status(page, "^Saved")
    assert "Ahora sí." in (served.root / PO).read_text(encoding="utf-8")


def test_a_check_error_blocks_sign_off_and_the_edit_is_kept(page: Any, served: Served) -> None:
    index, entry = _pick(served, want_digit=False, skip=3)
    page.fill("#name", "Dr. Gil")
    page.select_option("#role", "clinician")
    broken = entry.msgstr + " Tome 5 mg."  # a figure the source does not have
    page.fill(f"#t-{index}", broken)
    page.click(f"#e-{index} button[value=accept]")
    message = _status(page, "^Refused")
    assert "not signed: [numbers]" in message and "your edit is saved" in message
    text, po = _po(served)
    assert po[index].msgstr == broken
    assert "reviewer: clinician Dr. Gil" not in text
    blocked = page.locator(f"#e-{index} .blocked").text_content()
    assert "Cannot be signed" in str(blocked)
    _shot(page, "desk-check-error")


def test_a_cross_origin_form_post_is_refused(browser: Any, served: Served) -> None:
    context = browser.new_context()
    tab = context.new_page()
    before = (served.root / PO).read_bytes()
    tab.set_content(
        f'<form method="post" action="{served.url}/_l10n/action" enctype="text/plain">'
        '<input name=\'{"locale":"es","slug":"x","action":"edit","text":"pwned","a\' value=\'"}\'>'
        "</form>"
    )
    with tab.expect_navigation():
        tab.evaluate("document.forms[0].submit()")
    assert "refused" in tab.content()
    assert (served.root / PO).read_bytes() == before
    context.close()


def test_the_desk_at_390px_with_the_keyboard_and_a_screen_reader(
    browser: Any, served: Served
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    tab = context.new_page()
    tab.goto(f"{served.url}/desk/es/{SLUG}")
    width = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0
    from tests.browser import CONTRAST_JS

    assert tab.evaluate(CONTRAST_JS) == []
    unlabelled = tab.evaluate(
        "[...document.querySelectorAll('input,select,textarea,button')]"
        ".filter(el => !(el.labels && el.labels.length) && !el.textContent.trim()"
        " && !el.getAttribute('aria-label')).map(el => el.id)"
    )
    assert unlabelled == []
    live = tab.locator("#status")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    ids = tab.evaluate("[...document.querySelectorAll('.entry')].map(e => e.id)")
    tab.locator("body").click(position={"x": 5, "y": 5})
    tab.keyboard.press("j")
    assert tab.evaluate("document.activeElement.id") == ids[1]
    tab.keyboard.press("j")
    tab.keyboard.press("k")
    assert tab.evaluate("document.activeElement.id") == ids[1]
    tab.keyboard.press("s")
    assert tab.evaluate("document.activeElement.id") == ids[2]
    assert "Skipped entry 2" in _status(tab, "^Skipped")
    tab.keyboard.press("Tab")  # focus order: into the entry's editor
    assert tab.evaluate("document.activeElement.tagName") == "TEXTAREA"
    _shot(tab, "desk-390")
    context.close()


def test_axe_finds_no_violation_on_the_desk(browser: Any, served: Served) -> None:
    from axe_playwright_python.sync_playwright import Axe  # in the lock's dev extras

    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{served.url}/desk/es/{SLUG}")
    result = Axe().run(tab)
    assert result.violations_count == 0, result.generate_report()
    context.close()


def test_site_pages_reload_after_a_rebuild(browser: Any, served: Served) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{served.url}/report/es/{SLUG}.html")
    tab.evaluate("window.__marker = 1")
    text = (served.root / PO).read_text(encoding="utf-8")
    _, entry = _pick(served, want_digit=False, skip=4)
    entry.msgstr = "Recargado solo"
    (served.root / PO).write_text(replace_entry(text, entry, PO), encoding="utf-8")
    tab.wait_for_function("window.__marker === undefined", timeout=10000)
    tab.get_by_text("Recargado solo").first.wait_for(timeout=5000)
    context.close()


def test_a_failing_rebuild_shows_its_line_in_open_pages(browser: Any, served: Served) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{served.url}/report/es/{SLUG}.html")
    article = served.root / "source" / f"{SLUG}.md"
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    bar = tab.locator("#l10n-serve-error")
    bar.wait_for(timeout=10000)
    assert str(bar.text_content()).startswith(f"l10n serve: rebuild failed: source/{SLUG}.md:")
    assert bar.get_attribute("role") == "alert"
    assert tab.locator("h1").count() == 1  # the last good page is still there
    article.write_text(good, encoding="utf-8")
    bar.wait_for(state="hidden", timeout=10000)
    context.close()
