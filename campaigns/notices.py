"""The inbox messages of the report workflow: the office told of reports to review, officers of the outcome.

They follow Wagtail's workflow signals, so the phone pages, the admin's workflow actions and the bulk actions all
send them.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from wagtail.signals import task_rejected, task_submitted, workflow_approved

from jindu.models import NotificationKind
from jindu.notifications import in_chinese, notify

from .models import ActivityReport
from .permissions import paths_at_and_above, reviewers_of


def _report_of(workflow_state):
    if workflow_state.base_content_type_id != ContentType.objects.get_for_model(ActivityReport).pk:
        return None
    return (
        ActivityReport.objects.select_related("region", "activity_type", "reporter")
        .filter(pk=workflow_state.object_id)
        .first()
    )


def _name(report):
    """The report as its pages title it, e.g. 2024年5月20日 五通镇 五通禁毒宣讲."""
    return f"{formats.date_format(report.date, 'DATE_FORMAT')} {report.region.name} {report.label}".strip()


def _report_url(report):
    return reverse("campaigns:report_detail", kwargs={"pk": report.pk})


def _officer(report, workflow_state):
    """Who logged the report, or else who sent it to the office."""
    return report.reporter or workflow_state.requested_by


def _others(users, actor):
    return [user for user in users if user is not None and (actor is None or user.pk != actor.pk)]


@in_chinese
def report_submitted(sender, instance, user=None, **kwargs):
    report = _report_of(instance.workflow_state)
    if report is None:
        return
    again = instance.workflow_state.task_states.exclude(pk=instance.pk).exists()
    if again:
        title = _("Report sent again for review: %(report)s") % {"report": _name(report)}
    else:
        title = _("New report to review: %(report)s") % {"report": _name(report)}
    sender_name = str(user or _officer(report, instance.workflow_state) or "")
    body = _("%(person)s sent the activity report of %(region)s to the office.") % {
        "person": sender_name,
        "region": report.region.full_name,
    }
    notify(
        _others(reviewers_of(report), user),
        NotificationKind.REPORT_SUBMITTED,
        title,
        body=body,
        url=_report_url(report),
    )


@in_chinese
def report_sent_back(sender, instance, user=None, **kwargs):
    report = _report_of(instance.workflow_state)
    if report is None:
        return
    title = _("Report sent back: %(report)s") % {"report": _name(report)}
    reason = instance.comment or _("No reason was given.")
    body = _("Reason: %(reason)s") % {"reason": reason} + "\n" + _("Correct the report and send it again.")
    notify(
        _others([_officer(report, instance.workflow_state)], user),
        NotificationKind.REPORT_SENT_BACK,
        title,
        body=body,
        url=_report_url(report),
    )


@in_chinese
def report_approved(sender, instance, user=None, **kwargs):
    report = _report_of(instance)
    if report is None:
        return
    task_state = instance.current_task_state
    comment = task_state.comment if task_state else ""
    title = _("Report approved: %(report)s") % {"report": _name(report)}
    body = _("The office approved the report; its figures now count in the totals.")
    if comment:
        body += "\n" + _("Comment: %(comment)s") % {"comment": comment}
    notify(
        _others([_officer(report, instance)], user),
        NotificationKind.REPORT_APPROVED,
        title,
        body=body,
        url=_report_url(report),
    )


def connect_signals():
    task_submitted.connect(report_submitted, dispatch_uid="campaigns_notice_submitted")
    task_rejected.connect(report_sent_back, dispatch_uid="campaigns_notice_sent_back")
    workflow_approved.connect(report_approved, dispatch_uid="campaigns_notice_approved")


@in_chinese
def tip_off_received(tip_off):
    """The offices of the tip-off's region and above are told that one came in; what it says stays on the site."""
    from django.contrib.auth import get_user_model

    from .models import OFFICE_GROUP_NAME

    offices = (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=OFFICE_GROUP_NAME,
            campaign_regions__region__path__in=paths_at_and_above(tip_off.region),
        )
        .distinct()
    )
    notify(
        offices,
        NotificationKind.TIP_OFF,
        _("New tip-off for %(region)s") % {"region": tip_off.region.name},
        body=_("Open it on the site to read it; its content is not sent by message or e-mail."),
        url=reverse("campaigns:tip_off_detail", kwargs={"pk": tip_off.pk}),
    )
