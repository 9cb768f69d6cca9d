"""The notices' HTML part shows their text: escaped, with its addresses as links and its line breaks."""

from issues.templatetags.mail import text_as_html


def test_an_address_becomes_a_link_and_what_ends_the_sentence_stays_outside_it():
    html = text_as_html("진행 상황은 여기서 보세요:\nhttps://desk.example.kr/track/AbC-12_x/.\n감사합니다.")
    assert html == ('진행 상황은 여기서 보세요:<br><a href="https://desk.example.kr/track/AbC-12_x/">'
                    'https://desk.example.kr/track/AbC-12_x/</a>.<br>감사합니다.')


def test_what_a_filer_typed_is_escaped_also_beside_an_address():
    html = text_as_html('제목: <script>alert("x")</script> & "인용"\nhttp://a.example/?q=1&r=2')
    assert html == ('제목: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;인용&quot;<br>'
                    '<a href="http://a.example/?q=1&amp;r=2">http://a.example/?q=1&amp;r=2</a>')


def test_a_quote_or_angle_bracket_ends_an_address():
    assert text_as_html('"https://a.example/x"') == '&quot;<a href="https://a.example/x">https://a.example/x</a>&quot;'
    assert text_as_html("<https://a.example/y>") == '&lt;<a href="https://a.example/y">https://a.example/y</a>&gt;'


def test_text_without_an_address_only_keeps_its_lines():
    assert text_as_html("첫 줄\r\n둘째 줄") == "첫 줄<br>둘째 줄"
