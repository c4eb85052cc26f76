"""The programme of an event: days, each with its sessions, edited inline on the page."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class SessionBlock(blocks.StructBlock):
    """One item of a day: a lecture, a live surgery, a round table, a break."""

    start_time = blocks.TimeBlock(label=_("Starts at"))
    end_time = blocks.TimeBlock(label=_("Ends at"), required=False)
    title = blocks.CharBlock(
        label=pgettext_lazy("programme session", "Title"), max_length=255
    )
    speakers = blocks.CharBlock(
        label=_("Speakers"),
        required=False,
        max_length=500,
        help_text=_("Names and affiliations, separated by semicolons."),
    )
    hall = blocks.CharBlock(label=_("Hall"), required=False, max_length=100)

    class Meta:
        icon = "time"
        label = _("Session")

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_time"), value.get("end_time")
        if start and end and end < start:
            raise StructBlockValidationError(
                block_errors={
                    "end_time": ValidationError(
                        _("A session cannot end before it starts.")
                    )
                }
            )
        return value


class ProgrammeDayBlock(blocks.StructBlock):
    """A day of the programme with its sessions in time order."""

    date = blocks.DateBlock(label=_("Date"))
    title = blocks.CharBlock(
        label=_("Title of the day"),
        required=False,
        max_length=255,
        help_text=_("For example: “Day 1. Onco-urology”."),
    )
    sessions = blocks.ListBlock(SessionBlock(), label=_("Sessions"))

    class Meta:
        icon = "date"
        label = _("Day")


class ProgrammeBlock(blocks.StreamBlock):
    day = ProgrammeDayBlock()
