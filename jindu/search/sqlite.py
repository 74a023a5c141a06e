"""The segmenting search backend on SQLite FTS5."""

from django.db.models import FloatField, Func
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import And, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from jindu.search.backend import IndexedText, SegmentingQueryMixin

FTS_TABLE = sqlite.SQLiteFTSIndexEntry._meta.db_table


class WeightedBM25(Func):
    """FTS5's bm25() with a weight per column (autocomplete, body, title): lower is better."""

    output_field = FloatField()

    def __init__(self, title_weight):
        super().__init__()
        self.title_weight = title_weight

    def as_sql(self, compiler, connection, **extra_context):
        return f"bm25({connection.ops.quote_name(FTS_TABLE)}, 1.0, 1.0, %s)", [self.title_weight]


class SQLiteIndex(sqlite.SQLiteIndex):
    """Writes a batch of objects with one delete and one insert, each object's text read and cut once."""

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        objs = list(objs)
        if not objs:
            return
        content_type_pk = get_content_type_pk(model)
        entries = []
        for obj in objs:
            text = IndexedText(obj)
            entries.append(
                sqlite.IndexEntry(
                    content_type_id=content_type_pk,
                    object_id=str(obj.pk),
                    title=text.joined(text.title),
                    body=text.joined(text.body),
                    autocomplete=" ".join(text.autocomplete),
                )
            )
        ids = [entry.object_id for entry in entries]
        # The FTS table follows through Wagtail's triggers on the entry table.
        self.entries.filter(content_type_id=content_type_pk, object_id__in=ids).delete()
        self.entries.bulk_create(entries)
        self._refresh_title_norms()


class SQLiteSearchQueryCompiler(SegmentingQueryMixin, sqlite.SQLiteSearchQueryCompiler):
    # Wagtail scales the whole row's bm25 by title length, which can rank a short title
    # with the word only in its body above a title that has the word; weighting the
    # title column instead puts a title match first.
    TITLE_WEIGHT = 10.0

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25(self.TITLE_WEIGHT)

    def search(self, config, start, stop, score_field=None):
        """Join the FTS table and rank in the same query.

        Wagtail's compiler filters by a list of matching ids and then ranks each result in a
        subquery of its own; here the matches are joined once and ranked as they are read.
        Queries with a NOT (and MATCH_ALL) keep Wagtail's way.
        """
        query = normalize(self.query)
        if self.fields is not None or not self._is_positive(query):
            return super().search(config, start, stop, score_field=score_field)
        match = MatchExpression(self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        queryset = self.queryset.filter(index_entries__sqliteftsindexentry__isnull=False).filter(match)
        rank = self._build_rank_expression(None, config)
        if self.order_by_relevance:
            queryset = queryset.order_by(rank.asc(), "-pk")
        elif not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        if score_field is not None:
            queryset = queryset.annotate(**{score_field: rank})
        return queryset[start:stop]

    @classmethod
    def _is_positive(cls, query):
        if isinstance(query, (PlainText, Phrase)):
            return True
        if isinstance(query, (And, Or)):
            return all(cls._is_positive(subquery) for subquery in query.subqueries)
        return False


class SQLiteAutocompleteQueryCompiler(SegmentingQueryMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
    index_class = SQLiteIndex
