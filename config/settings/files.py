"""Where uploaded files live: `STORAGES` from the environment.

Without a bucket: local folders (development, tests). With `AWS_STORAGE_BUCKET_NAME`:
- "default" (documents, original images, anything not said otherwise) and "private"
  (receipts, members-only files) hold private objects, reached only through signed
  URLs that expire quickly and never through the CDN domain;
- "public" holds image renditions with plain, unsigned URLs (they sit in cached
  pages, so they must not expire), optionally on a CDN domain.
"""

S3 = "storages.backends.s3.S3Storage"
LOCAL = "django.core.files.storage.FileSystemStorage"


def file_storages(env, private_media_root):
    bucket = env("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        storages = {
            "default": {"BACKEND": LOCAL},
            "private": {"BACKEND": LOCAL, "OPTIONS": {"location": private_media_root}},
            "public": {"BACKEND": LOCAL},
        }
    else:
        from botocore.config import Config

        common = {
            "bucket_name": bucket,
            "region_name": env("AWS_S3_REGION_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "file_overwrite": False,
            # Fail fast when S3 is down: the person gets a clear page, not a hang.
            "client_config": Config(
                signature_version="s3v4",
                s3={"addressing_style": env("AWS_S3_ADDRESSING_STYLE", "auto")},
                connect_timeout=3,
                read_timeout=20,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        }
        # "none": the bucket's policy makes "public/" readable instead (buckets with
        # object ACLs switched off, e.g. new AWS buckets).
        public_acl = env("AWS_PUBLIC_ACL", "public-read")
        public_acl = None if public_acl.lower() == "none" else public_acl
        private = {
            **common,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(env("AWS_PRIVATE_URL_EXPIRE", "60")),
            "custom_domain": None,
        }
        storages = {
            "default": {"BACKEND": S3, "OPTIONS": private},
            "private": {
                "BACKEND": S3,
                "OPTIONS": {
                    **private,
                    "bucket_name": env("AWS_PRIVATE_STORAGE_BUCKET_NAME", bucket),
                    "location": "private",
                },
            },
            "public": {
                "BACKEND": S3,
                "OPTIONS": {
                    **common,
                    "default_acl": public_acl,
                    "querystring_auth": False,
                    "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
                    "location": "public",
                },
            },
        }
    storages["staticfiles"] = {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    }
    return storages
