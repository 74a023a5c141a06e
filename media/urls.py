"""URLs of the media app outside the page tree."""

urlpatterns = []
