"""Remote engines through deep-translator, with timeouts, retries and one line per failure.

Rules:
- deep-translator 1.11.4 sends every request with ``requests.get``/``requests.post``
  and no timeout, and ``socket.setdefaulttimeout`` does not help: requests passes an
  explicit ``timeout=None`` down to urllib3, which then blocks for ever. So the
  ``requests`` name inside deep-translator's service modules is bound to
  ``_Requests``, which forwards to the real ``requests`` unchanged unless the calling
  thread runs one of our engines; then the request goes through that thread's own
  ``requests.Session`` (kept-alive connections) with our timeout, and the response
  is kept so a 429's ``Retry-After`` can be read. Nothing process-wide is changed:
  no socket default, no other module's ``requests``.
- One deep-translator client and one session per worker thread (Google and MyMemory
  clients are not thread-safe).
- 429, 5xx, timeouts and dropped connections are retried with exponential backoff
  and jitter, honouring ``Retry-After``, up to ``RetryPolicy.attempts`` tries and
  ``max_wait`` seconds per wait. A refused connection or an unknown host is
  ``EngineUnavailable`` at once; so is a rejected key (401/403) and a run of
  ``max_consecutive_failures`` failed requests.
- deep-translator's exceptions share no base class and some carry the key in their
  text: every failure becomes an ``EngineError`` written here, naming the engine and
  the HTTP status, never the key or the request URL.
- A 429 also tells how many requests the service takes at once: the requests still
  in flight when it came. From then on, for the rest of the run, the engine's workers
  send no more than that many at a time (at least one), so a service with a
  concurrency limit is not hammered into refusing whole batches.
- Several short texts go in one request, one per line, when their lines come back
  one for one; when they do not, each text is sent alone (and for the rest of the
  run). No request exceeds the service's limit (Google: under 5,000 characters).
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import requests

from l10n import wording
from l10n.errors import EngineError
from l10n.mt.engines import EngineStats, EngineUnavailable, RetryPolicy

# The longest text deep-translator or the service accepts in one request.
LIMITS = {"google": 4999, "mymemory": 499, "libre": 2000, "deepl": 4000, "microsoft": 5000}
MAX_LINES = 40  # texts per batched request
_SUGGEST = "work without it: --engine offline (pt_BR) or --engine memory"

_thread = threading.local()
_install_lock = threading.Lock()
_installed = False


class _Transport:
    """One worker thread's HTTP session and what its last request did."""

    def __init__(self, policy: RetryPolicy):
        self.session = requests.Session()
        self.timeout = (policy.connect_timeout, policy.read_timeout)
        self.response: requests.Response | None = None
        self.calls = 0


class _Requests:
    """Stands in for the ``requests`` module inside deep-translator's service modules."""

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return self._send("GET", url, params=params, **kwargs)

    def post(
        self, url: str, data: Any = None, json: Any = None, **kwargs: Any
    ) -> requests.Response:
        return self._send("POST", url, data=data, json=json, **kwargs)

    @staticmethod
    def _send(method: str, url: str, **kwargs: Any) -> requests.Response:
        transport: _Transport | None = getattr(_thread, "transport", None)
        if transport is None:  # not one of our engines: behave exactly like requests
            return requests.request(method, url, **kwargs)
        kwargs.setdefault("timeout", transport.timeout)
        transport.response = None
        try:
            response = transport.session.request(method, url, **kwargs)
        except requests.ReadTimeout:
            transport.calls += 1  # sent, never answered
            raise
        transport.calls += 1
        transport.response = response
        return response


def _install() -> None:
    global _installed
    with _install_lock:
        if _installed:
            return
        from deep_translator import deepl, google, libre, microsoft, mymemory

        shim = _Requests()
        for module in (google, mymemory, libre, deepl, microsoft):
            module.requests = shim
        _installed = True


@contextmanager
def _active(transport: _Transport) -> Iterator[None]:
    previous = getattr(_thread, "transport", None)
    _thread.transport = transport
    try:
        yield
    finally:
        _thread.transport = previous


def service_language(engine: str, locale: str) -> str:
    """The code a service uses for a Babel locale (``pt_BR`` -> ``pt`` for Google)."""
    language, _, territory = locale.replace("-", "_").partition("_")
    if engine == "google":
        special = {"zh_Hans": "zh-CN", "zh_Hant": "zh-TW", "zh_TW": "zh-TW", "zh_CN": "zh-CN"}
        return special.get(locale, {"he": "iw"}.get(language, language))
    if engine == "mymemory":
        from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

        codes = list(MY_MEMORY_LANGUAGES_TO_CODES.values())
        wanted = f"{language}-{territory}" if territory else ""
        if wanted in codes:
            return wanted
        preferred = {"en": "en-US", "es": "es-ES", "pt": "pt-BR", "fr": "fr-FR", "de": "de-DE"}
        if language in preferred:
            return preferred[language]
        return next((c for c in codes if c.split("-")[0] == language), language)
    return language


