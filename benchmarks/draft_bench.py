"""Benchmark of ``l10n draft`` against a LibreTranslate-API server on 127.0.0.1.

What it measures, in one run:

1. 1,000 distinct segments through the loopback server answering each request after
   50 ms: wall time of ``draft_catalogs`` (pool of workers, several sentences per
   request) against a sequential baseline sending one request per entry through
   deep-translator's LibreTranslator, as a plain script would. Target: >= 8x faster.
2. The five explainers in ``source/``: requests sent against their entry count, then
   a second run with the same cache, which must send 0 requests.

Medians over ``--runs`` runs (the baseline runs ``--baseline-runs`` times: it takes
about a minute). Nothing leaves the machine: the server listens on 127.0.0.1 and
stops at the end. Run from the repository root::

    python benchmarks/draft_bench.py
    python benchmarks/draft_bench.py --segments 200 --runs 5
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n.cache import DraftCache
from l10n.draft import CatalogJob, draft_catalogs
from l10n.engines import EngineSettings, make_engine


class _Remote:
    def __init__(self, url: str):
        self.url = url


@contextlib.contextmanager
def remote_server(latency: float) -> Iterator[_Remote]:
    """The loopback server in its own process, as a real service would be (no shared GIL)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.libre_server", str(latency)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield _Remote(process.stdout.readline().strip())
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)


SUBJECTS = [
    "The brain",
    "Ketamine",
    "A patient",
    "The clinic",
    "Each infusion",
    "Our team",
    "The receptor",
    "This treatment",
    "A doctor",
    "The nurse",
]
VERBS = [
    "helps",
    "changes",
    "supports",
    "protects",
    "restores",
    "follows",
    "measures",
    "improves",
    "guides",
    "calms",
]
OBJECTS = [
    "the mind",
    "mood and sleep",
    "chronic pain",
    "daily life",
    "new connections",
    "the nervous system",
    "hope and balance",
    "memory function",
    "the whole body",
    "every session",
]


def segments(count: int) -> list[str]:
    """``count`` distinct one-sentence segments without digits (digits would be masked)."""
    out = []
    for subject, verb, obj in itertools.product(SUBJECTS, VERBS, OBJECTS):
        out.append(f"{subject} {verb} {obj} in a careful and measured way.")
        if len(out) == count:
            return out
    raise SystemExit(f"at most {len(out)} segments")


def jobs_for(texts: list[str], per_catalog: int = 100) -> list[CatalogJob]:
    jobs = []
    for start in range(0, len(texts), per_catalog):
        po = polib.POFile()
        for text in texts[start : start + per_catalog]:
            po.append(polib.POEntry(msgid=text, msgstr=""))
        jobs.append(CatalogJob(f"catalog-{start // per_catalog}", po))
    return jobs


def explainer_jobs() -> list[CatalogJob]:
    from l10n.extract import template
    from l10n.markdown import parse_article

    jobs = []
    for path in sorted((ROOT / "source").glob("*.md")):
        article = parse_article(path.read_text("utf-8"), path.name)
        pot = template(article, path.stem, "2026-01-01 00:00+0000")
        po = polib.POFile()
        for entry in pot:
            if entry.msgid:
                po.append(polib.POEntry(msgid=entry.msgid, msgstr=""))
        jobs.append(CatalogJob(path.stem, po))
    return jobs


def baseline(url: str, texts: list[str]) -> float:
    """One request per entry, one after the other, deep-translator as documented."""
    from deep_translator import LibreTranslator

    client = LibreTranslator(source="en", target="es", api_key="bench", custom_url=url)
    start = time.perf_counter()
    for text in texts:
        client.translate(text)
    return time.perf_counter() - start


def pooled(url: str, texts: list[str], workers: int, batching: bool = True) -> tuple[float, int]:
    from l10n.engines.services import ServiceEngine

    engine = ServiceEngine("libre", key="bench", base_url=url, batching=batching)
    jobs = jobs_for(texts)
    start = time.perf_counter()
    report = draft_catalogs(
        jobs, engine, source="en", target="es", today="2026-01-01", workers=workers
    )
    elapsed = time.perf_counter() - start
    getattr(engine, "close", lambda: None)()
    assert report.drafted == len(texts) and not report.failed, report.failed[:3]
    return elapsed, report.requests


def explainers(url: str, workers: int, folder: Path) -> tuple[int, int, int, int]:
    """(entries, requests of a first run, distinct texts sent, requests of a second run)."""
    counts = []
    for _ in range(2):
        jobs = explainer_jobs()
        engine = make_engine("libre", EngineSettings(libre_url=url))
        with DraftCache(folder / "drafts.sqlite") as cache:
            report = draft_catalogs(
                jobs,
                engine,
                source="en",
                target="es",
                today="2026-01-01",
                cache=cache,
                workers=workers,
            )
        getattr(engine, "close", lambda: None)()
        counts.append(report)
    first, second = counts
    return first.candidates, first.requests, first.to_send, second.requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-runs", type=int, default=1)
    args = parser.parse_args()

    texts = segments(args.segments)
    with remote_server(args.latency) as server:
        ours, unbatched = [], []
        requests = single_requests = 0
        for _ in range(args.runs):
            elapsed, requests = pooled(server.url, texts, args.workers)
            ours.append(elapsed)
            elapsed, single_requests = pooled(server.url, texts, args.workers, batching=False)
            unbatched.append(elapsed)
        base = [baseline(server.url, texts) for _ in range(args.baseline_runs)]
        with tempfile.TemporaryDirectory() as folder:
            entries, first, distinct, second = explainers(server.url, args.workers, Path(folder))

    ours_median, base_median = statistics.median(ours), statistics.median(base)
    single_median = statistics.median(unbatched)
    print(
        f"{args.segments} distinct segments, {args.latency * 1000:.0f} ms per request, "
        f"{args.workers} workers"
    )
    print(
        f"  baseline (sequential, one request per entry): {base_median:8.2f} s median of "
        f"{len(base)}, {args.segments} requests"
    )
    print(
        f"  l10n draft:                                  {ours_median:8.2f} s median of "
        f"{len(ours)}, {requests} requests"
    )
    print(
        f"  l10n draft, one text per request (pool only): {single_median:8.2f} s median of "
        f"{len(unbatched)}, {single_requests} requests"
    )
    print(
        f"  speed-up: {base_median / ours_median:.1f}x; pool alone: "
        f"{base_median / single_median:.1f}x (target >= 8x)"
    )
    print("five explainers (source/*.md):")
    print(
        f"  {entries} entries; first run: {first} requests for {distinct} distinct texts;"
        f" second run: {second} requests"
    )


if __name__ == "__main__":
    main()
