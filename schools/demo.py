"""Demo schools, students, courses and progress in 临桂区; running it twice doubles nothing."""

import json
import random
import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from education.demo_lessons import equip_lesson
from education.models import CourseIndexPage, CoursePage, LessonPage, LessonProgress
from jindu.accounts import public_sign_in_url
from jindu.models import MainMenu, MainMenuItem, Region
from schools.accounts import issue_passwords
from schools.models import School, SchoolClass, SchoolStaff, StaffRole, Stage, Student
from schools.models.schools import student_username

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁宋郑谢韦蒙覃莫廖"
GIVEN = [
    "小明",
    "雨桐",
    "子涵",
    "浩然",
    "思琪",
    "宇轩",
    "欣怡",
    "俊杰",
    "梓萱",
    "博文",
    "佳怡",
    "一诺",
    "晨曦",
    "嘉怡",
    "天佑",
]


def paragraphs(*texts):
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts], ensure_ascii=False)


COURSES = [
    {
        "slug": "junior-drug-prevention",
        "title": "初中毒品预防教育专题课",
        "stage": Stage.JUNIOR,
        "grade": None,
        "hours": Decimal("3"),
        "intro": "认识毒品、看清新型毒品的伪装、学会拒绝，三节课共 3 课时。",
        "lessons": [
            (
                "know-drugs",
                "认识毒品",
                "毒品是指鸦片、海洛因、甲基苯丙胺（冰毒）、吗啡、大麻、可卡因以及国家规定管制的其他能够使人形成瘾癖的麻醉药品和精神药品。",
            ),
            (
                "disguised-drugs",
                "新型毒品的伪装",
                "一些新型毒品被做成奶茶粉、跳跳糖、邮票的样子。来历不明的饮料和零食不要碰。",
            ),
            ("say-no", "学会拒绝", "面对诱惑，坚定说“不”，及时离开，告诉老师和家长。发现涉毒线索可以向公安机关举报。"),
        ],
    },
    {
        "slug": "primary-drug-prevention",
        "title": "小学毒品预防启蒙课",
        "stage": Stage.PRIMARY,
        "grade": None,
        "hours": Decimal("2"),
        "intro": "用故事讲清楚什么是毒品、怎样保护自己，两节课共 2 课时。",
        "lessons": [
            ("what-is-a-drug", "什么是毒品", "毒品会伤害大脑和身体，一旦沾上很难摆脱。药品要在医生和家长指导下使用。"),
            ("protect-myself", "我会保护自己", "陌生人给的东西不要吃，不好奇、不尝试，遇到危险大声呼救并告诉大人。"),
        ],
    },
]

SCHOOLS = [
    {
        "code": "DEMO450312001",
        "name": "临桂区示范中学（演示）",
        "town": "450312100",
        "stage": Stage.JUNIOR,
        "classes": [(7, "1班", 46), (7, "2班", 45), (8, "1班", 44)],
    },
    {
        "code": "DEMO450312002",
        "name": "五通镇中心小学（演示）",
        "town": "450312104",
        "stage": Stage.PRIMARY,
        "classes": [(5, "1班", 38), (6, "1班", 40)],
    },
]


def load_courses(home, log):
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(
                title="禁毒课堂", slug="courses", intro="青少年毒品预防教育课程：看视频、做测验，完成课时。"
            )
        )
    lessons = {}
    equipped = 0
    for spec in COURSES:
        course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if course is None:
            course = index.add_child(
                instance=CoursePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    intro=spec["intro"],
                    stage=spec["stage"],
                    grade=spec["grade"],
                    required_class_hours=spec["hours"],
                )
            )
        for slug, title, text in spec["lessons"]:
            lesson = LessonPage.objects.child_of(course).filter(slug=slug).first()
            if lesson is None:
                lesson = course.add_child(
                    instance=LessonPage(title=title, slug=slug, intro=text[:60], body=paragraphs(text), class_hours=1)
                )
            equipped += equip_lesson(home, lesson)
            lessons.setdefault(spec["stage"], []).append(lesson)
    menu = MainMenu.objects.filter(site__root_page=home).first()
    if menu and not menu.items.filter(link_page=index).exists():
        MainMenuItem.objects.create(menu=menu, link_page=index, label="禁毒课堂", sort_order=menu.items.count())
    log(f"Courses: {CoursePage.objects.child_of(index).count()} courses under {index.title}.")
    log(f"Lessons: {equipped} given a video with subtitles and a quiz.")
    return lessons


