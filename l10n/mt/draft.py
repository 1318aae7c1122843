"""Machine drafts: fill empty catalog entries with fuzzy translations for review.

Rules:
- Only entries with an empty msgstr are drafted (not the header, not obsolete or
  plural entries). With ``refresh``, an entry that is still fuzzy, still carries
  the machine-draft comment, and still holds the text the engine wrote (its hash is
  in the comment) may be drafted again; anything else a person wrote or touched is
  never overwritten, and an edited draft is reported as kept. A refresh that fails
  keeps the old draft.
- Every draft is ``#, fuzzy`` with the translator comment
  ``machine draft: <engine>, <YYYY-MM-DD> mt:<hash of the draft text>``
  (``memory (87% match)`` for memory), in the grammar of ``l10n.notes``,
  plus ``glossary: expected "<term>" for "<source term>"`` for each glossary term
  whose preferred (or an accepted) translation is missing. Other comment lines stay.
- Reviewed translations come first: an exact match in the locale's translation
  memory is reused by every engine but ``pseudo``; close matches and sentence
  matches only by the ``memory`` engine, which sends nothing.
- Everything else is masked (``l10n.mt.masking``), split into sentences when the engine
  wants them (and cut to the engine's limit), and each distinct masked text is
  translated once per run across all articles, or taken from the cache (``dedupe=False``,
  for benchmarks only, sends every occurrence). A text whose
  placeholders do not all come back exactly once is neither cached nor drafted: its
  entry is reported as failed.
- Requests run on a bounded pool of worker threads. Each catalog is handed to
  ``save`` as soon as its last entry is done, so an interruption (Ctrl-C, a kill the
  CLI turns into KeyboardInterrupt, a lost network) loses no finished draft; a
  re-run resumes, the cache answering what was already paid for.
- If the engine is unreachable before any answer came back, nothing is saved and
  ``EngineUnavailable`` propagates: the run changes nothing.
- ``dry_run`` sends nothing and changes nothing: the report says how many texts
  and characters would be sent.
- Pure: no disk, clock, environment or terminal; the caller passes ``today``, the
  cache, ``save`` and ``progress``.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polib

from l10n import notes
from l10n.errors import EngineError
from l10n.mt.engines import Engine, EngineUnavailable
from l10n.mt.masking import (
    TOKEN,
    Masked,
    MaskError,
    Piece,
    has_words,
    join_pieces,
    mask,
    piece_source,
    split_masked,
    tokenize_translation,
    unmask,
)
from l10n.wording import count

if TYPE_CHECKING:
    from l10n.glossary import Glossary
    from l10n.mt.cache import DraftCache
    from l10n.mt.engines.memory import TranslationMemory

MACHINE_DRAFT = "machine draft:"
GLOSSARY_NOTE = "glossary:"
MAX_BATCH_TEXTS = 40


@dataclass
class CatalogJob:
    """One article's catalog to draft, and what happened to it."""

    name: str
    catalog: polib.POFile
    changed: bool = False
    saved: bool = False


@dataclass(frozen=True)
class Problem:
    """An entry that got no draft, and why."""

    catalog: str
    msgid: str
    reason: str


@dataclass
class DraftReport:
    """What a run did (or, dry, would do)."""

    engine: str
    candidates: int = 0
    from_engine: int = 0
    from_memory: int = 0
    from_cache: int = 0
    unmatched: int = 0  # memory engine: nothing close enough
    glossary_notes: int = 0
    failed: list[Problem] = field(default_factory=list)
    requests: int = 0
    characters: int = 0
    retries: int = 0
    to_send: int = 0  # distinct texts an engine is (or would be) sent
    to_send_characters: int = 0
    saved: list[str] = field(default_factory=list)
    dry_run: bool = False
    kept_edited: list[str] = field(default_factory=list)  # refresh: drafts a person edited

    @property
    def drafted(self) -> int:
        return self.from_engine + self.from_memory + self.from_cache


def _draft_note(entry: polib.POEntry) -> notes.Draft | None:
    if "fuzzy" not in entry.flags or MACHINE_DRAFT not in (entry.tcomment or ""):
        return None
    return notes.draft_of(notes.parse(entry.tcomment))


def is_machine_draft(entry: polib.POEntry) -> bool:
    """Fuzzy, with the machine-draft note, and still the text the engine wrote."""
    made = _draft_note(entry)
    return made is not None and made.hash == notes.text_hash(entry.msgstr)


def is_edited_draft(entry: polib.POEntry) -> bool:
    """A fuzzy machine draft a person may have edited: its text is not what the engine
    wrote (or its note, of an older form, does not say what that was)."""
    made = _draft_note(entry)
    return made is not None and bool(entry.msgstr) and made.hash != notes.text_hash(entry.msgstr)


