from .attempts import Attempt, Certificate, Result
from .courses import CourseIndexPage, CoursePage, LessonPage
from .progress import LessonProgress, PortalAccess
from .questions import AudienceBand, Difficulty, Question, QuestionKind, QuestionOption, QuestionTag
from .quizzes import DrawRule, QuizAudience, QuizPage, QuizQuestion
from .schools import School, SchoolClass, SchoolQuerySet, SchoolStaff, StaffRole, Stage, Student

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
    "PortalAccess",
    "Question",
    "QuestionKind",
    "QuestionOption",
    "QuestionTag",
    "QuizAudience",
    "QuizPage",
    "QuizQuestion",
    "Result",
    "School",
    "SchoolClass",
    "SchoolQuerySet",
    "SchoolStaff",
    "Stage",
    "StaffRole",
    "Student",
]
