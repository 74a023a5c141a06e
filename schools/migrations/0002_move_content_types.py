"""The moved models keep their content types: rows renamed from education to schools, so group permissions, Wagtail
log entries and everything else keyed on a content type still find them."""

from django.db import migrations

MOVED = ["school", "schoolclass", "student", "schoolstaff", "portalaccess"]


def _merge(apps, kept, duplicate):
    """Point everything at `kept` and drop `duplicate`, a content type made for schools before this migration ran."""
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type=duplicate):
        twin = Permission.objects.filter(content_type=kept, codename=permission.codename).first()
        if twin is None:
            permission.content_type = kept
            permission.save(update_fields=["content_type"])
            continue
        for group in permission.group_set.all():
            group.permissions.add(twin)
        for user in permission.user_set.all():
            user.user_permissions.add(twin)
        permission.delete()
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in apps.get_models():
        if model in (Permission, ContentType):
            continue
        for field in model._meta.get_fields():
            if field.many_to_one and field.concrete and field.related_model is ContentType:
                model._base_manager.filter(**{field.name: duplicate}).update(**{field.name: kept})
    duplicate.delete()


def _move(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=new_label, model=model).first()
        if new is not None:
            _merge(apps, old, new)
        old.app_label = new_label
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move(apps, "education", "schools")


def backwards(apps, schema_editor):
    _move(apps, "schools", "education")


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('education', '0006_move_schools_to_schools_app'),
        ('schools', '0001_initial'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
