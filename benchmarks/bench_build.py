#!/usr/bin/env python3
"""Speed and memory of ``l10n``, beside peer tools, measured honestly.

Run from the repository root with the project installed (``pip install -e .``)::

    python benchmarks/bench_build.py                  # 1,000 articles, 5 rounds, with peers
    python benchmarks/bench_build.py --quick          # smoke run: 20 articles, 1 round
    python benchmarks/bench_build.py --rounds 7 --peers po4a,md2po
    python benchmarks/bench_build.py --scaling        # l10n alone on 100 / 1,000 / 5,000
    python benchmarks/bench_build.py --scaling --sizes 100,1000,5000,10000
    python benchmarks/bench_build.py --profile noop   # cProfile of one l10n scenario

The rules it follows:

- Every job (an l10n scenario or a peer) runs once per round; the jobs of a round
  run in a shuffled order (seeded, printed), so load from other work on the
  machine falls on l10n and the peers alike. Min and median over the rounds.
- Each command is a subprocess of this script, reaped with ``os.wait4``: its CPU
  time is user + system of the whole process tree (the command and every worker
  it waited for). Wall time is measured around it.
- Memory is sampled every ~20 ms from ``/proc/<pid>/smaps_rollup`` of the command
  and all its descendants; the peak of the *sum* (RSS and PSS) is reported next to
  the largest single process (its ``VmHWM``, the kernel's own peak for it); the tree's
  RSS is never reported under that peak, which a 20 ms sample can miss.
- Untimed set-up (copying a project, editing an article, writing po4a.cfg) happens
  before the clock starts.

Results are printed as tables and written to ``benchmarks/.work/results.json``.
See benchmarks/README.md for the jobs, the peers and the targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus

WORK = HERE / ".work"
DEFAULT_SIZES = (100, 1000, 5000)
# mdpo grows about quadratically (0.9 s at 100 articles, about a minute at 1,000):
# above this size it is not run at all (never extrapolated).
MDPO_MAX_ARTICLES = 1000
SAMPLE_EVERY_S = 0.02
REVIEWER = "Benchmark Reviewer"
BUILD_OK = (0, 4)  # 4: a catalog under the publish threshold; it still built
CHECK_OK = (0, 3, 4, 5)  # findings are exit statuses, not failures of the command
# ``l10n check`` without the two most expensive entry checks, for their cost in the same run.
WITHOUT_CHECKS = ("negation", "source-language")
_CHECK_WITHOUT = (
    "import sys\n"
    "from l10n.quality import checks\n"
    f"checks.ENTRY_CHECKS[:] = [c for c in checks.ENTRY_CHECKS if c.id not in {WITHOUT_CHECKS!r}]\n"
    "from l10n.entry import main\n"
    "sys.argv = ['l10n', *sys.argv[1:]]\n"
    "main()\n"
)


class BenchError(RuntimeError):
    pass


# --------------------------------------------------------------------------- measuring


@dataclass
class Sample:
    wall: float
    cpu: float  # user + sys of the whole process tree
    rss_sum_mb: float  # peak of the summed RSS of the tree
    pss_sum_mb: float  # peak of the summed PSS of the tree
    rss_max_mb: float  # largest single process (its VmHWM, sampled)
    processes: int  # most processes seen at once
    rc: int
    stdout: str


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out.extend(int(x) for x in fh.read().split())
        except OSError:
            continue
    return out


def _tree(pid: int) -> list[int]:
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    return seen


def _hwm(pid: int) -> int:
    """Peak RSS in kB of one process since it started its program (VmHWM)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _rollup(pid: int) -> tuple[int, int]:
    """RSS and PSS in kB of one process (0, 0 once it is gone)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Keeps the peak of the summed RSS and PSS of a process and its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.rss_kb = self.pss_kb = self.processes = self.largest_kb = 0

    def sample(self) -> None:
        pids = _tree(self.pid)
        rss = pss = 0
        for p in pids:
            r, s = _rollup(p)
            rss += r
            pss += s
            self.largest_kb = max(self.largest_kb, _hwm(p))
        self.rss_kb = max(self.rss_kb, rss)
        self.pss_kb = max(self.pss_kb, pss)
        self.processes = max(self.processes, len(pids))

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(SAMPLE_EVERY_S)


def measure(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> Sample:
    """Run *cmd* in *cwd*, reap it with wait4; wall, tree CPU and tree memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode not in ok:
        shown = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd[:6]))
        tail = " | ".join((stderr or stdout).strip().splitlines()[-3:])
        raise BenchError(f"{shown} exited {proc.returncode}: {tail[-600:]}")
    return Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        # the sampled sum can miss a short peak that one process's high-water mark keeps;
        # the tree's peak is at least that process's
        rss_sum_mb=max(sampler.rss_kb, sampler.largest_kb) / 1024,
        pss_sum_mb=sampler.pss_kb / 1024,
        # not ru_maxrss: it counts the forked copy of this script before the exec
        rss_max_mb=sampler.largest_kb / 1024,
        processes=sampler.processes,
        rc=proc.returncode,
        stdout=stdout[-20000:],
    )


