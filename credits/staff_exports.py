"""The credits files staff download, prepared in the background (core.exports):
a batch's printable code cards (PDF) and its codes (CSV), an event's report (CSV,
XLSX). Found by `core.exports.autodiscover()`; the builders run in the task worker
and get only the ids in `params`."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import BuiltFile, register_export
from events.models import EventPage

from . import exports
from .errors import CreditsError
from .models import CertificateSettings, CreditCodeBatch

CODE_VIEW = "credits.view_creditcode"
REPORT_VIEW = ("credits.view_creditrecord", "credits.view_creditcode")
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _batch(params):
    batch = (
        CreditCodeBatch.objects.select_related("event")
        .filter(pk=params.get("batch"))
        .first()
    )
    if batch is None:
        raise CreditsError(_("The code batch no longer exists."))
    return batch


def _event(params):
    event = EventPage.objects.filter(pk=params.get("event")).first()
    if event is None:
        raise CreditsError(_("The event no longer exists."))
    return event


def _hub_of_batch(params):
    batch = CreditCodeBatch.objects.filter(pk=params.get("batch")).first()
    return reverse("credits_admin:event", args=[batch.event_id]) if batch else ""


def _hub_of_event(params):
    return reverse("credits_admin:event", args=[params.get("event")])


def build_batch_cards(params):
    """The printable sheet of cut-out cards, only the codes still usable."""
    from .pdf.sheet import code_sheet_pdf

    batch = _batch(params)
    values = list(
        batch.codes.filter(status="active")
        .order_by("pk")
        .values_list("code", flat=True)
    )
    issuer = CertificateSettings.load().issuer
    return BuiltFile(
        content=code_sheet_pdf(batch=batch, code_values=values, issuer=issuer),
        filename=f"credit-cards-{batch.event_id}-{batch.pk}.pdf",
        content_type="application/pdf",
        rows=len(values),
    )


def build_batch_csv(params):
    """Every code of the batch, who used it and when."""
    batch = _batch(params)
    rows = list(exports.batch_rows(batch))
    return BuiltFile(
        content=exports.csv_bytes(rows),
        filename=f"credit-codes-{batch.event_id}-{batch.pk}.csv",
        content_type=CSV,
        rows=len(rows) - 1,
    )


def _report(params):
    event = _event(params)
    rows = list(exports.report_rows(event))
    attendees = len(rows) - rows.index([]) - 2  # after the figures, a blank, a header
    return event, rows, attendees


def build_report_csv(params):
    event, rows, attendees = _report(params)
    return BuiltFile(
        content=exports.csv_bytes(rows),
        filename=f"credits-report-{event.pk}.csv",
        content_type=CSV,
        rows=attendees,
    )


def build_report_xlsx(params):
    event, rows, attendees = _report(params)
    return BuiltFile(
        content=exports.xlsx_bytes(rows, _("Report")),
        filename=f"credits-report-{event.pk}.xlsx",
        content_type=XLSX,
        rows=attendees,
    )


register_export(
    "credits.batch_cards_pdf",
    build_batch_cards,
    CODE_VIEW,
    label=gettext_lazy("Code cards to print (PDF)"),
    back_url=_hub_of_batch,
)
register_export(
    "credits.batch_codes_csv",
    build_batch_csv,
    CODE_VIEW,
    label=gettext_lazy("Codes of a batch (CSV)"),
    back_url=_hub_of_batch,
)
register_export(
    "credits.event_report_csv",
    build_report_csv,
    REPORT_VIEW,
    label=gettext_lazy("Report of an event (CSV)"),
    back_url=_hub_of_event,
)
register_export(
    "credits.event_report_xlsx",
    build_report_xlsx,
    REPORT_VIEW,
    label=gettext_lazy("Report of an event (XLSX)"),
    back_url=_hub_of_event,
)
