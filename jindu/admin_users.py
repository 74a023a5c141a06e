"""Wagtail's user list for editors and staff: students' accounts belong to the school portal, not here."""

from wagtail.users.views.users import IndexView, UserViewSet


class StaffUserIndexView(IndexView):
    """The users list and its search without students (DESIGN: student data never appears in the admin)."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(student__isnull=True)


class StaffUserViewSet(UserViewSet):
    index_view_class = StaffUserIndexView
