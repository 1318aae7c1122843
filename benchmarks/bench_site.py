#!/usr/bin/env python3
"""What the site costs: a 1,000-article build with the source edition, the indexes and
the sitemap, against the same build without them, in one run.

    python benchmarks/bench_site.py [--articles 1000] [--runs 3]

The corpus (``corpus.py``) is built once and every catalog translated (each msgstr its
msgid, signed, so every es and pt-BR page is published); then each measured build starts from
an empty ``output/`` and no build manifest, alternating the two variants. The variant
without the site sets ``l10n.project.SITE = False`` before running the same command.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus

RUN = (
    "import sys, l10n.project as p; p.SITE = {site}; sys.argv = ['l10n', 'build'];"
    " from l10n.cli import main; main()"
)


def build(root: Path, site: bool) -> float:
    shutil.rmtree(root / "output", ignore_errors=True)
    shutil.rmtree(root / ".l10n-cache", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", RUN.format(site=site)], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    root = HERE / ".work" / "site"
    shutil.rmtree(root, ignore_errors=True)
    corpus.write_project(root, args.articles)
    with (root / "pyproject.toml").open("a") as cfg:
        cfg.write('base_url = "https://clinic.example/"\n')
    subprocess.run([sys.executable, "-m", "l10n", "build"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    from l10n.formats.pofile import dump_po, parse_po
    from l10n.quality.safety import sign

    for path in (root / "locales").rglob("*.po"):
        po = parse_po(path.read_text("utf-8"), str(path))
        for entry in po:
            if not entry.obsolete:
                entry.msgstr = entry.msgid
                sign(entry, "Benchmark", "2026-01-01", "clinician")
        path.write_text(dump_po(po), "utf-8")
    build(root, True)  # warm-up: catalogs as l10n writes them
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.runs):
        for site in (False, True):
            times[site].append(build(root, site))
    pages = len(list((root / "output").rglob("*.html")))
    without, with_ = statistics.median(times[False]), statistics.median(times[True])
    print(f"{args.articles} articles, {pages} HTML files with the site, median of {args.runs}:")
    print(f"  without source edition, indexes, sitemap: {without:.2f} s  {times[False]}")
    print(f"  with them:                                 {with_:.2f} s  {times[True]}")
    print(f"  ratio: {with_ / without:.2f}x (budget 1.30x)")
    best = min(times[True]) / min(times[False])  # least disturbed by other load
    print(f"  ratio of the fastest runs: {best:.2f}x")


if __name__ == "__main__":
    main()
