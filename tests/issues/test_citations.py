"""관련 법령 as filers and officers write it, read into citations: each shape written out by hand with what a
reader of Korean statutes takes from it."""

import pytest

from issues.citations import Citation, format_citation, law_key, law_url, parent_law, parse


def cite(law, article=None, sub=None, paragraph=None, item=None):
    return Citation(law, article, sub, paragraph, item)


SHAPES = [
    # The shapes of the 관련 법령 field, as written in filings and officers' notes.
    ("의료법 제34조, 같은 법 시행규칙 제3조", [cite("의료법", 34), cite("의료법 시행규칙", 3)]),
    ("「건축물대장의 기재 및 관리 등에 관한 규칙」 제11조", [cite("건축물대장의 기재 및 관리 등에 관한 규칙", 11)]),
    ("약사법 제50조(의약품 판매) 및 제44조제1항", [cite("약사법", 50), cite("약사법", 44, paragraph=1)]),
    ("도로교통법 시행령 제2조 제1호", [cite("도로교통법 시행령", 2, item=1)]),
    ("개인정보 보호법 제28조의2", [cite("개인정보 보호법", 28, 2)]),
    ("의료기기법 제6조(제조허가 등), 제12조(변경허가 등)", [cite("의료기기법", 6), cite("의료기기법", 12)]),
    ("「의료기기 허가·신고·심사 등에 관한 규정」(식품의약품안전처 고시)",
     [cite("의료기기 허가·신고·심사 등에 관한 규정")]),
    ("동물보호법 시행규칙 별표 1", [cite("동물보호법 시행규칙")]),
    ("건축법 제38조, 같은 법 시행령 제25조", [cite("건축법", 38), cite("건축법 시행령", 25)]),
    ("식품위생법 제37조제4항 및 동법 시행령 제25조",
     [cite("식품위생법", 37, paragraph=4), cite("식품위생법 시행령", 25)]),
    # Typos and spacing of a hurried filer.
    ("의료법34조", [cite("의료법", 34)]),
    ("의료법 34조", [cite("의료법", 34)]),
    ("의료법 제 34 조", [cite("의료법", 34)]),
    ("의료법제34조제1항", [cite("의료법", 34, paragraph=1)]),
    ("개인정보 보호법 제 28 조의 2 제 1 항", [cite("개인정보 보호법", 28, 2, 1)]),
    ("의료법\u3000제34조", [cite("의료법", 34)]),  # a full-width space, as a Korean IME types it
    ("의료법\u00a0제34조\u00a0제1항", [cite("의료법", 34, paragraph=1)]),
    ("의료법 제３４조", [cite("의료법", 34)]),  # full-width digits
    ("  의료법   제34조  ", [cite("의료법", 34)]),
    ("의료법시행규칙 제3조", [cite("의료법 시행규칙", 3)]),
    ("의료법 시행 규칙 제3조", [cite("의료법 시행규칙", 3)]),
    # Names to normalise: spacing as 국가법령정보센터 writes it, 『』, short names, the dots of 허가ㆍ신고.
    ("개인정보보호법 제15조", [cite("개인정보 보호법", 15)]),
    ("『개인정보 보호법』 제17조", [cite("개인정보 보호법", 17)]),
    ("「 개인정보  보호법 」 제17조", [cite("개인정보 보호법", 17)]),
    ("정보통신망법 제44조의7 제1항 제1호", [cite("정보통신망 이용촉진 및 정보보호 등에 관한 법률", 44, 7, 1, 1)]),
    ("여객자동차운수사업법 제34조", [cite("여객자동차 운수사업법", 34)]),
    ("의료기기 허가ㆍ신고ㆍ심사 등에 관한 규정 제5조", [cite("의료기기 허가·신고·심사 등에 관한 규정", 5)]),
    ("건축물대장의 기재 및 관리 등에 관한 규칙 제11조", [cite("건축물대장의 기재 및 관리 등에 관한 규칙", 11)]),
    # Lists: commas, 및, ·, line breaks, bullets, circled paragraph numbers.
    ("의료법 제33조, 제34조 및 제56조", [cite("의료법", 33), cite("의료법", 34), cite("의료법", 56)]),
    ("의료법 제34조제1항, 제2항", [cite("의료법", 34, paragraph=1), cite("의료법", 34, paragraph=2)]),
    ("의료법·약사법", [cite("의료법"), cite("약사법")]),
    ("의료법 및 약사법 제50조", [cite("의료법"), cite("약사법", 50)]),
    ("의료법과 약사법 제44조", [cite("의료법"), cite("약사법", 44)]),
    ("의료법 제34조\n약사법 제50조", [cite("의료법", 34), cite("약사법", 50)]),
    ("- 의료법 제34조(원격의료)\r\n- 같은 법 시행령 제14조", [cite("의료법", 34), cite("의료법 시행령", 14)]),
    ("• 의료법 제17조의2\n• 약사법 제23조", [cite("의료법", 17, 2), cite("약사법", 23)]),
    ("개인정보 보호법 제15조①", [cite("개인정보 보호법", 15, paragraph=1)]),
    ("관련 법령: 의료법 제34조(원격의료)", [cite("의료법", 34)]),
    ("의료법 제34조에 따른 원격의료", [cite("의료법", 34)]),
    ("의료법 제27조 등", [cite("의료법", 27)]),
    ("1. 의료법 제34조\n2. 약사법 제50조", [cite("의료법", 34), cite("약사법", 50)]),
    ("가. 의료법 제33조\n나. 같은 법 시행규칙 제24조", [cite("의료법", 33), cite("의료법 시행규칙", 24)]),
    ("근거법령: 의료법 제34조 / 약사법 제50조", [cite("의료법", 34), cite("약사법", 50)]),
    ("의료법(법률 제19421호) 제34조", [cite("의료법", 34)]),
    ("의료법 제34조 제1항 본문 및 같은 조 제2항", [cite("의료법", 34, paragraph=1), cite("의료법", 34, paragraph=2)]),
    ("개인정보 보호법 제2조제1호 및 제3호", [cite("개인정보 보호법", 2, item=1), cite("개인정보 보호법", 2, item=3)]),
    ("약사법 제44조 제1항, 제50조 제1항 및 제2항",
     [cite("약사법", 44, paragraph=1), cite("약사법", 50, paragraph=1), cite("약사법", 50, paragraph=2)]),
    ("의료법 제56조제2항제3호", [cite("의료법", 56, paragraph=2, item=3)]),
    ("의료법 제34조(원격의료) 제1항", [cite("의료법", 34, paragraph=1)]),
    ("선원법 제84조, 선박직원법 제11조", [cite("선원법", 84), cite("선박직원법", 11)]),
    # References to the law before: 같은 법, 동법, 같은 영, 동 시행령; a reference after a decree means its act.
    ("의료법 시행령 제2조, 같은 영 제3조", [cite("의료법 시행령", 2), cite("의료법 시행령", 3)]),
    ("약사법 제44조, 동 시행령 제29조", [cite("약사법", 44), cite("약사법 시행령", 29)]),
    ("의료법 시행규칙 제3조, 같은 법 제34조", [cite("의료법 시행규칙", 3), cite("의료법", 34)]),
    ("건축법 제11조, 동법시행령 제8조, 같은 법 시행규칙 제6조",
     [cite("건축법", 11), cite("건축법 시행령", 8), cite("건축법 시행규칙", 6)]),
    ("같은 법 제3조", []),  # nothing cited before: nothing to refer to
    # Citations without an article: annexes, forms, 고시, 지침, 가이드라인.
    ("식품위생법 시행규칙 별표 14", [cite("식품위생법 시행규칙")]),
    ("동물보호법 시행규칙 제5조 및 별표 1", [cite("동물보호법 시행규칙", 5), cite("동물보호법 시행규칙")]),
    ("의료법 시행규칙 별지 제1호 서식", [cite("의료법 시행규칙")]),
    ("화장품법 시행규칙 [별표 3]", [cite("화장품법 시행규칙")]),
    ("고압가스 안전관리법 시행규칙 별표", [cite("고압가스 안전관리법 시행규칙")]),
    ("비대면진료 시범사업 지침", [cite("비대면진료 시범사업 지침")]),
    ("「디지털의료제품 허가 가이드라인」", [cite("디지털의료제품 허가 가이드라인")]),
    ("의료기기 허가·신고·심사 등에 관한 규정(식약처 고시) 제5조", [cite("의료기기 허가·신고·심사 등에 관한 규정", 5)]),
    # Names glued to a particle in running text: the name ends where the particle begins.
    ("의료법상 원격의료가 금지되어 있음", [cite("의료법")]),
    ("항공안전법에 따라 비행 승인을 받아야 함", [cite("항공안전법")]),
    ("식품위생법 시행규칙에서 정한 시설기준", [cite("식품위생법 시행규칙")]),
    ("드론 관련 항공안전법에서 규정", [cite("항공안전법")]),
    ("식품위생법에서는 영업신고 대상", [cite("식품위생법")]),
    ("개인정보 보호법에 따라 동의를 받아야 함", [cite("개인정보 보호법")]),
    ("국토의 계획 및 이용에 관한 법률에 따라 용도지역 제한", [cite("국토의 계획 및 이용에 관한 법률")]),
    ("식품 등의 표시·광고에 관한 법률상 표시 의무", [cite("식품 등의 표시·광고에 관한 법률")]),
    ("비대면진료 시범사업 지침에 따라 재진만 허용", [cite("비대면진료 시범사업 지침")]),
    ("의료법 및 약사법에 따라 금지", [cite("의료법"), cite("약사법")]),
    ("원격의료는 의료법 제34조에 따라 금지", [cite("의료법", 34)]),
    ("의료법상 제34조", [cite("의료법", 34)]),
    ("의료법 제34조, 같은 법 시행규칙에서 정하는 원격의료", [cite("의료법", 34), cite("의료법 시행규칙")]),
    ("자동차 및 자동차부품의 성능과 기준에 관한 규칙에 따라",
     [cite("자동차 및 자동차부품의 성능과 기준에 관한 규칙")]),
    ("연령에 따라 다름", []),  # 연령 (age) ends like a decree but is none
    # 목, 본문, 단서, 전단, 후단 are read past.
    ("의료법 제33조제2항제1호 가목", [cite("의료법", 33, paragraph=2, item=1)]),
    ("의료법 제33조 제1호가목 및 나목", [cite("의료법", 33, item=1)]),
    ("의료법 제34조제1항 단서", [cite("의료법", 34, paragraph=1)]),
    ("건축법 제11조 제1항 전단 및 같은 항 후단", [cite("건축법", 11, paragraph=1)]),
    # 부칙: the law is cited, not the article of the 부칙.
    ("의료법 부칙 제2조", [cite("의료법")]),
    ("의료법 부칙(법률 제19421호) 제2조, 제3조 및 약사법 제5조", [cite("의료법"), cite("약사법", 5)]),
    ("의료법 제34조 및 부칙 제2조", [cite("의료법", 34)]),
    ("부칙 제2조", []),
    # Ranges: every article from the first to the last.
    ("의료법 제3조부터 제5조까지", [cite("의료법", 3), cite("의료법", 4), cite("의료법", 5)]),
    ("의료법 제3조~제5조", [cite("의료법", 3), cite("의료법", 4), cite("의료법", 5)]),
    ("약사법 제44조 내지 제46조, 제50조",
     [cite("약사법", 44), cite("약사법", 45), cite("약사법", 46), cite("약사법", 50)]),
    ("의료법 제17조의2부터 제17조의4까지", [cite("의료법", 17, 2), cite("의료법", 17, 3), cite("의료법", 17, 4)]),
    ("의료법 제5조부터 제3조까지", [cite("의료법", 5), cite("의료법", 3)]),  # backwards: both as written
    # Each once, in the order written.
    ("의료법 제34조, 의료법 제34조", [cite("의료법", 34)]),
    ("약사법 제50조, 의료법 제34조, 약사법 제50조", [cite("약사법", 50), cite("의료법", 34)]),
    # Nothing to read.
    ("", []),
    ("   \n\t", []),
    ("-", []),
    ("해당 없음", []),
    ("잘 모르겠습니다", []),
    ("관련 법령", []),
    ("제34조", []),  # an article without a law
    ("예산 1조원 규모의 사업", []),
    ("???!!!", []),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES, ids=[text[:30] or "empty" for text, _ in SHAPES])
