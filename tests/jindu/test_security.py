import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jindu.factories import ArticlePageFactory

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "jindu.settings.production",
    "SECRET_KEY": "k7#Qx!2mZ9@vL4$wP8&rT1^yN6*hB3(cF5)jD0_sG2+eA7=uI9-oK4",
    "ALLOWED_HOSTS": "jindu.example.cn",
    "WAGTAILADMIN_BASE_URL": "https://jindu.example.cn",
}


def run_manage(*args, env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env_overrides=env)
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
def test_forms_on_public_pages_carry_a_csrf_token(client, site_tree):
    html = client.get("/").content.decode()
    for form in re.findall(r'<form[^>]*method="post".*?</form>', html, flags=re.S):
        assert 'name="csrfmiddlewaretoken"' in form


@pytest.mark.django_db
def test_large_text_toggle_rejects_posts_without_csrf(site_tree):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/display/large-text/", {"large_text": "1"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_large_text_toggle_does_not_redirect_off_site(client, site_tree):
    response = client.post("/display/large-text/", {"large_text": "1", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"
