"""Every state change of the members app, each shaped the same way.

guard → transaction.atomic → lock → change → save(update_fields) → audit entry
(core.audit) → e-mail stored through core.mail, which a task sends after commit (a
failed mail is recorded and never undoes the change).
"""

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.errors import DomainError

from . import codes, emails, selectors
from .models import (
    PROFILE_FIELDS,
    USER_NAME_FIELDS,
    Consent,
    ConsentPage,
    MemberProfile,
    PersonalCode,
    User,
)

CODE_MAIL_LIMIT = 3  # resends per member …
CODE_MAIL_WINDOW = 60 * 60  # … per hour


class MembersError(DomainError):
    """A rule of the members app forbids the requested change."""


def client_ip(request):
    """The client's IP as allauth determines it (trusted proxy header only)."""
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # misconfigured proxy header: record nothing, don't fail
        return None


def current_consent_page():
    """The live consent text people agree to at signup, if the editors made one."""
    return ConsentPage.objects.live().first()


def member_signup_complete(*, user, profile_data, names=None, consent_page, ip=None):
    """Store what the signup form collected besides the login: profile and consent.

    Runs right after allauth created `user`, in the signup form's transaction.
    """
    if consent_page is None:
        raise MembersError(_("No consent text is published."))
    if MemberProfile.objects.filter(user=user).exists():
        raise MembersError(_("This person already has a profile."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if names:
            for field, value in names.items():
                setattr(user, field, value)
            user.save(update_fields=list(names))
        profile = MemberProfile.objects.create(
            user=user, **{f: profile_data[f] for f in PROFILE_FIELDS}
        )
        consent = consent_record(user=user, page=consent_page, ip=ip)
        audit_log(
            action="members.member.registered",
            actor=user,
            target_user=user,
            target=profile,
            data={"consent_version": consent.version},
            ip=ip,
        )
    return profile


def consent_record(*, user, page, ip=None):
    """Record that `user` agreed to the consent text `page` and its version."""
    if page is None:
        raise MembersError(_("No consent text is published."))
    return Consent.objects.create(
        user=user, page=page, version=page.version_label, ip=ip
    )


def _new_personal_code(user):
    """Create a PersonalCode row, retrying if a concurrent one took the code."""
    for _attempt in range(5):
        code = codes.generate_unique_code(
            is_taken=lambda c: PersonalCode.objects.filter(code=c).exists()
        )
        try:
            with transaction.atomic():
                return PersonalCode.objects.create(
                    user=user, code=code, qr_token=codes.generate_qr_token()
                )
        except IntegrityError:
            if PersonalCode.objects.filter(user=user).exists():
                raise
            continue
    raise RuntimeError("Could not store a personal code.")


def _send_code_mail(personal_code, *, old_code=None):
    """Store the code letter now; core.mail sends it after commit."""
    personal_code = PersonalCode.objects.select_related("user").get(pk=personal_code.pk)
    emails.send_personal_code_email(personal_code=personal_code, old_code=old_code)


def personal_code_issue(*, user, request=None, notify=True):
    """Give `user` their personal code for life and mail it; idempotent.

    Called when the activation link is confirmed. A second confirmation (or a later
    e-mail change) finds the existing code and changes nothing.
    """
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        existing = PersonalCode.objects.filter(user=user).first()
        if existing is not None:
            return existing
        personal_code = _new_personal_code(user)
        audit_log(
            action="members.personal_code.issued",
            actor=user if request and request.user == user else None,
            target_user=user,
            target=personal_code,
            ip=client_ip(request),
        )
        if notify:
            _send_code_mail(personal_code)
    return personal_code


def personal_code_issue_for_verified(*, user, request=None):
    """Issue the code from the cabinet for an account whose e-mail is confirmed
    but that has no code (e.g. created by staff before this feature)."""
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise MembersError(_("Confirm your e-mail address first."))
    return personal_code_issue(user=user, request=request)


def personal_code_mail_resend(*, user, request=None):
    """Send the code e-mail again, at most CODE_MAIL_LIMIT times an hour."""
    personal_code = PersonalCode.objects.filter(user=user).first()
    if personal_code is None:
        raise MembersError(_("You do not have a personal code yet."))
    key = f"members:code-mail:{user.pk}"
    cache.add(key, 0, CODE_MAIL_WINDOW)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CODE_MAIL_WINDOW)
        sent = 1
    if sent > CODE_MAIL_LIMIT:
        raise MembersError(
            _("The e-mail was sent several times already. Please try again in an hour.")
        )
    with transaction.atomic():
        audit_log(
            action="members.personal_code.mail_resent",
            actor=user,
            target_user=user,
            target=personal_code,
            ip=client_ip(request),
        )
        _send_code_mail(personal_code)
    return personal_code


def personal_code_regenerate(*, personal_code, expected_code, actor, request=None):
    """Replace a member's code and QR token (staff only, audited) and mail the new one.

    For a code that leaked or was written down wrongly; the old code stops working.
    `expected_code` is the code staff saw when they confirmed: if it was replaced
    meanwhile (a double click, two staff at once) nothing changes.
    """
    # has_perm is False for an inactive account, so this also refuses those.
    if not actor.has_perm("members.change_personalcode"):
        raise MembersError(_("Only staff can replace a personal code."))
    with transaction.atomic():
        personal_code = PersonalCode.objects.select_for_update().get(
            pk=personal_code.pk
        )
        if personal_code.code != codes.normalize_code(expected_code):
            raise MembersError(
                _(
                    "The code was already changed; the member has the code %(code)s "
                    "now. Nothing was changed this time."
                )
                % {"code": personal_code.display}
            )
        old = personal_code.code
        _replace_code(personal_code)
        audit_log(
            action="members.personal_code.regenerated",
            actor=actor,
            target_user=personal_code.user,
            target=personal_code,
            data={"old_code": old, "new_code": personal_code.code},
            ip=client_ip(request),
        )
        _send_code_mail(personal_code, old_code=old)
    return personal_code


def _replace_code(personal_code):
    """Give a locked PersonalCode a fresh code and token, issued now (the mail
    state starts over for the new code); retry if a concurrent change took the
    code between the check and the save."""
    personal_code.issued_at = timezone.now()
    personal_code.mail_sent_at = None
    personal_code.mail_failed_at = None
    for _attempt in range(5):
        personal_code.code = codes.generate_unique_code(
            is_taken=lambda c: PersonalCode.objects.filter(code=c).exists()
        )
        personal_code.qr_token = codes.generate_qr_token()
        try:
            with transaction.atomic():
                personal_code.save(
                    update_fields=[
                        "code",
                        "qr_token",
                        "issued_at",
                        "mail_sent_at",
                        "mail_failed_at",
                    ]
                )
        except IntegrityError:
            continue
        return personal_code
    raise RuntimeError("Could not store a new personal code.")


def profile_update(*, user, data, actor=None, request=None):
    """Change the member's names and profile fields; records which ones changed.

    An account without a profile (a superuser made with `createsuperuser`, staff
    created in the admin) gets one here, made from `data`, and the audit entry says
    it was created.
    """
    actor = actor or user
    if actor.pk != user.pk and not actor.has_perm("members.change_memberprofile"):
        raise MembersError(_("You cannot change another person's profile."))
    with transaction.atomic():
        # The user row's lock also serialises two first saves of a missing profile.
        locked_user = User.objects.select_for_update().get(pk=user.pk)
        profile = MemberProfile.objects.select_for_update().filter(user=user).first()
        if profile is None:
            return _profile_create(
                user=locked_user, data=data, actor=actor, request=request
            )
        user_changed = [
            f
            for f in USER_NAME_FIELDS
            if f in data and getattr(locked_user, f) != data[f]
        ]
        profile_changed = [
            f for f in PROFILE_FIELDS if f in data and getattr(profile, f) != data[f]
        ]
        for field in user_changed:
            setattr(locked_user, field, data[field])
        for field in profile_changed:
            setattr(profile, field, data[field])
        if user_changed:
            locked_user.save(update_fields=user_changed)
        if profile_changed:
            profile.save(update_fields=[*profile_changed, "updated_at"])
        if user_changed or profile_changed:
            audit_log(
                action="members.profile.updated",
                actor=actor,
                target_user=locked_user,
                target=profile,
                data={"fields": user_changed + profile_changed},
                ip=client_ip(request),
            )
    return profile


def _profile_create(*, user, data, actor, request):
    """Part of profile_update: the first profile of an account that had none."""
    user_changed = [
        f for f in USER_NAME_FIELDS if f in data and getattr(user, f) != data[f]
    ]
    for field in user_changed:
        setattr(user, field, data[field])
    if user_changed:
        user.save(update_fields=user_changed)
    profile = MemberProfile.objects.create(
        user=user, **{f: data[f] for f in PROFILE_FIELDS if f in data}
    )
    audit_log(
        action="members.profile.created",
        actor=actor,
        target_user=user,
        target=profile,
        data={"fields": user_changed + [f for f in PROFILE_FIELDS if f in data]},
        ip=client_ip(request),
    )
    return profile


def activation_mail_resend(*, user, actor, request):
    """Staff: send the activation link again to a person who has not confirmed yet."""
    from allauth.account.models import EmailAddress

    if not actor.has_perm("members.change_memberprofile"):
        raise MembersError(_("Only staff can resend the activation e-mail."))
    address = selectors.activation_address_get(user=user)
    if address is None:
        address = EmailAddress.objects.create(
            user=user, email=user.email, primary=True, verified=False
        )
    if address.verified:
        raise MembersError(_("This e-mail address is already confirmed."))
    with transaction.atomic():
        audit_log(
            action="members.member.activation_resent",
            actor=actor,
            target_user=user,
            data={"email": address.email},
            ip=client_ip(request),
        )
        # allauth builds the link from the request now; the adapter stores the
        # mail through core.mail, which sends it after commit.
        address.send_confirmation(request, signup=True)
    return address


ACCOUNT_EVENTS = {
    "password_changed",
    "password_set",
    "password_reset",
    "email_added",
    "email_confirmed",
    "email_changed",
    "email_removed",
}


def account_event_record(*, event, user, request=None, data=None):
    """Audit a login-account event that allauth handled (password, e-mail change).

    allauth owns these changes; this only records them in the person's history.
    """
    if event not in ACCOUNT_EVENTS:
        raise ValueError(f"Unknown account event: {event}")
    actor = getattr(request, "user", None) if request is not None else None
    if actor is None or not actor.is_authenticated:
        actor = user
    with transaction.atomic():
        return audit_log(
            action=f"members.account.{event}",
            actor=actor,
            target_user=user,
            data=data,
            ip=client_ip(request),
        )
