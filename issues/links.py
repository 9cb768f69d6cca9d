"""Status links: the secret in `/track/<secret>/` belongs to the filer alone.

The database keeps only a keyed hash of the secret (HMAC-SHA256 under settings.STATUS_LINK_KEY), so
neither a database reader, a backup nor any admin page can turn what is stored into a working link.
The link exists in clear in three places only: the receipt page, shown once; the e-mail that carries
it, whose outbox row holds it encrypted under the same key until it is sent and then forgets it; and
the filer's mailbox. A lost link is replaced, never recovered: "send me my links" makes a fresh one,
and the old one stops working."""

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.crypto import salted_hmac

# 32 random bytes (256 bits) as 43 URL-safe characters: issues/urls.py's converter accepts exactly these.
SECRET_BYTES = 32


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def hash_secret(secret: str) -> str:
    """What the database stores for `secret`: 64 hex digits, useless without the key."""
    return salted_hmac("issues.status-link", secret, secret=settings.STATUS_LINK_KEY, algorithm="sha256").hexdigest()


def unheld_hash() -> str:
    """The stored hash of an issue nobody holds a link to yet (made in bulk, say): of a secret thrown away."""
    return hash_secret(new_secret())


def _fernet() -> Fernet:
    key = hashlib.sha256(f"issues.status-link.seal:{settings.STATUS_LINK_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    """`secret` encrypted for the outbox: the notice that carries a link is stored before it is sent."""
    return _fernet().encrypt(secret.encode()).decode()


def unseal(token: str) -> str | None:
    """The secret sealed in `token`, or None when it was sealed under another key (or tampered with)."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None
