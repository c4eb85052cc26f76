"""The audit trail: who did what to whom and when, stored in Wagtail's log.

Entries are Wagtail log entries (`wagtail.models.ModelLogEntry`, or `PageLogEntry`
for pages), so every decision shows in the admin's History views and in the Site
history report. Each app registers its actions and their labels in its own
`wagtail_hooks.py`:

    @hooks.register("register_log_actions")
    def register_credits_actions(actions):
        actions.register_action(
            "credits.code.redeemed", _("Credit code redeemed"), _("Credit code redeemed")
        )

Action names are `"<app>.<thing>.<verb>"`. Logging an unregistered action raises.
The person concerned and the client's IP travel inside the entry's `data`
(`"target_user"` as a string id, `"ip"`); `entries_for_user` reads a person's history.
"""

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, Page

TARGET_USER_KEY = "target_user"
IP_KEY = "ip"


class UnregisteredActionError(LookupError):
    """An audit entry was logged for an action no app registered."""


def audit_log(
    *,
    action,
    actor=None,
    target=None,
    target_user=None,
    data=None,
    ip=None,
    title=None,
):
    """Record one audit entry; call it inside the service's transaction.

    `target` is the object acted on (the person concerned when omitted);
    `target_user` is the person the entry belongs to in their history. `title`
    names the object in the admin's history; by default it carries no personal
    data ("Member profile #12"; a page's own title).
    """
    if not log_registry.action_exists(action):
        raise UnregisteredActionError(
            f"Audit action {action!r} is not registered: register it with the "
            "register_log_actions hook in the app's wagtail_hooks.py."
        )
    instance = target if target is not None else target_user
    if instance is None or instance.pk is None:
        raise ValueError("audit_log needs a saved target or target_user.")
    payload = dict(data or {})
    if target_user is not None:
        payload[TARGET_USER_KEY] = str(target_user.pk)
    if ip:
        payload[IP_KEY] = ip
    return log(
        instance,
        action,
        user=actor if actor is not None and actor.pk else None,
        title=title or default_title(instance),
        data=payload,
    )


def default_title(instance):
    """How the history names `instance` without personal data: a page by its title,
    anything else by its kind and number, in the site's language."""
    if isinstance(instance, Page):
        return instance.specific_deferred.get_admin_display_title()
    with translation.override(settings.LANGUAGE_CODE):
        return f"{capfirst(instance._meta.verbose_name)} #{instance.pk}"


def entries_for_user(user):
    """The person's history (entries logged with `target_user=user`), newest first.

    Only model log entries: page actions belong to the page's own history.
    """
    return (
        ModelLogEntry.objects.filter(**{f"data__{TARGET_USER_KEY}": str(user.pk)})
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )


def action_label(action):
    """The registered label of `action`, or the action itself if unknown."""
    if not log_registry.action_exists(action):
        return action
    return log_registry.get_action_label(action)
