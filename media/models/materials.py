import os

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from jindu.models.vocabulary import CampaignTheme, MaterialKind


class PublicityMaterialQuerySet(models.QuerySet):
    def published(self):
        """Shown in the download centre: switched on and still with its file."""
        return self.filter(live=True).filter(models.Q(document__isnull=False) | models.Q(image__isnull=False))

    def for_listing(self):
        return self.select_related("kind", "theme", "document", "image", "preview").prefetch_related(
            "image__renditions", "preview__renditions"
        )

    def with_download_totals(self):
        return self.annotate(total_downloads=Coalesce(models.Sum("download_days__count"), 0))


class PublicityMaterial(index.Indexed, models.Model):
    """A file offices print or hand out: a poster, leaflet or pledge-letter template."""

    title = models.CharField(_("title"), max_length=120)
    kind = models.ForeignKey(
        MaterialKind, verbose_name=pgettext_lazy("material", "kind"), on_delete=models.PROTECT, related_name="+"
    )
    theme = models.ForeignKey(
        CampaignTheme, verbose_name=_("campaign theme"), on_delete=models.PROTECT, related_name="materials"
    )
    description = models.TextField(_("description"), blank=True, max_length=300)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A PDF, Word or other document. Choose either a document or an image."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A poster image to download at full size. Choose either a document or an image."),
    )
    preview = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("preview image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A thumbnail shown in the list, e.g. the first page of the leaflet. Images preview themselves."),
    )
    live = models.BooleanField(_("shown in the download centre"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = PublicityMaterialQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("theme"), FieldPanel("sort_order")], heading=_("Grouping")),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("image"), FieldPanel("preview")], heading=_("File")),
        FieldPanel("live"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["theme__sort_order", "theme__name", "sort_order", "title"]
        verbose_name = _("publicity material")
        verbose_name_plural = _("publicity materials")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if bool(self.document_id) == bool(self.image_id):
            raise ValidationError(_("Choose either a document or an image for this material (exactly one)."))

    @property
    def file(self):
        return self.document.file if self.document_id else self.image.file

    @property
    def file_size(self):
        source = self.document if self.document_id else self.image
        return source.get_file_size() if source else None

    @property
    def file_type(self):
        return os.path.splitext(self.file.name)[1].lstrip(".").upper()

    @property
    def download_filename(self):
        return f"{self.title}.{self.file_type.lower()}"

    @property
    def thumbnail(self):
        return self.preview or self.image

    def get_download_url(self):
        return reverse("media:material_download", args=[self.pk])

    def record_download(self, day=None):
        """Count one download today; safe when many people download at once."""
        day = day or timezone.localdate()
        days = MaterialDownloadDay.objects.filter(material=self, day=day)
        if days.update(count=models.F("count") + 1):
            return
        try:
            with transaction.atomic():
                MaterialDownloadDay.objects.create(material=self, day=day, count=1)
        except IntegrityError:
            days.update(count=models.F("count") + 1)


class MaterialDownloadDay(models.Model):
    """Downloads of one material on one day, for the office's monthly figures."""

    material = models.ForeignKey(PublicityMaterial, on_delete=models.CASCADE, related_name="download_days")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("downloads per day")
        verbose_name_plural = _("downloads per day")
        constraints = [models.UniqueConstraint(fields=["material", "day"], name="media_download_one_row_per_day")]

    def __str__(self):
        return f"{self.material_id} {self.day}: {self.count}"
