"""Which online payment providers exist, which are configured, which are on.

`settings.PAYMENT_GATEWAYS` maps a provider name to its adapter class (dotted
path). Adding a provider means writing an adapter (see gateways/base.py) and adding
it there; the payment page, the webhook URL (`webhooks/<name>/`) and the settings
screen pick it up. A provider shows to members when its keys are configured and
staff have not switched it off in PaymentSettings.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import (
    CheckoutStart,
    Gateway,
    GatewayError,
    InvalidNotification,
    Notification,
    Outcome,
    TransientGatewayError,
    UntrustedSender,
)

DEFAULT_GATEWAYS = {
    "yookassa": "payments.gateways.yookassa.YooKassaGateway",
    "stripe": "payments.gateways.stripe.StripeGateway",
}

__all__ = [
    "CheckoutStart",
    "Gateway",
    "GatewayError",
    "InvalidNotification",
    "Notification",
    "Outcome",
    "TransientGatewayError",
    "UntrustedSender",
    "configured_gateways",
    "enabled_gateways",
    "get_gateway",
]


def _classes():
    paths = getattr(settings, "PAYMENT_GATEWAYS", None) or DEFAULT_GATEWAYS
    return {name: import_string(path) for name, path in paths.items()}


def get_gateway(name):
    """The adapter called `name`, or None when there is no such provider."""
    gateway_class = _classes().get(name)
    return gateway_class() if gateway_class else None


def configured_gateways():
    """Adapters whose keys are set on this server."""
    return [cls() for cls in _classes().values() if cls().is_configured()]


def enabled_gateways(payment_settings=None):
    """Configured adapters that staff have not switched off."""
    off = set(getattr(payment_settings, "disabled_providers", None) or [])
    return [gateway for gateway in configured_gateways() if gateway.name not in off]
