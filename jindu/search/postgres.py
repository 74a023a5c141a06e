"""The segmenting search backend on PostgreSQL full-text search."""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Func
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.query import Fuzzy, MatchAll, Not
from modelsearch.utils import get_content_type_pk

from jindu.search.backend import IndexedText, SegmentingQueryMixin

EMPTY_VECTOR_SQL = "''::tsvector"


class TitleAndBody(Func):
    """`(title || body)`, written exactly as the GIN index of migration jindu 0006 is."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = SearchVectorField()


class PostgresIndex(postgres.PostgresIndex):
    """Writes a batch of objects in one statement, each object's text read and cut once."""

    def _vector_sql(self, parts, config, params):
        pieces = []
        for words, weight in parts:
            if words.strip():
                pieces.append("setweight(to_tsvector(%s::regconfig, %s), %s)")
                params.extend([config, words, weight])
        return " || ".join(pieces) or EMPTY_VECTOR_SQL

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        objs = list(objs)
        if not objs:
            return
        content_type_pk = get_content_type_pk(model)
        config = self.backend.config or "simple"
        autocomplete_config = self.backend.autocomplete_config
        rows, params = [], []
        for obj in objs:
            text = IndexedText(obj)
            params.extend([content_type_pk, str(obj.pk)])
            title = self._vector_sql([(words, get_weight(boost)) for words, boost in text.title], config, params)
            autocomplete = self._vector_sql([(words, "D") for words in text.autocomplete], autocomplete_config, params)
            body = self._vector_sql([(words, get_weight(boost)) for words, boost in text.body], config, params)
            params.extend([text.joined(text.title), text.joined(text.body)])
            rows.append(f"(%s, %s, {title}, {autocomplete}, {body}, 1.0, %s, %s)")
        table = self.write_connection.ops.quote_name(postgres.IndexEntry._meta.db_table)
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} "  # noqa: S608 - values are parameters; the table name is the model's
                "(content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
                f"VALUES {', '.join(rows)} "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, title_norm = 1.0, "
                "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                params,
            )
        self._refresh_title_norms()


class PostgresSearchQueryCompiler(SegmentingQueryMixin, postgres.PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        """Match the query against `title || body`, the expression our GIN index covers.

        Wagtail's compiler matches the same expression but through an annotation the planner
        sees only after the join; filtering on it directly lets PostgreSQL find the few matching
        entries in the index (migration jindu 0006) instead of reading every entry. The rank is
        Wagtail's: the title's rank (scaled by its length) plus the body's, so a title match
        still comes first.
        """
        if (
            self.fields is not None
            or isinstance(self.query, (MatchAll, Fuzzy))
            or (isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll))
        ):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_search_vectors(search_query), config)
        combined = TitleAndBody(F("index_entries__title"), F("index_entries__body"))
        queryset = self.queryset.alias(_vector_=combined).filter(_vector_=search_query)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)


class PostgresAutocompleteQueryCompiler(SegmentingQueryMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    index_class = PostgresIndex

    def __init__(self, params):
        # 'simple' keeps words as they are: English stemming does nothing for Chinese.
        super().__init__({"SEARCH_CONFIG": "simple", **params})
