"""Tip-offs (举报): a public form for clues about drug crime, kept for the office of its region only.

Editors build the questions with Wagtail's form builder; every tip-off form adds an optional contact and up to two
photos of its own. Nothing identifies the sender unless they write it: no account, no client address is stored.
Photos are kept in private storage (`JINDU_PRIVATE_ROOT`), never under the public uploads, and reach the office
through a scoped view.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.fields import RichTextField

from jindu.models.jobs import private_storage  # the one private storage, also named by migration 0007
from jindu.slugs import pinyin_slug


def tip_off_photo_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"tipoffs/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class TipOffFormField(AbstractFormField):
    page = ParentalKey("campaigns.TipOffPage", related_name="form_fields", on_delete=models.CASCADE)

    def get_field_clean_name(self):
        """Chinese labels give readable pinyin keys (线索类型 → xian_suo_lei_xing), not escaped code points."""
        return pinyin_slug(self.label).replace("-", "_") or super().get_field_clean_name()


class TipOffPage(AbstractForm):
    """The 举报 page: how a tip-off is handled, the hotline, and the form."""

    region = models.ForeignKey(
        "jindu.Region",
        verbose_name=_("receiving region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tip-offs sent here are seen by the office of this region (and those above it) only."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])
    handling = RichTextField(
        _("how tip-offs are handled"),
        features=["bold", "ol", "ul", "link"],
        help_text=_("Who reads a tip-off, how it is kept confidential, and whether the sender hears back."),
    )
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=["bold", "link"])

    content_panels = AbstractForm.content_panels + [
        FieldPanel("region"),
        FieldPanel("intro"),
        FieldPanel("handling"),
        InlinePanel("form_fields", label=_("Tip-off questions")),
        FieldPanel("thank_you_text"),
    ]
    parent_page_types = ["jindu.HomePage"]
    subpage_types = []
    template = "campaigns/tipoff_page.html"
    landing_page_template = "campaigns/tipoff_page_landing.html"

    class Meta:
        verbose_name = _("tip-off page")
        verbose_name_plural = _("tip-off pages")

    def get_form_class(self):
        from campaigns.tipoffs import tip_off_form_class

        return tip_off_form_class(super().get_form_class())

    def get_submission_class(self):
        return TipOff

    def serve(self, request, *args, **kwargs):
        from campaigns.tipoffs import serve_tip_off_page

        return serve_tip_off_page(self, request, super().serve, *args, **kwargs)

    def process_form_submission(self, form):
        answers = {name: value for name, value in form.cleaned_data.items() if name not in form.own_fields}
        photos = [form.cleaned_data.get(name) for name in ("photo_1", "photo_2")]
        from campaigns.notices import tip_off_received

        tip_off = TipOff.objects.create(
            page=self,
            region=self.region,
            form_data=answers,
            contact=form.cleaned_data.get("contact", ""),
            photo_1=photos[0] or "",
            photo_2=photos[1] or "",
        )
        tip_off_received(tip_off)
        return tip_off


class TipOffStatus(models.TextChoices):
    NEW = "new", _("New")
    HANDLED = "handled", _("Handled")


class TipOff(AbstractFormSubmission):
    """One tip-off: the answers, an optional contact, up to two photos, and where the office is with it."""

    region = models.ForeignKey("jindu.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    photo_1 = models.ImageField(_("photo"), upload_to=tip_off_photo_path, storage=private_storage, blank=True)
    photo_2 = models.ImageField(_("photo"), upload_to=tip_off_photo_path, storage=private_storage, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TipOffStatus.choices, default=TipOffStatus.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    note = models.TextField(_("office note"), blank=True)

    class Meta:
        verbose_name = _("tip-off")
        verbose_name_plural = _("tip-offs")
        ordering = ["-submit_time"]

    def photos(self):
        return [photo for photo in (self.photo_1, self.photo_2) if photo]