def test_a_citation_is_read_as_korean_documents_write_it(text, expected):
    assert parse(text) == expected


def test_at_least_thirty_real_shapes_are_tested():
    assert len([text for text, expected in SHAPES if expected]) >= 30


def test_none_gives_no_citation():
    assert parse(None) == []


def test_each_citation_keeps_the_words_it_came_from():
    first, second = parse("약사법 제50조(의약품 판매) 및 제44조제1항")
    assert first.text == "약사법 제50조(의약품 판매)"
    assert second.text == "제44조제1항"
    (notice,) = parse("「의료기기 허가·신고·심사 등에 관한 규정」(식품의약품안전처 고시)")
    assert notice.text == "「의료기기 허가·신고·심사 등에 관한 규정」(식품의약품안전처 고시)"
    (annex,) = parse("동물보호법 시행규칙 별표 1")
    assert annex.text == "동물보호법 시행규칙 별표 1"
    (annex,) = parse("화장품법 시행규칙 [별표 3]")
    assert annex.text == "화장품법 시행규칙 [별표 3]"


def test_two_citations_of_one_article_are_equal_whatever_their_words():
    assert parse("의료법 34조") == parse("의료법 제34조")
    assert parse("의료법 34조")[0].text != parse("의료법 제34조")[0].text


