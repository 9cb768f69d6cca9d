from django.contrib import admin

from .models import Company, Contact, Field, Organization


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "name_en", "code"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "business_number_display", "ceo_name", "field", "sandbox_status"]
    list_filter = ["field", "sandbox_status"]
    list_select_related = ["field"]
    search_fields = ["name", "business_number", "ceo_name"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "email", "phone"]
    list_select_related = ["company"]
    search_fields = ["name", "email", "company__name"]
    autocomplete_fields = ["company"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en"]
