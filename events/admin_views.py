"""The admin tool that adds a whole tour of showings to an event at once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from events.forms import SeriesForm
from events.models import EventPage
from events.series import add_series, plan_series


def series_view(request, page_id):
    event_page = get_object_or_404(EventPage, pk=page_id)
    permissions = event_page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    can_publish = permissions.can_publish()
    initial = {"publish": can_publish and event_page.live and not event_page.has_unpublished_changes}
    form = SeriesForm(request.POST or None, initial=initial)
    planned = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        planned = plan_series(
            data["dates"],
            data["regions"],
            data["mode"],
            data["start_time"],
            data["end_time"],
            data["venue"],
            data["address"],
        )
        if "confirm" in request.POST:
            publish = data["publish"] and can_publish
            add_series(event_page, planned, request.user, publish)
            if publish:
                message = _("%(count)s showings added and published.")
            else:
                message = _("%(count)s showings added to a draft; check them and publish the page.")
            messages.success(request, message % {"count": len(planned)})
            return redirect(reverse("wagtailadmin_pages:edit", args=[event_page.pk]))
    return TemplateResponse(
        request,
        "events/admin/series.html",
        {"page": event_page, "form": form, "planned": planned, "can_publish": can_publish},
    )
