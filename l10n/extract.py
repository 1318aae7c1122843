"""Article -> template catalog (POT), pure.

Rules:
- One entry per distinct unit text; a text used twice is one entry with two
  references ``#: source/<slug>.md:LINE`` and its block kinds as ``#.`` comments,
  plus ``#. critical: WHY`` for a critical unit.
- Entries keep document order (first occurrence); no msgctxt.
- The header carries Project-Id-Version (the slug) and the given creation date,
  so the same article and date always give the same bytes.
"""

from __future__ import annotations

import polib

from l10n.formats.pofile import untranslated
from l10n.markdown import Article, segments

HEADER = {
    "Project-Id-Version": "",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def template(article: Article, slug: str, created: str) -> polib.POFile:
    """The template catalog of one article; ``created`` is the POT-Creation-Date."""
    pot = polib.POFile(wrapwidth=79)
    pot.header = f"Template for {article.path}."
    pot.metadata = dict(HEADER, **{"Project-Id-Version": slug, "POT-Creation-Date": created})
    entries: dict[str, polib.POEntry] = {}
    for seg in segments(article):
        entry = entries.get(seg.text)
        if entry is None:
            entry = untranslated(seg.text)
            entries[seg.text] = entry
            pot.append(entry)
        notes = entry.comment.split("\n") if entry.comment else []
        for note in (seg.kind, seg.critical and f"critical: {seg.critical}"):
            if note and note not in notes:
                notes.append(note)
        entry.comment = "\n".join(notes)
        entry.occurrences.append((article.path, str(seg.line)))
    return pot
