"""Events point at the shared jindu.Dialect; events.Dialect leaves the state (its table is jindu's now)."""

import modelcluster.fields
from django.db import migrations


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
                migrations.DeleteModel(name="Dialect"),
            ],
        ),
    ]
