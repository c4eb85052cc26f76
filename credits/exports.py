"""CSV and XLSX files staff download: a batch's codes and an event's report (built
in the background, see staff_exports.py).

CSV is Excel-ready (UTF-8 with BOM, «;»); cells that a spreadsheet would run as a
formula are neutralised. Times are Moscow time.
"""

import csv
import io

from django.utils.translation import gettext as _

from core.spreadsheets import neutralise, neutralise_csv
from core.time import format_date, format_datetime

from . import codes
from .models import CreditCodeStatus
from .selectors import event_attendees, event_report


def csv_bytes(rows):
    """The rows as an Excel-ready CSV file (UTF-8 with BOM, «;»)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow([neutralise_csv(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows, title):
    """The rows as one sheet named `title` of an XLSX workbook."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def batch_rows(batch):
    """Header and one row per code of `batch` (who used it and when)."""
    statuses = dict(CreditCodeStatus.choices)
    yield [
        _("Code"),
        _("Credits"),
        _("Valid from"),
        _("Valid until"),
        _("Label"),
        _("Status"),
        _("Used by"),
        _("Used at"),
    ]
    query = batch.codes.select_related("used_by").order_by("pk")
    for code in query.iterator(chunk_size=2000):
        yield [
            codes.display(code.code),
            str(code.credits).replace(".", ","),
            format_datetime(code.valid_from),
            format_datetime(code.valid_until),
            code.label,
            statuses[code.status],
            code.used_by.get_full_name() if code.used_by else "",
            format_datetime(code.used_at),
        ]


def report_rows(event):
    """The organiser's report: the figures, then one row per attendee."""
    figures = event_report(event=event)
    labels = [
        ("codes_issued", _("Codes issued")),
        ("codes_used", _("Codes redeemed")),
        ("codes_revoked", _("Codes revoked")),
        ("codes_unused", _("Codes not used")),
        ("check_ins", _("Checked in at the door")),
        ("credited", _("Members credited")),
        ("nmo_imported", _("НМО codes imported")),
        ("nmo_handed", _("НМО codes handed out")),
        ("nmo_available", _("НМО codes not handed out")),
        ("nmo_entered", _("НМО codes marked entered")),
    ]
    yield [_("Event"), event.title]
    yield [_("Dates"), event.date_display]
    for key, label in labels:
        yield [label, figures[key]]
    yield []
    yield [
        _("Last name"),
        _("First name"),
        _("Patronymic"),
        _("E-mail"),
        _("Checked in at"),
        _("Credits"),
        _("How"),
        _("НМО code"),
        _("Entered on the portal"),
    ]
    for row in event_attendees(event=event):
        user, record = row["user"], row.get("record")
        check_in, nmo = row.get("check_in"), row.get("nmo_code")
        yield [
            user.last_name,
            user.first_name,
            user.patronymic,
            user.email,
            format_datetime(check_in.checked_in_at) if check_in else "",
            str(record.credits).replace(".", ",") if record else "",
            record.get_source_display() if record else "",
            nmo.code if nmo else "",
            format_date(nmo.entered_at) if nmo and nmo.entered_at else "",
        ]
