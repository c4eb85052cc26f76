"""The YooKassa SDK (`yookassa`), configured from our settings, with a network
timeout, and its errors turned into ours.

The SDK keeps its configuration in class attributes (`Configuration`); every
client we make sets them from Django's settings first, so the values are always
the current ones (every thread writes the same values). Its HTTP session has no
timeout of its own: ours adds YOOKASSA_TIMEOUT seconds to every request.
"""

import functools
import re

import requests
from django.conf import settings
from yookassa import Configuration
from yookassa import Payment as SdkPayment
from yookassa import Refund as SdkRefund
from yookassa.client import ApiClient
from yookassa.configuration import ConfigurationError
from yookassa.domain.exceptions import (
    ApiError,
    BadRequestError,
    ForbiddenError,
    GoneError,
    NotFoundError,
    UnauthorizedError,
)

from .base import GatewayError, TransientGatewayError

#: The SDK's own default (`Configuration.api_url`).
DEFAULT_API_BASE = "https://api.yookassa.ru/v3"
#: What YooKassa's ids look like; anything else never reaches a URL path.
OBJECT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: Answers that a retry will not change (our request or our keys are wrong).
PERMANENT = (BadRequestError, UnauthorizedError, ForbiddenError, GoneError)


class ObjectNotFound(GatewayError):  # noqa: N818
    """YooKassa does not know this payment or refund."""


class _Client(ApiClient):
    def __init__(self):
        Configuration.configure(
            settings.YOOKASSA_SHOP_ID,
            settings.YOOKASSA_SECRET_KEY,
            api_url=(
                getattr(settings, "YOOKASSA_API_BASE", None) or DEFAULT_API_BASE
            ).rstrip("/"),
        )
        super().__init__()

    def get_session(self):
        session = super().get_session()
        session.request = functools.partial(
            session.request, timeout=getattr(settings, "YOOKASSA_TIMEOUT", 15)
        )
        return session


class PaymentApi(SdkPayment):
    """The SDK's payments, through our client."""

    def __init__(self):
        self.client = _Client()


class RefundApi(SdkRefund):
    """The SDK's refunds, through our client."""

    def __init__(self):
        self.client = _Client()


def call(request):
    """Run `request()` (an SDK call) → its answer; failures → GatewayError (or
    TransientGatewayError when trying again later may help, ObjectNotFound)."""
    try:
        return request()
    except NotFoundError as error:
        raise ObjectNotFound(_describe(error)) from error
    except PERMANENT as error:
        raise GatewayError(_describe(error)) from error
    except ApiError as error:  # 5xx, 429, 202 "still processing", unknown codes
        raise TransientGatewayError(_describe(error)) from error
    except ConfigurationError as error:
        raise GatewayError(str(error)) from error
    except requests.RequestException as error:  # network, timeout, not JSON
        raise TransientGatewayError(str(error)) from error
    except AttributeError as error:
        # The SDK reads `error.response.status_code` of a network error that has
        # no response: the real cause is the network error it was handling.
        if isinstance(error.__context__, requests.RequestException):
            raise TransientGatewayError(str(error.__context__)) from error
        raise


def _describe(error):
    content = getattr(error, "content", None) or {}
    parts = [type(error).__name__]
    for name in ("code", "description", "parameter"):
        if content.get(name):
            parts.append(f"{name}={content[name]}")
    return " ".join(parts)


def fetch_payment(payment_id):
    return call(lambda: PaymentApi.find_one(_checked_id(payment_id)))


def fetch_refund(refund_id):
    return call(lambda: RefundApi.find_one(_checked_id(refund_id)))


def create_payment(params, idempotency_key):
    return call(lambda: PaymentApi.create(params, idempotency_key))


def create_refund(params, idempotency_key):
    return call(lambda: RefundApi.create(params, idempotency_key))


def _checked_id(value):
    if not isinstance(value, str) or not OBJECT_ID.fullmatch(value):
        raise ObjectNotFound(f"not a YooKassa id: {str(value)[:80]!r}")
    return value


def as_dict(answer):
    """An SDK object as plain JSON-ready data (for storing what we acted on)."""
    import json

    return json.loads(json.dumps(dict(answer), default=str))
