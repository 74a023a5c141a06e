import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from education import question_io
from education.factories import QuestionFactory
from education.models import Question, QuestionKind

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    [
        "",
        "单选",
        "“冰毒”的化学名称是什么？",
        "甲基苯丙胺",
        "氯胺酮",
        "吗啡",
        "",
        "",
        "",
        "A",
        "冰毒即甲基苯丙胺。",
        "公众",
        "易",
        "毒品种类",
    ],
    [
        "",
        "多选",
        "下列哪些属于毒品？",
        "海洛因",
        "大麻",
        "绿茶",
        "鸦片",
        "",
        "",
        "ABD",
        "",
        "初中",
        "中",
        "毒品种类、法律",
    ],
    ["", "判断", "吸毒一次不会上瘾。", "", "", "", "", "", "", "错", "一次也可能成瘾。", "小学", "", "毒品危害"],
]


def workbook_bytes(rows, header=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or question_io.HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_good_file_imports_every_question_with_options_and_tags():
    result = question_io.import_questions(workbook_bytes(GOOD_ROWS))

    assert result.ok and result.created == 3
    multiple = Question.objects.get(stem="下列哪些属于毒品？")
    assert multiple.kind == QuestionKind.MULTIPLE and multiple.band == "junior" and multiple.difficulty == 2
    assert [(o.text, o.is_correct) for o in multiple.options.all()] == [
        ("海洛因", True),
        ("大麻", True),
        ("绿茶", False),
        ("鸦片", True),
    ]
    assert set(multiple.tags.names()) == {"毒品种类", "法律"}
    true_false = Question.objects.get(stem="吸毒一次不会上瘾。")
    assert [(o.text, o.is_correct) for o in true_false.options.all()] == [("正确", False), ("错误", True)]


def bad(row_changes):
    row = list(GOOD_ROWS[0])
    for column, value in row_changes.items():
        row[question_io.HEADERS.index(column)] = value
    return row


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"题型": "填空"}, "题型", "请填写“单选”“多选”或“判断”"),
        ({"题干": ""}, "题干", "题干为空"),
        ({"选项B": "", "选项C": "吗啡"}, "选项B", "依次填写"),
        ({"正确答案": ""}, "正确答案", "请填写正确选项的字母"),
        ({"正确答案": "E"}, "正确答案", "“E”不是已填写的选项"),
        ({"正确答案": "AB"}, "正确答案", "只能有一个正确选项"),
        ({"题型": "多选", "正确答案": "A"}, "正确答案", "至少要有两个正确选项"),
        ({"选项B": "", "选项C": ""}, "选项A", "需要 2 至 6 个选项"),
        ({"选项B": "甲基苯丙胺"}, "选项A", "两个选项的内容相同"),
        ({"适用对象": "幼儿园"}, "适用对象", "请填写“小学”"),
        ({"难度": "很难"}, "难度", "请填写“易”"),
        ({"编号": "99999"}, "编号", "题库中没有这个编号"),
    ],
)
def test_each_kind_of_bad_row_names_row_column_and_reason_and_imports_nothing(changes, column, reason):
    result = question_io.import_questions(workbook_bytes([GOOD_ROWS[1], bad(changes)]))

    assert not result.ok
    assert Question.objects.count() == 0, "all or nothing: the good row is not imported either"
    messages = [str(error) for error in result.errors]
    assert any(f"第 3 行，“{column}”列" in message and reason in message for message in messages), messages


def test_duplicate_rows_and_questions_already_in_the_bank_are_refused():
    QuestionFactory(stem="下列哪些属于毒品？")
    result = question_io.import_questions(workbook_bytes([GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]))
    messages = [str(error) for error in result.errors]
    assert any("第 3 行" in m and "题库中已有这道题" in m for m in messages)
    assert any("第 4 行" in m and "第 2 行已有相同的题目" in m for m in messages)
    assert Question.objects.count() == 1


def test_missing_columns_and_files_that_are_not_excel_are_refused():
    missing = question_io.import_questions(workbook_bytes([], header=["题型", "题干"]))
    assert {error.column for error in missing.errors} == {"选项A", "选项B", "正确答案"}
    not_excel = question_io.import_questions(b"stem,options\n")
    assert "不是 Excel 工作簿" in str(not_excel.errors[0])
    empty = question_io.import_questions(workbook_bytes([]))
    assert "没有题目" in str(empty.errors[0])


def test_export_then_import_updates_questions_by_number():
    question = QuestionFactory(stem="旧题干", tags=["法律"])
    exported = question_io.export_workbook(Question.objects.all())
    sheet = load_workbook(io.BytesIO(exported)).active
    rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[0][0] == question.pk and rows[0][1] == "单选" and rows[0][9] == "A"
    rows[0][2] = "新题干"

    result = question_io.import_questions(workbook_bytes(rows))

    assert result.ok and result.updated == 1 and result.created == 0
    question.refresh_from_db()
    assert question.stem == "新题干" and list(question.tags.names()) == ["法律"]


def test_template_imports_cleanly_as_downloaded():
    result = question_io.import_questions(question_io.template_workbook())
    assert result.ok and result.created == 2


def test_admin_upload_shows_the_row_errors_in_chinese(admin_client):
    upload = io.BytesIO(workbook_bytes([bad({"题型": "填空"})]))
    upload.name = "questions.xlsx"
    response = admin_client.post(reverse("education_questions:import"), {"file": upload})
    assert response.status_code == 200
    assert "第 2 行，“题型”列" in response.content.decode()


def test_admin_upload_of_a_good_file_imports_and_returns_to_the_bank(admin_client):
    upload = io.BytesIO(workbook_bytes(GOOD_ROWS))
    upload.name = "questions.xlsx"
    response = admin_client.post(reverse("education_questions:import"), {"file": upload})
    assert response.status_code == 302
    assert Question.objects.count() == 3


def test_admin_downloads_template_and_export(admin_client):
    QuestionFactory()
    for name in ("education_questions:template", "education_questions:export"):
        response = admin_client.get(reverse(name))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        load_workbook(io.BytesIO(response.content))
