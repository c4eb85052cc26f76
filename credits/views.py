"""The cabinet section «Баллы НМО»: enter a code, the ledger, the cycle, НМО codes,
certificates and the transcript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.time import format_date

from . import codes, selectors, services
from .errors import CreditsError
from .forms import CycleForm, PeriodForm, RedeemForm, default_period
from .models import CertificateSettings, NmoCode
from .templatetags.credits_tags import credits as credits_text


def client_ip(request):
    """The client's IP as the accounts app determines it (trusted proxy header only)."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # a misconfigured proxy header: count no address, don't fail
        return None


@never_cache
@login_required
def cabinet(request):
    """The ledger and the code form; a card's QR lands here with `?code=` filled in."""
    form = RedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.credit_code_redeem(
                user=request.user,
                raw_code=form.cleaned_data["code"],
                ip=client_ip(request),
            )
        except CreditsError as error:
            form.add_error("code", error.message)
        else:
            messages.success(
                request,
                _("Credited: «%(event)s», %(credits)s ЗЕТ.")
                % {
                    "event": record.event.title,
                    "credits": credits_text(record.credits),
                },
            )
            return redirect("credits:cabinet")
    elif request.method == "GET" and "code" in request.GET:
        typed = request.GET.get("code", "")[:40]
        normalized = codes.normalize(typed)
        form = RedeemForm(
            initial={"code": codes.display(normalized) if normalized else typed}
        )
    data = selectors.cabinet_credits(user=request.user)
    cycle = data["cycle"]
    context = {
        **data,
        "form": form,
        "prefilled": bool(request.GET.get("code")),
        "cycle_form": CycleForm(initial={"cycle_start": data["cycle_start"]}),
        "period_form": PeriodForm(initial=default_period(cycle=cycle)),
    }
    return render(request, "credits/cabinet.html", context)


@require_POST
@login_required
def cycle_set(request):
    form = CycleForm(request.POST)
    if form.is_valid():
        try:
            services.credit_cycle_set(
                user=request.user, cycle_start=form.cleaned_data["cycle_start"]
            )
        except CreditsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The start of your cycle is saved."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("credits:cabinet")


@require_POST
@login_required
def nmo_entered(request, pk):
    """The member marks their НМО code as entered on the portal (theirs only)."""
    code = get_object_or_404(NmoCode, pk=pk, assigned_to=request.user)
    services.nmo_code_mark_entered(user=request.user, nmo_code=code)
    messages.success(request, _("Marked as entered on the НМО portal."))
    return redirect("credits:cabinet")


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
def certificate(request, certificate_id):
    """The member's certificate of attendance for one credited event."""
    from .pdf.certificate import certificate_pdf

    record = selectors.certificate_for_owner(
        user=request.user, certificate_id=certificate_id
    )
    if record is None or record.credits <= 0:
        raise Http404
    content = certificate_pdf(
        record=record,
        layout=CertificateSettings.load(request_or_site=request),
        verify_url=request.build_absolute_uri(
            reverse("credits:verify", args=[record.certificate_id])
        ),
    )
    name = slugify(record.event.slug or "event")[:40]
    return _pdf_response(content, f"certificate-{name}.pdf")


@never_cache
@login_required
def transcript(request):
    """All the member's credits over a period, as a PDF."""
    from .pdf.certificate import transcript_pdf

    form = PeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("Choose a period: both dates, the end after the start.")
        )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    records = selectors.records_in_period(user=request.user, start=start, end=end)
    content = transcript_pdf(
        user=request.user,
        records=records,
        start=start,
        end=end,
        layout=CertificateSettings.load(request_or_site=request),
    )
    return _pdf_response(
        content, f"transcript-{format_date(start)}-{format_date(end)}.pdf"
    )
