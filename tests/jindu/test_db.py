"""prepared_cursor(): PostgreSQL prepares fixed statements once per connection, and Django still sees every query."""

import pytest
from django.conf import settings
from django.db import connection

from jindu.db import prepared_cursor
from jindu.models import User

pytestmark = pytest.mark.django_db

STATEMENT = "SELECT username FROM jindu_user WHERE id = %s"


def run(user_id):
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [user_id])
        return cursor.fetchone()


def prepared_here():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%FROM jindu_user%"])
        return [row[0] for row in cursor.fetchall()]


def test_every_run_is_a_query_django_counts(django_assert_num_queries):
    user = User.objects.create_user("lihua")
    with django_assert_num_queries(5) as captured:
        for _ in range(5):
            assert run(user.pk) == ("lihua",)
    assert all("jindu_user" in query["sql"] for query in captured.captured_queries)
    assert run(user.pk + 1) is None


def test_postgresql_prepares_the_statement_after_the_threshold_and_reuses_it():
    if connection.vendor != "postgresql":
        with prepared_cursor() as cursor, connection.cursor() as django_cursor:
            assert type(cursor.cursor) is type(django_cursor.cursor), "elsewhere: Django's own cursor"
        return
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    user = User.objects.create_user("zhaolei")
    for _ in range(threshold):
        assert run(user.pk) == ("zhaolei",)
    assert prepared_here() == [], "not prepared before the threshold"
    for _ in range(3):
        assert run(user.pk) == ("zhaolei",)
    assert len(prepared_here()) == 1, "prepared once, then reused"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 1, "Django's own queries stay unprepared"
