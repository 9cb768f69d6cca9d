"""Django's own admin strings that read badly in Django's Korean catalogue are translated again in ours
(config/django_strings.py keeps their msgids in our sources): each with the Korean an officer reads, and the
admin pages where they appear show it instead of the broken one."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from config import django_strings
from issues.models import ProposalBatch
from issues.proposals import batches
from tests.base import make_officer, make_official

# Django's msgid → the Korean we ship. Beside each broken one, what Django's catalogue says.
OVERRIDDEN = {
    "Select %s to view": "조회할 %s 선택",  # 보기위한 1%s 를(을) 선택
    "Select %s to change": "변경할 %s 선택",
    "View %s": "%s 보기",  # 뷰 %s
    "Action:": "작업:",  # 액션:
    "Run the selected action": "선택한 작업 실행",
    "Delete selected %(verbose_name_plural)s": "선택한 %(verbose_name_plural)s 삭제",  # … 을/를 삭제합니다.
    "Items must be selected in order to perform actions on them. No items have been changed.":
        "작업을 실행하려면 먼저 항목을 선택해야 합니다. 아무것도 바뀌지 않았습니다.",
    "No action selected.": "작업을 선택하지 않았습니다.",
    "0 of %(cnt)s selected": "%(cnt)s건 중 0건 선택됨",
    "Select all %(total_count)s %(module_name)s": "%(module_name)s %(total_count)s건 모두 선택",
    "Click here to select the objects across all pages": "모든 페이지의 항목을 선택하려면 누르십시오",
    "Select this object for an action - {}": "작업할 항목으로 선택 - {}",
    "Select all objects on this page for an action": "이 페이지의 항목을 모두 작업할 항목으로 선택",
    "Toggle sorting": "정렬 순서 바꾸기",  # "정렬 "
    "Sorting priority: %(priority_number)s": "정렬 순위: %(priority_number)s",
    "Remove from sorting": "정렬에서 빼기",
    " By %(filter_title)s ": " %(filter_title)s별 ",  # %(filter_title)s (으)로
    "All": "전체",
    "Any date": "전체 기간",  # 언제나
    "All dates": "전체 기간",
    "Past 7 days": "최근 7일",
    "This year": "올해",
    "Save and add another": "저장하고 새로 추가",  # 저장 및 다른 이름으로 추가
    "Save and continue editing": "저장하고 계속 편집",
    "Save as new": "새 항목으로 저장",
    "Save and view": "저장하고 보기",
    "Close": "닫기",
    "Add another %(verbose_name)s": "%(verbose_name)s 하나 더 추가",
    "The {name} “{obj}” was added successfully.": "{name} “{obj}” 항목을 추가했습니다.",
    "The {name} “{obj}” was added successfully. You may add another {name} below.":
        "{name} “{obj}” 항목을 추가했습니다. 아래에서 {name} 항목을 하나 더 추가할 수 있습니다.",
    "You may edit it again below.": "아래에서 이어서 수정할 수 있습니다.",  # 아래 내용을 수정해야 합니다.
    "The {name} “{obj}” was changed successfully.": "{name} “{obj}” 항목을 변경했습니다.",
    "The {name} “{obj}” was changed successfully. You may add another {name} below.":
        "{name} “{obj}” 항목을 변경했습니다. 아래에서 {name} 항목을 하나 더 추가할 수 있습니다.",
    "The {name} “{obj}” was changed successfully. You may edit it again below.":
        "{name} “{obj}” 항목을 변경했습니다. 아래에서 이어서 수정할 수 있습니다.",
    "The %(name)s “%(obj)s” was deleted successfully.": "%(name)s “%(obj)s” 항목을 삭제했습니다.",
    "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?":
        "ID가 “%(key)s”인 %(name)s 항목이 없습니다. 삭제되었을 수 있습니다.",
    "You don’t have permission to view or edit anything.": "조회하거나 수정할 수 있는 항목이 없습니다.",  # 독자는 …
    "Delete multiple objects": "여러 항목 삭제",
    "Cannot delete %(name)s": "%(name)s 항목을 삭제할 수 없습니다",
    "Objects": "항목",  # 오브젝트
    "Yes, I’m sure": "예, 삭제합니다",  # 네, 확신합니다.
    "No, take me back": "아니요, 돌아갑니다",  # 아뇨, 돌려주세요.
    'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the following related '
    "items will be deleted:":
        "%(object_name)s “%(escaped_object)s” 항목을 삭제하시겠습니까? 아래의 관련 항목도 모두 삭제됩니다:",
    "Are you sure you want to delete the selected %(objects_name)s? All of the following objects and their "
    "related items will be deleted:":
        "선택한 %(objects_name)s 항목을 삭제하시겠습니까? 아래 항목과 그 관련 항목이 모두 삭제됩니다:",
    "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following protected related "
    "objects:": "%(object_name)s ‘%(escaped_object)s’ 항목을 삭제하려면 보호된 다음 관련 항목을 먼저 삭제해야 합니다:",
    "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related objects, but your "
    "account doesn't have permission to delete the following types of objects:":
        "%(object_name)s ‘%(escaped_object)s’ 항목을 삭제하면 관련 항목도 삭제되는데, 이 계정에는 다음 종류의 항목을 "
        "삭제할 권한이 없습니다:",
    "Deleting the selected %(objects_name)s would require deleting the following protected related objects:":
        "선택한 %(objects_name)s 항목을 삭제하려면 보호된 다음 관련 항목을 먼저 삭제해야 합니다:",
    "Deleting the selected %(objects_name)s would result in deleting related objects, but your account doesn't "
    "have permission to delete the following types of objects:":
        "선택한 %(objects_name)s 항목을 삭제하면 관련 항목도 삭제되는데, 이 계정에는 다음 종류의 항목을 삭제할 "
        "권한이 없습니다:",
    "Change history: %s": "변경 이력: %s",  # 변경 히스토리: %s
    "Action": "작업",  # 액션
    "This object doesn’t have a change history. It probably wasn’t added via this admin site.":
        "이 항목에는 변경 이력이 없습니다. 이 업무 화면이 아닌 다른 곳에서 추가된 것으로 보입니다.",
    "Added {name} “{object}”.": "{name} “{object}” 추가.",  # {name} “{object}개체”를 추가했습니다.
    "Changed {fields} for {name} “{object}”.": "{name} “{object}”: {fields} 변경.",
    "Deleted {name} “{object}”.": "{name} “{object}” 삭제.",
    "Changed {fields}.": "{fields} 변경.",
    "and": "및",  # 또한
    "None available": "없습니다.",
    "Skip to main content": "본문 바로가기",
    "Start typing to filter…": "입력하면 메뉴를 찾습니다…",  # 필터에 타이핑 시작...
    "Popup closing…": "팝업을 닫는 중…",
    "Successfully deleted %(count)d %(items)s.": "%(items)s %(count)d건을 삭제했습니다.",
}
OVERRIDDEN_PLURALS = {
    ("%(count)s %(name)s was changed successfully.", "%(count)s %(name)s were changed successfully."):
        "%(name)s %(count)s건을 변경했습니다.",
    ("%(total_count)s selected", "All %(total_count)s selected"): "%(total_count)s건 모두 선택됨",
    ("Please correct the error below.", "Please correct the errors below."): "아래 오류를 고쳐 주십시오.",
    ("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
     "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d)."):
        "%(limit_value)d자까지 쓸 수 있습니다. 지금 %(show_value)d자이니 줄여 주십시오.",
    ("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
     "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d)."):
        "%(limit_value)d자 이상 써 주십시오. 지금 %(show_value)d자입니다.",
}
# What Django's catalogue writes and no page of ours may show.
BROKEN = ["보기위한", "를(을)", "다른 이름으로 추가", "(으)로", "아래 내용을 수정해야 합니다", "을/를", "이/가", "뷰 ",
          "독자는"]


def _marked(function: str) -> list[tuple]:
    """The string arguments of each call of `function` in config/django_strings.py: what makemessages reads."""
    tree = ast.parse(Path(django_strings.__file__).read_text(encoding="utf-8"))
    return [tuple(arg.value for arg in node.args if isinstance(arg, ast.Constant))
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == function]


def test_the_source_file_keeps_exactly_the_overridden_msgids():
    assert sorted(msgid for (msgid,) in _marked("gettext_noop")) == sorted(OVERRIDDEN)
    assert sorted(args[:2] for args in _marked("ngettext_lazy")) == sorted(OVERRIDDEN_PLURALS)
    assert set(django_strings.ADMIN_STRINGS) == set(OVERRIDDEN)


@pytest.mark.parametrize("msgid", OVERRIDDEN)
def test_each_overridden_string_reads_in_korean(msgid):
    with translation.override("ko"):
        assert gettext(msgid) == OVERRIDDEN[msgid]


@pytest.mark.parametrize("msgids", OVERRIDDEN_PLURALS)
def test_each_overridden_plural_reads_in_korean(msgids):
    with translation.override("ko"):
        assert ngettext(*msgids, 1) == ngettext(*msgids, 3) == OVERRIDDEN_PLURALS[msgids]


def test_our_close_move_keeps_its_own_word():
    with translation.override("ko"):
        assert pgettext("workflow move", "Close") == "종결"
        assert gettext("Close") == "닫기"


def shows_none_broken(page: str) -> None:
    found = [broken for broken in BROKEN if broken in page]
    assert not found, found


@pytest.mark.django_db
def test_the_batch_list_is_titled_and_filtered_in_plain_korean(client):
    client.force_login(make_officer())
    batches.create_batch(by=make_officer())

    page = client.get(reverse("admin:issues_proposalbatch_changelist")).content.decode()

    assert "<h1>변경할 정부 건의 차수 선택</h1>" in page
    assert " 연도별 " in page and " 제출별 " in page
    assert "작업:" in page and "선택한 정부 건의 차수 삭제" in page
    shows_none_broken(page)


@pytest.mark.django_db
def test_a_read_only_list_is_titled_to_view_and_its_page_to_close(client):
    from meetings.models import Meeting

    meeting = Meeting.objects.create(title="로봇 분야 현장 간담회", venue="서울파트너스하우스",
                                     starts_at="2026-12-02T14:00:00+09:00")
    client.force_login(make_official())

    listed = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()

    assert "<h1>조회할 간담회 선택</h1>" in listed
    assert ">닫기</a>" in page and "종결" not in page
    shows_none_broken(listed)
    shows_none_broken(page)


@pytest.mark.django_db
def test_the_change_forms_buttons_and_a_successful_adds_message(client):
    client.force_login(make_officer())

    form = client.get(reverse("admin:issues_proposalbatch_add")).content.decode()
    added = client.post(reverse("admin:issues_proposalbatch_add"),
                        {"year": "2026", "title": "", "note": "", "_continue": "계속"}, follow=True)

    assert 'value="저장하고 새로 추가"' in form and 'value="저장하고 계속 편집"' in form
    shows_none_broken(form)
    page = added.content.decode()
    assert "항목을 추가했습니다. 아래에서 이어서 수정할 수 있습니다." in page
    assert "정부 건의 차수 “" in page
    shows_none_broken(page)


@pytest.mark.django_db
def test_the_delete_confirmation_and_the_history_read_in_plain_korean(client):
    officer = make_officer()
    client.force_login(officer)
    client.post(reverse("admin:issues_proposalbatch_add"), {"year": "2026", "title": "빈 차수", "note": ""})
    batch = ProposalBatch.objects.get()

    confirm = client.get(reverse("admin:issues_proposalbatch_delete", args=[batch.pk])).content.decode()
    history = client.get(reverse("admin:issues_proposalbatch_history", args=[batch.pk])).content.decode()

    assert "정부 건의 차수 “빈 차수” 항목을 삭제하시겠습니까? 아래의 관련 항목도 모두 삭제됩니다:" in confirm
    assert 'value="예, 삭제합니다"' in confirm and "아니요, 돌아갑니다" in confirm
    assert "<h1>변경 이력: 빈 차수</h1>" in history
    assert ">작업</th>" in history
    shows_none_broken(confirm)
    shows_none_broken(history)
