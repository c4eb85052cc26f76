"""Reads that views, the admin and other apps (events, credits) share."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from .codes import normalize_code, normalize_phone
from .models import PersonalCode, User


def member_get_by_code(*, code):
    """The member a typed personal code belongs to (any case, with or without dash)."""
    personal_code = (
        PersonalCode.objects.select_related("user", "user__profile")
        .filter(code=normalize_code(code))
        .first()
    )
    return personal_code.user if personal_code else None


def member_get_by_qr_token(*, token):
    """The member whose printed QR carries `token`."""
    personal_code = (
        PersonalCode.objects.select_related("user", "user__profile")
        .filter(qr_token=token or "")
        .first()
    )
    return personal_code.user if personal_code else None


def member_cabinet_data(*, user):
    """What the cabinet pages show about the logged-in person, in one query."""
    return (
        User.objects.select_related("profile__specialty", "personal_code")
        .filter(pk=user.pk)
        .first()
    )


def people_search_q(query, *, user_prefix="", profile_prefix="profile__"):
    """A filter matching names, e-mail, personal code or phone for staff search.

    Prefixes say how to reach the user and the profile from the model searched
    (defaults: searching users).
    """
    query = (query or "").strip()
    if not query:
        return Q()
    u, p = user_prefix, profile_prefix
    q = Q()
    for word in query.split():
        q &= (
            Q(**{f"{u}last_name__icontains": word})
            | Q(**{f"{u}first_name__icontains": word})
            | Q(**{f"{u}patronymic__icontains": word})
            | Q(**{f"{u}email__icontains": word})
        )
    code = normalize_code(query)
    if len(code) >= 4:
        q |= Q(**{f"{u}personal_code__code__icontains": code})
    try:
        q |= Q(**{f"{p}phone": normalize_phone(query)})
    except ValidationError:  # not a whole phone number: try the digits typed
        digits = "".join(ch for ch in query if ch.isdigit())
        if len(digits) >= 4:
            q |= Q(**{f"{p}phone__contains": digits})
    return q


def activation_address_get(*, user):
    """The address the activation e-mail goes to: the primary one, an unconfirmed
    one first; None when the person has no EmailAddress row yet."""
    from allauth.account.models import EmailAddress

    return (
        EmailAddress.objects.filter(user=user).order_by("-primary", "verified").first()
    )


def activation_pending(*, user):
    """Whether staff may send the activation e-mail again (the address is not
    confirmed yet)."""
    address = activation_address_get(user=user)
    return address is None or not address.verified
