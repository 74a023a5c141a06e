"""Who counts as a student, and where they study: the one place every caller asks.

A student is a user with a `Student` record (created by a roster import or a class join code); `student_of` gives
it. Members of the 学生 (students) group also count for quizzes meant for students (`is_student`), for quizzes run
before a school is set up.
"""

from schools.models import Student

STUDENTS_GROUP = "学生"  # renamed from "students" by jindu migration 0005


def student_of(user, with_class=False):
    """The user's Student row, or None for staff, the public and anonymous visitors.

    `with_class`: read the school and class in the same query.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if with_class:
        student = Student.objects.select_related("school", "school_class").filter(user=user).first()
        if student is not None:
            user.student = student  # for whatever asks the user for it later in the request
        return student
    try:
        return user.student
    except Student.DoesNotExist:
        return None


def is_student(user):
    """Whether `user` may take quizzes meant for students (contests, exams)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return student_of(user) is not None or user.groups.filter(name=STUDENTS_GROUP).exists()


def studies_at_stage(user, stage):
    """Whether `user` is a student of a school of `stage` (a group member without a school is of no stage)."""
    student = student_of(user)
    return student is not None and student.school.stage == stage


def school_name(user):
    """The school shown on certificates and their public verification page."""
    student = student_of(user)
    return student.school.name if student else ""
