"""Wagtail admin screens for schools, classes and portal roles: set-up data only, never students or progress."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from schools.models import School, SchoolClass, SchoolStaff

USER_LABEL = capfirst(_("user"))


class SchoolViewSet(ModelViewSet):
    model = School
    icon = "home"
    form_fields = ["code", "name", "region", "stage"]
    list_display = ["name", "code", "region", "stage"]
    list_filter = ["stage"]
    search_fields = ["name", "code"]


class SchoolClassViewSet(ModelViewSet):
    model = SchoolClass
    icon = "group"
    form_fields = ["school", "grade", "name", "enrolled", "teachers"]
    list_display = ["__str__", "school", "enrolled"]
    list_filter = ["school", "grade"]


class SchoolStaffViewSet(ModelViewSet):
    model = SchoolStaff
    icon = "user"
    # The user field has no verbose name of its own; "user" is in Django's catalogue.
    panels = [FieldPanel("user", heading=USER_LABEL), FieldPanel("role"), FieldPanel("school"), FieldPanel("region")]
    list_display = [Column("user", label=USER_LABEL, sort_key="user"), "role", "school", "region"]
    list_filter = ["role"]


class SchoolsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Schools")
    menu_icon = "home"
    items = (SchoolViewSet, SchoolClassViewSet, SchoolStaffViewSet)


@hooks.register("register_admin_viewset")
def register_schools():
    """Set-up data for the school portal (schools, classes, roles); never students or progress."""
    return SchoolsViewSetGroup()
