"""The home app's contributions through hooks: the society's context in mails."""

from wagtail import hooks

from .models import SocietySettings


@hooks.register("register_mail_context")
def society_mail_context(site):
    """The society's name and contacts for the header and footer of every mail."""
    return {"society": SocietySettings.for_site(site) if site else SocietySettings()}
