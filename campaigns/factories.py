"""Factories for tests, the benchmark and demo data."""

import datetime

import factory
from django.db import transaction

from jindu.models import Campaign

from . import summary
from .models import ActivityReport, ActivityType, ReportMaterial, ReportStatus, Target


class CampaignFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"全民禁毒宣传月{n}")
    start_date = datetime.date(2024, 6, 1)
    end_date = datetime.date(2024, 6, 30)

    class Meta:
        model = Campaign
        django_get_or_create = ["name"]


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"禁毒宣讲{n}")
    unit = "场"

    class Meta:
        model = ActivityType
        django_get_or_create = ["name"]


class TargetFactory(factory.django.DjangoModelFactory):
    metric = "sessions"
    value = 100

    class Meta:
        model = Target


def create_report(region, date, *, activity_type=None, materials=None, approved=True, user=None, **fields):
    """A saved report with material lines {kind: quantity}; approved ones are published like the office would."""
    # The saves and the status change each touch the report's summary cell: recompute it once, at the end.
    with transaction.atomic(), summary.deferred():
        report = ActivityReport(
            region=region,
            date=date,
            activity_type=activity_type or ActivityTypeFactory(name="禁毒宣讲"),
            reporter=user,
            live=False,
            **fields,
        )
        report.materials = [
            ReportMaterial(kind=kind, quantity=quantity) for kind, quantity in (materials or {}).items()
        ]
        report.save()
        revision = report.save_revision(user=user)
        if approved:
            revision.publish(user=user, skip_permission_checks=True)
            report.refresh_from_db()
        elif fields.get("status") == ReportStatus.SUBMITTED:
            # The save above stored the status; only a row that lost it needs it set (and its cell recomputed) again.
            if (
                ActivityReport.objects.filter(pk=report.pk)
                .exclude(status=ReportStatus.SUBMITTED)
                .update(status=ReportStatus.SUBMITTED)
            ):
                summary.refresh_reports([report.pk])
    return report
