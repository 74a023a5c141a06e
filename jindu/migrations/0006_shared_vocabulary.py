"""Dialects, material kinds, campaigns and campaign themes get one home in jindu.

The tables were renamed by the apps that held them (events 0005, campaigns 0007, media 0002); here the models
enter jindu's state as they were, and their content types move with them, so permissions and admin history follow.
"""

import modelsearch.index
from django.db import migrations, models

# (old app, old model, model in jindu)
MOVED = [
    ("events", "dialect", "dialect"),
    ("campaigns", "materialkind", "materialkind"),
    ("campaigns", "campaign", "campaign"),
    ("media", "materialtheme", "campaigntheme"),
]


def move_content_types(apps, schema_editor, backwards=False):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, old_model, new_model in MOVED:
        source, target = ("jindu", new_model), (old_app, old_model)
        if not backwards:
            source, target = target, source
        if not ContentType.objects.filter(app_label=target[0], model=target[1]).exists():
            ContentType.objects.filter(app_label=source[0], model=source[1]).update(
                app_label=target[0], model=target[1]
            )
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor)


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("jindu", "0005_chinese_group_names"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0005_dialect_table_to_jindu"),
        ("campaigns", "0007_shared_tables_to_jindu"),
        ("media", "0002_materialtheme_table_to_jindu"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Dialect",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=40, unique=True, verbose_name="name")),
                        ("sort_order", models.PositiveSmallIntegerField(default=100, help_text="Smaller numbers come first in lists and filters.", verbose_name="order")),
                    ],
                    options={
                        "verbose_name": "dialect",
                        "verbose_name_plural": "dialects",
                        "ordering": ["sort_order", "name"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="MaterialKind",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=50, unique=True, verbose_name="name")),
                        ("unit", models.CharField(help_text="The counting word, e.g. 场, 份, 块.", max_length=10, verbose_name="unit")),
                        ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                        ("active", models.BooleanField(default=True, help_text="Retired entries stay in old reports.", verbose_name="in use")),
                    ],
                    options={
                        "verbose_name": "material kind",
                        "verbose_name_plural": "material kinds",
                        "ordering": ["sort_order", "name"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="Campaign",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(help_text="e.g. 2024年全民禁毒宣传月", max_length=100, unique=True, verbose_name="name")),
                        ("start_date", models.DateField(verbose_name="start date")),
                        ("end_date", models.DateField(verbose_name="end date")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                    ],
                    options={
                        "verbose_name": "campaign",
                        "verbose_name_plural": "campaigns",
                        "ordering": ["-start_date", "name"],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="CampaignTheme",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=80, unique=True, verbose_name="name")),
                        ("sort_order", models.PositiveSmallIntegerField(default=0, help_text="Themes with smaller numbers come first.", verbose_name="order")),
                    ],
                    options={
                        "verbose_name": "campaign theme",
                        "verbose_name_plural": "campaign themes",
                        "ordering": ["sort_order", "name"],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
