from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_otp import devices_for_user
from wagtail.admin.auth import PermissionPolicyChecker
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from jindu.forms import RegionImportForm
from jindu.models.regions import Region
from jindu.numbers import parse_id
from jindu.region_import import import_regions
from jindu.slugs import slug_for_title
from jindu.throttle import address_failure_limit

region_permission_checker = PermissionPolicyChecker(ModelPermissionPolicy(Region))


class RegionImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV of regions; all rows are imported or none."""

    form_class = RegionImportForm
    template_name = "jindu/admin/region_import.html"
    page_title = gettext_lazy("Import regions")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("regions:index"), "label": gettext_lazy("Regions")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        result = import_regions(form.cleaned_data["file"].read())
        if not result.ok:
            for error in result.errors:
                form.add_error(None, str(error))
            messages.error(self.request, _("Nothing was imported. Correct the rows below and upload the file again."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Regions imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("regions:index")


region_import_view = region_permission_checker.require("add")(RegionImportView.as_view())


class SignInLocksView(WagtailAdminTemplateMixin, TemplateView):
    """Accounts and client addresses with failed sign-ins in the cool-off window; superusers unlock them."""

    template_name = "jindu/admin/sign_in_locks.html"
    page_title = gettext_lazy("Sign-in locks")
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        username, address = request.POST.get("username", ""), request.POST.get("ip_address", "")
        if username:
            AxesProxyHandler.reset_attempts(username=username)
            messages.success(request, _("The account %(name)s is unlocked.") % {"name": username})
        elif address:
            AxesProxyHandler.reset_attempts(ip_address=address)
            messages.success(request, _("The address %(address)s is unlocked.") % {"address": address})
        return redirect("sign_in_locks")

    def get_context_data(self, **kwargs):
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        recent = AccessAttempt.objects.filter(attempt_time__gte=since)

        def grouped(field, limit):
            rows = recent.values(field).annotate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))
            return [
                {
                    "key": row[field],
                    "failures": row["failures"],
                    "latest": row["latest"],
                    "locked": row["failures"] >= limit,
                }
                for row in rows.order_by("-failures", field)
                if row[field]
            ]

        return {
            **super().get_context_data(**kwargs),
            "accounts": grouped("username", settings.AXES_FAILURE_LIMIT),
            "addresses": grouped("ip_address", address_failure_limit()),
            "cool_off_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        }


sign_in_locks_view = SignInLocksView.as_view()


def pinyin_slug_view(request):
    """The slug a new page under ``parent`` would get from ``title``, for the editor's slug field."""
    parent_id = parse_id(request.GET.get("parent", ""))
    parent = Page.objects.filter(pk=parent_id).first() if parent_id is not None else None
    return JsonResponse({"slug": slug_for_title(request.GET.get("title", "")[:255], parent)})


class TwoFactorResetView(WagtailAdminTemplateMixin, TemplateView):
    """A superuser takes away someone's authenticator app and recovery codes (a lost phone); they enrol again."""

    template_name = "jindu/admin/two_factor_reset.html"
    page_title = gettext_lazy("Reset two-step sign-in")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        self.person = get_object_or_404(get_user_model(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailusers_users:index"), "label": gettext_lazy("Users")},
            {"url": "", "label": self.page_title},
        ]

    def devices(self):
        return list(devices_for_user(self.person, confirmed=None))

    def post(self, request, pk):
        devices = self.devices()
        for device in devices:
            device.delete()
        log(instance=self.person, action="jindu.two_factor_reset", user=request.user)
        messages.success(
            request,
            _("Two-step sign-in of %(name)s was reset: they set it up again at their next sign-in.")
            % {"name": self.person.get_username()},
        )
        return redirect("wagtailusers_users:index")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "person": self.person, "device_count": len(self.devices())}


two_factor_reset_view = TwoFactorResetView.as_view()
