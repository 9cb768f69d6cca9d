"""Hostile request headers and cookies at the public pages: the language a browser asks for, the
language and session cookies, and X-Forwarded-For behind a proxy (which the rate limits read)."""

from django.conf import settings
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from .hostile import HostileTestCase, hostile_text, raw_bytes, share_of_examples

# A header arrives as bytes; WSGI servers hand them to Django decoded as Latin-1.
header = st.one_of(hostile_text.map(str.encode), raw_bytes, st.sampled_from([
    b"ko-KR,ko;q=0.9,en;q=0.8", b"*", b"en;q=abc", b"x" * 5000, b"zh-Hant-TW", b"ko;q=1e400", b"1.2.3.4, , ::1",
])).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b"").decode("latin-1"))


class PublicPagesUnderHostileHeaders(HostileTestCase):
    @override_settings(TRUSTED_PROXY_COUNT=1)
    @share_of_examples(0.6)
    @given(language=header, cookie_language=header, session=header, forwarded=header,
           path=st.sampled_from(["/", "/issues/new/", "/track/"]))
    def test_any_headers_and_cookies_get_a_page(self, language, cookie_language, session, forwarded, path):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie_language
        self.client.cookies[settings.SESSION_COOKIE_NAME] = session
        extra = {"HTTP_ACCEPT_LANGUAGE": language, "HTTP_X_FORWARDED_FOR": forwarded}

        self.assertAnswered(self.client.get(path, **extra), allowed=(200,))
        if path == "/track/":  # a look-up counts against the client the proxy names
            self.assertAnswered(self.client.post(path, {"lookup-number": "x"}, **extra), allowed=(200,))
