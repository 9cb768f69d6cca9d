"""The secret itself goes; its hash (0009) is what status links are found by. Apart from 0009 because
PostgreSQL does not alter a table in the transaction that has just updated its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("issues", "0009_filed_as_typed_hashed_links")]

    operations = [
        migrations.RemoveField("issue", "secret"),
        migrations.AlterField("issue", "secret_hash", models.CharField(editable=False, max_length=64, unique=True)),
    ]
