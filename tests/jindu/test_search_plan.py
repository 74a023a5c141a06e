"""The search query reads the index through its indexes, on PostgreSQL and on SQLite alike."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from jindu.factories import ArticlePageFactory, paragraphs
from jindu.models import ArticlePage
from tests.conftest import make_site_tree
from tests.module_rows import rolled_back

# Pages that hold only common words: they make both tables big enough for the planner to choose
# between reading them whole and reading their indexes, as on a real site.
FILLER_PAGES = 3000
# Wagtail's GIN indexes on the index table's title and body vectors.
GIN_INDEXES = ["wagtailsear_title_9caae0_gin", "wagtailsear_body_90c85d_gin"]


def base36(number, width=4):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    for _ in range(width):
        number, digit = divmod(number, 36)
        text = digits[digit] + text
    return text


def fill_site(index):
    """FILLER_PAGES live pages under `index`, each with an index entry of common words."""
    Page.objects.bulk_create(
        Page(
            title=f"禁毒资料{number}",
            draft_title=f"禁毒资料{number}",
            slug=f"filler-{number}",
            path=index.path + base36(100 + number),
            depth=index.depth + 1,
            url_path=f"{index.url_path}filler-{number}/",
            content_type=ContentType.objects.get_for_model(Page),
            locale_id=index.locale_id,
            live=True,
        )
        for number in range(FILLER_PAGES)
    )
    fillers = Page.objects.filter(slug__startswith="filler-")
    page_type = ContentType.objects.get_for_model(Page).pk
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO wagtailsearch_indexentry "
                "(content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
                "SELECT %s, id::text, setweight(to_tsvector('simple', '禁毒 资料 ' || id), 'A'), ''::tsvector, "
                "to_tsvector('simple', '我们 一起 学习 禁毒 知识 珍爱 生命 ' || id), 1.0, '', '' "
                "FROM wagtailcore_page WHERE slug LIKE 'filler-%%'",
                [page_type],
            )
            # New entries wait in the GIN indexes' pending lists until autovacuum merges them.
            for index_name in GIN_INDEXES:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index_name])
    else:
        IndexEntry.objects.bulk_create(
            IndexEntry(
                content_type_id=page_type,
                object_id=str(pk),
                title=f"禁毒 资料 {pk}",
                body=f"我们 一起 学习 禁毒 知识 珍爱 生命 {pk}",
                autocomplete="",
            )
            for pk in fillers.values_list("pk", flat=True)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def query_plan(results):
    """The database's plan for the query that fetches one page of search results."""
    sql, params = results.get_queryset().query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


@pytest.fixture(scope="module")
def big_index_rows(django_db_setup, django_db_blocker):
    """The articles and fillers, built once for the module inside a transaction rolled back at its end."""
    with rolled_back(django_db_blocker):
        _home, index = make_site_tree()
        articles = {
            "冰毒": ArticlePageFactory(parent=index, body=paragraphs("有人在聚会上把冰毒说成提神的东西。")),
            "电子烟油 合成大麻素": ArticlePageFactory(
                parent=index, body=paragraphs("一些电子烟油里被偷偷加入合成大麻素。")
            ),
            "毒驾 车辆": ArticlePageFactory(parent=index, title="毒驾的代价", body=paragraphs("交警依法扣留了车辆。")),
        }
        fill_site(index)
        yield {query: article.pk for query, article in articles.items()}


@pytest.fixture
def big_index(db, big_index_rows):
    """Each test's own instances of the shared articles, in its own savepoint."""
    return {query: ArticlePage.objects.get(pk=pk) for query, pk in big_index_rows.items()}


@pytest.mark.search_index
@pytest.mark.django_db
def test_search_reads_the_index_through_its_indexes(big_index):
    for query, article in big_index.items():
        results = Page.objects.live().public().specific().search(query)[:11]
        plan = query_plan(results)
        if connection.vendor == "postgresql":
            assert "Seq Scan on wagtailsearch_indexentry" not in plan, plan
            assert all(f"Bitmap Index Scan on {index_name}" in plan for index_name in GIN_INDEXES), plan
        else:
            # FTS5 finds the matches; each result is ranked as it is read, with no subquery per match.
            assert "VIRTUAL TABLE INDEX" in plan, plan
            assert "SUBQUERY" not in plan, plan
        assert [page.pk for page in results] == [article.pk], query


@pytest.mark.search_index
@pytest.mark.django_db
def test_words_split_between_title_and_body_still_find_the_page(big_index):
    results = Page.objects.live().search("毒驾 车辆")
    assert list(results) == [big_index["毒驾 车辆"].page_ptr]


@pytest.mark.django_db
def test_a_word_in_every_body_reads_only_the_newest_pages_and_ranks_no_body(big_index):
    results = Page.objects.live().public().specific().search("学习")[:11]
    sql, _params = results.get_queryset().query.sql_with_params()
    plan = query_plan(results)
    if connection.vendor == "postgresql":
        # Body vectors are stored out of line: ranking them would read every filler's body.
        ranked = re.findall(r'ts_rank\(\(%s\)::float4\[\], ("\w+"\."\w+")', sql)
        assert ranked and set(ranked) == {'"wagtailsearch_indexentry"."title"'}, sql
        # The body-only matches are read newest first and the reading stops at the page's end.
        assert "Index Scan Backward using wagtailcore_page_pkey" in plan, plan
    newest_fillers = Page.objects.filter(slug__startswith="filler-").order_by("-pk")[:11]
    assert [page.pk for page in results] == [page.pk for page in newest_fillers]
