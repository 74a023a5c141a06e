"""Pieces every API v2 endpoint shares: bounded numbers, the search limit, absolute file and image addresses."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from jindu.numbers import parse_id, parse_int
from jindu.public_address import absolute_url

MAX_OFFSET = 10**9


class BoundedNumbersMixin:
    """An id or offset no database column can hold is a 404 or a 400, not a database error."""

    def paginate_queryset(self, queryset):
        if parse_int(self.request.GET.get("offset", "0"), 0, MAX_OFFSET) is None:
            raise BadRequestError(_("offset must be a whole number from 0 to %(max)d") % {"max": MAX_OFFSET})
        return super().paginate_queryset(queryset)

    def detail_view(self, request, pk):
        if parse_id(pk) is None:
            raise Http404
        return super().detail_view(request, pk)


class PublicPagesAPIViewSet(BoundedNumbersMixin, PagesAPIViewSet):
    """Live, public pages of one type in this site; `?search=` through the site's Chinese search backend."""

    def get_queryset(self):
        return self.model.objects.filter(pk__in=self.get_base_queryset().values("pk")).order_by("path")

    def check_query_parameters(self, queryset):
        query = self.request.GET.get("search")
        if query is not None:
            limit = settings.JINDU_SEARCH_MAX_QUERY_LENGTH
            if not query.strip():
                raise BadRequestError(_("Type a word to search for, e.g. 冰毒 or 禁毒法."))
            if len(query) > limit:
                raise BadRequestError(
                    _("Your search is too long. Use at most %(count)d characters.") % {"count": limit}
                )
        return super().check_query_parameters(queryset)


def file_url(field_file, request=None):
    """A stored file's address at the public address, or None when there is no file."""
    if not field_file:
        return None
    return absolute_url(field_file.url, request)


def file_size(field_file):
    if not field_file:
        return None
    try:
        return field_file.size
    except OSError:
        return None


class ImageField(serializers.Field):
    """An image as a resized rendition at the public address: {url, width, height, alt}."""

    def __init__(self, spec="max-800x800", **kwargs):
        self.spec = spec
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, image):
        if image is None:
            return None
        try:
            rendition = image.get_rendition(self.spec)
        except (OSError, ValueError):
            return None
        request = self.context.get("request")
        return {
            "url": absolute_url(rendition.url, request),
            "width": rendition.width,
            "height": rendition.height,
            "alt": rendition.alt,
        }


class TagNamesField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [tag.name for tag in manager.all()]
