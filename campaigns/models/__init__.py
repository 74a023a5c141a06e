from .access import OFFICE_GROUP_NAME, OFFICER_GROUP_NAME, RegionAssignment
from .bulletin import BulletinSettings
from .log import ActivityReportLogEntry
from .reference import ActivityType
from .reports import (
    MAX_FIGURE,
    ActivityReport,
    OfficeReviewTask,
    PendingPhoto,
    ReportMaterial,
    ReportPhoto,
    ReportStatus,
    counted_condition,
    max_people_per_session,
)
from .summary import MaterialSummary, MonthlySummary
from .targets import Metric, Target
from .tipoffs import TipOff, TipOffFormField, TipOffPage, TipOffStatus

__all__ = [
    "OFFICE_GROUP_NAME",
    "OFFICER_GROUP_NAME",
    "MAX_FIGURE",
    "ActivityReport",
    "ActivityReportLogEntry",
    "ActivityType",
    "BulletinSettings",
    "MaterialSummary",
    "Metric",
    "MonthlySummary",
    "OfficeReviewTask",
    "PendingPhoto",
    "RegionAssignment",
    "ReportMaterial",
    "ReportPhoto",
    "ReportStatus",
    "Target",
    "TipOff",
    "TipOffFormField",
    "TipOffPage",
    "TipOffStatus",
    "counted_condition",
    "max_people_per_session",
]
