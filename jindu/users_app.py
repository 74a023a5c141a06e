"""Wagtail's users app, with a user list that leaves students out (`jindu.admin_users`).

Its own module: a second AppConfig in `jindu/apps.py` would stop Django picking `JinduConfig` for "jindu".
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "jindu.admin_users.StaffUserViewSet"
