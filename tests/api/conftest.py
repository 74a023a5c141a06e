import pytest

from tests.education import conftest as education_conftest

questions = education_conftest.questions


@pytest.fixture
def api_world(site_tree, questions):
    """Articles, a video, the education world (courses, lessons, students) and a public quiz."""
    from types import SimpleNamespace

    from django.core.cache import cache

    from education.factories import QuizPageFactory
    from jindu.factories import ArticlePageFactory
    from tests.education.fixtures import build_world

    cache.clear()  # the quiz address limit counts in the cache
    home, index = site_tree
    world = build_world(home)
    quiz = QuizPageFactory(parent=home, title="禁毒知识测验", questions=questions, pass_mark=60)
    article = ArticlePageFactory(parent=index, title="冰毒的危害", summary="认识冰毒，远离毒品。")
    other = ArticlePageFactory(parent=index, title="禁毒法解读", summary="法律常识。")
    return SimpleNamespace(home=home, world=world, quiz=quiz, article=article, other=other, questions=questions)
