"""The approval workflow of activity reports, its groups, and the status each step leaves behind."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import Workflow, WorkflowContentType, WorkflowState, WorkflowTask
from wagtail.signals import published

from . import summary
from .models import OFFICE_GROUP_NAME, OFFICER_GROUP_NAME, ActivityReport, OfficeReviewTask, ReportStatus

WORKFLOW_NAME = "活动报表审核"
TASK_NAME = "禁毒办审核"

OFFICE_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("campaigns", "activityreport", "add_activityreport"),
    ("campaigns", "activityreport", "change_activityreport"),
    ("campaigns", "activityreport", "view_activityreport"),
    ("campaigns", "activityreport", "publish_activityreport"),
    ("campaigns", "activityreport", "review_activityreport"),
    ("campaigns", "target", "add_target"),
    ("campaigns", "target", "change_target"),
    ("campaigns", "target", "delete_target"),
    ("campaigns", "target", "view_target"),
    ("jindu", "campaign", "add_campaign"),
    ("jindu", "campaign", "change_campaign"),
    ("jindu", "campaign", "view_campaign"),
    ("campaigns", "bulletinsettings", "change_bulletinsettings"),
]
OFFICER_PERMISSIONS = [
    ("campaigns", "activityreport", "add_activityreport"),
    ("campaigns", "activityreport", "change_activityreport"),
]


def _permissions(triples):
    found = []
    for app_label, model, codename in triples:
        if app_label == "wagtailadmin":
            found.append(Permission.objects.get(content_type__app_label="wagtailadmin", codename=codename))
            continue
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        found.append(Permission.objects.get(content_type=content_type, codename=codename))
    return found


@transaction.atomic
def ensure_setup():
    """The office and officer groups and the report workflow; safe to run any number of times."""
    office, _ = Group.objects.get_or_create(name=OFFICE_GROUP_NAME)
    office.permissions.add(*_permissions(OFFICE_PERMISSIONS))
    officers, _ = Group.objects.get_or_create(name=OFFICER_GROUP_NAME)
    officers.permissions.add(*_permissions(OFFICER_PERMISSIONS))

    content_type = ContentType.objects.get_for_model(ActivityReport)
    link = WorkflowContentType.objects.filter(content_type=content_type).select_related("workflow").first()
    if link:
        return link.workflow
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = OfficeReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = OfficeReviewTask.objects.create(name=TASK_NAME)
        task.groups.set([office])
    # Workflow is a cluster: its child relation's create() would not reach the database.
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.create(workflow=workflow, content_type=content_type)
    return workflow


def submit(report, user):
    """Send a report to the office, resuming a workflow that was sent back."""
    state = report.current_workflow_state
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    elif not report.workflow_in_progress:
        ensure_setup().start(report, user)


def review_task_state(report, user):
    """The office-review step the user may act on now, or None."""
    from .access import can_review

    state = report.current_workflow_state
    task_state = state.current_task_state if state else None
    if task_state is None or not can_review(user, report):
        return None
    return task_state


def review(report, user, action, comment=""):
    """Approve ("approve") or send back ("reject", with a reason) one report as the office; False if not allowed."""
    task_state = review_task_state(report, user)
    if task_state is None:
        return False
    task = task_state.task.specific
    if action not in {name for name, _label, _modal in task.get_actions(report, user)}:
        return False
    task.on_action(task_state, user, action, comment=comment)
    return True


def sent_back_reason(report):
    """The office's comment on the latest send-back, if the report is waiting for changes."""
    state = report.current_workflow_state
    if not state or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return ""
    task_state = state.current_task_state
    return task_state.comment if task_state else ""


def sent_back_reasons(reports):
    """{report pk: the office's comment} for the reports waiting for changes, in one query."""
    ids = [str(report.pk) for report in reports]
    if not ids:
        return {}
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(ActivityReport),
        object_id__in=ids,
        status=WorkflowState.STATUS_NEEDS_CHANGES,
    ).select_related("current_task_state")
    return {
        int(state.object_id): state.current_task_state.comment if state.current_task_state else "" for state in states
    }


# The status column mirrors the workflow so that roll-ups and lists need no join.


def _set_status(instance, status):
    if isinstance(instance, ActivityReport):
        with transaction.atomic(savepoint=False):
            if ActivityReport.objects.filter(pk=instance.pk).exclude(status=status).update(status=status):
                # A status change can move a never-approved report in or out of the submitted figures.
                summary.refresh_reports([instance.pk])
        instance.status = status


_STATUS_OF_WORKFLOW = {
    WorkflowState.STATUS_IN_PROGRESS: ReportStatus.SUBMITTED,
    WorkflowState.STATUS_NEEDS_CHANGES: ReportStatus.SENT_BACK,
    WorkflowState.STATUS_APPROVED: ReportStatus.APPROVED,
}


def _workflow_state_saved(sender, instance, **kwargs):
    # Resuming a sent-back workflow sends no signal of its own, so follow every save.
    if instance.base_content_type_id != ContentType.objects.get_for_model(ActivityReport).pk:
        return
    report = ActivityReport.objects.filter(pk=instance.object_id).first()
    if report is None:
        return
    status = _STATUS_OF_WORKFLOW.get(instance.status)
    if status is None:  # cancelled
        status = ReportStatus.APPROVED if report.live else ReportStatus.DRAFT
    _set_status(report, status)


def _published(sender, instance, **kwargs):
    _set_status(instance, ReportStatus.APPROVED)


def connect_signals():
    from . import notices

    summary.connect_signals()
    notices.connect_signals()
    post_save.connect(_workflow_state_saved, sender=WorkflowState, dispatch_uid="campaigns_workflow_state")
    published.connect(_published, sender=ActivityReport, dispatch_uid="campaigns_published")