# --------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


def corpus_dir(work: Path, articles: int, seed: int) -> Path:
    """A generated project with *articles* articles, cached under the work folder."""
    path = work / "corpus" / f"a{articles}-s{seed}-v{corpus.GENERATOR_VERSION}"
    marker = path / ".complete"
    if marker.is_file():
        return path
    shutil.rmtree(path, ignore_errors=True)
    t0 = time.perf_counter()
    units = corpus.write_project(path, articles, seed)
    marker.write_text(json.dumps({"articles": articles, "units": units}), encoding="utf-8")
    log(f"generated {articles} articles (~{units} units) in {time.perf_counter() - t0:.1f} s")
    return path


# Folders the run is done with: set aside by a rename and removed when it ends, so that
# nothing is deleted while commands are timed. On ext4 without a journal (this project's
# benchmark machine), allocating an inode skips, at a cost each, every inode of its group
# freed in the last minute: a build creating thousands of files right after a round
# deleted thousands paid 0.3-0.8 ms of CPU more per file, for the benchmark's own doing.
_DISCARDED: list[Path] = []


def discard(path: Path) -> None:
    """Set ``path`` aside, to be removed by ``empty_discarded`` when the run ends."""
    if not path.exists():
        return
    aside = path.with_name(f".discarded-{os.getpid()}-{len(_DISCARDED)}-{path.name}")
    path.rename(aside)
    _DISCARDED.append(aside)


def empty_discarded() -> None:
    while _DISCARDED:
        shutil.rmtree(_DISCARDED.pop(), ignore_errors=True)


def copy_project(src: Path, dest: Path) -> Path:
    discard(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".complete"))
    return dest


_MSGID = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)', re.MULTILINE)


def catalog_entries(files: list[Path]) -> tuple[int, int]:
    """Entries (header not counted) in PO/POT files, and how many distinct msgids."""
    total, distinct = 0, set()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in _MSGID.finditer(text):
            msgid = m.group(1) + m.group(2)
            if msgid:  # msgid "" with no continuation lines is the header
                total += 1
                distinct.add(msgid)
    return total, len(distinct)


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def localize_numbers(text: str, locale: str) -> str:
    """Write the numbers of English *text* the locale's way ("1,739.5" -> "1.739,5" in es)."""
    from babel.core import UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        table = str.maketrans(
            {".": get_decimal_symbol(locale), ",": get_group_symbol(locale)}
        )
    except (UnknownLocaleError, ValueError):  # leave the numbers of an unknown locale
        return text
    return _NUMBER.sub(lambda m: m.group().translate(table), text)


def fill_translations(project: Path) -> tuple[int, int]:
    """Translate every entry of every catalog with polib (not l10n): with the repository's
    real translations when the corpus offers them (``corpus.translate``), else the msgid
    marked with the locale ("ES ..."). Return catalogs and entries filled."""
    import polib

    translate: Callable[[str, str], str | None] | None = getattr(corpus, "translate", None)
    files = sorted((project / "locales").glob("*/LC_MESSAGES/*.po"))
    entries = 0
    for path in files:
        locale = path.parent.parent.name
        mark = locale.split("_")[0].upper() + " "
        po = polib.pofile(str(path), wrapwidth=79)
        for entry in po:
            if entry.obsolete:
                continue
            text = translate(entry.msgid, locale) if translate else None
            if text is None:
                text = mark + localize_numbers(entry.msgid, locale)
            if entry.msgid_plural:
                entry.msgstr_plural = {
                    0: text, 1: mark + localize_numbers(entry.msgid_plural, locale)
                }
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgctxt = None
            entries += 1
        po.save(str(path))
    return len(files), entries


def compile_l10n(exe: Path) -> None:
    """Write l10n's bytecode, as installing a package does, so that no timed run compiles
    modules (PYTHONDONTWRITEBYTECODE would otherwise make every run compile them)."""
    python = exe.parent / "python"
    code = (
        "import compileall, pathlib, l10n; "
        "compileall.compile_dir(str(pathlib.Path(l10n.__file__).parent), quiet=1)"
    )
    subprocess.run(
        [str(python), "-c", code], check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
    )


def find_l10n() -> Path:
    candidate = Path(sys.executable).parent / "l10n"
    found = str(candidate) if candidate.is_file() else shutil.which("l10n")
    if not found:
        raise BenchError("the l10n command is not installed (pip install -e . in this venv)")
    return Path(found)


# --------------------------------------------------------------------------- jobs


