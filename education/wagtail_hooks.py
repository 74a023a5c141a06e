from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

import jindu.converters  # noqa: F401  (registers <id:…>)
from education import admin_views
from education.models import Question


class QuestionIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = super().header_buttons
        user = self.request.user
        if self.permission_policy.user_has_permission(user, "add"):
            buttons.append(
                HeaderButton(_("Import Excel"), url=reverse("education_questions:import"), icon_name="upload")
            )
            buttons.append(
                HeaderButton(_("Excel template"), url=reverse("education_questions:template"), icon_name="doc-empty")
            )
        buttons.append(HeaderButton(_("Export Excel"), url=reverse("education_questions:export"), icon_name="download"))
        return buttons


class QuestionViewSet(SnippetViewSet):
    model = Question
    index_view_class = QuestionIndexView
    icon = "help"
    menu_label = _("Question bank")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [Column("__str__", label=_("Question")), "kind", "band", "difficulty", "updated_at"]
    list_filter = ["kind", "band", "difficulty"]
    list_per_page = 50
    copy_view_enabled = True
    inspect_view_enabled = False

    def get_queryset(self, request):
        return Question.objects.all()


question_admin_urls = [
    path("import/", admin_views.question_import_view, name="import"),
    path("template/", admin_views.question_template_view, name="template"),
    path("export/", admin_views.question_export_view, name="export"),
]
statistics_admin_urls = [
    path("", admin_views.statistics_index_view, name="index"),
    path("results/", admin_views.statistics_index_results_view, name="index_results"),
    path("<id:quiz_id>/", admin_views.statistics_detail_view, name="detail"),
    path("<id:quiz_id>/export/", admin_views.statistics_export_view, name="export"),
    path("<id:quiz_id>/participation/", admin_views.participation_view, name="participation"),
    path("<id:quiz_id>/participation/results/", admin_views.participation_results_view, name="participation_results"),
]


@hooks.register("register_admin_urls")
def register_education_admin_urls():
    return [
        path("question-bank/", include((question_admin_urls, "education_questions"))),
        path("quiz-statistics/", include((statistics_admin_urls, "education_statistics"))),
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("education.view_result")


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Quiz statistics"), reverse("education_statistics:index"), icon_name="list-ul", order=260
    )


register_snippet(QuestionViewSet)
