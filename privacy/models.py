"""Requests about personal data, download archives and closed accounts."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.storage import private_storage


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access to my data")
    CORRECTION = "correction", _("Correction of my data")
    WITHDRAWAL = "withdrawal", _("Withdrawal of consent")
    DELETION = "deletion", _("Deletion of my data")


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("data request", "Open")
    DONE = "done", pgettext_lazy("data request", "Done")


class DataRequest(models.Model):
    """A person's request under 152-ФЗ, answered by staff within 10 working days.

    `due_on` is counted on the production calendar when the request arrives. One
    open request of each kind per person (a partial unique index).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="data_requests",
    )
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
        db_index=True,
    )
    details = models.TextField(_("details"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    due_on = models.DateField(_("answer due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    response = models.TextField(_("answer"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["due_on", "pk"]
        permissions = [("handle_datarequest", _("Can handle personal data requests"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(status="open"),
                name="privacy_one_open_request_per_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


def new_token():
    return secrets.token_urlsafe(32)


class ArchiveStatus(models.TextChoices):
    BUILDING = "building", pgettext_lazy("archive", "Being prepared")
    READY = "ready", pgettext_lazy("archive", "Ready")
    FAILED = "failed", pgettext_lazy("archive", "Failed")


class DataArchive(models.Model):
    """A zip of everything the site holds about `user`, for `requested_by` (the
    person, or staff answering a request by post): one download, within 24 hours.
    The file is deleted by `privacy_retention` once used or expired."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="data_archives",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ArchiveStatus.choices,
        default=ArchiveStatus.BUILDING,
    )
    file = models.FileField(storage=private_storage, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link valid until"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)
    purged_at = models.DateTimeField(_("file deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("data archive")
        verbose_name_plural = _("data archives")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"


class AccountClosure(models.Model):
    """A closed account: when, by whom, and until when accounting records are kept.

    `retention_done_at` is set by `privacy_retention` once what was due at
    `retain_until` was carried out, so the job does the work once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="account_closure",
    )
    closed_at = models.DateTimeField(_("closed"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    retain_until = models.DateField(_("accounting records kept until"))
    retention_done_at = models.DateTimeField(
        _("retention carried out"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("closed account")
        verbose_name_plural = _("closed accounts")
        ordering = ["-closed_at"]

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"
