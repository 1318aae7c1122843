"""l10n: localize Markdown articles through gettext catalogs."""

__version__ = "0.1.0"