@dataclass
class Job:
    key: str
    tool: str  # "l10n" or the peer's name
    what: str
    prepare: Callable[[int], tuple[list[str], Path]]  # round -> (command, cwd), untimed
    ok: tuple[int, ...] = (0,)
    max_rounds: int | None = None  # run only in the first rounds (mdpo is slow)
    samples: list[Sample] = field(default_factory=list)


@dataclass
class Setup:
    """The projects one corpus size needs, built once, untimed."""

    articles: int
    units: int
    base: Path  # the corpus, never written to
    built: Path  # built once; the no-change and one-changed jobs work on it
    translated: Path  # catalogs filled and signed off, nothing rendered
    rendered: Path  # the same, rendered once
    pofilter_in: Path  # the translated PO files, for pofilter
    runs: Path  # scratch copies
    filled: int
    notes: list[str]


def check_findings(exe: Path, project: Path) -> str:
    """What ``l10n check`` finds on the translated catalogs, by severity and check."""
    proc = subprocess.run(
        [str(exe), "check", "--format", "json"], cwd=project, capture_output=True, text=True,
        check=False,
    )
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return f"printed no JSON (exit {proc.returncode})"
    counts: dict[str, int] = {}
    for catalog in data.get("catalogs", []):
        for f in catalog.get("findings", []):
            key = f"{f['severity']} {f['check']}"
            counts[key] = counts.get(key, 0) + 1
    found = ", ".join(f"{n} {key}" for key, n in sorted(counts.items())) or "no finding"
    return f"exit {data.get('exit_status', proc.returncode)}; {found}"


def prepare_size(work: Path, exe: Path, articles: int, seed: int) -> Setup:
    base = corpus_dir(work, articles, seed)
    units = int(json.loads((base / ".complete").read_text(encoding="utf-8"))["units"])
    runs = work / "runs" / f"a{articles}"
    discard(runs)
    built = copy_project(base, runs / "built")
    measure([str(exe), "build"], built, BUILD_OK)
    notes: list[str] = []
    translated = copy_project(built, runs / "translated")
    t0 = time.perf_counter()
    _, filled = fill_translations(translated)
    log(f"filled {filled} entries with polib in {time.perf_counter() - t0:.1f} s")
    for code in corpus.LOCALES:
        s = measure(
            [str(exe), "review", "-l", code, "--by", REVIEWER, "--as", "linguist", "--all"],
            translated,
        )
        summary = next(
            (ln for ln in s.stdout.splitlines() if ln.startswith("review:")), ""
        )
        if summary and not summary.endswith("; 0 refused"):
            notes.append(f"l10n review -l {code}: {summary}")
        log(f"signed off {code}: {s.wall:.1f} s")
        notes.append(f"l10n review -l {code} --all (set-up): wall {s.wall:.1f} s, "
                     f"CPU {s.cpu:.1f} s")
    shutil.rmtree(translated / "output", ignore_errors=True)
    notes.append("l10n check on the translated catalogs: " + check_findings(exe, translated))
    rendered = copy_project(translated, runs / "rendered")
    measure([str(exe), "build"], rendered, BUILD_OK)
    pofilter_in = runs / "pofilter-in"
    for po in sorted((translated / "locales").glob("*/LC_MESSAGES/*.po")):
        dest = pofilter_in / po.parent.parent.name / po.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(po, dest)
    return Setup(
        articles, units, base, built, translated, rendered, pofilter_in, runs, filled, notes
    )


