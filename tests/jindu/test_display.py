import pytest


@pytest.mark.django_db
def test_pages_are_chinese_even_for_english_browsers(client, site_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    assert "最新文章" in html and "跳到正文" in html
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_language_switcher_shows_english_and_back(client, site_tree):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/knowledge/"})
    assert response.status_code == 302 and response["Location"] == "/knowledge/"

    english = client.get("/").content.decode()
    assert '<html lang="en"' in english and "Latest articles" in english

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "最新文章" in client.get("/").content.decode()


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_chinese(client, site_tree):
    client.cookies["django_language"] = "xx"
    assert '<html lang="zh-hans"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_large_text_mode_works_without_javascript_and_persists(client, site_tree):
    _home, index = site_tree
    assert 'class=""' in client.get("/").content.decode().split("<head>")[0]

    response = client.post("/display/large-text/", {"large_text": "1", "next": index.url})
    assert response.status_code == 302 and response["Location"] == index.url
    assert response.cookies["jindu_large_text"].value == "1"

    page = client.get(index.url).content.decode()
    assert '<html lang="zh-hans" class="large-text">' in page
    assert "标准字号" in page  # the button now offers the way back

    client.post("/display/large-text/", {"large_text": "0", "next": "/"})
    assert 'class="large-text"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_large_text_toggle_only_accepts_post(client, site_tree):
    assert client.get("/display/large-text/").status_code == 405
