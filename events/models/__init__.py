from .lists import ArtForm, EventKind, Troupe
from .pages import EventIndexPage, EventPage, EventPageTag
from .showings import Showing, ShowingStatus

__all__ = [
    "ArtForm",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventPageTag",
    "Showing",
    "ShowingStatus",
    "Troupe",
]
