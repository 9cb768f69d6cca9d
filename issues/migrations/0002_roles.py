"""The roles of CONTRACT.md as auth groups, with the model permissions each needs.

Rules finer than model permissions (an expert sees only the issues assigned to them, who may make
which move) live in issues/workflow.py and issues/services.py."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")

ROLES = {
    "officer": {
        "companies": {"company": ALL, "contact": ALL, "organization": ALL, "field": ALL},
        "meetings": {"meeting": ALL, "attendee": ALL},
        "issues": {
            "issue": ("add", "change", "view", "move_issue", "record_answer"),
            "note": ALL, "attachment": ("view",), "agendaitem": ALL,
            "statuschange": ("view",), "notice": ("view", "change"),
        },
    },
    "expert": {
        "issues": {"issue": ("view",), "note": ("add", "view"), "attachment": ("view",)},
    },
    "official": {
        "companies": {"company": ("view",), "organization": ("view",), "field": ("view",)},
        "meetings": {"meeting": ("view",)},
        "issues": {"issue": ("view", "record_answer"), "statuschange": ("view",)},
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, apps_perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for app_label, models in apps_perms.items():
            for model, actions in models.items():
                for action in actions:
                    codename = action if action in ("move_issue", "record_answer") else f"{action}_{model}"
                    wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0001_initial"),
        ("companies", "0002_fields_and_ministries"),
        ("meetings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
