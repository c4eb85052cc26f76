"""The credits app's domain errors: each carries one clear message for people."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class CreditsError(DomainError):
    """A rule of the credits app refused the change; `message` says why."""


class CodeNotValid(CreditsError):
    """Wrong, unknown, revoked, someone else's: all answer the same on purpose."""

    def __init__(self):
        super().__init__(
            _(
                "This code is not valid. Check it against the card and try again; "
                "if it still fails, ask the organisers."
            )
        )


class AlreadyCredited(CreditsError):
    def __init__(self, event_title):
        super().__init__(
            _("You already have credits for «%(event)s»; the code was not used.")
            % {"event": event_title}
        )


class TooManyAttempts(CreditsError):
    """Too many failed attempts from this member or address; `retry_at` says when."""

    def __init__(self, retry_at_display):
        self.retry_at_display = retry_at_display
        super().__init__(
            _("Too many wrong codes. Try again at %(time)s (Moscow time).")
            % {"time": retry_at_display}
        )
