"""`load_demo`, run once for this module: what it builds in every app, that a rerun doubles nothing, and its logins.

The demo is the slowest thing the suite builds, so it is loaded here only, as `make run` does it on a fresh database
(DEBUG on), then again in development and once more with DEBUG off, inside a transaction rolled back at the end of the
module. Each test runs in its own savepoint on top of it.
"""

import io
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.models import Page, Site

from campaigns.models import TipOff
from education.models import LessonPage, LessonProgress, Question, QuizPage, Result
from jindu.models import ArticlePage, FooterSettings, HomePage, MainMenu, Region
from media.models import SubtitleTrack
from schools.models import School, SchoolClass, SchoolStaff, StaffRole, Student
from schools.rates import region_table
from tests.module_rows import rolled_back, shared_uploads

# Under pytest-xdist the whole module runs on one worker, so the demo is loaded once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.search_index]

LOGIN_LINE = re.compile(r"^Sign in as (?P<who>.+?) at (?P<url>https?://\S+) with (?P<how>.+)$")
STAFF_LOGIN = re.compile(r"username (?P<username>\S+), password (?P<password>\S+)")
STUDENT_LOGIN = re.compile(
    r"school code (?P<school>\S+), .*?student number (?P<number>\S+), .*?one-time password (?P<password>\S+)"
)


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.count(),
        "regions": Region.objects.count(),
        "images": Image.objects.count(),
        "menu": MainMenu.objects.first().items.count(),
        "questions": Question.objects.count(),
        "quizzes": QuizPage.objects.count(),
        "results": Result.objects.count(),
        "schools": School.objects.count(),
        "students": Student.objects.count(),
        "progress": LessonProgress.objects.count(),
        "users": get_user_model().objects.count(),
        "tip_offs": TipOff.objects.count(),
    }


def load_demo(debug):
    out = io.StringIO()
    with override_settings(DEBUG=debug):
        call_command("load_demo", stdout=out)
    return out.getvalue(), counts()


# The demo's images, clips and songs stay where the module fixture wrote them.
module_uploads, uploads_in_tmp = shared_uploads()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, module_uploads):
    """The demo on a fresh database (development), loaded again in development, then again with DEBUG off."""
    with rolled_back(django_db_blocker, module_uploads):
        fresh_output, fresh = load_demo(debug=True)
        again_output, again = load_demo(debug=True)
        production_output, production = load_demo(debug=False)
        yield SimpleNamespace(
            fresh_output=fresh_output,
            fresh=fresh,
            again_output=again_output,
            again=again,
            production_output=production_output,
            production=production,
        )


def test_running_the_demo_again_doubles_nothing_with_debug_on_or_off(demo):
    assert demo.again == demo.fresh
    assert demo.production == demo.fresh


def test_load_demo_builds_the_site(client, demo):
    assert demo.fresh["articles"] >= 10
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert FooterSettings.for_site(site).hotline
    for name in (
        "临桂区",
        "五通镇",
        "两江镇",
        "临桂镇",
        "永州市",
        "昌江黎族自治县",
        "石碌镇",
        "昌化镇",
        "王下乡",
        "昌城村",
    ):
        assert Region.objects.filter(name=name).exists(), name
    assert Region.objects.get(name="昌城村").full_name == "昌江黎族自治县 昌化镇 昌城村"
    assert Region.objects.get(name="从化区").get_parent().name == "广州市"
    assert Region.objects.filter(name="阳泉市").exists()

    home = client.get("/")
    assert home.status_code == 200 and "冰毒" in home.content.decode()
    found = client.get("/search/", {"q": "哥隆话"})
    assert len(found.context["results"]) >= 1


def test_the_demo_office_finds_one_sample_tip_off_and_its_message(client, demo):
    assert demo.fresh["tip_offs"] == 1
    office = get_user_model().objects.get(username="lingui_office")
    client.force_login(office)
    listing = client.get(reverse("campaigns:tip_off_list")).content.decode()
    address = reverse("campaigns:tip_off_detail", args=[TipOff.objects.get().pk])
    assert address in listing and "临桂区" in listing
    detail = client.get(address).content.decode()
    assert "出租屋" in detail and "锡纸" in detail
    assert office.notifications.filter(title__contains="临桂区").exists()


