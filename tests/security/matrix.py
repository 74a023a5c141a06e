"""The expected access of every URL pattern the site registers, for every role of the matrix world.

Each entry names the roles that open half A's object (or the page) successfully; every other role must be refused
(404, 403, 405 or a redirect to a sign-in). A pattern the resolver finds and this table lacks fails the test.
Wagtail's own editor machinery follows Wagtail's model permissions; the site's views follow `schools.scoping`
and `campaigns.access`. The entries for the patterns Wagtail names are in `matrix_wagtail.py`, the entry type and
the role sets in `expected.py`; this module holds the site's own patterns and assembles the table.
"""

from dataclasses import replace

from tests.security.expected import (
    ADMIN_USERS,
    BUREAUS,
    EDITORS,
    EVERYONE,
    NOBODY,
    OFFICE_A,
    OFFICES,
    POST_ONLY,
    SCHOOL_ADMINS,
    SUPERUSER,
    TEACHERS,
    E,
)
from tests.security.matrix_wagtail import WAGTAIL

SETTINGS_KWARGS = {"app_name": lambda w: "campaigns", "model_name": lambda w: "bulletinsettings"}


def _pages(world):
    # The contest page's ranking shows classes to everyone and masked names only to the own school (issue 15 item 5).
    return ["/", "/quiz/", "/courses/", "/courses/grade-7/", "/courses/grade-7/lesson-1/", "/contest/"]


# Patterns the resolver lists without a name, or whose arguments are not plain keyword arguments.
UNNAMED = {
    "admin/test404/": E(ADMIN_USERS, path=lambda w: ["/admin/test404/"], reason="Wagtail's 404 template test page"),
    "admin/^.*/$": E(NOBODY, path=lambda w: ["/admin/no-such-view/"], reason="the admin's catch-all 404"),
    "wagtaildocs_serve": E(
        EVERYONE, path=lambda w: [f"/documents/{w.document.pk}/leaflet.pdf"], reason="public documents"
    ),
    "wagtail_serve": E(EVERYONE, path=_pages, reason="public pages, the quiz and the contest"),
}

