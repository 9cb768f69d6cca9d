"""Secrets in the workspace: which fields hold credential material, and the guard that keeps every admin
page from reaching one.

A secret is a field whose value lets someone act as someone else, or points straight at such a value: a
status link's secret and its keyed hash, a password hash, a two-factor device's key or token, a session.
Filtering by one answers yes or no, and that is enough to recover it a character at a time
(`?secret__regex=^a`, `^ab`, …). So:

- the guard (`SecretGuard`), which config/admin.py mixes into every ModelAdmin the site registers, ours
  and the third-party apps' alike, refuses any lookup or `_to_field` whose path touches a secret through
  any chain of relations (`issue__secret_hash__startswith`, `contact__issues__…`, `user__password…`):
  a 400 before any query runs, as Django's UserAdmin does for `password`; and it refuses (a 500) search
  fields, filters, orderings or columns that an admin computes per request when one reaches a secret;
- the system check `check_admin_secrets` fails when an admin names a secret where a page would search,
  filter, sort or show it (search_fields, list_filter, ordering, list_display, readonly_fields, …), or
  when a registered admin does not carry the guard.

A secret is named here once, in `SECRET_FIELDS`, or recognised by its name (`_SECRET_NAME`)."""

import re

from django.apps import apps
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import BaseModelAdmin
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import JSONField
from django.db.models.constants import LOOKUP_SEP

# (app label, model name, field name). A field a migration removed stays listed (`Issue.secret`), so that a
# request naming it is refused rather than quietly ignored.
SECRET_FIELDS = frozenset({
    ("issues", "issue", "secret"),
    ("issues", "issue", "secret_hash"),
    ("auth", "user", "password"),
    ("otp_totp", "totpdevice", "key"),
    ("otp_hotp", "hotpdevice", "key"),
    ("otp_static", "statictoken", "token"),
    ("otp_email", "emaildevice", "token"),
    ("sessions", "session", "session_key"),
    ("sessions", "session", "session_data"),
    # django-axes keeps a hash of each staff session key in its access log.
    ("axes", "accesslog", "session_hash"),
})

# A field or JSON key named like credential material: password, secret, token or hash as a word of the
# name (`secret_hash`, `api_token`, `passwords`), or a name ending in `_key` (`session_key`, `api_key`).
# A bare `key` is too common to count (the notice outbox's idempotency key); two-factor devices' are below.
_SECRET_NAME = re.compile(r"(?:^|_)(?:password|passwd|secret|token|hash)s?(?:_|$)|._key$")

SEARCH_PREFIXES = "^=@"


def is_secret(field) -> bool:
    """Whether a model field holds a secret, or a foreign key holds one as its value (`to_field`)."""
    if field.is_relation:
        if field.concrete and (field.many_to_one or field.one_to_one):
            target = field.target_field
            return target is not field and is_secret(target)
        return False
    model = field.model
    return (
        _names_secret(model, field.name)
        # Every django-otp device keeps its shared key in `key` (TOTP, HOTP and any plugin that follows).
        or (field.name == "key" and _is_otp_device(model))
    )


def _names_secret(model, name: str) -> bool:
    if _SECRET_NAME.search(name):
        return True
    # A historical model (django-simple-history) copies its model's fields under the same names.
    for each in (model, getattr(model, "instance_type", None)):
        if each is not None and (each._meta.app_label, each._meta.model_name, name) in SECRET_FIELDS:
            return True
    return False


def _is_otp_device(model) -> bool:
    if not apps.is_installed("django_otp"):
        return False
    from django_otp.models import Device

    return issubclass(model, Device)


def secret_on_path(model, path: str) -> str | None:
    """The secret that the lookup `path` (as in `?path=…`, a list_filter or a search_fields entry) touches,
    following relations from `model`, as "app_label.Model.field"; None when it touches none."""
    opts = model._meta
    parts = path.split(LOOKUP_SEP)
    for index, part in enumerate(parts):
        try:
            field = opts.pk if part == "pk" else opts.get_field(part)
        except FieldDoesNotExist:
            # Not a field: a lookup after a relation (`__isnull`), an annotation of the admin's queryset, a
            # SimpleListFilter's parameter, or a name a migration removed. Those named like secrets count.
            return _label(opts, part) if _names_secret(opts.model, part) else None
        if is_secret(field):
            return _label(field.model._meta, field.name)
        if isinstance(field, JSONField):
            return _secret_json_key(opts, field, parts[index + 1:])
        if not getattr(field, "path_infos", None):
            return None  # the rest are lookups and transforms of a plain field
        opts = field.path_infos[-1].to_opts
    return None


