# The school tests share the education tests' fixtures (same names), so a test reads the same in either folder.
from tests.education.conftest import (
    contest_world,
    layer_copies,
    layer_stack,
    pytest_fixture_setup,
    questions,
    quiz,
    shared_contest,
    shared_questions,
    shared_quiz,
    shared_site,
    shared_world,
    site_tree,
    student,
    world,
)

__all__ = [
    "contest_world",
    "layer_copies",
    "layer_stack",
    "pytest_fixture_setup",
    "questions",
    "quiz",
    "shared_contest",
    "shared_questions",
    "shared_quiz",
    "shared_site",
    "shared_world",
    "site_tree",
    "student",
    "world",
]
