"""Middleware for running behind a load balancer: health, request ids, limits."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from .logging import request_id_var

access_logger = logging.getLogger("ops.request")
logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class HealthCheckMiddleware:
    """`/healthz`: 200 when the database and the cache answer, 503 otherwise.

    Answered before host validation and the HTTPS redirect, because load balancers
    call it by IP over plain HTTP. The body says nothing about what failed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != HEALTH_PATH:
            return self.get_response(request)
        from .health import check

        healthy = check()
        response = HttpResponse(
            "ok\n" if healthy else "unavailable\n",
            status=200 if healthy else 503,
            content_type="text/plain; charset=utf-8",
        )
        response["Cache-Control"] = "no-store"
        return response


class RequestIdMiddleware:
    """Gives each request an id (the proxy's X-Request-ID, or a new one).

    The id is on every log record written while the request runs, in the
    X-Request-ID response header, and in one access-log line per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if settings.ACCESS_LOG:
                access_logger.info(
                    "%s %s %s",
                    request.method,
                    request.get_full_path()[:500],
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path[:500],
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id_var.reset(token)


class RequestSizeLimitMiddleware:
    """A request body over the limit gets 413 and the site's page, unread.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, so without
    this an upload of any size would be streamed to a temporary file first. The
    limit is the largest upload plus room for the other form fields.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            response = render(
                request,
                "ops/413.html",
                {"max_upload_mb": settings.MAX_UPLOAD_MB},
                status=413,
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class StorageErrorMiddleware:
    """File storage (S3) unreachable: a clear 503 page instead of a 500.

    Files are written while the model is saved, before its row is inserted, and
    services write them inside their transaction, so nothing is half-saved; the
    person is told to try again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_storage_error(exception):
            return None
        logger.error("File storage unavailable: %s", exception, exc_info=exception)
        response = render(request, "ops/503_storage.html", status=503)
        response["Retry-After"] = "60"
        return response


def is_storage_error(exception):
    """S3 down: botocore could not connect or the service answered with a 5xx.

    A 4xx (a missing object, say) is a bug or a bad link, not an outage.
    """
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is a requirement
        return False
    if isinstance(exception, BotoCoreError):
        return True
    if isinstance(exception, ClientError):
        status = exception.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return status is None or status >= 500
    return False
