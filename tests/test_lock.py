"""The committed lock is what installs run on, and it agrees with pyproject.toml.

A fresh machine must get the versions the suite passed with: the README's set-up
commands and .ci/run install through requirements.lock (with hashes), every
dependency of pyproject.toml is pinned there inside its declared range, and the
environment running these tests holds exactly the pinned versions.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = (ROOT / "requirements.lock").read_text("utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
INSTALL = "pip install -q --require-hashes -r requirements.lock"


def _pins() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every pin of the lock."""
    pins: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", LOCK):
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", block)
        if m:
            pins[canonicalize_name(m.group(1))] = (m.group(2), block.count("--hash=sha256:"))
    return pins


PINS = _pins()
DECLARED = [
    Requirement(r)
    for r in [
        *PYPROJECT["project"]["dependencies"],
        *PYPROJECT["project"]["optional-dependencies"]["offline"],
        *PYPROJECT["project"]["optional-dependencies"]["dev"],
    ]
]


@pytest.mark.parametrize("req", DECLARED, ids=str)
def test_every_dependency_is_pinned_with_hashes_inside_its_range(req):
    name = canonicalize_name(req.name)
    assert name in PINS, f"{req.name} is not in requirements.lock: refresh the lock"
    version, hashes = PINS[name]
    assert hashes >= 1, f"{req.name} has no hash in the lock"
    assert req.specifier.contains(Version(version), prereleases=True), (
        f"the lock pins {req.name}=={version}, outside {req.specifier}"
    )


@pytest.mark.parametrize(
    "req",
    [Requirement(r) for r in PYPROJECT["project"]["dependencies"]],
    ids=str,
)
def test_runtime_dependencies_have_an_upper_bound(req):
    assert any(s.operator in ("<", "<=", "~=", "==") for s in req.specifier), (
        f"{req} has no upper bound: a new major version could break installs"
    )


def test_this_environment_runs_the_locked_versions():
    """The suite is only evidence for the lock when it runs on the lock."""
    wrong = []
    for name, (version, _) in sorted(PINS.items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name}: not installed (lock: {version})")
            continue
        if Version(installed) != Version(version):
            wrong.append(f"{name}: {installed} installed, lock pins {version}")
    assert not wrong, "install through requirements.lock:\n" + "\n".join(wrong)


def test_readme_and_ci_install_through_the_lock():
    readme = (ROOT / "README.md").read_text("utf-8")
    first_blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.DOTALL)[:2]
    assert len(first_blocks) == 2
    assert "l10n build" in first_blocks[0] and "pytest" in first_blocks[1]
    for block in first_blocks:
        assert INSTALL in block and "--no-deps" in block
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert INSTALL in ci and "pip install -q --no-deps" in ci
