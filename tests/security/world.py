"""One world for the access matrix: two mirrored halves (A and B), each a district with a town, a school and people.

Every role of half A has a twin in half B, so opening half A's objects as both twins proves own and other scope at once.
"""

import datetime
from types import SimpleNamespace

import wagtail_factories
from django.contrib.auth.models import Group
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection

from campaigns.factories import CampaignFactory, TargetFactory, create_report
from campaigns.models import OFFICE_GROUP_NAME, OFFICER_GROUP_NAME, RegionAssignment, TipOff, TipOffPage
from campaigns.workflow import ensure_setup, submit
from education import grading
from education.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    QuestionFactory,
    QuizPageFactory,
)
from education.models import Certificate, QuizAudience
from events.factories import (
    ArtFormFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ShowingFactory,
    TroupeFactory,
)
from jindu.factories import (
    ArticlePageFactory,
    CampaignThemeFactory,
    DialectFactory,
    MaterialKindFactory,
    RegionFactory,
    UserFactory,
)
from jindu.models import Region
from jindu.models.regions import RegionLevel
from media.factories import MediaIndexPageFactory, PublicityMaterialFactory, SubtitleTrackFactory, VideoPageFactory
from schools.factories import SchoolClassFactory, SchoolFactory, StudentFactory, make_staff, make_teacher
from schools.models import SchoolStaff, StaffRole, Stage
from tests.conftest import make_site_tree
from tests.education.helpers import answers_with

REPORT_DAY = datetime.date(2024, 5, 20)

# Per half: region codes and names, the school, its students, the reports' titles.
HALVES = {
    "a": {
        "city": ("450300", "桂林市"),
        "district": ("450312", "临桂区"),
        "town": ("450312104", "五通镇"),
        "school": ("S1", "临桂一中"),
        "students": (("701", "安小安"), ("702", "白小白")),
        "reports": ("五通禁毒宣讲", "五通入户走访"),
    },
    "b": {
        "city": ("440100", "广州市"),
        "district": ("440117", "从化区"),
        "town": ("440117102", "鳌头镇"),
        "school": ("S2", "从化二中"),
        "students": (("801", "邓小邓"), ("802", "鄂小鄂")),
        "reports": ("鳌头文艺演出", "鳌头学校讲座"),
    },
}

# A second town of half A's district, with a school and an officer of its own: the neighbours.
NEIGHBOUR = {
    "town": ("450312103", "两江镇"),
    "school": ("S3", "两江中学"),
    "student": ("901", "林小林"),
    "report": "两江送法进村",
}

# Another class of half A's school, with its own teacher: the colleague.
COLLEAGUE = {"class": "2班", "student": ("703", "程小程")}

# The roles of the matrix; "other_X" is X's twin in half B, "neighbour_X" works in the next town of the same district,
# the colleague teaches another class of the same school.
HALF_ROLES = ("student", "teacher", "school_admin", "bureau", "officer", "office")
ROLES = (
    "anonymous",
    *[name for role in HALF_ROLES for name in (role, f"other_{role}")],
    "colleague_teacher",
    "neighbour_school_admin",
    "neighbour_officer",
    "editor",
    "superuser",
)


def _regions(spec):
    city = RegionFactory(code=spec["city"][0], name=spec["city"][1], level=RegionLevel.CITY)
    district = city.add_child(code=spec["district"][0], name=spec["district"][1], level=RegionLevel.DISTRICT)
    town = district.add_child(code=spec["town"][0], name=spec["town"][1], level=RegionLevel.TOWN)
    return Region.objects.get(pk=district.pk), Region.objects.get(pk=town.pk)