def _secret_json_key(opts, field, rest: list[str]) -> str | None:
    name = field.name
    for part in rest:
        if field.get_lookup(part) is not None:
            return None
        name = f"{name}.{part}"
        if _SECRET_NAME.search(part):
            return _label(opts, name)
    return None


def _label(opts, name: str) -> str:
    return f"{opts.app_label}.{opts.object_name}.{name}"


class SecretGuard:
    """Mixed into every ModelAdmin of the site: nothing in a query string may reach a secret."""

    def lookup_allowed(self, lookup, value, request=None):
        if secret_on_path(self.model, lookup):
            raise DisallowedModelAdminLookup(f"Filtering by {lookup} not allowed")
        return super().lookup_allowed(lookup, value, request)

    def to_field_allowed(self, request, to_field):
        # Django's caller turns False into a 400 (DisallowedModelAdminToField), the autocomplete into a 403.
        return not secret_on_path(self.model, to_field) and super().to_field_allowed(request, to_field)

    # What an admin computes per request is held to the rule the system check holds its declared options
    # to: a secret there is a configuration error (a 500), never a list that searches, filters or sorts by it.

    def get_search_fields(self, request):
        return self._without_secrets("search_fields", super().get_search_fields(request))

    def get_list_filter(self, request):
        return self._without_secrets("list_filter", super().get_list_filter(request))

    def get_ordering(self, request):
        return self._without_secrets("ordering", super().get_ordering(request))

    def get_list_display(self, request):
        return self._without_secrets("list_display", super().get_list_display(request))

    def get_sortable_by(self, request):
        return self._without_secrets("sortable_by", super().get_sortable_by(request))

    def _without_secrets(self, option, values):
        for path in _OPTIONS[option](self, values or ()):
            secret = secret_on_path(self.model, path)
            if secret:
                raise ImproperlyConfigured(_named_secret(self, option, path, secret))
        return values


def guarded(admin_class):
    """`admin_class` with the guard in front of its own lookup_allowed and to_field_allowed (the same class
    when it has the guard already). The name stays, so that messages and checks still name the admin."""
    if issubclass(admin_class, SecretGuard):
        return admin_class  # check_admin_secrets fails if a subclass put its own hooks in front of the guard
    return type(admin_class)(admin_class.__name__, (SecretGuard, admin_class), {
        "__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__,
        "__doc__": admin_class.__doc__,
    })


def has_guard_first(admin_class) -> bool:
    """Whether the guard's lookup_allowed and to_field_allowed are the ones the admin's callers reach."""
    return all(next(c for c in admin_class.__mro__ if name in vars(c)) is SecretGuard
               for name in ("lookup_allowed", "to_field_allowed"))


# --- the system check


def check_admin_secrets(app_configs=None, **kwargs):
    """Every admin of every site: it carries the guard, and no option of it or its inlines names a secret."""
    from django.contrib.admin.sites import all_sites

    errors = []
    for site in all_sites:
        for model_admin in site._registry.values():
            if not has_guard_first(type(model_admin)):
                errors.append(checks.Error(
                    f"{model_admin} does not check its lookups with the secret guard first.",
                    hint="Register it on config.admin.WorkspaceAdminSite (admin.site), whose register() adds the "
                         "guard, and do not override lookup_allowed or to_field_allowed in a subclass of it.",
                    obj=type(model_admin), id="admin_guard.E002",
                ))
            errors += secrets_named(model_admin)
            for inline in model_admin.inlines:
                errors += secrets_named(inline(model_admin.model, site))
    return errors


def secrets_named(model_admin) -> list[checks.Error]:
    """An error for each place where `model_admin` (a ModelAdmin or an inline) names a secret."""
    model = model_admin.model
    errors = []
    for option, path in _paths_named(model_admin):
        secret = secret_on_path(model, path)
        if secret:
            errors.append(checks.Error(
                _named_secret(model_admin, option, path, secret),
                hint="A secret is never searched, filtered, sorted or shown in the admin (config/admin_guard.py).",
                obj=type(model_admin), id="admin_guard.E001",
            ))
    return errors


