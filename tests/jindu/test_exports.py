"""Every download writes formula-like text as text: a student or report named =HYPERLINK(...) stays a name."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.factories import create_report
from education import grading
from education.factories import QuestionFactory, QuizPageFactory
from education.models import QuizAudience
from jindu.spreadsheets import csv_value, formula_like, safe_cell
from media.factories import PublicityMaterialFactory
from schools.factories import make_staff, make_teacher
from schools.models import StaffRole
from tests.campaigns.conftest import make_people, make_regions
from tests.education import conftest as education
from tests.education.helpers import right_answers

EVIL = '=HYPERLINK("http://evil.example/","作业")'

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def evil_cells(response):
    """Every cell of the downloaded workbook that holds the hostile text; there is at least one."""
    workbook = load_workbook(io.BytesIO(body(response)))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value]
    assert all(cell.data_type != "f" for cell in cells)
    found = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
    assert found
    return found


def assert_evil_is_text(response):
    assert response.status_code == 200
    for cell in evil_cells(response):
        assert cell.data_type == "s"
        assert EVIL in cell.value or cell.value.endswith(EVIL[:30])
        assert cell.quotePrefix or not formula_like(cell.value)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def csv_rows(response):
    """The rows of a CSV download, which starts with a UTF-8 BOM and is never cached."""
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    assert "no-store" in response["Cache-Control"]
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_only_text_is_formula_like_and_negative_numbers_stay_numbers():
    for text in ("=1+1", "+86", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert formula_like(text)
        assert csv_value(text) == "'" + text
        assert safe_cell(text).data_type == "s"
    for value in (-1, -2.5, 0, "竹山村", "", None):
        assert not formula_like(value)
        assert csv_value(value) == value
        assert safe_cell(value) == value


# The education world and its site, built once for the tests asking for them in turn (tests/education/layers.py).
site_tree, world, shared_site, shared_world, layer_stack, layer_copies = education.WORLD_FIXTURES


def test_class_school_and_region_exports_keep_the_names_text(client, world):
    world.a.name = EVIL
    world.a.save()
    world.class72.name = EVIL[:30]  # the longest class name there is
    world.class72.save()
    world.school1.name = EVIL
    world.school1.save()

    client.force_login(make_teacher(world.class71))
    assert_evil_is_text(client.get(reverse("portal:class_export", args=[world.class71.pk])))

    client.force_login(make_staff(StaffRole.SCHOOL_ADMIN, school=world.school1))
    assert_evil_is_text(client.get(reverse("portal:school_export", args=[world.school1.pk])))
    template = client.get(reverse("portal:roster_template", args=[world.school1.pk]))
    assert "no-store" in template["Cache-Control"]

    client.force_login(make_staff(StaffRole.BUREAU, region=world.district))
    assert_evil_is_text(client.get(reverse("portal:region_export", args=[world.district.pk])))


def test_office_export_and_report_listing_downloads_keep_the_title_text(client):
    regions = make_regions()
    office = make_people(regions).office
    create_report(regions.town_a, datetime.date(2024, 3, 1), sessions=2, people_reached=90, title=EVIL)
    client.force_login(office)

    query = {"region": regions.district.pk, "period": "year", "year": 2024}
    assert_evil_is_text(client.get(reverse("campaigns_export"), query))
    behind = reverse("campaigns_dashboard_reports")
    assert_evil_is_text(client.get(behind, {**query, "export": "xlsx"}))
    assert "'" + EVIL in csv_rows(client.get(behind, {**query, "export": "csv"}))[1]

    listing = reverse("wagtailsnippets_campaigns_activityreport:list")
    assert_evil_is_text(client.get(listing, {"export": "xlsx"}))

    response = client.get(listing, {"export": "csv"})
    rows = csv_rows(response)
    assert "'" + EVIL in rows[1]
    assert "90" in rows[1]  # figures stay plain numbers


def test_question_bank_statistics_and_material_downloads_keep_the_text(admin_client, site_tree):
    question = QuestionFactory(stem=EVIL, options=[(EVIL, True), ("-1", False)])
    quiz = QuizPageFactory(parent=site_tree[0], audience=QuizAudience.PUBLIC, questions=[question])
    attempt = grading.start_attempt(quiz)
    grading.submit(attempt, right_answers(attempt))
    PublicityMaterialFactory(title=EVIL)

    assert_evil_is_text(admin_client.get(reverse("education_questions:export")))
    assert_evil_is_text(admin_client.get(reverse("education_statistics:export", args=[quiz.pk])))

    assert "'" + EVIL in csv_rows(admin_client.get(reverse("materials:index"), {"export": "csv"}))[1]
    assert_evil_is_text(admin_client.get(reverse("materials:index"), {"export": "xlsx"}))
