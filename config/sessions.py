"""Sessions in the database, as Django keeps them, with one more check on the key a cookie brings.

A cookie can carry any text: a quoted value may hold octal escapes ("\\000"), which Django decodes. A key
with a NUL in it reached PostgreSQL, which refuses NUL with an error, and every page answered 500 to that
browser. A key that Django could not have made (32 of a-z and 0-9) now means "no session", as an
unknown key always did. settings.SESSION_ENGINE points here."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and all(char in VALID_KEY_CHARS for char in key)
