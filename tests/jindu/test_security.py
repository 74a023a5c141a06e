import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from csp.constants import NONCE
from csp.decorators import csp_update
from csp.exceptions import CSPNonceError
from csp.utils import build_policy
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from jindu.factories import ArticlePageFactory
from jindu.middleware import CSPMiddleware

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "jindu.settings.production",
    "SECRET_KEY": "k7#Qx!2mZ9@vL4$wP8&rT1^yN6*hB3(cF5)jD0_sG2+eA7=uI9-oK4",
    "ALLOWED_HOSTS": "jindu.example.cn",
    "WAGTAILADMIN_BASE_URL": "https://jindu.example.cn",
}


def start_manage(*args, env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_overrides)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# Sets the language as a production server would and prints the cookie it sends back.
LANGUAGE_SCRIPT = (
    "from django.test import Client;"
    "response = Client().post('/i18n/setlang/', {'language': 'en', 'next': '/'},"
    " secure=True, HTTP_HOST='jindu.example.cn');"
    "print(response.cookies['django_language'].output())"
)


@pytest.fixture(scope="module")
def production_checks():
    """The module's `manage.py` runs with production settings, started together so their start-ups overlap."""
    started = {
        "deploy": start_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV),
        "no_secret_key": start_manage("check", env_overrides={**PRODUCTION_ENV, "SECRET_KEY": ""}),
        "language_cookie": start_manage("shell", "-c", LANGUAGE_SCRIPT, env_overrides=PRODUCTION_ENV),
    }
    results = {}
    for name, process in started.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return results


def test_production_settings_pass_the_deploy_check_without_warnings(production_checks):
    result = production_checks["deploy"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(production_checks):
    result = production_checks["no_secret_key"]
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/knowledge/", "/search/?q=冰毒", "/no-such-page/"])
def test_public_pages_send_security_headers(client, site_tree, path):
    response = client.get(path, secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert script_src.strip() == "'self'"
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp


@pytest.mark.django_db
def test_public_pages_contain_no_inline_script(client, site_tree):
    _home, index = site_tree
    article = ArticlePageFactory(parent=index)
    for path in ["/", index.url, article.url, "/search/?q=冰毒"]:
        html = client.get(path).content.decode()
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert scripts, path
        assert all("src=" in attributes for attributes in scripts), (path, scripts)
        assert not re.search(r"\son[a-z]+=", html), path


@pytest.mark.django_db
def test_admin_keeps_its_own_scripts_without_our_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
def test_forms_on_public_pages_carry_a_csrf_token_except_the_preference_switches(client, site_tree):
    html = client.get("/").content.decode()
    # The large-text and language switches only set a preference cookie (issue 18: pages an HTTP cache can keep).
    switches = ('action="/display/large-text/"', 'action="/i18n/setlang/"')
    for form in re.findall(r'<form[^>]*method="post".*?</form>', html, flags=re.S):
        opening_tag = form.split(">", 1)[0]
        assert 'name="csrfmiddlewaretoken"' in form or any(switch in opening_tag for switch in switches)


@pytest.mark.django_db
def test_large_text_toggle_without_csrf_sets_only_its_own_cookie(site_tree):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/display/large-text/", {"large_text": "1"})
    assert response.status_code == 302
    assert set(response.cookies) == {"jindu_large_text"}


@pytest.mark.django_db
def test_large_text_toggle_does_not_redirect_off_site(client, site_tree):
    response = client.post("/display/large-text/", {"large_text": "1", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def directives(policy):
    """A policy's directives, whose order django-csp does not fix."""
    return set(policy.split("; "))


def csp_middleware_response(response, path="/quiz/attempt/x/", touch_nonce=False):
    request = RequestFactory().post(path)
    middleware = CSPMiddleware(lambda request: response)
    middleware.process_request(request)
    if touch_nonce:
        str(request.csp_nonce)
    return request, middleware.process_response(request, response)


def test_the_policy_is_the_one_django_csp_builds():
    _request, response = csp_middleware_response(HttpResponseRedirect("/quiz/result/x/"))
    assert directives(response["Content-Security-Policy"]) == directives(build_policy())
    assert "Content-Security-Policy-Report-Only" not in response
    _request, response = csp_middleware_response(HttpResponse("ok"), path="/admin/pages/")
    assert "Content-Security-Policy" not in response, "the admin prefix stays excluded"


def test_the_policy_follows_changed_settings(settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https://img.example.cn"]}
    }
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    _request, response = csp_middleware_response(HttpResponse("ok"))
    assert "img-src https://img.example.cn" in response["Content-Security-Policy"]
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"


def test_nonces_and_per_view_policies_still_go_through_django_csp(settings):
    @csp_update({"img-src": ["https://map.example.cn"]})
    def view(request):
        return HttpResponse("map")

    _request, response = csp_middleware_response(view(RequestFactory().get("/")))
    assert "https://map.example.cn" in response["Content-Security-Policy"]
    exempt = HttpResponse("ok")
    exempt._csp_exempt = True
    _request, response = csp_middleware_response(exempt)
    assert "Content-Security-Policy" not in response

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}
    request, response = csp_middleware_response(HttpResponse("ok"), touch_nonce=True)
    nonced = {"default-src 'self'", f"script-src 'self' 'nonce-{request.csp_nonce}'"}
    assert directives(response["Content-Security-Policy"]) == nonced
    _request, response = csp_middleware_response(HttpResponse("ok"))
    plain = {"default-src 'self'", "script-src 'self'"}
    assert directives(response["Content-Security-Policy"]) == plain, "no nonce asked, none sent"


def test_only_a_preview_may_be_framed_and_only_by_this_site():
    request = RequestFactory().get("/")
    request.is_preview = True
    middleware = CSPMiddleware(lambda request: HttpResponse("preview"))
    middleware.process_request(request)
    response = middleware.process_response(request, HttpResponse("preview"))
    assert "frame-ancestors 'self'" in directives(response["Content-Security-Policy"])
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    _request, response = csp_middleware_response(HttpResponse("ok"), path="/")
    assert "frame-ancestors 'none'" in directives(response["Content-Security-Policy"])
    assert "X-Frame-Options" not in response, "left to Django's XFrameOptionsMiddleware (DENY)"


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    request, _response = csp_middleware_response(HttpResponse("ok"))
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_production_language_cookie_is_secure_same_site_and_hidden_from_scripts(production_checks):
    result = production_checks["language_cookie"]
    assert result.returncode == 0, result.stdout + result.stderr
    cookie = result.stdout.strip()
    assert "django_language=en" in cookie
    assert "Secure" in cookie
    assert "SameSite=Lax" in cookie
    assert "HttpOnly" in cookie
