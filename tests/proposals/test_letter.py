"""The letter of proposal (건의서) of a batch: what it says (proposals/letter.py), who may download it from
/exports/batches/<id>/letter/, and where the batch's page links it. The files themselves are read back in
test_letter_files.py."""

import io
import zipfile
from urllib.parse import quote

import pytest
from django.utils import timezone, translation

from issues.proposals import batches, letter
from issues.workflow import State

from .conftest import file_issue
from .letters import (
    CONCLUSION_NOTE,
    DATA_REUSE,
    PUBLIC_NOTE,
    REMOTE_CARE,
    REMOTE_CARE_EFFECT,
    REMOTE_CARE_LAW,
    SOFTWARE,
    SOFTWARE_LAW,
    sent_batch,
)

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def url(batch, **query):
    from urllib.parse import urlencode

    return f"/exports/batches/{batch.pk}/letter/?{urlencode(query)}"


# --- What the letter says --------------------------------------------------------------------------------------


def test_the_letter_comes_from_the_city_and_goes_to_every_ministry_of_the_batch(officer, official):
    sent = sent_batch(officer)

    made = letter.letter(sent.batch, viewer=official)

    sender = made.sender
    assert (sender.city, sender.head, sender.department, sender.centre, sender.phone, sender.address) == (
        "서울특별시", "서울특별시장", "경제정책실 경제정책과", "서울기업지원센터", "02-2133-3119",
        "서울특별시 중구 세종대로 110")
    assert made.subject == f"{THIS_YEAR}년 1차 규제개선 과제 건의"
    assert made.name == f"{THIS_YEAR}년 1차 규제개선 과제 건의서"
    assert made.dated_on == timezone.localdate()
    # Two ministries: 수신 says "수신자 참조" and the recipients, their heads, are listed below the sender.
    assert made.addressee == "수신자 참조"
    assert made.recipients == ["보건복지부장관", "식품의약품안전처장"]
    assert made.cover == [
        "관련: 규제혁신 현장 간담회(2024. 3. 28., 서울파트너스하우스)",
        "우리 시는 서울기업지원센터에서 기업 활동을 가로막는 규제를 발굴하고, 현장 간담회에서 기업·협회·전문가와 함께 "
        "개선 방안을 논의하고 있습니다.",
        "이에 기업 현장에서 제기되어 함께 논의한 규제개선 과제 3건을 붙임과 같이 건의하오니, 검토하시어 그 결과를 "
        "회신하여 주시기 바랍니다.",
    ]
    assert made.attachment == f"{THIS_YEAR}년 1차 규제개선 과제 건의서 1부."


def test_a_part_for_each_ministry_and_the_cards_numbered_through_the_letter(officer, official):
    sent = sent_batch(officer)

    made = letter.letter(sent.batch, viewer=official)

    assert [(part.ministry, part.addressee, [card.title for card in part.cards]) for part in made.parts] == [
        ("보건복지부", "보건복지부장관", [REMOTE_CARE, DATA_REUSE]),
        ("식품의약품안전처", "식품의약품안전처장", [SOFTWARE]),
    ]
    assert [(card.position, card.number) for card in made.cards] == [
        (1, sent.remote_care.number), (2, sent.data_reuse.number), (3, sent.software.number)]
    assert made.parts[0].heading == "보건복지부 소관 과제(2건)"


def test_each_card_holds_what_the_ministry_needs_to_decide(officer, official):
    sent = sent_batch(officer)

    card = letter.letter(sent.batch, viewer=official).cards[0]

    assert (card.title, card.problem, card.improvement, card.related_law, card.ministry, card.expected_effect) == (
        REMOTE_CARE, "원양어선 선원은 수개월간 해상에 머물러 의료기관을 이용할 수 없다.",
        "원양선박에 승선 중인 선원을 비대면진료 허용 대상에 명시", REMOTE_CARE_LAW, "보건복지부", REMOTE_CARE_EFFECT)
    assert card.caption == f"과제 1 · 관리번호 {sent.remote_care.number}"
    assert [label for label, _value in card.rows] == [
        "과제명", "건의 기업", "건의 배경(현황 및 문제점)", "개선 방안", "관련 법령(조항)", "소관 부처", "기대 효과",
        "간담회 논의 결과"]


def test_a_company_is_named_only_where_its_filer_agreed_to_it(officer, official):
    sent = sent_batch(officer)

    cards = {card.title: card for card in letter.letter(sent.batch, viewer=official).cards}

    assert cards[REMOTE_CARE].company == "브이엠에스홀딩스"
    assert cards[DATA_REUSE].company == "다윈케이에스"
    assert cards[SOFTWARE].company == ""
    assert "건의 기업" not in [label for label, _value in cards[SOFTWARE].rows]
    assert "팀엘리시움" not in str(cards[SOFTWARE].rows)


