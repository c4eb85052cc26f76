"""A local fake of the part of YooKassa's API v3 we use, started by the test suite.

The real `yookassa` SDK talks to it (YOOKASSA_API_BASE points here). It checks the
shop's Basic credentials, records every request (path, headers, JSON body), creates
payments whose confirmation URL is a page on this same server (a browser test
lands there and "pays"), replays the same answer for a repeated Idempotence-Key as
YooKassa does, serves payments and refunds by id, and can be told to fail.
"""

import base64
import datetime
import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SHOP_ID = "123456"
SECRET_KEY = "test_fake_secret"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: dict = field(default_factory=dict)


def _now():
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _id():
    return str(uuid.uuid4())


class FakeYooKassa:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.payments = {}
        self.refunds = {}
        self.by_key = {}
        self.fail_with = None  # an HTTP status every API request answers with
        self.refund_status = "pending"  # what a new refund says
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_base = f"{self.url}/v3"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.payments.clear()
            self.refunds.clear()
            self.by_key.clear()
            self.fail_with = None
            self.refund_status = "pending"

    # --- What tests look at and change -----------------------------------------------

    def payment_requests(self):
        return [
            r for r in self.requests if r.method == "POST" and r.path == "/v3/payments"
        ]

    def refund_requests(self):
        return [
            r for r in self.requests if r.method == "POST" and r.path == "/v3/refunds"
        ]

    def fetches(self):
        return [r for r in self.requests if r.method == "GET"]

    def confirmation_page(self, payment_id):
        return f"{self.url}/checkout/{payment_id}"

    def succeed(self, payment_id):
        """The member paid: the payment is succeeded, paid, captured."""
        self.payments[payment_id].update(
            status="succeeded",
            paid=True,
            refundable=True,
            captured_at=_now(),
            payment_method={
                "type": "sbp",
                "id": _id(),
                "saved": False,
                "status": "inactive",
            },
        )
        return self.payments[payment_id]

    def cancel(self, payment_id, reason="insufficient_funds", party="payment_network"):
        self.payments[payment_id].update(
            status="canceled",
            paid=False,
            cancellation_details={"party": party, "reason": reason},
        )
        return self.payments[payment_id]

    def set_refund(self, refund_id, status, reason=None):
        self.refunds[refund_id]["status"] = status
        if reason:
            self.refunds[refund_id]["cancellation_details"] = {
                "party": "yoo_money",
                "reason": reason,
            }
        return self.refunds[refund_id]

    def add_payment(self, **fields):
        """A payment made in the shop some other way (not through our site)."""
        payment = self._new_payment(
            {"amount": {"value": "1500.00", "currency": "RUB"}, "metadata": {}}
        )
        payment.update(fields)
        self.payments[payment["id"]] = payment
        return payment

    # --- The API ----------------------------------------------------------------------

    def _new_payment(self, body):
        payment_id = _id()
        confirmation = body.get("confirmation") or {}
        return {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": body.get("amount"),
            "confirmation": {
                "type": "redirect",
                "confirmation_url": self.confirmation_page(payment_id),
                "return_url": confirmation.get("return_url"),
            },
            "created_at": _now(),
            "description": body.get("description"),
            "metadata": body.get("metadata") or {},
            "recipient": {"account_id": SHOP_ID, "gateway_id": "1"},
            "refundable": False,
            "test": True,
        }

    def create_payment(self, body, key):
        with self.lock:
            if key in self.by_key:
                return self.by_key[key]
            payment = self._new_payment(body)
            self.payments[payment["id"]] = payment
            self.by_key[key] = payment
            return payment

    def create_refund(self, body, key):
        with self.lock:
            if key in self.by_key:
                return self.by_key[key]
            paid = self.payments.get(body.get("payment_id"))
            if paid is None or paid["status"] != "succeeded":
                return None
            refund = {
                "id": _id(),
                "payment_id": body["payment_id"],
                "status": self.refund_status,
                "amount": body.get("amount"),
                "created_at": _now(),
                "description": body.get("description"),
                "metadata": body.get("metadata") or {},
            }
            self.refunds[refund["id"]] = refund
            self.by_key[key] = refund
            return refund

    def _handler(self):
        fake = self
        good_auth = "Basic " + base64.b64encode(
            f"{SHOP_ID}:{SECRET_KEY}".encode()
        ).decode("ascii")

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, content_type="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status, code, description=""):
                self._send(
                    status,
                    {
                        "type": "error",
                        "id": _id(),
                        "code": code,
                        "description": description or code,
                    },
                )

            def _api_refused(self, body=None):
                """Record the request; answer an error when it must fail."""
                path = urlsplit(self.path).path
                fake.requests.append(
                    Recorded(
                        method=self.command,
                        path=path,
                        headers={k.lower(): v for k, v in self.headers.items()},
                        body=body or {},
                    )
                )
                if fake.fail_with:
                    self._error(fake.fail_with, "internal_server_error")
                    return True
                if self.headers.get("Authorization") != good_auth:
                    self._error(401, "invalid_credentials")
                    return True
                return False

            def do_POST(self):  # noqa: N802
                path = urlsplit(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if path.startswith("/checkout/") and path.endswith("/pay"):
                    return self._pay(path.split("/")[2])
                body = json.loads(raw or b"{}")
                if self._api_refused(body):
                    return
                key = self.headers.get("Idempotence-Key")
                if not key:
                    return self._error(400, "invalid_request", "Idempotence-Key")
                if path == "/v3/payments":
                    return self._send(200, fake.create_payment(body, key))
                if path == "/v3/refunds":
                    refund = fake.create_refund(body, key)
                    if refund is None:
                        return self._error(400, "invalid_request", "payment_id")
                    return self._send(200, refund)
                self._error(404, "not_found")

            def do_GET(self):  # noqa: N802
                path = urlsplit(self.path).path
                if path.startswith("/checkout/"):
                    return self._confirmation_page(path.split("/")[2])
                if self._api_refused():
                    return
                for prefix, objects in (
                    ("/v3/payments/", fake.payments),
                    ("/v3/refunds/", fake.refunds),
                ):
                    if path.startswith(prefix) and path[len(prefix) :] in objects:
                        return self._send(200, objects[path[len(prefix) :]])
                self._error(404, "not_found", "Payment doesn't exist")

            def _confirmation_page(self, payment_id):
                if payment_id not in fake.payments:
                    return self._send(404, b"no such payment", "text/plain")
                html = (
                    "<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'>"
                    "<title>Fake YooKassa</title></head><body>"
                    "<h1>Fake YooKassa: оплата</h1>"
                    f"<form method='post' action='/checkout/{payment_id}/pay'>"
                    "<button type='submit'>Оплатить через СБП</button></form>"
                    "</body></html>"
                )
                self._send(200, html.encode(), "text/html; charset=utf-8")

            def _pay(self, payment_id):
                payment = fake.payments.get(payment_id)
                if payment is None:
                    return self._send(404, b"no such payment", "text/plain")
                fake.succeed(payment_id)
                self.send_response(303)
                self.send_header("Location", payment["confirmation"]["return_url"])
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler
