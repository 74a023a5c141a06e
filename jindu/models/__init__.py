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
    "ListItem",
    "MainMenu",
    "MainMenuItem",
    "MaterialKind",
    "Region",
    "User",
]
