"""Consent text versions: who must accept the current text at their next login.

The consent text is members' `ConsentPage`; each accepted consent stores the
editors' version label with the live revision, e.g. `2025-01 (rev. 12)`. A new
*version* (the label editors change) asks everybody who accepted only older ones;
republishing the same version (a typo fixed) asks nobody.
"""

from django.db.models import Q

from members.services import consent_record, current_consent_page

SESSION_KEY = "privacy_consent_needed"
# The live version label the session's SESSION_KEY answer was computed for: a new
# version published while the session is open makes the answer stale.
VERSION_KEY = "privacy_consent_version"


LIVE_VERSION_KEY = "privacy:consent_version"
LIVE_VERSION_SECONDS = 10 * 60  # a backstop; publishing a consent page clears it


def live_version():
    """The live consent text's version label ("" if none), from the shared cache:
    one query after the consent page is published, unpublished or deleted (see
    signals), none otherwise."""
    from django.core.cache import cache

    label = cache.get(LIVE_VERSION_KEY)
    if label is None:
        page = current_consent_page()
        label = page.version if page is not None else ""
        cache.set(LIVE_VERSION_KEY, label, LIVE_VERSION_SECONDS)
    return label


def forget_live_version():
    """The consent page changed: forget its label now and again after commit (a
    request that read the old row meanwhile cannot keep it)."""
    from django.core.cache import cache
    from django.db import transaction

    cache.delete(LIVE_VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(LIVE_VERSION_KEY), robust=True)


def session_must_accept(request):
    """Whether the logged-in session must accept the live version first.

    Cheap on every request: the answer is kept in the session under the live
    version label and computed again only when that label changes."""
    session = request.session
    label = live_version()
    if session.get(VERSION_KEY) != label:
        remember(session, request.user, label)
    return bool(session.get(SESSION_KEY))


def remember(session, user, label=None):
    """Compute whether `user` must accept the live version and keep it in `session`."""
    if label is None:
        label = live_version()
    needed = bool(label) and consent_needed(user) is not None
    session[VERSION_KEY] = label
    if needed:
        session[SESSION_KEY] = True
    else:
        session.pop(SESSION_KEY, None)


def accepted_current(user, page):
    """Whether `user` accepted version `page.version` of the text."""
    label = page.version
    return user.consents.filter(
        Q(version=label) | Q(version__startswith=f"{label} (")
    ).exists()


def consent_needed(user):
    """The live consent page if `user` accepted an older version but not this
    one, else None (accounts that never gave consent, e.g. staff made in the
    admin, are not asked)."""
    if not user.consents.exists():
        return None
    page = current_consent_page()
    if page is None or accepted_current(user, page):
        return None
    return page


def consent_accept(*, user, ip=None):
    """Record acceptance of the live text (members' service) and the audit entry."""
    from django.db import transaction

    from core.audit import audit_log

    page = current_consent_page()
    with transaction.atomic():
        consent = consent_record(user=user, page=page, ip=ip)
        audit_log(
            action="privacy.consent.accepted",
            actor=user,
            target_user=user,
            target=consent,
            data={"version": consent.version},
            ip=ip,
        )
    return consent
