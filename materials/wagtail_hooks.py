"""Materials' hooks: who sees the members' pages, the guard on Wagtail's document
URL, audit actions, the cabinet block, demo content and the admin's download count."""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.visibility import PageAudience

from .access import can_read


@hooks.register("register_page_audience")
def members_audience():
    """Search, menus and listings show the members' area to those who may read it,
    and to nobody else (core.visibility)."""
    from .selectors import members_pages_q

    return PageAudience(name="members", pages=members_pages_q, admits=can_read)


@hooks.register("before_serve_document", order=-10)
def guard_members_documents(document, request):
    """Wagtail's own document URL never serves a members-only document (one of the
    members' collection, or attached to a material): readers are sent to the
    checked (stamping, logging) view, everybody else gets a 404. Runs before
    Wagtail's own collection restriction check, which would ask for a login."""
    from .selectors import is_members_document

    if not is_members_document(document):
        return None
    if can_read(request.user):
        return HttpResponseRedirect(reverse("materials:document", args=[document.pk]))
    raise Http404


@hooks.register("describe_collection_contents")
def members_collection_is_never_empty(collection):
    """The members' collection can't be deleted in the admin (Wagtail refuses to
    delete a collection that reports contents)."""
    from .selectors import members_collection

    if collection != members_collection():
        return None
    return {
        "count": 1,
        "count_text": _("members-only documents (this collection is required)"),
        "url": reverse("wagtaildocs:index") + f"?collection_id={collection.pk}",
    }


@hooks.register("register_log_actions")
def register_materials_actions(actions):
    actions.register_action(
        "materials.document.downloaded",
        _("Members' document downloaded"),
        _("Members' document downloaded"),
    )


@hooks.register("register_demo_content")
def materials_demo():
    from core.demo import DemoLoader

    from . import demo

    return DemoLoader(name="materials", order=60, load=demo.load)


@hooks.register("register_cabinet_overview_section")
def materials_cabinet_section(user):
    """The three newest materials for readers; why not and what to do for others."""
    from django.template.loader import render_to_string

    from .models import MembersAreaPage
    from .selectors import newest_materials

    area = MembersAreaPage.objects.live().first()
    if area is None:
        return None
    readable = can_read(user)
    return render_to_string(
        "materials/includes/cabinet.html",
        {
            "can_read": readable,
            "materials": newest_materials(user=user) if readable else [],
            "area": area,
        },
    )