def _tip_off(key, district, town, home):
    """A tip-off with a photo, sent to the district's office through its own tip-off page."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    page = home.add_child(
        instance=TipOffPage(title=f"举报{key}", slug=f"jubao-{key}", region=district, handling="<p>保密处理</p>")
    )
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    tip_off = TipOff(page=page, region=district, form_data={"didian": f"{town.name}线索"})
    tip_off.photo_1.save("clue.jpg", ContentFile(buffer.getvalue()), save=False)
    tip_off.save()
    return tip_off


def _half(key, spec, contest, home):
    district, town = _regions(spec)
    school = SchoolFactory(code=spec["school"][0], name=spec["school"][1], region=town, stage=Stage.JUNIOR)
    school_class = SchoolClassFactory(school=school, grade=7, name="1班", enrolled=30)
    students = [
        StudentFactory(school_class=school_class, number=number, name=name, registered=True)
        for number, name in spec["students"]
    ]
    attempts = []
    for student in students:
        attempt = grading.start_attempt(contest, user=student.user)
        grading.submit(attempt, answers_with(attempt, len(attempt.paper)))
        attempts.append(attempt)
    officer = UserFactory(username=f"officer_{key}", display_name=f"{spec['town'][1]}宣传员")
    office = UserFactory(username=f"office_{key}", display_name=f"{spec['district'][1]}禁毒办", is_staff=True)
    Group.objects.get(name=OFFICER_GROUP_NAME).user_set.add(officer)
    Group.objects.get(name=OFFICE_GROUP_NAME).user_set.add(office)
    RegionAssignment.objects.create(user=officer, region=town)
    assignment = RegionAssignment.objects.create(user=office, region=district)
    approved_title, submitted_title = spec["reports"]
    report = create_report(town, REPORT_DAY, title=approved_title, user=officer)
    submitted = create_report(town, REPORT_DAY, title=submitted_title, approved=False, user=officer)
    submit(submitted, officer)
    submitted.refresh_from_db()
    tip_off = _tip_off(key, district, town, home)
    events = EventIndexPageFactory(parent=home, slug=f"shows-{key}")
    event = EventPageFactory(parent=events, slug=f"show-{key}")
    showing = ShowingFactory(event=event, region=town)
    teacher = make_teacher(school_class, username=f"teacher_{key}")
    users = {
        "student": students[0].user,
        "teacher": teacher,
        "school_admin": make_staff(StaffRole.SCHOOL_ADMIN, school=school, username=f"school_admin_{key}"),
        "bureau": make_staff(StaffRole.BUREAU, region=district, username=f"bureau_{key}"),
        "officer": officer,
        "office": office,
    }
    return SimpleNamespace(
        district=district,
        town=town,
        school=school,
        school_class=school_class,
        students=students,
        student=students[0],
        attempt=attempts[0],
        certificate=Certificate.objects.get(user=students[0].user),
        report=report,
        submitted=submitted,
        workflow_state=submitted.current_workflow_state,
        task_state=submitted.current_workflow_state.current_task_state,
        revision=report.revisions.order_by("pk").first(),
        target=TargetFactory(region=district, year=2024),
        assignment=assignment,
        staff_role=SchoolStaff.objects.get(user=teacher),
        event=event,
        showing=showing,
        tip_off=tip_off,
        users=users,
        student_names=[student.name for student in students],
        report_titles=list(spec["reports"]),
    )


def _neighbour(district):
    town = Region.objects.get(
        pk=district.add_child(code=NEIGHBOUR["town"][0], name=NEIGHBOUR["town"][1], level=RegionLevel.TOWN).pk
    )
    school = SchoolFactory(code=NEIGHBOUR["school"][0], name=NEIGHBOUR["school"][1], region=town)
    number, name = NEIGHBOUR["student"]
    StudentFactory(school_class=SchoolClassFactory(school=school), number=number, name=name, registered=True)
    officer = UserFactory(username="officer_n", display_name="两江宣传员")
    Group.objects.get(name=OFFICER_GROUP_NAME).user_set.add(officer)
    RegionAssignment.objects.create(user=officer, region=town)
    create_report(town, REPORT_DAY, title=NEIGHBOUR["report"], user=officer)
    return {
        "neighbour_school_admin": make_staff(StaffRole.SCHOOL_ADMIN, school=school, username="school_admin_n"),
        "neighbour_officer": officer,
    }


def _colleague(half):
    school_class = SchoolClassFactory(school=half.school, grade=7, name=COLLEAGUE["class"])
    number, name = COLLEAGUE["student"]
    StudentFactory(school_class=school_class, number=number, name=name, registered=True)
    return {"colleague_teacher": make_teacher(school_class, username="teacher_c")}


def _readable_names(world):
    """The sensitive words (students' names, reports' titles) each role may read."""
    student, report = NEIGHBOUR["student"][1], NEIGHBOUR["report"]
    names = {"anonymous": set(), "editor": set(), "neighbour_school_admin": {student}, "neighbour_officer": {report}}
    for prefix, half in (("", world.a), ("other_", world.b)):
        names[f"{prefix}student"] = {half.student.name}
        for role in ("teacher", "school_admin", "bureau"):
            names[f"{prefix}{role}"] = set(half.student_names)
        for role in ("officer", "office"):
            names[f"{prefix}{role}"] = set(half.report_titles)
    colleague = COLLEAGUE["student"][1]
    names["colleague_teacher"] = {colleague}
    names["school_admin"].add(colleague)
    names["bureau"].update((student, colleague))
    names["office"].add(report)
    every = [*world.a.student_names, *world.b.student_names, student, colleague, *world.a.report_titles]
    names["superuser"] = set(every + world.b.report_titles + [report])
    return names


def build_world():
    """Both halves, the shared contest and content, and a user for every role."""
    workflow = ensure_setup()
    home, index = make_site_tree()
    contest = QuizPageFactory(
        parent=home,
        title="全市禁毒知识竞赛",
        slug="contest",
        is_contest=True,
        audience=QuizAudience.STUDENTS,
        pass_mark=60,
        questions=[QuestionFactory(stem=f"竞赛题{n}") for n in range(3)],
    )
    public_quiz = QuizPageFactory(parent=home, title="禁毒知识测验", slug="quiz", questions=[QuestionFactory()])
    courses = CourseIndexPageFactory(parent=home, slug="courses")
    course = CoursePageFactory(parent=courses, grade=7, title="七年级禁毒课", slug="grade-7")
    lesson = LessonPageFactory(parent=course, title="认识毒品", slug="lesson-1")
    world = SimpleNamespace(
        home=home,
        index=index,
        contest=contest,
        public_quiz=public_quiz,
        courses=courses,
        course=course,
        lesson=lesson,
        workflow=workflow,
        workflow_task=workflow.tasks.first(),
        collection=Collection.get_first_root_node(),
        troupe=TroupeFactory(),
        dialect=DialectFactory(),
        art_form=ArtFormFactory(),
        material_kind=MaterialKindFactory(name="宣传册"),
        theme=CampaignThemeFactory(),
        material=PublicityMaterialFactory(),
        subtitle=SubtitleTrackFactory(),
        question=QuestionFactory(stem="冰毒的化学名称是什么？"),
        image=wagtail_factories.ImageFactory(),
        redirect=Redirect.objects.create(old_path="/old-page", redirect_link="/"),
    )
    world.anonymous_attempt = grading.start_attempt(public_quiz)
    world.article = ArticlePageFactory(parent=index, title="认识冰毒", slug="know-ice")
    world.video = VideoPageFactory(parent=MediaIndexPageFactory(parent=home, slug="videos"), slug="film")
    world.contest_revision = contest.save_revision()
    world.a = _half("a", HALVES["a"], contest, home)
    world.b = _half("b", HALVES["b"], contest, home)
    world.media = world.subtitle.media
    world.document = world.material.document
    world.campaign = CampaignFactory(name="全民禁毒宣传月")
    editor = UserFactory(username="editor", display_name="内容编辑")
    editor.groups.add(Group.objects.get(name="Editors"))
    world.users = {
        "anonymous": None,
        "editor": editor,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    for role in HALF_ROLES:
        world.users[role] = world.a.users[role]
        world.users[f"other_{role}"] = world.b.users[role]
    world.users.update(_neighbour(world.a.district))
    world.users.update(_colleague(world.a))
    world.readable = _readable_names(world)
    world.sensitive = sorted(world.readable["superuser"])
    world.a.job = _finished_export(world.a.users["office"])
    return world


def _finished_export(owner):
    """A done export job of half A's office, with its file (jindu/jobs)."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone
    from openpyxl import Workbook

    from jindu.models import Job
    from jindu.spreadsheets import workbook_bytes

    job = Job.objects.create(
        owner=owner,
        kind="campaign_export",
        title="活动报表导出",
        status=Job.Status.DONE,
        result_name="export.xlsx",
        expires=timezone.now() + datetime.timedelta(days=7),
    )
    job.result.save("export.xlsx", ContentFile(workbook_bytes(Workbook())), save=True)
    return job
