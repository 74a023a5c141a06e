from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.auth import PermissionPolicyChecker
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from jindu.forms import RegionImportForm
from jindu.models.regions import Region
from jindu.region_import import import_regions
from jindu.slugs import slug_for_title

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


def pinyin_slug_view(request):
    """The slug a new page under ``parent`` would get from ``title``, for the editor's slug field."""
    parent_id = request.GET.get("parent", "")
    parent = Page.objects.filter(pk=parent_id).first() if parent_id.isdigit() else None
    return JsonResponse({"slug": slug_for_title(request.GET.get("title", "")[:255], parent)})
