"""Rows a test module builds once, in a transaction rolled back at the module's end.

Each test still runs in its own savepoint on top of them (pytest-django's `db`), as with Django's
`TestCase.setUpTestData`, and should read its own instances of the shared rows.
"""

from collections import defaultdict
from contextlib import contextmanager, nullcontext
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.db.models import Model
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


def _instances(value):
    if isinstance(value, Model):
        yield value
    elif isinstance(value, SimpleNamespace):
        yield from _instances(vars(value))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _instances(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _instances(item)


def _copied(value, loaded):
    if isinstance(value, Model):
        return loaded[type(value)][value.pk]
    if isinstance(value, SimpleNamespace):
        return SimpleNamespace(**_copied(vars(value), loaded))
    if isinstance(value, dict):
        return {key: _copied(item, loaded) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_copied(item, loaded) for item in value)
    return value


def fresh(value):
    """A copy of `value` whose model instances are read again from the database, one query per model."""
    keys = defaultdict(set)
    for instance in _instances(value):
        keys[type(instance)].add(instance.pk)
    loaded = {model: model._default_manager.in_bulk(pks) for model, pks in keys.items()}
    return _copied(value, loaded)
