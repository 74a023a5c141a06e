"""Admin listing columns shared by the apps' viewsets."""

from django.utils.text import capfirst
from wagtail.admin.ui.tables import BooleanColumn


class FlagColumn(BooleanColumn):
    """Wagtail's tick/cross column for a model's boolean field, headed by the field's verbose name.

    site/templates/wagtailadmin/tables/boolean_cell.html titles the icons 是/否 for every BooleanColumn.
    """

    def __init__(self, model, name, **kwargs):
        kwargs.setdefault("label", capfirst(model._meta.get_field(name).verbose_name))
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)
