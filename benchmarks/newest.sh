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
echo "newest releases:"
"$venv/bin/pip" list --format freeze | diff <(grep -E '^[a-z0-9._-]+==' requirements.lock | sed 's/ .*//' | sort -f) <(sort -f -) | grep '^[<>]' || echo "  (same as the lock)"
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
