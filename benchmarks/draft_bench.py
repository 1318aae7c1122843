"""Benchmark of ``l10n draft`` against a LibreTranslate-API server on 127.0.0.1 that
behaves like a real service.

The server (``tests/libre_server.py``, in its own process: no shared GIL):

- answers after a fixed part plus a per-character part (``--latency``, ``--per-char``);
- serves at most ``--max-concurrent`` requests at once and answers 429 with
  ``Retry-After: 1`` beyond;
- makes 1 sentence in ``--fail-one-in`` (20) fail: the first request containing it
  answers 500 (a seeded hash picks the sentences, so every run fails the same ones);
  the retry succeeds.

The corpus: ``--segments`` sentences (1,000) from the five explainers in ``source/``,
grouped 1-3 to an entry and 12 entries to an article. 70% are distinct (an explainer
sentence behind one of 20 openers such as "For many patients,"); 30% repeat, across
articles, one of 30 explainer sentences, as the explainers themselves repeat sentences.
No digits or markup: what the server sees is what a plain script would send.

Measured, round by round in a shuffled order (medians of ``--runs`` rounds), each with
the server's counters reset:

- the baseline: one request per entry, one after the other, through the same engine
  and retry policy as l10n (``ServiceEngine`` without batching, one worker);
- ``l10n draft`` as shipped (8 workers, batching, de-duplication);
- the same with one factor disabled in turn (one worker; one text per request; every
  occurrence sent), and with all three disabled.

What each factor is worth is the time (and requests) of the run without it divided by
the full run's. Run from the repository root::

    python benchmarks/draft_bench.py
    python benchmarks/draft_bench.py --segments 300 --runs 3
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n.mt.draft import CatalogJob, draft_catalogs
from l10n.mt.engines import RetryPolicy
from l10n.mt.engines.services import ServiceEngine

OPENERS = [
    "For many patients,",
    "In our experience,",
    "According to recent studies,",
    "At the clinic,",
    "As doctors explain,",
    "In simple terms,",
    "Put another way,",
    "For this reason,",
    "In most cases,",
    "As a result,",
    "Over several weeks,",
    "In practice,",
    "Under medical supervision,",
    "For some people,",
    "During treatment,",
    "In the long run,",
    "As research shows,",
    "In other words,",
    "After each session,",
    "Just as importantly,",
]
_PLAIN = re.compile(r"[A-Za-z ,;:'’()-]+[.!?]")


def explainer_sentences() -> list[str]:
    """The distinct plain sentences of the five explainers, in reading order."""
    from l10n.extract import template
    from l10n.markdown import parse_article

    found: dict[str, None] = {}
    for path in sorted((ROOT / "source").glob("*.md")):
        article = parse_article(path.read_text("utf-8"), path.name)
        for entry in template(article, path.stem, "2026-01-01 00:00+0000"):
            for sentence in re.split(r"(?<=[.!?])\s+", entry.msgid):
                if _PLAIN.fullmatch(sentence) and len(sentence) > 30:
                    found[sentence] = None
    return list(found)


def corpus(segments: int, repeat_share: float = 0.3, seed: int = 7) -> list[list[str]]:
    """Articles (lists of entries) holding ``segments`` sentences; see the module docstring."""
    rng = random.Random(seed)
    sentences = explainer_sentences()
    shared = sentences[:30]
    distinct = [f"{o} {s[0].lower()}{s[1:]}" for s in sentences[30:] for o in OPENERS]
    rng.shuffle(distinct)
    repeats = round(segments * repeat_share)
    if segments - repeats > len(distinct):
        raise SystemExit(f"at most {len(distinct)} distinct segments")
    slots = distinct[: segments - repeats] + [rng.choice(shared) for _ in range(repeats)]
    rng.shuffle(slots)
    entries: list[str] = []
    while slots:
        size = rng.randint(1, 3)
        entries.append(" ".join(slots[:size]))
        slots = slots[size:]
    return [entries[i : i + 12] for i in range(0, len(entries), 12)]


@dataclass
class Server:
    url: str

    def stats(self) -> dict[str, int]:
        """What the server did since the last call (its counters are reset)."""
        with urllib.request.urlopen(self.url + "_stats", timeout=10) as answer:
            return dict(json.load(answer))


@contextlib.contextmanager
def server(args: argparse.Namespace) -> Iterator[Server]:
    options = [args.latency, args.per_char, args.max_concurrent, 1, args.fail_one_in, 1]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.libre_server", *map(str, options)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield Server(process.stdout.readline().strip())
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)


def _engine(url: str, batching: bool) -> ServiceEngine:
    # max_consecutive_failures is the default; seeded so the backoff jitter repeats.
    return ServiceEngine("libre", key="bench", base_url=url, batching=batching, seed=1)


def baseline(url: str, articles: list[list[str]]) -> tuple[float, int]:
    """One request per entry, sequentially, with l10n's retry policy."""
    engine = _engine(url, batching=False)
    start = time.perf_counter()
    for entries in articles:
        for text in entries:
            engine.translate([text], "en", "es")
    elapsed = time.perf_counter() - start
    engine.close()
    return elapsed, engine.stats.requests


