"""The office's spreadsheet may name the place as officers know it: town, or town and village."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from campaigns.excel import template_workbook
from campaigns.importer import import_reports
from campaigns.models import ActivityReport
from jindu.models import Region
from tests.campaigns.conftest import shared_base_fixtures
from tests.campaigns.test_excel import workbook_file

regions, kinds, people = shared_base_fixtures()


DAY = datetime.date(2024, 6, 26)


def by_names(*places):
    """A file with one column “地区” holding each place as written."""
    header = ["日期", "地区", "活动类型", "场次", "受众人数"]
    return workbook_file([[DAY, place, "禁毒宣讲", 1, 50 + index] for index, place in enumerate(places)], header)


def errors_of(result):
    return [str(error) for error in result.errors]


@pytest.fixture
def twin_village(regions):
    """A second 竹山村, under 两江镇, so that the village name alone is ambiguous."""
    regions.town_b.add_child(code="450312103201", name="竹山村", level=4)
    return Region.objects.get(code="450312103201")


def test_town_and_town_slash_village_resolve_inside_the_office_region(regions, kinds, people, twin_village):
    result = import_reports(by_names("五通镇", "五通镇/竹山村", "两江镇 竹山村"), user=people.office)

    assert result.ok, errors_of(result)
    places = list(ActivityReport.objects.order_by("people_reached").values_list("region__code", flat=True))
    assert places == ["450312104", "450312104201", "450312103201"]


def test_two_columns_town_and_village_as_in_the_template(regions, kinds, people):
    header = ["日期", "乡镇", "村（社区）", "活动类型", "场次"]
    rows = [[DAY, "五通镇", "竹山村", "禁毒宣讲", 2], [DAY, "两江镇", None, "文艺演出", 1]]

    result = import_reports(workbook_file(rows, header), user=people.office)

    assert result.ok, errors_of(result)
    assert set(ActivityReport.objects.values_list("region__name", "sessions")) == {("竹山村", 2), ("两江镇", 1)}


def test_an_ambiguous_name_names_the_row_and_the_places(regions, kinds, people, twin_village):
    result = import_reports(by_names("五通镇", "竹山村"), user=people.office)

    assert not result.ok
    message = errors_of(result)[0]
    assert message.startswith("第 3 行，B 列")
    assert "“竹山村”可能是多个地方" in message
    assert "五通镇 竹山村" in message and "两江镇 竹山村" in message
    assert ActivityReport.objects.count() == 0


def test_an_unknown_name_names_the_row(regions, kinds, people):
    result = import_reports(by_names("五通镇", "五通镇/不存在村"), user=people.office)

    assert errors_of(result) == ["第 3 行，B 列：没有名为“五通镇/不存在村”的乡镇或村。"]
    assert ActivityReport.objects.count() == 0


def test_a_name_outside_the_office_region_is_refused(regions, kinds, people):
    result = import_reports(by_names("贵石沟街道"), user=people.office)

    assert errors_of(result) == ["第 2 行，B 列：“贵石沟街道”不在您负责的地区内。"]
    assert ActivityReport.objects.count() == 0


def test_an_officer_of_one_town_finds_its_villages_by_name_only(regions, kinds, people, twin_village):
    result = import_reports(by_names("竹山村"), user=people.officer_a)

    assert result.ok, errors_of(result)
    assert ActivityReport.objects.get().region == regions.village_a


def test_codes_still_work_and_must_agree_with_names(regions, kinds, people):
    header = ["日期", "地区代码", "乡镇", "活动类型", "场次"]
    good = workbook_file([[DAY, "450312104", "五通镇", "禁毒宣讲", 1], [DAY, 450312103, None, "禁毒宣讲", 1]], header)
    assert import_reports(good, user=people.office).ok

    bad = workbook_file([[DAY, "450312104", "两江镇", "禁毒宣讲", 3]], header)
    result = import_reports(bad, user=people.office)
    assert "代码 450312104 是" in errors_of(result)[0]
    assert ActivityReport.objects.count() == 2


def test_a_file_without_any_place_column_is_refused(regions, kinds, people):
    result = import_reports(workbook_file([[DAY, "禁毒宣讲", 1]], ["日期", "活动类型", "场次"]), user=people.office)

    assert "请写明地点" in errors_of(result)[0]


def test_template_has_town_and_village_columns_and_explains_them(regions, kinds):
    buffer = io.BytesIO()
    template_workbook().save(buffer)
    buffer.seek(0)
    workbook = load_workbook(buffer)

    header = [cell.value for cell in workbook["活动报表"][1]]
    assert header[:4] == ["日期", "乡镇", "村（社区）", "地区代码"]
    notes = " ".join(row[0] for row in workbook["填写说明"].iter_rows(values_only=True))
    assert "五通镇/竹山村" in notes


def test_the_filled_in_template_imports(regions, kinds, people):
    buffer = io.BytesIO()
    template_workbook().save(buffer)
    buffer.seek(0)
    workbook = load_workbook(buffer)
    sheet = workbook["活动报表"]
    header = [cell.value for cell in sheet[1]]
    row = dict.fromkeys(header)
    row.update(
        {"日期": DAY, "乡镇": "五通镇", "村（社区）": "竹山村", "活动类型": "禁毒宣讲", "场次": 1, "受众人数": 80}
    )
    sheet.append([row[name] for name in header])
    filled = io.BytesIO()
    workbook.save(filled)
    filled.seek(0)

    result = import_reports(filled, user=people.office)

    assert result.ok, errors_of(result)
    assert ActivityReport.objects.get().region == regions.village_a
