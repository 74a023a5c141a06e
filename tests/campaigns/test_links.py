"""Reports follow up showings from the schedule; the dashboard shows the public quizzes' awareness rate."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.factories import create_report
from campaigns.models import ActivityReport
from education import grading
from education.factories import QuestionFactory, QuizPageFactory
from events.factories import EventIndexPageFactory, EventPageFactory, ShowingFactory
from tests.campaigns.conftest import shared_base_fixtures
from tests.campaigns.test_views import form_data
from tests.conftest import make_site_tree
from tests.education.helpers import right_answers, wrong_answers

regions, kinds, people = shared_base_fixtures()


pytestmark = pytest.mark.django_db


def showing_in(region, days_ago, title):
    home, _index = make_site_tree()
    schedule = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=schedule, title=title)
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return ShowingFactory(event=event, region=region, start=start, venue="文化广场")


def test_officer_can_link_a_report_to_a_recent_showing_in_their_town(client, regions, kinds, people):
    ours = showing_in(regions.village_a, 2, "竹山村禁毒快板")
    theirs = ShowingFactory(event=ours.event, region=regions.town_b, start=ours.start, venue="两江广场")
    client.force_login(people.officer_a)

    form = client.get(reverse("campaigns:report_create")).content.decode()
    today = timezone.localdate().isoformat()
    client.post(reverse("campaigns:report_create"), form_data(regions, kinds, date=today, showing=ours.pk))

    assert "竹山村禁毒快板" in form and "两江广场" not in form
    assert ActivityReport.objects.get().showing == ours
    assert list(theirs.activity_reports.all()) == []


def test_dashboard_shows_the_awareness_rate_of_public_quizzes_in_the_region(client, regions, kinds, people):
    home, _index = make_site_tree()
    quiz = QuizPageFactory(parent=home, counts_for_awareness=True, questions=[QuestionFactory()])
    for answers, region in (
        (right_answers, regions.town_a),
        (right_answers, regions.town_a),
        (wrong_answers, regions.town_b),
    ):
        attempt = grading.start_attempt(quiz, region=region)
        grading.submit(attempt, answers(attempt))
    outside = grading.start_attempt(quiz, region=regions.other_town)
    grading.submit(outside, wrong_answers(outside))
    create_report(regions.town_a, timezone.localdate(), sessions=1, people_reached=10)
    client.force_login(people.office)

    page = client.get(
        reverse("campaigns_dashboard"), {"region": regions.district.pk, "year": timezone.localdate().year}
    ).content.decode()

    assert "禁毒知识知晓率" in page
    assert "66.7%" in page
