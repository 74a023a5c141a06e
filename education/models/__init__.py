from .attempts import Attempt, Certificate, Result
from .questions import AudienceBand, Difficulty, Question, QuestionKind, QuestionOption, QuestionTag
from .quizzes import DrawRule, QuizAudience, QuizPage, QuizQuestion

__all__ = [
    "Attempt",
    "AudienceBand",
    "Certificate",
    "Difficulty",
    "DrawRule",
    "Question",
    "QuestionKind",
    "QuestionOption",
    "QuestionTag",
    "QuizAudience",
    "QuizPage",
    "QuizQuestion",
    "Result",
]
