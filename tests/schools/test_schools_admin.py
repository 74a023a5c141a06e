from education.models import LessonProgress
from schools.models import Student
from schools.wagtail_hooks import SchoolsViewSetGroup


def test_admin_group_offers_set_up_data_and_never_students_or_progress():
    models = {viewset.model for viewset in SchoolsViewSetGroup().registerables}

    assert Student not in models and LessonProgress not in models
    assert {model.__name__ for model in models} == {"School", "SchoolClass", "SchoolStaff"}
