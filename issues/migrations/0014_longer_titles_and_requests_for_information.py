from django.db import migrations, models


def mark_requests(apps, schema_editor):
    """Notes written before the flag existed asked the filer when an info-requested notice was owed for them."""
    Note = apps.get_model("issues", "Note")
    Notice = apps.get_model("issues", "Notice")
    ids = {context.get("note_id") for context in Notice.objects.filter(kind="info-requested")
           .values_list("context", flat=True) if isinstance(context, dict)}
    ids.discard(None)
    Note.objects.filter(pk__in=ids, is_from_filer=False).update(asks_filer=True)


# PostgreSQL refuses to change the type of a column a trigger names (0007_search's trigger fires on UPDATE OF
# title), so the trigger is dropped around the change and made again as it was.
TRIGGER = """CREATE TRIGGER issue_search_vector BEFORE INSERT OR UPDATE OF number, title, problem, related_law
    ON issues_issue FOR EACH ROW EXECUTE FUNCTION issue_search_vector()"""


def drop_search_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS issue_search_vector ON issues_issue")


def create_search_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


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
        migrations.RunPython(drop_search_trigger, create_search_trigger, elidable=False),
        migrations.AlterField(
            model_name='issue',
            name='title',
            field=models.CharField(max_length=300, verbose_name='title'),
        ),
        migrations.RunPython(create_search_trigger, drop_search_trigger, elidable=False),
        migrations.RunPython(mark_requests, migrations.RunPython.noop),
    ]
