"""/privacy/: the privacy policy (개인정보 처리방침) the Personal Information Protection Act, Article 30,
asks for, linked from every page's footer, stating the periods the settings really apply."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_policy_is_public_and_korean_by_default(client):
    page = client.get("/privacy/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "<h1>개인정보 처리방침</h1>" in text
    # The items of 개인정보 보호법 제30조 ① that apply here.
    for heading in ("처리 목적", "처리하는 개인정보", "보유 기간", "제3자 제공", "정보주체의 권리", "안전성 확보",
                    "보호책임자"):
        assert heading in text, heading
    assert "02-2133-3119" in text


def test_it_states_the_retention_period_and_the_access_logs_the_settings_apply(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 730
    settings.ACCESS_LOG_RETENTION_DAYS = 365

    text = client.get("/privacy/", headers={"Accept-Language": "en"}).content.decode()

    assert "Until 2 years after your report is closed." in text
    assert "the log is kept for 365 days" in text


@pytest.mark.parametrize("path", ["/", "/issues/new/", "/track/", "/stats/"])
def test_every_public_page_links_the_policy_from_its_footer(client, path):
    footer = client.get(path).content.decode().split('<footer class="site-footer">')[1]

    assert '<a href="/privacy/">개인정보 처리방침</a>' in footer
