"""Members' area and materials: pages editors publish, readable by active members.

The rule who may read is `materials.access.can_read`; the area carries a login view
restriction (Wagtail's privacy machinery: anonymous visitors go to the login page,
`.public()` hides the area from search, menus and the sitemap) and both page types
decide between the material and the invitation with `can_read`.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.models import LatinSlugMixin

from .access import can_read

PER_PAGE = 12

IMAGES_NOT_SECRET = _(
    "Images placed on members' pages are NOT secret: anyone with the image address "
    "can open it. Put confidential files in attached documents."
)


class MembersOnlyMixin:
    """Serving rules shared by the area and its materials."""

    def serve(self, request, *args, **kwargs):
        # Wagtail's login restriction on the area sends anonymous visitors to the
        # login page first; this holds even if an editor removed it.
        if not request.user.is_authenticated:
            response = redirect_to_login(request.get_full_path())
        else:
            response = super().serve(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_sitemap_urls(self, request=None):
        return []


class MembersAreaPage(MembersOnlyMixin, LatinSlugMixin, Page):
    """The members' area: materials newest first, filtered by topic and specialty."""

    introduction = models.TextField(
        pgettext_lazy("materials", "introduction"), blank=True
    )
    join_guide = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("how-to-join guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, "introduction", "join_guide"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["materials.MaterialPage"]

    class Meta:
        verbose_name = pgettext_lazy("materials", "members' area")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # Login restriction: `.public()` (search, menus, sitemap) hides the area and
        # Wagtail sends anonymous visitors to the login page.
        PageViewRestriction.objects.get_or_create(
            page=self, restriction_type=PageViewRestriction.LOGIN
        )
        return result

    def materials(self, *, topic="", specialty=""):
        pages = (
            MaterialPage.objects.child_of(self)
            .live()
            .select_related("specialty")
            .order_by("-date", "-pk")
        )
        if topic:
            pages = pages.filter(topics__slug=topic[:100])
        if specialty.isdigit() and len(specialty) < 10:
            pages = pages.filter(specialty_id=int(specialty))
        return pages

    def get_context(self, request, *args, **kwargs):
        from core.models import Specialty

        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("topic", "").replace("\x00", "")
        specialty = request.GET.get("specialty", "")
        paginator = Paginator(
            self.materials(topic=topic, specialty=specialty), PER_PAGE
        )
        context["materials"] = paginator.get_page(request.GET.get("page"))
        context["specialties"] = Specialty.objects.order_by("name")
        context["topics"] = (
            Tag.objects.filter(materials_materialtag_items__isnull=False)
            .distinct()
            .order_by("name")
        )
        context["topic"], context["specialty"] = topic, specialty
        filters = {k: v for k, v in (("topic", topic), ("specialty", specialty)) if v}
        context["filter_query"] = "&" + urlencode(filters) if filters else ""
        context["can_read"] = can_read(request.user)
        return context


class MaterialTag(TaggedItemBase):
    content_object = ParentalKey(
        "materials.MaterialPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class MaterialPage(MembersOnlyMixin, LatinSlugMixin, Page):
    """One members-only material: everyone logged in sees its title and teaser,
    active members and staff read it and download its documents."""

    teaser = models.TextField(
        pgettext_lazy("materials", "teaser"),
        help_text=_("Shown to everyone who is logged in, members or not."),
    )
    date = models.DateField(pgettext_lazy("materials", "date"))
    topics = ClusterTaggableManager(
        through=MaterialTag,
        blank=True,
        verbose_name=pgettext_lazy("materials", "topics"),
    )
    specialty = models.ForeignKey(
        "core.Specialty",
        verbose_name=pgettext_lazy("materials", "specialty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=pgettext_lazy("materials", "body"),
        blank=True,
        help_text=IMAGES_NOT_SECRET,
    )
    video_url = models.URLField(
        pgettext_lazy("materials", "video"),
        blank=True,
        help_text=_("Optional video address (embed)."),
    )

    content_panels = [
        *Page.content_panels,
        "teaser",
        "date",
        "topics",
        "specialty",
        FieldPanel("body"),
        "video_url",
        InlinePanel("attachments", label=pgettext_lazy("materials", "Documents")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
    ]
    parent_page_types = ["materials.MembersAreaPage"]
    subpage_types = []

    class Meta:
        verbose_name = pgettext_lazy("materials", "material")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        readable = can_read(request.user)
        context["can_read"] = readable
        if readable:
            context["video_html"] = self.video_html()
            context["attachments"] = [
                {
                    "document": a.document,
                    "url": reverse("materials:document", args=[a.document_id]),
                }
                for a in self.attachments.select_related("document")
            ]
        else:
            area = self.get_parent().specific
            guide = area.join_guide if isinstance(area, MembersAreaPage) else None
            context["join_url"] = guide.url if guide else None
            context["membership_url"] = reverse("membership:index")
        return context

    def video_html(self):
        """The video's embed code (Wagtail's oEmbed cache); "" when the provider
        can't be reached: the page then offers the plain link alone."""
        from django.core.cache import cache
        from wagtail.embeds.embeds import get_embed
        from wagtail.embeds.exceptions import EmbedException

        failed = f"materials:embed-failed:{self.pk}:{self.video_url}"[:240]
        if not self.video_url or cache.get(failed):
            return ""
        try:
            return get_embed(self.video_url).html
        except (EmbedException, OSError):
            cache.set(failed, True, 60 * 60)  # don't wait for it on every view
            return ""

    def get_template(self, request, *args, **kwargs):
        if can_read(getattr(request, "user", None)):
            return "materials/material_page.html"
        return "materials/material_invitation.html"


class MembersCollection(models.Model):
    """THE collection of members-only documents (one row, made by migration 0002).

    Every document in it or below it is members-only for good: Wagtail's own
    /documents/ URL never serves it to outsiders (wagtail_hooks), whether or not a
    material holds it, and the collection carries a Wagtail view restriction too.
    """

    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("members' documents collection")

    def __str__(self):
        return str(self.collection)


class MaterialDocument(Orderable):
    """A document attached to a material: only documents of the members' collection
    can be attached (`clean`), so detaching one never makes it public."""

    page = ParentalKey(
        MaterialPage, related_name="attachments", on_delete=models.CASCADE
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=pgettext_lazy("materials", "document"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "Only documents of the members' collection can be attached: upload the "
            "file into that collection or move it there first (Documents, edit, "
            "Collection). Documents there are never public, even after detaching."
        ),
    )

    panels = ["document"]

    def clean(self):
        from .selectors import in_members_collection, members_collection

        super().clean()
        if self.document_id is None:
            return
        self._refuse_unstampable_pdf()
        if in_members_collection(self.document):
            return
        collection = members_collection()
        raise ValidationError(
            {
                "document": _(
                    "«%(document)s» is not in the members' collection "
                    "«%(collection)s» and would be public at its Wagtail address. "
                    "Move it into that collection first (Documents, edit, "
                    "Collection) or upload the file there."
                )
                % {
                    "document": self.document.title,
                    "collection": collection or "—",
                }
            }
        )

    def _refuse_unstampable_pdf(self):
        """Readers get PDFs stamped with their name: one locked with a password
        (or broken) can't be stamped, so it can't be attached."""
        from .stamp import UnreadablePdf, open_pdf

        document = self.document
        if not document.filename.lower().endswith(".pdf"):
            return
        try:
            with document.open_file() as handle:
                open_pdf(handle.read())
        except UnreadablePdf:
            raise ValidationError(
                {
                    "document": _(
                        "«%(document)s» is protected with a password or damaged: "
                        "members' copies can't be stamped. Upload the PDF again "
                        "without a password."
                    )
                    % {"document": document.title}
                }
            ) from None


class DocumentDownload(models.Model):
    """Who downloaded which members-only document, and when."""

    user = models.ForeignKey("members.User", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+"
    )
    downloaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("document download")
        ordering = ["-downloaded_at"]

    def __str__(self):
        return (
            f"{self.user_id} · {self.document_id} · {self.downloaded_at:%Y-%m-%d %H:%M}"
        )
