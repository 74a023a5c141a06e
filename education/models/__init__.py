from .attempts import Attempt, Certificate, Result
from .courses import CourseIndexPage, CoursePage, LessonPage
from .progress import LessonProgress
from .questions import AudienceBand, Difficulty, Question, QuestionKind, QuestionOption, QuestionTag
from .quizzes import DrawRule, QuizAudience, QuizPage, QuizQuestion

__all__ = [
    "Attempt",
    "AudienceBand",
    "Certificate",
    "CourseIndexPage",
    "CoursePage",
    "Difficulty",
    "DrawRule",
    "LessonPage",
    "LessonProgress",
    "Question",
    "QuestionKind",
    "QuestionOption",
    "QuestionTag",
    "QuizAudience",
    "QuizPage",
    "QuizQuestion",
    "Result",
]
