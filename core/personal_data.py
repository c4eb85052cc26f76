"""The registry of personal-data categories: what each app holds about a person.

Each app describes what it keeps about a person in its own `personal_data.py`
(found by `autodiscover()`, like Django's admin modules)::

    from core.personal_data import Category, register

    register(Category(
        name="payments.payments",
        label=_("Payments"),
        queryset=lambda user: Payment.objects.filter(user=user),
        row=lambda payment: {"amount": payment.amount, ...},
        columns={"amount": _("Amount"), ...},
        covers=("payments.Payment.user",),
        anonymise=..., retention=..., files=...,
    ))

The "Мои данные" section, the archive, account closure and the retention job are
built from this one table, so a model that names a person without a category here is
found by a test walking the models' foreign keys to the user model. Core knows no
app: it only holds the table.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class FileRef:
    """One stored file of a person: its name inside the archive and the file."""

    name: str
    file: Any  # a FieldFile (its storage and name are used, nothing else)


@dataclass(frozen=True)
class Category:
    """One kind of personal data an app holds, and what happens to it.

    - `queryset(user)`: the person's rows (select what `row` needs: listings
      stay at a constant number of queries);
    - `row(obj) -> dict`: one row, keys as in `columns` (values: str, numbers,
      dates, datetimes, bools, None);
    - `files(user) -> iterable of FileRef`: files the person uploaded;
    - `anonymise(user) -> int`: at account closure, what may not be kept is
      destroyed or made anonymous now; returns how many things changed;
    - `retention(user, closure) -> int`: called daily by `privacy_retention`
      once the closure's accounting period has ended; must be idempotent;
    - `covers`: the `"app_label.Model.field"` foreign keys to the user this
      category describes; `actor_fields`: foreign keys naming the staff member
      who acted on a record (kept with the record, not the person's own data).
    """

    name: str
    label: str
    queryset: Callable
    row: Callable[[Any], dict]
    columns: dict
    order: int = 100
    covers: tuple = ()
    actor_fields: tuple = ()
    files: Callable[[Any], Iterable[FileRef]] | None = None
    anonymise: Callable[[Any], int] | None = None
    retention: Callable[[Any, Any], int] | None = None
    kept: str = ""
    description: str = ""
    extra: dict = field(default_factory=dict)


_registry: dict[str, Category] = {}
_discovered = False


def register(category):
    """Add `category` (a second registration under one name replaces the first)."""
    _registry[category.name] = category
    return category


def autodiscover():
    """Import every installed app's `personal_data` module once."""
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True


def categories():
    """Every registered category, in display order."""
    autodiscover()
    return sorted(_registry.values(), key=lambda c: (c.order, c.name))


def covered_fields():
    """Every `"app_label.Model.field"` some category names (own or actor)."""
    covered = set()
    for category in categories():
        covered.update(category.covers)
        covered.update(category.actor_fields)
    return covered
