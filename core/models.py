"""Shared models with no domain of their own: the specialty list, stored mail and
files prepared for staff in the background."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .storage import private_storage


class Specialty(index.Indexed, models.Model):
    """A medical specialty (urology, oncology …): one managed list for the whole site.

    Events state which specialties their credits count for; members state their own.
    Moved here from `events` keeping its table.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=False)
    sort_order = models.PositiveIntegerField(_("order"), default=100)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive specialties stay on old records but are not offered."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        db_table = "events_specialty"
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class OutgoingMail(models.Model):
    """One e-mail the site sends: rendered when the change happens, sent by a task.

    The task gets only this row's id. A failure is recorded here (and can be sent
    again by staff); it never undoes the change that caused the mail. The bodies
    are cleared once the mail is sent: links in them (password reset, activation)
    must not stay readable in the database.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    template_prefix = models.CharField(_("template"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # What the mail is about, so its app can react when it is sent or fails.
    about_type = models.CharField(max_length=100, blank=True)
    about_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["about_type", "about_id"])]

    def __str__(self):
        return self.subject

    @property
    def recipients_display(self):
        return ", ".join(self.to or [])


class StaffExport(models.Model):
    """A file prepared for a staff member in the background (a CSV/XLSX export, a
    sheet of code cards): requested in the admin, built by a task, downloaded from
    private storage by the person who asked for it while they still hold the right.

    What can be prepared is the registry in `core.exports` (each app registers its
    kinds); this row only records one request and its outcome. The file expires
    after `STAFF_EXPORT_KEEP_DAYS` and `manage.py purge_staff_exports` deletes it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("prepared file", "Queued")
        RUNNING = "running", pgettext_lazy("prepared file", "Being prepared")
        READY = "ready", pgettext_lazy("prepared file", "Ready")
        FAILED = "failed", pgettext_lazy("prepared file", "Failed")

    #: The only changes of status (made by core.exports, never by hand).
    TRANSITIONS = {
        Status.QUEUED: {Status.RUNNING, Status.FAILED},
        Status.RUNNING: {Status.READY, Status.FAILED},
        Status.READY: set(),
        Status.FAILED: set(),
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=100)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
    )
    file = models.FileField(storage=private_storage, max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)

    class Meta:
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return self.filename or f"{self._meta.verbose_name} {self.pk}"
