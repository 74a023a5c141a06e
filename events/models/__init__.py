from .lists import ArtForm, Dialect, EventKind, Troupe
from .pages import EventIndexPage, EventPage, EventPageTag
from .showings import Showing, ShowingStatus

__all__ = [
    "ArtForm",
    "Dialect",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventPageTag",
    "Showing",
    "ShowingStatus",
    "Troupe",
]
