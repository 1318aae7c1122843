#!/usr/bin/env python3
"""Deterministic corpus of medical-ish Markdown articles for the benchmarks.

Every article is generated from its own random stream, seeded by the corpus seed
and the article's index, so the first 100 articles of a 1,000-article corpus are
the 100 articles of a 100-article corpus, and two runs on two machines write
byte-identical files.

An article has YAML front matter (``title``, ``slug``, ``description``,
``date``) and about 16 translatable units: the title and the description,
four headings, seven paragraphs of 2-5 sentences (with **bold**, links and
numbers such as "2.5 mg" or "70%"), and a three-item bullet list, which in about
one article in five is followed by a small GFM table.

Usable as a script too::

    python benchmarks/corpus.py DEST --articles 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 20240521

#: Bump when the generated text changes, so cached corpora are regenerated.
GENERATOR_VERSION = 1

LOCALES = ("es", "pt_BR")

PYPROJECT = """\
[project]
name = "l10n-benchmark-site"
version = "0.0.0"

[tool.l10n]
source = "source"
catalogs = "locales"
output = "output"
source_language = "en"
locales = ["es", "pt_BR"]
threshold = 80
"""

# --------------------------------------------------------------------------- vocabulary

CONDITIONS = [
    "depression",
    "treatment-resistant depression",
    "anxiety",
    "chronic pain",
    "post-traumatic stress disorder",
    "bipolar depression",
    "migraine",
    "obsessive-compulsive disorder",
    "fibromyalgia",
    "insomnia",
    "postpartum depression",
    "complex regional pain syndrome",
    "neuropathic pain",
    "seasonal affective disorder",
    "panic disorder",
    "suicidal ideation",
    "alcohol use disorder",
    "generalized anxiety disorder",
    "burnout",
    "chronic fatigue",
    "tinnitus",
    "cluster headaches",
]
TREATMENTS = [
    "ketamine infusion therapy",
    "esketamine nasal spray",
    "transcranial magnetic stimulation",
    "cognitive behavioral therapy",
    "psychotherapy",
    "an intravenous infusion",
    "a booster infusion",
    "a low-dose protocol",
    "an integration session",
    "a nerve block",
    "mindfulness-based therapy",
    "a selective serotonin reuptake inhibitor",
    "lithium maintenance",
    "a stellate ganglion block",
    "group therapy",
    "a guided breathing program",
    "physical therapy",
    "a sleep hygiene plan",
]
AGENTS = [
    "Ketamine",
    "Esketamine",
    "The infusion",
    "The treatment",
    "A single dose",
    "The first session",
    "A series of infusions",
    "Low-dose ketamine",
    "The protocol",
    "Each booster",
    "The medication",
    "This therapy",
    "Glutamate signaling",
    "The NMDA receptor blockade",
    "Neuroplasticity",
    "The care plan",
    "Regular monitoring",
    "The nasal spray",
]
EFFECTS = [
    "reduces symptoms of",
    "may ease",
    "often improves",
    "can relieve",
    "appears to interrupt",
    "helps many patients manage",
    "was shown to lessen",
    "rapidly lowers the burden of",
    "supports recovery from",
    "may reverse some effects of",
    "has been studied as a treatment for",
    "is sometimes combined with therapy for",
]
MECHANISMS = [
    "the growth of new synapses",
    "brain-derived neurotrophic factor (BDNF)",
    "the glutamate system",
    "the default mode network",
    "AMPA receptor activity",
    "the mTOR pathway",
    "synaptic plasticity",
    "communication between neurons",
    "the stress response",
    "serotonin release",
    "inflammatory markers",
    "connectivity in the prefrontal cortex",
    "the balance between GABA and glutamate",
]
CLINICIANS = [
    "Your anesthesiologist",
    "The nurse",
    "A psychiatrist",
    "The care team",
    "Your physician",
    "The clinic",
    "A pain specialist",
    "Our medical director",
    "The intake coordinator",
    "A licensed therapist",
]
ACTIONS = [
    "reviews your medical history",
    "checks your blood pressure",
    "adjusts the dose",
    "monitors your heart rate",
    "explains each step",
    "asks about current medications",
    "schedules a follow-up visit",
    "measures oxygen saturation",
    "records your mood scores",
    "answers your questions",
    "confirms that you have a ride home",
    "updates the care plan",
]
MOMENTS = [
    "before the first infusion",
    "during every session",
    "after the treatment",
    "at the end of the first week",
    "between infusions",
    "before discharge",
    "at each follow-up",
    "when symptoms return",
    "in the first consultation",
]
POPULATIONS = [
    "adults",
    "patients",
    "veterans",
    "older adults",
    "people with chronic pain",
    "participants",
    "adolescents",
    "first responders",
    "women after childbirth",
    "patients who did not respond to two antidepressants",
]
DURATIONS = [
    "hours",
    "24 hours",
    "two days",
    "one week",
    "a few days",
    "three weeks",
    "40 minutes",
    "six infusions",
    "a month",
    "90 days",
]
DOSES = [
    "0.5 mg/kg",
    "1 mg/kg",
    "2.5 mg",
    "56 mg",
    "84 mg",
    "0.75 mg/kg",
    "35 mg",
    "10 mg",
    "5 mL",
    "100 mcg",
]
SIDE_EFFECTS = [
    "nausea",
    "dizziness",
    "a brief rise in blood pressure",
    "blurred vision",
    "mild dissociation",
    "drowsiness",
    "headache",
    "a dreamlike feeling",
    "increased heart rate",
    "fatigue",
]
ADVERBS = [
    "However",
    "In addition",
    "For this reason",
    "In most cases",
    "As a result",
    "Importantly",
    "In practice",
    "Still",
    "Because of this",
    "Over time",
    "In clinical trials",
    "According to recent research",
]
LINK_TEXTS = [
    "our dosing guide",
    "the patient handbook",
    "this overview of NMDA antagonists",
    "the consent form",
    "a summary of recent trials",
    "our safety checklist",
    "the insurance page",
    "frequently asked questions",
    "the aftercare guide",
]
TOPICS = [
    "Safety",
    "Side Effects",
    "Dosing",
    "Recovery",
    "Preparation",
    "Aftercare",
    "Insurance",
    "Research",
    "Expectations",
    "Monitoring",
    "Costs",
    "Eligibility",
    "Integration",
    "Follow-up Care",
    "Long-term Outcomes",
    "Consultation",
]
TITLE_PATTERNS = [
    "Understanding {treatment} for {condition}",
    "How {treatment} Can Help With {condition}",
    "What to Expect From {treatment}",
    "A Patient Guide to {treatment} and {condition}",
    "{condition} and the Brain",
    "Is {treatment} Right for {condition}?",
    "New Research on {treatment}",
    "Living With {condition}",
]
HEADING_PATTERNS = [
    "What Is {treatment}?",
    "How Does {treatment} Work?",
    "{topic} and {topic2}",
    "{topic} for {condition}",
    "Who Is a Candidate for {treatment}?",
    "What the Research Says About {condition}",
    "Preparing for {treatment}",
    "{topic} After {treatment}",
    "Common Questions About {topic}",
    "Understanding {condition}",
]


def _title_case(text: str) -> str:
    small = {"a", "an", "and", "the", "for", "of", "to", "in", "on", "with", "from", "or"}
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word.lower() in small:
            out.append(word.lower())
        elif word[:1].islower():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def _strip_article(text: str) -> str:
    for prefix in ("a ", "an ", "the "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------- generator


@dataclass
class Article:
    slug: str
    text: str
    units: int


class _Writer:
    def __init__(self, rng: random.Random, slug: str):
        self.rng = rng
        self.slug = slug

    def pick(self, seq: list[str]) -> str:
        return self.rng.choice(seq)

    def percent(self) -> str:
        return f"{self.rng.randint(12, 92)}%"

    def link(self) -> str:
        text = self.pick(LINK_TEXTS)
        return f"[{text}](https://example.org/{slugify(text)}#{self.slug[:12]})"

    def sentence(self, rich: bool = True) -> str:
        rng = self.rng
        kind = rng.randrange(9)
        if kind == 0:
            s = (
                f"{self.pick(AGENTS)} {self.pick(EFFECTS)} {self.pick(CONDITIONS)} "
                f"in many {self.pick(POPULATIONS)}."
            )
        elif kind == 1:
            s = (
                f"In a study of {rng.randint(20, 1800):,} {self.pick(POPULATIONS)}, "
                f"about {self.percent()} reported relief within {self.pick(DURATIONS)}."
            )
        elif kind == 2:
            dose = f"**{self.pick(DOSES)}**" if rich else self.pick(DOSES)
            s = (
                f"A typical dose of {dose} is given over {rng.randint(35, 60)} minutes, "
                f"and {self.pick(SIDE_EFFECTS)} usually fades within {self.pick(DURATIONS)}."
            )
        elif kind == 3:
            s = f"{self.pick(CLINICIANS)} {self.pick(ACTIONS)} {self.pick(MOMENTS)}."
        elif kind == 4:
            s = (
                f"{self.pick(ADVERBS)}, {self.pick(AGENTS).lower()} acts on "
                f"{self.pick(MECHANISMS)}, which is linked to {self.pick(CONDITIONS)}."
            )
        elif kind == 5 and rich:
            s = f"You can read more in {self.link()} before your visit."
        elif kind == 6:
            s = (
                f"Researchers observed changes in {self.pick(MECHANISMS)} after "
                f"{self.pick(DURATIONS)}, with {self.percent()} of {self.pick(POPULATIONS)} "
                f"improving."
            )
        elif kind == 7:
            treat = self.pick(TREATMENTS)
            if rich:
                treat = f"**{treat}**"
            s = (
                f"Some clinics pair {treat} with {self.pick(TREATMENTS)} to help with "
                f"{self.pick(CONDITIONS)}."
            )
        else:
            s = (
                f"Tell {self.pick(CLINICIANS).lower()} if you notice {self.pick(SIDE_EFFECTS)} "
                f"or {self.pick(SIDE_EFFECTS)} {self.pick(MOMENTS)}."
            )
        return s[0].upper() + s[1:]

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def heading(self) -> str:
        pattern = self.pick(HEADING_PATTERNS)
        topic, topic2 = self.rng.sample(TOPICS, 2)
        return _title_case(
            pattern.format(
                treatment=_strip_article(self.pick(TREATMENTS)),
                condition=self.pick(CONDITIONS),
                topic=topic,
                topic2=topic2,
            )
        )

    def list_item(self) -> str:
        kind = self.rng.randrange(3)
        if kind == 0:
            return f"{self.pick(CLINICIANS)} {self.pick(ACTIONS)} {self.pick(MOMENTS)}."
        if kind == 1:
            return (
                f"Expect {self.pick(SIDE_EFFECTS)} in about {self.percent()} of "
                f"{self.pick(POPULATIONS)}."
            )
        return f"Ask about **{self.pick(TREATMENTS)}** for {self.pick(CONDITIONS)}."

    def table(self) -> list[str]:
        rows = ["| Treatment | Typical dose | Response rate |", "| --- | --- | --- |"]
        for _ in range(self.rng.randint(2, 3)):
            rows.append(
                f"| {_title_case(_strip_article(self.pick(TREATMENTS)))} "
                f"| {self.pick(DOSES)} | {self.percent()} |"
            )
        return rows


def article_rng(seed: int, index: int) -> random.Random:
    # Seeding with a str hashes it with SHA-512: stable across runs and platforms.
    return random.Random(f"l10n-bench:{seed}:{index}")


def make_article(index: int, seed: int = DEFAULT_SEED) -> Article:
    rng = article_rng(seed, index)
    title = _title_case(
        rng.choice(TITLE_PATTERNS).format(
            treatment=_strip_article(rng.choice(TREATMENTS)),
            condition=rng.choice(CONDITIONS),
        )
    )
    slug = f"{slugify(title)[:60].rstrip('-')}-{index:05d}"
    w = _Writer(rng, slug)
    date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000))
    description = w.sentence(rich=False)
    lines = [
        "---",
        f"title: {title}",
        f"slug: {slug}",
        f"description: {description}",
        f"date: {date.isoformat()}",
        "---",
        "",
    ]
    units = 2  # title + description

    def block(*block_lines: str) -> None:
        lines.extend(block_lines)
        lines.append("")

    block(w.paragraph())
    block(f"## {w.heading()}")
    block(w.paragraph())
    block(w.paragraph())
    block(f"## {w.heading()}")
    block(w.paragraph())
    block(*[f"- {w.list_item()}" for _ in range(3)])
    units += 1 + 1 + 2 + 1 + 1 + 3
    if rng.random() < 0.2:
        rows = w.table()
        block(*rows)
        units += 3 + 1  # header row cells with text + treatment names (approximate)
    block(f"### {w.heading()}")
    block(w.paragraph())
    block(f"## {w.heading()}")
    block(
        w.paragraph(),
    )
    block(w.paragraph())
    units += 1 + 1 + 1 + 2
    text = "\n".join(lines).rstrip("\n") + "\n"
    return Article(slug=slug, text=text, units=units)


def write_project(dest: Path, articles: int, seed: int = DEFAULT_SEED) -> int:
    """Write ``pyproject.toml`` and ``source/*.md`` into *dest*; return the unit count."""
    source = dest / "source"
    source.mkdir(parents=True, exist_ok=True)
    (dest / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    units = 0
    for index in range(articles):
        article = make_article(index, seed)
        (source / f"{article.slug}.md").write_text(article.text, encoding="utf-8")
        units += article.units
    return units


def article_paths(project: Path) -> list[Path]:
    return sorted((project / "source").glob("*.md"))


def edit_article(path: Path, revision: int, seed: int = DEFAULT_SEED) -> None:
    """Rewrite the second body paragraph of the article at *path*.

    *revision* picks the new text, so successive edits of the same article all
    change it.
    """
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    head, body = text[:end], text[end:]
    blocks = body.split("\n\n")
    paragraphs = [
        i for i, b in enumerate(blocks) if b.strip() and not b.lstrip().startswith(("#", "-", "|"))
    ]
    target = paragraphs[1] if len(paragraphs) > 1 else paragraphs[0]
    rng = random.Random(f"l10n-bench-edit:{seed}:{path.name}:{revision}")
    blocks[target] = _Writer(rng, path.stem).paragraph()
    path.write_text(head + "\n\n".join(blocks), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    units = write_project(args.dest, args.articles, args.seed)
    print(f"wrote {args.articles} articles (~{units} translatable units) to {args.dest}")


if __name__ == "__main__":
    main()
