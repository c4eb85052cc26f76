"""YooKassa (ЮKassa): Russian bank cards and СБП behind the gateway interface.

The member is sent to YooKassa's confirmation page (`confirmation: redirect`) and
chooses a card or СБП there (whatever the shop has switched on); the payment is
captured at once (`capture: true`). YooKassa's notifications are not signed: one
is accepted only from YooKassa's published addresses (the client IP as the
project's trusted proxy configuration gives it), and is then only a trigger: the
payment (or refund) is fetched from the API and only what the API says counts.

Settings: YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY (both needed for the button to
show), YOOKASSA_API_BASE (the SDK's Configuration.api_url; tests point it at a
local fake), YOOKASSA_NOTIFICATION_IPS (empty: the SDK's SecurityHelper list),
YOOKASSA_CONFIRMATION_ORIGINS, YOOKASSA_TIMEOUT, and the 54-ФЗ receipt settings
(YOOKASSA_RECEIPTS, YOOKASSA_VAT_CODE, YOOKASSA_PAYMENT_SUBJECT,
YOOKASSA_PAYMENT_MODE, YOOKASSA_TAX_SYSTEM_CODE). See the README.
"""

import hashlib
import ipaddress
import json
import logging
from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from yookassa.domain.common import SecurityHelper

from . import yookassa_api as api
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
from .yookassa_reasons import EXPIRED, reason_text

logger = logging.getLogger(__name__)

DEFAULT_CONFIRMATION_ORIGINS = ["https://yoomoney.ru"]
DESCRIPTION_LENGTH = 128  # YooKassa's limit for a payment's and an item's text

#: Notification event → the API status it announces (None: no claim checked).
PAYMENT_EVENTS = {
    "payment.succeeded": "succeeded",
    "payment.canceled": "canceled",
    "payment.waiting_for_capture": None,  # not sent with capture: true
}
REFUND_EVENTS = {"refund.succeeded": "succeeded"}
REFUND_OUTCOMES = {"succeeded": Outcome.REFUNDED, "canceled": Outcome.REFUND_FAILED}


