"""Dialects become shared vocabulary (jindu.Dialect): their table moves under the jindu name, rows and ids kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("events", "0004_eventpage_campaign")]

    operations = [migrations.AlterModelTable(name="dialect", table="jindu_dialect")]
