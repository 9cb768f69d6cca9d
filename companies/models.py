"""The parties: companies that file issues, their contact people, the fields they work in, and the
organizations (associations, ministries) that attend meetings and answer proposals."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .validators import format_business_number, normalize_business_number, validate_business_number


class BilingualName(models.Model):
    """A name kept in Korean and, where known, in English; shown in the reader's language."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "ko").startswith("en"):
            return self.name_en
        return self.name


class Field(BilingualName):
    """An industry field (분야): AI, robots, bio, fintech … Officers add new ones as the program grows."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered on the public form"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")


class Company(models.Model):
    class Sandbox(models.TextChoices):
        NONE = "none", _("Not applied")
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved (regulatory sandbox)")
        REJECTED = "rejected", _("Not approved")

    name = models.CharField(_("company name"), max_length=200)
    business_number = models.CharField(
        _("business registration number"),
        max_length=10,
        unique=True,
        validators=[validate_business_number],
        help_text=_("10 digits; dashes are optional."),
    )
    ceo_name = models.CharField(_("CEO"), max_length=100, blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sandbox_status = models.CharField(
        _("regulatory sandbox"), max_length=20, choices=Sandbox.choices, default=Sandbox.NONE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self):
        return self.name

    def clean(self):
        self.business_number = normalize_business_number(self.business_number)

    @property
    def business_number_display(self) -> str:
        return format_business_number(self.business_number)


class Contact(models.Model):
    """A person at a company who filed an issue or attends meetings. Personal data: see the retention rules."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["company", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        constraints = [
            models.UniqueConstraint(fields=["company", "email"], name="contact_unique_email_per_company"),
        ]

    def __str__(self):
        return f"{self.name} ({self.company})"


class Organization(BilingualName):
    """Associations, ministries and other bodies that attend meetings or answer proposals."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        MINISTRY = "ministry", _("Ministry or central agency")
        PUBLIC_BODY = "public_body", _("Public body")
        RESEARCH = "research", _("Research institute")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [models.UniqueConstraint(fields=["name"], name="organization_unique_name")]