class YooKassaGateway(Gateway):
    """Cards and СБП through YooKassa; confirmed only by what its API says."""

    name = "yookassa"
    label = _("By card or SBP (YooKassa)")
    title = "ЮKassa"

    def is_configured(self):
        return bool(settings.YOOKASSA_SHOP_ID and settings.YOOKASSA_SECRET_KEY)

    def confirmation_origins(self):
        origins = getattr(settings, "YOOKASSA_CONFIRMATION_ORIGINS", None)
        return [
            origin.rstrip("/") for origin in origins or DEFAULT_CONFIRMATION_ORIGINS
        ]

    def form_action_origins(self):
        return self.confirmation_origins()

    # --- Paying -----------------------------------------------------------------------

    def payment_params(self, payment, *, return_url):
        """The payment we ask for: amount (a decimal string) and currency from our
        record, our reference in metadata, the member's personal code in the
        description, and the 54-ФЗ receipt when the setting is on."""
        params = {
            "amount": _amount(payment.amount, payment.currency),
            "capture": True,
            "confirmation": {
                "type": "redirect",
                "return_url": return_url,
                "locale": "ru_RU",
            },
            "description": payment_description(payment),
            "metadata": {"payment_reference": str(payment.reference)},
        }
        if getattr(settings, "YOOKASSA_RECEIPTS", False):
            params["receipt"] = fiscal_receipt(payment)
        return params

    @staticmethod
    def idempotence_key(payment, params):
        """One key per payment and request: a double click gets the same payment."""
        digest = hashlib.sha256(
            json.dumps(params, sort_keys=True).encode()
        ).hexdigest()[:16]
        return f"pay-{payment.reference}-{digest}"

    def start_checkout(self, payment, *, return_url, cancel_url):
        if payment.currency != "RUB":
            raise GatewayError("YooKassa takes roubles only")
        params = self.payment_params(payment, return_url=return_url)
        answer = api.create_payment(params, self.idempotence_key(payment, params))
        confirmation = getattr(answer, "confirmation", None)
        url = getattr(confirmation, "confirmation_url", None) or ""
        if not any(url.startswith(o + "/") for o in self.confirmation_origins()):
            logger.error("YooKassa returned an unexpected confirmation URL: %r", url)
            raise GatewayError("unexpected confirmation URL")
        return CheckoutStart(redirect_url=url, session_id=answer.id)

    def fetch_status(self, payment):
        if not payment.provider_session_id:
            raise GatewayError("no YooKassa payment for this payment")
        answer = api.fetch_payment(payment.provider_session_id)
        event_id = f"status:{answer.id}:{answer.status}"
        return self._payment_notification(answer, event_id, "status")

    # --- Notifications ----------------------------------------------------------------

    def parse_notification(self, request):
        sender = trusted_client_ip(request)
        if not sender_allowed(sender):
            raise UntrustedSender(f"sender {sender} is not a YooKassa address")
        event, object_id, body = _read_notification(request.body)
        event_id = f"{event}:{object_id}"
        if event not in PAYMENT_EVENTS and event not in REFUND_EVENTS:
            return Notification(
                provider=self.name,
                event_id=event_id,
                event_type=event,
                outcome=Outcome.IGNORED,
                payload=body,
            )
        try:
            if event in PAYMENT_EVENTS:
                answer = api.fetch_payment(object_id)
                notification = self._payment_notification(answer, event_id, event)
            else:
                answer = api.fetch_refund(object_id)
                notification = self._refund_notification(answer, event_id, event)
        except api.ObjectNotFound as error:
            raise InvalidNotification(f"{event} {object_id}: {error}") from error
        except TransientGatewayError:
            raise
        except GatewayError as error:  # our keys are wrong: let YooKassa retry
            raise TransientGatewayError(str(error)) from error
        claimed = {**PAYMENT_EVENTS, **REFUND_EVENTS}[event]
        actual = notification.payload["api"].get("status")
        paid = notification.payload["api"].get("paid")
        conflict = ""
        unpaid = event in PAYMENT_EVENTS and actual == "succeeded" and not paid
        if claimed and (actual != claimed or unpaid):
            conflict = f"notification {event}; API status {actual}, paid {paid}"
        return replace(
            notification,
            conflict=conflict,
            payload={"notification": body, **notification.payload},
        )

    def _payment_notification(self, answer, event_id, event_type):
        data = api.as_dict(answer)
        status = data.get("status")
        reason = ""
        if status == "succeeded" and data.get("paid"):
            outcome = Outcome.PAID
        elif status == "canceled":
            code = (data.get("cancellation_details") or {}).get("reason") or ""
            outcome = Outcome.EXPIRED if code in EXPIRED else Outcome.FAILED
            with translation.override(settings.LANGUAGE_CODE):
                reason = str(reason_text(code))
        else:
            outcome = Outcome.OPEN
        amount, currency = _read_amount(data)
        return Notification(
            provider=self.name,
            event_id=event_id,
            event_type=event_type,
            outcome=outcome,
            references=(_reference(data),),
            amount=amount,
            currency=currency,
            session_id=data.get("id") or "",
            provider_payment_id=data.get("id") or "",
            failure_reason=reason,
            payload={"api": data},
        )

    # --- Refunds ----------------------------------------------------------------------

    def refund(self, payment, *, amount, reason, idempotency_key):
        if not payment.provider_payment_id:
            raise GatewayError("no YooKassa payment for this payment")
        params = {
            "payment_id": payment.provider_payment_id,
            "amount": _amount(amount, payment.currency),
            "description": reason[:250],
            "metadata": {"payment_reference": str(payment.reference)},
        }
        if getattr(settings, "YOOKASSA_RECEIPTS", False):
            params["receipt"] = fiscal_receipt(payment, amount=amount)
        answer = api.create_refund(params, idempotency_key)
        return self._refund_notification(answer, None, "refund")

    def fetch_refund(self, payment, refund_id):
        return self._refund_notification(api.fetch_refund(refund_id), None, "status")

    def _refund_notification(self, answer, event_id, event_type):
        data = api.as_dict(answer)
        status = data.get("status") or ""
        amount, currency = _read_amount(data)
        reason = (data.get("cancellation_details") or {}).get("reason") or ""
        return Notification(
            provider=self.name,
            event_id=event_id or f"refund:{data.get('id')}:{status}",
            event_type=event_type,
            outcome=REFUND_OUTCOMES.get(status, Outcome.OPEN),
            references=(_reference(data),),
            amount=amount,
            currency=currency,
            provider_payment_id=data.get("payment_id") or "",
            refund_id=data.get("id") or "",
            failure_reason=reason,
            payload={"api": data},
        )


