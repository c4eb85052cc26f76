"""Core in the Wagtail admin: its audit actions, the specialty list, stored mail."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Specialty


@hooks.register("register_log_actions")
def register_core_actions(actions):
    actions.register_action(
        "core.mail.resent", _("E-mail sent again"), _("E-mail sent again")
    )


class SpecialtyViewSet(SnippetViewSet):
    """The specialty list editors manage (events and profiles use it)."""

    model = Specialty
    icon = "list-ul"
    menu_label = _("Specialties")
    list_display = ["name", "slug", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


register_snippet(SpecialtyViewSet)
