"""TEMPORARY: the shared core API until `core/` lands on main; then removed.

Each name here is exactly the core API from the brief, so switching is one import.
"""

import datetime
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class DomainError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def audit_log(*, action, actor=None, target=None, target_user=None, data=None, ip=None):
    from members.services import audit_log as members_audit_log

    return members_audit_log(
        action=action,
        actor=actor,
        target=target,
        target_user=target_user,
        data=data,
        ip=ip,
    )


def send_mail(*, to, template_prefix, context):
    from members.emails import render_and_send, society_context

    full = {**society_context(), **context}

    def send():
        try:
            render_and_send(template_prefix=template_prefix, to=to, context=full)
        except Exception:
            logger.exception("mail %s to %s failed", template_prefix, to)

    transaction.on_commit(send)


def local_tz():
    return ZoneInfo(settings.TIME_ZONE)


def localtime(value):
    return timezone.localtime(value, local_tz())


def local_today():
    return localtime(timezone.now()).date()


def format_datetime(value):
    return localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def format_date(value):
    if isinstance(value, datetime.datetime):
        value = localtime(value).date()
    return value.strftime("%d.%m.%Y") if value else ""


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def register_fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {"regular": "DejaVuSans", "bold": "DejaVuSans-Bold"}
    for name in names.values():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    return names
