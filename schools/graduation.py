"""Graduation: a class or a school's leavers leave no name behind, while the contest and class-hour figures stay.

Anonymising (the default) keeps each student record and its user row, stripped of every identifier, so
results and progress stay attached and every past 通报表 adds up as before. Deleting removes the students,
their user rows, results and progress: nothing is kept, and past figures lose those students.
"""

import secrets

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from schools.models import Student

ANONYMISE, DELETE = "anonymise", "delete"


def _anonymise(student):
    token = secrets.token_hex(8)
    user = student.user
    user.username = f"graduated-{token}"
    user.display_name = user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    student.name = ""
    student.number = f"{Student.GRADUATED_PREFIX}{token}"
    student.save(update_fields=["name", "number"])


@transaction.atomic
def graduate(students, mode=ANONYMISE):
    """Anonymise or delete `students` (a queryset) with their user rows; returns how many."""
    students = list(students.select_related("user").select_for_update())
    for student in students:
        if mode == DELETE:
            student.delete()
        else:
            _anonymise(student)
    return len(students)


@receiver(post_delete, sender=Student, dispatch_uid="education_student_deletes_its_user")
def delete_user_with_student(sender, instance, **kwargs):
    """A student's user row holds the name too: it goes with the student (and takes results along)."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=instance.user_id).delete()
