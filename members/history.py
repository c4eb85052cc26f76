"""A person's history as staff read it on the People screen."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from core.audit import entries_for_user

from .codes import format_code
from .models import MemberProfile, User

HISTORY_LIMIT = 50


def person_history(user, limit=HISTORY_LIMIT):
    """The newest entries of `user`'s history with their details in words."""
    return [
        {
            "at": entry.timestamp,
            "action": entry.message,
            "by": entry.user_display_name if entry.user_id else "—",
            "details": entry_details(entry.data),
        }
        for entry in entries_for_user(user)[:limit]
    ]


def entry_details(data):
    """An entry's `data` in words, e.g. «Код заменён: GP8N-R8YF → S35K-G5ST»."""
    data = {k: v for k, v in (data or {}).items() if k not in {"target_user", "ip"}}
    if "old_code" in data and "new_code" in data:
        return _("Code replaced: %(old)s → %(new)s") % {
            "old": format_code(data["old_code"]),
            "new": format_code(data["new_code"]),
        }
    if "fields" in data:
        return _("Fields: %(fields)s") % {
            "fields": ", ".join(_field_label(name) for name in data["fields"])
        }
    if "from_email" in data or "to_email" in data:
        return _("%(old)s → %(new)s") % {
            "old": data.get("from_email") or "—",
            "new": data.get("to_email") or "—",
        }
    if "email" in data:
        return _("Address: %(email)s") % {"email": data["email"]}
    if "consent_version" in data:
        return _("Consent text version: %(version)s") % {
            "version": data["consent_version"]
        }
    return "; ".join(f"{key}: {value}" for key, value in data.items())


def _field_label(name):
    """A changed field's name as the forms show it (the model's verbose name)."""
    for model in (User, MemberProfile):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name
