"""Reports, targets and summaries point at the shared jindu.MaterialKind; campaigns.MaterialKind leaves the state."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0007_materialkind_table_to_jindu"),
        ("jindu", "0006_shared_vocabulary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
                migrations.DeleteModel(name="MaterialKind"),
            ],
        ),
    ]
