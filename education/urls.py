"""URLs of the education app outside the page tree."""

from django.urls import path

from education import views

app_name = "education"

urlpatterns = [
    path("quiz/<int:quiz_id>/start/", views.start, name="start"),
    path("quiz/<int:quiz_id>/qr/", views.quiz_qr, name="quiz_qr"),
    path("quiz/<int:quiz_id>/poster/", views.quiz_poster, name="quiz_poster"),
    path("quiz/attempt/<str:token>/", views.attempt_view, name="attempt"),
    path("quiz/attempt/<str:token>/save/", views.save_view, name="save"),
    path("quiz/result/<str:token>/", views.result_view, name="result"),
    path("quiz/certificate/<str:code>/", views.certificate_view, name="certificate"),
    path("quiz/verify/<str:code>/", views.verify_view, name="verify"),
]
