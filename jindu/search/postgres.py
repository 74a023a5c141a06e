"""The segmenting search backend on PostgreSQL full-text search."""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.db import transaction
from django.db.models import Avg, F, FloatField, Q, Value
from django.db.models.functions import Cast, Length
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from jindu.search.backend import IndexedText, SegmentingQueryMixin

EMPTY_VECTOR_SQL = "''::tsvector"
# Wagtail's compiler splits plain text into words the same way.
TERM_SEPARATOR = re.compile(r"[\s\-]+")


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
        # Each entry gets its title norm as it is written (Wagtail writes 1.0 and then rewrites the
        # rows, and every GIN entry with them).
        rows, params = [], [self.average_title_length()]
        for obj in objs:
            text = IndexedText(obj)
            params.extend([content_type_pk, str(obj.pk)])
            title = self._vector_sql([(words, get_weight(boost)) for words, boost in text.title], config, params)
            autocomplete = self._vector_sql([(words, "D") for words in text.autocomplete], autocomplete_config, params)
            body = self._vector_sql([(words, get_weight(boost)) for words, boost in text.body], config, params)
            params.extend([text.joined(text.title), text.joined(text.body)])
            rows.append(f"(%s::integer, %s, {title}, {autocomplete}, {body}, %s::text, %s::text)")
        table = self.write_connection.ops.quote_name(postgres.IndexEntry._meta.db_table)
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} "
                "(content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
                "SELECT v.content_type_id, v.object_id, v.title, v.autocomplete, v.body, "
                "COALESCE(%s::double precision / NULLIF(length(v.title), 0), 1.0), v.title_text, v.body_text "
                f"FROM (VALUES {', '.join(rows)}) "
                "AS v (content_type_id, object_id, title, autocomplete, body, title_text, body_text) "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, title_norm = EXCLUDED.title_norm, "
                "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                params,
            )

    def average_title_length(self):
        titled = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
        return titled.aggregate(average=Avg("title_length"))["average"]

    def settle_title_norms(self):
        """Every title norm to the final average title length, rewriting only rows whose norm changes."""
        average = self.average_title_length()
        if average is None:
            return
        norm = average / F("title_length")
        titled = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
        titled.exclude(title_norm=norm).update(title_norm=norm)


class PostgresRebuilder:
    """`update_index`: stale entries out first, title norms settled once at the end."""

    def __init__(self, index):
        self.index = index

    def start(self):
        self.index.delete_stale_entries()
        return self.index

    def finish(self):
        self.index.settle_title_norms()


class AtomicPostgresRebuilder(PostgresRebuilder):
    """The same in one transaction, so searches see the old index until the new one is complete."""

    def __init__(self, index):
        super().__init__(index)
        self.atomic = transaction.atomic(using=index.write_connection.alias)

    def start(self):
        self.atomic.__enter__()
        return super().start()

    def finish(self):
        super().finish()
        self.atomic.__exit__(None, None, None)


def _key_field(model):
    """The field an object id in the index is cast to, to compare it with the model's primary key."""
    field = model._meta.pk
    while field.is_relation:
        field = field.target_field
    return field


