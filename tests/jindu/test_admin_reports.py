"""Wagtail's own admin reports download formula-like titles as text, and CSV with a BOM (issue 15, exports)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from jindu import admin_reports
from jindu.factories import ArticlePageFactory
from jindu.spreadsheets import SafeSpreadsheetExportMixin, formula_like
from tests.conftest import make_site_tree
from tests.jindu.test_exports import EVIL, assert_evil_is_text, body, csv_rows

# The reports whose download lists the page (or its log entry, workflow or task) by title.
LISTING_THE_PAGE = ["locked_pages", "workflow", "workflow_tasks", "site_history", "aging_pages"]


class WagtailReportDownloadsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "correct-horse-battery")
        _home, index = make_site_tree()
        page = ArticlePageFactory(parent=index, title=EVIL, slug="evil")
        page.save_revision(user=cls.admin, log_action=True).publish(user=cls.admin)
        page.refresh_from_db()  # publishing saved a copy of the page
        workflow = Workflow.objects.create(name="文章审核")
        task = GroupApprovalTask.objects.create(name="编辑审核")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=page)
        page.save_revision(user=cls.admin)
        workflow.start(page, cls.admin)
        page.refresh_from_db()
        page.locked, page.locked_by, page.locked_at = True, cls.admin, timezone.now()
        page.save()

    def setUp(self):
        self.client.force_login(self.admin)

    def test_every_wagtail_report_address_answers_with_the_safe_view(self):
        for _route, name, wagtail_view in admin_reports.REPORTS:
            assert issubclass(admin_reports.SAFE_VIEWS[name], SafeSpreadsheetExportMixin)
            assert issubclass(admin_reports.SAFE_VIEWS[name], wagtail_view)
            for url_name in (name, f"{name}_results"):
                match = resolve(reverse(f"wagtailadmin_reports:{url_name}"))
                assert (match.namespace, match.url_name) == ("jindu_reports", url_name)

    def test_reports_listing_the_page_download_its_formula_title_as_text(self):
        for name in LISTING_THE_PAGE:
            url = reverse(f"wagtailadmin_reports:{name}")
            with self.subTest(report=name):
                page = self.client.get(url)
                assert page.status_code == 200 and "HYPERLINK" in page.content.decode()
                assert_evil_is_text(self.client.get(url, {"export": "xlsx"}))
                rows = csv_rows(self.client.get(url, {"export": "csv"}))
                assert any("'" + EVIL in row for row in rows), rows
                assert not any(formula_like(value) for row in rows for value in row), rows

    def test_page_types_usage_has_no_download_columns_and_its_answer_is_safe_anyway(self):
        url = reverse("wagtailadmin_reports:page_types_usage")
        # Wagtail 8 offers no download here; should it add columns, the mixin already covers them.
        assert admin_reports.SAFE_VIEWS["page_types_usage"].list_export == []
        csv_response = self.client.get(url, {"export": "csv"})
        assert body(csv_response).decode("utf-8").startswith("\ufeff")
        xlsx = self.client.get(url, {"export": "xlsx"})
        assert xlsx.status_code == 200 and "no-store" in xlsx["Cache-Control"]
        assert load_workbook(io.BytesIO(body(xlsx))).active.max_column == 1


@pytest.mark.parametrize("report", [name for _route, name, _view in admin_reports.REPORTS])
def test_the_reports_stay_closed_to_people_without_admin_access(client, report, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="correct-horse-battery"))
    response = client.get(reverse(f"wagtailadmin_reports:{report}"), {"export": "csv"})
    assert response.status_code in (302, 403)
    assert "text/csv" not in response.get("Content-Type", "")
