"""The privacy app's one domain error."""

from core.errors import DomainError


class PrivacyError(DomainError):
    """A personal-data rule forbids the requested change; `message` is for people."""
