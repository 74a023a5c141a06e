from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.models import Site
from wagtail.sites.views import IndexView as SiteIndexView

import jindu.converters  # noqa: F401  (registers <id:…>)
from jindu import notifications
from jindu.admin_views import pinyin_slug_view, region_import_view, sign_in_locks_view, two_factor_reset_view
from jindu.forms import RegionForm
from jindu.models.regions import Region


class RegionIndexView(IndexView):
    """The tree in path order, each name indented by its depth."""

    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(HeaderButton(_("Import CSV"), url=reverse("regions:import"), icon_name="upload"))
        return buttons


class RegionViewSet(ModelViewSet):
    model = Region
    index_view_class = RegionIndexView
    icon = "site"
    menu_label = _("Regions")
    menu_order = 900
    add_to_admin_menu = True
    form_fields = ["code", "name", "level"]
    list_display = [
        Column("indented_name", label=_("Name"), accessor="indented_name"),
        "code",
        "level",
    ]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    list_per_page = 100
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return RegionForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("import/", region_import_view, name="import")]


@hooks.register("register_admin_viewset")
def register_region_viewset():
    return RegionViewSet("regions")


@hooks.register("register_admin_urls")
def register_sign_in_locks_url():
    return [path("sign-in-locks/", sign_in_locks_view, name="sign_in_locks")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_sign_in_locks_menu_item():
    return SuperuserMenuItem(_("Sign-in locks"), reverse("sign_in_locks"), icon_name="lock", order=900)


@hooks.register("register_admin_urls")
def register_two_factor_reset_url():
    return [path("two-factor/reset/<id:pk>/", two_factor_reset_view, name="two_factor_reset")]


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield ListingButton(
            _("Reset two-step sign-in"), reverse("two_factor_reset", args=[user.pk]), icon_name="key", priority=60
        )


@hooks.register("register_log_actions")
def register_two_factor_log_action(actions):
    actions.register_action("jindu.two_factor_reset", _("Reset two-step sign-in"), _("Two-step sign-in reset"))


@hooks.register("register_admin_urls")
def register_pinyin_slug_url():
    return [path("pinyin-slug/", pinyin_slug_view, name="jindu_pinyin_slug")]


@hooks.register("insert_editor_js")
def pinyin_slug_js():
    return format_html(
        '<script src="{}" data-pinyin-slug-url="{}" defer></script>',
        static("js/admin-pinyin-slug.js"),
        reverse("jindu_pinyin_slug"),
    )


def label_site_columns():
    """Wagtail's sites list heads three columns with the field names in English; use their translated names."""
    for column in SiteIndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


label_site_columns()


class InboxMenuItem(MenuItem):
    """消息 in the admin's sidebar, with the unread count in its label (the header's count, one query a page)."""

    def render_component(self, request):
        component = super().render_component(request)
        count = notifications.unread_count(request)
        if count:
            # A fresh component per request: the menu item itself is shared by every request.
            component.label = _("%(label)s (%(count)s unread)") % {"label": self.label, "count": count}
        return component


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(_("Messages"), reverse("inbox"), name="inbox", icon_name="mail", order=50)
