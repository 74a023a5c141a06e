"""WeChat JS-SDK share cards: the signature, the cached token and ticket, the config view, the CSP, the share box."""

import hashlib
import http.server
import json
import threading
import urllib.parse

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from jindu import wechat
from jindu.factories import ArticlePageFactory

APP_ID = "wx0123456789abcdef"
SECRET = "s3cret"
TICKET = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg"


def test_signature_matches_the_example_in_wechats_js_sdk_documentation():
    assert (
        wechat.signature(TICKET, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value")
        == "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
    )


def test_the_signature_leaves_out_the_fragment():
    url = "http://mp.weixin.qq.com?params=value"
    assert wechat.signature(TICKET, "n", 1, url + "#part") == wechat.signature(TICKET, "n", 1, url)


class FakeWeChat(http.server.BaseHTTPRequestHandler):
    """WeChat's two API calls, answered by a real local HTTP server; it counts the calls it gets."""

    calls = []

    def do_GET(self):
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        self.calls.append(parts.path)
        if parts.path == "/cgi-bin/token" and query.get("appid") == APP_ID and query.get("secret") == SECRET:
            body = {"access_token": "TOKEN-1", "expires_in": 7200}
        elif parts.path == "/cgi-bin/ticket/getticket" and query == {"access_token": "TOKEN-1", "type": "jsapi"}:
            body = {"errcode": 0, "errmsg": "ok", "ticket": TICKET, "expires_in": 7200}
        else:
            body = {"errcode": 40013, "errmsg": "invalid appid"}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def wechat_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeWeChat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def calls():
    cache.clear()
    FakeWeChat.calls.clear()
    yield FakeWeChat.calls
    cache.clear()


def test_token_and_ticket_are_fetched_once_then_read_from_the_cache(wechat_server, calls):
    client = wechat.WeChatClient(APP_ID, SECRET, wechat_server)

    first = client.share_config("https://jindu.example.cn/knowledge/a/")
    second = client.share_config("https://jindu.example.cn/knowledge/b/?from=singlemessage")

    assert calls == ["/cgi-bin/token", "/cgi-bin/ticket/getticket"]
    assert first["appId"] == APP_ID
    assert first["signature"] == wechat.signature(
        TICKET, first["nonceStr"], first["timestamp"], "https://jindu.example.cn/knowledge/a/"
    )
    assert second["signature"] == wechat.signature(
        TICKET, second["nonceStr"], second["timestamp"], "https://jindu.example.cn/knowledge/b/?from=singlemessage"
    )


def test_a_refusal_from_wechat_is_an_error_and_nothing_is_cached(wechat_server, calls):
    client = wechat.WeChatClient("wx-wrong", SECRET, wechat_server)
    with pytest.raises(wechat.WeChatError, match="40013"):
        client.jsapi_ticket()
    assert cache.get("wechat:access_token:wx-wrong") is None


@pytest.mark.django_db
class TestShareConfigView:
    def test_off_by_default(self, client, site_tree):
        assert client.get(reverse("wechat_share_config"), {"url": "http://testserver/"}).status_code == 404

    def test_signs_a_page_of_this_site(self, client, site_tree, wechat_server, calls):
        url = "http://testserver/knowledge/?from=timeline"
        with override_settings(
            JINDU_WECHAT_APP_ID=APP_ID, JINDU_WECHAT_APP_SECRET=SECRET, JINDU_WECHAT_API_BASE=wechat_server
        ):
            response = client.get(reverse("wechat_share_config"), {"url": url})
        config = response.json()
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        plain = f"jsapi_ticket={TICKET}&noncestr={config['nonceStr']}&timestamp={config['timestamp']}&url={url}"
        assert config["signature"] == hashlib.sha1(plain.encode()).hexdigest()

    def test_refuses_to_sign_another_sites_address(self, client, site_tree, wechat_server, calls):
        with override_settings(
            JINDU_WECHAT_APP_ID=APP_ID, JINDU_WECHAT_APP_SECRET=SECRET, JINDU_WECHAT_API_BASE=wechat_server
        ):
            response = client.get(reverse("wechat_share_config"), {"url": "https://evil.example.com/"})
        assert response.status_code == 400
        assert response.json()["error"] == "只能分享本站的页面。"
        assert calls == []

    def test_says_so_when_wechat_cannot_be_reached(self, client, site_tree, calls):
        with override_settings(
            JINDU_WECHAT_APP_ID=APP_ID, JINDU_WECHAT_APP_SECRET=SECRET, JINDU_WECHAT_API_BASE="http://127.0.0.1:9"
        ):
            response = client.get(reverse("wechat_share_config"), {"url": "http://testserver/"})
        assert response.status_code == 503
        assert "复制链接" in response.json()["error"]


@pytest.mark.django_db
class TestSharePages:
    @pytest.fixture
    def article(self, site_tree):
        _home, index = site_tree
        return ArticlePageFactory(parent=index, title="识别新型毒品", slug="xinxing", search_description="六种伪装")

    def test_an_article_has_a_share_box_and_no_wechat_script_by_default(self, client, article):
        response = client.get(article.url)
        html = response.content.decode()
        assert 'data-share data-title="识别新型毒品"' in html
        assert 'data-desc="六种伪装"' in html
        assert 'data-url="http://testserver/knowledge/xinxing/"' in html
        assert "分享：复制链接" in html
        assert "res.wx.qq.com" not in html
        assert "res.wx.qq.com" not in response["Content-Security-Policy"]

    def test_with_an_app_id_the_page_loads_the_js_sdk_and_the_csp_allows_only_its_host(self, client, settings, article):
        settings.JINDU_WECHAT_APP_ID, settings.JINDU_WECHAT_APP_SECRET = APP_ID, SECRET
        settings.CONTENT_SECURITY_POLICY = wechat.open_csp(settings.CONTENT_SECURITY_POLICY)
        response = client.get(article.url)
        html = response.content.decode()
        assert '<script src="https://res.wx.qq.com/open/js/jweixin-1.6.0.js" defer></script>' in html
        assert 'data-wechat-config-url="/wechat/share-config/"' in html
        policy = response["Content-Security-Policy"]
        assert "script-src 'self' https://res.wx.qq.com" in policy
        assert "connect-src 'self' https://api.weixin.qq.com" in policy
