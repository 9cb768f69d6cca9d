"""`manage.py load_demo`: the roundtable of 28 March 2024 from the seed article (SPEC.md) with its
8 companies, 3 associations and 9 issues walked through the workflow, the proposal batch of the five it
agreed to propose (with its letter of proposal), plus one account per role; and the advisory group
(서울규제혁신지원단) of 51 lawyers, accountants, patent attorneys and others, with the consultations of the
roundtable's issues: a lawyer's opinion on 비대면 진료 and a patent attorney's on the software medical
device, both accepted before the meeting, and two requests still open now (one due soon, one overdue).

Idempotent: everything is looked up by its natural key first and left alone when it exists, so a
second run writes nothing and owes no notice. Issues are filed and moved through services only;
their dates are then set back to 2024 with .update(), which changes when things happened, never
where an issue stands. Companies, contacts, e-mail addresses and business numbers are fictional
(only the names of the companies, the CEOs and the associations come from the article)."""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company, Contact, Field, Organization
from companies.validators import business_number_check_digit
from issues import consultations, services, similar
from issues.models import (
    AgendaItem,
    Consultation,
    ConsultationMessage,
    ExpertProfile,
    Issue,
    Note,
    ProposalBatch,
    StatusChange,
)
from issues.proposals import batches
from issues.workflow import EXPERT, OFFICER, OFFICIAL, Answer, MoveError, Resolution, State
from meetings.models import Attendee, Meeting

SEOUL = ZoneInfo("Asia/Seoul")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


def _business_number(serial: int) -> str:
    """A fake number that passes the check digit: 000-00-0000n plus its check digit. No tax office
    has the code 000, so it can never be a real company's."""
    first_nine = f"{serial:09d}"
    return f"{first_nine}{business_number_check_digit(first_nine)}"


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: str  # the auth group; "" for the superuser
    last_name: str = ""
    first_name: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@example.com"


@dataclass(frozen=True)
class DemoCompany:
    name: str
    serial: int  # makes the fake business number
    field: str
    contact_name: str
    contact_email: str
    contact_phone: str
    contact_position: str
    ceo_name: str = ""

    @property
    def business_number(self) -> str:
        return _business_number(self.serial)


@dataclass(frozen=True)
class Step:
    """One move of an issue, made through services.move_issue and then dated `at`."""

    at: str
    to: str
    note: str = ""
    public_note: str = ""
    by: str = "officer"
    is_meeting_conclusion: bool = False  # the move that applied the roundtable's conclusion
    answer: str = ""
    answer_text: str = ""
    answered_on: str = ""
    resolution: str = ""


@dataclass(frozen=True)
class DemoNote:
    at: str
    body: str
    by: str = "officer"
    is_public: bool = False


@dataclass(frozen=True)
class DemoConsultation:
    """A request to an expert of the roster, made once the issue has taken `after_step` of its steps, and
    answered and accepted when those are given. Dated in 2024 (`asked`), or, for a request still open,
    `asked_days_ago` and `due_in_days` from today (negative: overdue)."""

    expert: str  # a username of EXPERTS
    question: str
    after_step: int = 0
    asked: str = ""
    due: str = ""
    asked_days_ago: int = 0
    due_in_days: int = 0
    answered: str = ""
    summary: str = ""
    legal_basis: str = ""
    recommendation: str = ""
    accepted: str = ""
    published_summary: str = ""


@dataclass(frozen=True)
class DemoIssue:
    company: str
    title: str
    field: str
    ministry: str
    problem: str
    improvement: str
    related_law: str
    filed: str
    steps: tuple[Step, ...] = ()
    notes: tuple[DemoNote, ...] = ()
    conclusion: str = ""
    conclusion_note: str = ""
    assignee: str = ""
    priority: int = Issue.Priority.NORMAL
    expected_effect: str = ""
    may_name_company: bool = False  # the filer agreed that the letter of proposal names the company
    consultations: tuple[DemoConsultation, ...] = ()
    is_publishable: bool = False  # an officer published it as a solved case (/stats/, the intake form)


ACCOUNTS = (
    Account("officer", "demo-officer-2024", OFFICER, "이", "수민"),
    Account("expert", "demo-expert-2024", EXPERT, "한", "도윤"),
    Account("official", "demo-official-2024", OFFICIAL, "정", "해린"),
    Account("admin", "demo-admin-2024", ""),
)

Profession = ExpertProfile.Profession

# The advisory group (서울규제혁신지원단, "50여명" in the article): username, family and given name, profession,
# fields, organisation (all fictional), whether they take requests now and may be named to the government.
# The demo account "expert" is its lawyer 한도윤; the others have no usable password.
EXPERTS = (
    ("expert", "한", "도윤", Profession.LAWYER, ("bio", "healthcare", "ai"), "법무법인 한빛", True, False),
    ("expert-02", "김", "태현", Profession.LAWYER, ("bio", "healthcare"), "법무법인 한빛", True, True),
    ("expert-03", "서", "지우", Profession.PATENT_ATTORNEY, ("ai", "healthcare", "bio"), "특허법인 해솔", True, True),
    ("expert-04", "이", "서진", Profession.LAWYER, ("fintech", "digital_finance"), "법무법인 가람", True, False),
    ("expert-05", "박", "준영", Profession.LAWYER, ("mobility", "robotics"), "법무법인 온누리", True, True),
    ("expert-06", "최", "민서", Profession.LAWYER, ("ai", "media"), "법무법인 한빛", True, False),
    ("expert-07", "정", "재윤", Profession.LAWYER, ("proptech",), "법무법인 새길", True, False),
    ("expert-08", "강", "하린", Profession.LAWYER, ("games", "webtoon"), "법무법인 가람", True, True),
    ("expert-09", "조", "성민", Profession.LAWYER, ("beauty_fashion",), "법률사무소 바른길", True, False),
    ("expert-10", "윤", "가영", Profession.LAWYER, ("ai", "xr"), "법무법인 온누리", True, False),
    ("expert-11", "장", "도현", Profession.LAWYER, ("fintech",), "법무법인 새길", False, False),
    ("expert-12", "임", "수빈", Profession.LAWYER, ("bio",), "법무법인 한빛", True, True),
    ("expert-13", "오", "준서", Profession.LAWYER, ("robotics", "mobility"), "법무법인 가람", True, False),
    ("expert-14", "신", "지유", Profession.LAWYER, ("healthcare",), "법률사무소 다온", True, False),
    ("expert-15", "권", "민재", Profession.LAWYER, ("media", "webtoon"), "법무법인 온누리", True, False),
    ("expert-16", "황", "서윤", Profession.LAWYER, ("proptech", "mobility"), "법무법인 새길", True, True),
    ("expert-17", "안", "시현", Profession.LAWYER, ("ai",), "법무법인 가람", True, False),
    ("expert-18", "송", "유찬", Profession.LAWYER, ("digital_finance",), "법무법인 한빛", True, False),
    ("expert-19", "류", "하준", Profession.LAWYER, ("games",), "법률사무소 바른길", True, False),
    ("expert-20", "전", "다인", Profession.LAWYER, ("bio", "healthcare"), "법무법인 온누리", True, False),
    ("expert-21", "홍", "석진", Profession.LAWYER, ("xr", "media"), "법무법인 새길", True, False),
    ("expert-22", "고", "은채", Profession.LAWYER, ("beauty_fashion", "other"), "법무법인 가람", True, False),
    ("expert-23", "문", "태윤", Profession.LAWYER, ("fintech", "ai"), "법무법인 한빛", True, True),
    ("expert-24", "배", "지훈", Profession.ACCOUNTANT, ("fintech",), "회계법인 다산", True, True),
    ("expert-25", "백", "승아", Profession.ACCOUNTANT, ("digital_finance",), "한결회계법인", True, False),
    ("expert-26", "허", "준호", Profession.ACCOUNTANT, ("bio",), "회계법인 다산", False, False),
    ("expert-27", "남", "기현", Profession.ACCOUNTANT, ("other",), "세무법인 누리", True, False),
    ("expert-28", "심", "유나", Profession.ACCOUNTANT, ("games",), "한결회계법인", True, False),
    ("expert-29", "노", "현우", Profession.ACCOUNTANT, ("proptech",), "회계법인 다산", True, True),
    ("expert-30", "하", "은서", Profession.ACCOUNTANT, ("media",), "세무법인 누리", True, False),
    ("expert-31", "곽", "민준", Profession.ACCOUNTANT, ("ai",), "한결회계법인", True, False),
    ("expert-32", "성", "다은", Profession.ACCOUNTANT, ("robotics",), "회계법인 다산", True, False),
    ("expert-33", "차", "윤호", Profession.ACCOUNTANT, ("beauty_fashion",), "세무법인 누리", True, False),
    ("expert-34", "주", "서현", Profession.ACCOUNTANT, ("mobility",), "한결회계법인", True, False),
    ("expert-35", "우", "태민", Profession.ACCOUNTANT, ("healthcare",), "회계법인 다산", True, True),
    ("expert-36", "구", "민성", Profession.PATENT_ATTORNEY, ("robotics",), "특허법인 아이디어브릿지", True, False),
    ("expert-37", "민", "하늘", Profession.PATENT_ATTORNEY, ("xr",), "특허법인 해솔", True, False),
    ("expert-38", "유", "정민", Profession.PATENT_ATTORNEY, ("games", "webtoon"), "한솔국제특허사무소", True, True),
    ("expert-39", "나", "윤아", Profession.PATENT_ATTORNEY, ("bio",), "특허법인 아이디어브릿지", True, False),
    ("expert-40", "진", "우빈", Profession.PATENT_ATTORNEY, ("mobility",), "특허법인 해솔", True, False),
    ("expert-41", "지", "수아", Profession.PATENT_ATTORNEY, ("beauty_fashion",), "한솔국제특허사무소", True, False),
    ("expert-42", "엄", "태오", Profession.PATENT_ATTORNEY, ("ai",), "특허법인 아이디어브릿지", True, True),
    ("expert-43", "채", "민경", Profession.PATENT_ATTORNEY, ("fintech",), "특허법인 해솔", True, False),
    ("expert-44", "원", "도훈", Profession.PATENT_ATTORNEY, ("media",), "한솔국제특허사무소", False, False),
    ("expert-45", "탁", "성훈", Profession.LABOR_ATTORNEY, ("other",), "노무법인 상생", True, False),
    ("expert-46", "변", "소희", Profession.LABOR_ATTORNEY, ("robotics",), "노무법인 상생", True, False),
    ("expert-47", "표", "진혁", Profession.LABOR_ATTORNEY, ("mobility",), "노무법인 상생", True, False),
    ("expert-48", "염", "동균", Profession.ENGINEER, ("robotics", "mobility"), "정도기술사사무소", True, True),
    ("expert-49", "여", "하람", Profession.ENGINEER, ("xr",), "정도기술사사무소", True, False),
    ("expert-50", "마", "경준", Profession.PROFESSOR, ("bio", "healthcare"), "한누리대학교 법학전문대학원", True, True),
    ("expert-51", "용", "채원", Profession.PROFESSOR, ("ai",), "한누리대학교 산업공학과", True, False),
)

