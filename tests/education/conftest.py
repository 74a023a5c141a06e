import pytest
from wagtail.models import Site

from education.factories import QuestionFactory, QuizPageFactory, make_student
from education.models import QuestionKind
from tests.conftest import make_site_tree
from tests.education.fixtures import build_contest, build_world
from tests.education.layers import layer, layer_copies, layer_stack, pytest_fixture_setup

__all__ = ["layer_copies", "layer_stack", "pytest_fixture_setup"]


# Built once for the tests asking for them in turn (tests/education/layers.py); each test gets its own copies.
shared_site = layer("site")(lambda below: make_site_tree())
shared_world = layer("world", "site")(lambda below: build_world(below.site[0]))


@layer("contest", "site", "world")
def shared_contest(below):
    """The world with build_contest's contest taken by its students."""
    build_contest(below.world)
    return below.world


@layer("questions")
def shared_questions(below):
    """One question of each kind, with known correct options."""
    single = QuestionFactory(
        stem="“冰毒”的化学名称是什么？",
        options=[("甲基苯丙胺", True), ("氯胺酮", False), ("吗啡", False)],
        tags=["毒品种类"],
    )
    multiple = QuestionFactory(
        stem="下列哪些属于毒品？",
        kind=QuestionKind.MULTIPLE,
        options=[("海洛因", True), ("大麻", True), ("绿茶", False), ("鸦片", True)],
        tags=["毒品种类"],
    )
    true_false = QuestionFactory(
        stem="吸毒一次不会上瘾。",
        kind=QuestionKind.TRUE_FALSE,
        options=[("正确", False), ("错误", True)],
        tags=["毒品危害"],
    )
    return [single, multiple, true_false]


@layer("quiz", "site", "questions")
def shared_quiz(below):
    home, _index = below.site
    return QuizPageFactory(parent=home, title="禁毒知识测验", questions=below.questions, pass_mark=60)


@pytest.fixture
def site_tree(shared_site):
    """A default site whose root is a HomePage with one article index under it (tests/conftest.py make_site_tree)."""
    Site.clear_site_root_paths_cache()  # as saving the site did when each test made its own
    return shared_site


@pytest.fixture
def questions(shared_questions):
    return shared_questions


@pytest.fixture
def quiz(site_tree, questions, shared_quiz):
    return shared_quiz


@pytest.fixture
def student(db):
    return make_student(username="xiaoming", display_name="王小明")


@pytest.fixture
def world(site_tree, shared_world):
    """The education world of tests/education/fixtures.py build_world."""
    return shared_world


@pytest.fixture
def contest_world(site_tree, shared_contest):
    """The world with a contest its students took (tests/education/fixtures.py build_contest)."""
    return shared_contest


# What a module outside these folders takes to stand on the shared world: its fixtures and the layers' own.
WORLD_FIXTURES = (site_tree, world, shared_site, shared_world, layer_stack, layer_copies)
