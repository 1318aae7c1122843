#!/usr/bin/env python3
"""Deterministic corpus of medical Markdown articles, with real translations, for the benchmarks.

The text is the repository's own: every English sentence, heading, title and list
item comes from a reviewed entry of the repository's Spanish and Portuguese catalogs
(``locales/{es,pt_BR}/LC_MESSAGES/*.po``) whose three versions split into as many
sentences, so ``translate`` gives each generated unit a real Spanish and Portuguese
translation: the same sentences, recombined in the same order. A small table
vocabulary (treatments, doses, response rates) is translated by hand.

Every article is generated from its own random stream, seeded by the corpus seed
and the article's index, so the first 100 articles of a 1,000-article corpus are
the 100 articles of a 100-article corpus, and two runs on two machines (with the
same catalogs in the repository) write byte-identical files.

An article has YAML front matter (``title``, ``slug``, ``description``,
``date``) and about 16 translatable units: the title and the description,
four headings, seven paragraphs of 2-5 sentences, and a three-item bullet list,
which in about one article in five is followed by a small GFM table.

Usable as a script too::

    python benchmarks/corpus.py DEST --articles 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 20240521

#: Bump when the generated text changes, so cached corpora are regenerated.
GENERATOR_VERSION = 2

LOCALES = ("es", "pt_BR")
REPOSITORY = Path(__file__).resolve().parent.parent

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

# --------------------------------------------------------------------------- text

Triple = tuple[str, str, str]  # English, Spanish, Portuguese

TABLE_HEAD: list[Triple] = [
    ("Treatment", "Tratamiento", "Tratamento"),
    ("Typical dose", "Dosis habitual", "Dose habitual"),
    ("Response rate", "Tasa de respuesta", "Taxa de resposta"),
]
TABLE_TREATMENTS: list[Triple] = [
    ("Ketamine infusion therapy", "Terapia con infusiones de ketamina",
     "Terapia com infusão de cetamina"),
    ("Esketamine nasal spray", "Espray nasal de esketamina", "Spray nasal de escetamina"),
    ("Cognitive behavioral therapy", "Terapia cognitivo-conductual",
     "Terapia cognitivo-comportamental"),
    ("Transcranial magnetic stimulation", "Estimulación magnética transcraneal",
     "Estimulação magnética transcraniana"),
    ("Group psychotherapy", "Psicoterapia de grupo", "Psicoterapia em grupo"),
    ("A stellate ganglion block", "Un bloqueo del ganglio estrellado",
     "Um bloqueio do gânglio estrelado"),
]
DOSES = ["0.5 mg/kg", "1 mg/kg", "2.5 mg", "56 mg", "84 mg", "0.75 mg/kg", "35 mg", "5 mL"]


_BLOCK_START = re.compile(r"\d+[.)]\s|[-+*>#]\s|[|=]")  # would start a list, a quote ...


def _balanced(text: str) -> bool:
    if _BLOCK_START.match(text):
        return False
    return text.count("**") % 2 == 0 and text.count("`") % 2 == 0 and (
        text.count("[") == text.count("]") and text.count("(") == text.count(")")
    )


@dataclass(frozen=True)
class Pool:
    """The repository's reviewed text, by kind, each piece with its two translations."""

    sentences: list[Triple]  # sentences of paragraphs and descriptions
    plain: list[Triple]  # sentences without markup (descriptions)
    headings: list[Triple]
    titles: list[Triple]
    items: list[Triple]  # list items
    table: dict[str, Triple]  # every table cell, by its English text


