"""The society's payment settings, edited by staff in the Wagtail admin."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def digits(count, label):
    counts = count if isinstance(count, tuple) else (count,)
    pattern = "|".join(rf"\d{{{n}}}" for n in counts)
    return RegexValidator(rf"^(?:{pattern})$", label)


DEFAULT_PURPOSE = "Членский взнос {period}. {name}, личный код {code}. Без НДС"


class PaymentSettingsForm(WagtailAdminModelForm):
    """Shows the configured online providers as on/off switches.

    Stored as the list of providers switched *off*, so a provider configured later
    (keys in the environment) is on until staff switch it off.
    """

    online_providers = forms.MultipleChoiceField(
        label=_("Online payment providers that are on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only providers whose keys are configured on the server are listed. "
            "With none on, members pay by bank transfer and upload a receipt."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from payments.gateways import configured_gateways

        gateways = configured_gateways()
        field = self.fields["online_providers"]
        field.choices = [(g.name, g.label) for g in gateways]
        off = set(self.instance.disabled_providers or [])
        field.initial = [g.name for g in gateways if g.name not in off]

    def save(self, commit=True):
        from payments.gateways import configured_gateways

        on = set(self.cleaned_data.get("online_providers") or [])
        names = {g.name for g in configured_gateways()}
        kept = set(self.instance.disabled_providers or []) - names
        self.instance.disabled_providers = sorted(kept | (names - on))
        return super().save(commit=commit)


@register_setting(icon="form")
class PaymentSettings(BaseSiteSetting):
    """Bank details for receipts, the payment purpose, review time, providers."""

    recipient = models.CharField(
        _("recipient"),
        max_length=255,
        blank=True,
        help_text=_("The society's full legal name as the bank knows it."),
    )
    inn = models.CharField(
        _("INN"),
        max_length=12,
        blank=True,
        validators=[digits((10, 12), _("The INN has 10 or 12 digits."))],
    )
    kpp = models.CharField(
        _("KPP"),
        max_length=9,
        blank=True,
        validators=[digits(9, _("The KPP has 9 digits."))],
    )
    account = models.CharField(
        _("settlement account"),
        max_length=20,
        blank=True,
        validators=[digits(20, _("An account number has 20 digits."))],
    )
    bank_name = models.CharField(_("bank"), max_length=255, blank=True)
    bic = models.CharField(
        _("BIC"),
        max_length=9,
        blank=True,
        validators=[digits(9, _("The BIC has 9 digits."))],
    )
    correspondent_account = models.CharField(
        _("correspondent account"),
        max_length=20,
        blank=True,
        validators=[digits(20, _("An account number has 20 digits."))],
    )
    purpose_template = models.CharField(
        _("payment purpose"),
        max_length=210,
        default=DEFAULT_PURPOSE,
        help_text=_(
            "What the member writes in the transfer's purpose. {name} becomes the "
            "member's full name, {code} their personal code, {period} the period paid."
        ),
    )
    review_days = models.PositiveSmallIntegerField(
        _("review time in working days"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Staff answer a receipt within this many working days."),
    )
    disabled_providers = models.JSONField(
        _("online providers switched off"), default=list, blank=True
    )

    base_form_class = PaymentSettingsForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("recipient"),
                FieldPanel("inn"),
                FieldPanel("kpp"),
                FieldPanel("account"),
                FieldPanel("bank_name"),
                FieldPanel("bic"),
                FieldPanel("correspondent_account"),
            ],
            heading=_("Bank details for transfers"),
        ),
        FieldPanel("purpose_template"),
        FieldPanel("review_days"),
        FieldPanel("online_providers"),
    ]

    class Meta:
        verbose_name = _("payment settings")

    @property
    def has_bank_details(self):
        """Whether members can pay by transfer: every field a bank needs is set."""
        return all(
            [
                self.recipient,
                self.inn,
                self.account,
                self.bank_name,
                self.bic,
                self.correspondent_account,
            ]
        )
