"""Shared fixtures: a throw-away project and an in-process ``l10n`` runner."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from l10n.entry import main

REPO = Path(__file__).resolve().parent.parent
CONFIG = """[tool.l10n]
source = "source"
catalogs = "locales"
output = "output"
source_language = "en"
locales = ["es", "pt_BR"]
threshold = 80
"""


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project holding the repository's five articles and a standard configuration."""
    shutil.copytree(REPO / "source", tmp_path / "source")
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


@pytest.fixture
def l10n(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``l10n ARGS`` in a folder, the way a user does, and return exit code and output."""

    def run(cwd: Path, *args: str) -> Result:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["l10n", *args])
        capsys.readouterr()
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        else:  # pragma: no cover - main always exits
            code = 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
