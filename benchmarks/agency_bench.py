#!/usr/bin/env python3
"""Time the agency commands on the benchmark corpus (see README.md in this folder).

Builds the 1,000-article corpus (``corpus.py``), runs ``l10n build`` once (untimed),
then times, each in a fresh process, median of ``--runs``:

- ``l10n xliff export -l es --all``: the hand-off of every entry of one locale;
- ``l10n xliff import .l10n/agency/es.xlf``: the same file back, untouched;
- ``l10n xliff import`` of a return with every target filled with real Spanish (the
  repository's reviewed translations, recombined as the corpus is: untimed, exported
  from a copy whose catalogs ``bench_build.fill_translations`` filled) into the
  untranslated catalogs: every unit validated, checked and imported, and 1,000
  catalogs written;
- ``l10n analyze -l es -l pt_BR --format json``: the word analysis of both locales.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import fill_translations
from corpus import write_project

L10N = [sys.executable, "-m", "l10n"]


def timed(cwd: Path, *args: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, all processes) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*L10N, *args], cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0,):
        sys.exit(f"l10n {' '.join(args)} failed ({done.returncode}): {done.stderr or done.stdout}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = HERE / ".work" / f"agency-{args.articles}"
    shutil.rmtree(work, ignore_errors=True)
    write_project(work, args.articles)
    subprocess.run([*L10N, "build"], cwd=work, check=True, capture_output=True)
    rows = []

    def measure(name: str, target: float, *command: str, before: object = None) -> None:
        walls, cpus = [], []
        for _ in range(args.runs):
            if callable(before):
                before()
            wall, cpu = timed(work, *command)
            walls.append(wall)
            cpus.append(cpu)
        rows.append((name, statistics.median(walls), statistics.median(cpus), target))

    xlf = work / ".l10n" / "agency" / "es.xlf"
    measure("xliff export -l es --all", 2.0, "xliff", "export", "-l", "es", "--all")
    measure("xliff import (untouched)", 2.0, "xliff", "import", str(xlf))
    pristine = {p: p.read_bytes() for p in (work / "locales" / "es" / "LC_MESSAGES").glob("*.po")}
    filled_project = work.with_name(work.name + "-filled")
    shutil.rmtree(filled_project, ignore_errors=True)
    shutil.copytree(work, filled_project)
    _, units = fill_translations(filled_project)
    units //= 2  # es and pt_BR were filled; the return is Spanish
    subprocess.run([*L10N, "xliff", "export", "-l", "es", "--all"], cwd=filled_project,
                   check=True, capture_output=True)
    filled = xlf.with_name("es-filled.xlf")
    shutil.copy(filled_project / ".l10n" / "agency" / "es.xlf", filled)
    shutil.rmtree(filled_project)

    def restore() -> None:
        for p, data in pristine.items():
            p.write_bytes(data)

    measure(f"xliff import ({units} units translated)", 2.0, "xliff", "import", str(filled),
            before=restore)
    measure("analyze -l es -l pt_BR", 3.0, "analyze", "-l", "es", "-l", "pt_BR", "--format", "json")
    load = os.getloadavg()[0]
    print(f"{args.articles} articles, median of {args.runs} runs; load average {load:.1f}"
          f" on {os.cpu_count()} cores")
    print(f"{'scenario':48} {'wall s':>7} {'cpu s':>7} {'target':>7}  met (wall)")
    for name, wall, cpu, target in rows:
        print(f"{name:48} {wall:7.2f} {cpu:7.2f} {target:7.1f}  {'yes' if wall <= target else 'NO'}")


if __name__ == "__main__":
    main()