TABLE = {
    **WAGTAIL,
    # Anyone signed in is sent on to their own work; editors' work (/admin/) counts as the admin's front door.
    "sign_in": E(EVERYONE - EDITORS),
    "sign_out": POST_ONLY,
    "education_questions:import": E(SUPERUSER),
    "education_questions:template": E(SUPERUSER),
    "education_questions:export": E(SUPERUSER),
    "education_statistics:index": E(SUPERUSER),
    "education_statistics:index_results": E(SUPERUSER),
    "education_statistics:detail": E(SUPERUSER),
    "education_statistics:export": E(SUPERUSER),
    "education_statistics:participation": E(SUPERUSER),
    "education_statistics:participation_results": E(SUPERUSER),
    "events_series": E(EDITORS, kwargs={"page_id": lambda w: w.a.event.pk}),
    "campaigns_dashboard": E(OFFICES),
    "campaigns_dashboard_reports": E(OFFICES),
    "campaigns_dashboard_reports_results": E(OFFICES),
    "campaigns_bulletin": E(OFFICES),
    "campaigns_bulletin_export": E(OFFICES),
    "campaigns_export": E(OFFICES),
    # Jobs (exports and imports run by the worker): a person's own list; a job and its file only for its owner.
    "jobs:list": E(EVERYONE - {"anonymous"}),
    "jobs:detail": E(OFFICE_A, kwargs={"pk": lambda w: w.a.job.pk}),
    "jobs:status": E(OFFICE_A, kwargs={"pk": lambda w: w.a.job.pk}),
    "jobs:download": E(OFFICE_A, kwargs={"pk": lambda w: w.a.job.pk}),
    "campaigns_import": E(OFFICES),
    "campaigns_import_template": E(OFFICES),
    "regions:index": E(SUPERUSER),
    "regions:index_results": E(SUPERUSER),
    "regions:add": E(SUPERUSER),
    "regions:edit": E(SUPERUSER),
    "regions:delete": E(SUPERUSER),
    "regions:history": E(SUPERUSER),
    "regions:history_results": E(SUPERUSER),
    "regions:usage": E(SUPERUSER),
    "regions:import": E(SUPERUSER),
    "school:index": E(SUPERUSER),
    "school:index_results": E(SUPERUSER),
    "school:add": E(SUPERUSER),
    "school:edit": E(SUPERUSER),
    "school:delete": E(SUPERUSER),
    "school:history": E(SUPERUSER),
    "school:history_results": E(SUPERUSER),
    "school:usage": E(SUPERUSER),
    "school:copy": E(SUPERUSER),
    "schoolclass:index": E(SUPERUSER),
    "schoolclass:index_results": E(SUPERUSER),
    "schoolclass:add": E(SUPERUSER),
    "schoolclass:edit": E(SUPERUSER),
    "schoolclass:delete": E(SUPERUSER),
    "schoolclass:history": E(SUPERUSER),
    "schoolclass:history_results": E(SUPERUSER),
    "schoolclass:usage": E(SUPERUSER),
    "schoolclass:copy": E(SUPERUSER),
    "schoolstaff:index": E(SUPERUSER),
    "schoolstaff:index_results": E(SUPERUSER),
    "schoolstaff:add": E(SUPERUSER),
    "schoolstaff:edit": E(SUPERUSER),
    "schoolstaff:delete": E(SUPERUSER),
    "schoolstaff:history": E(SUPERUSER),
    "schoolstaff:history_results": E(SUPERUSER),
    "schoolstaff:usage": E(SUPERUSER),
    "schoolstaff:copy": E(SUPERUSER),
    "subtitles:index": E(SUPERUSER),
    "subtitles:index_results": E(SUPERUSER),
    "subtitles:add": E(SUPERUSER),
    "subtitles:edit": E(SUPERUSER),
    "subtitles:delete": E(SUPERUSER),
    "subtitles:history": E(SUPERUSER),
    "subtitles:history_results": E(SUPERUSER),
    "subtitles:usage": E(SUPERUSER),
    "media_transcodes:index": E(SUPERUSER),
    "media_transcodes:index_results": E(SUPERUSER),
    "materials:index": E(SUPERUSER),
    "materials:index_results": E(SUPERUSER),
    "materials:add": E(SUPERUSER),
    "materials:edit": E(SUPERUSER),
    "materials:delete": E(SUPERUSER),
    "materials:history": E(SUPERUSER),
    "materials:history_results": E(SUPERUSER),
    "materials:usage": E(SUPERUSER),
    "materials:copy": E(SUPERUSER),
    "themes:index": E(SUPERUSER),
    "themes:index_results": E(SUPERUSER),
    "themes:add": E(SUPERUSER),
    "themes:edit": E(SUPERUSER),
    "themes:delete": E(SUPERUSER),
    "themes:history": E(SUPERUSER),
    "themes:history_results": E(SUPERUSER),
    "themes:usage": E(SUPERUSER),
    "search": E(EVERYONE),
    # Everyone signed in has an inbox of their own (jindu/inbox.py); marking read is a POST on one's own messages.
    "inbox": E(EVERYONE - {"anonymous"}),
    "inbox_read": POST_ONLY,
    "inbox_read_all": POST_ONLY,
    "toggle_large_text": POST_ONLY,
    "set_language": E(EVERYONE),
    "media:heartbeat": POST_ONLY,
    "media:subtitles": E(EVERYONE),
    "media:material_download": E(EVERYONE),
    "education:start": POST_ONLY,
    "education:quiz_qr": E(EVERYONE),
    "education:quiz_poster": E(EVERYONE),
    "education:attempt": E({"student"}),
    "education:save": POST_ONLY,
    "education:result": E({"student"}),
    # The holder and the staff of the holder's own school; no bureau, office or editor (issue 15 item 5).
    "education:certificate": E({"student", "teacher", "school_admin"}),
    # The public check of a certificate shows its holder's name, school and score to whoever has the code.
    "education:verify": E(EVERYONE, public_names=lambda w: [w.a.certificate.user.student.name]),
    # Every portal staff member has a portal home.
    "portal:home": E(TEACHERS | SCHOOL_ADMINS | BUREAUS),
    "portal:sign_in": E(EVERYONE),
    "portal:sign_out": POST_ONLY,
    "portal:student_sign_in": E(EVERYONE),
    "portal:join": E(EVERYONE),
    "portal:change_password": E({"student", "other_student"}),
    # Students see their courses; staff are sent on to their own work.
    "portal:my_courses": E(EVERYONE - EDITORS - {"anonymous"}),
    "portal:class": E({"teacher", "school_admin", "bureau"}),
    "portal:class_export": E({"teacher", "school_admin", "bureau"}),
    "portal:passwords": E({"teacher", "school_admin"}),
    "portal:join_code": POST_ONLY,
    "portal:reset_password": POST_ONLY,
    "portal:school": E({"school_admin", "bureau"}),
    "portal:school_export": E({"school_admin", "bureau"}),
    # Any teacher of the school may import its rosters; the rows go only into classes they manage.
    "portal:import": E({"teacher", "colleague_teacher", "school_admin"}),
    "portal:roster_template": E({"teacher", "colleague_teacher", "school_admin"}),
    "portal:region": E({"bureau"}),
    "portal:region_export": E({"bureau"}),
    "events_schedule_ics": E(EVERYONE),
    "events_event_ics": E(EVERYONE),
    "events_showing_ics": E(EVERYONE),
    "api:articles:listing": E(EVERYONE),
    "api:articles:detail": E(EVERYONE),
    "api:articles:find": E(NOBODY),
    "api:videos:listing": E(EVERYONE),
    "api:videos:detail": E(EVERYONE),
    "api:videos:find": E(NOBODY),
    "api:events:listing": E(EVERYONE),
    "api:events:detail": E(EVERYONE),
    "api:events:find": E(NOBODY),
    "api:showings:listing": E(EVERYONE),
    "api:showings:detail": E(EVERYONE),
    "api:showings:find": E(NOBODY),
    "api:courses:listing": E(EVERYONE),
    "api:courses:detail": E(EVERYONE),
    "api:courses:find": E(NOBODY),
    "api:lessons:listing": E(EVERYONE),
    "api:lessons:detail": E(EVERYONE),
    "api:lessons:find": E(NOBODY),
    "api:quizzes:listing": E(EVERYONE),
    "api:quizzes:detail": E(EVERYONE),
    "api:quizzes:find": E(NOBODY),
    "api:pages:listing": E(EVERYONE),
    "api:pages:detail": E(EVERYONE),
    "api:pages:find": E(NOBODY),
    "api:index": E(EVERYONE),
    "api:openapi": E(EVERYONE),
    "api:quiz_start": POST_ONLY,
    "api:quiz_submit": POST_ONLY,
    "api:student_token": POST_ONLY,
    "api:quiz_attempt": E(NOBODY, reason="the API shows anonymous attempts only; this one is a student's"),
    "api:me": E(NOBODY, reason="a bearer token only: no cookie sign-in is accepted"),
    "api:my_courses": E(NOBODY, reason="a bearer token only: no cookie sign-in is accepted"),
    "api:my_progress": E(NOBODY, reason="a bearer token only: no cookie sign-in is accepted"),
    "api:my_contests": E(NOBODY, reason="a bearer token only: no cookie sign-in is accepted"),
    "api:contest_attempt": E(NOBODY, reason="a bearer token only: no cookie sign-in is accepted"),
    "api:contest_start": POST_ONLY,
    "api:contest_submit": POST_ONLY,
    "campaigns:report_list": E(
        {"officer", "other_officer", "office", "other_office", "superuser", "neighbour_officer"}
    ),
    "campaigns:report_create": E(
        {"officer", "other_officer", "office", "other_office", "superuser", "neighbour_officer"}
    ),
    "campaigns:photo_upload": POST_ONLY,
    "campaigns:service_worker": E(EVERYONE, reason="the report pages' service worker: static URLs only, no data"),
    "campaigns:web_manifest": E(EVERYONE, reason="the report pages' web app manifest: no data"),
    "campaigns:planned_vs_held": E(
        {"officer", "other_officer", "office", "other_office", "superuser", "neighbour_officer"}
    ),
    "campaigns:login": E(EVERYONE),
    "campaigns:logout": POST_ONLY,
    "campaigns:report_detail": E({"officer", "office", "superuser"}),
    "campaigns:report_edit": E({"officer", "office", "superuser"}),
    "campaigns:report_submit": POST_ONLY,
    "campaigns:report_review": POST_ONLY,
}
TABLE.update(UNNAMED)
TABLE.update({"article_feed": E(EVERYONE), "article_atom_feed": E(EVERYONE)})
TABLE.update(
    {
        # Each office reads the tip-offs of its own regions; another office's tip-off is a 404.
        "campaigns:tip_off_list": E(OFFICES),
        "campaigns:tip_off_export": E(OFFICES),
        "campaigns:tip_off_detail": E(OFFICE_A),
        "campaigns:tip_off_photo": E(OFFICE_A),
        "campaigns:tip_off_handled": POST_ONLY,
    }
)
# Wagtail's reports at the same addresses, with safe downloads (jindu/admin_reports.py): the same access.
for _name in [name for name in TABLE if name.startswith("wagtailadmin_reports:")]:
    TABLE[_name.replace("wagtailadmin_reports:", "jindu_reports:")] = TABLE[_name]
