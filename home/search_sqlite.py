"""Site search on SQLite: Russian word forms by stem prefixes, title matches first.

See home/search_backend.py. Imported only on SQLite (the FTS5 model exists only there).
"""

from functools import reduce

import snowballstemmer
from django.db.models import Case, FloatField, Value, When
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite.query import BM25, Lexeme
from modelsearch.backends.database.sqlite.query import (
    SearchQueryExpression as FTSQuery,
)
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Not, Phrase, PlainText

from .search_backend import WordsOnlyMixin, query_words

# Stems shorter than this would match too much as a prefix («в», «на»): whole word only.
MIN_PREFIX_STEM = 3
# bm25() weights of the FTS5 columns, in the table's order: autocomplete, body, title.
COLUMN_WEIGHTS = (0.0, 1.0, 10.0)
# Larger than any bm25() score: pages whose title matches come first.
TITLE_MATCH_BONUS = 1000.0

_stemmer = snowballstemmer.stemmer("russian")


def stemmed(word):
    """(text, is_prefix): the word's stem as a prefix, or a short word whole."""
    stem = _stemmer.stemWord(word.replace("ё", "е"))
    if len(stem) < MIN_PREFIX_STEM:
        return word, False
    return stem, True


def stem_lexeme(word):
    text, prefix = stemmed(word)
    return Lexeme(text, prefix=prefix)


def fts_query(words, operator):
    """The FTS5 query text for `words` (letters and digits only: nothing to escape)."""
    terms = []
    for word in words:
        text, prefix = stemmed(word)
        terms.append(f'"{text}"*' if prefix else f'"{text}"')
    return f" {'OR' if operator.lower() == 'or' else 'AND'} ".join(terms)


class TitleWeightedBM25(BM25):
    """FTS5's bm25() with title words weighing more than text words."""

    def as_sql(self, compiler, connection, function=None, template=None):
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


def title_match(words, operator):
    """1.0 for index entries whose title matches the query, else 0.0.

    FTS5's bm25 saturates term frequency, so no column weight lets one mention in a
    title beat a text that repeats the word: the page *about* «НМО» would lose to a
    page that mentions НМО often. Title matches therefore rank first, by bm25 within.
    """
    table = SQLiteFTSIndexEntry._meta.db_table
    # The table name is the model's; the query text is a parameter.
    in_title = RawSQL(  # noqa: S611
        f"SELECT rowid FROM {table} WHERE {table} MATCH %s",  # noqa: S608
        [f"{{title}} : ({fts_query(words, operator)})"],
    )
    return Case(
        When(index_entry_id__in=in_title, then=Value(1.0)),
        default=Value(0.0),
        output_field=FloatField(),
    )


class RussianSQLiteQueryCompiler(WordsOnlyMixin, SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            lexemes = [stem_lexeme(word) for word in query_words(query.query_string)]
            if not lexemes:
                return None
            if query.operator.lower() == "or":
                return FTSQuery(reduce(lambda a, b: a | b, lexemes))
            return FTSQuery(reduce(lambda a, b: a & b, lexemes))
        if isinstance(query, Phrase):
            return FTSQuery(" ".join(query_words(query.query_string)))
        return super().build_search_query_content(query, config=config)

    def get_index_vectors(self):
        # One rank over the title and body columns (weighted in TitleWeightedBM25).
        return super().get_index_vectors()[1:]

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, PlainText):
            words = query_words(query.query_string)
            # bm25() is negative, lower is better: a title match moves a page ahead.
            rank = TitleWeightedBM25() - TITLE_MATCH_BONUS * title_match(
                words, query.operator
            )
            return rank * boost if boost != 1.0 else rank
        if isinstance(query, (Phrase, Not)):
            return TitleWeightedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)


class SafeSQLiteAutocompleteCompiler(WordsOnlyMixin, SQLiteAutocompleteQueryCompiler):
    """The admin's choosers: prefix matching as Wagtail does it, on words only."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            words = query_words(query.query_string)
            if not words:
                return None
            *head, last = words
            lexemes = [Lexeme(word) for word in head] + [Lexeme(last, prefix=True)]
            return FTSQuery(reduce(lambda a, b: a & b, lexemes))
        return super().build_search_query_content(query, config=config)


class RussianSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RussianSQLiteQueryCompiler
    autocomplete_query_compiler_class = SafeSQLiteAutocompleteCompiler
