"""A migrated SQLite test database kept in var/, so the suite migrates once, not once per xdist worker and run.

Migrating from nothing is the slowest thing each worker did before its first test. The first worker to need a
database migrates it the usual way (pytest-django, Django's create_test_db) and keeps a copy as the template; every
other worker, in this run or a later one, starts from a copy of that file instead. The template's name carries a
hash of every migration file, the models of apps without migrations and the settings modules, so a new or changed
migration (in this project or an upgraded package) makes a new template, migrated from nothing again.

A transactional test's clean-up puts the template back too (`restore`, called by the suite's `flush`,
tests/cleanup): the database is as freshly migrated as the first transactional test found it, in a few milliseconds,
where emptying every table and re-creating the content types and permissions took a tenth of a second per test.

Only for SQLite files; on PostgreSQL the databases are created and flushed as before.
"""

import fcntl
import hashlib
import os
import sqlite3
import sys
from pathlib import Path

import django
from django.conf import ENVIRONMENT_VARIABLE, settings
from django.db import DEFAULT_DB_ALIAS

PREFIX = "test-template-"


class Template:
    def __init__(self):
        self.lock = None
        self.path = None
        self.copied = False

    def test_database(self):
        config = settings.DATABASES[DEFAULT_DB_ALIAS]
        if config["ENGINE"] != "django.db.backends.sqlite3":
            return None
        name = str(config.get("TEST", {}).get("NAME") or "")
        if not name or name == ":memory:" or name.startswith("file:"):
            return None
        return Path(name)

    def prepare(self):
        """Copy the template to this worker's test database, or hold the lock to make the template after migrating."""
        target = self.test_database()
        if target is None:
            return
        folder = target.parent
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{PREFIX}{schema_key()}.sqlite3"
        self.lock = open(folder / f"{PREFIX}lock", "w")  # held until the template exists
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        if self.path.exists():
            copy_database(self.path, target)
            self.copied = True
            self.release()

    def keep(self):
        """After a migration from nothing: save the fresh database as the template (before any test writes to it)."""
        if self.lock is None:
            return
        target = self.test_database()
        if not self.copied and target is not None and target.exists():
            for old in self.path.parent.glob(f"{PREFIX}*.sqlite3"):
                old.unlink(missing_ok=True)
            partial = self.path.with_suffix(".partial")
            copy_database(target, partial)
            os.replace(partial, self.path)
        self.release()

    def restore(self, connection):
        """Put the template back in place of `connection`'s database; False (nothing done) where there is none."""
        if self.path is None or not self.path.exists() or connection.vendor != "sqlite":
            return False
        name = connection.settings_dict["NAME"]
        if Path(name) != self.test_database():
            return False
        connection.close()
        copy_database(self.path, name)
        return True

    def release(self):
        if self.lock is not None:
            fcntl.flock(self.lock, fcntl.LOCK_UN)
            self.lock.close()
            self.lock = None


TEMPLATE = Template()


def copy_database(source, target):
    """A consistent copy through SQLite's backup API, written into `target` in place (a new file if there is none):
    a live server's threads keep their own connections to the test database open."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def schema_key():
    """A hash of everything that decides what the migrated database holds."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = {sys.modules[migration.__module__].__file__ for migration in loader.disk_migrations.values()}
    for label in loader.unmigrated_apps:
        module = apps.get_app_config(label).models_module
        if module is not None:
            files.add(module.__file__)
    # The environment names the settings module even inside override_settings (its SETTINGS_MODULE is None there).
    settings_package = sys.modules[os.environ[ENVIRONMENT_VARIABLE].rpartition(".")[0]]
    files.update(str(path) for path in Path(settings_package.__file__).parent.glob("*.py"))
    digest = hashlib.sha256(django.get_version().encode())
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(Path(name).read_bytes())
    return digest.hexdigest()[:16]
