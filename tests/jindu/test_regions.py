import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from jindu.models import Region
from jindu.models.regions import RegionLevel
from jindu.region_import import import_regions

GOOD_CSV = """code,name,level,parent_code
450300,桂林市,市,
450312104,五通镇,乡镇/街道,450312
450312,临桂区,区/县,450300
469031,昌江黎族自治县,县,
469031104,昌化镇,镇,469031
469031104201,昌城村,村,469031104
"""


def csv_bytes(text):
    return text.encode("utf-8")


@pytest.mark.django_db
def test_good_file_builds_the_tree_whatever_the_row_order():
    result = import_regions(csv_bytes(GOOD_CSV))

    assert result.ok and result.created == 6
    village = Region.objects.get(code="469031104201")
    assert village.level == RegionLevel.VILLAGE
    assert village.full_name == "昌江黎族自治县 昌化镇 昌城村"
    linggui = Region.objects.get(code="450312")
    assert [town.name for town in linggui.get_children()] == ["五通镇"]
    assert set(Region.objects.in_subtree(linggui).values_list("code", flat=True)) == {"450312", "450312104"}


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing():
    import_regions(csv_bytes(GOOD_CSV))
    again = import_regions(csv_bytes(GOOD_CSV))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert Region.objects.count() == 6


@pytest.mark.django_db
def test_gb18030_files_from_excel_are_read():
    result = import_regions(GOOD_CSV.encode("gb18030"))
    assert result.ok
    assert Region.objects.filter(name="昌城村").exists()


@pytest.mark.django_db
def test_chinese_headers_are_accepted():
    text = "编码,名称,级别,上级编码\n440100,广州市,市,\n440117,从化区,区,440100\n"
    assert import_regions(csv_bytes(text)).created == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad_row", "column", "reason"),
    [
        ("450312105,四塘镇,乡镇/街道,999999", "parent_code", "找不到编码为 999999 的区划"),
        ("450312,临桂区重复,区/县,450300", "code", "编码 450312 已在第 4 行使用"),
        ("450312106,南边山镇,村/社区,450312", "level", "不能直接隶属于"),
        ("450312107,中庸镇,省,450312", "level", "“省”不是有效的级别"),
        ("450312108,,乡镇/街道,450312", "name", "名称为空"),
        ("450312109,黄沙瑶族乡,乡镇/街道,", "level", "没有上级的区划必须是市或（省直辖）县"),
    ],
)
def test_one_bad_row_imports_nothing_and_names_row_column_and_reason(bad_row, column, reason):
    result = import_regions(csv_bytes(GOOD_CSV + bad_row + "\n"))

    assert not result.ok
    assert Region.objects.count() == 0
    [error] = result.errors
    assert (error.row, error.column) == (8, column)
    assert reason in error.reason
    assert str(error).startswith(f"第 8 行，“{column}”列：")


@pytest.mark.django_db
def test_missing_columns_are_reported():
    result = import_regions(csv_bytes("code,name\n450300,桂林市\n"))
    assert [(error.row, error.column) for error in result.errors] == [(1, "level"), (1, "parent_code")]


@pytest.mark.django_db
def test_parent_may_already_exist_in_the_database():
    import_regions(csv_bytes(GOOD_CSV))
    result = import_regions(csv_bytes("code,name,level,parent_code\n450312103,两江镇,乡镇/街道,450312\n"))
    assert result.created == 1
    assert Region.objects.get(code="450312103").get_parent().code == "450312"


@pytest.mark.django_db
def test_renamed_region_is_updated_in_place():
    import_regions(csv_bytes(GOOD_CSV))
    result = import_regions(csv_bytes(GOOD_CSV.replace("五通镇", "五通镇（新）")))
    assert (result.updated, result.unchanged) == (1, 5)
    assert Region.objects.get(code="450312104").name == "五通镇（新）"


@pytest.mark.django_db
def test_command_imports_a_file(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_bytes(csv_bytes(GOOD_CSV))
    out = io.StringIO()
    call_command("import_regions", str(path), stdout=out)
    assert "6 created" in out.getvalue()


@pytest.mark.django_db
def test_command_refuses_a_bad_file_and_says_why(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_bytes(csv_bytes(GOOD_CSV + "1,坏行,省,\n"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_regions", str(path), stderr=err)
    assert "第 8 行" in err.getvalue()
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_admin_upload_with_a_bad_row_shows_the_error_and_imports_nothing(admin_client):
    upload = SimpleUploadedFile("regions.csv", csv_bytes(GOOD_CSV + "9,坏行,村,404\n"), content_type="text/csv")

    response = admin_client.post("/admin/regions/import/", {"file": upload})

    assert response.status_code == 200
    assert "第 8 行，“parent_code”列：找不到编码为 404 的区划。" in response.content.decode()
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_admin_upload_of_a_good_file_imports_it(admin_client):
    upload = SimpleUploadedFile("regions.csv", csv_bytes(GOOD_CSV), content_type="text/csv")
    response = admin_client.post("/admin/regions/import/", {"file": upload})
    assert response.status_code == 302
    assert Region.objects.count() == 6
    listing = admin_client.get("/admin/regions/")
    assert "\u3000\u3000昌城村" in listing.content.decode()


@pytest.mark.django_db
def test_admin_can_add_a_region_under_a_parent(admin_client):
    import_regions(csv_bytes(GOOD_CSV))
    town = Region.objects.get(code="469031104")
    response = admin_client.post(
        "/admin/regions/new/",
        {"code": "469031104202", "name": "昌化村", "level": RegionLevel.VILLAGE, "parent": town.pk},
    )
    assert response.status_code == 302
    assert Region.objects.get(code="469031104202").get_parent() == town


@pytest.mark.django_db
def test_admin_form_rejects_a_level_that_does_not_fit_the_parent(admin_client):
    import_regions(csv_bytes(GOOD_CSV))
    city = Region.objects.get(code="450300")
    response = admin_client.post(
        "/admin/regions/new/", {"code": "1", "name": "错层", "level": RegionLevel.VILLAGE, "parent": city.pk}
    )
    assert response.status_code == 200
    assert "该级别不能直接隶属于所选的上级区划" in response.content.decode()
    assert 'value="错层"' in response.content.decode()


@pytest.mark.django_db
def test_admin_can_move_a_region_to_another_parent(admin_client):
    import_regions(csv_bytes(GOOD_CSV))
    town = Region.objects.get(code="450312104")
    county = Region.objects.get(code="469031")
    response = admin_client.post(
        f"/admin/regions/edit/{town.pk}/",
        {"code": town.code, "name": town.name, "level": town.level, "parent": county.pk},
    )
    assert response.status_code == 302
    assert Region.objects.get(pk=town.pk).get_parent() == county


@pytest.mark.django_db
def test_editors_without_permission_cannot_import(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="correct-horse-battery")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get("/admin/regions/import/")
    assert response.status_code in (302, 403)
