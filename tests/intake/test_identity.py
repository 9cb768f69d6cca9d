"""Public pages carry the city's identity in their footer (서울특별시 · 서울기업지원센터, the address, the phone,
the privacy policy), from the settings; the consent text, the privacy policy and the status page state the
same retention period, from the same setting."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/issues/new/", "/track/", "/privacy/", "/stats/"]


def footer(page) -> str:
    html = page.content.decode().split('<footer class="site-footer">')[1].split("</footer>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_names_the_city_the_center_its_address_and_phone(client, path):
    text = footer(client.get(path))

    assert text == "서울특별시 · 서울기업지원센터 서울특별시 중구 세종대로 110 · ☎ 02-2133-3119 개인정보 처리방침"


def test_the_english_footer_writes_the_address_in_english(client):
    text = footer(client.get("/", headers={"Accept-Language": "en"}))

    assert text == ("Seoul Metropolitan Government · Seoul Business Support Center 110 Sejong-daero, Jung-gu, Seoul "
                    "· ☎ 02-2133-3119 Privacy policy")


def test_the_address_and_phone_come_from_the_settings(client, settings):
    settings.SUPPORT_ADDRESS = "서울특별시 마포구 월드컵북로 400"
    settings.SUPPORT_PHONE = "02-120"

    response = client.get("/track/")

    assert "서울특별시 마포구 월드컵북로 400 · ☎ 02-120" in footer(response)
    assert '<a href="tel:02-120">02-120</a>' in response.content.decode()


def test_the_footer_phone_is_a_link_a_phone_can_call(client):
    page = client.get("/").content.decode().split('<footer class="site-footer">')[1]

    assert '<a href="tel:02-2133-3119">02-2133-3119</a>' in page


@pytest.mark.parametrize(("days", "korean"), [(1095, "3년"), (730, "2년"), (90, "90일")])
def test_the_consent_text_the_policy_and_the_status_page_state_the_same_retention_period(
        client, filed, settings, days, korean):
    settings.PERSONAL_DATA_RETENTION_DAYS = days
    issue = filed()

    consent = client.get("/issues/new/").content.decode().split('id="privacy-notice"')[1].split("</div>")[0]
    policy = client.get("/privacy/").content.decode()
    status = client.get(f"/track/{issue.secret}/").content.decode()

    assert f"<dd>신고 처리가 종결된 후 {korean}간 보유하며, 그 후 파기합니다.</dd>" in consent
    assert f"신고가 종결된 후 {korean}까지 보유합니다." in policy
    assert f"신고 처리가 종결된 후 {korean}까지" in status
