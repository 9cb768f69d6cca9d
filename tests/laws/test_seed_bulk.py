"""seed_bulk writes the laws each synthetic issue cites with the other tables, as cite_laws would."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q

from issues.citations import parse
from issues.models import Citation, Issue

pytestmark = pytest.mark.django_db


def test_every_seeded_issue_cites_the_laws_of_its_related_law():
    call_command("seed_bulk", "--issues", "120", "--seed", "3", "--force", "--quiet", stdout=StringIO())

    issues = dict(Issue.objects.values_list("pk", "related_law"))
    cited = {}
    for issue_id, law, article, law_key, act_key, is_corrected in Citation.objects.values_list(
            "issue", "law", "article", "law_key", "act_key", "is_corrected").order_by("pk"):
        cited.setdefault(issue_id, []).append((law, article))
        assert law_key == law.replace(" ", "").lower() and act_key and not is_corrected
    assert sum(1 for text in issues.values() if text) > 60
    for pk, text in issues.items():
        assert cited.get(pk, []) == [(found.law, found.article) for found in parse(text)]


def test_a_seeded_decree_or_rule_belongs_to_its_act():
    call_command("seed_bulk", "--issues", "120", "--seed", "3", "--force", "--quiet", stdout=StringIO())

    decrees = Citation.objects.filter(Q(law__endswith=" 시행령") | Q(law__endswith=" 시행규칙"))
    assert decrees.exists()
    for law, act_key in decrees.values_list("law", "act_key"):
        assert act_key == law.removesuffix(" 시행령").removesuffix(" 시행규칙").replace(" ", "").lower()
