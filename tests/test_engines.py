"""Engines: deep-translator's real LibreTranslator client against a server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from l10n.errors import EngineError, UsageError
from l10n.mt.engines import EngineSettings, EngineUnavailable, RetryPolicy, make_engine
from l10n.mt.engines.pseudo import pseudo
from l10n.mt.engines.services import ServiceEngine, _root_reason, service_language
from tests.libre_server import LibreServer, serve

KEY = "SECRET-KEY-0000"
FAST = RetryPolicy(connect_timeout=0.5, read_timeout=0.3, attempts=3, backoff=0.01, max_wait=0.5)


@pytest.fixture
def server() -> Iterator[LibreServer]:
    with serve() as state:
        yield state


def libre(url: str, policy: RetryPolicy = FAST, key: str = KEY) -> ServiceEngine:
    engine = make_engine(
        "libre", EngineSettings(libre_url=url, env={"LIBRETRANSLATE_API_KEY": key}, policy=policy)
    )
    assert isinstance(engine, ServiceEngine)
    return engine


def test_translates_through_deep_translator_keeping_placeholders(server: LibreServer) -> None:
    engine = libre(server.url)
    out = engine.translate(["The brain X1X heals.", "Hello world."], "en", "es")
    engine.close()
    assert out == ["El cerebro X1X heals.", "Hola mundo."]
    assert server.requests == 1  # two short texts, one request, one per line
    assert server.seen[0].api_key == KEY and server.seen[0].target == "es"
    assert engine.stats.requests == 1 and engine.stats.characters == len(server.seen[0].text)


def test_base_url_without_slash_and_pt_br(server: LibreServer) -> None:
    engine = libre(server.url.rstrip("/"))
    assert engine.translate(["Hello world"], "en", "pt_BR") == ["Olá mundo"]
    assert server.seen[0].target == "pt"
    engine.close()


def test_lines_merged_by_the_service_fall_back_to_one_text_a_request(server: LibreServer) -> None:
    server.script[:] = ["merge_lines"]
    engine = libre(server.url)
    assert engine.translate(["Hello.", "The brain.", "Pain."], "en", "es") == [
        "Hola.",
        "El cerebro.",
        "Dolor.",
    ]
    assert server.requests == 4
    engine.translate(["Hello.", "World."], "en", "es")
    assert server.requests == 6  # no more batching for this engine
    engine.close()


def test_429_honours_retry_after(server: LibreServer) -> None:
    server.retry_after = "1"
    server.script[:] = ["429"]
    engine = libre(server.url, RetryPolicy(read_timeout=1, backoff=0.01, max_wait=5))
    start = time.monotonic()
    assert engine.translate(["Hello"], "en", "es") == ["Hola"]
    assert time.monotonic() - start >= 0.9
    assert engine.stats.retries == 1 and server.requests == 2
    engine.close()


def test_retry_after_is_capped(server: LibreServer) -> None:
    server.retry_after = "3600"
    server.script[:] = ["429"]
    engine = libre(server.url)
    start = time.monotonic()
    assert engine.translate(["Hello"], "en", "es") == ["Hola"]
    assert time.monotonic() - start < 1.5
    engine.close()


def test_5xx_is_retried_then_reported(server: LibreServer) -> None:
    server.script[:] = ["500"]
    engine = libre(server.url)
    assert engine.translate(["Hello"], "en", "es") == ["Hola"]
    assert engine.stats.retries == 1
    server.script[:] = ["500"] * 3
    with pytest.raises(EngineError) as caught:
        engine.translate(["Hello"], "en", "es")
    assert str(caught.value) == "libre: server error (HTTP 500)"
    assert not isinstance(caught.value, EngineUnavailable)
    engine.close()


def test_a_hanging_server_times_out(server: LibreServer) -> None:
    server.script[:] = ["hang"] * 3
    server.hang_seconds = 1.0
    engine = libre(server.url, RetryPolicy(read_timeout=0.2, attempts=2, backoff=0.01))
    start = time.monotonic()
    with pytest.raises(EngineError, match=r"^libre: no answer from 127\.0\.0\.1:\d+ in time$"):
        engine.translate(["Hello"], "en", "es")
    assert time.monotonic() - start < 1.0
    assert engine.stats.retries == 1
    engine.close()


@pytest.mark.parametrize("action", ["garbage", "no_text"])
def test_garbage_is_one_line_naming_the_engine(server: LibreServer, action: str) -> None:
    server.script[:] = [action]
    engine = libre(server.url)
    with pytest.raises(EngineError, match=r"^libre: unexpected answer \([\w ]+\)$"):
        engine.translate(["Hello"], "en", "es")
    assert server.requests == 1  # garbage is not retried
    engine.close()


def test_a_rejected_key_stops_without_showing_it(server: LibreServer) -> None:
    server.script[:] = ["403"]
    engine = libre(server.url)
    with pytest.raises(EngineUnavailable) as caught:
        engine.translate(["Hello"], "en", "es")
    assert str(caught.value) == "libre: the service refused the key (HTTP 403)"
    assert KEY not in repr(engine)
    engine.close()


def test_refused_connection_names_the_engine_and_the_way_out() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = libre(f"http://127.0.0.1:{port}/")
    start = time.monotonic()
    with pytest.raises(EngineUnavailable) as caught:
        engine.translate(["Hello"], "en", "es")
    message = str(caught.value)
    assert message == (
        f"libre: cannot reach 127.0.0.1:{port} (connection refused);"
        " work without it: --engine offline (pt_BR) or --engine memory"
    )
    assert KEY not in message and "\n" not in message
    assert time.monotonic() - start < 1.0  # not retried
    assert engine.stats.requests == 0
    engine.close()


def test_unknown_host_is_recognised() -> None:
    from urllib3.exceptions import MaxRetryError, NameResolutionError

    inner = NameResolutionError("nowhere.invalid", None, socket.gaierror(-2, "Name unknown"))  # type: ignore[arg-type]
    error = requests.ConnectionError(MaxRetryError(None, "/translate", inner))  # type: ignore[arg-type]
    assert _root_reason(error) == "unknown host"


def test_a_run_of_failures_stops_the_engine(server: LibreServer) -> None:
    server.rules["POISON"] = "500"
    engine = libre(server.url, RetryPolicy(read_timeout=0.3, attempts=1, backoff=0.01))
    for _ in range(4):
        with pytest.raises(EngineError) as caught:
            engine.translate(["POISON text"], "en", "es")
        assert not isinstance(caught.value, EngineUnavailable)
    assert engine.translate(["Hello"], "en", "es") == ["Hola"]  # a success resets the count
    for _ in range(4):
        with pytest.raises(EngineError):
            engine.translate(["POISON text"], "en", "es")
    with pytest.raises(EngineUnavailable, match="5 requests in a row failed"):
        engine.translate(["POISON text"], "en", "es")
    engine.close()


def test_one_client_and_session_per_worker_thread(server: LibreServer) -> None:
    engine = libre(server.url)
    results: dict[int, list[str]] = {}

    def work(n: int) -> None:
        results[n] = engine.translate([f"Hello {n}."], "en", "es")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {n: [f"Hola {n}."] for n in range(4)}
    assert len(engine._transports) == 4
    engine.close()


def test_nothing_global_is_patched(server: LibreServer) -> None:
    from deep_translator import LibreTranslator

    engine = libre(server.url)
    engine.translate(["Hello"], "en", "es")
    engine.close()
    assert socket.getdefaulttimeout() is None
    assert requests.get.__module__ == "requests.api" and requests.post.__module__ == "requests.api"
    # deep-translator used directly, outside our engines, still works as before.
    plain = LibreTranslator(source="en", target="es", api_key="x", custom_url=server.url)
    assert plain.translate("Hello world") == "Hola mundo"


def test_key_never_appears_in_any_message(server: LibreServer) -> None:
    messages = []
    for action in ("500", "403", "garbage", "no_text"):
        server.script[:] = [action] * 3
        engine = libre(server.url)
        with pytest.raises(EngineError) as caught:
            engine.translate(["Hello"], "en", "es")
        messages.append(str(caught.value))
        engine.close()
    assert all(KEY not in m for m in messages)


def test_make_engine_refuses_what_it_cannot_do() -> None:
    with pytest.raises(UsageError, match="DEEPL_API_KEY"):
        make_engine("deepl", EngineSettings(env={}))
    with pytest.raises(UsageError, match="MICROSOFT_TRANSLATOR_KEY"):
        make_engine("microsoft", EngineSettings(env={}))
    with pytest.raises(UsageError, match="libre_url"):
        make_engine("libre", EngineSettings())
    with pytest.raises(UsageError, match="unknown engine 'babelfish'"):
        make_engine("babelfish")


def test_service_language_codes() -> None:
    assert service_language("google", "pt_BR") == "pt"
    assert service_language("google", "zh_Hant") == "zh-TW"
    assert service_language("libre", "pt_BR") == "pt"
    assert service_language("mymemory", "pt_BR") == "pt-BR"
    assert service_language("mymemory", "es") == "es-ES"
    assert service_language("mymemory", "en") == "en-US"
    assert service_language("deepl", "es") == "es"


def test_google_and_mymemory_clients_build_offline() -> None:
    for name in ("google", "mymemory"):
        engine = make_engine(name)
        assert isinstance(engine, ServiceEngine)
        transport = engine._transport()
        assert engine._client("en", "pt_BR", transport) is engine._client("en", "pt_BR", transport)
        engine.close()


def test_pseudo_keeps_placeholders_and_grows() -> None:
    text = "Take X1X twice a day with X2X water."
    out = make_engine("pseudo").translate([text], "en", "es")[0]
    assert out.startswith("[!! ") and out.endswith(" !!]")
    assert "X1X" in out and "X2X" in out
    assert len(out) >= 1.25 * len(text)
    assert "Ţåķé" in out
    assert pseudo("X1X") == "[!! X1X !!]"
