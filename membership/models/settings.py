"""The dues: how much, which period a payment buys, provisional access, quorum."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.dates import MONTHS_ALT
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# "1 декабря": the genitive month names Django already translates ("alt. month").
MONTHS = list(MONTHS_ALT.items())


@register_setting(icon="tag")
class DuesSettings(BaseSiteSetting):
    """The society's dues and the rules around them, edited by staff in the admin.

    A payment buys a calendar year: the current one, or the next one when it is made
    on or after the cut-off day (1 December by default).
    """

    fee = models.DecimalField(
        _("annual fee, ₽"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("1500.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    next_year_from_month = models.PositiveSmallIntegerField(
        _("month"), choices=MONTHS, default=12
    )
    next_year_from_day = models.PositiveSmallIntegerField(
        _("day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    provisional_access = models.BooleanField(
        _("provisional access while the first receipt is checked"),
        default=False,
        help_text=_(
            "An approved applicant whose first receipt is under review is treated "
            "as a member until staff decide; a rejected receipt ends it at once."
        ),
    )
    votes_needed = models.PositiveSmallIntegerField(
        _("Presidium votes needed to approve"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )

    panels = [
        FieldPanel("fee"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("next_year_from_day"),
                        FieldPanel("next_year_from_month"),
                    ]
                )
            ],
            heading=_("From this day a payment covers the next calendar year"),
        ),
        FieldPanel("provisional_access"),
        FieldPanel("votes_needed"),
    ]

    class Meta:
        verbose_name = _("dues")

    def clean(self):
        super().clean()
        try:
            # 2001 is not a leap year: 29 February would be skipped in most years.
            datetime.date(2001, self.next_year_from_month, self.next_year_from_day)
        except (TypeError, ValueError):
            raise ValidationError(
                {"next_year_from_day": _("There is no such day in this month.")}
            ) from None

    def period_for(self, day):
        """(first day, last day) of the calendar year a payment made on `day` buys."""
        cutoff = datetime.date(
            day.year, self.next_year_from_month, self.next_year_from_day
        )
        year = day.year + 1 if day >= cutoff else day.year
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