TABLE.update(
    {
        "sitemap": E(EVERYONE),
        "sitemap_section": E(EVERYONE, kwargs={"section": lambda w: "home"}),
        "robots_txt": E(EVERYONE),
        "jindu_pinyin_slug": E(ADMIN_USERS),
    }
)
TABLE["wechat_share_config"] = E(NOBODY, reason="WeChat share cards are off unless an AppID and secret are set: 404")
# A search for the other half's town must find nothing it may not show (issue 15 item 1: it was a 500).
SEARCHES = ("", "?q=鳌头", "?q=五通")
for _name in (
    "wagtailsnippets_campaigns_activityreport:list",
    "wagtailsnippets_campaigns_activityreport:list_results",
    "wagtailsnippetchoosers_campaigns_activityreport:choose_results",
    "wagtailsnippets_campaigns_target:list_results",
    "wagtailadmin_reports:site_history_results",
    "wagtailusers_users:index_results",
    "search",
):
    TABLE[_name] = replace(TABLE[_name], queries=SEARCHES)
TABLE.update(
    {
        "sign_in_locks": E(SUPERUSER),
        "two_factor_reset": E(SUPERUSER),
        # Each school admin and bureau reads the access log of their own scope (names checked like any page).
        "portal:access_log": E(SCHOOL_ADMINS | BUREAUS),
        "portal:access_log_export": E(SCHOOL_ADMINS | BUREAUS),
        "portal:graduate_class": E({"school_admin"}),
        "portal:graduate_grade": E({"school_admin"}),
        "two_factor_verify": E(NOBODY, reason="only in the middle of a sign-in; otherwise back to the sign-in page"),
        # Anyone signed in may enrol a second factor for their own account.
        "two_factor_setup": E(EVERYONE - {"anonymous"}),
    }
)
TABLE.update(
    {
        "wagtailsettings:edit": E(OFFICES, kwargs=SETTINGS_KWARGS),
        "wagtailsettings:preview_on_edit": E(NOBODY, kwargs=SETTINGS_KWARGS, reason="POST only"),
        "wagtailadmin_pages:revisions_compare": E(EDITORS),
    }
)
for _view in ("edit", "delete", "usage", "history", "history_results", "copy"):
    TABLE[f"wagtailsnippets_events_artform:{_view}"] = E(SUPERUSER)
TABLE["wagtailsnippetchoosers_events_artform:chosen"] = E(ADMIN_USERS)
