"""Students told of a contest for their stage once it is published and open, each of them once."""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_tasks import task

from jindu.models import NotificationKind
from jindu.notifications import BATCH_SIZE, in_chinese, notify
from schools.models import Student

from .models import QuizAudience, QuizPage


def _is_student_contest(page):
    return page.is_contest and page.audience == QuizAudience.STUDENTS


def contest_published(sender, instance, **kwargs):
    """After the publishing commits, announce the contest: now, or when it opens if the task backend can wait."""
    if not _is_student_contest(instance) or instance.window_state() == "closed":
        return
    pk, opens_at = instance.pk, instance.opens_at
    transaction.on_commit(lambda: _enqueue(pk, opens_at), robust=True)


def _enqueue(pk, opens_at):
    if opens_at and opens_at > timezone.now() and announce_contest.get_backend().supports_defer:
        return announce_contest.using(run_after=opens_at).enqueue(pk)
    return announce_contest.enqueue(pk)


def students_for(page):
    """The active student accounts a contest is for: its stage's, or every stage's."""
    students = Student.objects.filter(user__is_active=True)
    if page.stage:
        students = students.filter(school__stage=page.stage)
    return students


@task()
@in_chinese
def announce_contest(page_id):
    """Tell the contest's students who were not told yet; returns how many were told now."""
    page = QuizPage.objects.live().filter(pk=page_id).first()
    if page is None or not _is_student_contest(page):
        return 0
    state = page.window_state()
    if state == "closed":
        return 0
    title = _("New contest: %(title)s") % {"title": page.title}
    lines = []
    if state == "not_open":
        lines.append(_("It opens %(time)s.") % {"time": _when(page.opens_at)})
    else:
        lines.append(_("It is open now."))
    if page.closes_at:
        lines.append(_("It closes %(time)s.") % {"time": _when(page.closes_at)})
    url = page.get_url() or ""
    user_ids = list(students_for(page).order_by("pk").values_list("user_id", flat=True))
    told = 0
    for start in range(0, len(user_ids), BATCH_SIZE):
        told += _tell(user_ids[start : start + BATCH_SIZE], page, title, lines, url)
    return told


def _tell(user_ids, page, title, lines, url):
    kind = NotificationKind.CONTEST_OPEN
    return len(notify(user_ids, kind, title, body="\n".join(lines), url=url, topic=f"quiz:{page.pk}"))


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def connect_signals():
    from wagtail.signals import page_published

    page_published.connect(contest_published, sender=QuizPage, dispatch_uid="education_contest_notice")
