"""The official rates count students by their best attempt, and every page and export gives the same figure."""

import io
from decimal import Decimal

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from schools.factories import SchoolClassFactory, SchoolFactory, StudentFactory, make_staff, make_teacher
from schools.models import SchoolClass, StaffRole, Stage
from schools.rates import class_tallies, contest_overview, region_table
from tests.conftest import make_site_tree
from tests.education.fixtures import build_contest, build_world, take

NOTICE_HEADER = [
    "乡镇 / 学校",
    "参与学校数",
    "学校总数",
    "学校参与率",
    "参与学生数",
    "学生总数",
    "学生参与率",
    "及格率",
    "优秀率",
    "满分率",
    "平均分",
]
# Hand-computed from the fixture (see build_contest): towns, their schools (by name), the total.
NOTICE_ROWS = [
    ["临桂镇", "1", "1", "100.0%", "2", "2", "100.0%", "100.0%", "100.0%", "100.0%", "100.0"],
    ["临桂一中", "1", "1", "100.0%", "2", "2", "100.0%", "100.0%", "100.0%", "100.0%", "100.0"],
    ["五通镇", "1", "2", "50.0%", "3", "4", "75.0%", "66.7%", "33.3%", "0.0%", "63.3"],
    ["五通三中", "0", "1", "0.0%", "0", "0", "—", "—", "—", "—", "—"],
    ["五通二中", "1", "1", "100.0%", "3", "4", "75.0%", "66.7%", "33.3%", "0.0%", "63.3"],
    ["合计", "2", "3", "66.7%", "5", "6", "83.3%", "80.0%", "60.0%", "40.0%", "78.0"],
]


def make_editor():
    return get_user_model().objects.create_superuser("editor", "editor@example.com", "correct-horse-battery")


def pct(value):
    return None if value is None else round(value * 100, 1)


def screen_table(html):
    """The rates table as a person reads it: the header row, then every body row, as text."""
    table = BeautifulSoup(html, "html.parser").select_one("table.rates-table, table.listing")
    return [
        [cell.get_text(" ", strip=True).rstrip(" ▲▼") for cell in row.find_all(["th", "td"])]
        for row in table.find_all("tr")
    ]


def excel_text(cell):
    """A cell as Excel shows it with its number format."""
    value = cell.value
    if not isinstance(value, (int, float)):
        return value
    if cell.number_format == "0.0%":
        return f"{Decimal(str(value)) * 100:.1f}%"
    if cell.number_format == "0.0":
        return f"{value:.1f}"
    assert cell.number_format == "#,##0", cell.number_format
    return f"{value:,}"


def sheet_rows(sheet, min_row=1):
    return [[excel_text(cell) for cell in row] for row in sheet.iter_rows(min_row=min_row)]


class OfficialRatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home, _index = make_site_tree()
        cls.world = build_world(home)
        cls.contest = build_contest(cls.world)
        cls.bureau = make_staff(StaffRole.BUREAU, region=cls.world.district)
        cls.editor = make_editor()

    def region_url(self, **params):
        url = reverse("portal:region", args=[self.world.district.pk])
        return url + ("?" + "&".join(f"{key}={value}" for key, value in params.items()) if params else "")

    def test_a_student_counts_once_by_their_best_attempt(self):
        tallies = class_tallies(SchoolClass.objects.all(), self.contest)
        class71, class81 = tallies[self.world.class71.pk], tallies[self.world.class81.pk]

        # a scored 40 then 100: one participant who passed, not one pass in two attempts.
        assert (class71.participants, class71.passed, class71.excellent, class71.full_marks) == (2, 2, 2, 2)
        assert (pct(class71.pass_rate), pct(class71.full_mark_rate), class71.mean_score) == (100, 100, Decimal("100.0"))
        # e only started an attempt: registered, not taking part. g's 90 then 30 counts as 90.
        assert (class81.registered, class81.participants, class81.passed, class81.excellent) == (4, 3, 2, 1)
        assert pct(class81.participation_rate) == Decimal("75.0")
        assert pct(class81.pass_rate) == Decimal("66.7")
        assert pct(class81.excellent_rate) == Decimal("33.3")
        assert class81.full_mark_rate == 0
        assert class81.mean_score == Decimal("63.3")

    def test_the_excellent_mark_is_set_per_contest(self):
        self.contest.excellent_mark = 70
        self.contest.save()

        class81 = class_tallies(SchoolClass.objects.filter(pk=self.world.class81.pk), self.contest)
        assert class81[self.world.class81.pk].excellent == 2  # d's 70 now counts

    def test_the_excellent_mark_may_not_be_below_the_pass_mark(self):
        self.contest.excellent_mark = 50
        with self.assertRaises(ValidationError) as raised:
            self.contest.full_clean()
        assert "excellent_mark" in raised.exception.message_dict

    def test_class_page_shows_the_per_student_rates(self):
        self.client.force_login(make_teacher(self.world.class81))

        html = self.client.get(reverse("portal:class", args=[self.world.class81.pk])).content.decode()

        cards = {
            card.dt.get_text(strip=True): card.dd.get_text(strip=True)
            for card in BeautifulSoup(html, "html.parser").select(".rate-cards > div")
        }
        assert cards["参与学生数"] == "3 / 4"
        assert cards["学生参与率"] == "75.0%"
        assert cards["及格率"] == "66.7%"
        assert cards["优秀率"] == "33.3%"
        assert cards["满分率"] == "0.0%"
        assert cards["平均分"] == "63.3"

    def test_notice_table_by_town_and_school_matches_the_hand_computed_figures(self):
        self.client.force_login(self.bureau)

        response = self.client.get(self.region_url())

        table = screen_table(response.content.decode())
        assert table[0] == NOTICE_HEADER
        assert table[1:] == NOTICE_ROWS
        assert response.context["contest"] == self.contest

    def test_notice_excel_is_the_table_on_screen_with_a_title_row(self):
        self.client.force_login(self.bureau)
        params = {"sort": "participation", "dir": "desc"}

        table = screen_table(self.client.get(self.region_url(**params)).content.decode())
        export = self.client.get(reverse("portal:region_export", args=[self.world.district.pk]), params)

        sheet = load_workbook(io.BytesIO(export.content)).active
        title = sheet["A1"].value
        today = date_format(timezone.localdate(), "DATE_FORMAT")
        assert "临桂区" in title and "全区禁毒知识竞赛" in title and today in title
        assert sheet_rows(sheet, min_row=2) == table
        assert sheet["H3"].number_format == "0.0%" and sheet["H3"].value == 1.0  # 临桂镇's pass rate

    def test_notice_sorts_towns_and_schools_by_a_column_with_empty_rates_last(self):
        self.client.force_login(self.bureau)

        descending = screen_table(self.client.get(self.region_url(sort="pass", dir="desc")).content.decode())
        ascending = screen_table(self.client.get(self.region_url(sort="pass", dir="asc")).content.decode())

        assert [row[0] for row in descending[1:]] == ["临桂镇", "临桂一中", "五通镇", "五通二中", "五通三中", "合计"]
        assert [row[0] for row in ascending[1:]] == ["五通镇", "五通二中", "五通三中", "临桂镇", "临桂一中", "合计"]

    def test_contest_participation_report_and_its_downloads_give_the_statistics_figures(self):
        self.client.force_login(self.editor)
        url = reverse("education_statistics:participation", args=[self.contest.pk])
        expected = [
            ["临桂一中 七年级1班", "2", "2", "100.0%", "100.0%", "100.0%", "100.0%", "100.0"],
            ["五通二中 八年级1班", "4", "3", "75.0%", "66.7%", "33.3%", "0.0%", "63.3"],
        ]
        header = ["学校和班级", "学生总数", "参与学生数", "学生参与率", "及格率", "优秀率", "满分率", "平均分"]

        detail = self.client.get(reverse("education_statistics:detail", args=[self.contest.pk])).content.decode()
        assert url in detail
        page = screen_table(self.client.get(url).content.decode())
        assert page == [header, *expected]

        csv_text = b"".join(self.client.get(url, {"export": "csv"}).streaming_content).decode("utf-8")
        assert csv_text.startswith("\ufeff")
        assert [line.split(",") for line in csv_text.removeprefix("\ufeff").splitlines()] == [header, *expected]
        xlsx = self.client.get(url, {"export": "xlsx"})
        assert "no-store" in xlsx["Cache-Control"]
        rows = [list(row) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)]
        assert rows[0] == header and rows[2][:3] == ["五通二中 八年级1班", 4, 3] and rows[2][3:] == expected[1][3:]

    def test_admin_statistics_and_their_export_give_the_portals_figures(self):
        self.client.force_login(self.editor)

        html = self.client.get(reverse("education_statistics:detail", args=[self.contest.pk])).content.decode()
        export = self.client.get(reverse("education_statistics:export", args=[self.contest.pk]))

        soup = BeautifulSoup(html, "html.parser")
        official, _items, classes = soup.select("table.listing")[1:4]
        district_total = NOTICE_ROWS[-1][1:]
        assert screen_table(str(official))[1][1:] == district_total
        class_rows = screen_table(str(classes))
        assert class_rows[0] == [
            "学校和班级",
            "学生总数",
            "参与学生数",
            "学生参与率",
            "及格率",
            "优秀率",
            "满分率",
            "平均分",
        ]
        assert class_rows[1:] == [
            ["临桂一中 七年级1班", "2", "2", "100.0%", "100.0%", "100.0%", "100.0%", "100.0"],
            ["五通二中 八年级1班", "4", "3", "75.0%", "66.7%", "33.3%", "0.0%", "63.3"],
        ]
        workbook = load_workbook(io.BytesIO(export.content))
        assert workbook.sheetnames == ["概况", "逐题分析", "官方统计", "参与情况"]
        assert sheet_rows(workbook["官方统计"], min_row=3)[0][1:] == district_total
        assert sheet_rows(workbook["参与情况"]) == class_rows

    def test_school_page_and_export_give_the_same_class_figures(self):
        self.client.force_login(make_staff(StaffRole.SCHOOL_ADMIN, school=self.world.school2))

        table = screen_table(self.client.get(reverse("portal:school", args=[self.world.school2.pk])).content.decode())
        export = self.client.get(reverse("portal:school_export", args=[self.world.school2.pk]))

        assert table[1][0] == "八年级1班"
        assert table[1][5:] == ["3", "75.0%", "66.7%", "33.3%", "0.0%", "63.3"]
        assert sheet_rows(load_workbook(io.BytesIO(export.content)).active, min_row=2) == table

    def test_overview_and_region_table_add_up_to_the_same_total(self):
        overall, _classes = contest_overview(self.contest)
        district = region_table(self.world.district, self.contest, hours=False)["total"]
        assert overall == district

    def test_a_contest_for_one_stage_counts_only_that_stages_schools(self):
        SchoolFactory(name="五通小学", code="P1", region=self.world.school2.region, stage=Stage.PRIMARY)
        everyone = region_table(self.world.district, self.contest, hours=False)["total"]
        assert everyone.schools == 4

        self.contest.stage = Stage.JUNIOR
        juniors = region_table(self.world.district, self.contest, hours=False)["total"]
        overall, _classes = contest_overview(self.contest)
        assert (juniors.schools, juniors.schools_participating, pct(juniors.pass_rate)) == (3, 2, Decimal("80.0"))
        assert overall == juniors

    def test_a_chosen_contest_is_shown_and_an_unknown_one_falls_back_to_the_latest(self):
        from education.factories import QuizPageFactory
        from education.models import QuizAudience

        older = QuizPageFactory(
            parent=self.world.home,
            title="上学期禁毒知识竞赛",
            is_contest=True,
            audience=QuizAudience.STUDENTS,
            opens_at=timezone.now() - timezone.timedelta(days=200),
        )
        self.contest.opens_at = timezone.now() - timezone.timedelta(days=1)
        self.contest.save()
        self.client.force_login(self.bureau)

        assert self.client.get(self.region_url()).context["contest"] == self.contest
        chosen = self.client.get(self.region_url(contest=older.pk))
        assert chosen.context["contest"] == older
        assert screen_table(chosen.content.decode())[-1][4:] == ["0", "6", "0.0%", "—", "—", "—", "—"]
        assert self.client.get(self.region_url(contest="nonsense")).context["contest"] == self.contest

    def test_a_town_bureau_sees_only_its_own_town(self):
        self.client.force_login(make_staff(StaffRole.BUREAU, region=self.world.town_a))

        assert self.client.get(self.region_url()).status_code == 404
        town = self.client.get(reverse("portal:region", args=[self.world.town_a.pk])).content.decode()
        assert [row[0] for row in screen_table(town)[1:]] == ["临桂镇", "临桂一中", "合计"]

    def count(self, url):
        self.client.get(url)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert self.client.get(url).status_code == 200
        return len(queries)

    def grow(self):
        for n in range(4):
            school = SchoolFactory(region=self.world.town_b, name=f"新校{n}", code=f"NEW{n}")
            school_class = SchoolClassFactory(school=school, grade=8)
            for seat in range(3):
                student = StudentFactory(school_class=school_class, number=f"9{n}{seat}", registered=True)
                take(student, self.contest, 4 + seat)
                take(student, self.contest, 8)

    def test_notice_and_admin_statistics_query_counts_do_not_grow(self):
        region = reverse("portal:region", args=[self.world.district.pk])
        region_export = reverse("portal:region_export", args=[self.world.district.pk])
        statistics = reverse("education_statistics:detail", args=[self.contest.pk])
        self.client.force_login(self.bureau)
        before = (self.count(region), self.count(region_export))
        self.client.force_login(self.editor)
        before_statistics = self.count(statistics)

        self.grow()

        self.client.force_login(self.bureau)
        assert (self.count(region), self.count(region_export)) == before
        self.client.force_login(self.editor)
        assert self.count(statistics) == before_statistics
