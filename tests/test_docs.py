"""Every command has help text and is documented in the README; exit codes are documented."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from l10n.cli import app
from l10n.errors import ExitStatus

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_in_the_readme(name):
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and command.help.strip()
    assert f"`l10n {name}" in README
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help, f"{name} {param.name} has no help"
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, f"{opt} of {name} is not in the README"


@pytest.mark.parametrize("status", list(ExitStatus))
def test_exit_status_is_documented(status):
    assert f"| {int(status)} |" in README


def test_help_lists_exit_statuses(l10n, tmp_path):
    r = l10n(tmp_path, "--help")
    assert r.code == 0
    for status in ExitStatus:
        assert str(int(status)) in r.out
