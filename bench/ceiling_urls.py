"""The site's URLs plus /bench/ceiling/: what any signed-in form POST costs before a view does work."""

from django.http import HttpResponseRedirect
from django.urls import include, path


def ceiling(request):
    """Read the form and the signed-in user, as the submit view does, and redirect as it does."""
    return HttpResponseRedirect(f"/quiz/result/{len(request.POST)}-{request.user.pk}/")


urlpatterns = [path("bench/ceiling/", ceiling), path("", include("jindu.urls"))]
