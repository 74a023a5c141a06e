import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from campaigns.factories import CampaignFactory, create_report
from campaigns.figures import totals
from campaigns.importer import import_reports
from campaigns.models import ActivityReport
from campaigns.periods import Period
from campaigns.rollup import Filters
from tests.campaigns.conftest import shared_base_fixtures

regions, kinds, people = shared_base_fixtures()


HEADER = ["日期", "地区代码", "活动类型", "宣传活动", "活动名称", "场次", "受众人数", "入户数", "宣传册（册）", "备注"]


def workbook_file(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def good_rows(regions, kinds):
    CampaignFactory(name="2024年全民禁毒宣传月")
    return [
        [datetime.date(2024, 6, 26), "450312104", "禁毒宣讲", "2024年全民禁毒宣传月", "竹山广场", 2, 500, 0, 300, ""],
        ["2024-06-27", 450312103, "文艺演出", "", "", 1, 300, 20, "", '=HYPERLINK("x")'],
    ]


def city_2024(regions):
    return Filters(region=regions.city, period=Period.year(2024))


def test_good_file_imports_every_row_as_approved(regions, kinds, good_rows):
    result = import_reports(workbook_file(good_rows))

    assert result.ok, [str(error) for error in result.errors]
    assert (result.created, result.updated) == (2, 0)
    figures = totals(city_2024(regions))
    assert figures["sessions"] == 3
    assert figures["people"] == 800
    assert figures[f"material:{kinds.brochure.pk}"] == 300


def test_reimporting_the_same_file_does_not_double_count(regions, kinds, good_rows):
    import_reports(workbook_file(good_rows))
    good_rows[0][6] = 550  # a corrected figure

    result = import_reports(workbook_file(good_rows))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert ActivityReport.objects.count() == 2
    assert totals(city_2024(regions))["people"] == 850


@pytest.mark.parametrize(
    ("column", "value", "letter", "reason"),
    [
        (0, "2024-13-45", "A", "不是有效日期"),
        (0, "2999-01-01", "A", "日期不能晚于今天"),
        (1, "999999", "B", "没有代码为“999999”的地区"),
        (2, "跳广场舞", "C", "无法识别的活动类型"),
        (3, "不存在的活动", "D", "无法识别的宣传活动"),
        (5, -1, "F", "不是大于等于 0 的整数"),
        (6, "很多", "G", "不是大于等于 0 的整数"),
        (6, 5000, "G", "每场超过 1000 人"),
        (8, 1.5, "I", "不是大于等于 0 的整数"),
    ],
)
def test_each_kind_of_bad_row_names_row_column_and_reason_and_imports_nothing(
    regions, kinds, good_rows, column, value, letter, reason
):
    good_rows[1][column] = value

    result = import_reports(workbook_file(good_rows))

    assert not result.ok
    messages = [str(error) for error in result.errors]
    assert any(message.startswith(f"第 3 行，{letter} 列") and reason in message for message in messages), messages
    assert ActivityReport.objects.count() == 0


def test_duplicate_rows_in_one_file_are_refused(regions, kinds, good_rows):
    result = import_reports(workbook_file([good_rows[0], good_rows[0]]))

    assert "与第 2 行的日期" in str(result.errors[0])
    assert ActivityReport.objects.count() == 0


def test_unknown_column_and_non_workbook_are_refused(regions, kinds, good_rows):
    result = import_reports(workbook_file(good_rows, header=[*HEADER[:-1], "签名"]))
    assert "无法识别的列“签名”" in str(result.errors[0])

    result = import_reports(io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "这不是表格文件" in str(result.errors[0])
    result = import_reports(io.BytesIO(b"PK\x03\x04 broken zip"))
    assert "不是 Excel 工作簿" in str(result.errors[0])


GBK_CSV = (
    "日期,地区代码,活动类型,宣传活动,活动名称,场次,受众人数,入户数,宣传册（册）,备注\r\n"
    "2024-06-26,450312104,禁毒宣讲,,竹山广场,2,500,0,300,村委会门口\r\n"
    '2024/6/27,450312103,文艺演出,,,2,"1,200",20,,\r\n'
)


def test_a_csv_saved_by_chinese_excel_in_gbk_imports_like_the_workbook(regions, kinds):
    result = import_reports(io.BytesIO(GBK_CSV.encode("gbk")))

    assert result.ok, [str(error) for error in result.errors]
    assert (result.created, result.updated) == (2, 0)
    figures = totals(city_2024(regions))
    assert (figures["sessions"], figures["people"], figures[f"material:{kinds.brochure.pk}"]) == (4, 1700, 300)
    assert ActivityReport.objects.get(title="竹山广场").notes == "村委会门口"


def test_office_uploads_the_gbk_csv_and_a_bad_row_names_its_column(client, regions, kinds, people):
    client.force_login(people.office)
    bad = io.BytesIO(GBK_CSV.replace("禁毒宣讲", "打太极").encode("gbk"))
    bad.name = "活动.csv"

    response = client.post(reverse("campaigns_import"), {"file": bad})

    assert response.status_code == 200
    assert "第 2 行，C 列：无法识别的活动类型“打太极”" in response.content.decode()
    assert ActivityReport.objects.count() == 0

    good = io.BytesIO(GBK_CSV.encode("gbk"))
    good.name = "活动.csv"
    assert client.post(reverse("campaigns_import"), {"file": good}).status_code == 302
    assert ActivityReport.objects.count() == 2


def test_office_import_refuses_regions_outside_its_scope(regions, kinds, people, good_rows):
    good_rows[1][1] = "140303001"

    result = import_reports(workbook_file(good_rows), user=people.office)

    assert "不在您负责的地区内" in str(result.errors[0])


def test_management_command_imports_with_the_same_rules(regions, kinds, good_rows, tmp_path):
    path = tmp_path / "reports.xlsx"
    path.write_bytes(workbook_file(good_rows).getvalue())
    call_command("import_activity_reports", str(path))
    assert ActivityReport.objects.count() == 2

    good_rows[0][0] = "yesterday"
    path.write_bytes(workbook_file(good_rows).getvalue())
    with pytest.raises(CommandError):
        call_command("import_activity_reports", str(path))
    assert ActivityReport.objects.count() == 2


def test_export_figures_equal_the_dashboards_and_no_cell_is_a_formula(client, regions, kinds, people):
    create_report(
        regions.town_a, datetime.date(2024, 3, 1), sessions=2, people_reached=90, materials={kinds.brochure: 40}
    )
    create_report(regions.town_b, datetime.date(2024, 4, 1), sessions=1, people_reached=30, notes="=cmd|' /C calc'!A0")
    client.force_login(people.office)
    query = {"region": regions.district.pk, "period": "year", "year": 2024}

    dashboard = client.get(reverse("campaigns_dashboard"), query).content.decode()
    response = client.get(reverse("campaigns_export"), query)

    assert response.status_code == 200
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )
    summary, reports = workbook.worksheets
    headline = {
        row[0]: row[2]
        for row in summary.iter_rows(values_only=True)
        if row and row[0] in ("场次", "受众人数", "宣传册")
    }
    assert headline == {"场次": 3, "受众人数": 120, "宣传册": 40}
    assert 'data-metric="sessions">3<' in dashboard
    assert 'data-metric="people">120<' in dashboard
    rows = list(reports.iter_rows(values_only=True))
    assert len(rows) == 3
    assert "=cmd|' /C calc'!A0" in rows[-1] or "=cmd|' /C calc'!A0" in rows[1]
    for row in [*summary.iter_rows(), *reports.iter_rows()]:
        for cell in row:
            assert cell.data_type != "f"


def test_template_download_has_the_import_headings(client, regions, kinds, people):
    client.force_login(people.office)

    response = client.get(reverse("campaigns_import_template"))

    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[:5] == ("日期", "乡镇", "村（社区）", "地区代码", "活动类型")
    assert "宣传册（册）" in header


def test_report_sheet_rows_carry_each_reports_own_material_lines(client, regions, kinds, people):
    first = create_report(
        regions.village_a,
        datetime.date(2024, 3, 1),
        sessions=2,
        people_reached=90,
        materials={kinds.banner: 3},
        user=people.officer_a,
    )
    create_report(regions.town_b, datetime.date(2024, 3, 1), sessions=1, people_reached=30)
    last = create_report(
        regions.town_a, datetime.date(2024, 5, 2), sessions=4, materials={kinds.brochure: 7, kinds.banner: 1}
    )
    client.force_login(people.office)

    response = client.get(reverse("campaigns_export"), {"region": regions.district.pk, "period": "year", "year": 2024})

    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[1].iter_rows(values_only=True))
    header = rows[0]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert [row[0] for row in rows[1:]][-1] == last.pk
    assert by_id[first.pk]["地区代码"] == "450312104201"
    assert (by_id[first.pk]["宣传册（册）"], by_id[first.pk]["横幅（条）"]) == (0, 3)
    assert (by_id[last.pk]["宣传册（册）"], by_id[last.pk]["横幅（条）"]) == (7, 1)
    assert (by_id[first.pk]["地区"], by_id[first.pk]["状态"], by_id[first.pk]["填报人"]) == (
        "竹山村",
        "已审核",
        "五通宣传员",
    )
    assert len(by_id) == 3
