"""The public forms: filing an issue, writing from the status page, withdrawing, and looking up.

Field names of IntakeForm are the outer interface of CONTRACT.md. Lengths follow the model fields;
long texts have limits of their own, generous enough for a full regulatory complaint.

No field tells the browser its limit as `maxlength`: a browser cuts pasted text there without a word.
The limit is a data attribute for static/js/counter.js (a live count near the limit), and the server
refuses longer text with a message that gives both lengths, the form keeping everything typed."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from companies import choices
from companies.models import Field, Organization
from companies.validators import (
    EXAMPLE_BUSINESS_NUMBER,
    normalize_business_number,
    normalize_phone,
    validate_business_number,
)

from .uploads import ACCEPT, check_uploads

TEXT_MAX = 20_000  # the problem, the improvement, a message: a complaint with its background fits
TITLE_MAX = 300  # models.Issue.title
LAW_MAX = 2000
# The live counter appears once a text reaches this share of its limit.
COUNTER_FROM = 0.8


def _grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


def _length(value: str) -> int:
    """Characters as the filer sees them: a line break counts once, as in the browser's count
    (browsers send a textarea's line breaks as CRLF)."""
    return len(value.replace("\r\n", "\n"))


class LengthLimit:
    """The limit of a text field, checked on the server only (see the module's docstring)."""

    message = ngettext_lazy(
        "This is %(length)s characters long; at most %(limit)s fit here. Please shorten it by %(over)s "
        "character. Everything you typed is still here.",
        "This is %(length)s characters long; at most %(limit)s fit here. Please shorten it by %(over)s "
        "characters. Everything you typed is still here.",
        "count",
    )

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value):
        length = _length(value or "")
        if length > self.limit:
            over = length - self.limit
            raise ValidationError(self.message % {"length": _grouped(length), "limit": _grouped(self.limit),
                                                  "over": _grouped(over), "count": over}, code="max_length")


def counter_attrs(limit: int) -> dict:
    """What static/js/counter.js reads: the limit and its two sentences, in the page's language."""
    return {
        "data-max-length": limit,
        "data-counter-from": int(limit * COUNTER_FROM),
        # {count} and {limit} are filled in by the script, with the page's digit grouping.
        "data-counter-text": gettext("{count} of {limit} characters"),
        "data-counter-over": gettext("{count} of {limit} characters: {over} too many. Please shorten the text."),
    }


