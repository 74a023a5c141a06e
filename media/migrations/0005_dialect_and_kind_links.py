"""The old text columns of dialect and kind go; the links filled in 0004 take their names."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("media", "0004_dialect_and_kind_from_lists")]

    operations = [
        migrations.RemoveField(model_name="videopage", name="dialect"),
        migrations.RemoveField(model_name="publicitymaterial", name="kind"),
        migrations.RenameField(model_name="videopage", old_name="dialect_ref", new_name="dialect"),
        migrations.RenameField(model_name="publicitymaterial", old_name="kind_ref", new_name="kind"),
        migrations.AlterField(
            model_name="videopage",
            name="dialect",
            field=models.ForeignKey(
                blank=True,
                help_text="The language spoken or sung, so that a show's audience can find recordings in their dialect.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="recordings",
                to="jindu.dialect",
                verbose_name="dialect",
            ),
        ),
        migrations.AlterField(
            model_name="publicitymaterial",
            name="kind",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="jindu.materialkind",
                verbose_name="kind",
            ),
        ),
    ]
