"""Campaigns and material kinds become shared vocabulary in jindu: their tables move under jindu's names, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0006_bulletin_settings")]

    operations = [
        migrations.AlterModelTable(name="campaign", table="jindu_campaign"),
        migrations.AlterModelTable(name="materialkind", table="jindu_materialkind"),
    ]
