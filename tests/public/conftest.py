import pytest

from companies.models import Field, Organization
from companies.validators import business_number_check_digit


def business_number(first_nine: str = "220811234") -> str:
    """A valid business registration number, dashed like people type it."""
    number = first_nine + str(business_number_check_digit(first_nine))
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"


@pytest.fixture
def intake_data(db):
    """What a filer types into /issues/new/ (CONTRACT.md field names); override per test."""
    def make(**overrides):
        data = {
            "company_name": "브이엠에스홀딩스",
            "business_number": business_number(),
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
def make_staff(db):
    """A staff user in one of the roles' groups (officer, expert, official), with a name to look for."""
    from django.contrib.auth.models import Group, User

    def make(role: str, username: str | None = None) -> User:
        username = username or role
        user = User.objects.create_user(username, f"{username}@seoul.example", None, is_staff=True,
                                        first_name=f"{role.title()}First", last_name=f"{role.title()}Last")
        user.groups.add(Group.objects.get(name=role))
        return user
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
