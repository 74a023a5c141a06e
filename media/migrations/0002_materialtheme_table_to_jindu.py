"""Campaign themes become shared vocabulary (jindu.CampaignTheme): their table moves under that name, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("media", "0001_initial")]

    operations = [migrations.AlterModelTable(name="materialtheme", table="jindu_campaigntheme")]