MEETING = {
    "title": "규제혁신 현장 간담회",
    "kind": Meeting.Kind.ROUNDTABLE,
    "starts_at": _at("2024-03-28 14:00"),
    "ends_at": _at("2024-03-28 16:00"),
    "venue": "서울파트너스하우스",
    "address": "서울 용산구 한남대로 138",
    "host_department": "서울시 경제정책과",
    # The roundtable's record as the centre keeps it (the seed article's facts): what was said, item by
    # item; the result report (agenda/result_report.py) prints it with the conclusions and the next steps.
    "minutes": (
        "14:00 개회. 최판규 서울시 경제정책과장은 인사말에서 \"혁신기술의 개발만큼 시장 선점을 위해 필요한 것이 "
        "규제개선\"이라며, 기업의 애로사항을 경청하고 대정부 건의를 통해 실질적인 규제혁신을 만들겠다고 밝힘.\n"
        "14:10 서울기업지원센터 경과 보고: 2023년 핀테크·로봇·바이오·인공지능(AI) 4개 분야 릴레이 현장간담회에서 "
        "규제 43건을 발굴해 정부에 건의하였고, 올해는 첨단산업 분야에 이어 확장현실(XR)·미디어·웹툰·게임 등 "
        "창조산업 분야로 간담회를 넓힐 계획임.\n"
        "14:20 과제 발표 및 논의: 8개 스타트업이 규제 개선 과제 9건을 발표하고, 코리아스타트업포럼·한국인공지능협회·"
        "한국로봇산업협회와 서울규제혁신지원단 자문위원이 의견을 제시함.\n"
        "- 비대면 진료 및 의약품 배송(브이엠에스홀딩스): 의료계의 오진 책임·처방 범위 우려를 고려해 만성질환 재진 "
        "환자로 범위를 좁혀 건의하는 것이 수용 가능성이 높다는 의견이 모아짐. 선내 비치 의약품 관리는 해양수산부 "
        "협조가 필요함.\n"
        "- 소프트웨어 의료기기 적합성 심사(팀엘리시움): 한국인공지능협회는 회원사 다수가 같은 문제를 겪고 있다며 "
        "업계 의견을 모아 건의에 더하기로 함.\n"
        "- 건축물현황도 열람 제한 완화(엘비에스테크): 보안 우려를 줄이기 위해 공공기관 소유·다중이용 건축물부터 "
        "열람을 허용하는 단계적 방안이 제시됨.\n"
        "- 마이데이터 사업 인가(왓섭): 소규모 사업자를 위한 제한적 허가 단위 신설과 자본금 요건 차등화가 필요하다는 "
        "데 참석자 의견이 일치함.\n"
        "- 반려동물 비문 생체인식 등록(펫나우): CES 최고혁신상 수상('22.1.) 이후 관련법 개정안이 발의되었으나 계류 "
        "중이어서, 법 개정과 함께 개정 전 실증특례를 통한 시범 등록 허용을 건의하기로 함.\n"
        "- 인공지능 학습 저작물 이용(블루앤트), 도시공원 내 실외 이동로봇 통행(웨이브코리아), 인체유래물 데이터 "
        "2차 활용(다윈케이에스): 관계 법령과 부처의 제도개선 논의 동향을 더 확인할 필요가 있어 추가 검토하기로 함.\n"
        "- 조리로봇 식품 접촉 부품 위생 기준(웨이브코리아): 부품 재질 목록과 위생점검 지적 사례를 받은 뒤 다음 로봇 "
        "분야 간담회에서 다시 논의하기로 함.\n"
        "15:50 정리: 5건은 간담회에서 협의된 내용을 반영하여 정부에 건의하고, 3건은 추가 검토, 1건은 기업의 보완 "
        "자료를 받아 재논의하기로 함.\n"
        "16:00 폐회."
    ),
    "next_steps": (
        "정부 건의 5건은 간담회 협의 내용을 반영한 건의서를 작성하여 5월 초까지 소관 부처(보건복지부, "
        "식품의약품안전처, 국토교통부, 금융위원회, 농림축산식품부)에 제출하고, 부처 회신은 참석 기업에 안내한다.\n"
        "추가 검토 3건은 서울규제혁신지원단 자문과 관계 부처 의견 조회를 거쳐 5월 중 건의 여부를 결정한다.\n"
        "조리로봇 위생 기준 과제는 기업의 보완 자료(부품 재질 목록, 위생점검 지적 사례)를 받아 다음 로봇 분야 "
        "현장간담회에서 재논의한다.\n"
        "하반기에는 확장현실(XR)·미디어·웹툰·게임 등 창조산업 분야 현장간담회를 이어서 개최한다."
    ),
}
MEETING_FIELDS = ("ai", "robotics", "bio")

