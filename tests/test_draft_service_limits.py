"""Drafting against a service that limits concurrency and fails now and then."""

from __future__ import annotations

import polib

from l10n.mt.draft import CatalogJob, draft_catalogs
from l10n.mt.engines import RetryPolicy
from l10n.mt.engines.services import ServiceEngine
from tests.libre_server import serve

QUICK = RetryPolicy(connect_timeout=1, read_timeout=5, attempts=5, backoff=0.01, max_wait=0.5)
WORDS = ["brain", "mind", "dose", "pain", "clinic", "guide", "text", "world"]


def jobs(texts: list[str], per_catalog: int = 4) -> list[CatalogJob]:
    out = []
    for start in range(0, len(texts), per_catalog):
        po = polib.POFile()
        for text in texts[start : start + per_catalog]:
            po.append(polib.POEntry(msgid=text, msgstr=""))
        out.append(CatalogJob(f"article-{start}", po))
    return out


def sentences(count: int) -> list[str]:
    return [
        f"The {a} and the {b} of article {'x' * (i % 7)}."
        for i, (a, b) in enumerate((a, b) for a in WORDS for b in WORDS)
    ][:count]


def test_a_429_caps_the_requests_in_flight_for_the_rest_of_the_run() -> None:
    with serve(latency=0.05, max_concurrent=2, retry_after="0") as server:
        engine = ServiceEngine("libre", key="k", base_url=server.url, policy=QUICK, batching=False)
        report = draft_catalogs(
            jobs(sentences(32)), engine, source="en", target="es", today="2026-01-01", workers=8
        )
        engine.close()
        refused = server.take_stats().get("429", 0)
    assert report.failed == [] and report.drafted == 32
    assert 1 <= refused <= 8  # the first wave only, not a retry storm


def test_a_sentence_that_fails_once_is_retried_and_drafted() -> None:
    texts = sentences(40)
    with serve(fail_one_in=4, seed=3) as server:
        engine = ServiceEngine("libre", key="k", base_url=server.url, policy=QUICK)
        report = draft_catalogs(
            jobs(texts), engine, source="en", target="es", today="2026-01-01", workers=4
        )
        engine.close()
        failed = server.take_stats().get("500", 0)
    assert failed >= 1 and report.retries >= failed
    assert report.failed == [] and report.drafted == 40


def test_without_deduplication_every_occurrence_is_sent() -> None:
    texts = sentences(6)
    repeated = jobs(texts * 3, per_catalog=6)  # the same six entries in three articles
    with serve() as server:
        counts = []
        for dedupe in (True, False):
            engine = ServiceEngine("libre", key="k", base_url=server.url, batching=False)
            report = draft_catalogs(
                repeated, engine, source="en", target="es", today="2026-01-01", dedupe=dedupe
            )
            engine.close()
            assert report.failed == [] and report.drafted == 18
            counts.append(report.requests)
            for job in repeated:  # drafted again from scratch by the next run
                for entry in job.catalog:
                    entry.msgstr, entry.flags, entry.tcomment = "", [], ""
    assert counts == [6, 18]
