from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("issues", "0006_batches_exports_publishable")]

    operations = []