ASSOCIATIONS = (
    ("코리아스타트업포럼", "Korea Startup Forum"),
    ("한국인공지능협회", "Korea Artificial Intelligence Association"),
    ("한국로봇산업협회", "Korea Association of Robot Industry"),
)

COMPANIES = (
    DemoCompany("블루앤트", 1, "ai", "정유나", "yuna.jung@example.com", "010-0000-0101", "AI사업팀장"),
    DemoCompany("브이엠에스홀딩스", 2, "bio", "박서준", "seojun.park@example.com", "010-0000-0102", "사업개발이사",
                ceo_name="김지석"),
    DemoCompany("팀엘리시움", 3, "ai", "최하은", "haeun.choi@example.com", "010-0000-0103", "인허가(RA) 팀장"),
    DemoCompany("엘비에스테크", 4, "ai", "윤지호", "jiho.yoon@example.com", "010-0000-0104", "연구소장"),
    DemoCompany("다윈케이에스", 5, "bio", "오세린", "serin.oh@example.com", "010-0000-0105", "연구기획 매니저"),
    DemoCompany("펫나우", 6, "ai", "강민재", "minjae.kang@example.com", "010-0000-0106", "대외협력 이사",
                ceo_name="임준호"),
    DemoCompany("왓섭", 7, "fintech", "서지안", "jian.seo@example.com", "010-0000-0107", "전략기획 매니저"),
    DemoCompany("웨이브코리아", 8, "robotics", "배승우", "seungwoo.bae@example.com", "010-0000-0108", "로봇사업부장"),
)

# The proposal batch of the five issues the roundtable agreed to propose: its letter of proposal (건의서) is
# what `make run` shows on the batch's page. Found again by its year and note.
BATCH = {"year": 2024, "note": "3월 28일 규제혁신 현장 간담회에서 정부에 건의하기로 한 과제",
         "created": "2024-04-12 15:30", "submitted": "2024-05-08 10:00"}

STARTED = "담당자가 배정되어 검토를 시작했습니다. 3월 28일 규제혁신 현장 간담회에서 논의할 예정입니다."

