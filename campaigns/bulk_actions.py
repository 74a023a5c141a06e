"""Approve or send back many activity reports at once from the admin list."""

from django import forms
from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogContext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .models import ActivityReport
from .permissions import ACCESS_ACTIONS, report_permission_policy
from .workflow import review, review_task_state


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for sending back"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Say what the officer should correct.")},
    )


class ReviewBulkAction(SnippetBulkAction):
    """Acts only on submitted reports of the user's regions; the others are listed as not reviewable."""

    template_name = "campaigns/admin/confirm_bulk_review.html"
    review_action = ""

    @classproperty
    def models(cls):
        return [ActivityReport]

    def get_queryset(self, model, object_ids):
        reports = report_permission_policy.instances_user_has_any_permission_for(self.request.user, ACCESS_ACTIONS)
        return get_list_or_404(reports.select_related("region", "activity_type"), pk__in=object_ids)

    def check_perm(self, report):
        return review_task_state(report, self.request.user) is not None

    def comment(self):
        return ""

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user, "comment": self.comment()}

    @classmethod
    def execute_action(cls, objects, user=None, comment="", **kwargs):
        done = 0
        for report in objects:
            # One log context per report: a history shows the latest entry per (uuid, action) of the
            # whole log, so reports sharing the request's uuid would hide each other's approval.
            with LogContext(user=user):
                done += review(report, user, cls.review_action, comment)
        return done, 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}


class ApproveBulkAction(ReviewBulkAction):
    display_name = _("Approve")
    action_type = "approve_reports"
    aria_label = _("Approve the selected reports")
    action_priority = 10
    review_action = "approve"
    button_label = _("Yes, approve")

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d report approved; it now counts in the totals.",
            "%(count)d reports approved; they now count in the totals.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class SendBackBulkAction(ReviewBulkAction):
    display_name = _("Send back")
    action_type = "send_back_reports"
    aria_label = _("Send the selected reports back to their officers")
    action_priority = 20
    review_action = "reject"
    form_class = SendBackForm
    button_label = _("Send back with this reason")

    def comment(self):
        return self.cleaned_form.cleaned_data["reason"]

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d report sent back with your reason.",
            "%(count)d reports sent back with your reason.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
