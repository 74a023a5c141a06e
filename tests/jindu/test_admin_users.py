"""Students' accounts stay out of the Wagtail admin's user list: they belong to the school portal."""

import pytest
from django.urls import reverse

from jindu.factories import RegionFactory
from schools.factories import SchoolClassFactory, SchoolFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_the_admin_user_list_and_its_search_leave_students_out(admin_client, django_user_model):
    school = SchoolFactory(region=RegionFactory())
    student = StudentFactory(name="柯小柯", school_class=SchoolClassFactory(school=school))
    django_user_model.objects.create_user("wang.bianji", display_name="王编辑")

    listing = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    searched = admin_client.get(reverse("wagtailusers_users:index") + "?q=柯").content.decode()

    assert "王编辑" in listing and "editor" in listing
    assert "柯小柯" not in listing and student.user.username not in listing
    assert "柯小柯" not in searched


def test_jindu_and_wagtail_users_load_their_own_app_configs():
    from django.apps import apps

    from jindu.apps import JinduConfig
    from jindu.users_app import UsersConfig

    assert type(apps.get_app_config("jindu")) is JinduConfig
    assert type(apps.get_app_config("wagtailusers")) is UsersConfig