# In agenda order (positions 1..9): the four the article names first.
ISSUES = (
    DemoIssue(
        company="브이엠에스홀딩스",
        title="원양선박 선원 비대면 진료 및 의약품 배송 허용",
        field="bio",
        ministry="보건복지부",
        problem=(
            "원양어선·상선 선원은 수개월간 해상에 머물러 의료기관을 이용할 수 없다. 현행 의료법은 원격의료를 "
            "의료인 간 자문으로만 허용하고, 비대면진료 시범사업의 예외 대상(섬·벽지 거주자 등)에 해상의 선원이 "
            "포함되는지 불명확하다. 또한 약사법상 의약품은 약국에서만 판매할 수 있어, 진료 후 처방 의약품을 "
            "기항지를 거쳐 선박으로 보낼 방법이 없다. 선내 비치 의약품만으로는 고혈압·당뇨 등 만성질환 관리가 어렵다."
        ),
        improvement=(
            "① 원양선박에 승선 중인 선원을 비대면진료 허용 대상(의료취약지)에 명시\n"
            "② 위성통신을 이용한 진료의 기록·보관 기준 마련\n"
            "③ 처방 의약품을 기항지 선박대리점·선용품 공급업체를 통해 선박으로 전달할 수 있도록 약사법 특례 마련"
        ),
        related_law="의료법 제34조(원격의료), 약사법 제50조(의약품 판매), 선원법 제85조(선내 의료관리), "
                    "보건복지부 「비대면진료 시범사업 지침」",
        filed="2024-03-06 10:12",
        steps=(
            Step("2024-03-14 09:40", State.CONSULTATION,
                 note="해양수산부(선원정책과) 의견 조회 필요. 3.28 간담회 안건으로 상정.", public_note=STARTED),
            Step("2024-04-19 15:00", State.PROPOSAL, is_meeting_conclusion=True,
                 note="간담회 협의 결과: 의료계 우려(오진 책임·처방 범위)를 반영해 "
                      "만성질환 재진 중심으로 범위를 좁혀 건의.",
                 public_note="간담회 논의 내용을 반영하여 보건복지부에 정부 건의하였습니다."),
            Step("2024-07-24 10:30", State.FOLLOW_UP, by="official",
                 answer=Answer.PARTIALLY_ACCEPTED, answered_on="2024-07-22",
                 answer_text=(
                     "원양선박에 승선 중인 선원을 비대면진료 시범사업의 의료취약지 대상에 포함하도록 지침 개정을 "
                     "추진함. 다만 처방 의약품의 선박 배송은 의약품 안전관리와 오남용 우려로 현행을 유지하며, "
                     "선내 비치 의약품 목록 확대는 해양수산부와 협의하겠음."
                 ),
                 note="보건복지부 회신 공문 접수.",
                 public_note="보건복지부가 일부 수용 의견을 회신했습니다. 선원 비대면 진료는 지침 개정을 추진하고, "
                             "의약품 배송은 현행을 유지한다는 내용입니다."),
        ),
        conclusion=AgendaItem.Conclusion.PROPOSE,
        conclusion_note="만성질환 재진 환자 중심으로 범위를 한정하고 해양수산부 협조를 병행하여 보건복지부에 건의",
        is_publishable=True,
        priority=Issue.Priority.HIGH,
        expected_effect=(
            "원양선박 선원이 장기 승선 중에도 고혈압·당뇨 등 만성질환을 관리할 수 있어 선원의 건강권이 "
            "보장되고, 응급 후송과 조기 하선에 드는 비용이 줄어든다. 위성통신 기반 해상 원격의료 서비스의 실증 "
            "사례가 생겨 관련 기업의 해외 진출 기반이 마련된다."
        ),
        may_name_company=True,
        consultations=(
            DemoConsultation(
                expert="expert", after_step=1, asked="2024-03-15 10:00", due="2024-03-26",
                question=(
                    "원양선박 선원에 대한 비대면 진료가 현행 의료법 제34조와 「비대면진료 시범사업 지침」상 "
                    "허용되는지, 진료 후 처방 의약품을 기항지를 거쳐 선박으로 전달하는 것이 약사법 제50조에 "
                    "저촉되는지, 정부에 건의할 때 어느 범위로 요청하는 것이 타당한지 검토를 부탁드립니다."
                ),
                answered="2024-03-22 16:30", recommendation=Consultation.Recommendation.AMENDED,
                summary=(
                    "현행 의료법 제34조는 의료인 간 원격 자문만 허용하므로, 선원에 대한 비대면 진료는 시범사업 "
                    "지침의 의료취약지 대상에 '원양선박에 승선 중인 선원'을 명시하는 방식으로 먼저 건의하는 것이 "
                    "타당합니다. 오진 책임과 처방 범위에 대한 의료계의 우려를 고려해 만성질환 재진 환자로 범위를 "
                    "한정하면 수용 가능성이 높습니다. 처방 의약품의 선박 전달은 약국 외 판매를 금지한 약사법 "
                    "제50조에 저촉되어 법 개정이나 규제특례가 필요하므로, 선원법 제85조에 따른 선내 비치 의약품 "
                    "목록 확대를 해양수산부와 함께 건의하는 방안을 병행할 것을 권고합니다."
                ),
                legal_basis=(
                    "의료법 제34조(원격의료), 약사법 제50조(의약품 판매), 선원법 제85조(선내 의료관리), "
                    "보건복지부 「비대면진료 시범사업 지침」(의료취약지 예외)"
                ),
                accepted="2024-03-25 11:00",
                published_summary=(
                    "지원단 변호사의 검토 결과, 만성질환 재진 환자로 범위를 좁혀 건의하는 것이 바람직하다는 의견을 "
                    "받았습니다. 3월 28일 간담회에서 함께 논의합니다."
                ),
            ),
        ),
    ),
    DemoIssue(
        company="팀엘리시움",
        title="소프트웨어 의료기기 적합성 심사 관련 규정 명확화",
        field="ai",
        ministry="식품의약품안전처",
        problem=(
            "AI 기반 의료영상 판독 보조 소프트웨어의 허가를 준비하고 있으나, 의료기기 제조 및 품질관리 기준(GMP) "
            "적합성 심사 규정이 하드웨어 제조 공정 중심이어서 소프트웨어 의료기기에 어떤 항목이 적용되는지 "
            "불명확하다. 알고리즘 재학습에 따른 버전 업데이트가 변경허가와 GMP 재심사 대상인지에 대한 기준이 없어 "
            "심사 담당자마다 판단이 다르고, 출시 일정을 예측하기 어려워 성능 개선 업데이트를 미루게 된다."
        ),
        improvement=(
            "① 소프트웨어 의료기기 GMP 적합성 심사의 적용·면제 항목을 고시 또는 가이드라인으로 명확화\n"
            "② 사용목적과 성능이 바뀌지 않는 재학습 업데이트는 경미한 변경(보고)으로 처리하는 기준 마련\n"
            "③ 허가 전 사전 상담 창구 운영"
        ),
        related_law="의료기기법 제6조(제조허가 등), 제12조(변경허가 등), "
                    "「의료기기 제조 및 품질관리 기준」(식품의약품안전처 고시), "
                    "「의료기기 허가·신고·심사 등에 관한 규정」",
        filed="2024-03-07 14:05",
        steps=(
            Step("2024-03-15 11:00", State.CONSULTATION,
                 note="식약처 사전 상담 결과와 심사 담당자별 상이한 의견 사례를 기업에 요청.", public_note=STARTED),
            Step("2024-04-19 15:10", State.PROPOSAL, is_meeting_conclusion=True,
                 note="간담회에서 한국인공지능협회도 같은 애로를 제기함. 협회 의견서를 첨부하여 건의.",
                 public_note="간담회 논의 내용을 반영하여 식품의약품안전처에 정부 건의하였습니다."),
            Step("2024-06-27 16:00", State.FOLLOW_UP, by="official",
                 answer=Answer.ACCEPTED, answered_on="2024-06-25",
                 answer_text=(
                     "소프트웨어 의료기기의 GMP 적합성 심사 시 적용 항목과 면제 항목을 정리하여 가이드라인을 개정하고, "
                     "사용목적과 성능에 변경이 없는 재학습 업데이트는 경미한 변경으로 보고하도록 기준을 마련하겠음"
                     "(2024년 하반기 시행 예정)."
                 ),
                 public_note="식품의약품안전처가 건의를 수용했습니다. "
                             "가이드라인이 개정되면 반영 여부를 확인하겠습니다."),
            Step("2024-10-15 10:00", State.CLOSED, resolution=Resolution.IMPROVED,
                 note="식약처 가이드라인 개정 공고 확인(2024.10.). 기업에 적용 여부 확인 완료.",
                 public_note="식품의약품안전처가 가이드라인을 개정하여 건의 내용이 반영되었습니다. "
                             "과제를 개선 완료로 종결합니다."),
        ),
        conclusion=AgendaItem.Conclusion.PROPOSE,
        conclusion_note="한국인공지능협회 의견을 더해 식품의약품안전처에 건의",
        is_publishable=True,
        expected_effect=(
            "심사 기준이 명확해져 기업이 허가 준비 기간과 비용을 예측할 수 있고, 성능이 개선된 AI 모델을 "
            "제때 의료 현장에 적용할 수 있다. 심사 담당자마다 다른 판단으로 생기는 민원이 줄고 국내 AI "
            "의료기기의 경쟁력이 높아진다."
        ),
        may_name_company=True,
        consultations=(
            DemoConsultation(
                expert="expert-03", after_step=1, asked="2024-03-15 15:00", due="2024-03-27",
                question=(
                    "AI 의료영상 판독 보조 소프트웨어의 알고리즘 재학습에 따른 버전 업데이트가 의료기기법 "
                    "제12조의 변경허가 대상인지, 의료기기 GMP 적합성 심사 기준 가운데 소프트웨어 의료기기에 "
                    "적용하기 어려운 항목이 무엇인지 검토해 주십시오."
                ),
                answered="2024-03-25 14:00", recommendation=Consultation.Recommendation.AS_IS,
                summary=(
                    "의료기기법 제12조와 「의료기기 허가·신고·심사 등에 관한 규정」은 사용목적과 성능의 변경을 "
                    "변경허가 대상으로 보지만, 소프트웨어 재학습에 대해서는 구분이 없어 심사 담당자의 판단에 "
                    "맡겨져 있습니다. 사용목적과 성능 지표가 허가 범위 안에 있는 재학습 업데이트는 경미한 "
                    "변경(보고)으로 처리하고, GMP 기준 중 작업소 환경·멸균 등 소프트웨어에 해당하지 않는 항목은 "
                    "면제 항목으로 열거하도록 기업의 개선 방안대로 건의할 것을 권고합니다. 재학습 데이터와 "
                    "알고리즘 변경 이력은 영업비밀로 보호되도록 제출 범위를 함께 정할 필요가 있습니다."
                ),
                legal_basis=(
                    "의료기기법 제6조(제조허가 등), 제12조(변경허가 등), 「의료기기 제조 및 품질관리 기준」"
                    "(식품의약품안전처 고시), 「의료기기 허가·신고·심사 등에 관한 규정」, "
                    "부정경쟁방지 및 영업비밀보호에 관한 법률 제2조(영업비밀)"
                ),
                accepted="2024-03-26 10:00",
            ),
        ),
    ),
    DemoIssue(
        company="엘비에스테크",
        title="건축물현황도 열람 제한 완화",
        field="ai",
        ministry="국토교통부",
        problem=(
            "시각장애인·교통약자를 위한 실내 보행 내비게이션 서비스를 개발하고 있으며, 지하철역·공공청사·"
            "복합쇼핑몰의 실내 지도를 만들려면 층별 평면이 담긴 건축물현황도가 필요하다. 그러나 건축물현황도는 "
            "보안과 사생활 보호를 이유로 건축물 소유자나 소유자의 동의를 받은 사람만 열람할 수 있어, 건물마다 "
            "동의를 받아야 하고 공공건물조차 열람이 어렵다. 현장 실측으로 대신하면 건물당 수백만 원과 수 주가 든다."
        ),
        improvement=(
            "① 공공기관 소유 건축물과 불특정 다수가 이용하는 다중이용 건축물은 보안상 필요한 부분(기계실·전기실 등)을 "
            "가린 층별 평면의 열람 허용\n"
            "② 장애인·교통약자 이동편의 등 공익 목적 서비스 사업자에 대한 열람 특례 마련\n"
            "③ 제공 시 보안 정보 가림(마스킹) 기준 마련"
        ),
        related_law="건축법 제38조(건축물대장), "
                    "「건축물대장의 기재 및 관리 등에 관한 규칙」 제11조(건축물대장의 열람 및 발급), "
                    "교통약자의 이동편의 증진법",
        filed="2024-03-08 16:30",
        steps=(
            Step("2024-03-18 10:00", State.CONSULTATION,
                 note="공익성 높음. 서울시 소유 건축물 도면 제공 가능 여부를 관련 부서에 문의.", public_note=STARTED),
            Step("2024-04-26 14:00", State.PROPOSAL, is_meeting_conclusion=True,
                 note="간담회 결론에 따라 공공·다중이용 건축물에 한정한 열람 허용으로 건의.",
                 public_note="간담회 논의 내용을 반영하여 국토교통부에 정부 건의하였습니다."),
            Step("2024-06-03 11:20", State.CONSULTATION, by="official",
                 note="국토교통부 검토 의견: 대상 건축물 범위와 "
                      "보안 정보(기계실·전기실 등) 가림 기준안을 보완해 달라는 요청.",
                 public_note="정부 검토 과정에서 보완 자료 요청이 있어 추가로 협의하고 있습니다."),
            Step("2024-07-10 15:40", State.PROPOSAL,
                 note="다중이용 건축물 범위(연면적 5천㎡ 이상 등)와 가림 기준안을 보완하여 재건의.",
                 public_note="보완 자료를 더해 국토교통부에 다시 건의하였습니다."),
        ),
        conclusion=AgendaItem.Conclusion.PROPOSE,
        conclusion_note="공공기관 소유·다중이용 건축물에 한정하여 열람 허용을 국토교통부에 건의",
        assignee="officer",
        priority=Issue.Priority.HIGH,
        expected_effect=(
            "시각장애인·교통약자가 지하철역과 공공청사 안에서도 길 안내를 받아 스스로 이동할 수 있고, 기업은 "
            "건물마다 현장 실측에 들던 비용과 시간을 줄여 서비스 지역을 빠르게 넓힐 수 있다."
        ),
    ),
    DemoIssue(
        company="왓섭",
        title="마이데이터 사업 인가를 위한 규제 완화",
        field="fintech",
        ministry="금융위원회",
        problem=(
            "구독 서비스 관리 앱을 운영하고 있으며, 이용자의 카드 결제 내역을 연동해 잊고 있던 정기결제를 찾아 주는 "
            "기능을 제공하려면 본인신용정보관리업(마이데이터) 허가가 필요하다. 허가를 받으려면 최소 자본금 5억 원, "
            "물적 설비와 전문인력, 정보보호 체계 요건을 갖추어야 하고 심사 기간도 길어 초기 스타트업에는 진입 장벽이 "
            "높다. 구독 관리처럼 제한된 범위의 정보만 쓰는 서비스도 종합 마이데이터 사업자와 같은 요건을 적용받는다."
        ),
        improvement=(
            "① 특정 업권·정보 범위만 이용하는 소규모 사업자를 위한 제한적 본인신용정보관리업 허가 단위 신설\n"
            "② 이용 정보 범위에 따른 자본금 요건 차등화\n"
            "③ 혁신금융서비스(규제샌드박스) 지정 기업에 대한 허가 요건 특례 확대"
        ),
        related_law="신용정보의 이용 및 보호에 관한 법률(신용정보법) 제4조(신용정보업 등의 허가), 제6조(허가의 요건), "
                    "제22조의9(본인신용정보관리회사의 행위규칙), 같은 법 시행령 제6조",
        filed="2024-03-11 09:25",
        steps=(
            Step("2024-03-20 14:30", State.CONSULTATION,
                 note="코리아스타트업포럼 핀테크 분과 의견 수렴 예정.", public_note=STARTED),
            Step("2024-05-08 10:00", State.PROPOSAL, is_meeting_conclusion=True,
                 note="간담회 결론: 제한적 허가 단위 신설과 자본금 요건 차등화를 건의. "
                      "금융위원회 규제개선 건의 창구로 제출.",
                 public_note="간담회 논의 내용을 반영하여 금융위원회에 정부 건의하였습니다. 회신을 기다리고 있습니다."),
        ),
        conclusion=AgendaItem.Conclusion.PROPOSE,
        conclusion_note="제한적 허가 단위 신설과 자본금 요건 차등화를 금융위원회에 건의",
        assignee="officer",
        expected_effect=(
            "제한된 범위의 정보만 쓰는 스타트업도 마이데이터 사업에 참여할 수 있어 소비자 맞춤형 금융 서비스가 "
            "다양해지고, 잊고 있던 정기결제로 인한 소비자 피해가 줄어든다."
        ),
        may_name_company=True,
    ),
    DemoIssue(
        company="펫나우",
        title="반려동물 비문(코주름) 생체인식 등록 인정",
        field="ai",
        ministry="농림축산식품부",
        problem=(
            "반려견의 코주름(비문) 이미지를 AI로 인식해 개체를 식별하는 기술로 CES 최고혁신상을 받았다('22.1.). "
            "그러나 현행 동물보호법은 동물등록 방법을 무선식별장치(내장형·외장형) 장착으로만 정하고 있어 비문 등 "
            "생체인식 정보로는 동물등록을 할 수 없다. 생체인식 등록을 허용하는 동물보호법 개정안이 발의되었으나 "
            "국회에 계류 중이어서 지자체·보험사와 함께하는 서비스 제공에 어려움을 겪고 있다. 내장형 칩 시술에 대한 "
            "보호자의 거부감으로 동물등록률도 낮다."
        ),
        improvement=(
            "① 동물등록 방법에 비문 등 생체인식 정보 추가(동물보호법 및 시행규칙 개정)\n"
            "② 법 개정 전에도 규제샌드박스 실증특례로 일부 지자체에서 생체인식 등록 시범 운영\n"
            "③ 생체인식 등록의 인식 정확도·보안 인증 기준 마련"
        ),
        related_law="동물보호법 제15조(등록대상동물의 등록 등), 동물보호법 시행규칙(등록대상동물의 등록 방법)",
        filed="2024-03-05 11:00",
        steps=(
            Step("2024-03-13 10:20", State.CONSULTATION,
                 note="동물보호법 개정안 국회 계류 현황 확인. 규제샌드박스 실증특례 병행 가능성 검토.",
                 public_note=STARTED),
            Step("2024-04-12 16:00", State.PROPOSAL, is_meeting_conclusion=True,
                 note="간담회 결론: 법 개정과 함께 개정 전 실증특례를 통한 시범 등록 허용을 건의.",
                 public_note="간담회 논의 내용을 반영하여 농림축산식품부에 정부 건의하였습니다."),
            Step("2024-09-05 14:00", State.FOLLOW_UP, by="official",
                 answer=Answer.LONG_TERM_REVIEW, answered_on="2024-09-03",
                 answer_text=(
                     "생체인식 정보를 활용한 동물등록 방식 도입의 필요성에는 공감함. 다만 동물보호법 개정 논의 결과와 "
                     "비문 인식 정확도 검증 결과를 종합하여 중장기적으로 검토하겠음."
                 ),
                 public_note="농림축산식품부가 중장기 검토 의견을 회신했습니다. "
                             "법 개정 논의를 지켜보며 사후관리하겠습니다."),
        ),
        notes=(
            DemoNote("2024-11-20 10:00",
                     "국회 동물보호법 개정안 발의 동향 확인 중. 농식품부 담당 부서와 분기별로 점검 예정."),
        ),
        conclusion=AgendaItem.Conclusion.PROPOSE,
        conclusion_note="법 개정과 함께 개정 전 실증특례를 통한 시범 등록 허용을 농림축산식품부에 건의",
        priority=Issue.Priority.HIGH,
        expected_effect=(
            "보호자가 내장형 칩 시술 없이 스마트폰으로 반려견을 등록할 수 있어 동물등록률이 높아지고, 잃어버린 "
            "반려동물을 빠르게 찾아 줄 수 있다. 국내 생체인식 기술의 실증 사례가 쌓여 해외 진출에도 도움이 "
            "된다."
        ),
        may_name_company=True,
    ),
    DemoIssue(
        company="블루앤트",
        title="인공지능 학습을 위한 저작물 이용 면책 규정 마련",
        field="ai",
        ministry="문화체육관광부",
        problem=(
            "산업 특화 AI 언어모델을 개발하면서 공개된 기술 문서와 웹 데이터를 학습에 쓰려 하나, 현행 저작권법에는 "
            "텍스트·데이터 마이닝(정보분석)에 대한 명시적 면책 규정이 없어 공정이용에 해당하는지를 사후 분쟁에서만 "
            "판단받을 수 있다. 권리자를 일일이 찾아 이용허락을 받는 것은 사실상 불가능해 학습 데이터 확보가 늦어지고 "
            "해외 기업보다 불리하다."
        ),
        improvement=(
            "① 적법하게 접근한 저작물을 AI 학습(정보분석) 목적으로 복제·전송하는 경우의 면책 규정 신설\n"
            "② 법 개정 전 공정이용 판단 가이드라인 제시\n"
            "③ 권리자의 학습 이용 거부(opt-out) 표시 방법 표준화"
        ),
        related_law="저작권법 제35조의5(저작물의 공정한 이용)",
        filed="2024-03-18 13:45",
        steps=(
            Step("2024-03-28 16:10", State.CONSULTATION, is_meeting_conclusion=True,
                 note="간담회 결론: 추가 검토. 서울규제혁신지원단 변호사 자문 의뢰.",
                 public_note="간담회에서 논의되었으며, 전문가 자문을 거쳐 건의 여부를 검토합니다."),
        ),
        notes=(
            DemoNote("2024-04-15 17:30", by="expert", body=(
                "자문 의견: 해외 입법례(일본 저작권법 제30조의4, EU DSM 지침 제4조)를 보면 "
                "면책 범위를 정보분석 목적으로 한정하고 권리자의 opt-out 표시를 존중하는 방식이 일반적임. "
                "같은 방식으로 건의하는 것이 수용 가능성이 높으며, 문화체육관광부의 AI-저작권 제도개선 논의 "
                "결과를 확인한 뒤 건의 시점을 정할 것을 권고함."
            )),
        ),
        conclusion=AgendaItem.Conclusion.REVIEW,
        conclusion_note="문화체육관광부의 AI-저작권 제도개선 논의 동향을 확인한 뒤 건의 범위를 결정",
        assignee="expert",
        expected_effect=(
            "학습 데이터 이용의 법적 불확실성이 해소되어 국내 기업이 산업 특화 AI 모델을 개발하기 쉬워지고, "
            "권리자도 학습 이용 거부 의사를 표시할 수 있어 창작자 보호와 기술 발전이 균형을 이룬다."
        ),
    ),
    DemoIssue(
        company="웨이브코리아",
        title="실외 이동로봇의 도시공원 내 통행 허용",
        field="robotics",
        ministry="국토교통부",
        problem=(
            "2023년 지능형로봇법 개정으로 운행안전인증을 받은 실외 이동로봇이 보도를 다닐 수 있게 되었으나, "
            "도시공원에서는 공원관리청이 정하는 바에 따라 동력장치를 갖춘 이동수단의 출입이 제한되어 배달·순찰·안내 "
            "로봇이 공원을 돌아가야 한다. 공원마다 허용 여부가 달라 서비스 경로를 설계하기 어렵고, 서울시 테스트베드 "
            "실증도 공원별로 따로 협의해야 한다."
        ),
        improvement=(
            "① 운행안전인증을 받은 실외 이동로봇의 도시공원 보행로 통행 허용 근거 마련\n"
            "② 공원관리청이 속도·시간대·구역 조건을 정할 수 있는 기준 마련\n"
            "③ 서울시가 관리하는 공원부터 시범 허용"
        ),
        related_law="도시공원 및 녹지 등에 관한 법률 제49조(도시공원 등에서의 금지행위), 같은 법 시행령, "
                    "지능형 로봇 개발 및 보급 촉진법(실외 이동로봇 운행안전인증)",
        filed="2024-03-20 10:30",
        steps=(
            Step("2024-03-28 16:20", State.CONSULTATION, is_meeting_conclusion=True,
                 note="간담회 결론: 추가 검토. 서울시가 관리하는 공원은 시 자체 개선이 가능한지 먼저 확인.",
                 public_note="간담회에서 논의되었으며, 서울시 자체 개선이 가능한 범위부터 검토합니다."),
        ),
        notes=(
            DemoNote("2024-05-02 14:00", is_public=True, body=(
                "서울시 공원 관리 부서와 실외 이동로봇의 시범 통행이 가능한 구역을 협의하고 있습니다. "
                "결과가 나오면 알려 드리겠습니다."
            )),
        ),
        conclusion=AgendaItem.Conclusion.REVIEW,
        conclusion_note="서울시 관리 공원의 자체 개선 가능 여부를 확인한 뒤 정부 건의 범위를 결정",
        expected_effect=(
            "배달·순찰·안내 로봇이 공원을 돌아가지 않아 서비스 시간이 줄고, 공원 이용객에게 안내와 안전 "
            "서비스를 제공할 수 있다. 서울시 테스트베드 실증도 공원별 협의 없이 진행할 수 있다."
        ),
        consultations=(
            DemoConsultation(
                expert="expert", after_step=1, asked_days_ago=9, due_in_days=3,
                question=(
                    "서울시가 관리하는 도시공원에서 운행안전인증을 받은 실외 이동로봇의 보행로 통행을 허용하려면 "
                    "도시공원 및 녹지 등에 관한 법률 제49조와 서울특별시 도시공원 조례 가운데 어느 규정을 고쳐야 "
                    "하는지, 법 개정 없이 공원관리청의 고시만으로 시범 허용이 가능한지 검토를 부탁드립니다."
                ),
            ),
        ),
    ),
    DemoIssue(
        company="다윈케이에스",
        title="연구용 인체유래물 데이터의 2차 활용 동의 절차 간소화",
        field="bio",
        ministry="보건복지부",
        problem=(
            "병원에서 수집된 인체유래물(혈액·조직) 분석 데이터로 질병 예측 바이오마커를 연구하고 있다. 인체유래물을 "
            "다른 연구에 다시 쓰려면 기증자 동의 범위를 확인하거나 재동의를 받아야 하고, 기관생명윤리위원회(IRB) "
            "심의를 기관마다 따로 받아야 해 다기관 연구 준비에만 6개월 이상 걸린다. 가명처리한 데이터에도 인체유래물 "
            "연구 규정이 함께 적용되는지 기준이 불명확하다."
        ),
        improvement=(
            "① 가명처리한 인체유래물 분석 데이터를 다시 쓸 때 적용할 법령(생명윤리법·개인정보 보호법)의 관계 명확화\n"
            "② 다기관 공동 IRB 심의 인정 확대\n"
            "③ 표준 동의서 서식에 2차 활용 범위 명시"
        ),
        related_law="생명윤리 및 안전에 관한 법률 제37조(인체유래물연구의 동의), 제38조(인체유래물등의 제공), "
                    "개인정보 보호법 제28조의2(가명정보의 처리 등)",
        filed="2024-03-15 15:20",
        steps=(
            Step("2024-03-28 16:30", State.CONSULTATION, is_meeting_conclusion=True,
                 note="간담회 결론: 추가 검토. 생명윤리법과 개인정보 보호법의 적용 관계는 지원단 자문 필요.",
                 public_note="간담회에서 논의되었으며, 추가 검토를 진행합니다."),
            Step("2024-04-24 11:00", State.DISCOVERY,
                 note="구체적 지연 사례(IRB 심의 기간, 참여 기관 수)와 현재 동의서 양식이 없어 건의안을 쓸 수 없음. "
                      "기업에 자료 보완 요청.",
                 public_note="검토에 필요한 구체적인 사례 자료를 더 받아야 합니다. 담당자가 연락드리겠습니다."),
        ),
        conclusion=AgendaItem.Conclusion.REVIEW,
        conclusion_note="다기관 연구 지연 사례를 보완받아 검토",
        expected_effect=(
            "다기관 연구 준비 기간이 줄어 질병 예측 바이오마커 연구와 신약 개발이 빨라지고, 기증자의 동의 "
            "범위가 분명해져 연구 윤리도 함께 지켜진다."
        ),
        consultations=(
            DemoConsultation(
                expert="expert", after_step=2, asked_days_ago=20, due_in_days=-6,
                question=(
                    "가명처리한 인체유래물 분석 데이터를 다른 연구에 다시 쓸 때 생명윤리 및 안전에 관한 법률 "
                    "제37조·제38조와 개인정보 보호법 제28조의2 가운데 어느 규정이 적용되는지, 기증자의 재동의 "
                    "없이 2차 활용이 가능한 범위는 어디까지인지 의견을 부탁드립니다."
                ),
            ),
        ),
    ),
    DemoIssue(
        company="웨이브코리아",
        title="조리로봇의 식품 접촉 부품 위생 기준 명확화",
        field="robotics",
        ministry="식품의약품안전처",
        problem=(
            "튀김·볶음 조리로봇을 외식업체에 공급하고 있으나, 로봇 팔과 집게(그리퍼) 등 식품에 닿는 부품이 "
            "식품위생법상 '기구'에 해당하는지, 어떤 재질 시험을 받아야 하는지 기준이 불명확하다. "
            "지자체 위생점검 때마다 다른 자료를 요구받아 공급 일정이 늦어진다."
        ),
        improvement=(
            "① 조리로봇의 식품 접촉 부품에 적용할 재질·세척 기준을 가이드라인으로 명확화\n"
            "② 시험 항목 표준화와 지자체 위생점검 기준 통일"
        ),
        related_law="식품위생법 제9조(기구 및 용기·포장에 관한 기준 및 규격), 「기구 및 용기·포장의 기준 및 규격」"
                    "(식품의약품안전처 고시)",
        filed="2024-03-25 17:10",
        notes=(
            DemoNote("2024-04-03 10:30",
                     "기업 담당자와 통화: 식품 접촉 부품 재질 목록과 지자체 위생점검 지적 사례를 "
                     "4월 중 제출하기로 함."),
        ),
        conclusion_note="기업이 부품 재질 목록과 위생점검 사례를 제출하면 다음 로봇 분야 간담회에서 재논의",
    ),
)

