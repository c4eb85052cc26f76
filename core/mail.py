"""Every e-mail of the site: rendered in Russian now, sent by a task after commit.

`send_mail` renders `<prefix>_subject.txt`, `<prefix>_message.txt` and (if it
exists) `<prefix>_message.html` with the society's context, stores an
`OutgoingMail` and, once the caller's transaction commits, enqueues
`core.tasks.send_mail_task` with the stored mail's id. The task sends, records
the outcome and the attempts; a failure is logged and never reaches the caller.
Apps add shared context (the society's name and contacts) through the
`register_mail_context` hook: `fn(site) -> dict`.
"""

import logging
import smtplib
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .audit import audit_log
from .errors import DomainError
from .models import OutgoingMail
from .signals import mail_failed, mail_sent

logger = logging.getLogger(__name__)

ERROR_LIMIT = 2000


class MailError(DomainError):
    """A stored mail cannot be handled as asked (e.g. sent again once sent)."""


def site_base_url():
    """`https://host` of the site, from settings (SITE_BASE_URL), for mail links."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def default_site():
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).first()


def mail_context(site=None):
    """What every mail's templates may use: `base_url` and what apps contribute."""
    site = site or default_site()
    context = {"base_url": site_base_url()}
    for fn in hooks.get_hooks("register_mail_context"):
        context.update(fn(site) or {})
    return context


def render(*, template_prefix, context):
    """(subject, text, html) rendered in the site's language; html may be ""."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"{template_prefix}_subject.txt", context).splitlines()
        ).strip()
        text = render_to_string(f"{template_prefix}_message.txt", context).strip()
        try:
            html = render_to_string(f"{template_prefix}_message.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject, text, html


def about_key(instance):
    """`("app_label.model", "pk")` naming what a mail is about."""
    if instance is None:
        return "", ""
    return instance._meta.label_lower, str(instance.pk)


def send_mail(*, to, template_prefix, context, about=None):
    """Render and store a mail to `to` (an address or a list); send it after commit.

    `about` (optional, a saved model instance) lets its app react when the mail is
    sent or fails (`core.signals.mail_sent` / `mail_failed`). Returns the stored mail.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    subject, text, html = render(
        template_prefix=template_prefix, context={**mail_context(), **context}
    )
    about_type, about_id = about_key(about)
    mail = OutgoingMail.objects.create(
        to=recipients,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        template_prefix=template_prefix,
        about_type=about_type,
        about_id=about_id,
    )
    transaction.on_commit(partial(enqueue, mail.pk))
    return mail


def enqueue(mail_id):
    """Hand the stored mail to the task backend; a broken queue is logged and the
    mail stays queued (`manage.py send_queued_mail` picks it up)."""
    from .tasks import send_mail_task

    try:
        send_mail_task.enqueue(mail_id)
    except Exception:
        logger.exception("Could not enqueue stored mail %s", mail_id)


def deliver(mail_id):
    """Send stored mail `mail_id` once (the task's body); True when it was sent.

    Claims the row first, so two workers never send the same mail; a mail already
    sent or being sent is left alone.
    """
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(
        pk=mail_id, status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.FAILED]
    ).update(
        status=OutgoingMail.Status.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
    )
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(
        mail.subject, mail.body_text, settings.DEFAULT_FROM_EMAIL, mail.to
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    try:
        message.send()
    except Exception as error:
        logger.exception(
            "Could not send stored mail %s (%s)", mail.pk, mail.template_prefix
        )
        mail.status = OutgoingMail.Status.FAILED
        mail.last_error = f"{type(error).__name__}: {error}"[:ERROR_LIMIT]
        mail.save(update_fields=["status", "last_error"])
        _notify(mail_failed, mail)
        schedule_retry(mail, error)
        return False
    mail.status = OutgoingMail.Status.SENT
    mail.sent_at = timezone.now()
    mail.last_error = ""
    # Links in the body (activation, password reset) must not stay readable.
    mail.body_text = ""
    mail.body_html = ""
    mail.save(
        update_fields=["status", "sent_at", "last_error", "body_text", "body_html"]
    )
    _notify(mail_sent, mail)
    return True


def is_transient(error):
    """Worth trying again soon: the server was unreachable, slow or said "later"
    (4xx). A refused address or bad credentials (5xx) is not; staff resend those."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, smtplib.SMTPServerDisconnected | OSError)


def schedule_retry(mail, error):
    """After a passing failure, send again later (MAIL_RETRY_DELAYS) when the task
    backend can defer (RQ); with the immediate backend `send_queued_mail` retries.
    Returns True when a retry was scheduled."""
    from .tasks import send_mail_task

    delays = settings.MAIL_RETRY_DELAYS
    if not is_transient(error) or mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        return False
    if not send_mail_task.get_backend().supports_defer:
        return False
    delay = delays[min(mail.attempts, len(delays)) - 1]
    run_after = timezone.now() + timezone.timedelta(seconds=delay)
    try:
        send_mail_task.using(run_after=run_after).enqueue(mail.pk)
    except Exception:
        logger.exception("Could not schedule a retry of stored mail %s", mail.pk)
        return False
    return True


def _notify(signal, mail):
    for receiver, result in signal.send_robust(sender=OutgoingMail, mail=mail):
        if isinstance(result, Exception):
            logger.error(
                "Mail signal receiver %s failed for mail %s: %r",
                receiver,
                mail.pk,
                result,
            )


def mail_resend(*, mail, actor):
    """Staff: send a failed mail again (audited)."""
    if not (actor.is_active and actor.has_perm("core.change_outgoingmail")):
        raise MailError(_("Only staff can send an e-mail again."))
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
        if mail.status != OutgoingMail.Status.FAILED:
            raise MailError(_("Only an e-mail that failed can be sent again."))
        mail.status = OutgoingMail.Status.QUEUED
        mail.save(update_fields=["status"])
        audit_log(
            action="core.mail.resent",
            actor=actor,
            target=mail,
            data={"attempts": mail.attempts},
        )
        transaction.on_commit(partial(enqueue, mail.pk))
    return mail


def requeue_unsent(*, max_attempts=None, older_than=None):
    """Enqueue again queued mails and failed ones with attempts left; returns the
    count. For a periodic job (`manage.py send_queued_mail`)."""
    max_attempts = max_attempts or getattr(settings, "MAIL_MAX_ATTEMPTS", 5)
    older_than = older_than or timezone.now() - timezone.timedelta(minutes=5)
    ids = list(
        OutgoingMail.objects.filter(
            status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.FAILED],
            attempts__lt=max_attempts,
            created_at__lt=older_than,
        ).values_list("pk", flat=True)
    )
    for mail_id in ids:
        enqueue(mail_id)
    return len(ids)
