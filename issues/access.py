"""The role guard: who may open which staff page, asked by the views (and, in time, by every admin action
and service) instead of each checking roles of its own. The roles themselves are in roles.py.

The access *log*, who read which personal data, is issues/privacy/access_log.py."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from . import workflow
from .workflow import OFFICER, OFFICIAL


def exporter_required(view):
    """Officials and officers; anyone else logs in first (anonymous) or is refused (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not {OFFICER, OFFICIAL} & workflow.roles_of(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
