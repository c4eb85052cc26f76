"""The membership app's domain error."""

from core.errors import DomainError


class MembershipError(DomainError):
    """A membership rule forbids the requested change; `message` is for people."""
