"""The workspace's admin site: Django's own, whose register() puts the secret guard (config/admin_guard.py)
in front of every ModelAdmin, ours and the third-party apps' alike. INSTALLED_APPS names `AdminConfig`
below instead of "django.contrib.admin", so that `admin.site` and `@admin.register` are this site."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _

from .admin_guard import guarded


class WorkspaceAdminSite(admin.AdminSite):
    site_header = _("Seoul Regulatory Innovation Desk")
    site_title = _("Regulatory Innovation Desk")
    index_title = _("Workspace")

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)


class AdminConfig(DjangoAdminConfig):
    default_site = "config.admin.WorkspaceAdminSite"

    def ready(self):
        super().ready()  # registers every app's admin.py
        from django.core import checks

        from .admin_guard import check_admin_secrets

        checks.register(check_admin_secrets, checks.Tags.admin)
