import importlib
import sys

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from jindu.factories import ArticlePageFactory, paragraphs
from jindu.models import ArticlePage
from jindu.search import segment

# Each article hides one word in the middle of a body sentence; no other article has it.
GENERATED_ARTICLES = [
    ("冰毒", "有人在聚会上把冰毒说成提神的东西，这完全是谎言。"),
    ("甲基苯丙胺", "药检报告显示其体内含有甲基苯丙胺成分，属于吸毒行为。"),
    ("合成大麻素", "一些电子烟油里被偷偷加入合成大麻素，吸食后会出现幻觉。"),
    ("氯胺酮", "长期滥用氯胺酮的年轻人往往出现严重的膀胱损伤。"),
    ("新精神活性物质", "不法分子不断修改结构制造新精神活性物质来逃避管制。"),
    ("笑气", "街头售卖的彩色气球里装的笑气会损伤神经系统。"),
    ("易制毒化学品", "企业购买易制毒化学品必须依法申请许可并登记台账。"),
    ("毒驾", "交警在夜查中发现毒驾司机后立即依法扣留了车辆。"),
    ("海洛因", "戒毒所里的学员讲述了海洛因如何毁掉他的家庭。"),
    ("哥隆话", "演员们用哥隆话演唱村歌，让不懂普通话的老人也听得明白。"),
    ("快板", "五通镇的文艺队用快板讲述禁毒故事，赶圩群众连声叫好。"),
    ("禁毒法", "老师在班会课上逐条讲解禁毒法的主要内容。"),
]


@pytest.fixture
def generated_articles(site_tree):
    _home, index = site_tree
    articles = {}
    for number, (word, sentence) in enumerate(GENERATED_ARTICLES):
        articles[word] = ArticlePageFactory(
            parent=index,
            title=f"禁毒宣传资料第{number + 1}期",
            summary=f"第{number + 1}期资料摘要。",
            body=paragraphs("我们一起学习禁毒知识。", sentence, "珍爱生命，远离毒品。"),
        )
    return articles


def test_segmentation_keeps_drug_terms_whole():
    words = segment.for_index("吸食甲基苯丙胺和合成大麻素都违反禁毒法").split()
    assert {"甲基苯丙胺", "合成大麻素", "禁毒法"} <= set(words)
    assert segment.query_words("新精神活性物质的危害") == ["新精神活性物质", "危害"]


def test_the_web_server_loads_the_dictionaries_before_its_first_request_other_processes_when_they_search(
    monkeypatch,
):
    monkeypatch.setattr(segment, "_ready", False)
    apps.get_app_config("jindu").ready()  # every process: a management command, the task worker
    assert segment._ready is False
    monkeypatch.delitem(sys.modules, "jindu.wsgi", raising=False)
    importlib.import_module("jindu.wsgi")  # gunicorn and runserver
    assert segment._ready is True
    monkeypatch.setattr(segment, "_ready", False)
    assert segment.query_words("禁毒") == ["禁毒"]
    assert segment._ready is True


def queries_of(call):
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


@pytest.mark.django_db
def test_outside_the_search_tests_a_save_asks_the_search_index_nothing(site_tree):
    """With index updates off (tests/conftest.py), saving an indexed page runs none of the search app's queries;
    switched on, as for a `search_index` test, the same save updates the index again."""
    from tests.conftest import INDEX_UPDATES

    _home, index = site_tree
    article = ArticlePageFactory(parent=index, title="禁毒宣传资料", body=paragraphs("珍爱生命，远离毒品。"))
    off = queries_of(article.save)
    INDEX_UPDATES["search_index"].on()
    try:
        on = queries_of(article.save)
        assert ArticlePage.objects.live().search("禁毒宣传资料").count() == 1
    finally:
        INDEX_UPDATES["search_index"].off()
    assert on >= off + 2  # the object fetched again and checked against the indexed objects, then written
    assert queries_of(article.save) == off


def test_queries_keep_english_words():
    assert segment.query_words("Wagtail 禁毒 CMS") == ["Wagtail", "禁毒", "CMS"]


@pytest.mark.search_index
@pytest.mark.django_db
def test_every_article_is_found_by_a_word_from_the_middle_of_its_body(generated_articles):
    for word, article in generated_articles.items():
        results = list(Page.objects.live().search(word))
        assert results == [article.page_ptr], f"{word} on {connection.vendor}"


@pytest.mark.search_index
@pytest.mark.django_db
def test_public_search_page_finds_words_inside_sentences(client, generated_articles):
    for word, article in generated_articles.items():
        response = client.get("/search/", {"q": word})
        assert response.status_code == 200
        assert [page.pk for page in response.context["results"]] == [article.pk], word
        assert article.summary in response.text


