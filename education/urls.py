"""URLs of the education app outside the page tree."""

from django.urls import path

import jindu.converters  # noqa: F401  (registers <id:…>)
from education import views

app_name = "education"

urlpatterns = [
    path("quiz/<id:quiz_id>/start/", views.start, name="start"),
    path("quiz/<id:quiz_id>/qr/", views.quiz_qr, name="quiz_qr"),
    path("quiz/<id:quiz_id>/poster/", views.quiz_poster, name="quiz_poster"),
    path("quiz/attempt/<str:token>/", views.attempt_view, name="attempt"),
    path("quiz/attempt/<str:token>/save/", views.save_view, name="save"),
    path("quiz/result/<str:token>/", views.result_view, name="result"),
    path("quiz/certificate/<str:code>/", views.certificate_view, name="certificate"),
    path("quiz/verify/<str:code>/", views.verify_view, name="verify"),
]
