"""Serving an application's attachment from private storage, after a check."""

from django.http import FileResponse

# Nothing in the file may run, load or be framed by another site.
FILE_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
    "object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


def attachment_response(application, *, download=False):
    """The attachment inline (or as a download), with headers that keep it inert."""
    extension = application.attachment.name.rsplit(".", 1)[-1]
    response = FileResponse(
        application.attachment.open("rb"),
        content_type=application.attachment_type or "application/octet-stream",
        as_attachment=download,
        filename=f"application-{application.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
