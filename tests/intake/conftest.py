import pytest

from companies.models import Field, Organization
from tests.base import business_number

# The filing company's business number before its check digit; the form gets it dashed, as people type it.
FIRST_NINE = "220811234"


@pytest.fixture
def intake_data(db):
    """What a filer types into /issues/new/ (CONTRACT.md field names); override per test."""
    def make(**overrides):
        data = {
            "company_name": "브이엠에스홀딩스",
            "business_number": business_number(FIRST_NINE, dashed=True),
            "ceo_name": "김지석",
            "field": Field.objects.get(code="healthcare").pk,
            "contact_name": "이서연",
            "contact_email": "Seoyeon.Lee@example.com",
            "contact_phone": "010 2345 6789",
            "title": "원양선박 선원 비대면 진료 허용",
            "problem": "원양선박 선원은 의료기관을 방문할 수 없어 진료를 받지 못합니다.",
            "improvement": "원양선박 선원에 대한 비대면 진료와 의약품 배송을 허용해 주십시오.",
            "related_law": "의료법 제34조",
            "ministry": Organization.objects.get(name="보건복지부").pk,
            "privacy_consent": "on",
            "homepage": "",
        }
        data.update(overrides)
        return data
    return make


@pytest.fixture
def filed(intake_data):
    """File an issue through the service, as the public form does; returns the issue."""
    from issues import services

    def make(files=(), **overrides):
        data = intake_data(**overrides)
        data["field"] = Field.objects.get(pk=data["field"])
        data["ministry"] = Organization.objects.get(pk=data["ministry"]) if data["ministry"] else None
        data["privacy_consent"] = True
        return services.submit_issue(data, files=list(files), language="ko")
    return make
