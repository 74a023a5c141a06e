"""Events point at the shared jindu.Dialect and jindu.Campaign; events.Dialect leaves the state (its table is jindu's)."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_dialect_table_to_jindu"),
        ("jindu", "0006_shared_vocabulary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="eventpage",
                    name="dialects",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="The languages the show is given in, so that elderly villagers know they will understand it.",
                        related_name="events",
                        to="jindu.dialect",
                        verbose_name="dialects",
                    ),
                ),
                migrations.AlterField(
                    model_name="eventpage",
                    name="campaign",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="The campaign this event belongs to, e.g. 全民禁毒宣传月.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="events",
                        to="jindu.campaign",
                        verbose_name="campaign",
                    ),
                ),
                migrations.DeleteModel(name="Dialect"),
            ],
        ),
    ]