class ServiceEngine:
    """A deep-translator service: ``google``, ``mymemory``, ``libre``, ``deepl``, ``microsoft``."""

    remote = True
    sentence_units = True

    def __init__(
        self,
        name: str,
        *,
        key: str = "",
        base_url: str = "",
        policy: RetryPolicy | None = None,
        stop: threading.Event | None = None,
        seed: int | None = None,
        batching: bool = True,
    ):
        _install()
        self.name = name
        self.max_chars = LIMITS[name]
        self.stats = EngineStats()
        self.policy = policy or RetryPolicy()
        self._key = key
        self._base_url = base_url if not base_url or base_url.endswith("/") else base_url + "/"
        self._stop = stop or threading.Event()
        self._local = threading.local()
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._failures = 0
        self._gate = threading.Condition(self._lock)
        self._in_flight = 0
        self._most: int | None = None  # requests at once, once a 429 has told
        self._batching = batching
        self.batch_texts = MAX_LINES if batching else 1
        self._transports: list[_Transport] = []

    def __repr__(self) -> str:  # never shows the key
        return f"ServiceEngine({self.name!r})"

    @property
    def where(self) -> str:
        if self.name == "libre":
            parts = urlsplit(self._base_url)
            return parts.netloc or self._base_url
        return self.name

    # --- the protocol --------------------------------------------------------------
    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        results: list[str | None] = [None] * len(texts)
        for batch in self._batches(texts):
            if len(batch) > 1 and self._batching:
                answer = self._request("\n".join(texts[i] for i in batch), source, target)
                lines = answer.split("\n")
                if len(lines) == len(batch) and all(line.strip() for line in lines):
                    for i, line in zip(batch, lines, strict=True):
                        results[i] = line
                    continue
                self._batching = False  # this service merges or drops lines: one text a request
            for i in batch:
                results[i] = self._request(texts[i], source, target)
        return [r if r is not None else "" for r in results]

    def _batches(self, texts: list[str]) -> Iterator[list[int]]:
        batch: list[int] = []
        size = 0
        for i, text in enumerate(texts):
            if "\n" in text or not self._batching:
                if batch:
                    yield batch
                    batch, size = [], 0
                yield [i]
                continue
            extra = len(text) + (1 if batch else 0)
            if batch and (size + extra > self.max_chars or len(batch) >= MAX_LINES):
                yield batch
                batch, size, extra = [], 0, len(text)
            batch.append(i)
            size += extra
        if batch:
            yield batch

    # --- one request, retried ------------------------------------------------------
    def _client(self, source: str, target: str, transport: _Transport) -> Any:
        clients: dict[tuple[str, str], Any] = self._local.__dict__.setdefault("clients", {})
        pair = (source, target)
        if pair not in clients:
            with _active(transport):
                clients[pair] = self._build(source, target)
        return clients[pair]

    def _build(self, source: str, target: str) -> Any:
        src, tgt = service_language(self.name, source), service_language(self.name, target)
        try:
            if self.name == "google":
                from deep_translator import GoogleTranslator

                return GoogleTranslator(source=src, target=tgt)
            if self.name == "mymemory":
                from deep_translator import MyMemoryTranslator

                return MyMemoryTranslator(source=src, target=tgt)
            if self.name == "libre":
                from deep_translator import LibreTranslator

                return LibreTranslator(
                    source=src, target=tgt, api_key=self._key, custom_url=self._base_url
                )
            if self.name == "deepl":
                from deep_translator import DeeplTranslator

                client = DeeplTranslator(source=src, target=tgt, api_key=self._key)
                if target.replace("-", "_") in ("pt_BR", "pt_PT", "en_US", "en_GB"):
                    client.target = target.replace("_", "-").upper()
                return client
            from deep_translator import MicrosoftTranslator

            return MicrosoftTranslator(source=src, target=tgt, api_key=self._key)
        except requests.RequestException as exc:
            raise self._transport_error(exc) from None
        except Exception as exc:  # noqa: BLE001 - deep-translator's exceptions share no base
            if type(exc).__name__ == "LanguageNotSupportedException":
                raise EngineError(f"{self.name}: does not translate {source} -> {target}") from None
            raise EngineError(f"{self.name}: could not start ({type(exc).__name__})") from None

    def _transport(self) -> _Transport:
        transport: _Transport | None = getattr(self._local, "transport", None)
        if transport is None:
            transport = _Transport(self.policy)
            self._local.transport = transport
            with self._lock:
                self._transports.append(transport)
        return transport

    def close(self) -> None:
        """Close every worker's HTTP session."""
        with self._lock:
            transports, self._transports = self._transports, []
        for transport in transports:
            transport.session.close()

    def _request(self, text: str, source: str, target: str) -> str:
        transport = self._transport()
        client = self._client(source, target, transport)
        attempts = max(1, self.policy.attempts)
        for attempt in range(attempts):
            if self._stop.is_set():
                raise EngineError(f"{self.name}: stopped")
            calls = transport.calls
            try:
                with _active(transport), self._slot():
                    answer = client.translate(text)
            except Exception as exc:  # noqa: BLE001 - deep-translator's exceptions share no base
                if transport.calls != calls:
                    self.stats.sent(len(text))
                response = transport.response
                if response is not None and response.status_code == 429:
                    with self._lock:  # the others still in flight are what the service takes
                        self._most = max(1, min(self._most or self._in_flight, self._in_flight))
                error, wait = self._judge(exc, transport, attempt)
                if wait is None or attempt + 1 >= attempts:
                    self._failed(error)
                    raise error from None
                self.stats.retried()
                if self._stop.wait(wait):
                    raise EngineError(f"{self.name}: stopped") from None
                continue
            self.stats.sent(len(text))
            if not isinstance(answer, str) or (not answer.strip() and text.strip()):
                if answer is None and not any(c.isalnum() for c in text):
                    return text  # Google answers None for punctuation alone
                error = EngineError(f"{self.name}: answered with no translation")
                self._failed(error)
                raise error
            with self._lock:
                self._failures = 0
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _slot(self) -> Iterator[None]:
        """Hold one of the requests in flight, waiting while a 429's limit is reached."""
        with self._gate:
            while self._most is not None and self._in_flight >= self._most:
                self._gate.wait(0.1)
            self._in_flight += 1
        try:
            yield
        finally:
            with self._gate:
                self._in_flight -= 1
                self._gate.notify()

    def _failed(self, error: EngineError) -> None:
        if isinstance(error, EngineUnavailable):
            return
        with self._lock:
            self._failures += 1
            count = self._failures
        if count >= self.policy.max_consecutive_failures:
            raise EngineUnavailable(
                f"{self.name}: {wording.count(count, 'request')} in a row failed"
                f" (last: {error.message})"
            ) from None

    def _judge(
        self, exc: BaseException, transport: _Transport, attempt: int
    ) -> tuple[EngineError, float | None]:
        """The error to report and, if worth retrying, how long to wait first."""
        if isinstance(exc, requests.Timeout):
            return EngineError(f"{self.name}: no answer from {self.where} in time"), self._backoff(
                attempt
            )
        if isinstance(exc, requests.ConnectionError):
            error = self._transport_error(exc)
            return error, None if isinstance(error, EngineUnavailable) else self._backoff(attempt)
        if isinstance(exc, requests.JSONDecodeError):
            return EngineError(f"{self.name}: unexpected answer (not JSON)"), None
        if isinstance(exc, requests.RequestException):
            return EngineError(f"{self.name}: request failed ({type(exc).__name__})"), None
        response = transport.response
        status = response.status_code if response is not None else None
        if status == 429 or type(exc).__name__ == "TooManyRequests":
            wait = self._backoff(attempt)
            retry_after = _retry_after(response)
            if retry_after is not None:
                wait = min(max(retry_after, 0.0), self.policy.max_wait)
            return EngineError(f"{self.name}: too many requests (HTTP 429)"), wait
        if status is not None and 500 <= status <= 599:
            return EngineError(f"{self.name}: server error (HTTP {status})"), self._backoff(attempt)
        if status in (401, 403):
            return (
                EngineUnavailable(f"{self.name}: the service refused the key (HTTP {status})"),
                None,
            )
        if status is not None and not 200 <= status <= 299:
            return EngineError(f"{self.name}: request refused (HTTP {status})"), None
        return EngineError(f"{self.name}: unexpected answer ({type(exc).__name__})"), None

    def _transport_error(self, exc: requests.RequestException) -> EngineError:
        reason = _root_reason(exc)
        if reason is not None:
            return EngineUnavailable(
                f"{self.name}: cannot reach {self.where} ({reason}); {_SUGGEST}"
            )
        return EngineError(f"{self.name}: connection to {self.where} dropped")

    def _backoff(self, attempt: int) -> float:
        base = self.policy.backoff * (2**attempt)
        return float(min(self.policy.max_wait, base * (0.5 + self._random.random())))


def _root_reason(exc: BaseException) -> str | None:
    """'connection refused' / 'unknown host' / 'network unreachable' if the host cannot be reached."""
    from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError

    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, NameResolutionError):
            return "unknown host"
        if isinstance(item, ConnectionRefusedError):
            return "connection refused"
        if isinstance(item, NewConnectionError):
            text = str(item).lower()
            if "refused" in text:
                return "connection refused"
            if "name" in text and "resol" in text or "getaddrinfo" in text:
                return "unknown host"
            return "network unreachable"
        if isinstance(item, MaxRetryError) and item.reason is not None:
            stack.append(item.reason)
        stack.extend(a for a in item.args if isinstance(a, BaseException))
        for linked in (item.__cause__, item.__context__):
            if linked is not None:
                stack.append(linked)
    return None


def _retry_after(response: requests.Response | None) -> float | None:
    if response is None:
        return None
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
