"""WeChat JS-SDK share cards: the access token and jsapi_ticket, fetched and cached on the server, and the signature.

Off unless JINDU_WECHAT_APP_ID and JINDU_WECHAT_APP_SECRET are set. The page asks /wechat/share-config/ for a
signature of its own address (with whatever `from=…` WeChat added to it), so cached pages stay shareable.
"""

import hashlib
import json
import logging
import secrets
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

SCRIPT_HOST = "https://res.wx.qq.com"
SCRIPT_URL = SCRIPT_HOST + "/open/js/jweixin-1.6.0.js"
DEFAULT_API_BASE = "https://api.weixin.qq.com"
# Fetch a new token or ticket this long before WeChat says the old one ends.
EXPIRY_MARGIN_SECONDS = 300


class WeChatError(Exception):
    """WeChat could not be reached or refused the request."""


def enabled():
    return bool(getattr(settings, "JINDU_WECHAT_APP_ID", "") and getattr(settings, "JINDU_WECHAT_APP_SECRET", ""))


def api_base():
    return getattr(settings, "JINDU_WECHAT_API_BASE", "") or DEFAULT_API_BASE


def open_csp(policy, api_base_url=DEFAULT_API_BASE):
    """The site's CSP with WeChat's script host (and the API host) allowed, for when sharing is on."""
    directives = dict(policy["DIRECTIVES"])
    directives["script-src"] = [*directives["script-src"], SCRIPT_HOST]
    parts = urllib.parse.urlsplit(api_base_url)
    directives["connect-src"] = [*directives["connect-src"], f"{parts.scheme}://{parts.netloc}"]
    return {**policy, "DIRECTIVES": directives}


def signature(jsapi_ticket, noncestr, timestamp, url):
    """The JS-SDK signature: sha1 of the four fields sorted by name, joined as a query string, without escaping."""
    url = url.split("#", 1)[0]
    fields = {"jsapi_ticket": jsapi_ticket, "noncestr": noncestr, "timestamp": str(timestamp), "url": url}
    plain = "&".join(f"{name}={fields[name]}" for name in sorted(fields))
    return hashlib.sha1(plain.encode()).hexdigest()


class WeChatClient:
    """The two calls the JS-SDK needs, each answer cached until shortly before WeChat says it expires."""

    def __init__(self, app_id, secret, base_url=DEFAULT_API_BASE, timeout=5):
        self.app_id = app_id
        self.secret = secret
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _get(self, path, **params):
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(params)}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                body = json.loads(response.read().decode())
        except (OSError, ValueError) as error:
            raise WeChatError(str(error)) from error
        if body.get("errcode"):
            raise WeChatError(f"{body.get('errcode')}: {body.get('errmsg', '')}")
        return body

    def _cached(self, name, fetch, field):
        key = f"wechat:{name}:{self.app_id}"
        value = cache.get(key)
        if value is None:
            body = fetch()
            value = body[field]
            lifetime = int(body.get("expires_in", 7200)) - EXPIRY_MARGIN_SECONDS
            cache.set(key, value, max(lifetime, 60))
        return value

    def access_token(self):
        return self._cached(
            "access_token",
            lambda: self._get("/cgi-bin/token", grant_type="client_credential", appid=self.app_id, secret=self.secret),
            "access_token",
        )

    def jsapi_ticket(self):
        return self._cached(
            "jsapi_ticket",
            lambda: self._get("/cgi-bin/ticket/getticket", access_token=self.access_token(), type="jsapi"),
            "ticket",
        )

    def share_config(self, url):
        """What wx.config() needs for a page at `url`."""
        noncestr = secrets.token_urlsafe(12)
        timestamp = int(time.time())
        return {
            "appId": self.app_id,
            "timestamp": timestamp,
            "nonceStr": noncestr,
            "signature": signature(self.jsapi_ticket(), noncestr, timestamp, url),
        }


def client():
    return WeChatClient(settings.JINDU_WECHAT_APP_ID, settings.JINDU_WECHAT_APP_SECRET, api_base())
