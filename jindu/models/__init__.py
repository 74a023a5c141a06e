from .jobs import Job
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
    "Region",
    "User",
]
