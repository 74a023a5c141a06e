from django.urls import path

import jindu.converters  # noqa: F401  (registers <id:…>)
from jindu.accounts import old_sign_in, sign_out

from . import access_log_views, account_views, graduation_views, roster_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", old_sign_in(staff=True), name="sign_in"),
    path("sign-out/", sign_out, name="sign_out"),
    path("student/sign-in/", old_sign_in(staff=False), name="student_sign_in"),
    path("student/join/", account_views.join, name="join"),
    path("student/password/", account_views.change_password, name="change_password"),
    path("my/", account_views.my_courses, name="my_courses"),
    path("classes/<id:pk>/", views.class_detail, name="class"),
    path("classes/<id:pk>/export.xlsx", views.class_export, name="class_export"),
    path("classes/<id:pk>/passwords/", roster_views.password_sheet, name="passwords"),
    path("classes/<id:pk>/join-code/", roster_views.join_code, name="join_code"),
    path("students/<id:pk>/reset-password/", roster_views.reset_password, name="reset_password"),
    path("schools/<id:pk>/", views.school_detail, name="school"),
    path("schools/<id:pk>/export.xlsx", views.school_export, name="school_export"),
    path("schools/<id:pk>/import/", roster_views.roster_import, name="import"),
    path("schools/<id:pk>/roster-template.xlsx", roster_views.roster_template, name="roster_template"),
    path("regions/<id:pk>/", views.region_detail, name="region"),
    path("regions/<id:pk>/export.xlsx", views.region_export, name="region_export"),
    path("classes/<id:pk>/graduate/", graduation_views.graduate_class, name="graduate_class"),
    path("schools/<id:pk>/graduate/<id:grade>/", graduation_views.graduate_grade, name="graduate_grade"),
    path("access-log/", access_log_views.access_log, name="access_log"),
    path("access-log/export.xlsx", access_log_views.access_log_export, name="access_log_export"),
]