def l10n_jobs(exe: Path, st: Setup, seed: int, without: bool = False) -> list[Job]:
    """The six l10n jobs; with *without*, also l10n check without the negation and
    source-language checks, for what those two cost in the same run."""
    def scratch(r: int) -> tuple[list[str], Path]:
        return [str(exe), "build"], copy_project(st.base, st.runs / "scratch")

    def extract(r: int) -> tuple[list[str], Path]:
        return [str(exe), "extract"], copy_project(st.base, st.runs / "extract")

    def noop(r: int) -> tuple[list[str], Path]:
        return [str(exe), "build"], st.built

    victim = corpus.article_paths(st.built)[st.articles // 2]

    def one(r: int) -> tuple[list[str], Path]:
        corpus.edit_article(victim, revision=r + 1, seed=seed)
        return [str(exe), "build"], st.built

    def translated(r: int) -> tuple[list[str], Path]:
        return [str(exe), "build"], copy_project(st.translated, st.runs / "render")

    def check(r: int) -> tuple[list[str], Path]:
        return [str(exe), "check", "--format", "json"], st.translated

    def check_without(r: int) -> tuple[list[str], Path]:
        python = exe.parent / "python"
        return [str(python), "-c", _CHECK_WITHOUT, "check", "--format", "json"], st.translated

    def translated_noop(r: int) -> tuple[list[str], Path]:
        return [str(exe), "build"], st.rendered

    extra = [Job("translated-noop", "l10n", "l10n build, translated, nothing changed",
                 translated_noop, BUILD_OK)] if without else []
    if without and (exe.parent / "python").is_file():
        what = f"l10n check without {' and '.join(WITHOUT_CHECKS)}"
        extra.append(Job("check-without", "l10n", what, check_without, CHECK_OK))
    return [
        Job("scratch", "l10n", "l10n build, from scratch", scratch, BUILD_OK),
        Job("extract", "l10n", "l10n extract, from scratch", extract),
        Job("noop", "l10n", "l10n build, nothing changed", noop, BUILD_OK),
        Job("one", "l10n", "l10n build, one article changed", one, BUILD_OK),
        Job("translated", "l10n", "l10n build, translated render", translated, BUILD_OK),
        Job("check", "l10n", "l10n check, translated catalogs", check, CHECK_OK),
        *extra,
    ]


def peers_python(work: Path) -> Path:
    return work / "peers-venv" / "bin" / "python"


def python_with(module: str, package: str, work: Path) -> Path:
    """This interpreter if *module* imports in it, else the peers venv (created and
    *package* pip-installed there when missing)."""
    for py in (Path(sys.executable), peers_python(work)):
        if py.is_file() and subprocess.run(
            [str(py), "-c", f"import {module}"], capture_output=True, check=False
        ).returncode == 0:
            return py
    py = peers_python(work)
    if not py.is_file():
        log(f"creating {py.parent.parent}")
        subprocess.run([sys.executable, "-m", "venv", str(py.parent.parent)], check=True)
    log(f"pip install {package} into the peers venv")
    proc = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", package], capture_output=True, text=True, check=False
    )
    probe = subprocess.run([str(py), "-c", f"import {module}"], capture_output=True, text=True,
                           check=False)
    if probe.returncode != 0:
        why = (proc.stderr or probe.stderr).strip().splitlines()[-1:]
        raise BenchError(f"{package} is not installable here: {' '.join(why)[-300:]}")
    return py


def po4a_cfg(project: Path) -> None:
    lines = [
        "[po4a_langs] es pt_BR",
        "[po4a_paths] po/site.pot $lang:po/$lang.po",
        '[options] opt:"-o markdown -o yfm_keys=title,description"',
        "",
    ]
    for path in corpus.article_paths(project):
        lines.append(f"[type: text] source/{path.name} $lang:output/$lang/{path.name}")
    (project / "po4a.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")


PEERS = ("po4a", "md2po", "mdpo", "pofilter")


def peer_jobs(
    names: list[str],
    st: Setup,
    work: Path,
    mdpo_max: int,
    mdpo_rounds: int,
    skipped: dict[str, str],
) -> list[Job]:
    jobs: list[Job] = []

    def fresh(name: str) -> Path:
        return copy_project(st.base, st.runs / name)

    for name in names:
        try:
            if name == "po4a":
                if shutil.which("po4a") is None:
                    raise BenchError("not installed (Debian: apt-get install -y po4a)")

                def po4a(r: int) -> tuple[list[str], Path]:
                    project = fresh("po4a")
                    po4a_cfg(project)
                    return ["po4a", "--no-translations", "po4a.cfg"], project

                jobs.append(Job("po4a", "po4a", "po4a --no-translations", po4a))
            elif name == "md2po":
                py = python_with("translate.convert.md2po", "translate-toolkit[markdown]", work)

                def md2po(r: int, py: Path = py) -> tuple[list[str], Path]:
                    cmd = [str(py), "-m", "translate.convert.md2po", "--progress=none",
                           "--pot", "-i", "source", "-o", "templates"]
                    return cmd, fresh("md2po")

                jobs.append(Job("md2po", "md2po", "translate-toolkit md2po --pot", md2po))
            elif name == "mdpo":
                if st.articles > mdpo_max:
                    raise BenchError(
                        f"not run above {mdpo_max:,} articles: it grows about quadratically "
                        "(--mdpo-max to change); never extrapolated"
                    )
                py = python_with("mdpo.md2po", "mdpo", work)

                def mdpo(r: int, py: Path = py) -> tuple[list[str], Path]:
                    cmd = [str(py), "-m", "mdpo.md2po", "source/*.md", "--po-filepath",
                           "messages.po", "--save", "--quiet"]
                    return cmd, fresh("mdpo")

                jobs.append(
                    Job("mdpo", "mdpo", "mdpo md2po, one catalog", mdpo, max_rounds=mdpo_rounds)
                )
            elif name == "pofilter":
                py = python_with("translate.filters.pofilter", "translate-toolkit", work)

                def pofilter(r: int, py: Path = py) -> tuple[list[str], Path]:
                    out = st.runs / "pofilter-out"
                    discard(out)
                    cmd = [str(py), "-m", "translate.filters.pofilter", "--progress=none",
                           "-i", str(st.pofilter_in), "-o", str(out)]
                    return cmd, st.runs

                jobs.append(Job("pofilter", "pofilter", "translate-toolkit pofilter", pofilter))
            else:
                raise BenchError(f"unknown peer (known: {', '.join(PEERS)})")
        except (BenchError, subprocess.CalledProcessError) as exc:
            skipped[name] = str(exc)
            log(f"skipping {name}: {exc}")
    return jobs


