"""The segmenting search backend on PostgreSQL full-text search."""

from modelsearch.backends.database.postgres import postgres

from jindu.search.backend import SegmentingQueryMixin, segment_index_of

segment_index_of(postgres)


class PostgresSearchQueryCompiler(SegmentingQueryMixin, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteQueryCompiler(SegmentingQueryMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler

    def __init__(self, params):
        # 'simple' keeps words as they are: English stemming does nothing for Chinese.
        super().__init__({"SEARCH_CONFIG": "simple", **params})
