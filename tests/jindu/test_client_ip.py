"""The visitor's address behind nginx: X-Forwarded-For only through a trusted proxy; one address per visitor."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from education.factories import QuestionFactory, QuizPageFactory
from jindu.client_ip import client_ip

NGINX = "127.0.0.1"


def address(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.fixture
def behind_nginx(settings):
    settings.JINDU_TRUSTED_PROXIES = [NGINX, "10.8.0.0/16"]


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.JINDU_TRUSTED_PROXIES = []
    assert address(NGINX, "203.0.113.7") == NGINX


def test_behind_a_trusted_proxy_the_forwarded_address_counts(behind_nginx):
    assert address(NGINX, "203.0.113.7") == "203.0.113.7"


def test_the_right_most_untrusted_address_wins_over_what_the_visitor_wrote(behind_nginx):
    # The visitor sent "X-Forwarded-For: 1.2.3.4"; a load balancer (10.8.1.2) and nginx appended theirs.
    assert address(NGINX, "1.2.3.4, 203.0.113.7, 10.8.1.2") == "203.0.113.7"


def test_an_untrusted_client_cannot_spoof_the_header(behind_nginx):
    assert address("198.51.100.9", "1.2.3.4") == "198.51.100.9"


def test_garbage_in_the_header_falls_back_to_the_last_trusted_hop(behind_nginx):
    assert address(NGINX, "<script>, 10.8.1.2") == "10.8.1.2"
    assert address(NGINX, "") == NGINX


def test_ipv6_and_cidr_ranges(settings):
    settings.JINDU_TRUSTED_PROXIES = ["::1", "fd00::/8"]
    assert address("::1", "2001:db8::5, fd00::7") == "2001:db8::5"


@pytest.mark.django_db
class TestQuizLimitPerVisitor:
    @pytest.fixture(autouse=True)
    def limits(self, settings, behind_nginx):
        settings.EDUCATION_ANONYMOUS_ACTIONS_PER_IP = 2
        cache.clear()
        yield
        cache.clear()

    @pytest.fixture
    def quiz(self, site_tree):
        home, _index = site_tree
        return QuizPageFactory(parent=home, questions=[QuestionFactory() for _ in range(3)])

    def start(self, quiz, visitor, remote=NGINX):
        # A fresh browser each time: only the per-address limit can hold it back.
        return Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=visitor).post(reverse("education:start", args=[quiz.pk]))

    def test_two_visitors_behind_nginx_have_separate_limits(self, quiz):
        assert [self.start(quiz, "203.0.113.1").status_code for _ in range(3)] == [302, 302, 429]
        assert self.start(quiz, "203.0.113.2").status_code == 302, "a second visitor is not held back"

    def test_a_spoofed_header_from_outside_shares_the_senders_limit(self, quiz):
        codes = [self.start(quiz, f"203.0.113.{n}", remote="198.51.100.9").status_code for n in range(3)]
        assert codes == [302, 302, 429]