class LimitedField:
    """A form field whose `max_length` is the server's check alone: the widget gets counter_attrs()
    instead of Django's `maxlength`, and a longer value gets LengthLimit's message."""

    def __init__(self, *args, max_length, counted=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit, self.counted = max_length, counted
        self.validators.append(LengthLimit(max_length))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class LimitedCharField(LimitedField, forms.CharField):
    pass


class LimitedEmailField(LimitedField, forms.EmailField):
    pass


class Counted:
    """Form mixin: the counter's attributes, translated in the language of the request being served."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, LimitedField) and field.counted and not field.widget.is_hidden:
                field.widget.attrs.update(counter_attrs(field.limit))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class TelInput(forms.TextInput):
    input_type = "tel"


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple> (Django docs, "Uploading multiple files");
    cleans to a list, checked together by uploads.check_uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            files = [single_clean(item, initial) for item in data]
        else:
            files = [single_clean(data, initial)]
        return check_uploads([f for f in files if f])


def _attachments_field():
    return MultipleFileField(label=_("Attachments"), required=False, max_length=255)


def attachments_help() -> str:
    """The limits as the filer reads them; from settings, so computed per request."""
    return gettext(
        "Up to %(count)d files, %(each)s each and %(total)s in all: PDF, HWP, HWPX, DOCX, XLSX, PPTX, PNG or JPEG."
    ) % {
        "count": settings.UPLOAD_MAX_FILES,
        "each": filesizeformat(settings.UPLOAD_MAX_FILE_SIZE),
        "total": filesizeformat(settings.UPLOAD_MAX_TOTAL_SIZE),
    }


class WithAttachments(Counted, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attachments"]
        field.help_text = attachments_help()
        each, total = filesizeformat(settings.UPLOAD_MAX_FILE_SIZE), filesizeformat(settings.UPLOAD_MAX_TOTAL_SIZE)
        # For static/js/attachments.js, which warns before the upload; the server decides.
        field.widget.attrs.update({
            "data-max-files": settings.UPLOAD_MAX_FILES,
            "data-max-file-size": settings.UPLOAD_MAX_FILE_SIZE,
            "data-max-total-size": settings.UPLOAD_MAX_TOTAL_SIZE,
            "data-msg-too-many": gettext("Choose at most %(count)d files.") % {"count": settings.UPLOAD_MAX_FILES},
            "data-msg-too-large": gettext("“%(name)s” is larger than %(limit)s.") % {"name": "{name}", "limit": each},
            "data-msg-total": gettext("Together the files are larger than %(limit)s.") % {"limit": total},
        })


class CachedChoiceField(forms.ChoiceField):
    """A ModelChoiceField over cached rows (companies/choices.py: `kind` "fields" or "ministries"), so that
    neither the form's page nor its check queries the database. The form gives each such field its rows
    (`use_rows`), from one read for all of them. Cleans to the chosen row's model instance (id and names
    loaded), or None; labels are the names in the language of the request."""

    default_error_messages = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}

    def __init__(self, model, kind: str, *, empty_label, **kwargs):
        self.model, self.kind, self.empty_label, self.rows = model, kind, empty_label, {}
        super().__init__(**kwargs)

    def use_rows(self, rows: list[tuple]) -> None:
        english = (get_language() or "ko").startswith("en")
        self.rows = {str(row[0]): row for row in rows}
        self.choices = [("", self.empty_label),
                        *((pk, name_en if english and name_en else name) for pk, name, name_en in rows)]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        row = self.rows.get(str(value))
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return choices.row_instance(self.model, row)

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        return str(getattr(initial, "pk", initial) or "") != str(data or "")


EMAIL_MAX = 254  # the e-mail columns (models.EmailField)


def _lower_email(value: str) -> str:
    """An address as it is stored: in lower case. A few letters grow when lower-cased ("İ" becomes
    "i̇", two characters), so an address that fits as typed may not fit once stored."""
    value = value.lower()
    if len(value) > EMAIL_MAX:
        raise forms.ValidationError(_("This e-mail address is too long."), code="max_length")
    return value


def _text(label, *, max_length, rows=None, required=True, help_text="", required_message="", tel=False, **attrs):
    if rows:
        widget = forms.Textarea(attrs={"rows": rows, **attrs})
    else:
        widget = (TelInput if tel else forms.TextInput)(attrs=attrs)
    error_messages = {"required": required_message} if required_message else {}
    return LimitedCharField(label=label, max_length=max_length, required=required, help_text=help_text,
                            widget=widget, error_messages=error_messages)


class IntakeForm(WithAttachments):
    # The company
    company_name = _text(_("Company name"), max_length=200, autocomplete="organization",
                         required_message=_("Enter your company's name."))
    business_number = _text(
        _("Business registration number"), max_length=20, inputmode="numeric", autocomplete="off",
        help_text=format_lazy(_("10 digits, with or without dashes, e.g. {example}."),
                              example=EXAMPLE_BUSINESS_NUMBER),
        required_message=_("Enter your company's business registration number."),
    )
    ceo_name = _text(_("CEO's name"), max_length=100, required=False, autocomplete="off")
    field = CachedChoiceField(
        Field, "fields", label=_("Field of business"), empty_label=_("Choose a field"),
        error_messages={"required": _("Choose your field of business.")},
    )
    # The person we may contact
    contact_name = _text(_("Your name"), max_length=100, autocomplete="name",
                         required_message=_("Enter your name."))
    contact_email = LimitedEmailField(
        label=_("E-mail"), max_length=EMAIL_MAX,
        help_text=_("Your receipt and every change of status are sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Enter your e-mail address.")},
    )
    contact_phone = _text(
        _("Phone"), max_length=30, tel=True, autocomplete="tel", inputmode="tel",
        help_text=_("e.g. 010-1234-5678 or 02-123-4567"),
        required_message=_("Enter a phone number where we can reach you."),
    )
    # The regulation and the problem
    title = _text(
        _("Title"), max_length=TITLE_MAX,
        help_text=_("One sentence: which regulation blocks what, e.g. “Pharmacies may not deliver medicine "
                    "to ships”."),
        required_message=_("Give your report a title."),
    )
    problem = _text(
        _("Current situation and problem"), max_length=TEXT_MAX, rows=8,
        help_text=_("What do you want to do, which rule stops you, and what does it cost your business?"),
        required_message=_("Describe the situation and the problem."),
    )
    related_law = _text(
        _("Related laws and articles"), max_length=LAW_MAX, rows=2, required=False,
        help_text=_("If you know them, e.g. Medical Service Act, Article 34."),
    )
    ministry = CachedChoiceField(
        Organization, "ministries", label=_("Competent ministry"), required=False, empty_label=_("I don't know"),
    )
    # The improvement asked for
    improvement = _text(
        _("Requested improvement"), max_length=TEXT_MAX, rows=6,
        help_text=_("What should change in the rule or its application?"),
        required_message=_("Tell us what should change."),
    )
    expected_effect = _text(
        _("Expected effect"), max_length=TEXT_MAX, rows=4, required=False,
        help_text=_("What would the change bring to your company, your field or the public? "
                    "For example, costs or time saved, new services, jobs."),
    )
    may_name_company = forms.BooleanField(
        label=_("You may name my company in the letter of proposal sent to the competent ministry."),
        required=False,
        help_text=_("Without your consent the letter describes the regulation and the problem, not who raised it. "
                    "Your personal information is never given."),
    )
    attachments = _attachments_field()
    privacy_consent = forms.BooleanField(
        label=_("I agree to the collection and use of my personal information as described above."),
        # The error summary shows this alone (the label is a sentence of its own): say what to do.
        error_messages={"required": _("Please tick the box to agree to the collection and use of your personal "
                                      "information: without your consent we cannot accept the report here. "
                                      "You can also report it by phone.")},
    )
    # The honeypot: hidden from people by the stylesheet, filled by robots that fill every field.
    homepage = LimitedCharField(label=_("Leave this field empty"), required=False, max_length=200, counted=False,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    fieldsets = [
        (_("Your company"), ["company_name", "business_number", "ceo_name", "field"]),
        (_("The person we may contact"), ["contact_name", "contact_email", "contact_phone"]),
        (_("The regulation and the problem"), ["title", "problem", "related_law", "ministry"]),
        (_("The improvement you ask for"), ["improvement", "expected_effect", "may_name_company"]),
        (_("Documents"), ["attachments"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = choices.public_choices()  # one read for both lists
        for name in ("field", "ministry"):
            self.fields[name].use_rows(rows[self.fields[name].kind])

    def clean_business_number(self):
        value = self.cleaned_data["business_number"]
        validate_business_number(value)
        return normalize_business_number(value)

    def clean_contact_email(self):
        return _lower_email(self.cleaned_data["contact_email"])

    def clean_contact_phone(self):
        return normalize_phone(self.cleaned_data["contact_phone"])

    @property
    def is_suspected_spam(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))

    def grouped(self):
        """(legend, bound fields) per fieldset, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]


