"""Publishing tells a configured front-end cache (nginx, a CDN) to drop the page (issue 18, item 4)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jindu.factories import ArticlePageFactory


class PurgeRecorder(BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_cache(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.purged.clear()
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_publishing_an_article_purges_its_address_from_the_front_cache(front_cache, site_tree):
    _home, index = site_tree
    article = ArticlePageFactory(parent=index, title="认识冰毒", slug="bing-du")
    front_cache.clear()

    article.title = "认识甲基苯丙胺"
    article.save_revision().publish()

    assert ("testserver", "/knowledge/bing-du/") in front_cache
