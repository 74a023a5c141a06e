"""URLs of the media app outside the page tree."""

from django.urls import path

from media import views

app_name = "media"
urlpatterns = [
    path("watch/heartbeat/", views.heartbeat, name="heartbeat"),
    path("subtitles/<int:pk>/<int:version>.vtt", views.subtitles, name="subtitles"),
    path("materials/<int:pk>/download/", views.material_download, name="material_download"),
]
