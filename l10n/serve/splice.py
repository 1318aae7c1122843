"""Rewrite one entry of a catalog in place, byte for byte around it (pure).

Rules:
- A catalog is cut into entries by its lines, the way gettext reads it: an entry
  starts at a comment or a ``msgctxt``/``msgid`` keyword that follows a ``msgstr``
  (or a blank line); it ends at its last ``msgstr`` string line.
- Only the lines of the entry whose ``msgid`` keyword is on the given line are
  replaced, by the entry as ``dump_po`` writes it, with the file's own line ending.
  Every other byte of the text (other entries, comments, blank lines, the header,
  whatever layout the file had) is kept as it was.
- The result is read back: when the entry does not come back as meant, it is an
  error and nothing is to be written.
- A catalog's version is a hash of its bytes: a save names the version it was
  based on, and a file that changed since is a conflict.
"""

from __future__ import annotations

import hashlib
import re

import polib

from l10n.errors import CatalogError

_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\b")


def version(data: bytes) -> str:
    """The version token of a catalog's bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def entry_span(text: str, msgid_line: int) -> tuple[int, int]:
    """Character offsets [start, end) of the active entry whose msgid is on
    ``msgid_line`` (1-based), its last line's ending excluded."""
    lines = text.splitlines(keepends=True)
    if not 1 <= msgid_line <= len(lines) or not lines[msgid_line - 1].startswith("msgid"):
        raise CatalogError("the entry is no longer where it was", "", msgid_line)
    start = msgid_line - 1
    # back over this entry's msgctxt and comments, stopping at a blank line or at
    # what ends the previous entry (a msgstr and its string lines)
    i = start - 1
    while i >= 0:
        line = lines[i]
        if not line.strip():
            break
        if line.startswith('"'):
            # a string line: part of our msgctxt only if a msgctxt precedes it
            # before any msgstr
            j = i
            while j >= 0 and lines[j].startswith('"'):
                j -= 1
            if j >= 0 and lines[j].startswith("msgctxt"):
                i = j - 1
                start = j
                continue
            break
        if line.startswith("msgctxt"):
            start = i
        elif line.startswith("#"):
            if line.startswith("#~"):
                break
            start = i
        else:
            break
        i -= 1
    # forward over msgid_plural, msgstr forms and their string lines
    end = msgid_line - 1
    k = msgid_line
    while k < len(lines):
        line = lines[k]
        if line.startswith('"') or _KEYWORD.match(line) and not line.startswith(("msgid ", "msgctxt")):
            end = k
        else:
            break
        k += 1
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    last = lines[end]
    stripped = last.rstrip("\r\n")
    return offsets[start], offsets[end] + len(stripped)


def replace_entry(text: str, entry: polib.POEntry, path: str) -> str:
    """``text`` with the lines of ``entry`` (found by its ``linenum``) rewritten."""
    from l10n.formats.pofile import dump_po, parse_po

    line = int(entry.linenum or 0)
    start, end = entry_span(text, line)
    crlf = text[start:end + 2].endswith("\r\n") or "\r\n" in text[start:end]
    if crlf:  # the reader keeps a CR ending a comment line: it is the line ending here
        entry.tcomment = _no_cr(entry.tcomment)
        entry.comment = _no_cr(entry.comment)
    one = polib.POFile(wrapwidth=79)
    one.append(entry)
    new = dump_po(one).rstrip("\n")
    if crlf:
        new = new.replace("\n", "\r\n")
    result = text[:start] + new + text[end:]
    back = parse_po(result, path)
    found = back.find(entry.msgid, msgctxt=entry.msgctxt)
    if (
        found is None
        or found.msgstr != entry.msgstr
        or _no_cr(found.tcomment) != _no_cr(entry.tcomment)
        or ("fuzzy" in found.flags) != ("fuzzy" in entry.flags)
        or len(back) != len(parse_po(text, path))
    ):
        raise CatalogError("the entry could not be rewritten in place", path, line)
    return result


def _no_cr(text: str | None) -> str:
    return "\n".join(line.removesuffix("\r") for line in (text or "").split("\n"))