def wants_draft(entry: polib.POEntry, refresh: bool = False) -> bool:
    """An entry drafting may fill."""
    if entry.obsolete or not entry.msgid or entry.msgid_plural:
        return False
    if not entry.msgstr:
        return True
    return refresh and is_machine_draft(entry)


def apply_draft(entry: polib.POEntry, text: str, lines: Sequence[str]) -> None:
    """Set a fuzzy draft with its notes (the machine-draft one with a hash of ``text``),
    replacing every line of the old draft and glossary notes, keeping other comments."""
    blocks = notes.parse(entry.tcomment)
    kept = [b for b in blocks if b.key not in (notes.DRAFT, notes.GLOSSARY)]
    new = []
    for line in lines:
        key, _, rest = line.partition(":")
        rest = rest.strip()
        if key == notes.DRAFT and " mt:" not in rest:
            rest += f" mt:{notes.text_hash(text)}"
        new.append(notes.note(key, rest))
    entry.msgstr = text
    entry.tcomment = notes.render([*new, *kept])
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")


def glossary_notes(source: str, draft: str, glossary: Glossary | None, locale: str) -> list[str]:
    """``glossary: expected "<term>" for "<source term>"`` for each preferred term missing."""
    if glossary is None:
        return []
    from l10n.glossary import contains_phrase

    notes: list[str] = []
    for item in glossary.terms_in(source):
        accepted = glossary.accepted(item, locale)
        if accepted and not any(contains_phrase(draft, a) for a in accepted):
            notes.append(f'{GLOSSARY_NOTE} expected "{accepted[0]}" for "{item.term}"')
    return notes


@dataclass(eq=False)
class _Plan:
    job: int
    entry: polib.POEntry
    masked: Masked
    pieces: list[Piece]
    trail: str
    translations: list[str | None]
    open: int = 0  # pieces still waiting for a translation
    reviewed: int = 0  # pieces taken from reviewed sentences in memory
    cached: int = 0  # pieces taken from the cache
    sent: bool = False  # at least one piece came from the engine in this run
    done: bool = False


@dataclass(eq=False)
class _Unit:
    text: str  # what is sent; the key in ``_Run.units`` is the text unless not deduplicated
    waiters: list[tuple[_Plan, int]] = field(default_factory=list)


