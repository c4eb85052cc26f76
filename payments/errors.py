"""The payments app's one domain error."""

from core.errors import DomainError


class PaymentsError(DomainError):
    """A payment rule forbids the requested change; `message` is for people."""
