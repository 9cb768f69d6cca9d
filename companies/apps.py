from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Companies and organizations")

    def ready(self):
        from .choices import choices_changed
        from .models import Field, Organization
        from .reference import ensure_reference_data

        post_migrate.connect(ensure_reference_data, sender=self, dispatch_uid="companies-reference-data")
        # The public form's cached choices (choices.py) are read again once a field or a ministry changes.
        for model in (Field, Organization):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(choices_changed, sender=model, dispatch_uid=f"choices-{name}-{model.__name__}")
