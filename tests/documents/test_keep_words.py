"""Korean words stay whole across lines in every PDF: `keep_words` ({% load documents %}), read back with
pdftotext. WeasyPrint ignores `word-break: keep-all`; the control case shows that it breaks words without
the filter, so the check below is able to see a broken word."""

import pytest
from django.template import engines
from django.utils import translation

from issues.documents.pdf import write_pdf
from tests.documents.readers import article_paragraphs, assert_words_whole, broken_words, pdf_info, pdf_lines

PAGE = """{% load documents %}<!doctype html><html lang="ko"><head>{% include "documents/_head.html" %}
<style>@page { size: A4; margin: 15mm } .column { width: {{ width }}mm; font-size: 9pt }</style></head>
<body>{% for text in texts %}<p class="column">{% if keep %}{{ text|keep_words }}{% else %}{{ text }}{% endif %}</p>
{% endfor %}</body></html>"""


def render(texts, *, width, keep=True, title="문서"):
    return engines["django"].from_string(PAGE).render({"texts": texts, "width": width, "keep": keep, "title": title})


def test_it_escapes_the_text_and_wraps_each_word_in_an_unbreakable_span():
    html = engines["django"].from_string("{% load documents %}{{ text|keep_words }}").render(
        {"text": "<b>규제</b> & 개선"})
    assert html == ('<span class="w">&lt;b&gt;규제&lt;/b&gt;</span> <span class="w">&amp;</span> '
                    '<span class="w">개선</span>')


def test_it_keeps_line_breaks_and_leaves_long_words_breakable():
    address = "https://www.example.go.kr/board/view/123456"
    html = engines["django"].from_string("{% load documents %}{{ text|keep_words }}").render(
        {"text": f"첫째 줄\r\n둘째 {address}"})
    assert html == (f'<span class="w">첫째</span> <span class="w">줄</span><br><span class="w">둘째</span> '
                    f"{address}")


def test_without_the_filter_weasyprint_breaks_korean_words_inside():
    # The control: the same paragraphs, the same column, no spans. If WeasyPrint ever keeps Korean
    # words whole by itself, this fails and the filter may go.
    texts = article_paragraphs()
    assert broken_words(pdf_lines(write_pdf(render(texts, width=45, keep=False))), texts)


@pytest.mark.parametrize("width", [30, 45, 70, 120])
def test_no_line_ends_inside_a_word_of_a_long_korean_paragraph(width):
    texts = article_paragraphs()
    lines = pdf_lines(write_pdf(render(texts, width=width)))
    assert len(lines) > len(texts) * 2  # the paragraphs did wrap
    assert_words_whole(lines, texts)
    # Every word is printed, in order: nothing was lost or clipped by the spans.
    assert " ".join(lines).split() == " ".join(texts).split()


def test_the_head_gives_the_pdf_its_title_and_the_centre_as_author():
    info = pdf_info(write_pdf(render(["본문"], width=100, title="2026년 1차 건의 과제")))
    assert info["Title"] == "2026년 1차 건의 과제"
    assert info["Author"] == "서울기업지원센터"
    from django.utils import timezone

    assert info["CreationDate"].startswith(f"{timezone.localdate():%Y-%m-%d}")
    with translation.override("en"):
        assert pdf_info(write_pdf(render(["text"], width=100)))["Author"] == "Seoul Business Support Center"
