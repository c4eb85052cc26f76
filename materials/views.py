"""The one door to members-only documents: checked, logged, never cached."""

import mimetypes
import os
from urllib.parse import quote

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from core.storage import signed_url

from .access import can_read
from .selectors import readable_document
from .services import document_download_record
from .stamp import UnreadablePdf, stamped_for

PRIVATE = "private, no-store"


@require_safe
def document(request, document_id):
    """A members-only document (of the members' collection, or attached to a live
    material), only to those who may read it.

    PDFs are stamped with the reader's name, code and date (the original never
    leaves the server); other files come from the server, or on S3 through a
    short-lived signed redirect. Anything else (no such document, a document of no
    material or of another restriction, a reader without access) is a 404.
    """
    if not can_read(request.user):
        raise Http404
    doc = readable_document(document_id=document_id)
    if doc is None:  # no such document, not ours, or guarded by another restriction
        raise Http404
    filename = download_name(doc)
    is_pdf = doc.filename.lower().endswith(".pdf")
    if is_pdf:
        try:
            stamped = stamped_for(request.user, doc)
        except UnreadablePdf:  # a password-locked or broken PDF slipped through
            return _unavailable(request, doc)
        response = HttpResponse(stamped, "application/pdf")
    else:
        signed = signed_url(doc.file, disposition=disposition(filename))
        if signed:
            response = HttpResponseRedirect(signed)
        else:
            with doc.open_file() as handle:
                data = handle.read()
            guessed = (
                mimetypes.guess_type(doc.filename)[0] or "application/octet-stream"
            )
            response = HttpResponse(data, content_type=guessed)
    if request.method == "GET":
        document_download_record(user=request.user, document=doc, ip=_ip(request))
    response["Content-Disposition"] = disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE
    return response


def _unavailable(request, doc):
    """A clear page (409) instead of a 500 when the PDF can't be stamped."""
    response = TemplateResponse(
        request, "materials/document_unavailable.html", {"document": doc}, status=409
    )
    response["Cache-Control"] = PRIVATE
    return response


def _ip(request):
    """The client's IP as allauth determines it (trusted proxy header only)."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # misconfigured proxy header: record nothing, don't fail
        return None


def download_name(doc):
    """The document's title with its file's extension ("Протокол.pdf"), not the
    storage name (which may carry a random suffix)."""
    extension = os.path.splitext(doc.filename)[1].lower()
    title = "".join(
        c if c.isprintable() and c not in "/\\:" else " " for c in doc.title
    )
    return (" ".join(title.split())[:120] or "document") + extension


def disposition(filename):
    """`attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266)."""
    stem, extension = os.path.splitext(filename)
    safe = "".join(
        c for c in stem if c.isascii() and c.isprintable() and c not in '"\\;'
    ).strip()
    if not any(c.isalnum() for c in safe):
        safe = "document"
    safe += "".join(c for c in extension if c.isascii() and c.isalnum() or c == ".")
    return f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(filename)}"
