"""Rows a test module builds once, in a transaction rolled back at the module's end.

Each test still runs in its own savepoint on top of them (pytest-django's `db`), as with Django's
`TestCase.setUpTestData`, and should read its own instances of the shared rows.
"""

from contextlib import contextmanager, nullcontext

import pytest
from django.db import transaction
from django.test import override_settings


@contextmanager
def rolled_back(django_db_blocker, uploads=None):
    """Rows written in the block are rolled back when it ends; files go under `uploads` when given."""
    files = override_settings(MEDIA_ROOT=uploads) if uploads else nullcontext()
    with files, django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def shared_uploads():
    """A module's uploads folder and the autouse fixture pointing each of its tests at it.

    Use as `module_uploads, uploads_in_tmp = shared_uploads()` in a test module: the module's shared
    rows and its tests then see the same files.
    """

    @pytest.fixture(scope="module", name="module_uploads")
    def folder(tmp_path_factory):
        return tmp_path_factory.mktemp("uploads")

    @pytest.fixture(autouse=True, name="uploads_in_tmp")
    def uploads_in_tmp(settings, module_uploads):
        settings.MEDIA_ROOT = module_uploads

    return folder, uploads_in_tmp
