"""Wagtail admin views: question import/export and quiz statistics with their Excel export."""

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font
from wagtail.admin.auth import PermissionPolicyChecker
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from education import question_io, stats
from education.forms import QuestionImportForm
from education.models import Attempt, Question, QuizPage, Result
from jindu.admin_columns import FlagColumn
from jindu.spreadsheets import SafeSpreadsheetExportMixin, workbook_bytes, xlsx_response
from schools import rates
from schools.portal import tables

question_permission = PermissionPolicyChecker(ModelPermissionPolicy(Question))
result_permission = PermissionPolicyChecker(ModelPermissionPolicy(Result))


class QuestionImportView(WagtailAdminTemplateMixin, FormView):
    """Upload an Excel file of questions; all rows are imported or none."""

    form_class = QuestionImportForm
    template_name = "education/admin/question_import.html"
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_education_question:list"), "label": gettext_lazy("Questions")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        result = question_io.import_questions(form.cleaned_data["file"].read())
        if not result.ok:
            for error in result.errors:
                form.add_error(None, str(error))
            messages.error(self.request, _("Nothing was imported. Correct the rows below and upload the file again."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Questions imported: %(created)d new, %(updated)d updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect("wagtailsnippets_education_question:list")


question_import_view = question_permission.require("add")(QuestionImportView.as_view())


@question_permission.require("add")
def question_template_view(request):
    return xlsx_response(question_io.template_workbook(), "question-bank-template.xlsx")


@question_permission.require_any("add", "change", "delete", "view")
def question_export_view(request):
    data = question_io.export_workbook(Question.objects.order_by("pk"))
    return xlsx_response(data, f"question-bank-{timezone.localdate():%Y%m%d}.xlsx")


def quizzes_with_totals():
    """Every quiz with its started and submitted attempts, in a fixed number of queries.

    Rates are not listed here: a contest's count students (see the detail page), a public quiz's attempts.
    """
    started = Attempt.objects.filter(quiz=OuterRef("pk")).values("quiz").annotate(n=Count("pk")).values("n")
    submitted = Result.objects.filter(quiz=OuterRef("pk")).values("quiz").annotate(n=Count("pk")).values("n")
    return QuizPage.objects.annotate(
        started=Coalesce(Subquery(started, output_field=IntegerField()), 0),
        submitted=Coalesce(Subquery(submitted, output_field=IntegerField()), 0),
    ).order_by("-latest_revision_created_at", "-pk")


def _yes_no(value):
    return gettext("Yes") if value else gettext("No")


class QuizStatisticsIndexView(SafeSpreadsheetExportMixin, ReportView):
    """Every quiz with its attempts; each title opens the quiz's statistics. Downloads as Excel or CSV."""

    page_title = gettext_lazy("Quiz statistics")
    header_icon = "list-ul"
    index_url_name = "education_statistics:index"
    index_results_url_name = "education_statistics:index_results"
    permission_policy = ModelPermissionPolicy(Result)
    permission_required = "view"
    verbose_name_plural = gettext_lazy("quizzes")
    columns = [
        TitleColumn("title", label=gettext_lazy("Quiz"), url_name="education_statistics:detail", sort_key="title"),
        FlagColumn(QuizPage, "is_contest", label=gettext_lazy("Contest")),
        Column("started", label=gettext_lazy("Started"), sort_key="started"),
        Column("submitted", label=gettext_lazy("Submitted"), sort_key="submitted"),
    ]
    list_export = ["title", "is_contest", "started", "submitted"]
    export_headings = {
        "title": gettext_lazy("Quiz"),
        "is_contest": gettext_lazy("Contest"),
        "started": gettext_lazy("Started"),
        "submitted": gettext_lazy("Submitted"),
    }
    custom_field_preprocess = {
        "is_contest": {SpreadsheetExportMixin.FORMAT_CSV: _yes_no, SpreadsheetExportMixin.FORMAT_XLSX: _yes_no}
    }

    def get_filename(self):
        return f"{gettext('Quiz statistics')}-{timezone.localdate():%Y%m%d}"

    def get_base_queryset(self):
        return quizzes_with_totals()


class QuizStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "education/admin/statistics_detail.html"
    header_icon = "list-ul"

    def get_page_title(self):
        return _("Statistics: %(title)s") % {"title": self.quiz.title}

    def dispatch(self, request, *args, **kwargs):
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["quiz_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("education_statistics:index"), "label": gettext_lazy("Quiz statistics")},
            {"url": "", "label": self.quiz.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(statistics_context(self.quiz))
        return context


@dataclass
class ParticipationRow:
    label: str
    tally: object


def _figure_column(column):
    return Column(
        column.key, label=column.label, accessor=lambda row: column.shown(getattr(row.tally, column.attribute))
    )


class ContestParticipationView(SafeSpreadsheetExportMixin, ReportView):
    """A contest's participation by school and class, as in the statistics page; downloads as Excel or CSV."""

    header_icon = "list-ul"
    index_url_name = "education_statistics:participation"
    index_results_url_name = "education_statistics:participation_results"
    permission_policy = ModelPermissionPolicy(Result)
    permission_required = "view"
    paginate_by = 100
    columns = [
        Column("label", label=gettext_lazy("School and class")),
        *[_figure_column(column) for column in tables.CLASS_CONTEST_COLUMNS],
    ]
    list_export = ["label", *[column.key for column in tables.CLASS_CONTEST_COLUMNS]]
    export_headings = {"label": gettext_lazy("School and class")} | {
        column.key: column.label for column in tables.CLASS_CONTEST_COLUMNS
    }

    def dispatch(self, request, *args, **kwargs):
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["quiz_id"], is_contest=True)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Participation: %(title)s") % {"title": self.quiz.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("education_statistics:index"), "label": gettext_lazy("Quiz statistics")},
            {"url": reverse("education_statistics:detail", args=[self.quiz.pk]), "label": self.quiz.title},
            {"url": "", "label": gettext_lazy("Participation by school and class")},
        ]

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.quiz.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.quiz.pk])

    @property
    def no_results_message(self):
        return gettext("No student has taken part yet.")

    def get_filename(self):
        return f"contest-{self.quiz.pk}-participation-{timezone.localdate():%Y%m%d}"

    def get_queryset(self):
        _overall, classes = rates.contest_overview(self.quiz)
        return [
            ParticipationRow(f"{school_class.school.name} {school_class}", tally) for school_class, tally in classes
        ]

    def to_row_dict(self, item):
        """The figures as the page shows them; counts stay numbers."""
        row = {"label": item.label}
        for column in tables.CLASS_CONTEST_COLUMNS:
            value = getattr(item.tally, column.attribute)
            row[column.key] = value if column.kind == "count" else column.shown(value)
        return row


