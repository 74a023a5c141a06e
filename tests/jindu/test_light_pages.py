"""Light on a village phone: WebP renditions offered in a srcset, the file size before a video plays (issue 18, item 5)."""

import re

import pytest
from django.template.defaultfilters import filesizeformat
from django.test import Client
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from jindu.factories import ArticlePageFactory, paragraphs
from media.factories import MediaIndexPageFactory, VideoPageFactory


def webp_bytes(url):
    """The rendition file behind a URL from a srcset, read from storage."""
    name = url.split("/uploads/", 1)[1]
    image = Image.objects.get(renditions__file=name)
    with image.renditions.get(file=name).file.open("rb") as file:
        head = file.read(12)
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


@pytest.fixture
def illustrated_article(site_tree):
    _home, index = site_tree
    image = Image.objects.create(title="禁毒海报", file=get_test_image_file(size=(1000, 600)))
    return ArticlePageFactory(
        parent=index,
        title="认识冰毒",
        body=paragraphs("冰毒的危害。"),
        listing_image=image,
        listing_image_alt="禁毒海报",
    )


@pytest.mark.django_db
def test_cards_and_articles_offer_webp_renditions_in_a_srcset(illustrated_article):
    for url in ["/", illustrated_article.get_parent().url, illustrated_article.url]:
        html = Client().get(url).content.decode()
        img = re.search(r'<img[^>]*alt="禁毒海报"[^>]*>', html).group(0)
        srcset = re.search(r'srcset="([^"]+)"', img).group(1)
        candidates = [candidate.split() for candidate in srcset.split(", ")]
        assert len(candidates) == 2 and all(width.endswith("w") for _url, width in candidates), srcset
        assert all(candidate_url.endswith(".webp") and webp_bytes(candidate_url) for candidate_url, _ in candidates)
        assert 'sizes="' in img


@pytest.mark.django_db
def test_the_share_image_stays_jpeg_for_wechat(illustrated_article):
    illustrated_article.share_image = illustrated_article.listing_image
    illustrated_article.save_revision().publish()
    html = Client().get(illustrated_article.url).content.decode()
    assert re.search(r'<meta property="og:image" content="[^"]+\.jpg"', html)


@pytest.mark.django_db
def test_a_video_page_shows_the_file_size_before_play(site_tree):
    home, _index = site_tree
    library = MediaIndexPageFactory(parent=home, slug="media")
    video = VideoPageFactory(parent=library, title="拒绝第一口")
    html = Client().get(video.url).content.decode()
    assert f"文件大小：{filesizeformat(video.media.file.size)}" in html
