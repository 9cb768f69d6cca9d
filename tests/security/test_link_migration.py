"""Links filed before secrets were hashed keep working after the migration, and the issues keep their
filers' data as typed (taken from the company and contact they were linked to)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

BEFORE = [("issues", "0008_personal_data")]
AFTER = [("issues", "0011_secret_hash_only")]
OLD_SECRET = "Q2hhbmdlZC1saW5rcy1tdXN0LWtlZXAtd29ya2luZ19f"[:43]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_link_made_before_the_migration_opens_the_same_status_page_after_it(client):
    old = migrate(BEFORE)
    Company, Contact = old.get_model("companies", "Company"), old.get_model("companies", "Contact")
    company = Company.objects.create(name="옛회사", business_number="2208100001", ceo_name="옛대표")
    contact = Contact.objects.create(company=company, name="옛담당", email="old@example.com", phone="010-1-2")
    old.get_model("issues", "Issue").objects.create(
        number="REG-2024-0042", secret=OLD_SECRET, title="옛 과제", problem="문제", company=company, contact=contact)

    try:
        new = migrate(AFTER)
        issue = new.get_model("issues", "Issue").objects.get(number="REG-2024-0042")
        assert (issue.filer_company_name, issue.filer_ceo_name, issue.filer_contact_name, issue.filer_email,
                issue.filer_phone) == ("옛회사", "옛대표", "옛담당", "old@example.com", "010-1-2")
        assert OLD_SECRET not in issue.secret_hash
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    page = client.get(reverse("issues-status", args=[OLD_SECRET]), headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "옛 과제" in page.content.decode()
