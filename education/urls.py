"""URLs of the education app outside the page tree."""

from django.urls import include, path

urlpatterns = [
    path("school/", include("education.portal.urls")),
]