@functools.lru_cache(maxsize=1)
def pool() -> Pool:
    """Read the repository's catalogs (once): entries translated and not fuzzy in both."""
    import polib

    from l10n.quality.sentences import split

    kinds: dict[str, list[Triple]] = {}
    for es_path in sorted((REPOSITORY / "locales" / "es" / "LC_MESSAGES").glob("*.po")):
        pt_path = REPOSITORY / "locales" / "pt_BR" / "LC_MESSAGES" / es_path.name
        if not pt_path.is_file():
            continue
        portuguese = {e.msgid: e for e in polib.pofile(str(pt_path)) if not e.obsolete}
        for entry in polib.pofile(str(es_path)):
            other = portuguese.get(entry.msgid)
            if (entry.obsolete or other is None or not entry.msgstr or not other.msgstr
                    or "fuzzy" in entry.flags or "fuzzy" in other.flags):
                continue
            kind = (entry.comment or "").splitlines()[0] if entry.comment else ""
            parts = [[s for _, s in split(t)] for t in (entry.msgid, entry.msgstr, other.msgstr)]
            if len({len(p) for p in parts}) != 1:
                continue
            for triple in zip(*parts):
                if all(_balanced(t) for t in triple):
                    kinds.setdefault(kind, []).append(triple)
    paragraph = kinds.get("paragraph", []) + kinds.get("front matter description", [])
    table: dict[str, Triple] = {t[0]: t for t in TABLE_HEAD + TABLE_TREATMENTS}
    for dose in DOSES:
        written = dose.replace(".", ",")
        table[dose] = (dose, written, written)
    for percent in range(12, 93):
        table[f"{percent}%"] = (f"{percent}%", f"{percent} %", f"{percent}%")
    return Pool(
        sentences=paragraph,
        plain=[t for t in paragraph if not re.search(r"[*_`\[\]<>:#]", t[0])],
        headings=kinds.get("heading 2", []) + kinds.get("heading 3", []),
        titles=kinds.get("front matter title", []) + kinds.get("heading 2", []),
        items=kinds.get("list item", []),
        table=table,
    )


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, Triple], dict[str, list[str]]]:
    """Every piece by its English, and the English pieces by their first word."""
    p = pool()
    every = p.sentences + p.headings + p.titles + p.items + list(p.table.values())
    pieces = {t[0]: t for t in every}
    by_first: dict[str, list[str]] = {}
    for english in sorted(pieces, key=len, reverse=True):
        by_first.setdefault(english.split(" ", 1)[0], []).append(english)
    return pieces, by_first


def translate(text: str, locale: str) -> str | None:
    """The Spanish or Portuguese of a unit the corpus wrote: each of its pieces (sentences
    joined by a space) translated by the repository's reviewed translation; None for
    text the corpus did not write."""
    column = 1 + LOCALES.index(locale)
    pieces, by_first = _dictionary()
    out: list[str] = []
    rest = text
    while rest:
        for english in by_first.get(rest.split(" ", 1)[0], []):  # the longest first
            if rest.startswith(english) and rest[len(english) : len(english) + 1] in ("", " "):
                out.append(pieces[english][column])
                rest = rest[len(english) + 1 :]
                break
        else:
            return None
    return " ".join(out) if out else None


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
        self.pool = pool()

    def sentence(self, rich: bool = True) -> str:
        return self.rng.choice(self.pool.sentences if rich else self.pool.plain)[0]

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def heading(self) -> str:
        return self.rng.choice(self.pool.headings)[0]

    def title(self) -> str:
        return self.rng.choice(self.pool.titles)[0]

    def list_item(self) -> str:
        return self.rng.choice(self.pool.items or self.pool.sentences)[0]

    def table(self) -> list[str]:
        rows = ["| " + " | ".join(t[0] for t in TABLE_HEAD) + " |", "| --- | --- | --- |"]
        for _ in range(self.rng.randint(2, 3)):
            treatment = self.rng.choice(TABLE_TREATMENTS)[0]
            dose = self.rng.choice(DOSES)
            rows.append(f"| {treatment} | {dose} | {self.rng.randint(12, 92)}% |")
        return rows


def article_rng(seed: int, index: int) -> random.Random:
    # Seeding with a str hashes it with SHA-512: stable across runs and platforms.
    return random.Random(f"l10n-bench:{seed}:{index}")


def make_article(index: int, seed: int = DEFAULT_SEED) -> Article:
    rng = article_rng(seed, index)
    w = _Writer(rng, "")
    title = w.title()
    slug = f"{slugify(title)[:60].rstrip('-')}-{index:05d}"
    w.slug = slug
    date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000))
    description = w.sentence(rich=False)
    lines = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"slug: {slug}",
        f"description: {json.dumps(description, ensure_ascii=False)}",
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