def run_rounds(jobs: list[Job], rounds: int, seed: int, label: str) -> list[list[str]]:
    """Every job once per round, in a shuffled order; return the orders."""
    orders = []
    for r in range(rounds):
        order = [j for j in jobs if j.max_rounds is None or r < j.max_rounds]
        random.Random(f"{seed}-{label}-{r}").shuffle(order)
        orders.append([j.key for j in order])
        for job in order:
            cmd, cwd = job.prepare(r)
            s = measure(cmd, cwd, job.ok)
            job.samples.append(s)
            log(
                f"{label} round {r + 1}/{rounds} {job.key}: wall {s.wall:.2f} s, "
                f"cpu {s.cpu:.2f} s, tree RSS {s.rss_sum_mb:.0f} MB"
            )
    return orders


# --------------------------------------------------------------------------- report


def stats(job: Job) -> dict[str, Any]:
    s = job.samples
    walls, cpus = [x.wall for x in s], [x.cpu for x in s]
    return {
        "key": job.key,
        "tool": job.tool,
        "what": job.what,
        "rounds": len(s),
        "wall_min": min(walls),
        "wall_median": statistics.median(walls),
        "cpu_min": min(cpus),
        "cpu_median": statistics.median(cpus),
        "rss_sum_mb": max(x.rss_sum_mb for x in s),
        "pss_sum_mb": max(x.pss_sum_mb for x in s),
        "rss_max_mb": max(x.rss_max_mb for x in s),
        "processes": max(x.processes for x in s),
        "walls": [round(w, 4) for w in walls],
        "cpus": [round(c, 4) for c in cpus],
        "exit": sorted({x.rc for x in s}),
    }


def render(head: tuple[str, ...], body: Sequence[tuple[str, ...]], left: int = 1) -> str:
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    return "\n".join([line(head), line(tuple("-" * w for w in widths)), *map(line, body)])


# Which l10n job each peer is compared with in the main table: md2po with the job
# that does what it does (templates only); the targets table compares it with the build.
COMPARED = {"po4a": "scratch", "md2po": "extract", "mdpo": "scratch", "pofilter": "check"}


PROBE_FILES = 1000


def file_cost(folder: Path, files: int = PROBE_FILES) -> float:
    """CPU seconds (user + system) this process spends creating one new file in
    ``folder`` the way l10n writes one (a temporary name, written, renamed), over
    ``files`` files of 6 kB; they are removed when the run ends. File creation cost differs
    by an order of magnitude between file systems, and the jobs create different
    numbers of files, so the benchmark says what it cost here."""
    probe = Path(tempfile.mkdtemp(prefix="file-probe-", dir=folder))
    data = b"x" * 6000
    try:
        before = os.times()
        for i in range(files):
            tmp = probe / f".f{i:05d}.po.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            os.write(fd, data)
            os.close(fd)
            os.replace(tmp, probe / f"f{i:05d}.po")
        after = os.times()
    finally:
        discard(probe)
    return (after.user - before.user + after.system - before.system) / files


def files_under(folder: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(folder)) if folder.is_dir() else 0


def file_note(st: Setup, costs: list[float]) -> str:
    """One paragraph: what creating a file cost on this disk, and what that is of the
    builds from scratch (from the files one extra scratch copy of each holds)."""
    per = statistics.median(costs)
    sources = files_under(st.base / "source")
    made = {
        # what the copy held before the build: its sources and its pyproject.toml
        "l10n build from scratch": files_under(st.runs / "scratch") - sources - 1,
        "md2po": files_under(st.runs / "md2po" / "templates"),
        "po4a": files_under(st.runs / "po4a" / "po"),
    }
    parts = [f"{name} creates {n:,} files (about {n * per:.2f} s)"
             for name, n in made.items() if n > 0]
    return (f"creating a file on this disk: {per * 1000:.2f} ms of CPU (median of "
            f"{len(costs)} probes of {PROBE_FILES:,} files; "
            f"{', '.join(f'{c * 1000:.2f}' for c in costs)} ms); " + "; ".join(parts))


