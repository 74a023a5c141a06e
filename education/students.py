"""Who counts as a student, and where they study: the hook the school portal (issue 5) replaces.

Until schools and classes exist, a student is a user in the Django group named "students" and
nobody has a school or class yet. Issue 5 swaps the bodies of these functions for lookups on its
Student model; every caller in this app goes through them.
"""

from django.utils.translation import gettext as _

STUDENTS_GROUP = "students"


def is_student(user):
    """Whether `user` may take quizzes meant for students (contests, exams)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(name=STUDENTS_GROUP).exists()


def school_name(user):
    """The school shown on certificates and their public verification page."""
    return ""


def school_and_class(user):
    """(school, class) names for participation reports; placeholders until schools exist."""
    return (_("No school yet"), _("No class yet"))


def participation_users_queryset(queryset):
    """Let the participation report prefetch what school_and_class() reads (nothing yet)."""
    return queryset