def drafted(
    url: str, articles: list[list[str]], *, workers: int, batching: bool, dedupe: bool
) -> tuple[float, int]:
    jobs = []
    for number, entries in enumerate(articles):
        po = polib.POFile()
        for text in entries:
            if not po.find(text):
                po.append(polib.POEntry(msgid=text, msgstr=""))
        jobs.append(CatalogJob(f"article-{number}", po))
    engine = _engine(url, batching)
    start = time.perf_counter()
    report = draft_catalogs(
        jobs,
        engine,
        source="en",
        target="es",
        today="2026-01-01",
        workers=workers,
        dedupe=dedupe,
    )
    elapsed = time.perf_counter() - start
    engine.close()
    if report.failed:
        raise SystemExit(f"{len(report.failed)} entries failed: {report.failed[:3]}")
    return elapsed, report.requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.04, help="fixed seconds per request")
    parser.add_argument("--per-char", type=float, default=0.00005, help="seconds per character")
    parser.add_argument("--max-concurrent", type=int, default=4)
    parser.add_argument("--fail-one-in", type=int, default=20)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    assert RetryPolicy().attempts > 1

    articles = corpus(args.segments)
    entries = sum(len(a) for a in articles)
    w = args.workers
    configs = {
        "baseline: sequential, one request per entry": None,
        f"l10n draft ({w} workers, batching, de-duplication)": (w, True, True),
        "  without the pool (1 worker)": (1, True, True),
        "  without batching (one text per request)": (w, False, True),
        "  without de-duplication (every occurrence sent)": (w, True, False),
        "  with none of the three": (1, False, False),
    }
    times: dict[str, list[float]] = {name: [] for name in configs}
    counts: dict[str, tuple[int, dict[str, int]]] = {}
    order = list(configs)
    rng = random.Random(11)
    with server(args) as remote:
        for _ in range(args.runs):
            rng.shuffle(order)
            for name in order:
                remote.stats()
                config = configs[name]
                if config is None:
                    elapsed, requests = baseline(remote.url, articles)
                else:
                    workers, batching, dedupe = config
                    elapsed, requests = drafted(
                        remote.url, articles, workers=workers, batching=batching, dedupe=dedupe
                    )
                times[name].append(elapsed)
                counts[name] = (requests, remote.stats())

    medians = {name: statistics.median(values) for name, values in times.items()}
    base_name, full_name = list(configs)[:2]
    print(
        f"{args.segments} sentences in {entries} entries of {len(articles)} articles, 30% repeated;"
        f" server: {args.latency * 1000:.0f} ms + {args.per_char * 1e6:.0f} us/char,"
        f" {args.max_concurrent} at once (429 + Retry-After: 1 beyond),"
        f" 1 sentence in {args.fail_one_in} fails once (500); medians of {args.runs} rounds"
    )
    print(f"{'':52} {'seconds':>8} {'speed-up':>8} {'requests':>8} {'429s':>5} {'500s':>5}")
    for name in configs:
        requests, stats = counts[name]
        print(
            f"{name:52} {medians[name]:8.2f} {medians[base_name] / medians[name]:7.1f}x"
            f" {requests:8d} {stats.get('429', 0):5d} {stats.get('500', 0):5d}"
        )
    print(f"what each factor is worth (the run without it against {full_name.split(' (')[0]}):")
    full, full_requests = medians[full_name], counts[full_name][0]
    for name in list(configs)[2:5]:
        print(
            f"  {name.strip().removeprefix('without ').split(' (')[0]:18}"
            f" {medians[name] / full:5.1f}x the time, {counts[name][0] / full_requests:5.1f}x"
            " the requests"
        )


if __name__ == "__main__":
    main()
