"""Wagtail API v2 endpoints for a WeChat mini-program: events and their showings, upcoming and filterable."""

from django.utils import timezone
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Site

from events.filters import SCHEDULE_FILTERS, ScheduleFilterForm
from events.models import EventPage, Showing
from jindu.apiviews import BoundedNumbersMixin
from jindu.numbers import parse_id
from jindu.public_address import page_url


class EventsAPIViewSet(BoundedNumbersMixin, PagesAPIViewSet):
    """Live, public events only; the troupe's contact never leaves the admin."""

    model = EventPage
    name = "events"
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["kind", "summary", "dialect_names"]

    def get_queryset(self):
        return EventPage.objects.filter(pk__in=self.get_base_queryset().values("pk")).order_by("path")


class ShowingEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    summary = serializers.CharField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context["request"]
        data["html_url"] = page_url(instance, request)
        data["dialects"] = [dialect.name for dialect in instance.dialects.all()]
        data["art_forms"] = [art_form.name for art_form in instance.art_forms.all()]
        return data


class LocalDateTimeField(serializers.DateTimeField):
    """Times in the site's zone (Asia/Shanghai), with the offset, as a mini-program expects."""

    def to_representation(self, value):
        return None if value is None else timezone.localtime(value).isoformat()


class RegionNameField(serializers.Field):
    def to_representation(self, value):
        return None if value is None else {"code": value.code, "name": value.name}


class ShowingsAPIViewSet(BoundedNumbersMixin, BaseAPIViewSet):
    """Showings of live events; ?past=1 for the archive; town, dialect, art_form, kind, month and event filters."""

    model = Showing
    name = "showings"
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union([*SCHEDULE_FILTERS, "past", "event"])
    body_fields = BaseAPIViewSet.body_fields + [
        APIField("start", serializer=LocalDateTimeField()),
        APIField("end", serializer=LocalDateTimeField()),
        "status",
        APIField("postponed_from", serializer=LocalDateTimeField()),
        "note",
        "venue",
        "address",
        "latitude",
        "longitude",
        APIField("region", serializer=RegionNameField()),
        APIField("town", serializer=RegionNameField()),
        APIField("event", serializer=ShowingEventSerializer()),
        "sequence",
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "start",
        "end",
        "status",
        "postponed_from",
        "note",
        "venue",
        "address",
        "latitude",
        "longitude",
        "region",
        "town",
        "event",
    ]

    def base_showings(self):
        site = Site.find_for_request(self.request)
        events = EventPage.objects.live().public()
        events = events.in_site(site) if site else events.none()
        return Showing.objects.filter(event_id__in=events.values("pk"))

    def get_queryset(self):
        showings = self.base_showings()
        if self.action != "listing_view":
            return showings.for_listing()
        form = ScheduleFilterForm(self.request.GET, showings, past=True)
        if form.error_messages():
            raise BadRequestError("; ".join(str(message) for message in form.error_messages()))
        showings = form.apply(showings)
        event = self.request.GET.get("event", "")
        if event:
            event_id = parse_id(event)
            if event_id is None:
                raise BadRequestError("event must be a number")
            showings = showings.filter(event_id=event_id)
        past = self.request.GET.get("past", "") in ("1", "true")
        showings = showings.past() if past else showings.upcoming()
        return showings.for_listing()

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET.keys()) - set(self.known_query_parameters)
        if unknown:
            raise BadRequestError(f"query parameter is not recognised: {', '.join(sorted(unknown))}")