def test_an_empty_expected_effect_and_an_issue_never_discussed_say_so(officer, official):
    sent = sent_batch(officer)

    rows = dict(next(c for c in letter.letter(sent.batch, viewer=official).cards if c.title == SOFTWARE).rows)

    assert rows["기대 효과"] == "—"
    assert rows["간담회 논의 결과"] == "간담회에서 논의하지 않은 과제입니다."
    assert rows["관련 법령(조항)"] == SOFTWARE_LAW


def test_the_meeting_result_is_the_conclusion_and_the_notes_the_viewer_may_read(officer, official):
    sent = sent_batch(officer)

    for_official = letter.letter(sent.batch, viewer=official).cards[0].discussions
    for_officer = letter.letter(sent.batch, viewer=officer).cards[0].discussions

    # Officials do not read the notes of moves (roles.SEES): the conclusion note is the note of the move
    # that applied it. The note to the filer is public.
    assert for_official == [f"규제혁신 현장 간담회(2024. 3. 28.): 정부 건의 — {PUBLIC_NOTE}"]
    assert for_officer == [f"규제혁신 현장 간담회(2024. 3. 28.): 정부 건의 — {CONCLUSION_NOTE} — {PUBLIC_NOTE}"]


def test_a_letter_to_one_ministry_holds_its_issues_only(officer, official):
    sent = sent_batch(officer)
    welfare = sent.remote_care.ministry

    made = letter.letter(sent.batch, viewer=official, ministry=welfare)

    assert made.addressee == "보건복지부장관" and made.recipients == []
    assert [card.title for card in made.cards] == [REMOTE_CARE, DATA_REUSE]
    assert [card.position for card in made.cards] == [1, 2]
    assert made.filename == f"{THIS_YEAR}년 1차 규제개선 과제 건의서 (보건복지부)"
    assert "과제 2건" in made.cover[-1]


def test_an_official_reads_only_the_proposals_of_a_batch_not_yet_submitted(officer, official):
    batch = batches.create_batch(by=officer)
    proposed = file_issue(State.PROPOSAL, by=officer, title="배달로봇의 보도 통행 허용")
    in_review = file_issue(State.CONSULTATION, by=officer, title="드론 배송 비행 승인 간소화")
    batches.add_to_batch([proposed, in_review], batch, by=officer)

    assert [c.title for c in letter.letter(batch, viewer=official).cards] == ["배달로봇의 보도 통행 허용"]
    assert {c.title for c in letter.letter(batch, viewer=officer).cards} == {"배달로봇의 보도 통행 허용",
                                                                            "드론 배송 비행 승인 간소화"}


def test_the_heads_of_korean_bodies_are_named_as_letters_address_them():
    with translation.override("ko"):
        bodies = ("보건복지부", "금융위원회", "식품의약품안전처", "경찰청", "서울특별시")
        assert [letter.head_of(name) for name in bodies] == [
            "보건복지부장관", "금융위원회위원장", "식품의약품안전처장", "경찰청장", "서울특별시장"]
    with translation.override("en"):
        assert letter.head_of("Ministry of Health and Welfare") == "Ministry of Health and Welfare"


def test_in_english_the_letter_speaks_english(officer, official):
    sent = sent_batch(officer)

    with translation.override("en"):
        made = letter.letter(sent.batch, viewer=official)
        rows = made.cards[0].rows

    assert made.sender.city == "Seoul Metropolitan Government"
    assert made.sender.address == "110 Sejong-daero, Jung-gu, Seoul"
    assert made.subject == f"Proposed regulatory improvements, {THIS_YEAR} batch 1"
    assert made.addressee == "See the recipients below"
    assert made.recipients == ["Ministry of Health and Welfare", "Ministry of Food and Drug Safety"]
    assert [label for label, _value in rows][:3] == ["Title", "Proposing company",
                                                     "Background (current situation and problem)"]


# --- Who downloads it ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("official", 200), ("officer", 200), ("expert", 403), (None, 302)])
@pytest.mark.parametrize("format", ["hwpx", "pdf"])
def test_officials_and_officers_download_the_letter_experts_and_strangers_do_not(
        client, officer, official, expert, who, status, format):
    sent = sent_batch(officer)
    if who:
        client.force_login({"official": official, "officer": officer, "expert": expert}[who])

    response = client.get(url(sent.batch, format=format))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/admin/login/?next=")
    if status == 200:
        name = quote(f"{THIS_YEAR}년 1차 규제개선 과제 건의서.{format}")
        assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"
        assert response["Content-Type"] == {"hwpx": "application/hwp+zip", "pdf": "application/pdf"}[format]
        assert response["Cache-Control"] == "no-store, private"
        data = b"".join(response.streaming_content)
        assert data[:4] == {"hwpx": b"PK\x03\x04", "pdf": b"%PDF"}[format]