def _named_secret(model_admin, option, path, secret) -> str:
    return f"{type(model_admin).__qualname__}.{option} names '{path}', which reaches the secret {secret}."


def _paths_named(model_admin):
    """(option, lookup path) for every field path the admin's declared options name."""
    for option, read in _OPTIONS.items():
        for path in read(model_admin, getattr(model_admin, option, None) or ()):
            yield option, path
    # A form field declared by the admin's form renders the value as that form decides (UserAdmin's
    # password shows the algorithm, never the hash); any other secret in the form shows as it is stored.
    declared = getattr(model_admin.form, "declared_fields", {})
    for option, names in _form_fields(model_admin):
        for name in names:
            if isinstance(name, str) and name not in declared and _is_field_path(model_admin.model, name):
                yield option, name


def _search_paths(model_admin, names):
    for name in names:
        yield name.lstrip(SEARCH_PREFIXES)


def _filter_paths(model_admin, items):
    for item in items:
        if isinstance(item, (list, tuple)):
            yield item[0]
        elif isinstance(item, str):
            yield item
        elif getattr(item, "parameter_name", None):
            yield item.parameter_name


def _ordering_paths(model_admin, items):
    for item in items:
        name = _ordering_name(item)
        if name:
            yield name


def _column_paths(model_admin, items):
    for item in items:
        # A display method may show anything it likes; what it sorts by is a lookup like any other.
        if isinstance(item, str) and _is_field_path(model_admin.model, item):
            yield item
        elif name := _sorted_by(model_admin, item):
            yield name


def _field_paths(model_admin, names):
    for name in names:
        if isinstance(name, str) and _is_field_path(model_admin.model, name):
            yield name


_OPTIONS = {
    "search_fields": _search_paths,
    "list_filter": _filter_paths,
    "ordering": _ordering_paths,
    "date_hierarchy": lambda model_admin, name: [name] if name else [],
    "list_display": _column_paths,
    "list_display_links": _column_paths,
    "list_editable": _column_paths,
    "sortable_by": _column_paths,
    "readonly_fields": _field_paths,
    "autocomplete_fields": _field_paths,
    "raw_id_fields": _field_paths,
}


def _form_fields(model_admin):
    if model_admin.fieldsets:
        yield "fieldsets", [name for _title, options in model_admin.fieldsets
                            for name in _flatten(options.get("fields", ()))]
    elif model_admin.fields:
        yield "fields", list(_flatten(model_admin.fields))
    elif not _decides_its_fields(model_admin):
        # Without fields or fieldsets the form holds every editable field but those excluded.
        meta = getattr(model_admin.form, "_meta", None)
        only = getattr(meta, "fields", None)
        excluded = {*(model_admin.exclude or ()), *(getattr(meta, "exclude", None) or ())}
        opts = model_admin.model._meta
        yield "the form's fields", [
            field.name for field in [*opts.concrete_fields, *opts.many_to_many]
            if field.editable and field.name not in excluded and (only in (None, "__all__") or field.name in only)
        ]


def _decides_its_fields(model_admin) -> bool:
    # An admin that computes its form's fields per request (django-otp's device admins) cannot be read here.
    return any(getattr(type(model_admin), name) is not getattr(BaseModelAdmin, name)
               for name in ("get_fields", "get_fieldsets"))


def _flatten(names):
    for name in names:
        if isinstance(name, (list, tuple)):
            yield from name
        else:
            yield name


def _is_field_path(model, name: str) -> bool:
    first = name.split(LOOKUP_SEP, 1)[0]
    try:
        model._meta.get_field(first)
    except FieldDoesNotExist:
        return first == "pk"
    return True


def _sorted_by(model_admin, item) -> str | None:
    """What a list_display entry that is not a field sorts by (its admin_order_field), if anything."""
    attr = item if callable(item) else getattr(model_admin, item, None) or getattr(model_admin.model, item, None)
    if isinstance(attr, property):
        attr = attr.fget
    return _ordering_name(getattr(attr, "admin_order_field", None))


def _ordering_name(item) -> str | None:
    """The field path an ordering entry sorts by: "-filed_at", F("filed_at").desc() and the like."""
    expression = getattr(item, "expression", item)
    name = expression if isinstance(expression, str) else getattr(expression, "name", None)
    if not name or name == "?":
        return None
    return name.lstrip("-")
