"""The personal cabinet: overview, profile, personal code and its printable card."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import ProfileForm


def _member(request):
    return selectors.member_cabinet_data(user=request.user)


@never_cache
@login_required
def index(request):
    """The cabinet's first page: who you are and your personal code."""
    member = _member(request)
    return render(
        request,
        "members/cabinet_index.html",
        {"member": member, "profile": getattr(member, "profile", None)},
    )


@never_cache
@login_required
def profile(request):
    member = _member(request)
    return render(
        request,
        "members/profile.html",
        {"member": member, "profile": getattr(member, "profile", None)},
    )


@never_cache
@login_required
def profile_edit(request):
    """The member edits their own profile; nobody else's can be reached from here."""
    member = _member(request)
    form = ProfileForm(request.POST or None, user=member)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=member, data=form.cleaned_data, request=request)
        messages.success(request, _("Your profile is saved."))
        return redirect("members:profile")
    return render(
        request, "members/profile_edit.html", {"member": member, "form": form}
    )


@never_cache
@login_required
def code(request):
    """The personal code, its QR and a way to get the e-mail again."""
    member = _member(request)
    return render(
        request,
        "members/code.html",
        {"member": member, "personal_code": getattr(member, "personal_code", None)},
    )


@never_cache
@login_required
def code_print(request):
    """A card with the society's name, the member's name, the code and the QR."""
    member = _member(request)
    personal_code = getattr(member, "personal_code", None)
    if personal_code is None:
        raise Http404
    return render(
        request,
        "members/code_print.html",
        {"member": member, "personal_code": personal_code},
    )


@require_POST
@login_required
def code_resend(request):
    """Send the personal code e-mail again (or issue the code if there is none yet)."""
    try:
        if not hasattr(request.user, "personal_code"):
            services.personal_code_issue_for_verified(
                user=request.user, request=request
            )
        else:
            services.personal_code_mail_resend(user=request.user, request=request)
    except services.MembersError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("We are sending the e-mail with your code to %(email)s.")
            % {"email": request.user.email},
        )
    return redirect("members:code")
