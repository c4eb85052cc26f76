"""The site's search backend: Wagtail's database backend, with Russian word forms on SQLite.

PostgreSQL stems the index and the query with its `russian` text-search configuration
(settings: SEARCH_CONFIG), so «взносы» finds «взнос»; that path is Wagtail's own
(home/search_postgres.py only filters the input). SQLite's full-text index (FTS5)
matches whole tokens only: «уролог» would not find «урологов». There each query word is
cut to its stem by the Snowball Russian stemmer and matched as a prefix of indexed words
(«взносы» → взнос* finds «взнос», «взноса»), with no change to the index; pages whose
title matches come first, then bm25 decides (home/search_sqlite.py).

On both databases only letters and digits of a query reach the full-text engine:
quotes, operators and control characters are dropped, so no input can break FTS5's
query syntax (a lone `"` was a server error) or PostgreSQL's (a NUL was one). The
admin's search and choosers use this backend too.
"""

import re

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.fallback import (
    DatabaseSearchBackend as FallbackBackend,
)
from modelsearch.query import Not, Phrase, PlainText

WORD = re.compile(r"[^\W_]+")


def query_words(text):
    """The words of a search query: runs of letters and digits, lower case."""
    return [word.lower() for word in WORD.findall(text or "")]


class WordsOnlyMixin:
    """Searches with the query's words only; nothing at all when it has none."""

    def search(self, config, start, stop, *args, **kwargs):
        query = self.query.subquery if isinstance(self.query, Not) else self.query
        if isinstance(query, (PlainText, Phrase)) and not query_words(
            query.query_string
        ):
            return self.queryset.none()
        return super().search(config, start, stop, *args, **kwargs)


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in this module)
    """Wagtail's database backend for the current database, Russian-aware on SQLite."""
    backend = database_backend(params)
    if connection.vendor == "sqlite" and not isinstance(backend, FallbackBackend):
        from .search_sqlite import RussianSQLiteSearchBackend

        return RussianSQLiteSearchBackend(params)
    if connection.vendor == "postgresql":
        from .search_postgres import WordsOnlyPostgresSearchBackend

        return WordsOnlyPostgresSearchBackend(params)
    return backend
