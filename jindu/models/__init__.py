from .jobs import Job
from .notifications import Notification, NotificationKind
from .pages import ArticleIndexPage, ArticlePage, ArticlePageTag, HomePage
from .regions import Region
from .site_settings import FooterSettings, MainMenu, MainMenuItem
from .users import User
from .vocabulary import Campaign, CampaignTheme, Dialect, ListItem, MaterialKind

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "Campaign",
    "CampaignTheme",
    "Dialect",
    "FooterSettings",
    "HomePage",
    "Job",
    "ListItem",
    "MainMenu",
    "MainMenuItem",
    "MaterialKind",
    "Notification",
    "NotificationKind",
    "Region",
    "User",
]
