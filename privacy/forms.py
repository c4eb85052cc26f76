"""Forms of the "Мои данные" section."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.validators import validate_visible_text

from .models import RequestKind


def validate_visible_lines(value):
    """Several lines of text: line breaks and tabs allowed, otherwise the same
    refusal of invisible characters and text-direction marks as profile text (a
    U+202E would show the request reversed in the staff queue)."""
    validate_visible_text(value.replace("\r", "").replace("\n", "").replace("\t", ""))


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=[("", "—")] + RequestKind.choices,
        error_messages={"required": _("Choose what you are asking for.")},
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a correction, say what is wrong and what is right."),
        validators=[validate_visible_lines],
    )


class CloseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I withdraw my consent to the processing of personal data and ask to "
            "close my account."
        ),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ConsentAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the new text and give my consent."),
        error_messages={"required": _("Tick the box to give your consent.")},
    )


class PostalRequestForm(DataRequestForm):
    """Staff register a request that came by post: whose, what, details."""

    email = forms.EmailField(
        label=_("The person's e-mail address on the site"), max_length=254
    )

    field_order = ["email", "kind", "details"]

    def clean_email(self):
        from django.contrib.auth import get_user_model

        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            raise forms.ValidationError(_("Nobody with this address is registered."))
        self.person = user
        return email
