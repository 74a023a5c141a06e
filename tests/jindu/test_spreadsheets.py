"""Hostile spreadsheets are refused, or read in bounded memory, by every import."""

import io
import re
import tracemalloc
import zipfile

import pytest
from django.urls import reverse

from campaigns.importer import import_reports
from education.question_io import import_questions
from jindu.region_import import import_regions
from jindu.spreadsheets import (
    MAX_UNCOMPRESSED_BYTES,
    ImportResult,
    RowError,
    SpreadsheetError,
    download_response,
    read_rows,
)
from schools.factories import make_teacher
from schools.roster_import import import_roster
from tests.campaigns.conftest import make_people, make_regions
from tests.education import conftest as education
from tests.schools.test_roster_import import xlsx as workbook_bytes

FULL_SHEET = '<dimension ref="A1:XFD1048576"/>'


def rewrite_sheet(data, change):
    """The same workbook with its first sheet's XML passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item, content)
    return buffer.getvalue()


def declare_whole_sheet(xml):
    assert "<dimension" in xml
    return re.sub(r"<dimension ref=\"[^\"]*\"\s*/>", FULL_SHEET, xml)


def add_far_cell(xml):
    far_row = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return declare_whole_sheet(xml).replace("</sheetData>", far_row + "</sheetData>")


@pytest.fixture(scope="module")
def bomb():
    data = rewrite_sheet(workbook_bytes([["年级", "班级", "学号", "姓名"], ["7", "1班", "1", "张三"]]), add_far_cell)
    assert len(data) < 6 * 1024 and FULL_SHEET.encode() not in data  # compressed: the declaration is hidden
    return data


def peak_memory(read):
    tracemalloc.start()
    try:
        result = read()
    except SpreadsheetError as error:
        result = error
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, peak


def test_a_far_cell_under_a_whole_sheet_dimension_is_refused_in_small_memory(bomb):
    with pytest.raises(SpreadsheetError):
        read_rows(bomb, max_rows=100)
    error, peak = peak_memory(lambda: read_rows(bomb, max_rows=100))

    assert (error.row, error.column) == (1048576, "XFD")
    assert peak < 10 * 1024 * 1024


def test_a_declared_whole_sheet_with_few_cells_reads_only_the_cells(settings):
    data = rewrite_sheet(workbook_bytes([["a", "b"], [None, None], [1, "c"]]), declare_whole_sheet)

    rows, peak = peak_memory(lambda: read_rows(data, max_rows=100))

    assert rows == [(1, ("a", "b")), (3, (1, "c"))]
    assert peak < 10 * 1024 * 1024


def test_a_zip_that_unpacks_past_the_limit_is_refused_before_it_is_parsed():
    padding = b" " * (MAX_UNCOMPRESSED_BYTES + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for item in zipfile.ZipFile(io.BytesIO(workbook_bytes([["a"]]))).infolist():
            archive.writestr(item.filename, zipfile.ZipFile(io.BytesIO(workbook_bytes([["a"]]))).read(item.filename))
        archive.writestr("xl/padding.bin", padding)
    data = buffer.getvalue()
    assert len(data) < 200 * 1024

    with pytest.raises(SpreadsheetError, match="MB"):
        read_rows(data, max_rows=10)


def test_too_many_rows_long_cells_and_wide_rows_name_where(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with pytest.raises(SpreadsheetError) as rows:
        read_rows(workbook_bytes([["h"], ["1"], ["2"], ["3"]]), max_rows=2)
    assert rows.value.row == 4 and "第 4 行" in str(rows.value) and "最多 2 行" in str(rows.value)

    with pytest.raises(SpreadsheetError) as cell:
        read_rows(workbook_bytes([["h", "x" * 3000]]), max_rows=2)
    assert (cell.value.row, cell.value.column) == (1, "B")
    assert "第 1 行，B 列" in str(cell.value)

    with pytest.raises(SpreadsheetError) as wide:
        read_rows(workbook_bytes([["h"], [*[None] * 60, "far"]]), max_rows=2)
    assert (wide.value.row, wide.value.column) == (2, "BI")

    with pytest.raises(SpreadsheetError) as csv_wide:
        read_rows(("a," * 80 + "\n").encode(), max_rows=2, allow_csv=True)
    assert csv_wide.value.row == 1


@pytest.mark.django_db
def test_every_import_refuses_the_bomb_with_a_chinese_message(bomb, world):
    roster = import_roster(bomb, world.school1, world.school1.classes.all())
    questions = import_questions(bomb)
    reports = import_reports(io.BytesIO(bomb))

    for result in (roster, questions, reports):
        (error,) = result.errors
        assert "第 1048576 行" in str(error) and "XFD" in str(error) and "最多 50 列" in str(error)


# The education world and its site, built once for the tests asking for them in turn (tests/education/layers.py).
site_tree, world, shared_site, shared_world, layer_stack, layer_copies = education.WORLD_FIXTURES


def upload(data, name="bomb.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return file


def test_teacher_roster_upload_answers_the_bomb_with_a_form_error_not_a_500(bomb, world, client):
    client.force_login(make_teacher(world.class71))
    response = client.post(reverse("portal:import", args=[world.school1.pk]), {"file": upload(bomb)})

    assert response.status_code == 200
    assert "最多 50 列" in response.content.decode()


def test_question_bank_upload_answers_the_bomb_with_a_form_error(bomb, admin_client):
    response = admin_client.post(reverse("education_questions:import"), {"file": upload(bomb)})

    assert response.status_code == 200
    assert "最多 50 列" in response.content.decode()


@pytest.mark.django_db
def test_office_import_view_answers_the_bomb_with_a_form_error(bomb, client):
    client.force_login(make_people(make_regions()).office)
    response = client.post(reverse("campaigns_import"), {"file": upload(bomb)})

    assert response.status_code == 200
    assert "最多 50 列" in response.content.decode()


ROSTER_CSV = "年级,班级,学号,姓名\r\n七年级,1班,202501,钱小明\r\n"


@pytest.mark.parametrize(
    "data",
    [
        ROSTER_CSV.encode("utf-8"),
        ROSTER_CSV.encode("utf-8-sig"),  # Excel's "CSV UTF-8"
        ROSTER_CSV.encode("gbk"),  # Chinese Excel's plain "CSV"
        ROSTER_CSV.encode("gb18030"),
        ROSTER_CSV.replace(",", "\t").encode("utf-16"),  # Excel's "Unicode text"
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-tabs"],
)
def test_csv_is_read_in_each_encoding_chinese_excel_saves(data):
    assert read_rows(data, max_rows=10, allow_csv=True) == [
        (1, ("年级", "班级", "学号", "姓名")),
        (2, ("七年级", "1班", "202501", "钱小明")),
    ]


def test_csv_in_an_unreadable_encoding_is_refused_in_chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with pytest.raises(SpreadsheetError) as error:
        read_rows("年级,班级\r\n".encode("gbk") + b"\x80\xff\r\n", max_rows=10, allow_csv=True)
    assert error.value.row is None
    assert "无法识别这个 CSV 文件的文字编码" in str(error.value) and "CSV UTF-8" in str(error.value)


@pytest.mark.django_db
def test_every_import_reports_its_problems_as_row_errors_of_one_shape(world, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    bad_roster = workbook_bytes([["年级", "班级", "学号", "姓名"], ["7", "1班", "", "钱小明"]])
    bad_questions = workbook_bytes([["题型", "题干", "选项A", "选项B", "正确答案"], ["填空", "题", "甲", "乙", "A"]])
    bad_regions = "code,name,level,parent_code\r\n450300,,市,\r\n".encode("gbk")
    bad_reports = workbook_bytes([["日期", "地区代码", "活动类型", "场次"], ["昨天", "", "", "1"]])
    imports = {
        "roster": lambda data: import_roster(data, world.school1, world.school1.classes.all()),
        "questions": import_questions,
        "regions": import_regions,
        "reports": lambda data: import_reports(io.BytesIO(data)),
    }
    expected = {
        "roster": (bad_roster, "学号", "第 2 行，“学号”列："),
        "questions": (bad_questions, "题型", "第 2 行，“题型”列："),
        "regions": (bad_regions, "name", "第 2 行，“name”列："),
        "reports": (bad_reports, "A", "第 2 行，A 列："),
    }
    for name, run in imports.items():
        data, column, prefix = expected[name]
        result = run(data)
        assert type(result) is ImportResult and not result.ok, name
        assert all(type(error) is RowError for error in result.errors), name
        first = next(error for error in result.errors if error.column == column)
        assert (first.row, str(first)) == (2, prefix + first.reason), name
        assert (result.created, result.updated, result.unchanged) == (0, 0, 0), name

        (whole_file,) = run(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").errors
        assert type(whole_file) is RowError, name
        assert (whole_file.row, whole_file.column, str(whole_file)) == (0, "", whole_file.reason), name


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("quiz-3.xlsx", 'attachment; filename="quiz-3.xlsx"'),
        (
            "访问日志-20250626.xlsx",
            "attachment; filename=\"download-20250626.xlsx\"; filename*=UTF-8''"
            "%E8%AE%BF%E9%97%AE%E6%97%A5%E5%BF%97-20250626.xlsx",
        ),
        (
            'report "final";.csv',
            "attachment; filename=\"report _final.csv\"; filename*=UTF-8''report%20%22final%22%3B.csv",
        ),
    ],
)
def test_download_file_names_are_rfc_5987_with_an_ascii_fallback(filename, header):
    response = download_response(b"x", filename, "text/csv")
    assert response["Content-Disposition"] == header
    assert "no-store" in response["Cache-Control"]
