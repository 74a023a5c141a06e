"""URLs of the media app outside the page tree."""

from django.urls import path

import jindu.converters  # noqa: F401  (registers <id:…>)
from media import views

app_name = "media"
urlpatterns = [
    path("watch/heartbeat/", views.heartbeat, name="heartbeat"),
    path("subtitles/<id:pk>/<id:version>.vtt", views.subtitles, name="subtitles"),
    path("materials/<id:pk>/download/", views.material_download, name="material_download"),
]
