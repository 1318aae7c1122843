"""The review desk: HTML of a packet to review in the browser, and its actions (pure).

Rules:
- The same rules as ``l10n review`` (``l10n.review``): an entry with a translation
  error (a ``check`` error no valid waiver covers) is never signed; a waiver is of a
  heuristic finding and needs a reason; signing in a role replaces that role's
  earlier sign-off. Accepting a machine draft (fuzzy) makes it the translation
  (the fuzzy flag and the previous source go) before it is signed.
- An action changes one entry in memory; the caller writes it (``splice``).
- Catalog text is untrusted: every value is escaped, in the editor too; the page's
  script only ever sets text, never HTML, except the entry HTML this module made.
- Entries are addressed by their index in the catalog; the catalog's version token
  (``splice.version``) guards against a file that changed meanwhile.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polib

from l10n import notes
from l10n.catalogs import language_name
from l10n.config import ROLES
from l10n.errors import UsageError
from l10n.glossary import Glossary
from l10n.quality.safety import WAIVABLE, is_critical, sign, sign_offs, state, waive
from l10n.review import judge, previous_translation
from l10n.site.report import esc, word_diff


def msgid_key(entry: polib.POEntry) -> str:
    """A short hash naming an entry's source, to make sure an index still means it."""
    return hashlib.sha1(f"{entry.msgctxt or ''}\x04{entry.msgid}".encode()).hexdigest()[:12]


def entries(po: polib.POFile) -> list[tuple[int, polib.POEntry]]:
    """The entries a reviewer sees: active, not the header; with their index."""
    return [(i, e) for i, e in enumerate(po) if not e.obsolete and e.msgid]


@dataclass(frozen=True)
class Action:
    """What a reviewer asked for on one entry."""

    kind: str  # edit, accept, waive
    text: str | None = None  # the translation as in the editor
    name: str = ""
    role: str = ""
    check: str = ""
    reason: str = ""


class Refused(UsageError):
    """An action the review rules do not allow; the message says why."""


def apply(
    entry: polib.POEntry, action: Action, locale: str, glossary: Glossary | None,
    today: str, source_locale: str = "en",
) -> str:
    """Apply ``action`` to ``entry``; a line saying what was done. An edit made with a
    refused sign-off is kept (and saved): the reviewer's text is never lost."""
    edited = False
    if action.text is not None and not entry.msgid_plural:
        text = action.text.replace("\r\n", "\n")
        if text != entry.msgstr:
            if not text.strip() and entry.msgstr:
                raise Refused("an empty translation is not saved: skip the entry instead")
            entry.msgstr = text
            edited = True
    if action.kind == "edit":
        return "saved the translation" if edited else "nothing to save: the text is unchanged"
    if action.kind not in ("accept", "waive"):
        raise Refused(f"unknown action '{action.kind}'")
    who = " ".join(action.name.split())
    if not who:
        raise Refused("give your name (top of the page) before signing or waiving")
    if action.role not in ROLES:
        raise Refused(f"choose a role: {', '.join(ROLES)}")
    if not entry.msgstr:
        raise Refused("nothing to sign: the entry has no translation")
    if action.kind == "waive":
        reason = " ".join(action.reason.split())
        if action.check not in WAIVABLE:
            raise Refused(f"[{action.check}] cannot be waived (only {', '.join(sorted(WAIVABLE))})")
        if not reason:
            raise Refused(f"a waiver of [{action.check}] needs a reason")
        waive(entry, action.check, who, action.role, today, reason)
        return f"waived [{action.check}]" + (" and saved the translation" if edited else "")
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    judged = judge(entry, locale, glossary, source_locale)
    if judged.errors:
        saved = " (your edit is saved)" if edited else ""
        first = judged.errors[0]
        raise Refused(
            f"not signed: [{first.check}] {first.message}: fix the translation first{saved}"
        )
    sign(entry, who, today, action.role)
    return f"signed as {action.role}" + (" with your edit" if edited else "")


# --- HTML --------------------------------------------------------------------------


def _direction(locale: str) -> str:
    from babel import Locale

    return str(Locale.parse(locale).text_direction)


