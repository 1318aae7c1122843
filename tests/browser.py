"""A real browser for tests: Debian's Chromium driven by Playwright, one per test session.

Tests that use ``browser`` or ``open_page`` are skipped, with the reason, when
``/usr/bin/chromium`` (``apt-get install chromium``) or the ``playwright`` package is
missing; Playwright never downloads a browser here. Screenshots go to
``tests/artifacts/`` (git-ignored) for a person to look at after a run.

A test module uses the fixtures with ``pytest_plugins = ["tests.browser"]``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("L10N_TEST_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# For each element with visible text of its own: its colour against the first opaque
# background of it or an ancestor (alpha composited), as WCAG 2 computes contrast.
CONTRAST_JS = """
() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (top, under) => {
    const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a));
  };
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length > 3 && c[3] === 0) continue;
      layers.push(c);
      if (c.length === 3 || c[3] === 1) break;
    }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = over(c, out);
    return out;
  };
  const failures = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") continue;
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) failures.push(`${el.tagName} ${ratio.toFixed(2)}: ${el.textContent.trim().slice(0, 40)}`);
  }
  return failures;
}
"""


@dataclass
class Opened:
    """A page loaded from ``file://`` with what it logged and asked the network for."""

    page: Any  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        """Save a PNG as tests/artifacts/NAME.png (NAME may have folders) and return its path."""
        parts = [re.sub(r"[^A-Za-z0-9_.-]+", "-", part) for part in name.split("/")]
        path = ARTIFACTS.joinpath(*(p for p in parts if p.strip(".")))
        path = path.with_name(path.name + ".png")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def contrast_failures(self) -> list[str]:
        """Visible text whose contrast with its background is under WCAG AA (4.5:1, 3:1 large)."""
        return list(self.page.evaluate(CONTRAST_JS))

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the document is wider than the viewport (0: no sideways scroll)."""
        return int(
            self.page.evaluate(
                "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
                " - window.innerWidth"
            )
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (a fresh temporary profile)."""
    if not CHROMIUM.is_file():
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright, in the dev extra)")
    with sync_playwright() as p:
        # launch() gives the browser a new temporary user-data-dir and deletes it on close.
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Opened]]:
    """Open a local file in a new page of a given viewport; any other request is refused."""
    contexts: list[Any] = []

    def open_(path: Path, width: int = 1280, height: int = 900) -> Opened:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=1,
            locale="en-US",
            color_scheme="light",
            reduced_motion="reduce",
            service_workers="block",
        )
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(r: Any) -> None:
            url = r.request.url
            opened.requests.append(url)
            if url.startswith("file://"):
                r.continue_()
            else:
                r.abort()

        page.route("**/*", route)
        page.on(
            "console",
            lambda msg: opened.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: opened.console_errors.append(str(exc)))
        page.goto(path.resolve().as_uri(), wait_until="load")
        return opened

    yield open_
    for context in contexts:
        context.close()