def main_table(rows: dict[str, dict[str, Any]]) -> str:
    head = ("job", "rounds", "wall min", "wall med", "CPU min", "CPU med",
            "l10n/peer wall", "l10n/peer CPU", "tree RSS MB", "tree PSS MB", "largest MB")
    body = []
    for key, r in rows.items():
        wall_ratio = cpu_ratio = ""
        ref = rows.get(COMPARED.get(key, ""))
        if ref is not None:
            wall_ratio = f"{ref['wall_median'] / r['wall_median']:.2f}x"
            cpu_ratio = f"{ref['cpu_median'] / r['cpu_median']:.2f}x"
        body.append((
            r["what"], str(r["rounds"]), f"{r['wall_min']:.3f}", f"{r['wall_median']:.3f}",
            f"{r['cpu_min']:.3f}", f"{r['cpu_median']:.3f}", wall_ratio, cpu_ratio,
            f"{r['rss_sum_mb']:.0f}", f"{r['pss_sum_mb']:.0f}", f"{r['rss_max_mb']:.0f}",
        ))
    return render(head, body)


def what_they_do(st: Setup, rows: dict[str, dict[str, Any]], counts: dict[str, str]) -> str:
    lines = [f"what each tool does on {st.articles:,} articles (~{st.units:,} units):"]
    lines.extend(f"  {counts[k]}" for k in ("scratch", "extract", *PEERS) if k in counts)
    return "\n".join(lines)


def count_outputs(st: Setup) -> dict[str, str]:
    """What each job writes, from one untimed extra run's files where needed."""
    out: dict[str, str] = {}
    scratch = st.runs / "scratch"
    if (scratch / "locales").is_dir():
        pot, distinct = catalog_entries(sorted((scratch / "locales").glob("*.pot")))
        po, _ = catalog_entries(sorted((scratch / "locales").glob("*/LC_MESSAGES/*.po")))
        n = len(list((scratch / "locales").glob("*.pot")))
        out["scratch"] = (
            f"l10n build: {n:,} templates, {pot:,} entries ({distinct:,} distinct msgids), "
            f"and {po:,} entries in {n * len(corpus.LOCALES):,} PO files (one per article and "
            "locale, each entry with its context), then decides what to publish and "
            "renders the source edition"
        )
    extracted = sorted((st.runs / "extract" / "locales").glob("*.pot"))
    if extracted:
        pot, _ = catalog_entries(extracted)
        out["extract"] = (
            f"l10n extract: the same {len(extracted):,} templates ({pot:,} entries) alone, "
            "the work md2po does"
        )
    site = st.runs / "po4a" / "po" / "site.pot"
    if site.is_file():
        pot, _ = catalog_entries([site])
        po, _ = catalog_entries(sorted(site.parent.glob("*.po")))
        out["po4a"] = (
            f"po4a: one de-duplicated template, {pot:,} entries, updated into "
            f"{len(corpus.LOCALES)} PO files ({po:,} entries); no rendering (--no-translations)"
        )
    templates = st.runs / "md2po" / "templates"
    if templates.is_dir():
        files = sorted(templates.glob("*.pot"))
        pot, distinct = catalog_entries(files)
        out["md2po"] = (
            f"translate-toolkit md2po: {len(files):,} templates, {pot:,} entries "
            f"({distinct:,} distinct), extraction only, no PO files"
        )
    messages = st.runs / "mdpo" / "messages.po"
    if messages.is_file():
        pot, _ = catalog_entries([messages])
        out["mdpo"] = f"mdpo: one de-duplicated catalog, {pot:,} entries, extraction only"
    pofilter_in = sorted(st.pofilter_in.glob("*/*.po"))
    if pofilter_in:
        po, _ = catalog_entries(pofilter_in)
        out["pofilter"] = (
            f"pofilter: its default checks on the same {len(pofilter_in):,} translated PO "
            f"files ({po:,} entries) that l10n check reads; l10n check also checks that "
            "templates and catalogs are current, completeness and critical blocks"
        )
    return out


def targets(
    rows: dict[str, dict[str, Any]], memory: tuple[int, float]
) -> list[tuple[str, str, str, str]]:
    out = []

    def ratio(name: str, a: str, b: str, field_: str, limit: float | None, target: str) -> None:
        if a in rows and b in rows:
            value = rows[a][field_] / rows[b][field_]
            figure = f"{value:.2f}x ({rows[a][field_]:.2f} s / {rows[b][field_]:.2f} s)"
            met = "-" if limit is None else "met" if value <= limit else "not met"
            out.append((name, figure, target, met))
        else:
            out.append((name, "not measured", target, "not measured"))

    ratio("build from scratch, CPU vs md2po", "scratch", "md2po", "cpu_median", 0.5,
          "<= 0.5x md2po CPU")
    ratio("  same work as md2po: l10n extract, CPU", "extract", "md2po", "cpu_median", None,
          "(for comparison)")
    ratio("build from scratch, wall vs po4a", "scratch", "po4a", "wall_median", 0.35,
          "<= 0.35x po4a wall")
    if "noop" in rows:
        v = rows["noop"]["wall_median"]
        out.append(("no-change rebuild, wall", f"{v:.3f} s", "<= 0.15 s",
                    "met" if v <= 0.15 else "not met"))
    ratio("translated render vs scratch, CPU", "translated", "scratch", "cpu_median", 1.5,
          "<= 1.5x scratch")
    ratio("translated render vs scratch, wall", "translated", "scratch", "wall_median", 1.5,
          "<= 1.5x scratch")
    size, mb = memory
    out.append((
        f"whole-tree RSS at {size:,} articles",
        f"{mb:.0f} MB",
        "<= 200 MB at 10,000",
        ("met" if mb <= 200 else "not met") if size == 10000 else "not measured at 10,000",
    ))
    ratio("l10n check, CPU vs pofilter", "check", "pofilter", "cpu_median", 0.35,
          "<= 0.35x pofilter CPU")
    return out


