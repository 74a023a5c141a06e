"""The site's URLs plus /bench/ceiling/ (a signed-in form POST) and /bench/ceiling-get/ (an anonymous GET)."""

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path


def ceiling(request):
    """Read the form and the signed-in user, as the submit view does, and redirect as it does."""
    return HttpResponseRedirect(f"/quiz/result/{len(request.POST)}-{request.user.pk}/")


def ceiling_get(request):
    """An anonymous GET that does nothing: what any public page costs before Jindu does work."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("bench/ceiling-get/", ceiling_get),
    path("", include("jindu.urls")),
]
