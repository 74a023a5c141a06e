"""Wagtail's database search backend, with Chinese text cut into words on both sides.

Set ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "jindu.search.backend"}}``.
It picks the SQLite (FTS5) or PostgreSQL backend as Wagtail's own database backend
does and adds segmentation; every indexed model (pages, images, documents, snippets)
gets it without declaring anything.
"""

from modelsearch.backends import database
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from jindu.search import segment


class SegmentingIndexerMixin:
    """Store text fields as space-separated words."""

    def prepare_value(self, value):
        if isinstance(value, (list, dict)):
            # The base class joins the items, each prepared (and cut) by this method.
            return super().prepare_value(value)
        return segment.for_index(super().prepare_value(value))


def segment_query(query):
    """The same query tree with every piece of plain text cut into words."""
    if isinstance(query, PlainText):
        words = segment.for_query(query.query_string)
        return PlainText(words or query.query_string, operator=query.operator)
    if isinstance(query, Phrase):
        return Phrase(segment.for_query(query.query_string) or query.query_string)
    if isinstance(query, (And, Or)):
        return type(query)([segment_query(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(segment_query(query.subquery))
    if isinstance(query, Boost):
        return Boost(segment_query(query.subquery), query.boost)
    return query


class SegmentingQueryMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = segment_query(self.query)


def _segment_index_of(module):
    """Make the backend module build its index entries with the segmenting indexer.

    The index classes look the indexer up by name in their own module, so the name is
    rebound there once; the subclass only adds segmentation to ``prepare_value``.
    """
    indexer = module.ObjectIndexer
    if not issubclass(indexer, SegmentingIndexerMixin):
        module.ObjectIndexer = type(f"Segmenting{indexer.__name__}", (SegmentingIndexerMixin, indexer), {})


class SQLiteSearchQueryCompiler(SegmentingQueryMixin, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteQueryCompiler(SegmentingQueryMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler


class PostgresSearchQueryCompiler(SegmentingQueryMixin, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteQueryCompiler(SegmentingQueryMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler

    def __init__(self, params):
        # 'simple' keeps words as they are: English stemming would not help Chinese words.
        params = {"SEARCH_CONFIG": "simple", **params}
        super().__init__(params)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """The segmenting backend for the default database, or Wagtail's own for others."""
    backend = database.SearchBackend(params)
    if isinstance(backend, sqlite.SQLiteSearchBackend):
        _segment_index_of(sqlite)
        return SQLiteSearchBackend(params)
    if isinstance(backend, postgres.PostgresSearchBackend):
        _segment_index_of(postgres)
        return PostgresSearchBackend(params)
    return backend