def statistics_context(quiz):
    context = {"quiz": quiz, "summary": stats.quiz_summary(quiz), "items": stats.item_analysis(quiz)}
    if quiz.is_contest:
        overall, classes = rates.contest_overview(quiz)
        context.update(
            official_columns=tables.NOTICE_COLUMNS,
            official=[tables.row(_("All schools"), overall, tables.NOTICE_COLUMNS, kind="total")],
            class_columns=tables.CLASS_CONTEST_COLUMNS,
            classes=[
                tables.row(f"{school_class.school.name} {school_class}", tally, tables.CLASS_CONTEST_COLUMNS)
                for school_class, tally in classes
            ],
            outside=rates.takers_outside_schools(quiz),
        )
    return context


def _percent(value):
    return "" if value is None else value


def statistics_workbook(quiz):
    context = statistics_context(quiz)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "概况"
    summary = context["summary"]
    rows = [["测验", quiz.title], ["开始人次", summary.started], ["提交人次", summary.submitted]]
    if not quiz.is_contest:
        rows += [
            ["平均分（按人次）", _percent(summary.mean_score)],
            ["及格率（按人次，%）", _percent(summary.pass_rate)],
            ["满分率（按人次，%）", _percent(summary.full_mark_rate)],
        ]
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if quiz.is_contest:
        date = tables.as_of(timezone.localdate())
        official = workbook.create_sheet("官方统计")
        tables.write_table(
            official, _("Scope"), context["official_columns"], context["official"], f"{quiz.title} {date}"
        )
        classes = workbook.create_sheet("参与情况")
        tables.write_table(classes, _("School and class"), context["class_columns"], context["classes"])
    items = workbook.create_sheet("逐题分析", 1)
    items.append(["编号", "题干", "作答次数", "答对次数", "正确率(%)"])
    for row in context["items"]:
        items.append([row.question.pk, row.question.stem, row.shown, row.correct, _percent(row.correct_rate)])
    for cell in items[1]:
        cell.font = Font(bold=True)
    return workbook_bytes(workbook)


statistics_index_view = QuizStatisticsIndexView.as_view()
statistics_index_results_view = QuizStatisticsIndexView.as_view(results_only=True)
participation_view = ContestParticipationView.as_view()
participation_results_view = ContestParticipationView.as_view(results_only=True)
statistics_detail_view = result_permission.require("view")(QuizStatisticsView.as_view())


@result_permission.require("view")
def statistics_export_view(request, quiz_id):
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    return xlsx_response(statistics_workbook(quiz), f"quiz-{quiz.pk}-statistics-{timezone.localdate():%Y%m%d}.xlsx")
