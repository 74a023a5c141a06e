import gc
import os
import sys

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

from jindu.factories import ArticleIndexPageFactory, HomePageFactory
from tests import xdist_groups
from tests.frame_stack import roomy
from tests.migrated_template import TEMPLATE


def pytest_configure(config):
    """Collect garbage less often: each test process holds Django, Wagtail and every model, so with Python's
    default thresholds (700, 10, 10) a full collection walks that whole heap every few thousand allocations
    (over 20 s of the suite's CPU, about half of it in full collections). Memory is no concern at this size."""
    gc.set_threshold(10_000, 20, 100)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """Each test, its fixtures' set-up and teardown included, runs by the usual protocol inside `roomy()`
    (tests/frame_stack.py), so its deep calls do not map and unmap frame-stack memory."""
    return roomy(plain_protocol(item.config.pluginmanager), item=item, nextitem=nextitem)


def plain_protocol(pluginmanager):
    """The hook's other implementations, without its wrappers (they wrap this one) and without this one."""
    hook = pluginmanager.hook.pytest_runtest_protocol
    wrappers = {impl.plugin for impl in hook.get_hookimpls() if impl.wrapper or impl.hookwrapper}
    return pluginmanager.subset_hook_caller("pytest_runtest_protocol", remove_plugins=[*wrappers, THIS_PLUGIN])


THIS_PLUGIN = sys.modules[__name__]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadgroup":
        return xdist_groups.MarkedGroupScheduling(config, log)
    return None


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """`--numprocesses auto`: a worker for each core and one more for the tests that mostly wait (their group,
    tests/xdist_groups.py). PYTEST_XDIST_AUTO_NUM_WORKERS still decides when it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return xdist_groups.cores() + 1


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    xdist_groups.configure_node(node)


def pytest_collection_modifyitems(config, items):
    migrations_first(items)
    spare = xdist_groups.worker_to_spare(config)
    sqlite = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    for item in items:
        if group := suite_group(item, spare, sqlite):
            item.add_marker(pytest.mark.xdist_group(group))
    xdist_groups.write_groups(config, items)


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    flagged = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    return bool(flagged) or bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def migrations_first(items):
    """The tests marked `migrations` (the longest single tests) first among the transactional ones.

    pytest-django has put the transactional tests after the others (each one empties the tables as it ends). The
    migration tests each keep one worker busy for many seconds; started where the transactional tests start, they
    run beside the browser journeys on the other worker instead of being the last thing either worker does (on
    SQLite they start earlier still, `suite_group`).
    """
    marked = [item for item in items if item.get_closest_marker("migrations")]
    assert all(map(is_transactional, marked)), "a `migrations` test must be transactional"
    rest = [item for item in items if not item.get_closest_marker("migrations")]
    start = next((index for index, item in enumerate(rest) if is_transactional(item)), len(rest))
    items[:] = rest[:start] + marked + rest[start:]


def uses_database(item):
    """As pytest-django decides it: a Django test case class, a `django_db` mark, `db` or a transactional fixture."""
    from django.test import TransactionTestCase

    if isinstance(getattr(item, "cls", None), type) and issubclass(item.cls, TransactionTestCase):
        return True
    marked = item.get_closest_marker("django_db") is not None
    return marked or "db" in getattr(item, "fixturenames", ()) or is_transactional(item)


WAITS = ("tests/browser/", "tests/jindu/test_job_worker.py")


def suite_group(item, spare, sqlite):
    """The xdist group the suite gives a test that has none of its own (`spare`: a worker to spare; `sqlite`: the
    database is SQLite), or None.

    - `waits`: with a worker to spare, the browser journeys and the task-worker tests, which spend most of their
      time waiting; that worker runs them and nothing else (tests/xdist_groups.py). Without one they stay where
      pytest-django puts them, among the transactional tests at the end, so no worker empties its PostgreSQL
      database before a test that needs the migrations' rows.
    - `migrations`: on SQLite, the migration tests. A transactional test's clean-up puts the migrated template back
      there (tests/cleanup), so the tests after them on a worker still find the migrations' rows, and as a group
      they are handed out before the tests in none: a fresh clone, whose workers first wait for the template,
      otherwise ended its run with one of them still migrating.
    - `no_database`: the tests that need no database, the largest group, which xdist hands out first. On a fresh
      clone another worker's first database test migrates the template (about 16 s) while this group runs (the
      deploy checks' subprocesses, the spreadsheet and import-graph checks: about 20 s).
    """
    if xdist_groups.group_of(item):
        return None
    if spare and item.nodeid.startswith(WAITS):
        return xdist_groups.WAITS
    if sqlite and item.get_closest_marker("migrations"):
        return "migrations"
    if not uses_database(item):
        return "no_database"
    return None


def pytest_unconfigure(config):
    xdist_groups.remove_folder(config)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Start this worker's SQLite test database from the migrated template when there is one (tests/migrated_template.py)."""
    TEMPLATE.prepare()
    yield
    TEMPLATE.release()


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings):
    """A database copied from the template is kept as it is: Django only checks that every migration is applied."""
    return request.config.getvalue("reuse_db") or TEMPLATE.copied


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's set-up; a database it migrated from nothing becomes the template."""
    TEMPLATE.keep()


