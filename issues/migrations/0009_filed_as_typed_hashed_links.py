"""The columns of two changes of trust (the filer's data and link belong to the filer alone); 0010 fills them:

- the filer's data as typed, kept with each issue (filer_*);
- the keyed hash of the status link's secret (issues/links.py), which 0011 makes the only copy."""

from django.db import migrations, models


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
    ]
