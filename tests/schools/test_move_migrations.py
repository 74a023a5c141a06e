"""Moving the school models from education to schools keeps every row, table, permission and log entry.

The database is taken back to before the move (education 0005, no schools app), filled the old way, and brought
forward (and back, and forward again).
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.migration_steps import Migrations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migrations]

BEFORE = [("education", "0005_portalaccess_graduate"), ("schools", None)]
MOVED = ["school", "schoolclass", "student", "schoolstaff", "portalaccess"]


@pytest.fixture
def migrations():
    """Whatever a test does to the migration state, the next test finds the database at the latest migration."""
    migrations = Migrations()
    yield migrations
    migrations.latest()


def fill_the_old_way(apps):
    """School rows as education held them, a group allowed to see students and a log entry; ids to look for."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("jindu", "User")
    Region = apps.get_model("jindu", "Region")
    School = apps.get_model("education", "School")
    SchoolClass = apps.get_model("education", "SchoolClass")
    Student = apps.get_model("education", "Student")
    SchoolStaff = apps.get_model("education", "SchoolStaff")
    PortalAccess = apps.get_model("education", "PortalAccess")
    LessonProgress = apps.get_model("education", "LessonProgress")
    LogEntry = apps.get_model("wagtailcore", "ModelLogEntry")

    region = Region.objects.create(path="9001", depth=1, code="990000", name="测试区", level=2)
    school = School.objects.create(code="S-MOVE", name="搬迁中学", region=region, stage="junior")
    school_class = SchoolClass.objects.create(school=school, grade=7, name="1班", enrolled=40, join_code="MOVE2345")
    pupil = User.objects.create(username="s-S-MOVE-1", display_name="李小华")
    teacher = User.objects.create(username="move-teacher")
    school_class.teachers.add(teacher)
    student = Student.objects.create(user=pupil, school=school, school_class=school_class, name="李小华", number="1")
    staff = SchoolStaff.objects.create(user=teacher, role="teacher", school=school)
    access = PortalAccess.objects.create(user=teacher, action="view", what="class", school=school, rows=1)

    types = {model: ContentType.objects.get_or_create(app_label="education", model=model)[0].pk for model in MOVED}
    view_student, _ = Permission.objects.get_or_create(
        content_type_id=types["student"], codename="view_student", defaults={"name": "Can view student"}
    )
    group = Group.objects.create(name="学籍查看")
    group.permissions.add(view_student)
    viewer = User.objects.create(username="move-viewer")
    viewer.groups.add(group)
    entry = LogEntry.objects.create(
        content_type_id=types["school"],
        label="搬迁中学",
        action="wagtail.edit",
        object_id=str(school.pk),
        timestamp=timezone.now(),
    )
    return {
        "school": school.pk,
        "class": school_class.pk,
        "student": student.pk,
        "staff": staff.pk,
        "access": access.pk,
        "teacher": teacher.pk,
        "viewer": viewer.pk,
        "group": group.pk,
        "types": types,
        "entry": entry.pk,
        "progress": LessonProgress.objects.count(),
    }


def check_the_new_way(apps, old):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    School = apps.get_model("schools", "School")
    SchoolClass = apps.get_model("schools", "SchoolClass")
    Student = apps.get_model("schools", "Student")
    SchoolStaff = apps.get_model("schools", "SchoolStaff")
    PortalAccess = apps.get_model("schools", "PortalAccess")
    LogEntry = apps.get_model("wagtailcore", "ModelLogEntry")

    # The same rows under the same ids, in the same tables.
    assert School._meta.db_table == "education_school"
    school_class = SchoolClass.objects.get(pk=old["class"])
    assert (school_class.school_id, school_class.join_code) == (old["school"], "MOVE2345")
    assert list(school_class.teachers.values_list("pk", flat=True)) == [old["teacher"]]
    student = Student.objects.get(pk=old["student"])
    assert (student.school_id, student.school_class_id, student.name) == (old["school"], old["class"], "李小华")
    assert SchoolStaff.objects.get(pk=old["staff"]).school_id == old["school"]
    assert PortalAccess.objects.get(pk=old["access"]).school_id == old["school"]

    # Content types moved with their ids: one each, so permissions and log entries keep pointing at them.
    for model, pk in old["types"].items():
        assert ContentType.objects.filter(model=model, app_label__in=["education", "schools"]).count() == 1
        assert (ContentType.objects.get(pk=pk).app_label, model) == ("schools", model)
    assert (
        Group.objects.get(pk=old["group"])
        .permissions.filter(content_type_id=old["types"]["student"], codename="view_student")
        .exists()
    )
    assert LogEntry.objects.get(pk=old["entry"]).content_type_id == old["types"]["school"]


def check_the_running_site(old):
    """Through the real models: the permission is asked the new way, the log entry finds its school."""
    from schools.models import School

    viewer = get_user_model().objects.get(pk=old["viewer"])
    assert viewer.has_perm("schools.view_student")
    assert not viewer.has_perm("education.view_student")
    assert ContentType.objects.get_for_model(School).pk == old["types"]["school"]


def check_the_old_way_again(apps, old):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Student = apps.get_model("education", "Student")

    assert Student.objects.get(pk=old["student"]).school_class_id == old["class"]
    for pk in old["types"].values():
        assert ContentType.objects.get(pk=pk).app_label == "education"


def test_moving_the_school_models_keeps_every_row_and_permission_both_ways(migrations):
    old = fill_the_old_way(migrations.migrate(BEFORE))

    check_the_new_way(migrations.latest(), old)
    check_the_running_site(old)
    check_the_old_way_again(migrations.migrate(BEFORE), old)
    check_the_new_way(migrations.latest(), old)


def test_a_schools_content_type_made_early_is_merged_into_the_moved_one(migrations):
    apps = migrations.migrate(BEFORE)
    old = fill_the_old_way(apps)
    # As if post_migrate had run between the two migrations: a schools content type with its own permission,
    # which someone already gave to a group.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    early = ContentType.objects.create(app_label="schools", model="student")
    early_view = Permission.objects.create(content_type=early, codename="view_student", name="Can view student")
    early_add = Permission.objects.create(content_type=early, codename="add_student", name="Can add student")
    adders = Group.objects.create(name="学籍录入")
    adders.permissions.add(early_view, early_add)

    apps = migrations.latest()

    check_the_new_way(apps, old)
    ContentType = apps.get_model("contenttypes", "ContentType")
    assert not ContentType.objects.filter(pk=early.pk).exists()
    granted = apps.get_model("auth", "Group").objects.get(pk=adders.pk).permissions
    assert set(granted.values_list("content_type_id", "codename")) == {
        (old["types"]["student"], "view_student"),
        (old["types"]["student"], "add_student"),
    }
