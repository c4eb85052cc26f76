"""Forms of the cabinet, the door check-in and the staff screens."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.time import local_today


class RedeemForm(forms.Form):
    """The code from a card, typed any way (see codes.normalize)."""

    code = forms.CharField(
        label=_("Code from the card"),
        help_text=_(
            "10 characters, e.g. K7MD9-QX4TR. Capitals, spaces and dashes don't matter."
        ),
        error_messages={"required": _("Enter the code from the card.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )

    def clean_code(self):
        from . import codes

        value = self.cleaned_data["code"]
        if codes.looks_like_personal_code(value):
            raise forms.ValidationError(
                _(
                    "This looks like your personal code (8 characters): it identifies "
                    "you at events. Here you enter the code from an event's card: "
                    "10 characters, e.g. K7MD9-QX4TR."
                ),
                code="personal_code",
            )
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CycleForm(forms.Form):
    cycle_start = forms.DateField(
        label=_("Start of your 5-year cycle"),
        required=False,
        help_text=_(
            "The date of your accreditation (or of the last one). Leave empty to count "
            "the last five years."
        ),
        widget=DateInput(),
    )

    def clean_cycle_start(self):
        value = self.cleaned_data["cycle_start"]
        if value and value > local_today():
            raise forms.ValidationError(_("The cycle start cannot be in the future."))
        if value and value.year < 1990:
            raise forms.ValidationError(_("Check the year."))
        return value


class PeriodForm(forms.Form):
    """A period for the transcript; both ends included."""

    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=pgettext_lazy("date range", "To"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period must end after it starts."))
            if (end - start).days > 366 * 30:
                raise forms.ValidationError(_("Choose a period of at most 30 years."))
        return cleaned


class CheckInForm(forms.Form):
    """A personal code typed at the door, or the token a scanned QR carries."""

    value = forms.CharField(
        label=_("Personal code"),
        max_length=200,
        help_text=_("8 characters from the member's card, e.g. K7MD-9QX4."),
        error_messages={"required": _("Enter the member's personal code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )


class GenerateCodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of codes"), min_value=1, max_value=10_000, initial=100
    )
    credits = forms.DecimalField(
        label=_("Credits per code"),
        required=False,
        min_value=0.01,
        max_digits=5,
        decimal_places=2,
        help_text=_("Leave empty to use the event's credits."),
    )
    valid_from = forms.DateTimeField(
        label=_("Valid from"),
        required=False,
        help_text=_("Moscow time; the event's start when empty."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    valid_until = forms.DateTimeField(
        label=_("Valid until"),
        required=False,
        help_text=_(
            "Moscow time; by default the end of the day 30 days after the event."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    label = forms.CharField(
        label=_("Label"),
        required=False,
        max_length=50,
        help_text=_("Printed on the cards, e.g. «день 2»."),
    )


class NmoImportForm(forms.Form):
    file = forms.FileField(
        label=_("File with the НМО codes"),
        help_text=_(
            "CSV or XLSX up to 2 MB; the first row names the column «Код» (or «ИКП»)."
        ),
    )
    deadline = forms.DateField(
        label=_("Enter on the portal by"),
        widget=DateInput(),
        help_text=_("Members see this date and get a reminder before it."),
    )

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        if value < local_today():
            raise forms.ValidationError(_("The deadline has already passed."))
        return value


class AdjustForm(forms.Form):
    member_code = forms.CharField(
        label=_("Member's personal code"),
        max_length=20,
        help_text=_("From the People screen or the member's card."),
    )
    credits = forms.DecimalField(
        label=_("Credits"), min_value=0, max_digits=5, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PolicyForm(forms.Form):
    checkin_grants_credits = forms.BooleanField(
        label=_("Check-in at the door gives the event's credits"), required=False
    )


def default_period(*, cycle):
    """The transcript's default period: the member's current cycle so far."""
    return {"start": cycle.start, "end": min(cycle.end, local_today())}
