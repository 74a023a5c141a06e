"""`flush` for the test suite: Django's, unless the migrated template can be put back instead.

Django's TransactionTestCase (pytest-django's transactional tests and live server) ends each test with
`flush --no-input`: every table emptied, then content types and permissions made again by the post-migrate
signal (a tenth of a second a test here). On SQLite the database the test started from is at hand,
tests/migrated_template.py, so the clean-up copies it back: the next test finds the database as freshly migrated
as the first one did, the migrations' own rows (groups, Wagtail's root page and site, the shared vocabulary)
included. An interactive `flush`, PostgreSQL and any database but the test database get Django's command.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.management.commands import flush
from django.db import connections

from tests.migrated_template import TEMPLATE


class Command(flush.Command):
    def handle(self, **options):
        if not options["interactive"] and TEMPLATE.restore(connections[options["database"]]):
            # Content types have the template's ids again; forget the ones the test cached.
            ContentType.objects.clear_cache()
            return
        super().handle(**options)