# --- Helpers ---------------------------------------------------------------------------


def payment_description(payment):
    """`Членский взнос за 2027 год, личный код K7MD-9QX4` (YooKassa shows it to the
    member and in the shop's reports; the code finds the member)."""
    from members.selectors import member_cabinet_data

    member = member_cabinet_data(user=payment.user)
    personal_code = getattr(member, "personal_code", None)
    if personal_code is None:
        return payment.description[:DESCRIPTION_LENGTH]
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(description)s, personal code %(code)s") % {
            "description": payment.description,
            "code": personal_code.display,
        }
    return str(text)[:DESCRIPTION_LENGTH]


def fiscal_receipt(payment, *, amount=None):
    """The 54-ФЗ receipt YooKassa registers with the tax office: the member's
    e-mail and one item, "Членский взнос за <период>", with the VAT code, payment
    subject and mode from settings."""
    from ..display import period_label

    with translation.override(settings.LANGUAGE_CODE):
        period = period_label(payment.period_start, payment.period_end)
        item = (
            _("Membership dues for %(period)s") % {"period": period}
            if period
            else payment.description
        )
        item = str(item)[:DESCRIPTION_LENGTH]
    receipt = {
        "customer": {"email": payment.user.email},
        "items": [
            {
                "description": item,
                "quantity": "1.00",
                "amount": _amount(amount or payment.amount, payment.currency),
                "vat_code": int(settings.YOOKASSA_VAT_CODE),
                "payment_subject": settings.YOOKASSA_PAYMENT_SUBJECT,
                "payment_mode": settings.YOOKASSA_PAYMENT_MODE,
            }
        ],
    }
    if getattr(settings, "YOOKASSA_TAX_SYSTEM_CODE", None):
        receipt["tax_system_code"] = int(settings.YOOKASSA_TAX_SYSTEM_CODE)
    return receipt


def trusted_client_ip(request):
    """The sender's IP as the project's trusted proxy configuration gives it
    (TRUSTED_CLIENT_IP_HEADER or TRUSTED_PROXY_COUNT, through allauth's adapter);
    never a header the sender chose. None when it cannot be told."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return None


def notification_networks():
    """YOOKASSA_NOTIFICATION_IPS, or the list YooKassa publishes (in its SDK)."""
    configured = getattr(settings, "YOOKASSA_NOTIFICATION_IPS", None)
    return [
        ipaddress.ip_network(network.strip(), strict=False)
        for network in configured or SecurityHelper.YOOKASSA_NETWORKS
    ]


def sender_allowed(ip):
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in notification_networks())


def _read_notification(raw):
    """(event, object id, body) of a notification body, or InvalidNotification."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidNotification(f"unreadable body: {error}") from error
    if not isinstance(body, dict) or body.get("type") != "notification":
        raise InvalidNotification("not a YooKassa notification")
    event = body.get("event")
    obj = body.get("object")
    object_id = obj.get("id") if isinstance(obj, dict) else None
    if not isinstance(event, str) or not event or len(event) > 100:
        raise InvalidNotification("notification without an event")
    if not isinstance(object_id, str) or not api.OBJECT_ID.fullmatch(object_id):
        raise InvalidNotification("notification without a valid object id")
    return event, object_id, body


def _amount(value, currency):
    return {
        "value": f"{Decimal(value).quantize(Decimal('0.01'))}",
        "currency": currency,
    }


def _read_amount(data):
    amount = data.get("amount") or {}
    try:
        value = Decimal(str(amount.get("value"))).quantize(Decimal("0.01"))
    except ArithmeticError:
        value = None
    return value, str(amount.get("currency") or "").upper()


def _reference(data):
    return str((data.get("metadata") or {}).get("payment_reference") or "")
