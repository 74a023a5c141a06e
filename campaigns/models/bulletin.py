from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="doc-full")
class BulletinSettings(BaseSiteSetting):
    """The red header (红头) and signature the office's monthly bulletin is printed with."""

    header_title = models.CharField(
        _("red header"),
        max_length=60,
        blank=True,
        help_text=_("The issuing body in large red type at the top, e.g. 临桂区禁毒委员会办公室."),
    )
    document_code = models.CharField(
        _("document code"),
        max_length=30,
        blank=True,
        help_text=_(
            "The issuer's short code of the document number, e.g. 临禁毒办. The number reads 临禁毒办〔2024〕5号."
        ),
    )
    issuing_office = models.CharField(
        _("issuing office"),
        max_length=60,
        blank=True,
        help_text=_("The office that signs the bulletin at its end; defaults to the red header."),
    )
    distribution = models.CharField(
        _("copies to"),
        max_length=200,
        blank=True,
        help_text=_("抄送: who else receives the bulletin, e.g. 区委政法委，各乡镇（街道）禁毒办."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("header_title"), FieldPanel("document_code")], _("Red header")),
        MultiFieldPanel([FieldPanel("issuing_office"), FieldPanel("distribution")], _("Signature")),
    ]

    class Meta:
        verbose_name = _("monthly bulletin")

    @property
    def signature(self):
        return self.issuing_office or self.header_title