def test_load_demo_prints_an_admin_password_only_in_development(demo):
    for output in (demo.fresh_output, demo.again_output):
        assert "username admin, password " in output
    assert "(created;" in demo.fresh_output and "(reset;" in demo.again_output
    password = demo.again_output.split("username admin, password ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert "password" not in demo.production_output


def test_every_printed_demo_login_works_as_printed(demo):
    """The logins of the last development run, as `make run` prints them, still work after a run with DEBUG off."""
    output = demo.again_output
    assert "/admin/login/" not in output and "/reports/login/" not in output and "/school/sign-in/" not in output

    logins = {}
    for line in output.splitlines():
        match = LOGIN_LINE.match(line)
        if match:
            logins[match["who"].split(" (")[0]] = match
    assert set(logins) == {
        "a student",
        "a teacher",
        "a school admin",
        "the education bureau",
        "a town officer",
        "the office",
        "the admin",
    }, output

    teacher_class = SchoolClass.objects.get(teachers__username="demo.teacher")
    school_admin = SchoolStaff.objects.get(user__username="demo.school", role=StaffRole.SCHOOL_ADMIN)
    bureau = SchoolStaff.objects.get(user__username="demo.bureau", role=StaffRole.BUREAU)
    expected = {
        "a teacher": reverse("portal:class", args=[teacher_class.pk]),
        "a school admin": reverse("portal:school", args=[school_admin.school_id]),
        "the education bureau": reverse("portal:region", args=[bureau.region_id]),
        "a town officer": reverse("campaigns:report_list"),
        "the office": reverse("campaigns_dashboard"),
        "the admin": reverse("wagtailadmin_home"),
    }
    for who, landing in expected.items():
        match = logins[who]
        url = urlsplit(match["url"])
        assert url.path == "/sign-in/" and url.query == "as=staff", who
        credentials = STAFF_LOGIN.search(match["how"])
        client = Client()
        response = client.post(f"{url.path}?{url.query}", credentials.groupdict())
        assert response.status_code == 302 and response["Location"] == landing, (who, response)
        assert client.get(landing).status_code == 200, who

    match = logins["a student"]
    assert "首次登录须改密码" in match["how"]
    url = urlsplit(match["url"])
    assert url.path == "/sign-in/" and not url.query
    credentials = STUDENT_LOGIN.search(match["how"])
    client = Client()
    response = client.post(
        url.path,
        {"school_code": credentials["school"], "number": credentials["number"], "password": credentials["password"]},
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:change_password")
    student = Student.objects.get(school__code=credentials["school"], number=credentials["number"])
    assert student.school_class == teacher_class, "the demo student is in the demo teacher's class"
    response = client.post(
        reverse("portal:change_password"), {"password1": "wo-de-mima-9", "password2": "wo-de-mima-9"}
    )
    assert response["Location"] == reverse("portal:my_courses")
    assert client.get(reverse("portal:my_courses")).status_code == 200


def test_demo_adds_a_question_bank_an_awareness_quiz_and_a_junior_contest_once(demo):
    assert demo.fresh["questions"] >= 40
    awareness = QuizPage.objects.get(slug="awareness-quiz")
    contest = QuizPage.objects.get(slug="junior-contest")
    assert awareness.counts_for_awareness and not awareness.students_only
    assert contest.is_contest and contest.students_only and contest.question_total() == 10
    assert awareness.results.exists()


def test_demo_adds_two_linggui_schools_with_real_rates_and_running_it_twice_doubles_nothing(demo):
    first = demo.fresh
    assert first["schools"] == 2 and first["students"] > 100 and first["progress"] > 100
    output = demo.fresh_output
    assert "username demo.teacher, password" in output and "username demo.bureau, password" in output
    assert_every_demo_lesson_can_be_done()
    total = region_table(Region.objects.get(name="临桂区"))["total"]
    assert 0.5 < total.registration_rate < 1
    assert 0 < total.completion_rate < 1
    assert total.school_registration_rate == 1
    contest = QuizPage.objects.get(slug="junior-contest")
    notice = region_table(Region.objects.get(name="临桂区"), contest, hours=False)["total"]
    assert 0.3 < notice.participation_rate < 1 and 0 < notice.pass_rate < 1
    assert notice.schools_participating == 1 and notice.mean_score > 40


def assert_every_demo_lesson_can_be_done():
    """Each demo lesson has its own short clip with a poster and Mandarin subtitles, and a quiz of bank questions."""
    lessons = list(LessonPage.objects.live().select_related("video", "quiz"))
    assert len(lessons) == 5
    assert len({lesson.video_id for lesson in lessons}) == 5
    for lesson in lessons:
        video = lesson.video
        assert video.type == "video" and 0 < video.duration <= 10 and video.file.name.endswith(".mp4")
        assert video.thumbnail and video.file.size < 50_000
        track = SubtitleTrack.objects.get(media=video)
        assert track.is_default and track.cue_count >= 3
        assert lesson.quiz.live and lesson.quiz.students_only
        assert lesson.quiz.question_total() == 3 and lesson.quiz.pass_mark == 60
