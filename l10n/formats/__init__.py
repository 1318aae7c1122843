"""Interchange formats for agencies and CAT tools: XLIFF 2.1 and 1.2, TMX 1.4b, TBX-Basic.

Rules: every module here is pure (bytes or text in, values out); reading goes
through ``safexml.parse``, which refuses what a hostile file could use.
"""
