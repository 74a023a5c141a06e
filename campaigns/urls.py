"""URLs of the campaigns app outside the page tree."""

urlpatterns = []