def test_a_citation_is_frozen():
    with pytest.raises(AttributeError):
        parse("의료법 제34조")[0].article = 35


@pytest.mark.parametrize(("one", "other"), [
    ("개인정보보호법", "개인정보 보호법"),
    ("개인정보  보호법", "개인정보 보호법"),
    ("「개인정보 보호법」", "개인정보 보호법"),
    ("의료법시행규칙", "의료법 시행규칙"),
    ("정보통신망법", "정보통신망 이용촉진 및 정보보호 등에 관한 법률"),
    ("의료기기 허가ㆍ신고ㆍ심사 등에 관한 규정", "의료기기 허가·신고·심사 등에 관한 규정"),
])
def test_spellings_of_one_law_share_a_key(one, other):
    assert law_key(one) == law_key(other)


def test_the_key_of_a_law_is_its_name_without_spaces():
    assert law_key("개인정보 보호법") == "개인정보보호법"
    assert law_key("건축물대장의 기재 및 관리 등에 관한 규칙") == "건축물대장의기재및관리등에관한규칙"


def test_a_decree_and_its_act_have_different_keys():
    assert law_key("의료법") != law_key("의료법 시행령")


@pytest.mark.parametrize(("name", "parent"), [
    ("의료법 시행규칙", "의료법"),
    ("의료법 시행령", "의료법"),
    ("의료법시행령", "의료법"),
    ("개인정보보호법 시행령", "개인정보 보호법"),
    ("의료법", "의료법"),
    ("건축물대장의 기재 및 관리 등에 관한 규칙", "건축물대장의 기재 및 관리 등에 관한 규칙"),
])
def test_the_parent_of_a_decree_is_its_act(name, parent):
    assert parent_law(name) == parent


