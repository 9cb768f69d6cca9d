"""The batch the letter-of-proposal tests send: three issues to two ministries, two of whose filers agreed to
their company being named, one discussed at the 28 March 2024 roundtable."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from issues.models import AgendaItem, Issue, ProposalBatch
from issues.proposals import batches
from issues.workflow import State
from meetings.models import Meeting
from tests.base import ministry

from .conftest import file_issue

SEOUL = ZoneInfo("Asia/Seoul")

REMOTE_CARE = "원양선박 선원 비대면 진료 및 의약품 배송 허용"
SOFTWARE = "소프트웨어 의료기기 적합성 심사 관련 규정 명확화"
DATA_REUSE = "연구용 인체유래물 데이터의 2차 활용 동의 절차 간소화"

REMOTE_CARE_LAW = "의료법 제34조(원격의료), 약사법 제50조(의약품 판매), 선원법 제85조(선내 의료관리)"
SOFTWARE_LAW = "의료기기법 제6조(제조허가 등), 제12조(변경허가 등)"
DATA_REUSE_LAW = "생명윤리 및 안전에 관한 법률 제37조(인체유래물연구의 동의)"
REMOTE_CARE_EFFECT = ("원양선박 선원이 장기 승선 중에도 만성질환을 관리할 수 있어 선원의 건강권이 보장되고, "
                      "응급 후송과 조기 하선에 드는 비용이 줄어든다.")
CONCLUSION_NOTE = "만성질환 재진 환자 중심으로 범위를 한정하고 해양수산부 협조를 병행하여 건의"
PUBLIC_NOTE = "간담회 논의 내용을 반영하여 보건복지부에 정부 건의하기로 했습니다."


@dataclass
class Sent:
    batch: ProposalBatch
    remote_care: Issue  # 보건복지부, company named, discussed at the meeting
    software: Issue  # 식품의약품안전처, company not named, no expected effect
    data_reuse: Issue  # 보건복지부, company named
    meeting: Meeting


def sent_batch(officer, *, problems: tuple[str, str, str] = ("", "", ""), submit: bool = True) -> Sent:
    """The batch, submitted by `officer` (its issues then in `proposal`); `problems` replace the issues'
    현황 및 문제점."""
    batch = batches.create_batch(by=officer)
    welfare, drugs = ministry("보건복지부"), ministry("식품의약품안전처")
    remote_care = file_issue(
        State.CONSULTATION, by=officer, title=REMOTE_CARE, company_name="브이엠에스홀딩스", ministry=welfare,
        problem=problems[0] or "원양어선 선원은 수개월간 해상에 머물러 의료기관을 이용할 수 없다.",
        improvement="원양선박에 승선 중인 선원을 비대면진료 허용 대상에 명시", related_law=REMOTE_CARE_LAW,
        expected_effect=REMOTE_CARE_EFFECT, may_name_company=True,
    )
    software = file_issue(
        State.CONSULTATION, by=officer, title=SOFTWARE, company_name="팀엘리시움", ministry=drugs,
        problem=problems[1] or "GMP 적합성 심사 규정이 하드웨어 제조 공정 중심이어서 적용 항목이 불명확하다.",
        improvement="소프트웨어 의료기기 GMP 심사의 적용·면제 항목을 가이드라인으로 명확화", related_law=SOFTWARE_LAW,
        may_name_company=False,
    )
    data_reuse = file_issue(
        State.CONSULTATION, by=officer, title=DATA_REUSE, company_name="다윈케이에스", ministry=welfare,
        problem=problems[2] or "인체유래물을 다른 연구에 다시 쓰려면 기관마다 IRB 심의를 따로 받아야 한다.",
        improvement="다기관 공동 IRB 심의 인정 확대", related_law=DATA_REUSE_LAW,
        expected_effect="다기관 연구 준비 기간이 줄어든다.", may_name_company=True,
    )
    batches.add_to_batch([remote_care, software, data_reuse], batch, by=officer)
    meeting = Meeting.objects.create(title="규제혁신 현장 간담회", starts_at=datetime(2024, 3, 28, 14, tzinfo=SEOUL),
                                     venue="서울파트너스하우스")
    AgendaItem.objects.create(meeting=meeting, issue=remote_care, position=1,
                              conclusion=AgendaItem.Conclusion.PROPOSE, conclusion_note=CONCLUSION_NOTE,
                              public_note=PUBLIC_NOTE)
    if submit:
        batches.submit_batch(batch, by=officer)
        batch.refresh_from_db()
    for issue in (remote_care, software, data_reuse):
        issue.refresh_from_db()
    return Sent(batch, remote_care, software, data_reuse, meeting)
