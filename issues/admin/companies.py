"""Companies and their contact people as the workspace lists them, autocompletes them and pops them up:
each staff member sees the companies of the issues they may see (selectors.visible_companies), and
the contact details only where roles.SEES allows. Registered here because companies know nothing of
issues (as meetings.py does for meetings)."""

from django.contrib import admin

from companies.admin import CompanyAdmin as BaseCompanyAdmin
from companies.admin import ContactAdmin as BaseContactAdmin
from companies.admin import ContactInline as BaseContactInline
from companies.models import Company, Contact

from .. import roles, selectors


def _hidden_company_fields(user) -> frozenset:
    """The company's own fields among those `user` may not see (`company__ceo_name` → `ceo_name`)."""
    return frozenset(name.removeprefix("company__") for name in roles.hidden_fields(user)
                     if name.startswith("company__"))


class ContactInline(BaseContactInline):
    def has_view_permission(self, request, obj=None):
        return roles.may_see(request.user, roles.FILER_CONTACT) and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        return selectors.visible_contacts(request.user, super().get_queryset(request))


# companies/admin.py registered them when it was imported above, whatever the order of INSTALLED_APPS.
admin.site.unregister(Company)
admin.site.unregister(Contact)


@admin.register(Company)
class CompanyAdmin(BaseCompanyAdmin):
    inlines = [ContactInline]

    def get_queryset(self, request):
        return selectors.visible_companies(request.user, super().get_queryset(request))

    def get_list_display(self, request):
        hidden = _hidden_company_fields(request.user)
        return [f for f in super().get_list_display(request) if f not in hidden]

    def get_search_fields(self, request):
        hidden = _hidden_company_fields(request.user)
        return [f for f in super().get_search_fields(request) if not roles.is_hidden_lookup(f, hidden)]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *_hidden_company_fields(request.user)]

    def lookup_allowed(self, lookup, value, request):
        if roles.is_hidden_lookup(lookup, _hidden_company_fields(request.user)):
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(Contact)
class ContactAdmin(BaseContactAdmin):
    def get_queryset(self, request):
        return selectors.visible_contacts(request.user, super().get_queryset(request))
