"""Admin helpers shared by the apps' staff screens."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .errors import DomainError


def confirm_then_run(
    request,
    *,
    title,
    text,
    permission,
    run,
    back_url,
    subtitle="",
    icon="",
    hidden=None,
):
    """GET: a confirmation page; POST: run the action once and go back to `back_url`.

    `permission` is checked first (staff without it get 403). `run()` calls one
    service and returns the success message; a `DomainError` becomes an error
    message. `hidden` values are posted back with the confirmation, so the action
    can tell what the person saw (and a second click on a stale page changes
    nothing).
    """
    if not request.user.has_perm(permission):
        raise PermissionDenied
    if request.method == "POST":
        try:
            message = run()
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return redirect(back_url)
    return TemplateResponse(
        request,
        "core/admin/confirm_action.html",
        {
            "title": title,
            "text": text,
            "subtitle": subtitle,
            "icon": icon,
            "hidden": hidden or {},
            "cancel_url": back_url,
        },
    )
