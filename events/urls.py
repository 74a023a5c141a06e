"""URLs of the events app outside the page tree."""

urlpatterns = []
