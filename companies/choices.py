"""The fields of business and the ministries the public form offers, kept in the cache: the form is the
page the open internet loads and posts, and they change a few times a year, in the admin. Every save or
deletion of a Field or an Organization drops the cached copy, and again once its transaction commits
(connected in apps.py), so the next form reads them afresh; CHOICES_SECONDS bounds a change made around the ORM."""

import logging

from django.core.cache import cache
from django.db import transaction

from .models import Field, Organization

log = logging.getLogger(__name__)

CACHE_KEY = "companies:public-choices:v1"
CHOICES_SECONDS = 10 * 60
COLUMNS = ("id", "name", "name_en")


def public_choices() -> dict[str, list[tuple]]:
    """{"fields": the active fields, "ministries": the ministries}, each as (id, name, name_en) rows in the
    order the form lists them. Read from the database when the cache holds none or does not answer."""
    try:
        choices = cache.get(CACHE_KEY)
    except Exception:  # noqa: BLE001 - any cache backend's connection error: the database answers instead
        log.warning("The form's choices were read without the cache: it is unavailable", exc_info=True)
        return _read()
    if choices is None:
        choices = _read()
        try:
            cache.set(CACHE_KEY, choices, CHOICES_SECONDS)
        except Exception:  # noqa: BLE001 - as above
            log.warning("The form's choices could not be cached", exc_info=True)
    return choices


def _read() -> dict[str, list[tuple]]:
    return {
        "fields": list(Field.objects.filter(is_active=True).values_list(*COLUMNS)),
        "ministries": list(Organization.objects.filter(kind=Organization.Kind.MINISTRY).values_list(*COLUMNS)),
    }


def row_instance(model, row: tuple):
    """The model instance of a cached row, as a query would have loaded it with only these columns."""
    return model.from_db(model.objects.db, list(COLUMNS), row)


def choices_changed(**_signal) -> None:
    """post_save and post_delete of Field and Organization: dropped at once, and again after the commit (a
    form read meanwhile saw the rows as they were, and may have cached them)."""
    _forget()
    transaction.on_commit(_forget)


def _forget() -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception:  # noqa: BLE001 - a cache that does not answer keeps its copy CHOICES_SECONDS at most
        log.warning("The form's cached choices could not be dropped", exc_info=True)
