"""Admin listing columns shared by the apps' viewsets."""

from django.utils.text import capfirst
from wagtail.admin.ui.tables import BooleanColumn


class FlagColumn(BooleanColumn):
    """Wagtail's tick/cross column, its icon titled 是/否 rather than True/False."""

    cell_template_name = "jindu/admin/flag_cell.html"

    def __init__(self, model, name, **kwargs):
        kwargs.setdefault("label", capfirst(model._meta.get_field(name).verbose_name))
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)
