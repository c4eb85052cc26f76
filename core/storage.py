"""Private file storage: receipts, application attachments, anything personal.

Files here are never reachable by a public URL. Views stream them after checking who
asks (e.g. `payments:receipt_file`). With S3 settings present the files go to S3 with
a private ACL, signed URLs that expire quickly and no custom (CDN) domain; otherwise
to a local folder that is not under MEDIA_ROOT/MEDIA_URL.
"""

from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible

SIGNED_URL_SECONDS = 60


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """A local folder outside the public media; it has no URLs at all."""

    def url(self, name):
        raise ValueError(
            "Private files have no public URL; serve them through a checked view."
        )


def _s3_storage():
    from storages.backends.s3 import S3Storage

    return S3Storage(
        bucket_name=settings.AWS_PRIVATE_STORAGE_BUCKET_NAME,
        location="private",
        default_acl="private",
        querystring_auth=True,
        querystring_expire=SIGNED_URL_SECONDS,
        custom_domain=None,
        file_overwrite=False,
    )


@cache
def _storage():
    if getattr(settings, "AWS_PRIVATE_STORAGE_BUCKET_NAME", None):
        return _s3_storage()
    return PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


def private_storage():
    """The storage for private files (usable as `FileField(storage=private_storage)`)."""
    return _storage()


@receiver(setting_changed, dispatch_uid="core.storage.reset")
def _reset_on_settings_change(*, setting, **kwargs):
    """Tests that override the storage settings get a storage that follows them."""
    if setting in {"AWS_PRIVATE_STORAGE_BUCKET_NAME", "PRIVATE_MEDIA_ROOT"}:
        _storage.cache_clear()


def signed_url(file, *, disposition, content_type=None):
    """A signed URL of `file` valid `SIGNED_URL_SECONDS`, with which the bucket sends
    the given Content-Disposition (and type) and `no-store`; None when its storage
    signs nothing (the file system: the caller streams the file itself)."""
    if not getattr(file.storage, "querystring_auth", False):
        return None
    parameters = {
        "ResponseContentDisposition": disposition,
        "ResponseCacheControl": "private, no-store",
    }
    if content_type:
        parameters["ResponseContentType"] = content_type
    return file.storage.url(file.name, parameters=parameters, expire=SIGNED_URL_SECONDS)


def private_file_response(file, *, filename, content_type):
    """Hand out a private file (a `FieldFile` on `private_storage`) as a download,
    after the caller's checks: on S3 a redirect to a `signed_url`; on the file
    system the file streamed by Django. Never cached by shared caches."""
    from django.http import FileResponse, HttpResponseRedirect
    from django.utils.http import content_disposition_header

    signed = signed_url(
        file,
        disposition=content_disposition_header(True, filename),
        content_type=content_type,
    )
    if signed:
        response = HttpResponseRedirect(signed)
    else:
        response = FileResponse(
            file.open("rb"),
            content_type=content_type,
            as_attachment=True,
            filename=filename,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
