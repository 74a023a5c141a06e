"""What saving (or deleting) each model's rows does to the page cache (jindu/pagecache.py).

Every installed model is named here, auto-created many-to-many tables too; a test fails when a model
has no role, so a model saved all day long cannot empty the cache unnoticed. Page types are content
whatever their app, as menus link to them.
"""

from wagtail.models import Page

CONTENT = "content"  # appears on cached pages: a save starts a new generation
IGNORED = "ignored"  # appears on no cached page, or only as part of content whose own save starts one
CACHE_ROLES = {
    CONTENT: {
        "jindu.articlepagetag",
        "jindu.footersettings",
        "jindu.mainmenu",
        "jindu.mainmenuitem",
        "jindu.region",
        "events.artform",
        "jindu.dialect",
        "jindu.campaign",
        "jindu.campaigntheme",
        "jindu.materialkind",
        "events.eventpage_art_forms",
        "events.eventpage_dialects",
        "events.eventpagetag",
        "events.showing",
        "events.troupe",
        "media.publicitymaterial",
        "media.subtitletrack",
        "media.videopagerelatedarticle",
        "media.videopagetag",
        "taggit.tag",
        "taggit.taggeditem",
        "wagtailcore.locale",
        "wagtailcore.pageviewrestriction",
        "wagtailcore.site",
        "wagtaildocs.document",
        "wagtailembeds.embed",
        "wagtailimages.image",
        "wagtailmedia.media",
    },
    IGNORED: {
        # People, sign-ins and their permissions: signed-in readers never use the cache.
        "jindu.user",
        "jindu.user_groups",
        "jindu.user_user_permissions",
        "auth.group",
        "auth.group_permissions",
        "auth.permission",
        "sessions.session",
        "axes.accessattempt",
        "axes.accessattemptexpiration",
        "axes.accessfailurelog",
        "axes.accesslog",
        "otp_static.staticdevice",
        "otp_static.statictoken",
        "otp_totp.totpdevice",
        "wagtailusers.userprofile",
        # Learning and schools: quiz, course and portal pages are rendered for their reader.
        "education.attempt",
        "education.certificate",
        "education.drawrule",
        "education.lessonprogress",
        "schools.portalaccess",
        "education.question",
        "education.questionoption",
        "education.questiontag",
        "education.quizquestion",
        "education.result",
        "schools.school",
        "schools.schoolclass",
        "schools.schoolclass_teachers",
        "schools.schoolstaff",
        "schools.student",
        # The office's numbers: staff tools and the admin only.
        "campaigns.activityreport",
        "campaigns.activityreportlogentry",
        "campaigns.activitytype",
        "campaigns.bulletinsettings",
        "campaigns.materialsummary",
        "campaigns.monthlysummary",
        "campaigns.officereviewtask",
        "campaigns.officereviewtask_groups",
        "campaigns.pendingphoto",
        "campaigns.regionassignment",
        "campaigns.reportmaterial",
        "campaigns.reportphoto",
        "campaigns.target",
        # Inbox messages, background jobs and the task worker's own rows.
        "jindu.notification",
        "jindu.job",
        "django_tasks_database.dbtaskresult",
        # Tip-offs reach the office only (the tip-off page itself is a page).
        "campaigns.tipoff",
        "campaigns.tipoffformfield",
        # Transcoding progress, written every second while the worker encodes.
        "media.videorendition",
        "media.videotranscode",
        # Counters written while people read and watch.
        "media.materialdownloadday",
        "media.watchprogress",
        # Made while a page renders, from an image whose own save starts a generation.
        "wagtailimages.rendition",
        # Wagtail's editing, workflow, history, search and permission tables: a page is content when it is published.
        "contenttypes.contenttype",
        "wagtailadmin.admin",
        "wagtailadmin.editingsession",
        "wagtailadmin.formstate",
        "wagtailcore.apitoken",
        "wagtailcore.collection",
        "wagtailcore.collectionviewrestriction",
        "wagtailcore.collectionviewrestriction_groups",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.groupapprovaltask",
        "wagtailcore.groupapprovaltask_groups",
        "wagtailcore.groupcollectionpermission",
        "wagtailcore.grouppagepermission",
        "wagtailcore.groupsitepermission",
        "wagtailcore.modellogentry",
        "wagtailcore.pagelogentry",
        "wagtailcore.pagesubscription",
        "wagtailcore.pageviewrestriction_groups",
        "wagtailcore.referenceindex",
        "wagtailcore.revision",
        "wagtailcore.task",
        "wagtailcore.taskstate",
        "wagtailcore.uploadedfile",
        "wagtailcore.workflow",
        "wagtailcore.workflowcontenttype",
        "wagtailcore.workflowpage",
        "wagtailcore.workflowstate",
        "wagtailcore.workflowtask",
        "wagtailforms.formsubmission",
        "wagtailredirects.redirect",
        "wagtailsearch.indexentry",
        "wagtailsearch.sqliteftsindexentry",  # installed on SQLite only
    },
}
_ROLE_OF = {label: role for role, labels in CACHE_ROLES.items() for label in labels}


def cache_role(model):
    """CONTENT or IGNORED; None for a model not yet given a role (a save then counts as content)."""
    if issubclass(model, Page):
        return CONTENT
    return _ROLE_OF.get(model._meta.label_lower)
