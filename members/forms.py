"""Forms: allauth's signup extended with the profile, and the cabinet's profile form."""

import logging

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.models import Specialty

from . import services
from .codes import normalize_phone
from .models import PROFILE_FIELDS, USER_NAME_FIELDS, AcademicDegree
from .validators import validate_visible_text

logger = logging.getLogger(__name__)


class ProfileFieldsMixin(forms.Form):
    """The fields a member states about themselves, shared by signup and the cabinet."""

    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        validators=[validate_visible_text],
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        validators=[validate_visible_text],
    )
    patronymic = forms.CharField(
        label=_("Patronymic"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "additional-name"}),
        validators=[validate_visible_text],
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("For example +7 900 123-45-67 or 8 900 123 45 67."),
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
        ),
    )
    city = forms.CharField(
        label=_("City or region"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        validators=[validate_visible_text],
    )
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.none(),
        empty_label=_("— choose —"),
    )
    workplace = forms.CharField(
        label=_("Place of work"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        validators=[validate_visible_text],
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        validators=[validate_visible_text],
    )
    academic_degree = forms.ChoiceField(
        label=_("Academic degree"),
        choices=[("", _("None"))] + list(AcademicDegree.choices),
        required=False,
    )

    def _init_specialty(self, current=None):
        queryset = Specialty.objects.filter(is_active=True)
        if current is not None:
            queryset = Specialty.objects.filter(
                is_active=True
            ) | Specialty.objects.filter(pk=current.pk)
        self.fields["specialty"].queryset = queryset.order_by("sort_order", "name")

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_patronymic(self):
        return self.cleaned_data["patronymic"].strip()


class SignupForm(ProfileFieldsMixin, AllauthSignupForm):
    """allauth's signup with the profile and the personal-data consent."""

    field_order = [
        "email",
        "password1",
        "password2",
        *USER_NAME_FIELDS,
        *PROFILE_FIELDS,
        "consent",
    ]

    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data"),
        required=True,
        error_messages={
            "required": _(
                "Registration needs your consent to the processing of personal data."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_specialty()
        self.consent_page = services.current_consent_page()
        if self.consent_page is not None:
            self.fields["consent"].label = format_html(
                '{} (<a href="{}" target="_blank" rel="noopener">{}</a>)',
                _("I agree to the processing of my personal data"),
                self.consent_page.url,
                _("read the text"),
            )
        self.fields["email"].widget.attrs.pop("placeholder", None)
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.attrs.pop("placeholder", None)

    def clean(self):
        """No consent text, no signup: the consent must name the text agreed to."""
        cleaned_data = super().clean()
        if self.consent_page is None:
            logger.error(
                "Signup refused: no live consent page (ConsentPage) is published."
            )
            raise forms.ValidationError(
                _(
                    "Registration is temporarily unavailable: the text of the consent "
                    "to the processing of personal data is not published. Please "
                    "tell the administration."
                ),
                code="no_consent_page",
            )
        return cleaned_data

    def try_save(self, request):
        """A registered address costs the same password hash as a new one.

        allauth skips creating the account (and hashing its password) when the
        address is taken, which made that answer ten times faster and told anyone
        timing it which addresses are registered.
        """
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)

    def save(self, request):
        """User, e-mail address, profile and consent are stored together or not at all.

        allauth saves the user before it calls `signup()`; without one transaction a
        failure there would leave an account without profile or consent, and its
        address could not be registered again.
        """
        with transaction.atomic():
            return super().save(request)

    def signup(self, request, user):
        """Called by allauth right after it created the user (inside `save`)."""
        data = self.cleaned_data
        services.member_signup_complete(
            user=user,
            names={"patronymic": data["patronymic"]},
            profile_data=data,
            consent_page=self.consent_page,
            ip=services.client_ip(request),
        )


class ProfileForm(ProfileFieldsMixin):
    """The member's own profile in the cabinet (the e-mail changes through allauth)."""

    def __init__(self, *args, user, **kwargs):
        profile = getattr(user, "profile", None)
        initial = {field: getattr(user, field) for field in USER_NAME_FIELDS}
        if profile is not None:
            initial.update({field: getattr(profile, field) for field in PROFILE_FIELDS})
            initial.update(phone=profile.phone_display, specialty=profile.specialty_id)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self._init_specialty(current=profile.specialty if profile else None)
