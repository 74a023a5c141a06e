import pytest

from education.factories import QuestionFactory, QuizPageFactory, make_student
from education.models import QuestionKind
from tests.education.fixtures import build_world


@pytest.fixture
def questions(db):
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


@pytest.fixture
def quiz(site_tree, questions):
    home, _index = site_tree
    return QuizPageFactory(parent=home, title="禁毒知识测验", questions=questions, pass_mark=60)


@pytest.fixture
def student(db):
    return make_student(username="xiaoming", display_name="王小明")


@pytest.fixture
def world(site_tree):
    home, _index = site_tree
    return build_world(home)
