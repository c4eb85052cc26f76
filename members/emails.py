"""The members app's own e-mails, sent through core.mail (stored, then a task).

allauth's mails (activation, password reset …) go through the adapter, which uses
core.mail the same way; see members.adapter.
"""

from django.urls import reverse

from core.mail import send_mail, site_base_url

from .codes import format_code


def send_personal_code_email(*, personal_code, old_code=None):
    """Mail the member their personal code and a link to the printable card; with
    `old_code`, the letter that staff replaced the code and the old one is void.

    Call it inside the service's transaction: the mail is stored now and sent by a
    task after commit; its outcome is recorded on the code (see members.signals).
    """
    base_url = site_base_url()
    user = personal_code.user
    return send_mail(
        to=user.email,
        template_prefix="members/email/personal_code",
        context={
            "user": user,
            "code": personal_code,
            "old_code": format_code(old_code) if old_code else "",
            "cabinet_url": base_url + reverse("members:code"),
            "card_url": base_url + reverse("members:code_print"),
        },
        about=personal_code,
    )
