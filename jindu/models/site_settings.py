from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """What every page's footer says about the office that runs the site."""

    organisation = models.CharField(
        _("organisation"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 桂林市临桂区禁毒委员会办公室"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    hotline = models.CharField(
        _("hotline"),
        max_length=40,
        blank=True,
        help_text=_("The tip-off or advice line shown in the footer."),
    )
    icp_number = models.CharField(
        _("ICP record number"), max_length=60, blank=True, help_text=_("e.g. 桂ICP备12345678号-1")
    )
    police_record_number = models.CharField(
        _("public security record number"),
        max_length=60,
        blank=True,
        help_text=_("公安备案号, e.g. 桂公网安备 45031202000001号"),
    )

    panels = [
        MultiFieldPanel([FieldPanel("organisation"), FieldPanel("address"), FieldPanel("hotline")], _("Office")),
        MultiFieldPanel([FieldPanel("icp_number"), FieldPanel("police_record_number")], _("Records")),
    ]

    class Meta:
        verbose_name = _("footer")


@register_setting(icon="bars")
class MainMenu(ClusterableModel, BaseSiteSetting):
    """The links across the top of every page, in the order editors set."""

    panels = [InlinePanel("items", label=_("Menu items"))]

    class Meta:
        verbose_name = _("main menu")

    def get_items(self):
        return self.items.select_related("link_page").order_by("sort_order")


class MainMenuItem(Orderable):
    """One link of the main menu: to a page of the site or to another address."""

    menu = ParentalKey(MainMenu, related_name="items", on_delete=models.CASCADE)
    label = models.CharField(_("label"), max_length=30, blank=True, help_text=_("Defaults to the page title."))
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.CharField(_("other address"), max_length=300, blank=True)

    panels = [FieldPanel("label"), FieldPanel("link_page"), FieldPanel("link_url")]

    class Meta(Orderable.Meta):
        verbose_name = _("menu item")

    def clean(self):
        if bool(self.link_page) == bool(self.link_url):
            raise ValidationError(_("Choose a page or enter an address, not both."))
        if self.link_url and not self.label:
            raise ValidationError({"label": _("A link to another address needs a label.")})

    @property
    def title(self):
        return self.label or (self.link_page.title if self.link_page else "")

    def get_url(self, request=None):
        if self.link_page:
            return self.link_page.get_url(request)
        return self.link_url