def entry_html(
    index: int, number: int, total: int, entry: polib.POEntry, po: polib.POFile,
    locale: str, lang_tag: str, glossary: Glossary | None, source_locale: str = "en",
) -> str:
    """One entry of the desk: what a reviewer reads, and the form to act on it."""
    n = str(index)
    rtl = _direction(locale)
    judged = judge(entry, locale, glossary, source_locale)
    st = state(entry).value
    blocks = notes.parse(entry.tcomment)
    parts = [
        f'<h2 id="h-{n}">Entry {number} of {total} '
        f'<span class="state state-{esc(st)}">{esc(st)}</span>'
        + (' <span class="critical">critical</span>' if is_critical(entry) else "")
        + "</h2>"
    ]
    if is_critical(entry):
        why = [c.removeprefix("critical:").strip()
               for c in (entry.comment or "").splitlines() if c.startswith("critical:")]
        parts.append(f'<p class="why">Critical: {esc(", ".join(why))}</p>')
    parts.append(f'<h3>Source</h3><p class="text src" lang="{esc(source_locale)}">'
                 f"{esc(entry.msgid)}</p>")
    if entry.previous_msgid:
        parts.append(
            '<h3>Source changed</h3><p class="text diff" lang="'
            f'{esc(source_locale)}">{word_diff(entry.previous_msgid, entry.msgid)}</p>'
        )
    current = entry.msgstr if not entry.msgid_plural else " | ".join(
        entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)
    )
    parts.append(
        f'<h3>Current translation</h3><p class="text tr" lang="{esc(lang_tag)}" dir="{rtl}">'
        + (esc(current) if current else '<span class="muted">(none)</span>') + "</p>"
    )
    old = previous_translation(entry, po)
    if old:
        diff = word_diff(old, entry.msgstr) if entry.msgstr else esc(old)
        parts.append(f'<h3>Previous translation</h3><p class="text prev" lang="{esc(lang_tag)}"'
                     f' dir="{rtl}">{diff}</p>')
    draft = notes.draft_of(blocks)
    if draft is not None:
        parts.append(f'<p class="draft">Machine draft: {esc(draft.engine)}, {esc(draft.when)}'
                     + (" (still fuzzy: accepting it makes it the translation)"
                        if "fuzzy" in entry.flags else "") + "</p>")
    for text in notes.texts(blocks, notes.MEANING):
        parts.append(f'<p class="why">Meaning changed: {esc(text)}</p>')
    signs = [f"{esc(r.role or 'reviewer')} {esc(r.who)} on {esc(r.when)}"
             + ("" if valid else " (no longer holds: the text changed)")
             for r, valid in sign_offs(entry)]
    if signs:
        parts.append("<p class=\"signs\">Signed: " + "; ".join(signs) + "</p>")
    hints = []
    if glossary is not None:
        for g in glossary.terms_in(entry.msgid):
            if g.kind == "dnt":
                hints.append(f"<li>{esc(g.term)}: do not translate</li>")
            else:
                accepted = glossary.accepted(g, locale)
                if accepted:
                    hints.append(f"<li>{esc(g.term)} → {esc(' | '.join(accepted))}</li>")
    if hints:
        parts.append('<h3>Glossary</h3><ul class="hints">' + "".join(hints) + "</ul>")
    found = [f'<li class="f-{esc(f.severity)}"><strong>{esc(f.severity)}</strong> '
             f"[{esc(f.check)}] {esc(f.message)}</li>" for f in judged.findings]
    found += [f'<li class="f-waived"><strong>waived</strong> [{esc(f.check)}] {esc(f.message)}'
              f" (by {esc(w.who)}, {esc(w.when)}: {esc(w.reason)})</li>" for f, w in judged.waived]
    parts.append('<h3>Check</h3><ul class="findings">'
                 + ("".join(found) or "<li>no findings</li>") + "</ul>")
    blocked = bool(judged.errors)
    waivable = sorted({f.check for f in judged.findings if f.check in WAIVABLE})
    form = [
        f'<form class="act" data-index="{n}" data-key="{msgid_key(entry)}">',
        f'<label for="t-{n}">Translation ({esc(language_name(locale))})</label>',
    ]
    if entry.msgid_plural:
        form.append(f'<p class="muted" id="t-{n}">Plural forms are edited in a catalog editor.</p>')
    else:
        form.append(
            f'<textarea id="t-{n}" name="text" rows="4" lang="{esc(lang_tag)}" dir="{rtl}"'
            f' spellcheck="true">{esc(entry.msgstr)}</textarea>'
        )
    form.append('<div class="buttons">')
    if not entry.msgid_plural:
        form.append('<button type="submit" name="do" value="edit">Save edit</button>')
    form.append(
        '<button type="submit" name="do" value="accept"'
        + (f' aria-describedby="b-{n}"' if blocked else "") + ">Accept and sign</button>"
        '<button type="button" class="skip" name="do" value="skip">Skip</button></div>'
    )
    if blocked:
        form.append(f'<p class="blocked" id="b-{n}">Cannot be signed until its translation '
                    "errors are fixed.</p>")
    if waivable:
        options = "".join(f'<option value="{esc(c)}">{esc(c)}</option>' for c in waivable)
        form.append(
            f'<fieldset class="waive"><legend>Waive a finding</legend>'
            f'<label for="w-{n}">Finding</label><select id="w-{n}" name="check">{options}</select>'
            f'<label for="r-{n}">Reason (required)</label>'
            f'<input id="r-{n}" name="reason" type="text">'
            '<button type="submit" name="do" value="waive">Waive</button></fieldset>'
        )
    form.append('<p class="unsaved" hidden></p></form>')
    body = "".join(parts) + "".join(form)
    return (f'<article class="entry" id="e-{n}" tabindex="-1" aria-labelledby="h-{n}"'
            f' data-index="{n}">{body}</article>')