def draft_catalogs(
    jobs: Sequence[CatalogJob],
    engine: Engine,
    *,
    source: str,
    target: str,
    today: str,
    memory: TranslationMemory | None = None,
    cache: DraftCache | None = None,
    glossary: Glossary | None = None,
    refresh: bool = False,
    dry_run: bool = False,
    workers: int = 8,
    save: Callable[[CatalogJob], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    stop: threading.Event | None = None,
    dedupe: bool = True,
) -> DraftReport:
    """Draft every wanted entry of ``jobs`` with ``engine``; see the module rules."""
    run = _Run(jobs, engine, source, target, today, memory, cache, glossary, save, progress)
    run.dedupe = dedupe
    run.report.dry_run = dry_run
    run.plan(refresh, dry_run)
    if dry_run:
        return run.report
    run.execute(max(1, workers), stop or threading.Event())
    return run.report


class _Run:
    def __init__(
        self,
        jobs: Sequence[CatalogJob],
        engine: Engine,
        source: str,
        target: str,
        today: str,
        memory: TranslationMemory | None,
        cache: DraftCache | None,
        glossary: Glossary | None,
        save: Callable[[CatalogJob], None] | None,
        progress: Callable[[int, int], None] | None,
    ):
        self.jobs = list(jobs)
        self.engine = engine
        self.source, self.target, self.today = source, target, today
        self.memory = memory if engine.name != "pseudo" else None
        self.cache = cache if engine.remote else None
        self.glossary = glossary
        self._save = save
        self._progress = progress
        self.report = DraftReport(engine.name)
        self.units: dict[str, _Unit] = {}
        self.pending = [0] * len(self.jobs)
        self.done = 0
        self.hold = engine.remote  # no save until the engine has answered once
        self.ready: list[int] = []
        self.dedupe = True

    # --- planning ------------------------------------------------------------------
    def plan(self, refresh: bool, dry_run: bool) -> None:
        terms = self.glossary.dnt_terms() if self.glossary is not None else []
        plans: list[_Plan] = []
        wanted = [
            (index, entry)
            for index, job in enumerate(self.jobs)
            for entry in job.catalog
            if wants_draft(entry, refresh)
        ]
        self.report.candidates = len(wanted)
        if refresh:
            self.report.kept_edited = [
                f"{job.name}: {entry.msgid[:47] + '...' if len(entry.msgid) > 50 else entry.msgid}"
                for job in self.jobs
                for entry in job.catalog
                if not entry.obsolete and is_edited_draft(entry)
            ]
        for index, entry in wanted:
            if self._from_memory(index, entry, dry_run):
                continue
            if self.engine.name == "memory":
                self.report.unmatched += 1
                continue
            masked = mask(entry.msgid, locale=self.target, terms=terms)
            pieces, trail = split_masked(
                masked.text, self.engine.max_chars, sentences=self.engine.sentence_units
            )
            plan = _Plan(index, entry, masked, pieces, trail, [None] * len(pieces))
            for i, piece in enumerate(pieces):
                if not has_words(piece.text):
                    plan.translations[i] = piece.text  # nothing to translate
                    continue
                reviewed = self._reviewed_sentence(piece, masked)
                if reviewed is not None:
                    plan.translations[i] = reviewed
                    plan.reviewed += 1
                    continue
                key = piece.text if self.dedupe else f"{piece.text}\0{len(self.units)}"
                self.units.setdefault(key, _Unit(piece.text)).waiters.append((plan, i))
                plan.open += 1
            self.pending[index] += 1
            plans.append(plan)
        if self.cache is not None and self.units and self.dedupe:
            hits = self.cache.get_many(self.engine.name, self.source, self.target, self.units)
            for text, translation in hits.items():
                if _tokens_ok(text, translation):
                    self._resolve(self.units.pop(text), translation, sent=False, dry=dry_run)
        self.report.to_send = len(self.units)
        self.report.to_send_characters = sum(len(u.text) for u in self.units.values())
        for plan in plans:
            if plan.open == 0 and not plan.done:
                self._finish(plan, dry_run)
        if not dry_run:
            self._flush()

    def _reviewed_sentence(self, piece: Piece, masked: Masked) -> str | None:
        """A sentence some reviewed entry already translates, tokens in place."""
        if self.memory is None or not self.engine.sentence_units:
            return None
        reviewed = self.memory.sentence(piece_source(piece, masked))
        if reviewed is None:
            return None
        tokenized = tokenize_translation(reviewed, piece, masked)
        if tokenized is None or _token_problem(piece.text, tokenized):
            return None
        return tokenized

    def _from_memory(self, index: int, entry: polib.POEntry, dry_run: bool) -> bool:
        if self.memory is None:
            return False
        if self.engine.name == "memory":
            hit = self.memory.lookup(entry.msgid)
        else:
            hit = self.memory.exact(entry.msgid)
        if hit is None:
            return False
        self.report.from_memory += 1
        if not dry_run:
            origin = f", {hit.origin}" if hit.origin else ""
            comment = f"{MACHINE_DRAFT} memory ({hit.similarity}% match{origin}), {self.today}"
            self._apply(index, entry, hit.translation, comment)
            self.ready.append(index)
        self._tick()
        return True

    # --- running -------------------------------------------------------------------
    def execute(self, workers: int, stop: threading.Event) -> None:
        batches = self._batches()
        if not batches:
            self.hold = False
            self._flush()
            return
        pool = _Pool(self.engine, self.source, self.target, workers, stop)
        try:
            for batch in batches:
                pool.submit(batch, self._texts(batch))
            waiting = len(batches)
            while waiting:
                batch, result = pool.next()
                waiting -= 1
                if (
                    isinstance(result, EngineError)
                    and not isinstance(result, EngineUnavailable)
                    and len(batch) > 1
                ):
                    for key in batch:  # find the text that fails; the others go through
                        pool.submit([key], self._texts([key]))
                    waiting += len(batch)
                    continue
                self._collect(batch, result)
        except BaseException as exc:
            stop.set()
            pool.close()
            if not (self.hold and isinstance(exc, EngineUnavailable)):
                self.hold = False  # an interruption keeps every finished draft
                self._flush(partial=True)
            raise
        finally:
            self._count()
        pool.close()
        self.hold = False
        self._flush()

    def _texts(self, keys: list[str]) -> list[str]:
        return [self.units[key].text for key in keys]

    def _batches(self) -> list[list[str]]:
        """The keys of ``units`` grouped into requests."""
        limit = self.engine.max_chars
        most = max(1, min(MAX_BATCH_TEXTS, self.engine.batch_texts))
        batches: list[list[str]] = []
        batch: list[str] = []
        size = 0
        for key, unit in self.units.items():
            if batch and (size + len(unit.text) + 1 > limit or len(batch) >= most):
                batches.append(batch)
                batch, size = [], 0
            batch.append(key)
            size += len(unit.text) + 1
        if batch:
            batches.append(batch)
        return batches

    def _collect(self, batch: list[str], result: list[str] | BaseException) -> None:
        if isinstance(result, EngineUnavailable):
            raise result
        if isinstance(result, BaseException) and not isinstance(result, EngineError):
            raise result
        self.hold = False
        if isinstance(result, EngineError):
            for key in batch:
                self._fail_unit(self.units.pop(key), result.message)
        elif len(result) != len(batch):
            for key in batch:
                self._fail_unit(
                    self.units.pop(key),
                    f"{self.engine.name}: {count(len(result), 'answer')}"
                    f" for {count(len(batch), 'text')}",
                )
        else:
            good: list[tuple[str, str]] = []
            for key, translation in zip(batch, result, strict=True):
                unit = self.units.pop(key)
                problem = _token_problem(unit.text, translation)
                if problem:
                    self._fail_unit(unit, f"placeholders did not come back: {problem}")
                    continue
                good.append((unit.text, translation))
                self._resolve(unit, translation, sent=True, dry=False)
            if self.cache is not None and good:
                self.cache.put_many(self.engine.name, self.source, self.target, good)
        self._flush()

    # --- entries -------------------------------------------------------------------
    def _resolve(self, unit: _Unit, translation: str, *, sent: bool, dry: bool) -> None:
        for plan, i in unit.waiters:
            if plan.done:
                continue
            plan.translations[i] = translation
            plan.sent = plan.sent or sent
            plan.cached += 0 if sent else 1
            plan.open -= 1
            if plan.open == 0:
                self._finish(plan, dry)

    def _fail_unit(self, unit: _Unit, reason: str) -> None:
        for plan, _ in unit.waiters:
            if not plan.done:
                self._fail(plan, reason)

    def _fail(self, plan: _Plan, reason: str) -> None:
        plan.done = True
        self.report.failed.append(Problem(self.jobs[plan.job].name, plan.entry.msgid, reason))
        self._entry_done(plan.job)

    def _finish(self, plan: _Plan, dry: bool) -> None:
        joined = join_pieces(plan.pieces, [t or "" for t in plan.translations], plan.trail)
        try:
            text = unmask(joined, plan.masked)
        except MaskError as exc:
            self._fail(plan, f"placeholders did not come back: {exc}")
            return
        if not text.strip():
            self._fail(plan, "the draft is empty")
            return
        plan.done = True
        comment = f"{MACHINE_DRAFT} {self.engine.name}, {self.today}"
        if plan.sent:
            self.report.from_engine += 1
        elif plan.cached:
            self.report.from_cache += 1
        elif plan.reviewed:
            self.report.from_memory += 1
            comment = f"{MACHINE_DRAFT} memory (100% match), {self.today}"
        else:
            self.report.from_engine += 1  # nothing to translate: numbers or code alone
        if not dry:
            self._apply(plan.job, plan.entry, text, comment)
        self._entry_done(plan.job)

    def _apply(self, index: int, entry: polib.POEntry, text: str, comment: str) -> None:
        extra = glossary_notes(entry.msgid, text, self.glossary, self.target)
        self.report.glossary_notes += len(extra)
        apply_draft(entry, text, [comment, *extra])
        self.jobs[index].changed = True

    def _entry_done(self, index: int) -> None:
        self.pending[index] -= 1
        if self.pending[index] == 0:
            self.ready.append(index)
        self._tick()

    def _tick(self) -> None:
        self.done += 1
        if self._progress is not None:
            self._progress(self.done, self.report.candidates)

    def _flush(self, partial: bool = False) -> None:
        """Save finished catalogs (with ``partial``, every catalog with a new draft)."""
        if self.hold:
            return
        indexes = range(len(self.jobs)) if partial else list(self.ready)
        self.ready = []
        for index in indexes:
            job = self.jobs[index]
            if job.saved or not job.changed or (not partial and self.pending[index] > 0):
                continue
            job.saved = True
            if self._save is not None:
                self._save(job)
            self.report.saved.append(job.name)

    def _count(self) -> None:
        stats = self.engine.stats
        self.report.requests = stats.requests
        self.report.characters = stats.characters
        self.report.retries = stats.retries


def _tokens_ok(text: str, translation: str) -> bool:
    return not _token_problem(text, translation)


def _token_problem(text: str, translation: str) -> str:
    """'' if every local placeholder of ``text`` is in ``translation`` once, and no other."""
    wanted = [m.group(0) for m in TOKEN.finditer(text)]
    found = [m.group(0) for m in TOKEN.finditer(translation)]
    problems = [
        f"{t} {'missing' if found.count(t) == 0 else 'repeated'}"
        for t in wanted
        if found.count(t) != 1
    ]
    problems += [f"{t} unknown" for t in dict.fromkeys(found) if t not in wanted]
    return ", ".join(problems)


def _repair(engine: Engine, text: str, translation: str, source: str, target: str) -> str:
    """If a translation lost or repeated placeholders, translate the text between them.

    The placeholders then never reach the engine and come back in their source order;
    the draft reads less well but keeps every protected part. If that fails too, the
    first answer is returned and reported as failed by the caller.
    """
    if not _token_problem(text, translation):
        return translation
    parts = _SPLIT_TOKENS.split(text)
    wanted = [i for i in range(0, len(parts), 2) if has_words(parts[i])]
    try:
        answers = engine.translate([parts[i].strip() for i in wanted], source, target)
    except EngineUnavailable:
        raise
    except EngineError:
        return translation
    if len(answers) != len(wanted):
        return translation
    for i, answer in zip(wanted, answers, strict=True):
        part = parts[i]
        lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()) :]
        parts[i] = lead + answer.strip() + trail
    repaired = "".join(parts)
    return repaired if not _token_problem(text, repaired) else translation