class PostgresSearchQueryCompiler(SegmentingQueryMixin, postgres.PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        """Find the matches through the GIN indexes on the title and on the body.

        Wagtail's compiler matches the query against `title || body`, an expression no index
        covers: PostgreSQL reads every entry of the index table and joins two vectors for each.
        A page matches a word when its title or its body has it, so each word becomes "title
        has it or body has it", and the words combine as the query says; PostgreSQL answers
        that from the two indexes Wagtail already keeps (BitmapOr/BitmapAnd).
        """
        match = None
        if self.fields is None and not isinstance(self.query, (MatchAll, Fuzzy)):
            match = self._match(self.query, config)
        if match is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        if self.order_by_relevance:
            in_title = self._match(self.query, config, columns=("title",))
            not_in_title = self._match(self.query, config, invert=True, columns=("title",))
            if in_title is not None and not_in_title is not None:
                return self._title_matches_first(match, in_title, not_in_title, config, start, stop, score_field)
        # The matching entries name their objects by primary key, so PostgreSQL fetches a few
        # matches through the primary key index instead of reading every page to join on the
        # entry's text object id.
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_search_vectors(search_query), config)
        model = self.queryset.model
        matching = postgres.IndexEntry.objects.filter(
            self._match(self.query, config, prefix=""),
            content_type_id__in=get_descendants_content_types_pks(model),
        ).values(object_pk=Cast("object_id", output_field=_key_field(model)))
        queryset = self.queryset.filter(pk__in=matching)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    def _title_matches_first(self, match, in_title, not_in_title, config, start, stop, score_field):
        """Pages whose title matches, best title first; then pages that match in the body only, newest first.

        Ranking reads a page's whole body vector, stored out of line (TOAST) and decompressed for
        each page ranked: for a word found in every article that is every article, on every
        search. So only titles, which are short and stored in the row, are ranked. The body-only
        matches follow newest first, which PostgreSQL reads backwards along the page primary key
        and stops as soon as the page of results is full. Each part is cut at `stop` in its own
        query, so neither is read further than the page needs.
        """
        # The entry's text object id read as the page's key as well, so PostgreSQL goes from the
        # matching titles to their pages through the page primary key instead of reading every page.
        in_title &= Q(pk=Cast("index_entries__object_id", output_field=_key_field(self.queryset.model)))
        title_rank = self.build_tsrank(F("index_entries__title"), self.query, config=config)
        title_rank = title_rank * F("index_entries__title_norm")
        no_rank = Value(0.0, output_field=FloatField())
        scores = {} if score_field is None else {score_field: F("_search_rank")}
        title_matches = (
            self.queryset.filter(in_title)
            .annotate(_search_tier=Value(0), _search_rank=title_rank, **scores)
            .order_by("-_search_rank", "-pk")[:stop]
        )
        # "Not in the title" comes first, so PostgreSQL never reads the body of a page whose
        # title matches (those pages are in the first part).
        body_only_matches = (
            self.queryset.filter(not_in_title & match)
            .annotate(_search_tier=Value(1), _search_rank=no_rank, **scores)
            .order_by("-pk")[:stop]
        )
        results = title_matches.union(body_only_matches, all=True)
        return results.order_by("_search_tier", "-_search_rank", "-pk")[start:stop]

    @staticmethod
    def _in_any(search_query, invert, prefix, columns):
        conditions = [Q(**{f"{prefix}{column}": search_query}) for column in columns]
        # A word is missing from the page when it is missing from every column.
        return reduce(operator.and_ if invert else operator.or_, conditions)

    def _match(self, query, config, invert=False, prefix="index_entries__", columns=("title", "body")):
        """The query as conditions on the title and body columns (or only `columns`); None for what it cannot say."""
        if isinstance(query, PlainText):
            terms = [term for term in TERM_SEPARATOR.split(query.query_string) if term]
            if not terms:
                return None
            words = [
                self._in_any(
                    SearchQuery(Lexeme(term, invert=invert), search_type="raw", config=config), invert, prefix, columns
                )
                for term in terms
            ]
            return self._combine(words, (query.operator.lower() == "and") != invert)
        if isinstance(query, Phrase) and not invert:
            phrase = SearchQuery(query.query_string, search_type="phrase", config=config)
            return self._in_any(phrase, False, prefix, columns)
        if isinstance(query, Boost):
            return self._match(query.subquery, config, invert, prefix, columns)
        if isinstance(query, Not):
            return self._match(query.subquery, config, not invert, prefix, columns)
        if isinstance(query, (And, Or)):
            parts = [self._match(subquery, config, invert, prefix, columns) for subquery in query.subqueries]
            if not parts or any(part is None for part in parts):
                return None
            return self._combine(parts, isinstance(query, And) != invert)
        return None

    @staticmethod
    def _combine(conditions, all_of):
        return reduce(operator.and_ if all_of else operator.or_, conditions)


class PostgresAutocompleteQueryCompiler(SegmentingQueryMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    index_class = PostgresIndex
    rebuilder_class = PostgresRebuilder
    atomic_rebuilder_class = AtomicPostgresRebuilder

    def __init__(self, params):
        # 'simple' keeps words as they are: English stemming does nothing for Chinese.
        super().__init__({"SEARCH_CONFIG": "simple", **params})
