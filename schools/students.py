"""Who counts as a student, and where they study: one place every quiz caller goes through.

A student is a user with a `Student` record (created by a roster import or a class join code).
Members of the 学生 (students) group also count, for quizzes run before a school is set up.
"""

STUDENTS_GROUP = "学生"  # renamed from "students" by jindu migration 0005


def _student(user):
    return getattr(user, "student", None) if user.is_authenticated else None


def is_student(user):
    """Whether `user` may take quizzes meant for students (contests, exams)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _student(user) is not None or user.groups.filter(name=STUDENTS_GROUP).exists()


def school_name(user):
    """The school shown on certificates and their public verification page."""
    student = _student(user)
    return student.school.name if student else ""
