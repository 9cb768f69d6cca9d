import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests type passwords dozens of times: a quick hasher instead of PBKDF2's million rounds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
