"""How `make test` hands the suite to its xdist workers (tests/conftest.py, tests/xdist_groups.py)."""

from tests.conftest import uses_database
from tests.xdist_groups import group_of


def test_exactly_the_tests_that_need_no_database_and_have_no_group_share_one(request):
    """Under `make test` (the whole suite) the group is the largest, so xdist hands it out first (tests/conftest.py)."""
    assert group_of(request.node) == "no_database"  # this test needs none
    for item in request.session.items:
        in_group = group_of(item) == "no_database"
        other_groups = {mark.args[0] for mark in item.iter_markers("xdist_group")} - {"no_database"}
        assert in_group == (not uses_database(item) and not other_groups), item.nodeid