_SPLIT_TOKENS = re.compile(r"(X\d+X)")


class _Pool:
    """A bounded set of daemon worker threads (an interrupted run never waits on a request)."""

    def __init__(
        self, engine: Engine, source: str, target: str, workers: int, stop: threading.Event
    ):
        self._jobs: queue.Queue[tuple[list[str], list[str]] | None] = queue.Queue()
        self._results: queue.Queue[tuple[list[str], list[str] | BaseException]] = queue.Queue()
        self._stop = stop
        self._engine = engine
        self._source, self._target = source, target
        self._threads = [
            threading.Thread(target=self._work, name=f"l10n-draft-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, keys: list[str], texts: list[str]) -> None:
        """Translate ``texts``; the result comes back from ``next`` under ``keys``."""
        self._jobs.put((keys, texts))

    def next(self) -> tuple[list[str], list[str] | BaseException]:
        while True:  # a short timeout keeps the main thread responsive to Ctrl-C
            try:
                return self._results.get(timeout=0.1)
            except queue.Empty:
                continue

    def close(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            keys, batch = job
            if self._stop.is_set():
                self._results.put((keys, EngineError(f"{self._engine.name}: stopped")))
                continue
            try:
                result: list[str] | BaseException = self._engine.translate(
                    batch, self._source, self._target
                )
                if isinstance(result, list) and len(result) == len(batch):
                    result = [
                        _repair(self._engine, text, out, self._source, self._target)
                        for text, out in zip(batch, result, strict=True)
                    ]
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which decides
                result = exc
            self._results.put((keys, result))


def summary_lines(report: DraftReport, locale: str) -> list[str]:
    """The run's summary as printed by ``l10n draft``."""
    head = f"draft {locale} ({report.engine})"
    memory = f"{report.from_memory} from memory, {report.from_cache} from cache"
    if report.dry_run:
        return [
            (
                f"{head}, dry run: {count(report.candidates, 'entry', 'entries')} to draft;"
                f" {memory};"
                f" would send {count(report.to_send, 'text')},"
                f" {count(report.to_send_characters, 'character')};"
                " nothing sent, nothing written"
            )
        ]
    lines = [
        f"{head}: {report.drafted} drafted ({report.from_engine} by {report.engine}, {memory}),"
        f" {len(report.failed)} failed"
        + (f", {report.unmatched} without a close match" if report.unmatched else "")
        + f"; {count(report.requests, 'request')},"
        + f" {count(report.characters, 'character')} sent"
        + (f", {count(report.retries, 'retry', 'retries')}" if report.retries else "")
    ]
    if report.glossary_notes:
        lines.append(
            f"  {count(report.glossary_notes, 'glossary note')} for reviewers (# glossary: ...)"
        )
    for problem in report.failed:
        msgid = problem.msgid if len(problem.msgid) <= 50 else problem.msgid[:47] + "..."
        lines.append(f"  {problem.catalog}: {msgid!r}: {problem.reason}")
    if report.kept_edited:
        lines.append(
            f"  {count(len(report.kept_edited), 'draft')} kept, not refreshed: edited since the engine"
            " wrote them (or drafted before l10n recorded what it wrote)"
        )
        lines += [f"  kept: {item}" for item in report.kept_edited]
    return lines
