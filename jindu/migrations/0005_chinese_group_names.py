"""The students' group and Wagtail's default workflow named in Chinese: the admin shows them as they are stored.

Wagtail's own groups (Editors, Moderators) keep their names: Wagtail's data migrations look them up by name.
"""

from django.db import migrations

RENAMES = [
    ("auth", "Group", "students", "学生"),
    ("wagtailcore", "Workflow", "Moderators approval", "审核员审批"),
    ("wagtailcore", "Task", "Moderators approval", "审核员审批"),
]


def rename(apps, backwards=False):
    for app_label, model_name, old, new in RENAMES:
        if backwards:
            old, new = new, old
        model = apps.get_model(app_label, model_name)
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps)


def backwards(apps, schema_editor):
    rename(apps, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("jindu", "0004_articlepage_body_media_blocks"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