@pytest.mark.search_index
@pytest.mark.django_db
def test_a_phrase_query_finds_the_article_with_all_its_words(client, generated_articles):
    response = client.get("/search/", {"q": "电子烟油 合成大麻素"})
    assert [page.pk for page in response.context["results"]] == [generated_articles["合成大麻素"].pk]


@pytest.mark.search_index
@pytest.mark.django_db
def test_admin_page_search_finds_words_inside_sentences(admin_client, generated_articles):
    for word in ("笑气", "哥隆话", "易制毒化学品"):
        response = admin_client.get("/admin/pages/search/", {"q": word})
        assert response.status_code == 200
        found = [page.pk for page in response.context["pages"]]
        assert found == [generated_articles[word].pk], word


@pytest.mark.search_index
@pytest.mark.django_db
def test_title_match_outranks_body_match(client, site_tree):
    _home, index = site_tree
    in_body = ArticlePageFactory(
        parent=index, title="青少年预防教育", body=paragraphs("课堂上老师提醒大家远离笑气和其他毒品。")
    )
    in_title = ArticlePageFactory(parent=index, title="笑气的危害", body=paragraphs("它会损伤神经。"))
    later_body = ArticlePageFactory(parent=index, title="街头宣传", body=paragraphs("志愿者讲解了笑气的危害。"))

    response = client.get("/search/", {"q": "笑气"})

    found = [page.pk for page in response.context["results"]]
    assert found[0] == in_title.pk
    assert set(found) == {in_title.pk, in_body.pk, later_body.pk}


@pytest.mark.search_index
@pytest.mark.django_db
def test_english_words_are_still_found(client, site_tree):
    _home, index = site_tree
    article = ArticlePageFactory(
        parent=index, body=paragraphs("联合国毒品和犯罪问题办公室（UNODC）发布了世界毒品报告。")
    )
    response = client.get("/search/", {"q": "unodc"})
    assert [page.pk for page in response.context["results"]] == [article.pk]


@pytest.mark.search_index
@pytest.mark.django_db
def test_unpublished_articles_are_not_found(client, site_tree):
    _home, index = site_tree
    ArticlePageFactory(parent=index, live=False, body=paragraphs("草稿里提到了芬太尼。"))
    response = client.get("/search/", {"q": "芬太尼"})
    assert response.status_code == 200
    assert response.context["results"] == []
    assert "没有找到与“芬太尼”相关的内容" in response.text


@pytest.mark.search_index
@pytest.mark.django_db
def test_search_results_are_paginated_in_one_query_each(client, site_tree):
    _home, index = site_tree
    for number in range(12):
        ArticlePageFactory(parent=index, title=f"吗啡知识{number}", body=paragraphs("吗啡是一种阿片类物质。"))

    first = client.get("/search/", {"q": "吗啡"})
    second = client.get("/search/", {"q": "吗啡", "page": 2})
    beyond = client.get("/search/", {"q": "吗啡", "page": 3})

    assert len(first.context["results"]) == 10
    assert len(second.context["results"]) == 2
    assert "q=%E5%90%97%E5%95%A1&amp;page=2" in first.text
    assert 'rel="next"' not in second.text
    assert "q=%E5%90%97%E5%95%A1&amp;page=1" in second.text
    assert "第 2 页" in second.text
    assert beyond.context["results"] == []
    assert "没有更多与“吗啡”相关的结果了" in beyond.text
    found = {page.pk for page in first.context["results"]} | {page.pk for page in second.context["results"]}
    assert len(found) == 12

    # The results and their specific pages; no count of every match.
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "吗啡", "page": 2})
    assert not any("COUNT(" in query["sql"].upper() for query in queries), [q["sql"] for q in queries]


