from types import SimpleNamespace

import pytest
from django.core.cache import cache

from education.factories import QuizPageFactory
from jindu.factories import ArticlePageFactory
from tests.education.conftest import (
    layer_copies,
    layer_stack,
    pytest_fixture_setup,
    shared_questions,
    shared_site,
    shared_world,
    site_tree,
)
from tests.education.layers import layer

__all__ = [
    "layer_copies",
    "layer_stack",
    "pytest_fixture_setup",
    "shared_questions",
    "shared_site",
    "shared_world",
    "site_tree",
]


@layer("api", "site", "world", "questions")
def shared_api(below):
    home, index = below.world.home, below.site[1]
    quiz = QuizPageFactory(parent=home, title="禁毒知识测验", questions=below.questions, pass_mark=60)
    article = ArticlePageFactory(parent=index, title="冰毒的危害", summary="认识冰毒，远离毒品。")
    other = ArticlePageFactory(parent=index, title="禁毒法解读", summary="法律常识。")
    return SimpleNamespace(home=home, quiz=quiz, article=article, other=other)


@pytest.fixture
def questions(shared_questions):
    return shared_questions


@pytest.fixture
def api_world(site_tree, shared_world, questions, shared_api):
    """Articles, a video, the education world (courses, lessons, students) and a public quiz."""
    cache.clear()  # the quiz address limit counts in the cache
    return SimpleNamespace(world=shared_world, questions=questions, **vars(shared_api))
