"""How to fill a URL pattern's parameters with half A's objects of the matrix world."""

# The object behind `pk` (and friends) for each namespace of the admin and the site.
OBJECTS = {
    "wagtailsnippets_campaigns_activityreport": lambda w: w.a.report,
    "wagtailsnippetchoosers_campaigns_activityreport": lambda w: w.a.report,
    "wagtailsnippets_campaigns_target": lambda w: w.a.target,
    "wagtailsnippetchoosers_campaigns_target": lambda w: w.a.target,
    "wagtailsnippets_campaigns_regionassignment": lambda w: w.a.assignment,
    "wagtailsnippetchoosers_campaigns_regionassignment": lambda w: w.a.assignment,
    "wagtailsnippets_jindu_campaign": lambda w: w.campaign,
    "wagtailsnippetchoosers_jindu_campaign": lambda w: w.campaign,
    "wagtailsnippets_campaigns_activitytype": lambda w: w.a.report.activity_type,
    "wagtailsnippetchoosers_campaigns_activitytype": lambda w: w.a.report.activity_type,
    "wagtailsnippets_jindu_materialkind": lambda w: w.material_kind,
    "wagtailsnippetchoosers_jindu_materialkind": lambda w: w.material_kind,
    "wagtailsnippets_education_question": lambda w: w.question,
    "wagtailsnippetchoosers_education_question": lambda w: w.question,
    "wagtailsnippets_events_troupe": lambda w: w.troupe,
    "wagtailsnippetchoosers_events_troupe": lambda w: w.troupe,
    "wagtailsnippets_jindu_dialect": lambda w: w.dialect,
    "wagtailsnippetchoosers_jindu_dialect": lambda w: w.dialect,
    "wagtailsnippets_events_artform": lambda w: w.art_form,
    "wagtailsnippetchoosers_events_artform": lambda w: w.art_form,
    "wagtailadmin_pages:revisions_compare": lambda w: w.contest,
    "wagtailsettings": lambda w: w.home.get_site(),
    "school": lambda w: w.a.school,
    "schoolclass": lambda w: w.a.school_class,
    "schoolstaff": lambda w: w.a.staff_role,
    "regions": lambda w: w.a.district,
    "subtitles": lambda w: w.subtitle,
    "materials": lambda w: w.material,
    "themes": lambda w: w.theme,
    "wagtailsites": lambda w: w.home.get_site(),
    "wagtailusers_users": lambda w: w.a.student.user,
    "wagtailusers_groups": lambda w: w.users["office"].groups.first(),
    "wagtailadmin_collections": lambda w: w.collection,
    "wagtailadmin_workflows": lambda w: w.workflow,
    "wagtaildocs_chooser": lambda w: w.document,
    "wagtailimages_chooser": lambda w: w.image,
    "wagtailadmin_api:pages": lambda w: w.contest,
    "wagtailadmin_api:documents": lambda w: w.document,
    "wagtailadmin_api:images": lambda w: w.image,
    "api:events": lambda w: w.a.event,
    "api:showings": lambda w: w.a.showing,
    "api:articles": lambda w: w.article,
    "api:videos": lambda w: w.video,
    "api:courses": lambda w: w.course,
    "api:lessons": lambda w: w.lesson,
    "api:quizzes": lambda w: w.public_quiz,
    "api:pages": lambda w: w.home,
    "portal:class": lambda w: w.a.school_class,
    "portal:class_export": lambda w: w.a.school_class,
    "portal:passwords": lambda w: w.a.school_class,
    "portal:join_code": lambda w: w.a.school_class,
    "portal:reset_password": lambda w: w.a.student,
    "portal:school": lambda w: w.a.school,
    "portal:school_export": lambda w: w.a.school,
    "portal:import": lambda w: w.a.school,
    "portal:roster_template": lambda w: w.a.school,
    "portal:region": lambda w: w.a.district,
    "portal:graduate_class": lambda w: w.a.school_class,
    "portal:graduate_grade": lambda w: w.a.school,
    "portal:region_export": lambda w: w.a.district,
    "campaigns:report_detail": lambda w: w.a.report,
    "campaigns:report_edit": lambda w: w.a.report,
    "campaigns:report_submit": lambda w: w.a.report,
    "campaigns:report_review": lambda w: w.a.submitted,
    # Half A's office was told of the report its officer submitted.
    "inbox_read": lambda w: w.users["office"].notifications.first(),
    "media:subtitles": lambda w: w.subtitle,
    "media:material_download": lambda w: w.material,
    "two_factor_reset": lambda w: w.users["office"],
    "campaigns:tip_off_detail": lambda w: w.a.tip_off,
    "campaigns:tip_off_handled": lambda w: w.a.tip_off,
    "campaigns:tip_off_photo": lambda w: w.a.tip_off,
}

