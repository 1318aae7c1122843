#!/usr/bin/env python3
"""Speed and memory of ``l10n build``, side by side with peer tools.

Run from the repository root with the project installed (``pip install -e .``)::

    python benchmarks/bench_build.py                 # 1,000 articles, 3 runs, with peers
    python benchmarks/bench_build.py --no-peers --runs 5
    python benchmarks/bench_build.py --scaling       # adds 100 / 1,000 / 5,000 articles
    python benchmarks/bench_build.py --profile noop  # cProfile of one l10n scenario

Every measurement runs the command in a fresh Python process that only starts it,
so the wall time and the peak resident memory (``ru_maxrss`` of
``RUSAGE_CHILDREN``: the largest single process of the command) belong to that
command alone. Results are printed as a table and written to
``benchmarks/.work/results.json``. See benchmarks/README.md for the scenarios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus

WORK = HERE / ".work"
RUNS_DIR = WORK / "runs"
PEERS_VENV = WORK / "peers-venv"
RESULTS = WORK / "results.json"

TARGET_SECONDS = {"scratch": 4.0, "noop": 0.5, "one": 0.5, "check": 4.0, "review": 5.0}
# ``l10n check`` without the two most expensive entry checks, for their cost in the same run.
WITHOUT_CHECKS = ("negation", "source-language")
_CHECK_WITHOUT = (
    "import sys\n"
    "from l10n.quality import checks\n"
    f"checks.ENTRY_CHECKS[:] = [c for c in checks.ENTRY_CHECKS if c.id not in {WITHOUT_CHECKS!r}]\n"
    "from l10n.cli import main\n"
    "sys.argv = ['l10n', *sys.argv[1:]]\n"
    "main()\n"
)
TARGET_MB = 300.0
SCALING_SIZES = (100, 1000, 5000)

# A peer whose first run on the full corpus takes longer than this is measured once.
PEER_SLOW_RUN_S = 45.0
# A peer whose projected full-corpus time (from a 100-article probe) exceeds this is
# measured on 100 articles and extrapolated linearly.
PEER_PROJECTED_BUDGET_S = 180.0
PROBE_ARTICLES = 100

# Run inside a fresh interpreter per measurement: start the command, wait, report.
_MEASURE = r"""
import json, resource, subprocess, sys, time
cwd, cmd = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
out = p.stdout.decode("utf-8", "replace").splitlines()
print(json.dumps({
    "wall": wall, "maxrss_kb": ru.ru_maxrss, "user": ru.ru_utime, "sys": ru.ru_stime,
    "rc": p.returncode,
    "wrote": sum(1 for line in out if line.startswith("wrote ")),
    "last_line": out[-1] if out else "",
    "tail": [line for line in out if not line.startswith("wrote ")][-3:],
    "stderr": p.stderr.decode("utf-8", "replace")[-1500:],
}))
"""


class BenchError(RuntimeError):
    pass


@dataclass
class Sample:
    wall: float
    peak_mb: float
    rc: int
    wrote: int
    last_line: str
    tail: list[str]  # the last lines of output that are not "wrote <file>"
    cpu: float = 0.0  # user + system seconds of the command and its workers


@dataclass
class Row:
    key: str
    tool: str
    scenario: str
    articles: int
    runs: int
    times_s: list[float]
    median_s: float
    peak_mb: float
    target_s: float | None = None
    target_mb: float | None = None
    met: bool | None = None
    ratio_vs_l10n: float | None = None
    entries: int | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


def measure(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> Sample:
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(cwd), *cmd],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"measuring {cmd[0]} failed: {proc.stderr.strip()[-800:]}")
    data = json.loads(proc.stdout)
    if data["rc"] not in ok:
        raise BenchError(
            f"{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))} "
            f"exited {data['rc']}: {' | '.join(data['stderr'].strip().splitlines()[-3:])}"
        )
    return Sample(
        wall=data["wall"],
        peak_mb=data["maxrss_kb"] / 1024,
        rc=data["rc"],
        wrote=data["wrote"],
        last_line=data["last_line"],
        tail=data["tail"],
        cpu=data["user"] + data["sys"],
    )


def corpus_dir(articles: int, seed: int) -> Path:
    """A generated project with *articles* articles, cached under .work/."""
    path = WORK / "corpus" / f"a{articles}-s{seed}-v{corpus.GENERATOR_VERSION}"
    marker = path / ".complete"
    if marker.is_file():
        return path
    shutil.rmtree(path, ignore_errors=True)
    t0 = time.perf_counter()
    units = corpus.write_project(path, articles, seed)
    marker.write_text(json.dumps({"articles": articles, "units": units}), encoding="utf-8")
    log(f"generated {articles} articles (~{units} units) in {time.perf_counter() - t0:.1f} s")
    return path


def corpus_units(path: Path) -> int:
    return int(json.loads((path / ".complete").read_text(encoding="utf-8"))["units"])


def fresh_copy(src: Path, name: str) -> Path:
    dest = RUNS_DIR / name
    shutil.rmtree(dest, ignore_errors=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".complete"))
    return dest


_MSGID = re.compile(r"^msgid ", re.MULTILINE)


def count_entries(files: list[Path]) -> int:
    """Entries in PO/POT files, header entries not counted."""
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        n = len(_MSGID.findall(text))
        if re.search(r'^msgid ""\nmsgstr ""\n"', text, re.MULTILINE):
            n -= 1
        total += n
    return total


def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt_s(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


# --------------------------------------------------------------------------- l10n


def find_l10n() -> tuple[Path | None, str]:
    candidate = Path(sys.executable).parent / "l10n"
    exe = candidate if candidate.is_file() else None
    if exe is None:
        found = shutil.which("l10n")
        exe = Path(found) if found else None
    if exe is None:
        return None, "the l10n command is not installed (pip install -e . in this venv)"
    proc = subprocess.run(
        [str(exe), "build", "--help"], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return None, f"'l10n build --help' exited {proc.returncode}: {proc.stderr.strip()[-300:]}"
    return exe, ""


# `l10n build` exits 0; 4 (a catalog under the publish threshold) still means it built.
BUILD_OK = (0, 4)


def _wrote_note(samples: list[Sample]) -> str:
    low, high = min(s.wrote for s in samples), max(s.wrote for s in samples)
    return f"wrote {low} files per run" if low == high else f"wrote {low}-{high} files per run"


def fill_translations(project: Path) -> tuple[int, int]:
    """Translate every entry of every catalog with polib: the repository's own reviewed
    Spanish and Portuguese, recombined as the corpus recombined the English
    (``corpus.translate``). Return the number of catalogs and of entries filled."""
    import polib

    files = sorted((project / "locales").glob("*/LC_MESSAGES/*.po"))
    entries = 0
    for path in files:
        locale = path.parent.parent.name
        po = polib.pofile(str(path), wrapwidth=79)
        for entry in po:
            translation = None if entry.obsolete else corpus.translate(entry.msgid, locale)
            if translation is None:
                continue
            entry.msgstr = translation
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgctxt = None
            entries += 1
        po.save(str(path))
    return len(files), entries


REVIEWER = "Benchmark Reviewer"


def sign_off(exe: Path, project: Path) -> tuple[dict[str, float], str, list[Sample]]:
    """Sign off every translated entry with ``l10n review --all`` (pages with critical
    units need it); return the seconds per locale, a note on what went wrong, if
    anything, and the measurements (one per locale)."""
    seconds: dict[str, float] = {}
    problems = []
    samples: list[Sample] = []
    for code in corpus.LOCALES:
        try:
            sample = measure(
                [str(exe), "review", "-l", code, "--by", REVIEWER, "--as", "linguist", "--all"],
                project,
            )
        except BenchError as exc:
            problems.append(f"l10n review -l {code} failed: {exc}")
            continue
        seconds[code] = round(sample.wall, 3)
        samples.append(sample)
        log(f"l10n review -l {code} --all: {sample.wall:.2f} s")
        summary = next((ln for ln in sample.tail if ln.startswith("review:")), "")
        if not summary.endswith("; 0 refused"):
            problems.append(f"l10n review -l {code}: {summary or ' | '.join(sample.tail)}")
    return seconds, "; ".join(problems), samples


def check_findings(exe: Path, project: Path) -> str:
    """What ``l10n check`` finds on the translated site, by severity and check (untimed)."""
    proc = subprocess.run(
        [str(exe), "check", "--format", "json"], cwd=project, capture_output=True, text=True,
        check=False,
    )
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return f"l10n check printed no JSON (exit {proc.returncode})"
    counts: dict[str, int] = {}
    for catalog in data["catalogs"]:
        for f in catalog["findings"]:
            key = f"{f['severity']} {f['check']}"
            counts[key] = counts.get(key, 0) + 1
    found = ", ".join(f"{n} {key}" for key, n in sorted(counts.items())) or "no finding"
    return f"exit {data['exit_status']}; {found}"


def pages(project: Path) -> int:
    return len(list((project / "output").glob("*/*.html")))


def l10n_row(
    key: str,
    scenario: str,
    articles: int,
    samples: list[Sample],
    target: str | None,
    note: str = "",
    **extra: Any,
) -> Row:
    times = [s.wall for s in samples]
    peak = max(s.peak_mb for s in samples)
    extra.setdefault("cpu_median_s", round(median([s.cpu for s in samples]), 3))
    target_s = TARGET_SECONDS.get(target) if target else None
    med = median(times)
    met = peak <= TARGET_MB and (target_s is None or med <= target_s)
    return Row(
        key=key,
        tool="l10n",
        scenario=scenario,
        articles=articles,
        runs=len(samples),
        times_s=[round(t, 4) for t in times],
        median_s=round(med, 4),
        peak_mb=round(peak, 1),
        target_s=target_s,
        target_mb=TARGET_MB,
        met=met,
        note=note,
        extra=extra,
    )


def bench_scratch(exe: Path, base: Path, articles: int, runs: int, tag: str) -> tuple[Row, Path]:
    samples = []
    project = base
    for r in range(runs):
        project = fresh_copy(base, f"{tag}-scratch-{r}")
        samples.append(measure([str(exe), "build"], project, BUILD_OK))
        log(f"l10n build from scratch ({articles} articles) run {r + 1}: {samples[-1].wall:.2f} s")
    entries = count_entries(sorted((project / "locales").glob("*.pot")))
    row = l10n_row(
        f"scratch-{articles}",
        "l10n build, from scratch",
        articles,
        samples,
        "scratch",
        ms_per_article=round(1000 * median([s.wall for s in samples]) / articles, 3),
    )
    row.entries = entries
    return row, project


def bench_l10n(exe: Path, base: Path, articles: int, runs: int, seed: int, rows: list[Row]) -> None:
    """Append a row per scenario to *rows* (rows done before a failure are kept)."""
    scratch, built = bench_scratch(exe, base, articles, runs, f"l10n-{articles}")
    rows.append(scratch)

    # (2) nothing changed: rebuild the project the last scratch run built.
    samples = []
    for r in range(runs):
        samples.append(measure([str(exe), "build"], built, BUILD_OK))
        log(f"l10n rebuild, nothing changed, run {r + 1}: {samples[-1].wall:.3f} s")
    wrote = max(s.wrote for s in samples)
    rows.append(
        l10n_row(
            "noop",
            "l10n build, nothing changed",
            articles,
            samples,
            "noop",
            note="" if wrote == 0 else f"wrote {wrote} files on a no-change rebuild",
        )
    )

    # (3) one article changed: edit one paragraph of one article, rebuild.
    paths = corpus.article_paths(built)
    victim = paths[len(paths) // 2]
    samples = []
    for r in range(runs):
        corpus.edit_article(victim, revision=r + 1, seed=seed)
        samples.append(measure([str(exe), "build"], built, BUILD_OK))
        log(f"l10n rebuild, one article changed, run {r + 1}: {samples[-1].wall:.3f} s")
    rows.append(
        l10n_row(
            "one",
            "l10n build, one article changed",
            articles,
            samples,
            "one",
            note=_wrote_note(samples),
        )
    )

    # (4) translated: every msgstr filled (polib) and signed off (l10n review, untimed),
    # then build renders every page.
    t0 = time.perf_counter()
    po_files, filled = fill_translations(built)
    fill_s = time.perf_counter() - t0
    log(f"filled {filled} entries in {po_files} catalogs with polib in {fill_s:.1f} s")
    review_s, review_note, review_samples = sign_off(exe, built)
    if review_samples:
        rows.append(
            l10n_row(
                "review",
                "l10n review --all, every entry of a locale",
                articles,
                review_samples,
                "review",
                note="one run per locale (" + ", ".join(
                    f"{code} {s:.2f} s" for code, s in review_s.items()
                ) + ")" + (f"; {review_note}" if review_note else ""),
            )
        )
    expected = articles * len(corpus.LOCALES)
    snapshot = RUNS_DIR / f"l10n-{articles}-translated-base"
    shutil.rmtree(snapshot, ignore_errors=True)
    shutil.copytree(built, snapshot)
    samples = []
    project = snapshot
    for r in range(runs):
        project = fresh_copy(snapshot, f"l10n-{articles}-translated-{r}")
        samples.append(measure([str(exe), "build"], project, BUILD_OK))
        log(f"l10n build after translation, run {r + 1}: {samples[-1].wall:.2f} s")
    rendered = pages(project)
    rows.append(
        l10n_row(
            "translated",
            "l10n build, all catalogs translated",
            articles,
            samples,
            None,
            note=(
                f"{rendered} of {expected} HTML pages rendered; {filled} entries filled"
                + (f"; {review_note}" if review_note else "")
            ),
            pages=rendered,
            filled_entries=filled,
            fill_seconds=round(fill_s, 2),
            review_seconds=review_s,
        )
    )

    # (5) the CI gate on the translated site: l10n check (stale + completeness + checks),
    # and, in the same run, l10n check without the negation and source-language checks.
    python = exe.parent / "python"
    without = [str(python), "-c", _CHECK_WITHOUT, "check", "--format", "json"]
    samples, before = [], []
    for r in range(runs):
        if python.is_file():
            before.append(measure(without, project, (0, 3, 4, 5)))
            log(f"l10n check without {', '.join(WITHOUT_CHECKS)}, run {r + 1}: "
                f"{before[-1].wall:.3f} s ({before[-1].cpu:.2f} s CPU)")
        samples.append(measure([str(exe), "check", "--format", "json"], project, (0, 3, 4, 5)))
        log(f"l10n check of the translated site, run {r + 1}: {samples[-1].wall:.3f} s "
            f"({samples[-1].cpu:.2f} s CPU)")
    if before:
        rows.append(
            l10n_row(
                "check-without",
                f"l10n check, translated, without {' and '.join(WITHOUT_CHECKS)}",
                articles,
                before,
                "check",
            )
        )
    rows.append(
        l10n_row(
            "check", "l10n check, translated site", articles, samples, "check",
            note=check_findings(exe, project),
        )
    )

    # (4b) the steady state of a translated site: rebuild with nothing changed.
    samples = []
    for r in range(runs):
        samples.append(measure([str(exe), "build"], project, BUILD_OK))
        log(f"l10n rebuild of the translated site, run {r + 1}: {samples[-1].wall:.3f} s")
    wrote = max(s.wrote for s in samples)
    rows.append(
        l10n_row(
            "translated-noop",
            "l10n build, translated, nothing changed",
            articles,
            samples,
            "noop",
            note="" if wrote == 0 else f"wrote {wrote} files on a no-change rebuild",
        )
    )


# --------------------------------------------------------------------------- peers


@dataclass
class Peer:
    name: str
    scenario: str
    package: str  # what pip installs; "" for a system package
    probe_import: str  # module that must import in the peers venv
    prepare: Any  # (project) -> None, untimed setup in the copy
    command: Any  # (project) -> list[str]
    outputs: Any  # (project) -> list[Path], the catalogs written


def peers_python() -> Path:
    return PEERS_VENV / "bin" / "python"


def ensure_peers_venv() -> str:
    """Create the peers' venv if missing; '' when it is usable, else the reason."""
    if peers_python().is_file():
        return ""
    log(f"creating {PEERS_VENV.relative_to(HERE.parent)}")
    proc = subprocess.run(
        [sys.executable, "-m", "venv", str(PEERS_VENV)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return f"could not create the peers venv: {proc.stderr.strip()[-300:]}"
    return ""


def ensure_pip_package(peer: Peer) -> str:
    """Install the peer in the peers venv if it does not import; '' or the reason."""
    py = str(peers_python())
    probe_cmd = [py, "-c", f"import {peer.probe_import}"]
    if subprocess.run(probe_cmd, capture_output=True, check=False).returncode == 0:
        return ""
    log(f"pip install {peer.package} into the peers venv")
    proc = subprocess.run(
        [py, "-m", "pip", "install", "-q", peer.package],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.splitlines() if not ln.startswith("WARNING")]
        return f"pip install {peer.package} failed: {' '.join(lines[-3:])[-300:]}"
    probe = subprocess.run(probe_cmd, capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return f"{peer.probe_import} does not import: {probe.stderr.strip().splitlines()[-1:]}"
    return ""


def po4a_prepare(project: Path) -> None:
    lines = [
        "[po4a_langs] es pt_BR",
        "[po4a_paths] po/site.pot $lang:po/$lang.po",
        '[options] opt:"-o markdown -o yfm_keys=title,description"',
        "",
    ]
    for path in corpus.article_paths(project):
        name = path.name
        lines.append(f"[type: text] source/{name} $lang:output/$lang/{name}")
    (project / "po4a.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_peers() -> list[Peer]:
    py = str(peers_python())
    return [
        Peer(
            name="po4a",
            scenario="po4a --no-translations (extract + update es, pt_BR)",
            package="",
            probe_import="",
            prepare=po4a_prepare,
            command=lambda p: ["po4a", "--no-translations", "po4a.cfg"],
            outputs=lambda p: [p / "po" / "site.pot"],
        ),
        Peer(
            name="mdpo",
            scenario="mdpo md2po (extract into one catalog)",
            package="mdpo",
            probe_import="mdpo.md2po",
            prepare=lambda p: None,
            command=lambda p: [
                py,
                "-m",
                "mdpo.md2po",
                "source/*.md",
                "--po-filepath",
                "messages.po",
                "--save",
                "--quiet",
            ],
            outputs=lambda p: [p / "messages.po"],
        ),
        Peer(
            name="translate-toolkit",
            scenario="translate-toolkit md2po (extract source/)",
            package="translate-toolkit[markdown]",
            probe_import="translate.convert.md2po",
            prepare=lambda p: None,
            command=lambda p: [
                py,
                "-m",
                "translate.convert.md2po",
                "--progress=none",
                "--pot",
                "-i",
                "source",
                "-o",
                "templates",
            ],
            outputs=lambda p: sorted((p / "templates").glob("*.pot")),
        ),
    ]


def peer_available(peer: Peer) -> str:
    if peer.name == "po4a":
        if shutil.which("po4a") is None:
            return "po4a is not installed (Debian package po4a: apt-get install -y po4a)"
        if shutil.which("msgmerge") is None:
            return "msgmerge (gettext) is missing, which po4a needs"
        return ""
    reason = ensure_peers_venv()
    return reason or ensure_pip_package(peer)


def run_peer_once(peer: Peer, base: Path, tag: str) -> tuple[Sample, Path]:
    project = fresh_copy(base, tag)
    peer.prepare(project)
    return measure(peer.command(project), project), project


def bench_peer(peer: Peer, base: Path, articles: int, runs: int, seed: int) -> Row:
    note = ""
    measured_on = articles
    corpus_base = base
    if articles > PROBE_ARTICLES:
        probe, _ = run_peer_once(peer, corpus_dir(PROBE_ARTICLES, seed), f"{peer.name}-probe")
        projected = probe.wall * articles / PROBE_ARTICLES
        log(
            f"{peer.name}: {PROBE_ARTICLES}-article probe {probe.wall:.2f} s "
            f"(projected {projected:.0f} s for {articles})"
        )
        if projected > PEER_PROJECTED_BUDGET_S:
            measured_on = PROBE_ARTICLES
            corpus_base = corpus_dir(PROBE_ARTICLES, seed)
    samples: list[Sample] = []
    project = corpus_base
    for r in range(runs):
        sample, project = run_peer_once(peer, corpus_base, f"{peer.name}-{r}")
        samples.append(sample)
        log(f"{peer.name} run {r + 1} ({measured_on} articles): {sample.wall:.2f} s")
        if sample.wall > PEER_SLOW_RUN_S:
            note = f"measured once: one run takes over {PEER_SLOW_RUN_S:.0f} s"
            break
    entries = count_entries(peer.outputs(project))
    times = [s.wall for s in samples]
    med = median(times)
    if measured_on != articles:
        scale = articles / measured_on
        times = [t * scale for t in times]
        med *= scale
        note = (
            f"measured on {measured_on} articles, time extrapolated linearly to "
            f"{articles}; entries are for {measured_on}"
        )
    return Row(
        key=peer.name,
        tool=peer.name,
        scenario=peer.scenario,
        articles=articles,
        runs=len(samples),
        times_s=[round(t, 4) for t in times],
        median_s=round(med, 4),
        peak_mb=round(max(s.peak_mb for s in samples), 1),
        entries=entries,
        note=note,
        extra={"measured_on_articles": measured_on},
    )


# --------------------------------------------------------------------------- profile


def profile(exe: Path, base: Path, scenario: str, seed: int) -> str:
    """cProfile of one `l10n build` in the state the scenario starts from."""
    import io
    import pstats

    python = exe.parent / "python"
    if not python.is_file():
        python = Path(sys.executable)
    project = fresh_copy(base, "profile")
    if scenario != "scratch":
        measure([str(exe), "build"], project, BUILD_OK)
    if scenario == "one":
        paths = corpus.article_paths(project)
        corpus.edit_article(paths[len(paths) // 2], revision=99, seed=seed)
    if scenario == "translated":
        fill_translations(project)
        sign_off(exe, project)
    out = WORK / f"profile-{scenario}.prof"
    subprocess.run(
        [str(python), "-m", "cProfile", "-o", str(out), "-m", "l10n", "build"],
        cwd=project,
        capture_output=True,
        check=False,
    )
    buf = io.StringIO()
    pstats.Stats(str(out), stream=buf).sort_stats("cumulative").print_stats(25)
    return buf.getvalue()


# --------------------------------------------------------------------------- report


def table(rows: list[Row]) -> str:
    head = (
        "scenario",
        "articles",
        "runs",
        "median s",
        "CPU s",
        "peak MB",
        "target",
        "met",
        "vs l10n",
        "entries",
    )
    body = []
    for r in rows:
        target = ""
        if r.tool == "l10n":
            target = f"<= {TARGET_MB:g} MB"
            if r.target_s is not None:
                target = f"<= {r.target_s:g} s, {target}"
        met = "" if r.met is None else ("yes" if r.met else "NO")
        if r.met is False:
            why = []
            if r.target_s is not None and r.median_s > r.target_s:
                why.append("time")
            if r.peak_mb > TARGET_MB:
                why.append("memory")
            met = f"NO ({', '.join(why)})"
        ratio = "" if r.ratio_vs_l10n is None else f"{r.ratio_vs_l10n:.2f}x"
        body.append(
            (
                r.scenario,
                f"{r.articles:,}",
                str(r.runs),
                fmt_s(r.median_s),
                fmt_s(r.extra["cpu_median_s"]) if "cpu_median_s" in r.extra else "",
                f"{r.peak_mb:.1f}",
                target,
                met,
                ratio,
                "" if r.entries is None else f"{r.entries:,}",
            )
        )
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]
    numeric = {1, 2, 3, 4, 5, 8, 9}

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    out = [line(head), line(tuple("-" * w for w in widths))]
    out.extend(line(b) for b in body)
    notes = [f"  {r.scenario}: {r.note}" for r in rows if r.note]
    if notes:
        out.append("")
        out.append("notes:")
        out.extend(notes)
    return "\n".join(out)


def scaling_table(rows: list[Row]) -> str:
    out = [
        f"{'articles':>8}  {'median s':>8}  {'ms/article':>10}  {'peak MB':>7}  target",
        f"{'-' * 8}  {'-' * 8}  {'-' * 10}  {'-' * 7}  ------",
    ]
    for r in rows:
        per = 1000 * r.median_s / r.articles
        target = "" if r.articles != 1000 else f"<= {TARGET_SECONDS['scratch']:g} s"
        out.append(
            f"{r.articles:>8,}  {fmt_s(r.median_s):>8}  {per:>10.2f}  {r.peak_mb:>7.1f}  {target}"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument(
        "--no-peers", action="store_true", help="skip po4a, mdpo, translate-toolkit"
    )
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="also time the build from scratch on 100 / 1,000 / 5,000 articles",
    )
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help=argparse.SUPPRESS)
    parser.add_argument(
        "--profile",
        choices=("scratch", "noop", "one", "translated"),
        help="print a cProfile (top 25 by cumulative time) of one l10n "
        "scenario instead of benchmarking",
    )
    args = parser.parse_args(argv)
    if args.articles < 1 or args.runs < 1:
        parser.error("--articles and --runs must be at least 1")

    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    exe, l10n_reason = find_l10n()
    base = corpus_dir(args.articles, args.seed)
    units = corpus_units(base)

    if args.profile:
        if exe is None:
            print(f"cannot profile: {l10n_reason}")
            return 1
        print(profile(exe, base, args.profile, args.seed))
        shutil.rmtree(RUNS_DIR, ignore_errors=True)
        return 0

    rows: list[Row] = []
    skipped: list[dict[str, str]] = []
    errors: list[str] = []
    if exe is None:
        skipped.append({"tool": "l10n", "reason": l10n_reason})
    else:
        try:
            bench_l10n(exe, base, args.articles, args.runs, args.seed, rows)
        except BenchError as exc:
            errors.append(f"l10n: {exc}")

    peer_rows: list[Row] = []
    if not args.no_peers:
        for peer in make_peers():
            reason = peer_available(peer)
            if reason:
                skipped.append({"tool": peer.name, "reason": reason})
                log(f"skipping {peer.name}: {reason}")
                continue
            try:
                peer_rows.append(bench_peer(peer, base, args.articles, args.runs, args.seed))
            except BenchError as exc:
                errors.append(f"{peer.name}: {exc}")
    scratch = next((r for r in rows if r.key.startswith("scratch-")), None)
    if scratch is not None:
        for r in peer_rows:
            r.ratio_vs_l10n = round(r.median_s / scratch.median_s, 2)

    scaling: list[Row] = []
    if args.scaling and exe is not None:
        for size in SCALING_SIZES:
            if size == args.articles and scratch is not None:
                scaling.append(scratch)
                continue
            try:
                row, _ = bench_scratch(
                    exe, corpus_dir(size, args.seed), size, args.runs, f"scaling-{size}"
                )
                scaling.append(row)
            except BenchError as exc:
                errors.append(f"l10n scaling {size}: {exc}")
    shutil.rmtree(RUNS_DIR, ignore_errors=True)
    elapsed = time.perf_counter() - started

    print(
        f"l10n build benchmark: {args.articles:,} articles (~{units:,} translatable units), "
        f"locales es + pt_BR, median of {args.runs} run(s)"
    )
    print(
        f"python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs"
    )
    print()
    print(table(rows + peer_rows))
    print()
    print("vs l10n = the tool's median time / the median time of 'l10n build, from scratch';")
    print("above 1.00x the tool is slower than l10n. The peers only extract (po4a also")
    print("updates the two catalogs); l10n build also merges and renders pages.")
    if scaling:
        print()
        print("scaling of 'l10n build, from scratch':")
        print(scaling_table(scaling))
    for s in skipped:
        print(f"skipped {s['tool']}: {s['reason']}")
    for e in errors:
        print(f"error: {e}")
    print(f"\ntotal benchmark time {elapsed:.0f} s; results in {RESULTS.relative_to(HERE.parent)}")

    RESULTS.write_text(
        json.dumps(
            {
                "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "machine": {
                    "python": platform.python_version(),
                    "system": platform.system(),
                    "machine": platform.machine(),
                    "cpus": os.cpu_count(),
                },
                "options": {
                    "articles": args.articles,
                    "runs": args.runs,
                    "peers": not args.no_peers,
                    "scaling": args.scaling,
                    "seed": args.seed,
                },
                "corpus": {
                    "articles": args.articles,
                    "units": units,
                    "generator_version": corpus.GENERATOR_VERSION,
                },
                "targets": {"seconds": TARGET_SECONDS, "peak_mb": TARGET_MB},
                "results": [asdict(r) for r in rows + peer_rows],
                "scaling": [asdict(r) for r in scaling],
                "skipped": skipped,
                "errors": errors,
                "elapsed_s": round(elapsed, 1),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
