"""The inbox: one person's messages only, marked read by POST, a badge counted once a page, e-mail when switched on."""

import json
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jindu.factories import UserFactory
from jindu.models import Notification, NotificationKind
from jindu.notifications import notify, notify_job_finished
from jindu.wagtail_hooks import register_inbox_menu_item

pytestmark = pytest.mark.django_db

MAIL_ON = {"EMAIL_HOST": "smtp.example.cn", "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}


@pytest.fixture
def officers(db):
    return SimpleNamespace(
        mine=UserFactory(username="officer_a", email="a@example.cn"),
        other=UserFactory(username="officer_b", email="b@example.cn"),
    )


@pytest.fixture
def inboxes(officers):
    """Two messages for officer A (one read), one for officer B."""
    notify(
        officers.mine,
        NotificationKind.REPORT_SENT_BACK,
        "报表被退回：五通禁毒宣讲",
        body="退回原因：入户数不符",
        url="/reports/",
    )
    notify(officers.mine, NotificationKind.REPORT_APPROVED, "报表已通过审核：五通文艺演出", url="/reports/")
    Notification.objects.filter(title__contains="五通文艺演出").update(read_at="2026-01-01T00:00:00+08:00")
    notify(officers.other, NotificationKind.REPORT_SENT_BACK, "报表被退回：两江入户走访", url="/reports/")
    return SimpleNamespace(
        unread=Notification.objects.get(title__contains="五通禁毒宣讲"),
        theirs=Notification.objects.get(recipient=officers.other),
    )


def signed_in(client, user):
    client.force_login(user)
    return client


def test_officer_sees_only_their_own_messages_newest_first(client, officers, inboxes):
    page = signed_in(client, officers.mine).get(reverse("inbox"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "五通禁毒宣讲" in text and "退回原因：入户数不符" in text and "五通文艺演出" in text
    assert "两江入户走访" not in text
    assert text.index("五通文艺演出") < text.index("五通禁毒宣讲"), "the newer message comes first"
    assert text.count("inbox-item--unread") == 1
    assert "1 条未读消息" in text


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign_in"))


def test_another_persons_message_cannot_be_marked_read(client, officers, inboxes):
    response = signed_in(client, officers.mine).post(reverse("inbox_read", args=[inboxes.theirs.pk]))
    assert response.status_code == 404
    inboxes.theirs.refresh_from_db()
    assert inboxes.theirs.read_at is None


def test_marking_read_needs_a_post(client, officers, inboxes):
    response = signed_in(client, officers.mine).get(reverse("inbox_read", args=[inboxes.unread.pk]))
    assert response.status_code == 405
    inboxes.unread.refresh_from_db()
    assert inboxes.unread.read_at is None


def test_marking_one_read_returns_to_the_inbox_and_open_goes_to_its_link(client, officers, inboxes):
    client = signed_in(client, officers.mine)
    response = client.post(reverse("inbox_read", args=[inboxes.unread.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/reports/"
    inboxes.unread.refresh_from_db()
    assert inboxes.unread.read_at is not None
    response = client.post(reverse("inbox_read", args=[inboxes.unread.pk]), {"page": "２"})
    assert response["Location"] == reverse("inbox") + "?page=2"


def test_mark_all_read_touches_only_ones_own_messages(client, officers, inboxes):
    client = signed_in(client, officers.mine)
    response = client.post(reverse("inbox_read_all"), {"page": "x"}, follow=True)
    assert "已将全部消息标为已读" in response.content.decode()
    assert not Notification.objects.for_user(officers.mine).unread().exists()
    assert Notification.objects.for_user(officers.other).unread().count() == 1


def test_a_crafted_link_never_becomes_a_link(officers):
    (message,) = notify(officers.mine, NotificationKind.JOB_FINISHED, "导出完成", url="javascript:alert(1)")
    assert message.url == ""
    (message,) = notify(officers.mine, NotificationKind.JOB_FINISHED, "导出完成", url="//evil.example/x")
    assert message.url == ""


def test_header_badge_shows_the_unread_count_for_one_query(client, officers, inboxes):
    client = signed_in(client, officers.mine)
    client.get(reverse("search"))  # warm the site frame
    with CaptureQueriesContext(connection) as queries:
        text = client.get(reverse("search")).content.decode()
    assert '<span class="inbox-badge">1<span class="visually-hidden"> 未读</span></span>' in text
    counts = [query["sql"] for query in queries.captured_queries if "jindu_notification" in query["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0].upper()


def test_inbox_page_costs_the_same_queries_for_three_messages_or_thirty(client, officers):
    client = signed_in(client, officers.mine)

    def queries():
        client.get(reverse("inbox"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("inbox")).status_code == 200
        return len(captured.captured_queries)

    notify([officers.mine] * 3, NotificationKind.JOB_FINISHED, "导出完成")
    for _ in range(3):
        notify(officers.mine, NotificationKind.JOB_FINISHED, "导出完成")
    few = queries()
    for _ in range(27):
        notify(officers.mine, NotificationKind.JOB_FINISHED, "导出完成")
    assert queries() == few


def test_no_badge_without_unread_messages_and_none_for_the_anonymous(client, officers):
    text = signed_in(client, officers.mine).get(reverse("search")).content.decode()
    assert 'href="/inbox/"' in text and "inbox-badge" not in text
    client.logout()
    assert 'href="/inbox/"' not in client.get(reverse("search")).content.decode()


def test_admin_menu_item_carries_the_unread_count(rf, officers, inboxes):
    request = rf.get("/admin/")
    request.user = officers.mine
    component = register_inbox_menu_item().render_component(request)
    assert component.url == reverse("inbox")
    assert str(component.label) == "消息（1 条未读）"
    request = rf.get("/admin/")
    request.user = officers.other
    Notification.objects.update(read_at="2026-01-01T00:00:00+08:00")
    assert str(register_inbox_menu_item().render_component(request).label) == "消息"


def test_admin_pages_count_unread_messages_once(client, officers, inboxes):
    editor = UserFactory(username="editor_n", is_superuser=True, is_staff=True)
    notify(editor, NotificationKind.JOB_FAILED, "导出失败")
    client.force_login(editor)
    client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("wagtailadmin_home"))
    assert page.status_code == 200
    # The sidebar travels as JSON, with its Chinese escaped.
    assert json.dumps("消息（1 条未读）")[1:-1] in page.content.decode()
    assert len([query for query in queries.captured_queries if "jindu_notification" in query["sql"]]) == 1


def test_email_goes_out_only_when_the_mail_server_is_set_and_the_kind_is_on(
    settings, site_tree, officers, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST = ""
    with django_capture_on_commit_callbacks(execute=True):
        notify(officers.mine, NotificationKind.REPORT_SENT_BACK, "报表被退回：五通禁毒宣讲", body="退回原因：照片不符")
    assert mail.outbox == []

    for name, value in MAIL_ON.items():
        setattr(settings, name, value)
    settings.JINDU_NOTIFY_EMAIL = {"report_sent_back": True, "report_approved": False}
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [officers.mine, officers.other],
            NotificationKind.REPORT_SENT_BACK,
            "报表被退回：五通禁毒宣讲",
            body="退回原因：照片不符",
            url="/reports/7/",
        )
        notify(officers.mine, NotificationKind.REPORT_APPROVED, "报表已通过审核：五通禁毒宣讲")
    assert [message.to for message in mail.outbox] == [["a@example.cn"], ["b@example.cn"]]
    message = mail.outbox[0]
    assert message.subject == "报表被退回：五通禁毒宣讲"
    assert "退回原因：照片不符" in message.body and "http://testserver/reports/7/" in message.body
    assert Notification.objects.count() == 4, "the inbox holds every message, e-mailed or not"


def test_email_waits_for_the_commit(settings, officers, django_capture_on_commit_callbacks):
    for name, value in MAIL_ON.items():
        setattr(settings, name, value)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(officers.mine, NotificationKind.JOB_FINISHED, "导出完成")
    assert mail.outbox == [] and len(callbacks) == 1


def test_a_broken_mail_server_does_not_break_the_request(settings, officers, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens: the connection is refused
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = notify(officers.mine, NotificationKind.JOB_FAILED, "导出失败")
    assert Notification.objects.filter(pk=message.pk).exists()


def test_a_topic_tells_each_person_once(officers):
    assert len(notify([officers.mine, officers.other], NotificationKind.CONTEST_OPEN, "新竞赛", topic="quiz:1")) == 2
    assert len(notify([officers.mine.pk, officers.other], NotificationKind.CONTEST_OPEN, "新竞赛", topic="quiz:1")) == 0
    assert len(notify(officers.mine, NotificationKind.CONTEST_OPEN, "新竞赛", topic="quiz:2")) == 1


class FinishedJob:
    def __init__(self, owner, status, error=""):
        self.owner, self.title, self.status, self.error = owner, "2024年活动报表导出", status, error

    def get_absolute_url(self):
        return "/jobs/12/"


def test_job_owner_is_told_of_a_finished_or_failed_job(officers):
    (done,) = notify_job_finished(FinishedJob(officers.mine, "successful"))
    (failed,) = notify_job_finished(FinishedJob(officers.mine, "FAILED", error="第 12 行：日期格式不对"))
    assert (done.kind, done.title, done.url) == ("job_finished", "已完成：2024年活动报表导出", "/jobs/12/")
    assert (failed.kind, failed.title, failed.body) == (
        "job_failed",
        "任务失败：2024年活动报表导出",
        "第 12 行：日期格式不对",
    )
    assert {done.recipient_id, failed.recipient_id} == {officers.mine.pk}


def test_a_new_message_leaves_the_page_cache_alone(page_cache, officers):
    from jindu import pagecache

    assert pagecache.remember("probe", lambda: "before") == "before"
    message = Notification.objects.create(recipient=officers.mine, kind="job_finished", title="导出完成")
    message.save()
    assert pagecache.remember("probe", lambda: "after") == "before", "a message must not start a new generation"
