"""Two changes of trust (the filer's data and link belong to the filer alone):

- the filer's data as typed is kept with each issue (filer_*); existing issues take it from the company
  and contact they were linked to, which is what their filers typed or what they were matched with;
- the status link's secret is replaced by its keyed hash (issues/links.py): every existing link keeps
  working, and nothing stored can be turned back into one."""

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
    dependencies = [
        ("companies", "0001_initial"),
        ("issues", "0008_personal_data"),
    ]

    operations = [
        *(
            op
            for model in ("issue", "historicalissue")
            for op in (
                migrations.AddField(model, "filer_company_name", models.CharField(
                    blank=True, max_length=200, verbose_name="company name as filed")),
                migrations.AddField(model, "filer_business_number", models.CharField(
                    blank=True, max_length=10, verbose_name="business number as filed")),
                migrations.AddField(model, "filer_ceo_name", models.CharField(
                    blank=True, max_length=100, verbose_name="CEO as filed")),
                migrations.AddField(model, "filer_contact_name", models.CharField(
                    blank=True, max_length=100, verbose_name="contact name as filed")),
                migrations.AddField(model, "filer_email", models.EmailField(
                    blank=True, db_index=True, max_length=254, verbose_name="e-mail as filed")),
                migrations.AddField(model, "filer_phone", models.CharField(
                    blank=True, max_length=30, verbose_name="phone as filed")),
                migrations.AddField(model, "filer_reviewed_at", models.DateTimeField(
                    blank=True, editable=False, null=True, verbose_name="filer checked against known companies",
                    help_text="When an officer linked the filing to a known company, or chose to keep it "
                              "separate.")),
            )
        ),
        migrations.AddField("issue", "secret_hash", models.CharField(editable=False, max_length=64, null=True)),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
