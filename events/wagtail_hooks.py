from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import jindu.converters  # noqa: F401  (registers <id:…>)
from events.admin_views import series_view
from events.models import ArtForm, EventPage, Troupe
from jindu.models import Dialect


class TroupeViewSet(SnippetViewSet):
    model = Troupe
    icon = "group"
    menu_label = _("Troupes")
    list_display = ["name", "home_town", "contact_person", "contact_phone"]
    search_fields = ["name", "home_town"]


class DialectViewSet(SnippetViewSet):
    model = Dialect
    icon = "openquote"
    menu_label = _("Dialects")
    list_display = ["name", "sort_order"]


class ArtFormViewSet(SnippetViewSet):
    model = ArtForm
    icon = "pick"
    menu_label = _("Art forms")
    list_display = ["name", "sort_order"]


class EventListsViewSetGroup(SnippetViewSetGroup):
    items = (TroupeViewSet, DialectViewSet, ArtFormViewSet)
    menu_icon = "date"
    menu_label = _("Shows")
    menu_name = "events"
    menu_order = 300


register_snippet(EventListsViewSetGroup)


@hooks.register("register_admin_urls")
def register_series_url():
    return [path("events/<id:page_id>/series/", series_view, name="events_series")]


class SeriesMenuItem(PageMenuItem):
    label = _("Add a series of showings")
    icon_name = "date"
    url_name = "events_series"
    priority = 12

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


def series_buttons(page, user, **kwargs):
    if page.specific_class is EventPage:
        yield SeriesMenuItem(page=page)


hooks.register("register_page_header_buttons", series_buttons)
hooks.register("register_page_listing_more_buttons", series_buttons)
