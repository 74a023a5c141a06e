from .jobs import Job
from .notifications import Notification, NotificationKind
from .pages import ArticleIndexPage, ArticlePage, ArticlePageTag, HomePage
from .regions import Region
from .site_settings import FooterSettings, MainMenu, MainMenuItem
from .users import User

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "FooterSettings",
    "HomePage",
    "Job",
    "MainMenu",
    "MainMenuItem",
    "Notification",
    "NotificationKind",
    "Region",
    "User",
]
