"""The secret itself goes; its hash (0009) is what status links are found by. Apart from 0010 because
PostgreSQL does not alter a table in the transaction that has just updated its rows."""

from django.db import migrations, models

import issues.links


class Migration(migrations.Migration):
    dependencies = [("issues", "0010_filer_data_and_link_hashes")]

    operations = [
        migrations.RemoveField("issue", "secret"),
        migrations.AlterField("issue", "secret_hash", models.CharField(
            default=issues.links.unheld_hash, editable=False, max_length=64, unique=True)),
    ]
