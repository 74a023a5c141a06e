"""A transactional test's clean-up: the suite's `flush` (tests/cleanup) puts the migrated SQLite template back."""

import sqlite3
from contextlib import closing

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from tests.migrated_template import TEMPLATE

pytestmark = pytest.mark.django_db(transaction=True)


def rows_per_table(cursor):
    names = [row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    return {name: cursor.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def test_the_clean_up_leaves_the_database_as_freshly_migrated():
    Group.objects.create(name="只在这个测试里")
    migrated_groups = Group.objects.exclude(name="只在这个测试里").count()

    call_command("flush", interactive=False, verbosity=0)

    assert not Group.objects.filter(name="只在这个测试里").exists()
    if TEMPLATE.test_database() is None:  # PostgreSQL: Django's flush, every table emptied
        assert not Group.objects.exists()
        return
    assert migrated_groups > 0  # the migrations' own rows were there, and are there again
    assert Group.objects.count() == migrated_groups
    with closing(sqlite3.connect(TEMPLATE.path)) as template, connection.cursor() as cursor:
        assert rows_per_table(cursor) == rows_per_table(template.cursor())
