"""Start the editor-managed lists with the dialects and art forms the offices use most."""

from django.db import migrations

DIALECTS = ["普通话", "哥隆话", "粤语", "客家话", "桂柳话", "黎话", "壮话"]
ART_FORMS = ["快板", "小品", "三句半", "村歌/山歌", "话剧", "舞蹈", "相声", "情景剧", "彩调"]


def add_lists(apps, schema_editor):
    for model_name, names in (("Dialect", DIALECTS), ("ArtForm", ART_FORMS)):
        model = apps.get_model("events", model_name)
        for order, name in enumerate(names, start=1):
            model.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
