"""The segmenting search backend on PostgreSQL full-text search."""

from django.db.models import Q
from modelsearch.backends.database.postgres import postgres
from modelsearch.query import PlainText

from jindu.search.backend import SegmentingQueryMixin, segment_index_of

segment_index_of(postgres)


class PostgresSearchQueryCompiler(SegmentingQueryMixin, postgres.PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        """Match a one-word query on the title and body vectors separately.

        Wagtail matches against `title || body`, which builds a new vector for every row and
        can use neither GIN index. For a single word, "in the title or in the body" means the
        same and lets PostgreSQL use the indexes; other queries keep Wagtail's way.
        """
        is_one_word = isinstance(self.query, PlainText) and len(self.query.query_string.split()) == 1
        if self.fields is not None or not is_one_word:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_search_vectors(search_query), config)
        # One filter() call: both conditions share the join to the page's single index entry.
        queryset = self.queryset.filter(Q(index_entries__title=search_query) | Q(index_entries__body=search_query))
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)


class PostgresAutocompleteQueryCompiler(SegmentingQueryMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler

    def __init__(self, params):
        # 'simple' keeps words as they are: English stemming does nothing for Chinese.
        super().__init__({"SEARCH_CONFIG": "simple", **params})