@pytest.mark.search_index
@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "-1", "²", "99999999999999999999"])
def test_a_bad_page_number_shows_the_first_page(client, site_tree, page):
    _home, index = site_tree
    article = ArticlePageFactory(parent=index, body=paragraphs("吗啡是一种阿片类物质。"))
    response = client.get("/search/", {"q": "吗啡", "page": page})
    assert response.status_code == 200
    assert [result.pk for result in response.context["results"]] == [article.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   "])
def test_empty_search_explains_what_to_do(client, site_tree, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "请输入要搜索的词语" in response.text


@pytest.mark.django_db
def test_very_long_search_is_refused_politely(client, site_tree):
    response = client.get("/search/", {"q": "毒" * 2000})
    assert response.status_code == 200
    assert "搜索词太长了" in response.text
    assert response.context["results"] is None


@pytest.mark.django_db
def test_punctuation_only_search_finds_nothing_without_error(client, site_tree):
    response = client.get("/search/", {"q": "，。！"})
    assert response.status_code == 200
    assert "没有找到" in response.text


@pytest.mark.search_index
@pytest.mark.django_db
def test_edited_article_is_found_by_its_new_words(site_tree):
    _home, index = site_tree
    article = ArticlePageFactory(parent=index, body=paragraphs("旧的内容。"))
    article.body = paragraphs("新的内容提到了摇头丸的危害。")
    article.save()
    assert list(ArticlePage.objects.live().search("摇头丸")) == [article]


@pytest.mark.search_index
@pytest.mark.django_db
def test_admin_image_search_finds_a_word_inside_a_chinese_title(admin_client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    poster = Image.objects.create(title="全民禁毒宣传月海报", file=get_test_image_file())
    Image.objects.create(title="校园活动照片", file=get_test_image_file())

    response = admin_client.get("/admin/images/", {"q": "海报"})

    assert [image.pk for image in response.context["page_obj"]] == [poster.pk]


@pytest.mark.search_index
@pytest.mark.django_db
def test_a_query_of_quotes_finds_nothing_and_a_quoted_word_is_the_word(site_tree, client):
    """Found by tests/jindu/test_input_properties.py: a lone " was a 500 on SQLite (unterminated string)."""
    home, index = site_tree
    ArticlePageFactory(parent=index, title="认识冰毒", slug="renshi-bingdu")
    for query in ('"', '""', '" "'):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query
        assert "认识冰毒" not in response.content.decode()
    assert "认识冰毒" in client.get("/search/", {"q": '"冰毒'}).content.decode()


@pytest.mark.search_index
@pytest.mark.django_db
def test_title_matches_come_first_and_paging_shows_every_match_once(client, site_tree):
    _home, index = site_tree
    in_body = [
        ArticlePageFactory(parent=index, title=f"社区宣传第{number}期", body=paragraphs("志愿者讲解了芬太尼的危害。"))
        for number in range(9)
    ]
    shortest, longer, longest = (
        ArticlePageFactory(parent=index, title=title, body=paragraphs("它会损伤神经。"))
        for title in ("芬太尼", "芬太尼的危害", "认识芬太尼这种强效的阿片类药物")
    )

    pages = [client.get("/search/", {"q": "芬太尼", "page": number}).context["results"] for number in (1, 2)]

    found = [page.pk for results in pages for page in results]
    assert [len(results) for results in pages] == [10, 2]
    assert found[0] == shortest.pk
    assert set(found[:3]) == {shortest.pk, longer.pk, longest.pk}
    # Pages that have the word in their body only follow, newest first.
    assert found[3:] == [page.pk for page in reversed(in_body)]


@pytest.mark.search_index
@pytest.mark.django_db
def test_a_query_with_two_words_puts_pages_with_both_in_the_title_first(client, site_tree):
    _home, index = site_tree
    split = ArticlePageFactory(parent=index, title="毒驾的代价", body=paragraphs("交警依法扣留了车辆。"))
    both = ArticlePageFactory(parent=index, title="毒驾车辆被扣", body=paragraphs("交警在夜查中发现了问题。"))

    response = client.get("/search/", {"q": "毒驾 车辆"})

    assert [page.pk for page in response.context["results"]] == [both.pk, split.pk]


@pytest.mark.search_index
@pytest.mark.django_db
def test_search_results_count_and_slice_the_same_matches(site_tree):
    _home, index = site_tree
    for number in range(3):
        ArticlePageFactory(parent=index, title=f"芬太尼知识{number}", body=paragraphs("它会损伤神经。"))
        ArticlePageFactory(parent=index, title=f"社区宣传{number}", body=paragraphs("志愿者讲解了芬太尼的危害。"))

    results = Page.objects.live().search("芬太尼")

    assert results.count() == 6
    assert len({page.pk for page in results[:4]} | {page.pk for page in results[4:]}) == 6
    scored = list(Page.objects.live().search("芬太尼").annotate_score("score"))
    assert [page.title.startswith("芬太尼") for page in scored] == [True] * 3 + [False] * 3
    assert all(page.score is not None for page in scored)


@pytest.mark.search_index
@pytest.mark.django_db
def test_the_result_list_does_not_load_page_bodies(client, site_tree):
    _home, index = site_tree
    ArticlePageFactory(
        parent=index, title="吗啡知识", summary="吗啡的摘要。", body=paragraphs("吗啡是一种阿片类物质。")
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "吗啡"})

    assert "吗啡的摘要。" in response.text
    assert not any('"jindu_articlepage"."body"' in query["sql"] for query in queries), [q["sql"] for q in queries]
