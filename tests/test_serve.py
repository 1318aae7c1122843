"""``l10n serve`` over HTTP: what it serves, what it refuses, how it follows the files."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from l10n.serve.app import loopback
from tests.served import Served, copy_project

SLUG = "how-does-ketamine-work"
PO = f"locales/es/LC_MESSAGES/{SLUG}.po"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = Served(copy_project(tmp_path_factory.mktemp("served")))
    yield server
    out = server.stop()
    assert server.proc.returncode == 0, out
    assert out.splitlines()[-1] == "stopped" and "Traceback" not in out


def _token(served: Served) -> str:
    status, page = served.request("GET", f"/desk/es/{SLUG}")
    assert status == 200
    found = re.search(r'name="l10n-csrf" content="([^"]+)"', page)
    assert found
    return found.group(1)


def _wait(predicate, timeout: float = 10) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_serves_site_previews_report_and_desk(served: Served) -> None:
    for path in ("/", "/site/es/", f"/site/es/{SLUG}.html", f"/preview/es/{SLUG}.html",
                 "/report/index.html", f"/report/es/{SLUG}.html", f"/desk/es/{SLUG}"):
        status, text = served.request("GET", path)
        assert status == 200, path
    status, text = served.request("GET", f"/site/es/{SLUG}.html")
    assert "/_l10n/state" in text  # pages reload after a rebuild
    assert served.request("GET", "/site/../pyproject.toml")[0] == 404
    assert served.request("GET", "/site/%2e%2e/pyproject.toml")[0] == 404
    assert served.request("GET", "/desk/es/no-such-article")[0] == 404


def test_a_foreign_host_header_is_refused(served: Served) -> None:
    for host in ("evil.example", f"evil.example:{served.host.rsplit(':', 1)[1]}", "127.0.0.1:1"):
        status, text = served.request("GET", "/", headers={"Host": host})
        assert status == 403 and "Host header" in text
    assert served.request("GET", "/", headers={"Host": served.host})[0] == 200


def test_actions_from_another_origin_or_without_the_token_are_refused(served: Served) -> None:
    token = _token(served)
    before = (served.root / PO).read_bytes()
    body = {"locale": "es", "slug": SLUG, "action": "edit", "index": 1, "text": "pwned"}
    json_type = {"Content-Type": "application/json"}
    cases = [
        ({"Origin": "http://evil.example", "X-L10n-Token": token, **json_type}, "this server"),
        ({"Referer": "http://evil.example/x", "X-L10n-Token": token, **json_type}, "this server"),
        ({"X-L10n-Token": token, **json_type}, "this server"),  # neither Origin nor Referer
        ({"Origin": served.url, **json_type}, "CSRF"),
        ({"Origin": served.url, "X-L10n-Token": "guess", **json_type}, "CSRF"),
        ({"Origin": served.url, "X-L10n-Token": token, "Content-Type": "text/plain"}, "JSON"),
    ]
    for headers, why in cases:
        status, text = served.request("POST", "/_l10n/action", body, headers)
        assert status in (403, 415) and why in text, (headers, text)
    assert (served.root / PO).read_bytes() == before


def test_a_catalog_saved_elsewhere_is_rendered_and_left_as_written(served: Served) -> None:
    path = served.root / PO
    text = path.read_text(encoding="utf-8")
    old = 'msgstr "Cómo funciona la ketamina"'
    assert old in text
    changed = text.replace(old, 'msgstr "Cómo actúa la ketamina"', 1) + "\n\n"
    generation = served.state()["generation"]
    path.write_text(changed, encoding="utf-8")
    _wait(lambda: served.state()["generation"] > generation)
    status, packet = served.request("GET", f"/report/es/{SLUG}.html")
    assert status == 200
    assert "Cómo actúa la ketamina" in packet
    # a signed text edited elsewhere no longer counts as reviewed: the page falls back
    _, page = served.request("GET", f"/site/es/{SLUG}.html")
    assert "<title>How does Ketamine Work</title>" in page
    assert path.read_text(encoding="utf-8") == changed  # rendered, not rewritten
    assert served.wait_for(rf"rebuilt {SLUG} \(es\) in")


def test_a_failing_rebuild_shows_its_error_and_keeps_the_last_good_pages(served: Served) -> None:
    article = served.root / "source" / f"{SLUG}.md"
    good = article.read_text(encoding="utf-8")
    _, page_before = served.request("GET", f"/site/es/{SLUG}.html")
    article.write_text(good.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    _wait(lambda: bool(served.state()["error"]))
    error = served.state()["error"]
    assert error.startswith(f"source/{SLUG}.md:") and "\n" not in error
    assert served.wait_for(r"rebuild failed: source/" + re.escape(f"{SLUG}.md:"))
    status, page = served.request("GET", f"/site/es/{SLUG}.html")
    assert status == 200 and page == page_before
    article.write_text(good, encoding="utf-8")
    _wait(lambda: not served.state()["error"])


def test_only_loopback_addresses_go_unwarned() -> None:
    assert loopback("127.0.0.1") and loopback("::1") and loopback("localhost")
    assert not loopback("0.0.0.0") and not loopback("192.168.1.5")


def test_a_busy_port_is_one_line_and_exit_2(tmp_path: Path, served: Served) -> None:
    import subprocess
    import sys

    copy_project(tmp_path)
    port = served.host.rsplit(":", 1)[1]
    run = subprocess.run([sys.executable, "-m", "l10n", "serve", "--port", port],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in run.stderr and "Traceback" not in run.stderr
