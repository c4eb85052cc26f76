"""Forms of the payment page and of the receipt review."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.time import local_today
from core.uploads import clean_upload

from .receipts import REJECT_REASON_LENGTH

ACCEPT = (
    "image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf,.heic,.heif"
)


class ReceiptUploadForm(forms.Form):
    """A photo or scan of the paid transfer, optionally with its date and amount."""

    file = forms.FileField(
        label=_("Photo or scan of the receipt"),
        help_text=_("JPEG, PNG, WebP, HEIC or PDF, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    paid_on = forms.DateField(
        label=_("Date of payment"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    paid_amount = forms.DecimalField(
        label=_("Amount paid, ₽"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def clean_file(self):
        """Checked by content (core.uploads); the clean file replaces the upload."""
        self.upload = clean_upload(self.cleaned_data["file"], prefix="receipts")
        return self.cleaned_data["file"]

    def clean_paid_on(self):
        paid_on = self.cleaned_data.get("paid_on")
        if paid_on and paid_on > local_today():
            raise forms.ValidationError(
                _("The date of payment cannot be in the future.")
            )
        return paid_on


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=REJECT_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member reads it in the e-mail and on the payment page."),
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was done"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
