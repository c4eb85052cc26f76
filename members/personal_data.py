"""What the members app holds about a person, for "Мои данные", the archive and
account closure (see core.personal_data)."""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit import TARGET_USER_KEY, action_label, entries_for_user
from core.personal_data import Category, register

from .models import Consent, MemberProfile, PersonalCode, User


def _initial(value):
    value = (value or "").strip()
    return f"{value[0]}." if value else ""


def closed_email(user):
    """The address a closed account keeps: unique, undeliverable, no personal data."""
    return f"closed-{user.pk}@invalid"


def _anonymise_account(user):
    """Names become initials (the public certificate check shows only those), the
    address becomes undeliverable, the password unusable."""
    user = User.objects.get(pk=user.pk)
    for name in ("last_name", "first_name", "patronymic"):
        setattr(user, name, _initial(getattr(user, name)))
    user.email = closed_email(user)
    user.is_active = False
    user.set_unusable_password()
    user.save()
    removed, _detail = EmailAddress.objects.filter(user=user).delete()
    return 1 + removed


def _history_row(entry):
    """One entry of the person's history; the IP address only when the person did
    it themselves (a board member's approval or a staff scan keeps theirs)."""
    data = entry.data or {}
    own = entry.user_id is not None and str(entry.user_id) == str(
        data.get(TARGET_USER_KEY)
    )
    return {
        "timestamp": entry.timestamp,
        "action": str(action_label(entry.action)),
        "ip": data.get("ip", "") if own else "",
    }


def _delete(model):
    def anonymise(user):
        deleted, _detail = model.objects.filter(user=user).delete()
        return deleted

    return anonymise


register(
    Category(
        name="members.account",
        label=_("Account"),
        order=10,
        queryset=lambda user: User.objects.filter(pk=user.pk),
        row=lambda user: {
            "last_name": user.last_name,
            "first_name": user.first_name,
            "patronymic": user.patronymic,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        columns={
            "last_name": _("Last name"),
            "first_name": _("First name"),
            "patronymic": _("Patronymic"),
            "email": pgettext_lazy("address", "E-mail"),
            "date_joined": _("Registered"),
            "last_login": _("Last login"),
        },
        anonymise=_anonymise_account,
        kept=_("Initials only, with the records the society must keep."),
    )
)

register(
    Category(
        name="members.emails",
        label=_("E-mail addresses"),
        order=11,
        queryset=lambda user: EmailAddress.objects.filter(user=user).order_by("pk"),
        row=lambda address: {
            "email": address.email,
            "verified": address.verified,
            "primary": address.primary,
        },
        columns={
            "email": pgettext_lazy("address", "E-mail"),
            "verified": _("Confirmed"),
            "primary": _("Main address"),
        },
        covers=("account.EmailAddress.user",),
        kept=_("Deleted when the account is closed."),
    )
)

register(
    Category(
        name="members.profile",
        label=_("Profile"),
        order=20,
        queryset=lambda user: MemberProfile.objects.filter(user=user).select_related(
            "specialty"
        ),
        row=lambda profile: {
            "phone": profile.phone_display,
            "city": profile.city,
            "specialty": str(profile.specialty),
            "workplace": profile.workplace,
            "position": profile.position,
            "academic_degree": profile.get_academic_degree_display(),
            "updated_at": profile.updated_at,
        },
        columns={
            "phone": _("Phone"),
            "city": _("City or region"),
            "specialty": _("Specialty"),
            "workplace": _("Place of work"),
            "position": _("Position"),
            "academic_degree": _("Academic degree"),
            "updated_at": _("Changed"),
        },
        covers=("members.MemberProfile.user",),
        anonymise=_delete(MemberProfile),
        kept=_("Deleted when the account is closed."),
    )
)

register(
    Category(
        name="members.code",
        label=_("Personal code"),
        order=25,
        queryset=lambda user: PersonalCode.objects.filter(user=user),
        row=lambda code: {"code": code.display, "issued_at": code.issued_at},
        columns={
            "code": pgettext_lazy("personal code", "Code"),
            "issued_at": _("Issued"),
        },
        covers=("members.PersonalCode.user",),
        anonymise=_delete(PersonalCode),
        kept=_("Deleted when the account is closed."),
    )
)

register(
    Category(
        name="members.consents",
        label=_("Consents to the processing of personal data"),
        order=30,
        queryset=lambda user: Consent.objects.filter(user=user).order_by("-created_at"),
        row=lambda consent: {
            "version": consent.version,
            "created_at": consent.created_at,
            "ip": consent.ip or "",
        },
        columns={
            "version": _("Version of the text"),
            "created_at": _("Given at"),
            "ip": _("IP address"),
        },
        covers=("members.Consent.user",),
        kept=_("Kept as proof of what was agreed to and when."),
    )
)

register(
    Category(
        name="members.history",
        label=_("Logins and account history"),
        order=90,
        queryset=entries_for_user,
        row=_history_row,
        columns={
            "timestamp": _("When"),
            "action": pgettext_lazy("history", "What"),
            "ip": _("IP address"),
        },
        kept=_("Kept in the society's audit trail."),
    )
)
