"""The roles of CONTRACT.md as auth groups, and the model permissions each needs.

A data migration (0002_roles) creates them; `sync_roles` runs after every `migrate` (and `flush`)
so the groups keep exactly these permissions as models are added. Rules finer than model
permissions (an expert sees only the issues assigned to them, who may make which move) live in
issues/workflow.py, selectors.py and services.py."""

ALL = ("add", "change", "delete", "view")
CUSTOM = ("move_issue", "record_answer")  # declared in Issue.Meta.permissions

ROLES = {
    "officer": {
        "companies": {"company": ALL, "contact": ALL, "organization": ALL, "field": ALL},
        "meetings": {"meeting": ALL, "attendee": ALL},
        "issues": {
            "issue": ("add", "change", "view", "move_issue", "record_answer"),
            "note": ALL, "attachment": ("view",), "agendaitem": ALL,
            "statuschange": ("view",), "notice": ("view", "change"),
            "proposalbatch": ALL, "exportlog": ("view",),
        },
    },
    "expert": {
        "issues": {"issue": ("view",), "note": ("add", "view"), "attachment": ("view",)},
    },
    "official": {
        "companies": {"company": ("view",), "organization": ("view",), "field": ("view",)},
        "meetings": {"meeting": ("view",)},
        "issues": {"issue": ("view", "record_answer"), "statuschange": ("view",), "proposalbatch": ("view",)},
    },
}


def sync_roles(group_model, permission_model) -> None:
    """Create the role groups if missing and give each exactly its permissions (those that exist)."""
    for role, apps_perms in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=role)
        codenames = {
            (app_label, action if action in CUSTOM else f"{action}_{model}")
            for app_label, models in apps_perms.items()
            for model, actions in models.items()
            for action in actions
        }
        permissions = [
            p for p in permission_model.objects.filter(
                content_type__app_label__in={a for a, _ in codenames},
                codename__in={c for _, c in codenames},
            ).select_related("content_type")
            if (p.content_type.app_label, p.codename) in codenames
        ]
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    sync_roles(Group, Permission)
