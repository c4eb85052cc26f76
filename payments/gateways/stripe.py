"""Stripe Checkout (hosted payment page) behind the gateway interface.

Settings: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (both needed for the online
button to show), STRIPE_API_BASE (tests point it at a local fake), STRIPE_CHECKOUT_ORIGIN
(where Checkout pages live, for the CSP and for checking the URL Stripe returns),
STRIPE_WEBHOOK_TOLERANCE (seconds a signature stays valid, 300 by default).
"""

import hashlib
import json
import logging

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .base import (
    CheckoutStart,
    Gateway,
    GatewayError,
    InvalidNotification,
    Notification,
    Outcome,
    TransientGatewayError,
    from_minor_units,
    to_minor_units,
)

logger = logging.getLogger(__name__)

DEFAULT_CHECKOUT_ORIGIN = "https://checkout.stripe.com"

# Stripe event type → what it means for the payment (None: decide from the session).
EVENT_OUTCOMES = {
    "checkout.session.completed": None,
    "checkout.session.async_payment_succeeded": None,
    "checkout.session.async_payment_failed": Outcome.FAILED,
    "checkout.session.expired": Outcome.EXPIRED,
}
# Refund events: the refund object carries its status.
REFUND_EVENTS = {
    "refund.created",
    "refund.updated",
    "refund.failed",
    "charge.refund.updated",
}
REFUND_OUTCOMES = {
    "succeeded": Outcome.REFUNDED,
    "failed": Outcome.REFUND_FAILED,
    "canceled": Outcome.REFUND_FAILED,
}


