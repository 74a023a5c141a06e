import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from jindu.batching import index_once
from jindu.factories import ArticlePageFactory, paragraphs


@index_once()
def add_articles(index, count, image, start=0):
    for number in range(start, start + count):
        ArticlePageFactory(
            parent=index,
            title=f"禁毒知识第{number}篇",
            body=paragraphs(f"第{number}篇文章提醒大家远离冰毒。"),
            listing_image=image,
            listing_image_alt="禁毒海报",
            tags=["毒品危害", f"专题{number % 7}"],
        )


def queries_for(client, url):
    client.get(url)  # warm per-request caches such as the site root paths
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.search_index
@pytest.mark.django_db
def test_page_query_counts_do_not_grow_with_the_number_of_articles(client, site_tree):
    home, index = site_tree
    image = Image.objects.create(title="海报", file=get_test_image_file())
    urls = ["/", index.url, f"{index.url}?tag=毒品危害", "/search/?q=冰毒", "/search/?q=冰毒&page=2"]

    add_articles(index, 10 + 11, image)
    article_url = index.get_children().live().first().url
    with_few = {url: queries_for(client, url) for url in [*urls, article_url]}

    add_articles(index, 79, image, start=21)
    with_many = {url: queries_for(client, url) for url in [*urls, article_url]}

    assert with_many == with_few
    assert max(with_few.values()) <= 20, with_few
