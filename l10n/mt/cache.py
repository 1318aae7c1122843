"""A persistent cache of machine translations, so a re-run sends nothing twice.

Rules:
- Keyed by (engine, source language, target language, masked text): the text an
  engine actually saw, with placeholders, so a sentence that differs only in a
  number or a link target is one entry.
- SQLite in one file whose path the caller gives (the CLI picks
  ``$L10N_CACHE_DIR``, ``$XDG_CACHE_HOME/l10n`` or ``~/.cache/l10n``; see
  ``default_cache_path``). Each batch is committed as it arrives, so an interrupted
  run keeps what it paid for. Used from one thread.
- Only translations are stored: no key, no URL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Self

from l10n.errors import L10nError

FILENAME = "drafts.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (engine, source, target, text)
)
"""


def default_cache_path(env: Mapping[str, str], home: Path) -> Path:
    """``$L10N_CACHE_DIR/drafts.sqlite``, else ``$XDG_CACHE_HOME/l10n/...``, else ``~/.cache/l10n/...``."""
    if env.get("L10N_CACHE_DIR"):
        return Path(env["L10N_CACHE_DIR"]) / FILENAME
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else home / ".cache"
    return base / "l10n" / FILENAME


class DraftCache:
    """Translations already paid for."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (sqlite3.Error, OSError) as exc:
            raise L10nError(f"cannot use the draft cache ({exc})", path) from None

    def get_many(
        self, engine: str, source: str, target: str, texts: Iterable[str]
    ) -> dict[str, str]:
        found: dict[str, str] = {}
        wanted = list(dict.fromkeys(texts))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT text, translation FROM translations WHERE engine = ? AND source = ?"
                f" AND target = ? AND text IN ({marks})",
                (engine, source, target, *chunk),
            )
            found.update((text, translation) for text, translation in rows)
        return found

    def put_many(
        self, engine: str, source: str, target: str, pairs: Iterable[tuple[str, str]]
    ) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO translations (engine, source, target, text, translation)"
            " VALUES (?, ?, ?, ?, ?)",
            [(engine, source, target, text, translation) for text, translation in pairs],
        )
        self._db.commit()

    def __len__(self) -> int:
        (count,) = self._db.execute("SELECT COUNT(*) FROM translations").fetchone()
        return int(count)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