class StripeGateway(Gateway):
    """Card payments through Stripe Checkout; confirmed only by the signed webhook."""

    name = "stripe"
    label = _("By card (Stripe)")
    title = "Stripe"

    def is_configured(self):
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)

    def checkout_origin(self):
        return (
            getattr(settings, "STRIPE_CHECKOUT_ORIGIN", None) or DEFAULT_CHECKOUT_ORIGIN
        ).rstrip("/")

    def form_action_origins(self):
        return [self.checkout_origin()]

    def client(self):
        base = getattr(settings, "STRIPE_API_BASE", None)
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            base_addresses={"api": base.rstrip("/")} if base else None,
            max_network_retries=getattr(settings, "STRIPE_MAX_NETWORK_RETRIES", 2),
        )

    def checkout_params(self, payment, *, return_url, cancel_url):
        """The Checkout Session we ask for: amount and currency from our record,
        our reference in metadata and client_reference_id."""
        reference = str(payment.reference)
        return {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": payment.currency.lower(),
                        "unit_amount": to_minor_units(payment.amount, payment.currency),
                        "product_data": {"name": payment.description},
                    },
                }
            ],
            "client_reference_id": reference,
            "metadata": {"payment_reference": reference},
            "payment_intent_data": {"metadata": {"payment_reference": reference}},
            "customer_email": payment.user.email,
            "success_url": return_url,
            "cancel_url": cancel_url,
            "locale": "ru",
        }

    @staticmethod
    def idempotency_key(payment, params):
        """One key per payment and request: a double click gets the same session."""
        digest = hashlib.sha256(
            json.dumps(params, sort_keys=True).encode()
        ).hexdigest()[:16]
        return f"checkout-{payment.reference}-{digest}"

    def start_checkout(self, payment, *, return_url, cancel_url):
        params = self.checkout_params(
            payment, return_url=return_url, cancel_url=cancel_url
        )
        try:
            session = self.client().v1.checkout.sessions.create(
                params,
                options={"idempotency_key": self.idempotency_key(payment, params)},
            )
        except (stripe.APIConnectionError, stripe.RateLimitError) as error:
            raise TransientGatewayError(str(error)) from error
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
        session = session.to_dict()
        url = session.get("url") or ""
        if not url.startswith(self.checkout_origin() + "/"):
            logger.error("Stripe returned an unexpected Checkout URL: %r", url)
            raise GatewayError("unexpected Checkout URL")
        return CheckoutStart(redirect_url=url, session_id=session["id"])

    def parse_notification(self, request):
        tolerance = getattr(settings, "STRIPE_WEBHOOK_TOLERANCE", 300)
        try:
            event = stripe.Webhook.construct_event(
                request.body,
                request.headers.get("Stripe-Signature"),
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=tolerance,
            )
        except stripe.SignatureVerificationError as error:
            raise InvalidNotification(f"bad signature: {error}") from error
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidNotification(f"unreadable body: {error}") from error
        except (AttributeError, TypeError, KeyError) as error:
            # A signed JSON body that is not an object (a list, a number, ...).
            raise InvalidNotification(f"not an event: {error}") from error
        payload = _object(event.to_dict(), "the event")
        event_type = _text(payload.get("type"), "type")
        event_id = _text(payload.get("id"), "id")
        if not event_id:
            raise InvalidNotification("event without an id")
        data = _object(payload.get("data"), "data")
        if event_type in REFUND_EVENTS:
            refund = _object(data.get("object"), "data.object")
            return self._refund_notification(refund, event_id, event_type, payload)
        if event_type not in EVENT_OUTCOMES:
            return Notification(
                provider=self.name,
                event_id=event_id,
                event_type=event_type,
                outcome=Outcome.IGNORED,
                payload=payload,
            )
        session = _object(data.get("object"), "data.object")
        outcome = EVENT_OUTCOMES[event_type] or self._paid_or_open(session)
        return self._notification(session, event_id, event_type, outcome, payload)

    def fetch_status(self, payment):
        if not payment.provider_session_id:
            raise GatewayError("no Checkout Session for this payment")
        try:
            session = self.client().v1.checkout.sessions.retrieve(
                payment.provider_session_id
            )
        except (stripe.APIConnectionError, stripe.RateLimitError) as error:
            raise TransientGatewayError(str(error)) from error
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
        session = session.to_dict()
        if session.get("status") == "expired":
            outcome = Outcome.EXPIRED
        else:
            outcome = self._paid_or_open(session)
        event_id = f"status:{session.get('id')}:{outcome}"
        return self._notification(session, event_id, "status", outcome, session)

    @staticmethod
    def _paid_or_open(session):
        """`checkout.session.completed` may arrive unpaid (bank debits confirm
        later): only `payment_status == "paid"` counts as paid."""
        paid = _text(session.get("payment_status"), "payment_status") == "paid"
        return Outcome.PAID if paid else Outcome.OPEN

    def _notification(self, session, event_id, event_type, outcome, payload):
        metadata = _object(session.get("metadata"), "metadata")
        currency = _text(session.get("currency"), "currency").upper()
        amount_total = session.get("amount_total")
        references = (
            _text(metadata.get("payment_reference"), "payment_reference"),
            _text(session.get("client_reference_id"), "client_reference_id"),
        )
        return Notification(
            provider=self.name,
            event_id=event_id,
            event_type=event_type,
            outcome=outcome,
            references=references,
            amount=(
                from_minor_units(amount_total, currency or "RUB")
                if isinstance(amount_total, int)
                else None
            ),
            currency=currency,
            session_id=_text(session.get("id"), "session id"),
            provider_payment_id=_id_of(session.get("payment_intent")),
            payload=payload,
        )

    # --- Refunds ---------------------------------------------------------------------

    def refund(self, payment, *, amount, reason, idempotency_key):
        if not payment.provider_payment_id:
            raise GatewayError("no PaymentIntent for this payment")
        params = {
            "payment_intent": payment.provider_payment_id,
            "amount": to_minor_units(amount, payment.currency),
            "reason": "requested_by_customer",
            "metadata": {
                "payment_reference": str(payment.reference),
                "reason": reason[:500],
            },
        }
        refund = self._call(
            lambda client: client.v1.refunds.create(
                params, options={"idempotency_key": idempotency_key}
            )
        )
        return self._refund_notification(refund, None, "refund", refund)

    def fetch_refund(self, payment, refund_id):
        refund = self._call(lambda client: client.v1.refunds.retrieve(refund_id))
        return self._refund_notification(refund, None, "status", refund)

    def _call(self, request):
        """One API request → a plain dict; Stripe's errors → ours."""
        try:
            answer = request(self.client())
        except (stripe.APIConnectionError, stripe.RateLimitError) as error:
            raise TransientGatewayError(str(error)) from error
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
        return answer.to_dict()

    def _refund_notification(self, refund, event_id, event_type, payload):
        status = _text(refund.get("status"), "refund status")
        outcome = REFUND_OUTCOMES.get(status, Outcome.OPEN)
        currency = _text(refund.get("currency"), "currency").upper()
        metadata = _object(refund.get("metadata"), "metadata")
        amount = refund.get("amount")
        return Notification(
            provider=self.name,
            event_id=event_id or f"status:{refund.get('id')}:{status}",
            event_type=event_type,
            outcome=outcome,
            references=(_text(metadata.get("payment_reference"), "payment_reference"),),
            amount=(
                from_minor_units(amount, currency or "RUB")
                if isinstance(amount, int)
                else None
            ),
            currency=currency,
            provider_payment_id=_id_of(refund.get("payment_intent")),
            refund_id=_text(refund.get("id"), "refund id"),
            failure_reason=str(refund.get("failure_reason") or ""),
            payload=payload if isinstance(payload, dict) else {},
        )


def _id_of(value):
    """An expandable Stripe field: an id string or an object with an id."""
    if isinstance(value, dict):
        return _text(value.get("id"), "id")
    return _text(value, "id")


def _object(value, what):
    """A JSON object of the event (missing or null → empty); anything else is a
    malformed event, answered 400 rather than failing further down."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidNotification(f"{what} is not an object")
    return value


def _text(value, what):
    """A string field of the event (missing or null → ""); anything else → 400."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidNotification(f"{what} is not a string")
    return value
