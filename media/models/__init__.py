from .materials import MaterialDownloadDay, PublicityMaterial
from .pages import DownloadCentrePage, MediaIndexPage, VideoPage, VideoPageRelatedArticle, VideoPageTag
from .progress import WatchProgress
from .renditions import VideoRendition, VideoTranscode
from .subtitles import SubtitleLanguage, SubtitleTrack

__all__ = [
    "DownloadCentrePage",
    "MaterialDownloadDay",
    "MediaIndexPage",
    "PublicityMaterial",
    "SubtitleLanguage",
    "SubtitleTrack",
    "VideoPage",
    "VideoPageRelatedArticle",
    "VideoPageTag",
    "VideoRendition",
    "VideoTranscode",
    "WatchProgress",
]
