"""Site search on PostgreSQL: Wagtail's own search (the `russian` configuration),
given only the words of a query. See home/search_backend.py."""

import copy

from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText

from .search_backend import WordsOnlyMixin, query_words


class WordsOnlyPostgresMixin(WordsOnlyMixin):
    """PostgreSQL's own compilers (the `russian` configuration), given words only."""

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, (PlainText, Phrase)):
            query = copy.copy(query)
            query.query_string = " ".join(query_words(query.query_string))
        return super().build_tsquery_content(query, config=config, invert=invert)


class WordsOnlyPostgresCompiler(WordsOnlyPostgresMixin, PostgresSearchQueryCompiler):
    pass


class WordsOnlyPostgresAutocompleteCompiler(
    WordsOnlyPostgresMixin, PostgresAutocompleteQueryCompiler
):
    pass


class WordsOnlyPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = WordsOnlyPostgresCompiler
    autocomplete_query_compiler_class = WordsOnlyPostgresAutocompleteCompiler
