"""The application form: the applicant confirms what their profile says."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
