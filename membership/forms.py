"""The application form: the applicant confirms what their profile says."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import clean_upload

ACCEPT = (
    "image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf,.heic,.heif"
)


class ApplicationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("My specialty and place of work above are correct"),
        error_messages={
            "required": _(
                "Confirm your specialty and place of work, or correct them in "
                "the profile first."
            )
        },
    )
    comment = forms.CharField(
        label=_("Comment for the Presidium"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Optional: anything the Presidium should know, up to 2000 characters."
        ),
    )
    attachment = forms.FileField(
        label=_("Document (a recommendation letter, for example)"),
        required=False,
        help_text=_(
            "Optional. A PDF or a photo: JPEG, PNG, WebP or HEIC, up to 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    upload = None

    def clean_attachment(self):
        """Checked by content (core.uploads); `self.upload` is the clean file."""
        file = self.cleaned_data.get("attachment")
        self.upload = clean_upload(file, prefix="applications") if file else None
        return file
