"""The segmenting search backend on SQLite FTS5."""

from django.db.models import FloatField, Func
from modelsearch.backends.database.sqlite import sqlite

from jindu.search.backend import SegmentingQueryMixin, segment_index_of

segment_index_of(sqlite)


class WeightedBM25(Func):
    """FTS5's bm25() with a weight per column (autocomplete, body, title): lower is better."""

    output_field = FloatField()

    def __init__(self, title_weight):
        super().__init__()
        self.title_weight = title_weight

    def as_sql(self, compiler, connection, **extra_context):
        table = connection.ops.quote_name(sqlite.SQLiteFTSIndexEntry._meta.db_table)
        return f"bm25({table}, 1.0, 1.0, %s)", [self.title_weight]


class SQLiteSearchQueryCompiler(SegmentingQueryMixin, sqlite.SQLiteSearchQueryCompiler):
    # Wagtail scales the whole row's bm25 by title length, which can rank a short title
    # with the word only in its body above a title that has the word; weighting the
    # title column instead puts a title match first.
    TITLE_WEIGHT = 10.0

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25(self.TITLE_WEIGHT)


class SQLiteAutocompleteQueryCompiler(SegmentingQueryMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
