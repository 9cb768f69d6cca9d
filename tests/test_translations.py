"""The Korean catalogue is complete and compiled, and the pages speak Korean by default, English on request.

The .po is read by the small parser below (no dependency) and compared with what Python's own
`gettext.GNUTranslations` reads from the committed .mo, so a .po edited without `compilemessages`
fails here. (File times are no help: a git checkout gives every file the same age.)"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from tests.base import make_issue

LOCALE = Path(settings.BASE_DIR) / "locale"
KO_PO = LOCALE / "ko" / "LC_MESSAGES" / "django.po"
KO_MO = KO_PO.with_suffix(".mo")

# %(name)s, %(count)d, %s, %% (python-format); {state} (python-brace-format); HTML tags.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[sdifr%]|\{\w*\}|</?[a-zA-Z][^>]*>")


# --- a small .po reader


def _unquote(text: str) -> str:
    """One quoted .po string ("...", C escapes) as Python text."""
    return ast.literal_eval(text.strip())


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr ({None: text} or {0: text, ...}),
    flags and whether the entry is obsolete (#~). The header is the entry whose msgid is ""."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set(),
                 "obsolete": False}
        field = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                if field[0] == "msgstr":
                    entry["msgstr"][field[1]] += _unquote(line)
                else:
                    entry[field[0]] += _unquote(line)
            else:
                keyword, _space, value = line.partition(" ")
                if keyword.startswith("msgstr["):
                    field = ("msgstr", int(keyword[7:-1]))
                    entry["msgstr"][field[1]] = _unquote(value)
                elif keyword == "msgstr":
                    field = ("msgstr", None)
                    entry["msgstr"][None] = _unquote(value)
                elif keyword in ("msgid", "msgid_plural", "msgctxt"):
                    field = (keyword,)
                    entry[keyword] = _unquote(value)
                else:
                    raise ValueError(f"{path}: cannot read the line {line!r}")
        if entry["msgid"] is None and not entry["obsolete"]:
            raise ValueError(f"{path}: an entry without msgid: {block!r}")
        entries.append(entry)
    return entries


def messages(path: Path) -> list[dict]:
    """The live entries: no header, no obsolete ones."""
    return [e for e in read_po(path) if e["msgid"] and not e["obsolete"]]


def header(path: Path) -> str:
    (entry,) = [e for e in read_po(path) if e["msgid"] == "" and not e["obsolete"]]
    return entry["msgstr"][None]


def _without_creation_date(head: str) -> str:
    # msgfmt (gettext >= 0.20) drops this line from the header it compiles: it says nothing about translations.
    return re.sub(r"^POT-Creation-Date: .*\n", "", head, flags=re.M)


def compiled(path: Path) -> dict:
    """The catalogue msgfmt would build from the .po, keyed as GNUTranslations keys its `_catalog`:
    msgid, or (msgid, n) for plural forms; "context\\x04msgid" with a context; fuzzy entries left out."""
    catalog = {"": _without_creation_date(header(path))}
    for entry in messages(path):
        if "fuzzy" in entry["flags"]:
            continue
        key = entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if entry["msgid_plural"] is None:
            if entry["msgstr"][None]:
                catalog[key] = entry["msgstr"][None]
        elif all(entry["msgstr"].values()):
            catalog.update({(key, n): text for n, text in entry["msgstr"].items()})
    return catalog


def label(entry: dict) -> str:
    return repr(entry["msgid"])[:100]


# --- the catalogue


def test_the_korean_catalogue_exists_with_its_header():
    assert KO_PO.is_file() and KO_MO.is_file(), "run `manage.py makemessages -l ko` and `compilemessages`"
    head = header(KO_PO)
    assert "Language: ko\n" in head
    assert "Content-Type: text/plain; charset=UTF-8\n" in head
    assert "Plural-Forms: nplurals=1; plural=0;\n" in head


def test_every_korean_entry_is_translated_and_none_is_fuzzy():
    entries = messages(KO_PO)
    assert len(entries) > 400  # the whole application, not a stub

    untranslated = [label(e) for e in entries if not all(e["msgstr"].values())]
    fuzzy = [label(e) for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [], "untranslated: run makemessages and translate these"
    assert fuzzy == [], "check these translations and remove their #, fuzzy flag"


def test_plural_entries_have_the_one_korean_form():
    plurals = [e for e in messages(KO_PO) if e["msgid_plural"] is not None]

    assert plurals
    assert [label(e) for e in plurals if sorted(e["msgstr"]) != [0]] == []


def test_every_translation_keeps_the_placeholders_and_tags_of_its_msgid():
    lost = []
    for entry in messages(KO_PO):
        wanted = set(PLACEHOLDER.findall(entry["msgid"]))
        if entry["msgid_plural"] is not None:
            # The one Korean form stands for the plural too, so it carries the plural's placeholders.
            wanted |= set(PLACEHOLDER.findall(entry["msgid_plural"]))
        for text in entry["msgstr"].values():
            found = set(PLACEHOLDER.findall(text))
            if found != wanted:
                lost.append((label(entry), sorted(wanted - found), sorted(found - wanted)))
    assert lost == [], "(msgid, missing from msgstr, not in msgid)"


def test_every_python_format_translation_formats():
    """A stray % in a translation breaks `%` formatting (and {% blocktranslate %}, which always formats)."""
    broken = []
    for entry in messages(KO_PO):
        names = set(re.findall(r"%\((\w+)\)", entry["msgid"] + (entry["msgid_plural"] or "")))
        values = {name: 1 for name in names}
        # Django's own msgids we translate again (config/django_strings.py) have positional %s too.
        positional = (1,) * len(re.findall(r"%[sdif]", entry["msgid"].replace("%%", "")))
        for text in entry["msgstr"].values():
            if "%" not in text:
                continue
            try:
                text % values if names else text % positional
            except (KeyError, ValueError, TypeError) as error:
                broken.append((label(entry), str(error)))
    assert broken == []


def test_the_compiled_catalogue_matches_the_po():
    with KO_MO.open("rb") as mo:
        from_mo = gettext.GNUTranslations(mo)._catalog
    from_mo[""] = _without_creation_date(from_mo.get("", ""))

    from_po = compiled(KO_PO)

    stale = sorted(repr(k)[:100] for k in from_po.keys() & from_mo.keys() if from_po[k] != from_mo[k])
    assert sorted(repr(k)[:100] for k in from_po.keys() - from_mo.keys()) == [], (
        "in the .po but not in the .mo: run `manage.py compilemessages`")
    assert sorted(repr(k)[:100] for k in from_mo.keys() - from_po.keys()) == [], (
        "in the .mo but no longer in the .po: run `manage.py compilemessages`")
    assert stale == [], "translated differently in the .mo: run `manage.py compilemessages`"


def test_django_translates_with_the_catalogue():
    with translation.override("ko"):
        assert translation.gettext("Proposed to the government") == "정부 건의"
        assert translation.ngettext("%(counter)s issue selected", "%(counter)s issues selected", 3) % {
            "counter": 3} == "과제 3건 선택됨"
    with translation.override("en"):
        assert translation.gettext("Proposed to the government") == "Proposed to the government"


def test_the_workflow_speaks_the_center_s_words():
    from issues.workflow import Answer, Resolution, State

    with translation.override("ko"):
        assert [str(label) for label in State.labels] == ["발굴", "협의·검토", "정부 건의", "사후관리", "종결"]
        assert dict(Resolution.choices) == {
            "improved": "개선 완료", "not_accepted": "불수용", "withdrawn": "철회", "duplicate": "중복",
            "out_of_scope": "부적합"}
        assert dict(Answer.choices) == {
            "accepted": "수용", "partially_accepted": "일부 수용", "long_term_review": "중장기 검토",
            "not_accepted": "불수용"}


# --- the pages


@pytest.mark.django_db
def test_the_landing_page_is_korean_by_default(client):
    page = client.get("/").content.decode()

    assert '<html lang="ko">' in page
    assert "규제 때문에 사업에 어려움을 겪고 계십니까?" in page
    assert "규제 애로 신고" in page and "진행 상황 조회" in page
    assert "<strong>정부 건의</strong>" in page and "<strong>사후관리</strong>" in page
    assert "Is a regulation holding your business back?" not in page


@pytest.mark.django_db
def test_the_intake_form_and_its_consent_notice_are_korean_by_default(client):
    page = client.get("/issues/new/").content.decode()

    assert '<html lang="ko">' in page
    for text in ("개인정보 수집·이용 동의", "수집·이용 목적", "수집 항목", "보유 및 이용 기간",
                 "동의를 거부할 권리 및 거부 시 불이익", "사업자등록번호", "현황 및 문제점", "신고하기"):
        assert text in page, text
    assert "Consent to the collection and use of personal information" not in page


@pytest.mark.django_db
def test_the_intake_form_is_english_for_a_browser_that_asks_for_english(client):
    page = client.get("/issues/new/", headers={"accept-language": "en"}).content.decode()

    assert '<html lang="en">' in page
    assert "Report a regulation" in page and "Consent to the collection and use of personal information" in page
    assert "개인정보 수집·이용 동의" not in page


@pytest.mark.django_db
def test_the_language_cookie_wins_over_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/issues/new/", headers={"accept-language": "ko"}).content.decode()

    assert '<html lang="en">' in page and "Business registration number" in page


@pytest.mark.django_db
def test_the_language_switch_sets_english_for_the_next_pages(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/issues/new/"})

    page = client.get("/issues/new/").content.decode()

    assert '<html lang="en">' in page and "Send the report" in page


def test_the_receipt_e_mail_speaks_the_filer_s_language(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue = make_issue(language="ko")
        make_issue(language="en", contact_email="someone@example.com")

    korean, english = mail.outbox
    assert korean.subject == f"[{issue.number}] 신고가 접수되었습니다"
    assert f"접수번호: {issue.number}" in korean.body and "서울기업지원센터" in korean.body
    assert english.subject.endswith("We have received your report")
    assert "Tracking number:" in english.body
