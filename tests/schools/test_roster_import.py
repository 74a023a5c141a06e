import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from schools.factories import make_teacher
from schools.models import SchoolClass, Student
from schools.roster_import import import_roster

pytestmark = pytest.mark.django_db


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(text, encoding="utf-8"):
    return text.encode(encoding)


GOOD = [
    ["年级", "班级", "学号", "姓名"],
    ["七年级", "1班", "２０２５０１", "钱小明"],
    ["7", "1", "202502", "孙小红"],
    ["7", "2班", "202503", "周小刚"],
]


def classes(world):
    return SchoolClass.objects.filter(school=world.school1)


def test_good_file_creates_students_with_normalised_numbers_and_no_password(world):
    result = import_roster(xlsx(GOOD), world.school1, classes(world))

    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    student = Student.objects.get(school=world.school1, number="202501")
    assert (student.name, student.school_class) == ("钱小明", world.class71)
    assert not student.user.has_usable_password()
    assert student.registered_at is None
    assert Student.objects.get(number="202502").school_class == world.class71


def test_reimporting_the_same_file_changes_nothing(world):
    import_roster(xlsx(GOOD), world.school1, classes(world))
    before = list(Student.objects.order_by("pk").values_list("pk", "name", "school_class_id", "user__password"))

    result = import_roster(xlsx(GOOD), world.school1, classes(world))

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert list(Student.objects.order_by("pk").values_list("pk", "name", "school_class_id", "user__password")) == before


def test_csv_in_gb18030_imports_too(world):
    data = csv_bytes("年级,班级,学号,姓名\n7,1班,202504,吴小丽\n", "gb18030")

    result = import_roster(data, world.school1, classes(world))

    assert result.created == 1


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (["7", "1班", "", "钱小明"], "学号", "学号为空"),
        (["7", "1班", "202599", ""], "姓名", "姓名为空"),
        (["7", "9班", "202599", "钱小明"], "班级", "本校没有七年级9班"),
        (["十三", "1班", "202599", "钱小明"], "年级", "不是有效的年级"),
        (["7", "1班", "2025/01", "钱小明"], "学号", "只能包含字母、数字和"),
    ],
)
def test_each_kind_of_bad_row_is_named_by_row_column_and_reason(world, row, column, reason):
    rows = [GOOD[0], GOOD[1], row]
    result = import_roster(xlsx(rows), world.school1, classes(world))
    assert not result.ok
    assert not Student.objects.filter(number__startswith="2025").exists(), "nothing may be written"
    (error,) = result.errors
    assert error.row == 3
    assert str(error.column) == column
    assert reason in str(error)


def test_reimport_with_a_changed_name_or_class_updates_the_existing_student(world):
    rows = [GOOD[0], ["7", "2班", "701", "安小安改名"]]

    result = import_roster(xlsx(rows), world.school1, classes(world))

    assert (result.created, result.updated) == (0, 1)
    world.a.refresh_from_db()
    assert (world.a.name, world.a.school_class, world.a.user_id) == ("安小安改名", world.class72, world.a.user.pk)


def test_duplicate_student_number_names_both_rows(world):
    rows = [GOOD[0], GOOD[1], ["7", "2班", "202501", "另一人"]]

    result = import_roster(xlsx(rows), world.school1, classes(world))

    (error,) = result.errors
    assert (error.row, str(error.column)) == (3, "学号")
    assert "第 2 行" in str(error)


def test_teacher_cannot_import_into_a_class_they_do_not_teach(world):
    result = import_roster(xlsx(GOOD), world.school1, SchoolClass.objects.filter(pk=world.class71.pk))

    (error,) = result.errors
    assert (error.row, str(error.column)) == (4, "班级")
    assert Student.objects.filter(number__startswith="2025").count() == 0


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04 broken zip", b"\xd0\xcf\x11\xe0old excel"],
)
def test_a_file_that_is_not_a_spreadsheet_gives_a_clear_message(world, data):
    result = import_roster(data, world.school1, classes(world))

    (error,) = result.errors
    assert (error.row, error.column) == (0, "")  # the file as a whole, as in every import
    assert str(error) == error.reason and ("Excel" in str(error) or "表格" in str(error))


def test_missing_column_is_reported(world):
    result = import_roster(csv_bytes("年级,班级,姓名\n7,1班,钱小明\n"), world.school1, classes(world))

    (error,) = result.errors
    assert str(error.column) == "学号"


def test_teacher_imports_through_the_portal_and_sees_every_error(client, world):
    client.force_login(make_teacher(world.class71))
    bad = xlsx([GOOD[0], ["7", "1班", "", "钱小明"], ["7", "1班", "202509", ""]])
    upload = io.BytesIO(bad)
    upload.name = "名单.xlsx"

    response = client.post(reverse("portal:import", args=[world.school1.pk]), {"file": upload})

    assert response.status_code == 200
    assert "没有导入任何学生" in response.content.decode()
    assert "第 2 行，“学号”列" in response.content.decode()
    assert "第 3 行，“姓名”列" in response.content.decode()


def test_roster_template_downloads_as_a_workbook_with_the_columns(client, world):
    client.force_login(make_teacher(world.class71))

    response = client.get(reverse("portal:roster_template", args=[world.school1.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["年级", "班级", "学号", "姓名"]


def test_import_students_command_applies_the_same_rules(world, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx(GOOD))
    call_command("import_students", str(path), "--school", "S1", stdout=io.StringIO())
    assert Student.objects.filter(school=world.school1, number__startswith="2025").count() == 3

    path.write_bytes(xlsx([GOOD[0], ["7", "8班", "202599", "某某"]]))
    with pytest.raises(CommandError):
        call_command("import_students", str(path), "--school", "S1", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Student.objects.filter(number="202599").exists()


def test_teacher_uploads_a_csv_saved_by_chinese_excel_in_gbk(client, world):
    client.force_login(make_teacher(world.class71))
    upload = io.BytesIO(csv_bytes("年级,班级,学号,姓名\r\n七年级,1班,202505,郑小燕\r\n", "gbk"))
    upload.name = "名单.csv"

    response = client.post(reverse("portal:import", args=[world.school1.pk]), {"file": upload})

    assert response.status_code == 302
    assert Student.objects.get(school=world.school1, number="202505").name == "郑小燕"


def test_roster_template_download_names_the_file_in_chinese_with_an_ascii_fallback(client, world):
    client.force_login(make_teacher(world.class71))

    response = client.get(reverse("portal:roster_template", args=[world.school1.pk]))

    assert response["Content-Disposition"] == (
        "attachment; filename=\"download.xlsx\"; filename*=UTF-8''"
        "%E5%AD%A6%E7%94%9F%E5%90%8D%E5%8D%95%E6%A8%A1%E6%9D%BF.xlsx"
    )
