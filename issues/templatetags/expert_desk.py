"""{% expert_requests %}: the admin index's tile for an expert, their requests due, overdue and done, linking
their queue (admin/expert_requests.py)."""

from django import template

from .. import selectors, workflow
from ..consultations.queue import expert_queue

register = template.Library()


@register.inclusion_tag("admin/issues/consultation/_tile.html", takes_context=True)
def expert_requests(context):
    user = context["request"].user
    if workflow.EXPERT not in workflow.roles_of(user) or selectors.sees_all_issues(user):
        return {"show": False}
    return {"show": True, "queue": expert_queue(user)}
