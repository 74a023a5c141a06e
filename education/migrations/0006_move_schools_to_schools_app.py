# The school models moved to the schools app with their tables (SeparateDatabaseAndState): no database change.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('education', '0005_portalaccess_graduate'),
        ('schools', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='lessonprogress',
                    name='student',
                    field=models.ForeignObject(from_fields=['user'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schools.student', to_fields=['user']),
                ),
                migrations.DeleteModel(name='PortalAccess'),
                migrations.DeleteModel(name='Student'),
                migrations.DeleteModel(name='SchoolStaff'),
                migrations.DeleteModel(name='SchoolClass'),
                migrations.DeleteModel(name='School'),
            ],
        ),
    ]
