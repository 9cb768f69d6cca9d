"""The one role guard. issues/roles.py says who may do what (MAY, and workflow.MOVES for moves); this is
how every view, admin action and service asks it:

- `require(user, action, message)` in services: raises workflow.NotPermitted (shown to the user);
- `role_required(action)` on views: the login page to the signed-out, 403 to staff who may not;
- `may_note(user, issue)`: officers on every issue, experts on the issues assigned to them;
- `may_answer(user, consultation)`: the expert asked, on their own request only.

The access *log*, who read which personal data, is issues/privacy/access_log.py."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from . import roles, workflow


def require(user, action: str, message) -> None:
    """Raise workflow.NotPermitted(`message`) unless `user` may take `action` (roles.MAY)."""
    if not roles.may(user, action):
        raise workflow.NotPermitted(message)


def may_note(user, issue) -> bool:
    """Whether `user` may write a note on `issue`: roles.WRITE_NOTES, an expert on their own issues only."""
    who = workflow.roles_of(user)
    if not roles.may(user, roles.WRITE_NOTES):
        return False
    return workflow.OFFICER in who or issue.assignee_id == getattr(user, "pk", None)


def may_answer(user, consultation) -> bool:
    """Whether `user` may submit an opinion on, or decline, `consultation`: roles.ANSWER_CONSULTATIONS, and
    the request is theirs (a colleague's request, or one given to another expert since, is not)."""
    return roles.may(user, roles.ANSWER_CONSULTATIONS) and consultation.expert_id == getattr(user, "pk", None)


def role_required(action: str):
    """A view decorator: the view runs for those who may take `action`; the signed-out are sent to the
    staff login, staff who may not get a 403."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "admin:login")
            if not roles.may(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator
