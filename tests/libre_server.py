"""A LibreTranslate-API server on 127.0.0.1 for tests and benchmarks.

It "translates" deterministically: words found in a small English -> Spanish (or
Portuguese) table are replaced, every other word is kept, placeholders (``X1X``)
and line breaks are kept. It can be told to be slow, to answer 429 with
Retry-After, 500, to hang, to return garbage, to drop or invent a placeholder, to merge
lines, either for the next requests (``script``) or for every text containing a
word (``rules``). It counts requests and characters and keeps the texts it saw.

For benchmarks it can also behave like a real service: ``per_char`` seconds of extra
latency per character of the request; at most ``max_concurrent`` requests at once, a
429 with ``Retry-After`` beyond; and ``fail_one_in`` N: a sentence whose seeded hash
picks it (about 1 in N) makes the first request that contains it answer 500, later
ones succeed. ``GET /_stats`` returns and resets the counters of that behaviour.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

WORDS = {
    "es": {
        "the": "el",
        "brain": "cerebro",
        "mind": "mente",
        "ketamine": "ketamina",
        "receptor": "receptor",
        "is": "es",
        "a": "un",
        "and": "y",
        "of": "de",
        "to": "a",
        "dose": "dosis",
        "heal": "sanar",
        "treatment": "tratamiento",
        "patients": "pacientes",
        "not": "no",
        "for": "para",
        "our": "nuestro",
        "clinic": "clínica",
        "see": "ver",
        "guide": "guía",
        "this": "esto",
        "with": "con",
        "in": "en",
        "minutes": "minutos",
        "infusion": "infusión",
        "infusions": "infusiones",
        "depression": "depresión",
        "pain": "dolor",
        "hello": "hola",
        "world": "mundo",
        "text": "texto",
        "blocks": "bloquea",
    },
    "pt": {
        "the": "o",
        "brain": "cérebro",
        "mind": "mente",
        "ketamine": "cetamina",
        "is": "é",
        "a": "um",
        "and": "e",
        "of": "de",
        "dose": "dose",
        "hello": "olá",
        "world": "mundo",
        "infusion": "infusão",
        "not": "não",
        "pain": "dor",
    },
}
_WORD = re.compile(r"X\d+X|[A-Za-z]+")
_SENTENCES = re.compile(r"\n|(?<=[.!?])\s+")


def fake_translate(text: str, target: str) -> str:
    table = WORDS.get(target, {})

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        if re.fullmatch(r"X\d+X", word):
            return word
        found = table.get(word.lower())
        if found is None:
            return word
        return found.capitalize() if word[0].isupper() else found

    return _WORD.sub(swap, text)


@dataclass
class Seen:
    """One request the server received."""

    path: str
    text: str
    source: str
    target: str
    api_key: str


@dataclass
class LibreServer:
    """State and behaviour of the fake server; see the module docstring."""

    latency: float = 0.0
    hang_seconds: float = 3.0
    retry_after: str = "0"
    script: list[str] = field(default_factory=list)  # behaviours for the next requests
    rules: dict[str, str] = field(default_factory=dict)  # word in text -> behaviour
    seen: list[Seen] = field(default_factory=list)
    port: int = 0
    per_char: float = 0.0  # extra seconds per character of the request
    max_concurrent: int = 0  # 0: no limit
    fail_one_in: int = 0  # 0: no seeded failures
    seed: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    _failed: set[str] = field(default_factory=set)
    _active: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def requests(self) -> int:
        with self._lock:
            return len(self.seen)

    @property
    def characters(self) -> int:
        with self._lock:
            return sum(len(s.text) for s in self.seen)

    def texts(self) -> list[str]:
        with self._lock:
            return [s.text for s in self.seen]

    def reset(self) -> None:
        with self._lock:
            self.seen.clear()
            self.script.clear()
            self.rules.clear()

    def behaviour(self, text: str) -> str:
        with self._lock:
            for word, action in self.rules.items():
                if word in text:
                    return action
            return self.script.pop(0) if self.script else "ok"

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def count(self, name: str) -> None:
        with self._lock:
            self.counters[name] = self.counters.get(name, 0) + 1

    def enter(self) -> bool:
        """Take a concurrency slot; False when ``max_concurrent`` are already busy."""
        with self._lock:
            if self.max_concurrent and self._active >= self.max_concurrent:
                return False
            self._active += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._active -= 1

    def fails_once(self, text: str) -> bool:
        """True if ``text`` holds a seeded failing sentence not failed on before."""
        if not self.fail_one_in:
            return False
        picked = []
        for sentence in _SENTENCES.split(text):
            sentence = sentence.strip()
            digest = hashlib.blake2b(f"{self.seed}:{sentence}".encode(), digest_size=8).digest()
            if sentence and int.from_bytes(digest, "big") % self.fail_one_in == 0:
                picked.append(sentence)
        with self._lock:
            fresh = [p for p in picked if p not in self._failed]
            self._failed.update(fresh)
        return bool(fresh)

    def take_stats(self) -> dict[str, int]:
        """The counters since the last call (and forget which sentences failed)."""
        with self._lock:
            stats, self.counters = self.counters, {}
            self._failed.clear()
            return stats


def _handler(state: LibreServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes: without this, Nagle's algorithm and
            # delayed ACKs add ~40 ms to every answer on a kept-alive connection.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: object) -> None:
            return

        def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _params(self) -> dict[str, str]:
            query = parse_qs(urlsplit(self.path).query)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body: dict[str, list[str]] = {}
            if raw:
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    body = {k: [str(v)] for k, v in json.loads(raw).items()}
                else:
                    body = parse_qs(raw.decode("utf-8"))
            merged = {**query, **body}
            return {k: v[0] for k, v in merged.items()}

        def do_GET(self) -> None:
            if urlsplit(self.path).path == "/_stats":
                self._reply(200, json.dumps(state.take_stats()).encode())
                return
            if urlsplit(self.path).path.rstrip("/").endswith("languages"):
                langs = [{"code": c, "name": c} for c in ("en", "es", "pt")]
                self._reply(200, json.dumps(langs).encode())
                return
            self._reply(404, b"{}")

        def do_POST(self) -> None:
            params = self._params()
            text = params.get("q", "")
            target = params.get("target", "es")
            state.record(
                Seen(self.path, text, params.get("source", ""), target, params.get("api_key", ""))
            )
            if not state.enter():
                state.count("429")
                self._reply(429, b'{"error": "slow down"}', {"Retry-After": state.retry_after})
                return
            try:
                self._answer(text, target)
            finally:
                state.leave()

        def _answer(self, text: str, target: str) -> None:
            state.count("requests")
            if state.latency or state.per_char:
                time.sleep(state.latency + state.per_char * len(text))
            if state.fails_once(text):
                state.count("500")
                self._reply(500, b'{"error": "internal error"}')
                return
            action = state.behaviour(text)
            if action == "429":
                self._reply(429, b'{"error": "slow down"}', {"Retry-After": state.retry_after})
            elif action == "500":
                self._reply(500, b'{"error": "boom"}')
            elif action == "403":
                self._reply(403, b'{"error": "Invalid API key"}')
            elif action == "hang":
                time.sleep(state.hang_seconds)
                self._reply(200, json.dumps({"translatedText": text}).encode())
            elif action == "garbage":
                self._reply(200, b"<html>not json</html>")
            elif action == "no_text":
                self._reply(200, b'{"detectedLanguage": "en"}')
            elif action == "drop_mask":
                out = re.sub(r"X\d+X", "", fake_translate(text, target), count=1)
                self._reply(200, json.dumps({"translatedText": out}).encode())
            elif action == "invent_mask":
                out = "\n".join(f"{line} X99X" for line in fake_translate(text, target).split("\n"))
                self._reply(200, json.dumps({"translatedText": out}).encode())
            elif action == "merge_lines":
                out = fake_translate(text, target).replace("\n", " ")
                self._reply(200, json.dumps({"translatedText": out}).encode())
            else:
                out = fake_translate(text, target)
                self._reply(200, json.dumps({"translatedText": out}).encode())

    return Handler


def main() -> None:
    """``python -m tests.libre_server [LATENCY [PER_CHAR MAX_CONCURRENT RETRY_AFTER FAIL_ONE_IN
    SEED]]``: serve until stdin closes; print the URL."""
    import sys

    args = sys.argv[1:]
    options: dict[str, object] = {"latency": float(args[0]) if args else 0.0}
    if len(args) >= 6:
        options.update(
            per_char=float(args[1]),
            max_concurrent=int(args[2]),
            retry_after=args[3],
            fail_one_in=int(args[4]),
            seed=int(args[5]),
        )
    with serve(**options) as state:
        print(state.url, flush=True)
        sys.stdin.read()


@contextmanager
def serve(**options: object) -> Iterator[LibreServer]:
    """Run a server on 127.0.0.1 on a free port for the ``with`` block."""
    state = LibreServer(**options)  # type: ignore[arg-type]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
