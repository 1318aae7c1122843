"""Medical review currency: who reviewed an article medically, when, and when next (pure).

Rules:
- Front matter ``medical_review: {by: NAME, date: YYYY-MM-DD, next: YYYY-MM-DD}``;
  ``by`` and ``date`` are required, ``next`` is optional and not before ``date``. A bad
  value is an error at its line.
- Every edition shows one localized line, "Medically reviewed by NAME on DATE", with the
  date in the locale's long form; nothing on a page depends on today's date.
- A review is overdue when ``today`` (given, never read here) is after ``next``; status,
  the report and check say so, the page keeps its last review date.
- An edition whose critical units were all signed before the latest medical review
  (each unit's newest valid sign-off older than its ``date``) says so on the page.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from l10n.errors import SourceError

if TYPE_CHECKING:
    import polib

KEY = "medical_review"

# (reviewed by {by} on {date}, critical parts signed before this review), by language
WORDS: dict[str, tuple[str, str]] = {
    "en": (
        "Medically reviewed by {by} on {date}.",
        "Critical parts of this translation were signed off before this medical review.",
    ),
    "es": (
        "Revisado médicamente por {by} el {date}.",
        "Las partes críticas de esta traducción se aprobaron antes de esta revisión médica.",
    ),
    "pt": (
        "Revisado clinicamente por {by} em {date}.",
        "As partes críticas desta tradução foram aprovadas antes desta revisão médica.",
    ),
    "ar": (
        "راجعه طبيًا {by} بتاريخ {date}.",
        "تمت الموافقة على الأجزاء الحرجة من هذه الترجمة قبل هذه المراجعة الطبية.",
    ),
    "fr": (
        "Relu sur le plan médical par {by} le {date}.",
        "Les parties critiques de cette traduction ont été validées avant cette relecture médicale.",
    ),
    "de": (
        "Medizinisch geprüft von {by} am {date}.",
        "Kritische Teile dieser Übersetzung wurden vor dieser medizinischen Prüfung freigegeben.",
    ),
}


@dataclass(frozen=True)
class MedicalReview:
    by: str
    date: str  # YYYY-MM-DD
    next: str = ""  # YYYY-MM-DD, or "" when none is planned
    line: int = 2

    def overdue(self, today: str) -> bool:
        return bool(self.next) and today > self.next


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def read(meta: Mapping[str, Any], meta_lines: Mapping[str, int], path: str) -> MedicalReview | None:
    """The article's medical review, checked; None when it has none."""
    if KEY not in meta:
        return None
    line = meta_lines.get(KEY, 2)
    value = meta[KEY]

    def fail(what: str) -> SourceError:
        return SourceError(f"front matter '{KEY}' {what}", path, line)

    if not isinstance(value, Mapping):
        raise fail("must be a mapping: {by: NAME, date: YYYY-MM-DD, next: YYYY-MM-DD}")
    unknown = sorted(set(map(str, value)) - {"by", "date", "next"})
    if unknown:
        raise fail(f"has an unknown key '{unknown[0]}' (known: by, date, next)")
    by = value.get("by")
    if not isinstance(by, str) or not by.strip():
        raise fail("needs 'by': the reviewer's name")
    date = _date(value.get("date"))
    if date is None:
        raise fail("needs 'date' as YYYY-MM-DD")
    nxt = "" if value.get("next") is None else _date(value.get("next"))
    if nxt is None:
        raise fail("'next' must be YYYY-MM-DD")
    if nxt and nxt < date:
        raise fail(f"'next' ({nxt}) is before 'date' ({date})")
    return MedicalReview(by.strip(), date, nxt, line)


def words(locale: str) -> tuple[str, str]:
    return WORDS.get(locale.split("_")[0], WORDS["en"])


def signed_before(review: MedicalReview, critical: list[str], po: polib.POFile) -> bool:
    """Whether the critical units' sign-offs (any still valid) all predate the review."""
    from l10n.quality.safety import reviews

    entries = {e.msgid: e for e in po if not e.obsolete}
    dates = []
    for text in critical:
        entry = entries.get(text)
        found = [r.when for r in reviews(entry)] if entry is not None else []
        if found:
            dates.append(max(found))
    return bool(dates) and max(dates) < review.date


def page_html(review: MedicalReview, locale: str, before: bool) -> str:
    """The page's medical review line (and the note that critical units predate it)."""
    from babel.dates import format_date

    line, note = words(locale)
    when = format_date(dt.date.fromisoformat(review.date), "long", locale=locale)
    stamp = f'<time datetime="{review.date}">{html.escape(when)}</time>'
    text = html.escape(line).replace("{by}", html.escape(review.by)).replace("{date}", stamp)
    out = f'<p class="l10n-medical">{text}</p>'
    if before:
        out += f'\n<p class="l10n-notice" role="note">{html.escape(note)}</p>'
    return out
