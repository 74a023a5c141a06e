from .access import OFFICE_GROUP_NAME, OFFICER_GROUP_NAME, RegionAssignment
from .reference import ActivityType, Campaign, MaterialKind
from .reports import ActivityReport, OfficeReviewTask, ReportMaterial, ReportPhoto, ReportStatus
from .targets import Metric, Target

__all__ = [
    "OFFICE_GROUP_NAME",
    "OFFICER_GROUP_NAME",
    "ActivityReport",
    "ActivityType",
    "Campaign",
    "MaterialKind",
    "Metric",
    "OfficeReviewTask",
    "RegionAssignment",
    "ReportMaterial",
    "ReportPhoto",
    "ReportStatus",
    "Target",
]
