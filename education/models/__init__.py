from .courses import CourseIndexPage, CoursePage, LessonPage
from .progress import LessonProgress, PortalAccess
from .schools import School, SchoolClass, SchoolQuerySet, SchoolStaff, StaffRole, Stage, Student

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "LessonPage",
    "LessonProgress",
    "PortalAccess",
    "School",
    "SchoolClass",
    "SchoolQuerySet",
    "SchoolStaff",
    "Stage",
    "StaffRole",
    "Student",
]
