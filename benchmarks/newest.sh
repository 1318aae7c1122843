#!/usr/bin/env bash
# Drift finder, not part of CI: run the suite against the newest releases that
# pyproject.toml allows (ignoring requirements.lock), in a throw-away venv.
# A failure here names a dependency whose next release would break a fresh install
# once the lock is refreshed.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)/venv
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q --upgrade --upgrade-strategy eager -e ".[dev,offline]"
echo "releases newer than the lock:"
"$venv/bin/python" - <<'PY'
import re
from importlib import metadata
from packaging.utils import canonicalize_name as c
lock = dict(
    (c(m.group(1)), m.group(2))
    for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", open("requirements.lock").read(), re.M)
)
newer = [
    f"  {d.metadata['Name']}: {lock[c(d.metadata['Name'])]} -> {d.version}"
    for d in metadata.distributions()
    if c(d.metadata["Name"]) in lock and lock[c(d.metadata["Name"])] != d.version
]
print("\n".join(sorted(newer)) or "  none: the lock is current")
PY
# The lock test would only restate the list above.
"$venv/bin/python" -m pytest -q -p no:cacheprovider \
    --deselect tests/test_lock.py::test_this_environment_runs_the_locked_versions "$@"
