"""The membership status shown at the door, from the membership app when present."""

from django.utils.translation import gettext as _


def membership_label(user):
    """«Member of the society» / «Not a member», or "" when membership is unknown.

    `membership.selectors.is_active_member` is the one access check of the site; the
    membership app may not be installed in every deployment, hence the soft import.
    """
    try:
        from membership.selectors import is_active_member
    except ImportError:
        return ""
    if is_active_member(user):
        return _("Member of the society")
    return _("Not a member of the society")