# The same regulation raised again, by another company two years later, not at a roundtable: on its page the
# officer finds the 2024 issue of the ship crews among the similar issues (issues/similar/).
RAISED_AGAIN = (
    DemoIssue(
        company="다윈케이에스",
        title="재진 만성질환자 비대면 진료 상시 허용",
        field="bio",
        ministry="보건복지부",
        problem=(
            "고혈압·당뇨로 같은 의원에 다니는 재진 환자도 비대면진료 시범사업 기간에만 비대면 진료를 받을 수 "
            "있다. 의료법은 원격의료를 의료인 간 자문으로만 허용하고, 시범사업 지침이 바뀔 때마다 대상과 범위가 "
            "달라져 진료 예약 서비스를 안정적으로 운영할 수 없다."
        ),
        improvement="재진 만성질환자의 비대면 진료를 시범사업이 아닌 의료법상 제도로 명시",
        related_law="의료법 제34조",
        filed="2026-11-20 14:05",
    ),
)


class Command(BaseCommand):
    help = (
        "Load the demo: the 28 March 2024 roundtable, its 8 companies, 3 associations and 9 issues, and one "
        "account per role with a published password. Idempotent. Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Load even though DEBUG is off (the demo accounts' passwords are public).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(_(
                "load_demo creates accounts whose passwords are published, so it runs only with DEBUG on. "
                "To load the demo on this server anyway, run it again with --force."
            ))
        try:
            # One transaction: a failure leaves nothing half-loaded, and the notices owed on the way are
            # sent only after the commit. A failed send leaves its notice owed (notices/outbox.py dispatch), so mail
            # trouble never fails this command.
            with transaction.atomic():
                new_issues, existing_accounts = self._load()
        except MoveError as exc:
            raise CommandError(_("The demo could not be loaded: %(error)s") % {"error": exc}) from exc
        # What similar issues are found by (the worker does it for new filings): the demo's issues, at once.
        while similar.index_pending():
            pass
        similar.count_terms()
        self._report(new_issues, existing_accounts)

    # --- Loading ---------------------------------------------------------------------------------

    def _load(self) -> tuple[int, bool]:
        users, existing_accounts = self._accounts()
        experts = self._experts(users)
        fields = {code: self._field(code) for code in {c.field for c in COMPANIES} | set(MEETING_FIELDS)}
        companies = {c.name: self._company(c, fields) for c in COMPANIES}
        associations = [
            Organization.objects.get_or_create(
                name=name, defaults={"name_en": name_en, "kind": Organization.Kind.ASSOCIATION}
            )[0]
            for name, name_en in ASSOCIATIONS
        ]
        meeting = self._meeting(fields, companies, associations, users)
        batch, new_batch = self._batch(users)

        new_issues = 0
        # Filed in date order, so that the tracking numbers follow the filing dates.
        issues = {}
        for spec in sorted(ISSUES, key=lambda s: s.filed):
            company, contact = companies[spec.company]
            issue = Issue.objects.filter(company=company, title=spec.title).first()
            if issue is None:
                issue = self._file(spec, company, contact, fields, users, meeting, batch, experts)
                new_issues += 1
            issues[spec.title] = issue

        for spec in RAISED_AGAIN:  # filed, not yet triaged: on no agenda
            company, contact = companies[spec.company]
            if not Issue.objects.filter(company=company, title=spec.title).exists():
                self._file(spec, company, contact, fields, users, meeting, batch, experts)
                new_issues += 1

        for position, spec in enumerate(ISSUES, start=1):
            applied = next((s for s in spec.steps if s.is_meeting_conclusion), None)
            AgendaItem.objects.get_or_create(
                meeting=meeting, issue=issues[spec.title],
                defaults={
                    "position": position,
                    "conclusion": spec.conclusion,
                    "conclusion_note": spec.conclusion_note,
                    # What the filer was told with the conclusion: the note of the move that applied it.
                    "public_note": applied.public_note if applied else "",
                    "applied_at": _at(applied.at) if applied else None,
                },
            )
        if new_batch:
            # Dates only, as for the issues: the batch was filled through proposals/batches.py above, and its
            # issues went to the government by the roundtable's conclusions, one by one.
            ProposalBatch.objects.filter(pk=batch.pk).update(
                created_at=_at(BATCH["created"]), submitted_at=_at(BATCH["submitted"]), submitted_by=users["officer"])
        return new_issues, existing_accounts

    def _batch(self, users) -> tuple[ProposalBatch, bool]:
        batch = ProposalBatch.objects.filter(year=BATCH["year"], note=BATCH["note"]).first()
        if batch is not None:
            return batch, False
        return batches.create_batch(year=BATCH["year"], note=BATCH["note"], by=users["officer"]), True

    def _accounts(self) -> tuple[dict, bool]:
        """The demo accounts by username. An account that exists already is left exactly as it is."""
        User = get_user_model()
        users, existing = {}, False
        for account in ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=account.username,
                defaults={
                    "email": account.email, "first_name": account.first_name, "last_name": account.last_name,
                    "is_staff": True, "is_superuser": not account.role,
                },
            )
            if created:
                user.set_password(account.password)
                user.save(update_fields=["password"])
                if account.role:
                    user.groups.add(Group.objects.get(name=account.role))
            existing = existing or not created
            users[account.username] = user
        return users, existing

    def _field(self, code: str) -> Field:
        try:
            return Field.objects.get(code=code)
        except Field.DoesNotExist:
            raise CommandError(
                _("The field “%(code)s” is missing: run `manage.py migrate` first.") % {"code": code}
            ) from None

    def _company(self, spec: DemoCompany, fields: dict) -> tuple[Company, Contact]:
        company, _created = Company.objects.get_or_create(
            business_number=spec.business_number,
            defaults={"name": spec.name, "ceo_name": spec.ceo_name, "field": fields[spec.field]},
        )
        contact, _created = Contact.objects.get_or_create(
            company=company, email=spec.contact_email,
            defaults={"name": spec.contact_name, "phone": spec.contact_phone},
        )
        return company, contact

    def _meeting(self, fields, companies, associations, users) -> Meeting:
        meeting = Meeting.objects.filter(
            title=MEETING["title"], starts_at__date=MEETING["starts_at"].date()
        ).first()
        if meeting is not None:
            return meeting
        meeting = Meeting.objects.create(**MEETING)
        meeting.fields.add(*(fields[code] for code in MEETING_FIELDS))
        positions = {c.name: c.contact_position for c in COMPANIES}
        Attendee.objects.bulk_create([
            *(
                Attendee(meeting=meeting, role=Attendee.Role.COMPANY, company=company, contact=contact,
                         name=contact.name, position=positions[name])
                for name, (company, contact) in companies.items()
            ),
            *(Attendee(meeting=meeting, role=Attendee.Role.ORGANIZATION, organization=org) for org in associations),
            Attendee(meeting=meeting, role=Attendee.Role.EXPERT, user=users["expert"], name="한도윤",
                     position="서울규제혁신지원단 자문위원(변호사)"),
            Attendee(meeting=meeting, role=Attendee.Role.CITY_STAFF, user=users["officer"], name="이수민",
                     position="서울기업지원센터 규제혁신 담당"),
        ])
        return meeting

    def _experts(self, users) -> dict:
        """The advisory group (EXPERTS) by username, each with a profile; "expert" is the demo account. An
        account or a profile that exists already is left as it is."""
        User = get_user_model()
        group = Group.objects.get(name=EXPERT)
        fields = {field.code: field for field in Field.objects.all()}
        experts = {}
        for number, (username, last, first, profession, codes, organisation, accepting, named) in enumerate(
                EXPERTS, start=1):
            user = users.get(username)
            if user is None:
                user, created = User.objects.get_or_create(
                    username=username, defaults={"email": f"{username}@example.com", "last_name": last,
                                                 "first_name": first, "is_staff": True})
                if created:  # a member of the roster, not a demo login: no usable password
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                    user.groups.add(group)
            profile, created = ExpertProfile.objects.get_or_create(user=user, defaults={
                "profession": profession, "organisation": organisation, "email": user.email,
                "phone": f"010-0000-{2000 + number}", "accepting_requests": accepting, "may_be_named": named,
            })
            if created:
                profile.fields.set([fields[code] for code in codes if code in fields])
            experts[username] = user
        return experts

    def _consult(self, issue: Issue, spec: DemoIssue, taken: int, users, experts) -> None:
        """The consultations of `spec` made once the issue has taken `taken` steps, through issues/consultations;
        then dated like the moves (.update(): when things happened, never where a request stands)."""
        officer, today = users["officer"], timezone.localdate()
        for demo in spec.consultations:
            if demo.after_step != taken:
                continue
            expert = experts[demo.expert]
            made = consultations.request_consultation(issue, expert=expert, question=demo.question, due_on=today,
                                                      by=officer)
            if demo.asked:
                asked, due = _at(demo.asked), date.fromisoformat(demo.due)
            else:  # open now: asked a few days ago at ten, due in a few days or overdue
                asked = datetime.combine(today - timedelta(days=demo.asked_days_ago), datetime.min.time(),
                                         tzinfo=SEOUL).replace(hour=10)
                due = today + timedelta(days=demo.due_in_days)
            dates = {"created_at": asked, "due_on": due}
            if demo.answered:
                consultations.submit_opinion(made, summary=demo.summary, legal_basis=demo.legal_basis,
                                             recommendation=demo.recommendation, by=expert)
                dates["answered_at"] = _at(demo.answered)
                ConsultationMessage.objects.filter(consultation=made, kind=ConsultationMessage.Kind.ANSWER).update(
                    at=_at(demo.answered))
            if demo.accepted:
                consultations.accept_opinion(made, by=officer, published_summary=demo.published_summary)
                dates["accepted_at"] = _at(demo.accepted)
            Consultation.objects.filter(pk=made.pk).update(**dates)
            ConsultationMessage.objects.filter(consultation=made, kind=ConsultationMessage.Kind.QUESTION).update(
                at=asked)

    def _file(self, spec: DemoIssue, company, contact, fields, users, meeting, batch, experts) -> Issue:
        """File one issue as the officer who brought it to the roundtable, then walk it to its state."""
        officer = users["officer"]
        ministry, _created = Organization.objects.get_or_create(
            name=spec.ministry, defaults={"kind": Organization.Kind.MINISTRY}
        )
        data = {
            "company_name": company.name, "business_number": company.business_number,
            "ceo_name": company.ceo_name, "field": fields[spec.field],
            "contact_name": contact.name, "contact_email": contact.email, "contact_phone": contact.phone,
            "title": spec.title, "problem": spec.problem, "improvement": spec.improvement,
            "related_law": spec.related_law, "ministry": ministry, "privacy_consent": True,
            "expected_effect": spec.expected_effect, "may_name_company": spec.may_name_company,
        }
        issue = services.submit_issue(
            data, source=Issue.Source.MEETING, language="ko", by=officer, filed_at=_at(spec.filed)
        )
        if issue.company_id is None:  # the roundtable's companies are known: the officer links the filing
            services.decide_filer_match(issue, accept=True, by=officer)
        if spec.assignee:
            services.assign_issue(issue, users[spec.assignee], by=officer)

        dates = {"state_changed_at": _at(spec.filed)}
        for taken, step in enumerate(spec.steps):
            self._consult(issue, spec, taken, users, experts)
            if step.is_meeting_conclusion and step.to == State.PROPOSAL and batch.submitted_at is None:
                batches.add_to_batch([issue], batch, by=officer)  # proposed with the roundtable's batch
            change = services.move_issue(
                issue, step.to, by=users[step.by], note=step.note, public_note=step.public_note,
                meeting=meeting if step.is_meeting_conclusion else None,
                answer=step.answer, answer_text=step.answer_text,
                answered_on=date.fromisoformat(step.answered_on) if step.answered_on else None,
                resolution=step.resolution,
            )
            # Dates only: the move itself went through the workflow above.
            StatusChange.objects.filter(pk=change.pk).update(at=_at(step.at))
            dates["state_changed_at"] = _at(step.at)
            if change.to_state == State.PROPOSAL and change.from_state == State.CONSULTATION:
                dates["proposed_on"] = _at(step.at).date()
            if change.to_state == State.CLOSED:
                dates["closed_at"] = _at(step.at)
        self._consult(issue, spec, len(spec.steps), users, experts)
        Issue.objects.filter(pk=issue.pk).update(priority=spec.priority, is_publishable=spec.is_publishable, **dates)

        for demo_note in spec.notes:
            note = services.add_note(issue, demo_note.body, by=users[demo_note.by], is_public=demo_note.is_public)
            Note.objects.filter(pk=note.pk).update(created_at=_at(demo_note.at))
        return issue

    # --- Output ----------------------------------------------------------------------------------

    def _report(self, new_issues: int, existing_accounts: bool) -> None:
        if new_issues:
            self.stdout.write(self.style.SUCCESS(
                _("Demo loaded: the roundtable of 28 March 2024 at %(venue)s, %(companies)d companies, "
                  "%(associations)d associations and %(issues)d issues.")
                % {"venue": MEETING["venue"], "companies": len(COMPANIES), "associations": len(ASSOCIATIONS),
                   "issues": len(ISSUES)}
            ))
        else:
            self.stdout.write(self.style.SUCCESS(_("The demo was already loaded: nothing changed.")))

        roles = {OFFICER: _("officer"), EXPERT: _("expert"), OFFICIAL: _("official"), "": _("superuser")}
        rows = [(_("Role"), _("Username"), _("Password"))]
        rows += [(roles[a.role], a.username, a.password) for a in ACCOUNTS]
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(_("Demo accounts (local use only: these passwords are public):"))
        for number, row in enumerate(rows):
            cells = (cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
        if existing_accounts:
            self.stdout.write(_("Accounts that existed before were left as they were, passwords included."))
        self.stdout.write("")
        self.stdout.write(_("Log in at %(url)s") % {"url": f"{settings.SITE_URL}/admin/"})


def _width(text: str) -> int:
    """Columns a string takes in a terminal: Korean characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
