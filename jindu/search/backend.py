"""Wagtail's database search backend, with Chinese text cut into words on both sides.

Set ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "jindu.search.backend"}}``.
It picks the SQLite (FTS5) or PostgreSQL backend as Wagtail's own database backend
does and adds segmentation; every indexed model (pages, images, documents, snippets)
gets it without declaring anything.
"""

from modelsearch.backends import database
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from jindu.search import segment


class SegmentingIndexerMixin:
    """Store text fields as space-separated words.

    The base indexer prepares every field once per index column it builds (three to
    five times), so each text is cut once and remembered for this object.
    """

    def prepare_value(self, value):
        if isinstance(value, (list, dict)):
            # The base class joins the items, each prepared (and cut) by this method.
            return super().prepare_value(value)
        text = super().prepare_value(value)
        cache = self.__dict__.setdefault("_segmented", {})
        if text not in cache:
            cache[text] = segment.for_index(text)
        return cache[text]


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


def segment_index_of(module):
    """Make a backend module build its index entries with a segmenting indexer.

    The index classes look the indexer up by name in their own module, so the name is
    rebound there once; the subclass only adds segmentation to ``prepare_value``.
    """
    indexer = module.ObjectIndexer
    if not issubclass(indexer, SegmentingIndexerMixin):
        module.ObjectIndexer = type(f"Segmenting{indexer.__name__}", (SegmentingIndexerMixin, indexer), {})


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """The segmenting backend for the default database, or Wagtail's own for others."""
    backend = database.SearchBackend(params)
    # Each vendor module is imported only when that vendor is in use: the SQLite one
    # needs models that exist only on SQLite.
    vendor_module = type(backend).__module__
    if vendor_module.endswith(".sqlite.sqlite"):
        from jindu.search.sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    if vendor_module.endswith(".postgres.postgres"):
        from jindu.search.postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    return backend
