from django.db import migrations, models


def mark_requests(apps, schema_editor):
    """Notes written before the flag existed asked the filer when an info-requested notice was owed for them."""
    Note = apps.get_model("issues", "Note")
    Notice = apps.get_model("issues", "Notice")
    ids = {context.get("note_id") for context in Notice.objects.filter(kind="info-requested")
           .values_list("context", flat=True) if isinstance(context, dict)}
    ids.discard(None)
    Note.objects.filter(pk__in=ids, is_from_filer=False).update(asks_filer=True)


class Migration(migrations.Migration):

    dependencies = [
        ('issues', '0013_no_custom_permissions'),
    ]

    operations = [
        migrations.AddField(
            model_name='note',
            name='asks_filer',
            field=models.BooleanField(default=False, verbose_name='asks the filer'),
        ),
        migrations.AlterField(
            model_name='historicalissue',
            name='title',
            field=models.CharField(max_length=300, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='issue',
            name='title',
            field=models.CharField(max_length=300, verbose_name='title'),
        ),
        migrations.RunPython(mark_requests, migrations.RunPython.noop),
    ]
