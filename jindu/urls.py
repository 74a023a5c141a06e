from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

import jindu.converters  # noqa: F401  (registers <id:…>)
from jindu import accounts, admin_reports, inbox, sitemaps, twofactor, views
from jindu.feeds import ArticleFeed, AtomArticleFeed

handler400 = views.bad_request

urlpatterns = [
    path("sign-in/", accounts.sign_in, name="sign_in"),
    path("sign-in/two-factor/", twofactor.verify, name="two_factor_verify"),
    path("sign-in/two-factor/setup/", twofactor.setup, name="two_factor_setup"),
    path("sign-out/", accounts.sign_out, name="sign_out"),
    path("admin/login/", accounts.EditorLoginView.as_view(), name="wagtailadmin_login"),
    # Before Wagtail's admin, so that its reports download safely (see jindu/admin_reports.py).
    path("admin/reports/", include(admin_reports)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read/", inbox.mark_all_read, name="inbox_read_all"),
    path("inbox/<id:pk>/read/", inbox.mark_read, name="inbox_read"),
    path("search/", views.search, name="search"),
    path("api/v2/", include("jindu.api")),
    path("jobs/", include("jindu.jobs.urls")),
    path("display/large-text/", views.toggle_large_text, name="toggle_large_text"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.section_sitemap, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("feeds/articles.rss", ArticleFeed(), name="article_feed"),
    path("feeds/articles.atom", AtomArticleFeed(), name="article_atom_feed"),
    path("wechat/share-config/", views.wechat_share_config, name="wechat_share_config"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Each feature app owns its URL prefixes; Wagtail's page serving comes last.
urlpatterns += [
    path("", include("media.urls")),
    path("", include("education.urls")),
    path("school/", include("schools.portal.urls")),
    path("", include("events.urls")),
    path("", include("campaigns.urls")),
    path("", include(wagtail_urls)),
]