def scaling_table(results: list[tuple[Setup, dict[str, dict[str, Any]]]]) -> str:
    head = ("articles", "job", "wall med s", "ms/article wall", "ms/article CPU",
            "tree RSS MB", "MB/article")
    body = []
    for st, rows in results:
        for key in ("scratch", "noop", "one", "check", "translated"):
            if key not in rows:
                continue
            r = rows[key]
            body.append((
                f"{st.articles:,}", key, f"{r['wall_median']:.3f}",
                f"{1000 * r['wall_median'] / st.articles:.2f}",
                f"{1000 * r['cpu_median'] / st.articles:.2f}",
                f"{r['rss_sum_mb']:.0f}", f"{r['rss_sum_mb'] / st.articles:.3f}",
            ))
    return render(head, body, left=2)


# --------------------------------------------------------------------------- profile


def profile(exe: Path, work: Path, articles: int, scenario: str, seed: int) -> str:
    """cProfile of one `l10n build` in the state the scenario starts from."""
    import io
    import pstats

    python = exe.parent / "python"
    if not python.is_file():
        python = Path(sys.executable)
    st = prepare_size(work, exe, articles, seed)
    project = {
        "scratch": copy_project(st.base, st.runs / "profile"),
        "noop": st.built,
        "one": st.built,
        "translated": st.translated,
    }[scenario]
    if scenario == "one":
        corpus.edit_article(corpus.article_paths(project)[articles // 2], revision=99, seed=seed)
    out = work / f"profile-{scenario}.prof"
    subprocess.run(
        [str(python), "-m", "cProfile", "-o", str(out), "-m", "l10n", "build"],
        cwd=project, capture_output=True, check=False,
    )
    buf = io.StringIO()
    pstats.Stats(str(out), stream=buf).sort_stats("cumulative").print_stats(25)
    return buf.getvalue()


# --------------------------------------------------------------------------- main


def sizes_arg(text: str) -> list[int]:
    try:
        sizes = [int(x.replace("_", "")) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of sizes: {text!r}") from None
    if not sizes or min(sizes) < 2:
        raise argparse.ArgumentTypeError("sizes must be at least 2 articles")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=None,
                        help="corpus size of the comparison (default 1000; 20 with --quick)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="interleaved rounds (default 5; 1 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 20 articles, 1 round, scaling sizes 10,20")
    parser.add_argument("--peers", default=",".join(PEERS),
                        help=f"comma-separated peers (default {','.join(PEERS)}); '' for none")
    parser.add_argument("--no-peers", action="store_true", help="l10n alone")
    parser.add_argument("--mdpo-max", type=int, default=MDPO_MAX_ARTICLES,
                        help=f"largest corpus mdpo runs on (default {MDPO_MAX_ARTICLES})")
    parser.add_argument("--mdpo-rounds", type=int, default=1,
                        help="rounds mdpo runs in, the first ones (default 1: about a "
                        "minute of CPU per run at 1,000 articles)")
    parser.add_argument("--scaling", action="store_true",
                        help="also l10n alone at --sizes: ms and MB per article")
    parser.add_argument("--sizes", type=sizes_arg, default=None,
                        help="scaling sizes (default 100,1000,5000; add 10000 for the "
                        "memory target)")
    parser.add_argument("--scaling-rounds", type=int, default=None,
                        help="rounds per scaling size (default 3; 1 with --quick)")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="folder for corpora, copies and results (default benchmarks/.work)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help=argparse.SUPPRESS)
    parser.add_argument("--profile", choices=("scratch", "noop", "one", "translated"),
                        help="print a cProfile (top 25 by cumulative time) of one l10n "
                        "scenario instead of benchmarking")
    args = parser.parse_args(argv)
    articles = args.articles or (20 if args.quick else 1000)
    rounds = args.rounds or (1 if args.quick else 5)
    scaling_rounds = args.scaling_rounds or (1 if args.quick else 3)
    sizes = args.sizes or ([10, 20] if args.quick else list(DEFAULT_SIZES))
    if articles < 2 or rounds < 1 or scaling_rounds < 1:
        parser.error("--articles must be at least 2 and rounds at least 1")
    peers = [] if args.no_peers else [p.strip() for p in args.peers.split(",") if p.strip()]
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        exe = find_l10n()
        compile_l10n(exe)
        if args.profile:
            print(profile(exe, work, articles, args.profile, args.seed))
            return 0
        skipped: dict[str, str] = {}
        st = prepare_size(work, exe, articles, args.seed)
        jobs = l10n_jobs(exe, st, args.seed, without=True) + peer_jobs(
            peers, st, work, args.mdpo_max, args.mdpo_rounds, skipped
        )
        costs = [file_cost(st.runs)]
        orders = run_rounds(jobs, rounds, args.seed, f"{articles}")
        costs += [file_cost(st.runs), file_cost(st.runs)]
        rows = {j.key: stats(j) for j in jobs}
        counts = count_outputs(st)
        files = file_note(st, costs)
        scaling: list[tuple[Setup, dict[str, dict[str, Any]]]] = []
        if args.scaling:
            for size in sizes:
                if size == articles:
                    scaling.append((st, rows))
                    continue
                sst = prepare_size(work, exe, size, args.seed)
                sjobs = l10n_jobs(exe, sst, args.seed)
                run_rounds(sjobs, scaling_rounds, args.seed, f"scaling {size}")
                scaling.append((sst, {j.key: stats(j) for j in sjobs}))
                discard(sst.runs)
    except BenchError as exc:
        print(f"error: {exc}")
        return 1
    l10n_keys = ("scratch", "noop", "one", "translated", "check")
    measured = [(s.articles, max(r[k]["rss_sum_mb"] for k in l10n_keys if k in r))
                for s, r in scaling] or [(articles, max(rows[k]["rss_sum_mb"] for k in l10n_keys))]
    memory = max(measured)
    elapsed = time.perf_counter() - started
    load = os.getloadavg()

    print(f"l10n benchmark: {articles:,} articles (~{st.units:,} units), es + pt_BR, "
          f"{rounds} interleaved round(s), shuffled order per round")
    print(f"python {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    real = hasattr(corpus, "translate")
    kind = "the repository's real translations, recombined" if real else "the English marked"
    print(f"translations: {kind}; {st.filled:,} entries filled and signed off before the rounds")
    print()
    print(main_table(rows))
    print()
    print("wall and CPU in seconds; CPU = user + system of the whole process tree (the")
    print("command and its workers). l10n/peer = l10n's median / the peer's median, for")
    print("l10n extract (md2po), build from scratch (po4a, mdpo) or l10n check (pofilter):")
    print("below 1.00x l10n is faster.")
    print("tree RSS / PSS = peak of the sum over the process tree, sampled")
    print(f"every {SAMPLE_EVERY_S * 1000:.0f} ms; largest = the largest single process (VmHWM).")
    print("On a shared, loaded machine CPU time is the figure to trust; wall follows load.")
    print()
    print(what_they_do(st, rows, counts))
    if "mdpo" in rows and rows["mdpo"]["rounds"] < rounds:
        print(f"  mdpo ran in the first {rows['mdpo']['rounds']} round(s) only (--mdpo-rounds):"
              " it grows about quadratically with the corpus")
    for name, reason in skipped.items():
        print(f"  skipped {name}: {reason}")
    for note in st.notes:
        print(f"  note: {note}")
    print(f"  {files}")
    if scaling:
        print()
        print(f"scaling, l10n alone, median of {scaling_rounds} round(s) "
              f"({rounds} at {articles:,}):")
        print(scaling_table(scaling))
    print()
    print("targets (ratios measured in this run):")
    print(render(("measure", "figure", "target", "met"),
                 [t for t in targets(rows, memory)]))
    print(f"\nround orders: {' | '.join(' '.join(o) for o in orders)}")
    results = work / "results.json"
    print(f"total benchmark time {elapsed:.0f} s; results in {results}")
    results.write_text(json.dumps({
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "load": load},
        "options": {"articles": articles, "rounds": rounds, "peers": peers,
                    "scaling": args.scaling, "sizes": sizes, "seed": args.seed},
        "corpus": {"articles": articles, "units": st.units,
                   "generator_version": corpus.GENERATOR_VERSION},
        "results": rows,
        "what": counts,
        "file_creation_s": costs,
        "orders": orders,
        "skipped": skipped,
        "scaling": [{"articles": s.articles, "results": r} for s, r in scaling],
        "targets": targets(rows, memory),
        "elapsed_s": round(elapsed, 1),
    }, indent=2) + "\n", encoding="utf-8")
    discard(st.runs)
    return 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        empty_discarded()
    sys.exit(status)
