# The school tests share the education tests' fixtures (same names), so a test reads the same in either folder.
from tests.education.conftest import questions, quiz, student, world

__all__ = ["questions", "quiz", "student", "world"]
