"""How `make test` hands the suite to its xdist workers (tests/conftest.py, tests/xdist_groups.py)."""

from types import SimpleNamespace

import pytest

from tests import xdist_groups
from tests.conftest import WAITS, uses_database
from tests.xdist_groups import MarkedGroupScheduling, group_of


def test_exactly_the_tests_that_need_no_database_and_have_no_group_share_one(request):
    """Under `make test` (the whole suite) the group is the largest, so xdist hands it out first (tests/conftest.py)."""
    assert group_of(request.node) == "no_database"  # this test needs none
    for item in request.session.items:
        in_group = group_of(item) == "no_database"
        other_groups = {mark.args[0] for mark in item.iter_markers("xdist_group")} - {"no_database"}
        assert in_group == (not uses_database(item) and not other_groups), item.nodeid


def test_with_a_worker_to_spare_the_browser_journeys_and_task_worker_tests_form_the_waits_group(request):
    spare = xdist_groups.worker_to_spare(request.config)
    for item in request.session.items:
        assert (group_of(item) == xdist_groups.WAITS) == (spare and item.nodeid.startswith(WAITS)), item.nodeid


class Node:
    """What the scheduler asks of a worker: tests to run, and to stop once they have run."""

    def __init__(self, number):
        self.gateway = SimpleNamespace(id=f"gw{number}")
        self.sent = []
        self.shutting_down = False

    def send_runtest_some(self, indexes):
        self.sent.extend(indexes)

    def shutdown(self):
        self.shutting_down = True


COLLECTION = ["w.py::a", "w.py::b", "w.py::c", "n.py::a", "n.py::b", "n.py::c", "n.py::d", "x.py::a", "x.py::b"]


def scheduled(monkeypatch, cores, groups, workers=3):
    monkeypatch.setattr(xdist_groups, "cores", lambda: cores)
    config = SimpleNamespace(option=SimpleNamespace(loadscopereorder=True), getvalue={"tx": [f"{workers}*popen"]}.get)
    scheduler = MarkedGroupScheduling(config)
    scheduler.groups = groups
    nodes = [Node(number) for number in range(workers)]
    for node in nodes:
        scheduler.add_node(node)
        scheduler.add_node_collection(node, COLLECTION)
    scheduler.schedule()
    xdist_groups.remove_folder(config)
    return scheduler, nodes


def run_all(scheduler, nodes):
    done = {id(node): 0 for node in nodes}
    while any(done[id(node)] < len(node.sent) for node in nodes):
        for node in nodes:
            while done[id(node)] < len(node.sent):
                scheduler.mark_test_complete(node, node.sent[done[id(node)]])
                done[id(node)] += 1
    return {id(node): [COLLECTION[index] for index in node.sent] for node in nodes}


GROUPS = {"w.py::a": "waits", "w.py::b": "waits", "w.py::c": "waits"}
GROUPS.update({f"n.py::{name}": "no_database" for name in "abcd"})


def test_with_a_worker_to_spare_one_worker_runs_the_waits_group_and_nothing_else(monkeypatch):
    scheduler, nodes = scheduled(monkeypatch, cores=2, groups=GROUPS)
    ran = run_all(scheduler, nodes)
    waits_node = scheduler.waits_node
    assert ran[id(waits_node)] == ["w.py::a", "w.py::b", "w.py::c"]
    assert waits_node.shutting_down
    others = sorted(test for node in nodes if node is not waits_node for test in ran[id(node)])
    assert others == sorted(COLLECTION[3:])
    assert scheduler.tests_finished


def test_with_no_waits_group_the_spare_worker_stops_at_once(monkeypatch):
    scheduler, nodes = scheduled(monkeypatch, cores=2, groups={})
    ran = run_all(scheduler, nodes)
    assert ran[id(scheduler.waits_node)] == [] and scheduler.waits_node.shutting_down
    assert sorted(test for tests in ran.values() for test in tests) == sorted(COLLECTION)


@pytest.mark.parametrize("workers", [2, 3])
def test_with_no_worker_to_spare_the_waits_group_is_a_group_like_any_other(monkeypatch, workers):
    scheduler, nodes = scheduled(monkeypatch, cores=3, groups=GROUPS, workers=workers)
    ran = run_all(scheduler, nodes)
    assert scheduler.waits_node is None
    assert sorted(test for tests in ran.values() for test in tests) == sorted(COLLECTION)
    holding = [tests for tests in ran.values() if "w.py::a" in tests]
    assert {"w.py::a", "w.py::b", "w.py::c"} <= set(holding[0])


def test_on_sqlite_the_migration_tests_form_one_group_handed_out_early(request):
    from django.conf import settings

    sqlite = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    for item in request.session.items:
        marked = item.get_closest_marker("migrations") is not None
        assert (group_of(item) == "migrations") == (sqlite and marked), item.nodeid
