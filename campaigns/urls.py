"""URLs of the campaigns app outside the page tree."""

from django.urls import include, path

import jindu.converters  # noqa: F401  (registers <id:…>)
from jindu.accounts import old_sign_in, sign_out

from . import tipoffs, views

app_name = "campaigns"

report_patterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("photos/", views.photo_upload, name="photo_upload"),
    path("schedule/", views.planned_vs_held, name="planned_vs_held"),
    path("login/", old_sign_in(staff=True), name="login"),
    path("logout/", sign_out, name="logout"),
    path("tip-offs/", tipoffs.tip_off_list, name="tip_off_list"),
    path("tip-offs/export.xlsx", tipoffs.tip_off_export, name="tip_off_export"),
    path("tip-offs/<id:pk>/", tipoffs.tip_off_detail, name="tip_off_detail"),
    path("tip-offs/<id:pk>/handled/", tipoffs.tip_off_handled, name="tip_off_handled"),
    path("tip-offs/<id:pk>/photos/<id:number>/", tipoffs.tip_off_photo, name="tip_off_photo"),
    path("<id:pk>/", views.report_detail, name="report_detail"),
    path("<id:pk>/edit/", views.report_edit, name="report_edit"),
    path("<id:pk>/submit/", views.report_submit, name="report_submit"),
    path("<id:pk>/review/", views.report_review, name="report_review"),
]

urlpatterns = [path("reports/", include(report_patterns))]