def test_the_official_chooses_one_ministry_or_a_letter_to_each_in_a_zip_file(client, officer, official):
    sent = sent_batch(officer)
    client.force_login(official)
    welfare = sent.remote_care.ministry

    one = client.get(url(sent.batch, format="pdf", ministry=welfare.pk))
    each = client.get(url(sent.batch, format="hwpx", ministry="each"))

    assert one.status_code == 200
    assert one["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote(f'{THIS_YEAR}년 1차 규제개선 과제 건의서 (보건복지부).pdf')}")
    assert each.status_code == 200
    assert each["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote(f'{THIS_YEAR}년 1차 규제개선 과제 건의서.zip')}")
    names = zipfile.ZipFile(io.BytesIO(b"".join(each.streaming_content))).namelist()
    assert names == [f"{THIS_YEAR}년 1차 규제개선 과제 건의서 (보건복지부).hwpx",
                     f"{THIS_YEAR}년 1차 규제개선 과제 건의서 (식품의약품안전처).hwpx"]


def test_an_unknown_format_or_a_ministry_not_in_the_batch_is_not_found(client, officer, official):
    sent = sent_batch(officer)
    client.force_login(official)
    other = file_issue(State.PROPOSAL, by=officer).ministry  # 과학기술정보통신부, in no letter of this batch

    assert client.get(url(sent.batch, format="docx")).status_code == 404
    assert client.get(url(sent.batch, format="pdf", ministry=other.pk)).status_code == 404
    assert client.get(url(sent.batch, format="pdf", ministry="x")).status_code == 404
    assert client.get(f"/exports/batches/{sent.batch.pk + 100}/letter/?format=pdf").status_code == 404


def test_a_batch_with_nothing_the_official_may_propose_sends_them_back_to_its_page(client, officer, official):
    batch = batches.create_batch(by=officer)
    batches.add_to_batch([file_issue(State.CONSULTATION, by=officer)], batch, by=officer)
    client.force_login(official)

    response = client.get(url(batch, format="pdf"), follow=True)

    assert response.redirect_chain == [(f"/admin/issues/proposalbatch/{batch.pk}/change/", 302)]
    assert "건의할 과제가 아직 없어 건의서를 만들 수 없습니다" in response.content.decode()


def test_a_letter_longer_than_a_request_may_lay_out_is_refused_pointing_to_one_per_ministry(
        client, officer, official, settings):
    sent = sent_batch(officer)
    settings.EXPORT_DOCUMENT_ASYNC_ROWS = 2
    client.force_login(official)

    refused = client.get(url(sent.batch, format="pdf"), follow=True)
    to_one = client.get(url(sent.batch, format="pdf", ministry=sent.software.ministry.pk))

    assert refused.redirect_chain == [(f"/admin/issues/proposalbatch/{sent.batch.pk}/change/", 302)]
    assert "건의서 한 부에는 과제를 2건까지 담을 수 있는데 이 건의서는 3건입니다" in refused.content.decode()
    assert to_one.status_code == 200


# --- Where it is linked ------------------------------------------------------------------------------------------


def test_the_batch_page_links_the_letter_and_a_letter_to_each_ministry(client, officer, official):
    sent = sent_batch(officer)
    client.force_login(official)
    welfare, drugs = sent.remote_care.ministry, sent.software.ministry
    base = f"/exports/batches/{sent.batch.pk}/letter/"

    page = client.get(f"/admin/issues/proposalbatch/{sent.batch.pk}/change/").content.decode()

    assert f'<a href="{base}?format=hwpx">건의서 (HWPX)</a>' in page
    assert f'<a href="{base}?format=pdf">건의서 (PDF)</a>' in page
    assert f'<a href="{base}?format=pdf&amp;ministry={welfare.pk}">PDF</a>' in page
    assert f'<a href="{base}?format=hwpx&amp;ministry={drugs.pk}">HWPX</a>' in page
    assert f'<a href="{base}?format=pdf&amp;ministry=each">PDF</a>' in page
    listing = client.get("/admin/issues/proposalbatch/").content.decode()
    assert f'<a href="{base}?format=hwpx">HWPX</a> · <a href="{base}?format=pdf">PDF</a>' in listing
