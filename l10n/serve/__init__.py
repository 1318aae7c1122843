"""``l10n serve``: the site, previews and review report on a local port, rebuilt as
files change, and a review desk to edit and sign entries in the browser.

Modules: ``app`` (the server, its guards and the watcher), ``desk`` (the desk's HTML
and the review actions, pure), ``splice`` (rewriting one entry of a catalog in place,
pure), ``assets`` (stylesheet and scripts). Nothing here is imported by other commands.
"""