def load_schools(lessons, log):
    User = get_user_model()
    rng = random.Random(626)
    created = 0
    for spec in SCHOOLS:
        region = Region.objects.get(code=spec["town"])
        school, _ = School.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "region": region, "stage": spec["stage"]}
        )
        for grade, name, enrolled in spec["classes"]:
            school_class, _ = SchoolClass.objects.get_or_create(
                school=school, grade=grade, name=name, defaults={"enrolled": enrolled}
            )
            for seat in range(1, enrolled - rng.randint(2, 6) + 1):
                number = f"{2025 - grade % 6}{grade:02d}{name[0]}{seat:02d}"
                student_name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                registered = rng.random() < 0.85
                if Student.objects.filter(school=school, number=number).exists():
                    continue
                user = User.objects.create(
                    username=student_username(school.code, number),
                    display_name=student_name,
                    password=make_password(None),
                )
                Student.objects.create(
                    user=user,
                    school=school,
                    school_class=school_class,
                    name=student_name,
                    number=number,
                    registered_at=timezone.now() - timedelta(days=rng.randint(5, 60)) if registered else None,
                    must_change_password=not registered,
                )
                created += 1
                if registered:
                    done = rng.choice([0, 1, 2, 3, 3, 3])
                    for position, lesson in enumerate(lessons[school.stage]):
                        if position < done:
                            LessonProgress.objects.create(
                                user=user,
                                lesson=lesson,
                                video_watched=True,
                                quiz_passed=True,
                                completed_at=timezone.now(),
                            )
                        elif position == done:
                            LessonProgress.objects.create(user=user, lesson=lesson, video_watched=rng.random() < 0.5)
    log(f"Schools: {School.objects.filter(code__startswith='DEMO').count()} demo schools, {created} students created.")


DEMO_ROLE_NAMES = {
    StaffRole.TEACHER: "a teacher (班主任)",
    StaffRole.SCHOOL_ADMIN: "a school admin (学校管理员)",
    StaffRole.BUREAU: "the education bureau (教育局)",
}


def load_staff(log):
    User = get_user_model()
    junior = School.objects.get(code="DEMO450312001")
    district = Region.objects.get(code="450312")
    accounts = [
        ("demo.teacher", "王老师", StaffRole.TEACHER, {"school": junior}),
        ("demo.school", "李校长", StaffRole.SCHOOL_ADMIN, {"school": junior}),
        ("demo.bureau", "临桂区教育局", StaffRole.BUREAU, {"region": district}),
    ]
    for username, display_name, role, where in accounts:
        user, created = User.objects.get_or_create(username=username, defaults={"display_name": display_name})
        if created:
            user.set_unusable_password()
            user.save()
        SchoolStaff.objects.get_or_create(user=user, role=role, **where)
        if role == StaffRole.TEACHER:
            SchoolClass.objects.get(school=junior, grade=7, name="1班").teachers.add(user)
        if settings.DEBUG:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save()
            log(
                f"Sign in as {DEMO_ROLE_NAMES[role]} at {public_sign_in_url(staff=True)} "
                f"with username {username}, password {password}"
            )
    if not settings.DEBUG:
        log("School portal logins skipped: DEBUG is off.")


def load_demo_student(log):
    """One student of 王老师's class with a fresh one-time password, printed as the student types it."""
    if not settings.DEBUG:
        log("Demo student login skipped: DEBUG is off.")
        return
    students = Student.objects.filter(school__code="DEMO450312001", school_class__grade=7, school_class__name="1班")
    student = students.filter(registered_at__isnull=True).order_by("number").first() or students.order_by("number")[0]
    [(student, password)] = issue_passwords([student])
    log(
        f"Sign in as a student (学生 {student.name}, {student.school_class}) at {public_sign_in_url()} "
        f"with 学校代码 school code {student.school.code}, 学号 student number {student.number}, "
        f"一次性密码 one-time password {password} (首次登录须改密码: choose a new password at the first sign-in)"
    )


def load_demo(home, log):
    lessons = load_courses(home, log)
    load_schools(lessons, log)
    load_staff(log)
    load_demo_student(log)