def wagtail_root():
    """Wagtail's root page, recreated if a transactional test flushed the migrations' data."""
    root = Page.get_first_root_node()
    if root is None:
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


def make_site_tree():
    """A default site whose root is a fresh HomePage with one article index under it."""
    root = wagtail_root()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="禁毒宣教平台")
    index = ArticleIndexPageFactory(parent=home, slug="knowledge")
    return home, index


@pytest.fixture
def site_tree(db):
    return make_site_tree()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "correct-horse-battery")
    client.force_login(user)
    return client


def empty_page_cache():
    """Nothing kept: no page, fragment or value, and no address remembered as one never kept."""
    from django.core.cache import cache

    from jindu.pagecache import forget_addresses_never_kept

    cache.clear()
    forget_addresses_never_kept()


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on (jindu/pagecache.py), starting empty."""
    settings.JINDU_PAGE_CACHE_SECONDS = 600
    empty_page_cache()
    yield
    empty_page_cache()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language.

    A request through the test client leaves its language active in this thread (LocaleMiddleware does not undo
    it), so without this a test that reads a translated message outside a request would depend on the one before.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Keep files uploaded by a test out of var/."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


# Index updates on save. The search index is off in jindu/settings/test.py (AUTO_UPDATE) and Wagtail's reference
# index off here for the whole session (Wagtail has no setting for it), so a save costs no indexing in the many
# tests that never read either index. A test that reads one is marked `search_index` or `reference_index`
# (pyproject.toml). The switch is thrown before the test's fixtures are set up, so data a marked module or class
# builds once (a module fixture, setUpTestData) is indexed too.


class SearchIndexUpdates:
    """The search backends' AUTO_UPDATE, read on every save in every thread (a live server's too), and the search
    app's save and delete handlers.

    With AUTO_UPDATE off the handlers still run on every save of an indexed model: modelsearch enqueues its index
    task (run at once here), which fetches the object again and asks whether it is in its indexed objects before it
    finds no backend to update, two queries a save that change nothing. While updates are off the handlers are
    disconnected, as `search_auto_update = False` would leave them; the marked tests get them back.
    """

    def __init__(self):
        self.was = None

    @staticmethod
    def _signals():
        from django.db.models.signals import post_delete, post_save
        from modelsearch import index
        from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

        for model in index.get_indexed_models():
            if getattr(model, "search_auto_update", True):
                yield post_save, post_save_signal_handler, model
                yield post_delete, post_delete_signal_handler, model

    def on(self):
        self.was = {name: params.get("AUTO_UPDATE", True) for name, params in settings.WAGTAILSEARCH_BACKENDS.items()}
        for params in settings.WAGTAILSEARCH_BACKENDS.values():
            params["AUTO_UPDATE"] = True
        for signal, handler, model in self._signals():
            signal.connect(handler, sender=model)

    def off(self):
        for name, auto_update in (self.was or {}).items():
            settings.WAGTAILSEARCH_BACKENDS[name]["AUTO_UPDATE"] = auto_update
        if not any(params.get("AUTO_UPDATE", True) for params in settings.WAGTAILSEARCH_BACKENDS.values()):
            for signal, handler, model in self._signals():
                signal.disconnect(handler, sender=model)


class ReferenceIndexUpdates:
    """Wagtail's reference index updates on save, paused in this thread (a live server's thread still updates)."""

    def __init__(self):
        from contextlib import ExitStack

        self.paused = ExitStack()

    def off(self):
        from wagtail.signal_handlers import disable_reference_index_auto_update

        self.paused.enter_context(disable_reference_index_auto_update())

    def on(self):
        self.paused.close()


INDEX_UPDATES = {"search_index": SearchIndexUpdates(), "reference_index": ReferenceIndexUpdates()}


def pytest_sessionstart(session):
    for updates in INDEX_UPDATES.values():
        updates.off()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    for mark, updates in INDEX_UPDATES.items():
        if item.get_closest_marker(mark):
            updates.on()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    try:
        return (yield)
    finally:  # after the fixtures' teardown, even a failed one
        for mark, updates in INDEX_UPDATES.items():
            if item.get_closest_marker(mark):
                updates.off()
