from django.utils.translation import gettext_lazy as _

from jindu.models.vocabulary import CountedMixin, ListItem


class ActivityType(CountedMixin, ListItem):
    """A kind of publicity activity: a school talk, a performance, door-to-door visits."""

    panels = ListItem.panels + CountedMixin.panels

    class Meta(ListItem.Meta):
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
