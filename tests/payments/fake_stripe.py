"""A local fake of the part of Stripe's API we use, started by the test suite.

The real `stripe` library talks to it (STRIPE_API_BASE points here). It records
every request (path, headers, form parameters), creates Checkout Sessions whose
`url` is a page on this same server (so a browser test can land on "Checkout"),
replays the same answer for a repeated Idempotency-Key as Stripe does, and can be
told to fail the next requests.
"""

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    params: dict = field(default_factory=dict)


class FakeStripe:
    def __init__(self):
        self.requests = []
        self.sessions = {}
        self.by_idempotency_key = {}
        self.fail_with = None  # (status, error type) for the next API requests
        self.refunds = {}
        self.refund_status = "pending"  # what a new refund says
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
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
            self.sessions.clear()
            self.by_idempotency_key.clear()
            self.fail_with = None
            self.refunds.clear()
            self.refund_status = "pending"

    def checkout_requests(self):
        return [
            r
            for r in self.requests
            if r.method == "POST" and r.path == "/v1/checkout/sessions"
        ]

    def checkout_page(self, session_id):
        return f"{self.url}/c/pay/{session_id}"

    # --- the API -------------------------------------------------------------------

    def create_session(self, params, key):
        with self.lock:
            if key and key in self.by_idempotency_key:
                return self.by_idempotency_key[key]
            session_id = f"cs_test_{uuid.uuid4().hex[:24]}"
            session = {
                "id": session_id,
                "object": "checkout.session",
                "mode": params.get("mode"),
                "status": "open",
                "payment_status": "unpaid",
                "amount_total": int(
                    params.get("line_items[0][price_data][unit_amount]", 0)
                ),
                "currency": params.get("line_items[0][price_data][currency]"),
                "client_reference_id": params.get("client_reference_id"),
                "metadata": {
                    "payment_reference": params.get("metadata[payment_reference]")
                },
                "payment_intent": None,
                "success_url": params.get("success_url"),
                "cancel_url": params.get("cancel_url"),
                "url": self.checkout_page(session_id),
            }
            self.sessions[session_id] = session
            if key:
                self.by_idempotency_key[key] = session
            return session

    def refund_requests(self):
        return [r for r in self.requests if r.path == "/v1/refunds"]

    def create_refund(self, params, key):
        with self.lock:
            if key and key in self.by_idempotency_key:
                return self.by_idempotency_key[key]
            refund = {
                "id": f"re_test_{uuid.uuid4().hex[:24]}",
                "object": "refund",
                "amount": int(params.get("amount", 0)),
                "currency": "rub",
                "payment_intent": params.get("payment_intent"),
                "reason": params.get("reason"),
                "status": self.refund_status,
                "metadata": {
                    name[len("metadata[") : -1]: value
                    for name, value in params.items()
                    if name.startswith("metadata[")
                },
            }
            self.refunds[refund["id"]] = refund
            if key:
                self.by_idempotency_key[key] = refund
            return refund

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _record(self, params=None):
                fake.requests.append(
                    Recorded(
                        method=self.command,
                        path=urlsplit(self.path).path,
                        headers={k.lower(): v for k, v in self.headers.items()},
                        params=params or {},
                    )
                )

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{uuid.uuid4().hex[:12]}")
                self.end_headers()
                self.wfile.write(data)

            def _failure(self):
                if fake.fail_with is None:
                    return False
                status, kind = fake.fail_with
                self._json(status, {"error": {"type": kind, "message": "fake failure"}})
                return True

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                params = dict(parse_qsl(body, keep_blank_values=True))
                self._record(params)
                if self._failure():
                    return
                if urlsplit(self.path).path == "/v1/checkout/sessions":
                    key = self.headers.get("Idempotency-Key")
                    self._json(200, fake.create_session(params, key))
                    return
                if urlsplit(self.path).path == "/v1/refunds":
                    key = self.headers.get("Idempotency-Key")
                    self._json(200, fake.create_refund(params, key))
                    return
                self._json(404, {"error": {"type": "invalid_request_error"}})

            def do_GET(self):  # noqa: N802
                path = urlsplit(self.path).path
                self._record()
                if path.startswith("/c/pay/"):
                    html = (
                        b"<!DOCTYPE html><html lang='en'><head><title>Fake Stripe "
                        b"Checkout</title></head><body><h1>Fake Stripe Checkout</h1>"
                        b"</body></html>"
                    )
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(html)))
                    self.end_headers()
                    self.wfile.write(html)
                    return
                if self._failure():
                    return
                prefix = "/v1/checkout/sessions/"
                if path.startswith(prefix) and path[len(prefix) :] in fake.sessions:
                    self._json(200, fake.sessions[path[len(prefix) :]])
                    return
                refunds = "/v1/refunds/"
                if path.startswith(refunds) and path[len(refunds) :] in fake.refunds:
                    self._json(200, fake.refunds[path[len(refunds) :]])
                    return
                self._json(
                    404,
                    {"error": {"type": "invalid_request_error", "message": "No such"}},
                )

        return Handler
