"""Settings editors change in the admin: the НМО requirements and the certificate."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="pick")
class CreditSettings(BaseGenericSetting):
    """How many credits a cycle needs, where members learn about the НМО portal, and
    how long codes stay valid and when reminders go out."""

    cycle_requirement = models.DecimalField(
        _("credits needed per cycle"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("250"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    yearly_requirement = models.DecimalField(
        _("credits expected per year"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    cycle_years = models.PositiveSmallIntegerField(
        _("years in a cycle"), default=5, validators=[MinValueValidator(1)]
    )
    code_valid_days = models.PositiveSmallIntegerField(
        _("codes stay valid after the event (days)"), default=30
    )
    nmo_portal_url = models.URLField(
        _("НМО portal address"), default="https://edu.rosminzdrav.ru/"
    )
    nmo_guide = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("guide to the НМО portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown next to each НМО code in the cabinet."),
    )
    nmo_reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before the НМО deadline"), default=7
    )
    nmo_deadline_days = models.PositiveSmallIntegerField(
        _("default time to enter НМО codes after the event (days)"), default=30
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("cycle_requirement"),
                FieldPanel("yearly_requirement"),
                FieldPanel("cycle_years"),
            ],
            heading=_("Requirements"),
        ),
        FieldPanel("code_valid_days"),
        MultiFieldPanel(
            [
                FieldPanel("nmo_portal_url"),
                FieldPanel("nmo_guide"),
                FieldPanel("nmo_deadline_days"),
                FieldPanel("nmo_reminder_days"),
            ],
            heading=_("НМО codes"),
        ),
    ]

    class Meta:
        verbose_name = _("CME credits")


@register_setting(icon="doc-full")
class CertificateSettings(BaseGenericSetting):
    """What a certificate of attendance says besides the member's data."""

    issuer = models.CharField(
        _("issued by"),
        max_length=255,
        blank=True,
        help_text=_("The society's full name; the site name when empty."),
    )
    heading = models.CharField(
        _("heading"),
        max_length=100,
        blank=True,
        help_text=_("«Certificate of attendance» when empty."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signatory_title = models.CharField(
        _("position of the signatory"), max_length=150, blank=True
    )
    note = models.CharField(
        _("note at the bottom"),
        max_length=300,
        blank=True,
        help_text=_("For example, the accreditation number of the event."),
    )

    panels = [
        FieldPanel("issuer"),
        FieldPanel("heading"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title")],
            heading=_("Signature"),
        ),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("certificate layout")
