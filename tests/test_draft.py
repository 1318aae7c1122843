"""Drafting: which entries, what a draft looks like, dedup, cache, memory, failures, resume."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from l10n.errors import EngineError
from l10n.glossary import parse_glossary
from l10n.mt.cache import DraftCache, default_cache_path
from l10n.mt.draft import (
    CatalogJob,
    DraftReport,
    apply_draft,
    draft_catalogs,
    is_machine_draft,
    summary_lines,
)
from l10n.mt.engines import EngineSettings, EngineStats, EngineUnavailable, RetryPolicy, make_engine
from l10n.mt.engines.memory import TranslationMemory
from l10n.mt.engines.services import ServiceEngine
from l10n.notes import text_hash
from tests.libre_server import LibreServer, serve

TODAY = "2026-03-04"
FAST = RetryPolicy(connect_timeout=0.5, read_timeout=0.5, attempts=2, backoff=0.01, max_wait=0.2)
REPO = Path(__file__).resolve().parent.parent


def catalog(*entries: tuple[str, str] | polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    for item in entries:
        po.append(
            item
            if isinstance(item, polib.POEntry)
            else polib.POEntry(msgid=item[0], msgstr=item[1])
        )
    return po


class Fake:
    """A local engine that upper-cases words and records what it was asked."""

    name = "fake"
    remote = True
    max_chars = 2000
    batch_texts = 40
    sentence_units = True

    def __init__(
        self,
        fail_on: str = "",
        unavailable_after: int | None = None,
        delay: float = 0,
        max_chars: int = 2000,
    ):
        self.max_chars = max_chars
        self.stats = EngineStats()
        self.calls: list[list[str]] = []
        self.fail_on = fail_on
        self.unavailable_after = unavailable_after
        self.delay = delay
        self._lock = threading.Lock()

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        with self._lock:
            self.calls.append(list(texts))
            count = len(self.calls)
        if self.delay:
            time.sleep(self.delay)
        if self.unavailable_after is not None and count > self.unavailable_after:
            raise EngineUnavailable("fake: cannot reach the service")
        if self.fail_on and any(self.fail_on in t for t in texts):
            raise EngineError("fake: server error (HTTP 500)")
        for t in texts:
            self.stats.sent(len(t))
        return [t.upper() for t in texts]

    @property
    def sent(self) -> list[str]:
        return [t for call in self.calls for t in call]


def run(jobs: list[CatalogJob], engine: object, **kw: object) -> DraftReport:
    options: dict[str, object] = {"source": "en", "target": "es", "today": TODAY}
    options.update(kw)
    return draft_catalogs(jobs, engine, **options)  # type: ignore[arg-type]


@pytest.fixture
def server() -> Iterator[LibreServer]:
    with serve() as state:
        yield state


def libre(server: LibreServer, **settings: object) -> ServiceEngine:
    engine = make_engine("libre", EngineSettings(libre_url=server.url, policy=FAST, **settings))  # type: ignore[arg-type]
    assert isinstance(engine, ServiceEngine)
    return engine


# --- which entries, and what a draft is ------------------------------------------


def test_only_empty_entries_get_fuzzy_drafts_with_provenance(server: LibreServer) -> None:
    reviewed = polib.POEntry(msgid="The brain.", msgstr="El cerebro (revisado).")
    human_fuzzy = polib.POEntry(msgid="The mind.", msgstr="La mente?", flags=["fuzzy"])
    obsolete = polib.POEntry(msgid="Old text.", msgstr="", obsolete=True)
    po = catalog(("Hello world.", ""), reviewed, human_fuzzy, obsolete)
    engine = libre(server)
    report = run([CatalogJob("a", po)], engine)
    engine.close()
    hello = po.find("Hello world.")
    assert hello is not None
    assert hello.msgstr == "Hola mundo."
    assert hello.flags == ["fuzzy"]
    assert hello.tcomment == f"machine draft: libre, {TODAY} mt:{text_hash(hello.msgstr)}"
    assert reviewed.msgstr == "El cerebro (revisado)." and human_fuzzy.msgstr == "La mente?"
    assert obsolete.msgstr == ""
    assert report.candidates == 1 and report.from_engine == 1 and report.failed == []
    assert server.texts() == ["Hello world."]


def test_refresh_replaces_only_unreviewed_machine_drafts(server: LibreServer) -> None:
    machine = polib.POEntry(
        msgid="Hello world.",
        msgstr="old",
        flags=["fuzzy"],
        tcomment=f"machine draft: google, 2025-01-01 mt:{text_hash('old')}\nkeep this note",
    )
    reviewed = polib.POEntry(
        msgid="The brain.", msgstr="Cerebro.", tcomment="machine draft: google, 2025-01-01"
    )  # no longer fuzzy
    person = polib.POEntry(msgid="The mind.", msgstr="Mente.", flags=["fuzzy"])
    edited = polib.POEntry(  # the engine wrote "Pulmon", a translator fixed it
        msgid="The lung.", msgstr="Pulmón.", flags=["fuzzy"],
        tcomment=f"machine draft: google, 2025-01-01 mt:{text_hash('Pulmon')}",
    )
    older = polib.POEntry(  # drafted before drafts recorded their text: nobody can tell
        msgid="The heart.", msgstr="Corazon.", flags=["fuzzy"],
        tcomment="machine draft: google, 2025-01-01",
    )
    po = catalog(machine, reviewed, person, edited, older)
    engine = libre(server)
    assert run([CatalogJob("a", po)], engine).candidates == 0
    report = run([CatalogJob("a", po)], engine, refresh=True)
    engine.close()
    assert report.candidates == 1
    assert machine.msgstr == "Hola mundo."
    assert machine.tcomment == (
        f"machine draft: libre, {TODAY} mt:{text_hash('Hola mundo.')}\nkeep this note"
    )
    assert reviewed.msgstr == "Cerebro." and person.msgstr == "Mente."
    assert edited.msgstr == "Pulmón." and older.msgstr == "Corazon."
    assert report.kept_edited == ["a: The lung.", "a: The heart."]
    assert "  2 drafts kept, not refreshed: edited since the engine wrote them" in "\n".join(
        summary_lines(report, "es")
    )


def test_apply_draft_and_is_machine_draft() -> None:
    entry = polib.POEntry(msgid="a", tcomment="glossary: old\nnote", flags=["python-format"])
    apply_draft(entry, "b", ["machine draft: x, 2026-01-01"])
    assert entry.flags == ["fuzzy", "python-format"]
    assert entry.tcomment == f"machine draft: x, 2026-01-01 mt:{text_hash('b')}\nnote"
    assert is_machine_draft(entry)
    entry.msgstr = "b, edited by a person"
    assert not is_machine_draft(entry)
    entry.msgstr = "b"
    entry.flags.remove("fuzzy")
    assert not is_machine_draft(entry)


def test_masks_and_numbers_survive_a_real_round_trip(server: LibreServer) -> None:
    text = "Take **0.5 mg/kg** of ketamine, see [the guide](https://example.org/g) and `code`."
    po = catalog((text, ""))
    engine = libre(server)
    run([CatalogJob("a", po)], engine)
    engine.close()
    assert po[0].msgstr == (
        "Take **0,5 mg/kg** de ketamina, ver [el guía](https://example.org/g) y `code`."
    )
    assert "example.org" not in server.texts()[0]


def test_glossary_notes_name_the_missing_preferred_term(server: LibreServer) -> None:
    glossary = parse_glossary(
        "term,kind,es,note\nketamine,term,ketamina,\nbrain,term,encéfalo,\nNMDA,dnt,,\n", "g.csv"
    )
    po = catalog(("The brain and ketamine block NMDA.", ""))
    engine = libre(server)
    report = run([CatalogJob("a", po)], engine, glossary=glossary)
    engine.close()
    assert po[0].msgstr == "El cerebro y ketamina block NMDA."
    assert po[0].tcomment == (
        f'machine draft: libre, {TODAY} mt:{text_hash(po[0].msgstr)}\nglossary: expected "encéfalo" for "brain"'
    )
    assert report.glossary_notes == 1
    assert "NMDA" not in server.texts()[0]  # do-not-translate terms are masked


# --- sending each text once --------------------------------------------------------


def test_identical_text_is_sent_once_across_articles() -> None:
    shared = "Ketamine blocks the receptor. It works fast."
    jobs = [
        CatalogJob("a", catalog((shared, ""), ("Only in a.", ""))),
        CatalogJob("b", catalog((shared, ""), ("It works fast.", ""), ("Give 5 mg.", ""))),
        CatalogJob("c", catalog(("Give 2.5 mg.", ""))),
    ]
    engine = Fake()
    report = run(jobs, engine, target="es")
    assert sorted(engine.sent) == sorted(
        ["Ketamine blocks the receptor.", "It works fast.", "Only in a.", "Give X1X."]
    )
    assert report.drafted == 6
    assert jobs[2].catalog[0].msgstr == "GIVE 2,5 mg."  # one request, each its own number
    assert jobs[1].catalog[2].msgstr == "GIVE 5 mg."


def test_articles_000_and_002_share_sentences_sent_once(server: LibreServer) -> None:
    from l10n.extract import template
    from l10n.markdown import parse_article

    jobs = []
    for slug in ("healing-the-brain-to-heal-the-mind", "how-does-ketamine-work"):
        path = REPO / "source" / f"{slug}.md"
        article = parse_article(path.read_text("utf-8"), path.name)
        pot = template(article, slug, "2026-01-01 00:00+0000")
        jobs.append(CatalogJob(slug, catalog(*[(e.msgid, "") for e in pot if e.msgid])))
    engine = libre(server)
    report = run(jobs, engine, workers=4)
    engine.close()
    assert report.failed == [] and report.drafted == report.candidates
    lines = [line for text in server.texts() for line in text.split("\n")]
    assert len(lines) == len(set(lines))  # no sentence twice
    assert report.requests < report.candidates  # fewer requests than entries


def test_cache_makes_a_rerun_send_nothing(server: LibreServer, tmp_path: Path) -> None:
    def jobs() -> list[CatalogJob]:
        return [CatalogJob("a", catalog(("Hello world.", ""), ("The brain is 2.5 mg.", "")))]

    first_jobs = jobs()
    with DraftCache(tmp_path / "drafts.sqlite") as cache:
        engine = libre(server)
        first = run(first_jobs, engine, cache=cache)
        engine.close()
        assert first.from_engine == 2 and server.requests == 1
    second_jobs = jobs()
    with DraftCache(tmp_path / "drafts.sqlite") as cache:
        assert len(cache) == 2
        engine = libre(server)
        second = run(second_jobs, engine, cache=cache)
        engine.close()
    assert server.requests == 1  # nothing new sent
    assert second.from_cache == 2 and second.requests == 0
    assert [e.msgstr for e in second_jobs[0].catalog] == [e.msgstr for e in first_jobs[0].catalog]


def test_default_cache_path() -> None:
    home = Path("/home/u")
    assert default_cache_path({}, home) == home / ".cache/l10n/drafts.sqlite"
    assert default_cache_path({"XDG_CACHE_HOME": "/x"}, home) == Path("/x/l10n/drafts.sqlite")
    assert default_cache_path({"L10N_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x"}, home) == Path(
        "/c/drafts.sqlite"
    )


def test_dry_run_sends_and_changes_nothing(server: LibreServer, tmp_path: Path) -> None:
    po = catalog(("Hello world.", ""), ("The brain.", ""), ("Hello world.", ""))
    saved: list[str] = []
    engine = libre(server)
    report = run([CatalogJob("a", po)], engine, dry_run=True, save=lambda j: saved.append(j.name))
    engine.close()
    assert server.requests == 0 and saved == []
    assert all(e.msgstr == "" for e in po)
    assert report.to_send == 2 and report.to_send_characters == len("Hello world.The brain.")
    assert "would send 2 texts, 22 characters" in summary_lines(report, "es")[0]


# --- failures ------------------------------------------------------------------------


def test_a_lost_mask_is_repaired_by_translating_around_it(server: LibreServer) -> None:
    server.rules["Visit"] = "drop_mask"
    po = catalog(("Visit [our clinic](https://c.example) today.", ""))
    engine = libre(server)
    report = run([CatalogJob("a", po)], engine)
    engine.close()
    assert report.failed == []
    assert po[0].msgstr == "Visit [nuestro clínica](https://c.example) today."
    assert server.texts()[-1] == "Visit\nour clinic\ntoday."  # the text between the tokens


def test_an_unrepairable_mask_is_reported_not_written_not_cached(
    server: LibreServer, tmp_path: Path
) -> None:
    server.rules["Visit"] = "invent_mask"
    po = catalog(("Visit [our clinic](https://c.example) today.", ""), ("Hello world.", ""))
    with DraftCache(tmp_path / "c.sqlite") as cache:
        engine = libre(server)
        report = run([CatalogJob("a", po)], engine, cache=cache)
        engine.close()
        assert len(cache) == 1
    assert po[0].msgstr == "" and po[1].msgstr == "Hola mundo."
    assert [p.reason for p in report.failed] == ["placeholders did not come back: X99X unknown"]
    assert "1 failed" in summary_lines(report, "es")[0]


def test_one_failing_text_does_not_stop_the_others(server: LibreServer) -> None:
    server.rules["POISON"] = "500"
    po = catalog(("POISON here.", ""), ("Hello world.", ""), ("The brain.", ""))
    engine = libre(server)
    report = run([CatalogJob("a", po)], engine)
    engine.close()
    assert [e.msgstr for e in po] == ["", "Hola mundo.", "El cerebro."]
    assert [p.reason for p in report.failed] == ["libre: server error (HTTP 500)"]


def test_unreachable_engine_changes_nothing() -> None:
    memory = TranslationMemory([("The brain.", "El cerebro.")])
    po = catalog(("The brain.", ""), ("Hello.", ""))
    saved: list[str] = []
    engine = Fake(unavailable_after=0)
    with pytest.raises(EngineUnavailable):
        run([CatalogJob("a", po)], engine, memory=memory, save=lambda j: saved.append(j.name))
    assert saved == []


def test_network_lost_mid_run_keeps_finished_catalogs() -> None:
    jobs = [CatalogJob(n, catalog((f"Text of {n}.", ""))) for n in ("a", "b", "c", "d")]
    saved: list[str] = []
    engine = Fake(unavailable_after=2, max_chars=12)  # one text a batch
    with pytest.raises(EngineUnavailable):
        run(jobs, engine, save=lambda j: saved.append(j.name), workers=1)
    assert saved == ["a", "b"]
    assert jobs[0].catalog[0].msgstr == "TEXT OF A." and jobs[3].catalog[0].msgstr == ""


def test_interrupt_saves_every_finished_draft() -> None:
    jobs = [CatalogJob(n, catalog(*[(f"Text {w} of {n}.", "") for w in WORDS])) for n in "ab"]
    saved: list[str] = []

    def progress(done: int, total: int) -> None:
        if done == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(
            jobs,
            Fake(max_chars=16),
            save=lambda j: saved.append(j.name),
            progress=progress,
            workers=1,
        )
    assert saved == ["a", "b"]  # a finished; b saved with its one finished draft
    assert [bool(e.msgstr) for e in jobs[1].catalog] == [True, False, False]


WORDS = ["one", "two", "six"]


def test_catalogs_are_saved_as_soon_as_they_are_done() -> None:
    jobs = [CatalogJob(n, catalog(*[(f"Entry {w} of {n}.", "") for w in WORDS])) for n in "abc"]
    engine = Fake(max_chars=16, delay=0.01)  # one text a batch
    calls_when_saved: dict[str, int] = {}

    def save(job: CatalogJob) -> None:
        calls_when_saved[job.name] = len(engine.calls)

    run(jobs, engine, save=save, workers=1)
    assert len(engine.calls) == 9
    assert calls_when_saved["a"] <= 4 and calls_when_saved["b"] <= 7
    assert calls_when_saved["c"] == 9


def test_a_pool_of_workers_overlaps_requests() -> None:
    words = ["alpha", "beta", "gamma", "delta", "kappa", "sigma", "omega", "theta"]
    jobs = [CatalogJob("a", catalog(*[(f"Entry {w}{v}.", "") for w in words for v in "xy"]))]
    engine = Fake(delay=0.05, max_chars=16)  # one text a batch
    start = time.monotonic()
    run(jobs, engine, workers=8)
    elapsed = time.monotonic() - start
    assert len(engine.calls) == 16
    assert elapsed < 0.5  # 16 x 50 ms one after the other would be 0.8 s


# --- translation memory --------------------------------------------------------------


def test_exact_memory_matches_are_reused_by_any_engine() -> None:
    memory = TranslationMemory.from_catalogs([catalog(("Hello world.", "Hola, mundo (revisado)."))])
    po = catalog(("Hello world.", ""), ("Other text.", ""))
    engine = Fake()
    report = run([CatalogJob("b", po)], engine, memory=memory)
    assert po[0].msgstr == "Hola, mundo (revisado)."
    assert po[0].tcomment == f"machine draft: memory (100% match), {TODAY} mt:{text_hash(po[0].msgstr)}"
    assert po[0].flags == ["fuzzy"]
    assert engine.sent == ["Other text."]
    assert report.from_memory == 1 and report.from_engine == 1


def test_memory_engine_offers_close_matches_with_their_similarity() -> None:
    reviewed = catalog(
        (
            "Ketamine infusions are a treatment that can heal the brain.",
            "Las infusiones de ketamina son un tratamiento que puede sanar el cerebro.",
        ),
        ("Fuzzy is not memory.", "x"),
    )
    reviewed[1].flags.append("fuzzy")
    memory = TranslationMemory.from_catalogs([reviewed])
    assert len(memory) == 1
    po = catalog(
        ("Ketamine infusions are a treatment that may heal the brain.", ""),
        ("Something else entirely.", ""),
    )
    report = run(
        [CatalogJob("b", po)], make_engine("memory", EngineSettings(memory=memory)), memory=memory
    )
    assert po[0].msgstr.startswith("Las infusiones de ketamina")
    assert po[0].tcomment.startswith("machine draft: memory (9") and "% match), " in po[0].tcomment
    assert po[1].msgstr == ""
    assert report.from_memory == 1 and report.unmatched == 1 and report.requests == 0


@pytest.mark.parametrize(
    "other",
    [
        "Give 5 mg of ketamine over forty minutes to each adult patient.",  # another dose
        "Do not give 2 mg of ketamine over forty minutes to each adult patient.",  # a "not"
    ],
)
def test_close_matches_never_change_a_dose_or_drop_a_not(other: str) -> None:
    memory = TranslationMemory(
        [
            (
                "Give 2 mg of ketamine over forty minutes to each adult patient.",
                "Administre 2 mg de ketamina durante cuarenta minutos a cada paciente adulto.",
            )
        ]
    )
    assert memory.lookup(other) is None


def test_memory_composes_paragraphs_from_reviewed_sentences() -> None:
    memory = TranslationMemory(
        [
            ("The brain heals. The mind follows.", "El cerebro sana. La mente sigue."),
            ("Ketamine helps.", "La ketamina ayuda."),
        ]
    )
    hit = memory.lookup("The mind follows. Ketamine helps.")
    assert hit is not None
    assert hit.translation == "La mente sigue. La ketamina ayuda."
    assert hit.similarity == 100 and hit.level == "sentence"


def _entries(slug: str) -> list[str]:
    from l10n.extract import template
    from l10n.markdown import parse_article

    path = REPO / "source" / f"{slug}.md"
    pot = template(parse_article(path.read_text("utf-8"), path.name), slug, "x")
    return [e.msgid for e in pot if e.msgid]


def test_reviewed_article_000_is_reused_in_002_by_paragraph_and_sentence() -> None:
    # "Review" article 000 with a stand-in translation that keeps sentence boundaries.
    first = _entries("healing-the-brain-to-heal-the-mind")
    reviewed = catalog(*[(m, "ES: " + m.replace(". ", ". ES: ")) for m in first])
    memory = TranslationMemory.from_catalogs([reviewed], ["NMDA", "AMPA", "mTOR", "BDNF"])
    po = catalog(*[(m, "") for m in _entries("how-does-ketamine-work")])
    engine = Fake()
    report = run([CatalogJob("002", po)], engine, memory=memory)
    known = {s for m in first for s in m.split(". ")}
    assert not [t for t in engine.sent if t.rstrip(".") in known]  # nothing of 000 sent again
    assert report.from_memory == 2  # two paragraphs word for word
    mixed = next(e for e in po if e.msgid.startswith("Ketamine is believed"))
    assert mixed.msgstr.startswith("KETAMINE IS BELIEVED") and mixed.msgstr.count("ES: ") == 8
    assert mixed.tcomment == f"machine draft: fake, {TODAY} mt:{text_hash(mixed.msgstr)}"


def test_memory_engine_uses_only_what_is_close_enough() -> None:
    first = _entries("healing-the-brain-to-heal-the-mind")
    memory = TranslationMemory([(m, "ES: " + m) for m in first])
    po = catalog(*[(m, "") for m in _entries("how-does-ketamine-work")])
    report = run(
        [CatalogJob("002", po)], make_engine("memory", EngineSettings(memory=memory)), memory=memory
    )
    assert report.from_memory >= 2 and report.requests == 0
    assert report.from_memory + report.unmatched == report.candidates


# --- pseudo ----------------------------------------------------------------------------


def test_pseudo_drafts_are_fuzzy_bracketed_and_keep_masks() -> None:
    text = "Take **2.5 mg** with [water](https://w.example)."
    po = catalog((text, ""))
    memory = TranslationMemory([(text, "reviewed")])
    report = run([CatalogJob("a", po)], make_engine("pseudo"), memory=memory, target="pt_BR")
    entry = po[0]
    assert entry.msgstr.startswith("[!! ") and entry.msgstr.endswith(" !!]")
    assert "**2,5 mg**" in entry.msgstr and "](https://w.example)" in entry.msgstr
    assert entry.flags == ["fuzzy"] and entry.tcomment == f"machine draft: pseudo, {TODAY} mt:{text_hash(entry.msgstr)}"
    assert report.from_memory == 0  # pseudo ignores memory


def test_summary_lines() -> None:
    report = DraftReport(
        "libre",
        candidates=5,
        from_engine=3,
        from_memory=1,
        from_cache=1,
        requests=2,
        characters=1234,
    )
    assert summary_lines(report, "es") == [
        (
            "draft es (libre): 5 drafted (3 by libre, 1 from memory, 1 from cache), 0 failed;"
            " 2 requests, 1,234 characters sent"
        )
    ]
