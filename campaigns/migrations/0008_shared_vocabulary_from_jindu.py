"""Reports, targets and summaries point at the shared jindu.Campaign and jindu.MaterialKind, which leave this state."""

import django.db.models.deletion
from django.db import migrations, models


def summary_campaign():
    return models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="jindu.campaign", verbose_name="campaign")


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0007_shared_tables_to_jindu"),
        ("jindu", "0006_shared_vocabulary"),
        # An event's campaign must point at jindu.Campaign before campaigns.Campaign leaves the state.
        ("events", "0006_shared_vocabulary_from_jindu"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="activityreport",
                    name="campaign",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="reports", to="jindu.campaign", verbose_name="campaign"),
                ),
                migrations.AlterField(
                    model_name="target",
                    name="campaign",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="targets", to="jindu.campaign", verbose_name="campaign"),
                ),
                migrations.AlterField(model_name="monthlysummary", name="campaign", field=summary_campaign()),
                migrations.AlterField(model_name="materialsummary", name="campaign", field=summary_campaign()),
                migrations.AlterField(
                    model_name="reportmaterial",
                    name="kind",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="jindu.materialkind", verbose_name="material"),
                ),
                migrations.AlterField(
                    model_name="materialsummary",
                    name="kind",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="jindu.materialkind", verbose_name="material"),
                ),
                migrations.AlterField(
                    model_name="target",
                    name="material_kind",
                    field=models.ForeignKey(blank=True, help_text="Only for the metric “materials handed out”.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="jindu.materialkind", verbose_name="material kind"),
                ),
                migrations.DeleteModel(name="Campaign"),
                migrations.DeleteModel(name="MaterialKind"),
            ],
        ),
    ]
