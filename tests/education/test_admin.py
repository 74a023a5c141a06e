import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from education import grading, stats
from education.factories import QuestionFactory, QuizPageFactory, make_student
from education.models import Question, QuizAudience
from schools.rates import takers_outside_schools
from tests.education.helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def taken_quiz(quiz):
    for answers in (right_answers, right_answers, wrong_answers, wrong_answers):
        attempt = grading.start_attempt(quiz)
        grading.submit(attempt, answers(attempt))
    grading.start_attempt(quiz)  # started, never submitted
    return quiz


def test_quiz_summary_gives_attempts_mean_pass_and_full_mark_rates(taken_quiz):
    summary = stats.quiz_summary(taken_quiz)
    assert (summary.started, summary.submitted) == (5, 4)
    assert summary.mean_score == 50.0
    assert summary.pass_rate == 50.0 and summary.full_mark_rate == 50.0


def test_item_analysis_gives_each_questions_correct_rate(taken_quiz, questions):
    rows = {row.question.pk: (row.shown, row.correct, row.correct_rate) for row in stats.item_analysis(taken_quiz)}
    assert rows == {question.pk: (4, 2, 50.0) for question in questions}


def test_contest_takers_without_a_school_account_are_not_counted_and_said_so(admin_client, site_tree, questions):
    home, _index = site_tree
    contest = QuizPageFactory(parent=home, audience=QuizAudience.STUDENTS, is_contest=True, questions=questions)
    first, second = make_student(), make_student()
    for user, answer_sets in ((first, (wrong_answers, right_answers)), (second, (wrong_answers,))):
        for answers in answer_sets:
            attempt = grading.start_attempt(contest, user=user)
            grading.submit(attempt, answers(attempt))

    assert takers_outside_schools(contest) == 2
    detail = admin_client.get(reverse("education_statistics:detail", args=[contest.pk])).content.decode()
    assert "2 名答题者没有学校中的已注册学生账号，不计入统计。" in detail
    assert "还没有学生参加。" in detail


def test_statistics_pages_and_export_for_staff(admin_client, taken_quiz):
    index = admin_client.get(reverse("education_statistics:index"))
    assert index.status_code == 200 and taken_quiz.title in index.content.decode()
    detail = admin_client.get(reverse("education_statistics:detail", args=[taken_quiz.pk])).content.decode()
    assert "逐题分析" in detail and "及格率" in detail and "50.0%" in detail
    export = admin_client.get(reverse("education_statistics:export", args=[taken_quiz.pk]))
    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["概况", "逐题分析"]
    assert workbook["概况"]["B3"].value == 4


def test_statistics_index_is_a_report_that_downloads_as_excel_and_csv(admin_client, taken_quiz, site_tree):
    QuizPageFactory(parent=site_tree[0], title="=1+1 竞赛", audience=QuizAudience.STUDENTS, is_contest=True)
    url = reverse("education_statistics:index")

    page = admin_client.get(url).content.decode()
    assert reverse("education_statistics:detail", args=[taken_quiz.pk]) in page
    assert "下载CSV" in page and "下载XLSX" in page

    csv_response = admin_client.get(url, {"export": "csv"})
    assert "filename*=UTF-8''" in csv_response["Content-Disposition"]
    text = b"".join(csv_response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["答题", "竞赛", "开始人次", "提交人次"]
    assert [taken_quiz.title, "否", "5", "4"] in rows
    assert ["'=1+1 竞赛", "是", "0", "0"] in rows

    sheet = load_workbook(io.BytesIO(admin_client.get(url, {"export": "xlsx"}).content)).active
    assert [taken_quiz.title, "否", 5, 4] in [list(row) for row in sheet.iter_rows(values_only=True)]


def test_statistics_are_closed_to_students(client, taken_quiz):
    client.force_login(make_student())
    assert client.get(reverse("education_statistics:index")).status_code in (302, 403)
    assert client.get(reverse("education_statistics:export", args=[taken_quiz.pk])).status_code in (302, 403)


def test_statistics_index_query_count_does_not_grow_with_quizzes(admin_client, site_tree, questions):
    home, _index = site_tree

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(reverse("education_statistics:index")).status_code == 200
        return len(captured)

    QuizPageFactory(parent=home, questions=questions)
    count()
    few = count()
    for _ in range(5):
        quiz = QuizPageFactory(parent=home, questions=questions)
        attempt = grading.start_attempt(quiz)
        grading.submit(attempt, right_answers(attempt))
    assert count() == few


def test_question_bank_list_query_count_does_not_grow(admin_client):
    url = reverse("wagtailsnippets_education_question:list")
    QuestionFactory(tags=["法律"])
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    QuestionFactory.create_batch(10, tags=["法律"])
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url).status_code == 200
    assert len(many) == len(few)


def option_form_data(kind, options):
    data = {
        "stem": "下列哪种是毒品？",
        "kind": kind,
        "band": "public",
        "difficulty": "1",
        "tags": "",
        "explanation": "",
        "options-TOTAL_FORMS": str(len(options)),
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "2",
        "options-MAX_NUM_FORMS": "6",
    }
    for index, (text, correct) in enumerate(options):
        data[f"options-{index}-text"] = text
        data[f"options-{index}-ORDER"] = str(index + 1)
        if correct:
            data[f"options-{index}-is_correct"] = "on"
    return data


def test_editor_adds_a_question_in_the_admin(admin_client):
    url = reverse("wagtailsnippets_education_question:add")
    response = admin_client.post(url, option_form_data("single", [("冰毒", True), ("牛奶", False)]))
    assert response.status_code == 302
    assert Question.objects.get().options.count() == 2


def test_admin_refuses_a_single_choice_question_with_two_correct_options(admin_client):
    url = reverse("wagtailsnippets_education_question:add")
    response = admin_client.post(url, option_form_data("single", [("冰毒", True), ("海洛因", True)]))
    assert response.status_code == 200
    assert "这种题型只能有一个正确选项" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.search_index
def test_admin_question_search_finds_chinese_words(admin_client):
    QuestionFactory(stem="新精神活性物质被称为第三代毒品吗？")
    QuestionFactory(stem="禁毒法何时施行？")
    response = admin_client.get(reverse("wagtailsnippets_education_question:list"), {"q": "新精神活性物质"})
    content = response.content.decode()
    assert "第三代毒品" in content and "禁毒法何时施行" not in content


def test_statistics_index_sorts_by_a_column_and_downloads_in_that_order(admin_client, taken_quiz, site_tree):
    QuizPageFactory(parent=site_tree[0], title="另一个测验")
    url = reverse("education_statistics:index")

    response = admin_client.get(url, {"ordering": "-submitted", "export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff"))))
    assert [row[0] for row in rows[1:]] == [taken_quiz.title, "另一个测验"]
    rows = admin_client.get(url, {"ordering": "submitted", "export": "csv"}).streaming_content
    assert [line.split(",")[0] for line in b"".join(rows).decode("utf-8").splitlines()[1:]] == [
        "另一个测验",
        taken_quiz.title,
    ]
