"""The build benchmark runs end to end at a tiny size and reports what it promises."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_build.py"


def test_benchmark_smoke_run_reports_cpu_memory_and_targets(tmp_path: Path) -> None:
    # pofilter is translate-toolkit's, which the project's environment has: no download.
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--articles", "5", "--rounds", "1",
         "--peers", "pofilter", "--work", str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "Traceback" not in done.stderr
    for job in ("l10n build, from scratch", "l10n extract, from scratch",
                "l10n build, nothing changed",
                "l10n build, one article changed", "l10n build, translated render",
                "l10n check, translated catalogs", "translate-toolkit pofilter"):
        assert job in out
    # the peer is compared with l10n check, by wall and by CPU
    pofilter_line = next(
        ln for ln in out.splitlines() if ln.startswith("translate-toolkit pofilter")
    )
    assert pofilter_line.count("x") >= 2
    assert "l10n check, CPU vs pofilter" in out
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    targets = {t[0]: t[3] for t in results["targets"]}
    assert targets["build from scratch, CPU vs md2po"] == "not measured"  # md2po not run
    assert targets["  same work as md2po: l10n extract, CPU"] == "not measured"
    assert results["results"]["extract"]["cpu_median"] > 0  # it ran, and wrote templates
    assert "l10n extract: the same 5 templates (" in out
    assert targets["l10n check, CPU vs pofilter"] in ("met", "not met")
    scratch = results["results"]["scratch"]
    assert scratch["rounds"] == 1
    assert scratch["cpu_median"] > 0
    assert scratch["rss_sum_mb"] >= scratch["rss_max_mb"] > 5
    assert scratch["pss_sum_mb"] <= scratch["rss_sum_mb"]
    # every article and locale got a catalog; entries are counted for the reader
    assert "5 templates" in out and "10 PO files" in out
    # what creating a file cost on this disk, and how many files the scratch build made
    # (5 templates, 10 catalogs, a page and its Markdown per article, indexes, a sitemap)
    assert "creating a file on this disk:" in out
    made = re.search(r"l10n build from scratch creates ([\d,]+) files", out)
    assert made is not None and int(made.group(1).replace(",", "")) >= 25
    assert len(results["file_creation_s"]) == 3
    # what the rounds set aside, rather than delete while commands were timed, is gone
    assert not list(tmp_path.rglob(".discarded-*"))
    assert all(c > 0 for c in results["file_creation_s"])
    assert not (tmp_path / "runs" / "a5").exists()  # scratch copies are removed