@pytest.mark.parametrize(("citation", "written"), [
    (cite("의료법", 34), "의료법 제34조"),
    (cite("개인정보 보호법", 28, 2, 1), "개인정보 보호법 제28조의2 제1항"),
    (cite("도로교통법 시행령", 2, item=1), "도로교통법 시행령 제2조 제1호"),
    (cite("식품위생법", 37, paragraph=4, item=2), "식품위생법 제37조 제4항 제2호"),
    (cite("동물보호법 시행규칙"), "동물보호법 시행규칙"),
])
def test_a_citation_is_written_back_as_documents_cite_it(citation, written):
    assert format_citation(citation) == written


def test_a_written_citation_reads_back_as_itself():
    for text in ("의료법 제34조", "개인정보 보호법 제28조의2 제1항", "도로교통법 시행령 제2조 제1호"):
        assert format_citation(parse(text)[0]) == text


def test_the_law_links_to_its_page_on_the_national_law_information_center():
    assert law_url("의료법") == "https://www.law.go.kr/%EB%B2%95%EB%A0%B9/%EC%9D%98%EB%A3%8C%EB%B2%95"
    # "개인정보 보호법": the space kept, as %20.
    assert law_url("개인정보보호법") == (
        "https://www.law.go.kr/%EB%B2%95%EB%A0%B9/%EA%B0%9C%EC%9D%B8%EC%A0%95%EB%B3%B4%20%EB%B3%B4%ED%98%B8%EB%B2%95"
    )


