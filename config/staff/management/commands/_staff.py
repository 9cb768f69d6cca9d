"""What the staff commands share."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def user_named(username: str):
    """The account with this user name, or the command stops saying there is none."""
    User = get_user_model()
    try:
        return User.objects.get_by_natural_key(username)
    except User.DoesNotExist:
        raise CommandError(_("There is no user called %(username)s.") % {"username": username}) from None
