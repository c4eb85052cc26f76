from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Specialty


class SpecialtyViewSet(SnippetViewSet):
    model = Specialty
    icon = "list-ul"
    menu_label = _("Specialties")
    list_display = ["name", "slug", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


register_snippet(SpecialtyViewSet)
