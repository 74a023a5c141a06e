from .access import PortalAccess
from .schools import School, SchoolClass, SchoolQuerySet, SchoolStaff, StaffRole, Stage, Student

__all__ = [
    "PortalAccess",
    "School",
    "SchoolClass",
    "SchoolQuerySet",
    "SchoolStaff",
    "Stage",
    "StaffRole",
    "Student",
]
