"""Events: congresses, conferences, schools, master-classes.

The page types arrive with the events issue; the specialty list lives here because
events give credits per specialty, and member profiles use the same list.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Specialty(index.Indexed, models.Model):
    """A medical specialty (урология, онкология …): one managed list for the whole site.

    Events state which specialties their credits count for; members state their own.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=False)
    sort_order = models.PositiveIntegerField(_("order"), default=100)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive specialties stay on old records but are not offered."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