def test_the_articles_within_a_range_keep_the_words_of_the_range():
    first, between, last = parse("의료법 제3조부터 제5조까지")
    assert (first.text, between.text, last.text) == ("의료법 제3조", "제3조부터 제5조", "제5조")


def test_a_name_glued_to_a_particle_keeps_only_its_own_words():
    (citation,) = parse("드론 관련 항공안전법에서 규정")
    assert citation.text == "항공안전법"


@pytest.mark.parametrize(("name", "url"), [
    # 행정규칙: 고시, 훈령, 예규, 지침, 가이드라인, 공고.
    ("식품의약품안전처 고시", "https://www.law.go.kr/%ED%96%89%EC%A0%95%EA%B7%9C%EC%B9%99/"
                        "%EC%8B%9D%ED%92%88%EC%9D%98%EC%95%BD%ED%92%88%EC%95%88%EC%A0%84%EC%B2%98%20%EA%B3%A0%EC%8B%9C"),
    ("비대면진료 시범사업 지침", "https://www.law.go.kr/%ED%96%89%EC%A0%95%EA%B7%9C%EC%B9%99/"
                          "%EB%B9%84%EB%8C%80%EB%A9%B4%EC%A7%84%EB%A3%8C%20%EC%8B%9C%EB%B2%94%EC%82%AC%EC%97%85%20"
                          "%EC%A7%80%EC%B9%A8"),
    ("개인정보 처리 가이드라인", "https://www.law.go.kr/%ED%96%89%EC%A0%95%EA%B7%9C%EC%B9%99/"
                          "%EA%B0%9C%EC%9D%B8%EC%A0%95%EB%B3%B4%20%EC%B2%98%EB%A6%AC%20"
                          "%EA%B0%80%EC%9D%B4%EB%93%9C%EB%9D%BC%EC%9D%B8"),
    ("공무원 행동강령 예규", "https://www.law.go.kr/%ED%96%89%EC%A0%95%EA%B7%9C%EC%B9%99/"
                       "%EA%B3%B5%EB%AC%B4%EC%9B%90%20%ED%96%89%EB%8F%99%EA%B0%95%EB%A0%B9%20%EC%98%88%EA%B7%9C"),
    # 자치법규: a city's 조례 and 규칙.
    ("서울특별시 건축 조례", "https://www.law.go.kr/%EC%9E%90%EC%B9%98%EB%B2%95%EA%B7%9C/"
                       "%EC%84%9C%EC%9A%B8%ED%8A%B9%EB%B3%84%EC%8B%9C%20%EA%B1%B4%EC%B6%95%20%EC%A1%B0%EB%A1%80"),
    ("서울특별시 주차장 설치 및 관리 조례 시행규칙",
     "https://www.law.go.kr/%EC%9E%90%EC%B9%98%EB%B2%95%EA%B7%9C/%EC%84%9C%EC%9A%B8%ED%8A%B9%EB%B3%84%EC%8B%9C%20"
     "%EC%A3%BC%EC%B0%A8%EC%9E%A5%20%EC%84%A4%EC%B9%98%20%EB%B0%8F%20%EA%B4%80%EB%A6%AC%20%EC%A1%B0%EB%A1%80%20"
     "%EC%8B%9C%ED%96%89%EA%B7%9C%EC%B9%99"),
    # An act's 시행규칙 is in 법령, whatever its first word.
    ("의료법 시행규칙", "https://www.law.go.kr/%EB%B2%95%EB%A0%B9/%EC%9D%98%EB%A3%8C%EB%B2%95%20"
                   "%EC%8B%9C%ED%96%89%EA%B7%9C%EC%B9%99"),
])
def test_each_kind_of_rule_links_to_its_collection(name, url):
    assert law_url(name) == url
