"""Wagtail's database search backend, with Chinese text cut into words on both sides.

Set ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "jindu.search.backend"}}``.
It picks the SQLite (FTS5) or PostgreSQL backend as Wagtail's own database backend
does and adds segmentation; every indexed model (pages, images, documents, snippets)
gets it without declaring anything. The vendor backends subclass Wagtail's (modelsearch's)
backend, index and query compiler classes through their class attributes.
"""

from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.backends import database
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import MATCH_NONE, And, Boost, Not, Or, Phrase, PlainText

from jindu.search import segment


class IndexedText:
    """The text one object puts in the index, each field read once and each text cut into words once.

    Wagtail's indexers read every search field again for each column they build (three to five
    times; a tag list is a query each time), so we gather all of them in one pass.
    """

    def __init__(self, obj):
        self.title = []  # (words, boost) for each SearchField named "title"
        self.body = []  # (words, boost) for every other SearchField
        self.autocomplete = []  # words for each AutocompleteField
        self._cut = {}
        self._gather(obj, obj.get_search_fields())

    def _gather(self, obj, fields):
        for field in fields:
            if isinstance(field, RelatedFields):
                for related in self._related_objects(field, obj):
                    self._gather(related, field.fields)
                continue
            words = self._words(self._as_text(field.get_value(obj)))
            if isinstance(field, SearchField):
                (self.title if field.field_name == "title" else self.body).append((words, field.boost))
            elif isinstance(field, AutocompleteField):
                self.autocomplete.append(words)

    @staticmethod
    def _related_objects(field, obj):
        related = field.get_value(obj)
        if related is None:
            return []
        if isinstance(related, Manager):
            return related.all()
        return [related() if callable(related) else related]

    def _as_text(self, value):
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (list, tuple)):
            return ", ".join(self._as_text(item) for item in value)
        return "" if value is None else force_str(value)

    def _words(self, text):
        if text not in self._cut:
            self._cut[text] = segment.for_index(text)
        return self._cut[text]

    @staticmethod
    def joined(parts):
        return " ".join(words for words, _boost in parts if words)


def segment_query(query):
    """The same query tree with every piece of plain text cut into words."""
    if isinstance(query, PlainText | Phrase):
        # A double quote ends a term in SQLite's full-text syntax ("unterminated string"); it means nothing in a
        # Chinese word, so it goes, and a query of nothing else matches nothing.
        text = query.query_string.replace('"', " ").strip()
        if not text:
            return MATCH_NONE
        words = segment.for_query(text) or text
        return PlainText(words, operator=query.operator) if isinstance(query, PlainText) else Phrase(words)
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
