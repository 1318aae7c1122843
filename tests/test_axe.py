"""Accessibility in a real browser: axe-core (from the locked axe-playwright-python
package, never downloaded at test time) in Debian's Chromium finds no violation on any
published page, index, the language chooser, or the review report; screenshots of
indexes, a right-to-left page and a mixed-language page at phone and desktop widths go
to tests/artifacts/ for a person to look at."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_pipeline import po_path

pytest_plugins = ["tests.browser"]

WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own project, built with a site address, one page left partly
    in English, and its review report."""
    import subprocess
    import sys

    import polib

    root = tmp_path_factory.mktemp("site")
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, root / name)
    cfg = (REPO / "pyproject.toml").read_text("utf-8")
    assert 'base_url = "https://clinic.example/"' in cfg  # the repository's demo site
    (root / "pyproject.toml").write_text(cfg, "utf-8")
    po = polib.pofile(str(po_path(root, "es", "understanding-ketamine-infusions")))
    for entry in po:
        prose = not entry.comment.startswith("front matter") and "critical" not in entry.comment
        if prose and len(entry.msgid.split()) > 12:  # a long paragraph stays in English
            entry.msgstr = ""
            break
    po.save()
    for command in (["build"], ["report"]):
        r = subprocess.run([sys.executable, "-m", "l10n", *command], cwd=root,
                           capture_output=True, text=True, check=False)
        assert r.returncode == 0, r.stderr
    return root


def pages(root: Path) -> list[Path]:
    out = root / "output"
    report = root / ".l10n" / "report"
    return sorted(out.rglob("*.html")) + sorted(report.rglob("*.html"))


def violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: {node['html'][:120]}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


def test_every_page_passes_axe(built, open_page):
    found = pages(built)
    assert any(p.parent.name == "ar" for p in found) and any(p.name == "sitemap.xml" for p in
           (built / "output").iterdir())
    failures = []
    for path in found:
        opened = open_page(path)
        failures += [f"{path.relative_to(built)}: {v}" for v in violations(opened.page)]
        assert not [r for r in opened.requests if not r.startswith("file://")], path
    assert not failures, "\n".join(failures)


def test_the_mixed_page_marks_its_english_part(built, open_page):
    path = built / "output" / "es" / "understanding-ketamine-infusions.html"
    opened = open_page(path)
    marked = opened.page.locator(".l10n-fallback")
    assert marked.count() == 1 and marked.first.get_attribute("lang") == "en"
    assert "1 parte de esta página" in opened.page.locator(".l10n-notice").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "name",
    ["index.html", "en/index.html", "es/index.html", "ar/index.html",
     "ar/how-does-ketamine-work.html", "es/understanding-ketamine-infusions.html"],
)
def test_screenshots_at_phone_and_desktop_width(built, open_page, name, width):
    opened = open_page(built / "output" / name, width=width)
    assert opened.horizontal_overflow() <= 0, name
    assert not opened.contrast_failures(), name
    shot = opened.screenshot(f"site/{name.replace('/', '-')}-{width}")
    assert shot.stat().st_size > 1000
