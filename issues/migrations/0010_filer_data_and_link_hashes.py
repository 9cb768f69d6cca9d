"""The data of 0009's columns: existing issues take their filer's data as typed from the company and contact
they were linked to (what their filers typed, or what they were matched with), and every status link's
secret is replaced by its keyed hash, so each existing link keeps working. Apart from 0009 because
PostgreSQL builds 0009's indexes at the end of its transaction, which it refuses after rows were updated."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from issues.links import hash_secret

# A marker the retention run writes in place of an erased issue's secret (issues/retention.py): kept as it
# is, since it is no hash of anything and no link reaches it.
ERASED = "erased:"
BATCH = 2000


def forwards(apps, schema_editor):
    Issue = apps.get_model("issues", "Issue")
    Company = apps.get_model("companies", "Company")
    Contact = apps.get_model("companies", "Contact")
    company = Company.objects.filter(pk=OuterRef("company_id"))
    contact = Contact.objects.filter(pk=OuterRef("contact_id"))
    Issue.objects.filter(company__isnull=False).update(
        filer_company_name=Subquery(company.values("name")[:1]),
        filer_business_number=Subquery(company.values("business_number")[:1]),
        filer_ceo_name=Subquery(company.values("ceo_name")[:1]),
    )
    Issue.objects.filter(contact__isnull=False).update(
        filer_contact_name=Subquery(contact.values("name")[:1]),
        filer_email=Subquery(contact.values("email")[:1]),
        filer_phone=Subquery(contact.values("phone")[:1]),
    )
    # Already linked: nothing is left for an officer to decide about them.
    Issue.objects.filter(company__isnull=False).update(filer_reviewed_at=models.F("filed_at"))
    History = apps.get_model("issues", "HistoricalIssue")
    current = Issue.objects.filter(pk=OuterRef("id"))
    History.objects.update(**{
        name: Subquery(current.values(name)[:1])
        for name in ("filer_company_name", "filer_business_number", "filer_ceo_name", "filer_contact_name",
                     "filer_email", "filer_phone", "filer_reviewed_at")
    })

    last = 0
    while True:
        batch = list(Issue.objects.filter(pk__gt=last).order_by("pk").only("pk", "secret")[:BATCH])
        if not batch:
            break
        for issue in batch:
            issue.secret_hash = issue.secret if issue.secret.startswith(ERASED) else hash_secret(issue.secret)
        Issue.objects.bulk_update(batch, ["secret_hash"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("issues", "0009_filed_as_typed_hashed_links")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
