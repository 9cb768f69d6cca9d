"""The industry fields of the program and the central ministries that answer proposals."""

from django.db import migrations

from companies.reference import load_reference_data


def seed(apps, schema_editor):
    load_reference_data(apps.get_model("companies", "Field"), apps.get_model("companies", "Organization"))


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
