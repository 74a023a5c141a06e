"""Material kinds become shared vocabulary (jindu.MaterialKind): their table moves under the jindu name, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0006_bulletin_settings")]

    operations = [migrations.AlterModelTable(name="materialkind", table="jindu_materialkind")]
