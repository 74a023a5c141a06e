"""Each signed-in person's inbox: newest first, unread marked, one or all marked read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jindu.models import Notification
from jindu.models.pages import paginate
from jindu.notifications import unread_count
from jindu.numbers import parse_id

PER_PAGE = 20


@login_required
def inbox(request):
    page = paginate(request, Notification.objects.for_user(request.user), PER_PAGE)
    return render(request, "jindu/inbox.html", {"page_obj": page, "unread": unread_count(request)})


@require_POST
@login_required
def mark_read(request, pk):
    """Mark one of the person's own messages read; with `open`, go on to what it is about."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    if "open" in request.POST and notification.url and _is_local(request, notification.url):
        return redirect(notification.url)
    return redirect(_back(request))


@require_POST
@login_required
def mark_all_read(request):
    count = Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    if count:
        messages.success(request, _("All messages are marked as read."))
    return redirect(_back(request))


def _is_local(request, url):
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def _back(request):
    """Back to the inbox page the person was on."""
    page = parse_id(request.POST.get("page", ""))
    url = reverse("inbox")
    return f"{url}?page={page}" if page and page > 1 else url