# Parameters that mean the same everywhere.
BY_PARAMETER = {
    "page_id": lambda w: w.contest.pk,
    "parent_page_id": lambda w: w.home.pk,
    "page_to_move_id": lambda w: w.contest.pk,
    "destination_id": lambda w: w.courses.pk,
    "page_pk": lambda w: w.home.pk,
    "workflow_pk": lambda w: w.workflow.pk,
    "task_id": lambda w: w.workflow_task.pk,
    "document_id": lambda w: w.document.pk,
    "doc_id": lambda w: w.document.pk,
    "image_id": lambda w: w.image.pk,
    "media_id": lambda w: w.media.pk,
    "collection_id": lambda w: w.collection.pk,
    "redirect_id": lambda w: w.redirect.pk,
    "uploaded_file_id": lambda w: 0,
    "restriction_id": lambda w: 0,
    "page_view_restriction_id": lambda w: 0,
    "quiz_id": lambda w: w.contest.pk,
    "token": lambda w: w.a.attempt.token,
    "code": lambda w: w.a.certificate.code,
    "index_id": lambda w: w.a.event.get_parent().pk,
    "event_id": lambda w: w.a.event.pk,
    "showing_id": lambda w: w.a.showing.pk,
    "version": lambda w: 1,
    "number": lambda w: 1,
    "revision_id": lambda w: w.a.revision.pk,
    "revision_id_a": lambda w: "earliest",
    "revision_id_b": lambda w: "latest",
    "workflow_state_id": lambda w: w.a.workflow_state.pk,
    "task_state_id": lambda w: w.a.task_state.pk,
    "action_name": lambda w: "approve",
    "session_id": lambda w: 0,
    "app_label": lambda w: "campaigns",
    "model_name": lambda w: "activityreport",
    "app_name": lambda w: "campaigns",
    "content_type_app_name": lambda w: "education",
    "content_type_model_name": lambda w: "quizpage",
    "slug": lambda w: "",
    "filter_spec": lambda w: "original",
    "uidb64": lambda w: "MQ",
    "media_type": lambda w: "video",
    "object_id": lambda w: w.a.report.pk,
    "action": lambda w: "delete",
    "int": lambda w: w.a.report.pk,
    "grade": lambda w: 7,
}


def parameters(pattern):
    """The parameter names of a pattern (route converters or regex groups), in order."""
    regex = pattern.pattern.regex
    names = list(regex.groupindex)
    return names or [f"_{n}" for n in range(regex.groups)]


def build_kwargs(world, name, route_params, overrides=None):
    namespace = name.rsplit(":", 1)[0] if ":" in name else name
    kwargs = {}
    for param in route_params:
        if overrides and param in overrides:
            kwargs[param] = overrides[param](world)
        elif param == "pk" and (name in OBJECTS or namespace in OBJECTS):
            kwargs[param] = (OBJECTS.get(name) or OBJECTS[namespace])(world).pk
        elif param in BY_PARAMETER:
            kwargs[param] = BY_PARAMETER[param](world)
        else:
            raise KeyError(f"{name}: no value for parameter {param!r}")
    return kwargs
