from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from jindu import accounts, twofactor, views

handler400 = views.bad_request

urlpatterns = [
    path("sign-in/", accounts.sign_in, name="sign_in"),
    path("sign-in/two-factor/", twofactor.verify, name="two_factor_verify"),
    path("sign-in/two-factor/setup/", twofactor.setup, name="two_factor_setup"),
    path("sign-out/", accounts.sign_out, name="sign_out"),
    path("admin/login/", accounts.EditorLoginView.as_view(), name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("display/large-text/", views.toggle_large_text, name="toggle_large_text"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("wechat/share-config/", views.wechat_share_config, name="wechat_share_config"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Each feature app owns its URL prefixes; Wagtail's page serving comes last.
urlpatterns += [
    path("", include("media.urls")),
    path("", include("education.urls")),
    path("school/", include("education.portal.urls")),
    path("", include("events.urls")),
    path("", include("campaigns.urls")),
    path("", include(wagtail_urls)),
]