def page(
    title: str, slug: str, locale: str, lang_tag: str, po: polib.POFile, version: str,
    csrf: str, preview: str, glossary: Glossary | None, source_locale: str = "en",
) -> str:
    """The desk for one article x locale."""
    from l10n.serve.assets import DESK_CSS, DESK_JS

    listed = entries(po)
    items = [entry_html(i, k, len(listed), e, po, locale, lang_tag, glossary, source_locale)
             for k, (i, e) in enumerate(listed, 1)]
    name = language_name(locale)
    roles = "".join(f'<option value="{r}">{r}</option>' for r in ROLES)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="l10n-csrf" content="{esc(csrf)}">'
        f"<title>Review desk: {esc(title)} ({esc(name)})</title>"
        f"<style>{DESK_CSS}</style></head><body>"
        '<a class="skiplink" href="#entries">Skip to the entries</a>'
        f'<header><h1>Review desk: {esc(title)} <span class="lang">({esc(name)})</span></h1>'
        '<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next and previous entry, '
        "<kbd>e</kbd> edit, <kbd>a</kbd> accept and sign, <kbd>s</kbd> skip; in the editor "
        "<kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves and <kbd>Esc</kbd> leaves it.</p>"
        '<div class="who"><label for="name">Your name</label>'
        '<input id="name" type="text" autocomplete="name">'
        f'<label for="role">Role</label><select id="role">{roles}</select></div>'
        '<p id="status" role="status" aria-live="polite"></p>'
        '<div id="banner" role="alert" hidden></div></header>'
        f'<main><section id="entries" aria-label="Entries" data-locale="{esc(locale)}"'
        f' data-slug="{esc(slug)}" data-version="{esc(version)}">'
        + "".join(items)
        + "</section>"
        f'<aside class="preview" aria-label="Page preview"><h2>Page preview</h2>'
        f'<iframe id="preview" title="Page preview" src="{esc(preview)}"></iframe>'
        '<p><a id="preview-link" href="' + esc(preview) + '">Open the preview</a></p></aside>'
        f"</main><script>{DESK_JS}</script></body></html>\n"
    )


def index(rows: list[tuple[str, str, str, str]], links: list[tuple[str, str]]) -> str:
    """The home page: each (title, locale name, desk href, state) and other links."""
    from l10n.serve.assets import DESK_CSS

    items = "".join(
        f'<li><a href="{esc(href)}">{esc(title)}: {esc(lang)}</a> <span class="muted">'
        f"{esc(note)}</span></li>"
        for title, lang, href, note in rows
    )
    other = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in links)
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>l10n serve</title><style>{DESK_CSS}</style></head><body><main class=\"home\">"
        "<h1>l10n serve</h1><h2>Site</h2><ul>" + other + "</ul>"
        "<h2>Review desk</h2><ul>" + (items or "<li>No catalogs yet: run l10n update.</li>")
        + "</ul></main></body></html>\n"
    )