class MessageForm(WithAttachments):
    """A message from the filer on their status page, with files."""

    body = _text(
        _("Your message"), max_length=TEXT_MAX, rows=5,
        help_text=_("Add information or answer our questions. Officers read it in their workspace."),
        required_message=_("Write your message."),
    )
    attachments = _attachments_field()


class WithdrawForm(Counted, forms.Form):
    reason = _text(
        _("Why do you withdraw it?"), max_length=LAW_MAX, rows=3, required=False,
        help_text=_("For example: the problem was solved, or it was filed by mistake."),
    )


class LookupForm(forms.Form):
    prefix = "lookup"

    number = _text(_("Tracking number"), max_length=20, autocomplete="off", spellcheck="false",
                   help_text=_("e.g. REG-2024-0001"), required_message=_("Enter the tracking number."))
    email = LimitedEmailField(
        label=_("E-mail you filed with"), max_length=EMAIL_MAX,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Enter your e-mail address.")},
    )

    def clean_number(self):
        return "".join(self.cleaned_data["number"].split()).upper()


class LinksForm(forms.Form):
    prefix = "links"

    email = LimitedEmailField(
        label=_("Your e-mail address"), max_length=EMAIL_MAX,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Enter your e-mail address.")},
    )

    def clean_email(self):
        return _lower_email(self.cleaned_data["email"])
