"""The one base of every domain error."""


class DomainError(Exception):
    """A domain rule forbids the requested change.

    `message` is a translated sentence for people; views turn it into a message.
    Each app subclasses it (`class CreditsError(DomainError)`).
    """

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
