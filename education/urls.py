"""URLs of the education app outside the page tree."""

urlpatterns = []
