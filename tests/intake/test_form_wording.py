"""What the intake form says: an example business number that passes the check, a consent error that reads
as a sentence saying what to do, and a consent text that links the privacy policy."""

import re

import pytest
from django.core.exceptions import ValidationError

from companies.validators import validate_business_number
from issues.models import Issue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_business_number_example_on_the_page_passes_the_check(client, language):
    page = client.get("/issues/new/", headers={"Accept-Language": language}).content.decode()

    hint = re.search(r'<p class="hint" id="id_business_number_helptext">(.*?)</p>', page).group(1)
    (example,) = re.findall(r"\d{3}-\d{2}-\d{5}", hint)
    assert example == "123-45-67891"
    validate_business_number(example)  # raises if the check digit were wrong


def test_the_format_error_gives_the_same_valid_example(client, intake_data):
    page = client.post("/issues/new/", intake_data(business_number="12345")).content.decode()

    assert "사업자등록번호는 10자리 숫자입니다(예: 123-45-67891)." in page
    # The example given in an error is not itself refused.
    with pytest.raises(ValidationError):
        validate_business_number("123-45-67890")
    validate_business_number("123-45-67891")


def test_the_consent_error_is_one_sentence_saying_what_to_do(client, intake_data):
    data = intake_data()
    del data["privacy_consent"]

    page = client.post("/issues/new/", data).content.decode()

    sentence = ("개인정보 수집·이용에 동의하시면 확인란에 체크해 주십시오. 동의하지 않으시면 이 양식으로는 신고를 "
                "접수할 수 없으며, 전화로 신고하실 수 있습니다.")
    assert not Issue.objects.exists()
    assert f'<p class="error-message" id="id_privacy_consent_error">{sentence} </p>' in page
    # The summary gives the sentence alone, not glued to the checkbox's own sentence ("…동의합니다.: …").
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert f'<li><a href="#id_privacy_consent">{sentence}</a></li>' in summary
    assert "동의합니다.:" not in page


def test_the_english_consent_error_reads_as_a_sentence(client, intake_data):
    data = intake_data()
    del data["privacy_consent"]

    page = client.post("/issues/new/", data, headers={"Accept-Language": "en"}).content.decode()

    assert ('<li><a href="#id_privacy_consent">Please tick the box to agree to the collection and use of your '
            "personal information: without your consent we cannot accept the report here. You can also report it "
            "by phone.</a></li>") in page


def test_the_consent_text_links_the_privacy_policy_in_a_new_tab(client):
    page = client.get("/issues/new/").content.decode()

    notice = page.split('id="privacy-notice"')[1].split("</div>")[0]
    assert ('<a href="/privacy/" target="_blank" rel="noopener">개인정보 처리방침</a>에서 자세히 보실 수 있습니다'
            "(새 탭에서 열리므로 여기에 입력하신 내용은 그대로 남습니다).") in notice
