"""Publicity materials point at the shared jindu.CampaignTheme; media.MaterialTheme leaves the state."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0002_materialtheme_table_to_jindu"),
        ("jindu", "0006_shared_vocabulary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="publicitymaterial",
                    name="theme",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="materials", to="jindu.campaigntheme", verbose_name="campaign theme"),
                ),
                migrations.DeleteModel(name="MaterialTheme"),
            ],
        ),
    ]
