"""Test data built once and shared by the tests that ask for it, the way Django's TestCase.setUpTestData shares it.

A layer is a builder of rows (the site tree, the education world, a module's users...) registered with `layer()`.
A test asks for one through its fixture `shared_<name>` (directly or through a fixture that does). Before the test's
first function fixture is set up, the open layers are made exactly the ones it asks for: a layer it does not ask
for is rolled back, a missing one is built inside a transaction of its own (a savepoint above the layers below).
The test then runs in its own savepoint above them (pytest-django's `db`), so whatever it writes is undone after
it, and it gets deep copies of the layers' objects, so whatever it changes in memory stays its own.
Consecutive tests asking for the same layers share them; a test asking for none, a transactional test among them,
finds none open. Everything is rolled back when the module ends (`layer_stack`).

The conftests of the folders whose tests use layers import `pytest_fixture_setup` from here (the hook only acts on
those tests and on open layers).
"""

import copy
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.db import connection, transaction

PREFIX = "shared_"


@dataclass
class Layer:
    name: str
    build: object
    needs: tuple
    rank: int


@dataclass
class Stack:
    """The open layers, lowest first, each with its outer transaction and the objects it built."""

    blocker: object = None
    open: list = field(default_factory=list)
    prepared_for: object = None


LAYERS = {}
STACK = Stack()


def layer(name, *needs):
    """Register `build(below)` as the layer `name` on top of the layers `needs`; `below` holds copies of their objects.

    Returns the fixture `shared_<name>` that gives a test fresh copies of what `build` returned.
    """

    def register(build):
        missing = [need for need in needs if need not in LAYERS]
        assert not missing, f"layer {name} needs {missing}, registered later"
        LAYERS[name] = Layer(name, build, needs, len(LAYERS))
        return layer_fixture(name)

    return register


def layer_fixture(name):
    @pytest.fixture(name=PREFIX + name)
    def fixture(layer_copies):
        return layer_copies[name]

    return fixture


@pytest.fixture(scope="module")
def layer_stack(django_db_setup, django_db_blocker):
    """Layers live no longer than the module: whatever is open at its end is rolled back."""
    STACK.blocker = django_db_blocker
    yield STACK
    close_down_to(0)


@pytest.fixture
def layer_copies(layer_stack, db):
    """This test's deep copies of every open layer's objects."""
    return copies()


def copies():
    """Deep copies of the open layers' objects in one go, so an object two of them hold stays one object."""
    return copy.deepcopy({entry.layer.name: entry.value for entry in STACK.open})


@dataclass
class Entry:
    layer: Layer
    atomic: object
    value: object = None
    depth: int = 0  # the connection's savepoints once this layer's transaction is open


def wanted(item):
    """The layers `item` asks for and the layers they stand on, lowest first."""
    names = set()
    todo = [name[len(PREFIX) :] for name in getattr(item, "fixturenames", ()) if name.startswith(PREFIX)]
    while todo:
        name = todo.pop()
        if name in LAYERS and name not in names:
            names.add(name)
            todo.extend(LAYERS[name].needs)
    return sorted((LAYERS[name] for name in names), key=lambda found: found.rank)


def transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def close_down_to(depth):
    """Roll back the open layers above the first `depth`."""
    while len(STACK.open) > depth:
        entry = STACK.open.pop()
        assert len(connection.savepoint_ids) == entry.depth, "a transaction was left open above the shared layers"
        with STACK.blocker.unblock():
            transaction.set_rollback(True)
            entry.atomic.__exit__(None, None, None)


def prepare(item):
    """Make the open layers exactly the ones `item` asks for."""
    layers = wanted(item)
    if layers and transactional(item):
        raise pytest.UsageError(f"{item.nodeid}: a transactional test cannot stand on shared layers")
    keep = 0
    while keep < min(len(layers), len(STACK.open)) and STACK.open[keep].layer is layers[keep]:
        keep += 1
    close_down_to(keep)
    for found in layers[keep:]:
        with STACK.blocker.unblock():
            below = copies()
            entry = Entry(found, transaction.atomic())
            entry.atomic.__enter__()
            entry.depth = len(connection.savepoint_ids)
            STACK.open.append(entry)
            try:
                entry.value = found.build(SimpleNamespace(**below))
            except BaseException:
                close_down_to(len(STACK.open) - 1)
                raise


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    """Before a test's first function fixture (pytest-django's transaction among them), set its layers up."""
    item = request.node
    if fixturedef.scope == "function" and STACK.prepared_for is not item:
        STACK.prepared_for = item
        if STACK.open or wanted(item):
            prepare(item)
    return (yield)
