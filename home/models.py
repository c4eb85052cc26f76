"""The society's content pages and its site-wide settings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import CALLOUT_KINDS, BaseStreamBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def images_with_renditions(lookup):
    """Prefetch the images behind `lookup` together with their stored renditions."""
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{lookup}__renditions",
        queryset=rendition_model.objects.all(),
        to_attr="prefetched_renditions",
    )


@register_setting(icon="site")
class SocietySettings(BaseSiteSetting):
    """Who the society is and how to reach it: shown in the header, footer and e-mails."""

    full_name = models.CharField(
        _("full name"), max_length=255, default="Российское общество урологов"
    )
    short_name = models.CharField(_("short name"), max_length=50, default="РОУ")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    join_help_phone = models.CharField(
        _("help phone for joining"),
        max_length=50,
        blank=True,
        help_text=_("Shown on the guides: whom to call with questions about joining."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    working_hours = models.CharField(_("working hours"), max_length=100, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("full_name"), FieldPanel("short_name"), FieldPanel("logo")],
            heading=_("Name"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("join_help_phone"),
                FieldPanel("email"),
                FieldPanel("working_hours"),
            ],
            heading=_("Contacts"),
        ),
    ]

    class Meta:
        verbose_name = _("society settings")

    @staticmethod
    def tel_href(number):
        """A `tel:` link target: digits and a leading plus only."""
        digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
        return f"tel:{digits}"

    @property
    def phone_href(self):
        return self.tel_href(self.phone)

    @property
    def join_help_phone_href(self):
        return self.tel_href(self.join_help_phone)


class HomePage(Page):
    """The front page: who the society is and where to start."""

    hero_title = models.CharField(_("hero title"), max_length=255, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("hero button page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_text = models.CharField(_("hero button text"), max_length=100, blank=True)
    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_page"),
                FieldPanel("hero_cta_text"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("introduction"),
        InlinePanel("featured_guides", label=_("Featured guides"), max_num=6),
    ]

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_featured_guides(self):
        """Featured guides that visitors may see, in the editor's order."""
        links = (
            self.featured_guides.filter(page__live=True)
            .select_related("page")
            .order_by("sort_order")
        )
        public_ids = set(
            Page.objects.filter(pk__in=[link.page_id for link in links])
            .public()
            .values_list("pk", flat=True)
        )
        return [link for link in links if link.page_id in public_ids]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_guides"] = self.get_featured_guides()
        return context


class HomePageFeaturedGuide(Orderable):
    """A guide highlighted on the front page."""

    home = ParentalKey(
        HomePage, on_delete=models.CASCADE, related_name="featured_guides"
    )
    page = models.ForeignKey(
        "home.InstructionPage",
        verbose_name=_("guide"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    blurb = models.CharField(_("short description"), max_length=255, blank=True)

    panels = [FieldPanel("page"), FieldPanel("blurb")]


class StandardPage(Page):
    """A free-form content page: about the society, contacts, documents."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class InstructionIndexPage(Page):
    """The list of step-by-step guides."""

    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.InstructionPage"]

    class Meta:
        verbose_name = _("guide index")

    def get_guides(self):
        return self.get_children().live().public().type(InstructionPage).specific()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = self.get_guides()
        return context


class InstructionPage(Page):
    """A step-by-step guide visitors follow: how to join, how to register on the НМО portal.

    Steps and FAQ are ordered child rows edited inline, so that each step keeps its own
    screenshot (with required alt text) and callout and the page loads them in one query.
    """

    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )
    summary = models.CharField(
        _("summary"),
        max_length=255,
        blank=True,
        help_text=_("One sentence for listings and search results."),
    )
    outro = RichTextField(_("after the steps"), blank=True, features=RICH_TEXT_FEATURES)
    show_contacts = models.BooleanField(
        _("show the contact block"),
        default=True,
        help_text=_("“Questions? Call …” with the phone from the society settings."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("introduction"),
        InlinePanel("steps", label=_("Steps"), min_num=1, heading=_("Steps")),
        FieldPanel("outro"),
        InlinePanel(
            "faqs", label=_("Question"), heading=_("Frequently asked questions")
        ),
        FieldPanel("show_contacts"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("introduction"),
        index.RelatedFields(
            "steps", [index.SearchField("title"), index.SearchField("body")]
        ),
        index.RelatedFields(
            "faqs", [index.SearchField("question"), index.SearchField("answer")]
        ),
    ]

    parent_page_types = ["home.InstructionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def get_steps(self):
        """The steps in order, with screenshots and their renditions in two queries."""
        steps = self.steps.select_related("image").prefetch_related(
            images_with_renditions("image")
        )
        return list(steps)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["steps"] = self.get_steps()
        context["faqs"] = list(self.faqs.all())
        return context


class InstructionStep(Orderable):
    """One numbered step of a guide."""

    page = ParentalKey(InstructionPage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("title"), max_length=255)
    body = RichTextField(_("text"), features=RICH_TEXT_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("screenshot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("screenshot alt text"),
        max_length=255,
        blank=True,
        help_text=_("Required with a screenshot: what the picture shows."),
    )
    image_caption = models.CharField(
        _("screenshot caption"), max_length=255, blank=True
    )
    callout_kind = models.CharField(
        _("callout kind"), max_length=10, choices=CALLOUT_KINDS, blank=True
    )
    callout_text = models.TextField(_("callout text"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_caption")],
            heading=_("Screenshot"),
        ),
        MultiFieldPanel(
            [FieldPanel("callout_kind"), FieldPanel("callout_text")],
            heading=_("Tip or warning"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = _(
                "Describe the screenshot: alternative text is required with an image."
            )
        if self.callout_text.strip() and not self.callout_kind:
            errors["callout_kind"] = _(
                "Choose whether the callout is a tip or a warning."
            )
        if self.callout_kind and not self.callout_text.strip():
            errors["callout_text"] = _("Write the text of the callout.")
        if errors:
            raise ValidationError(errors)


class InstructionFAQ(Orderable):
    """A question and its answer under a guide."""

    page = ParentalKey(InstructionPage, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(_("question"), max_length=255)
    answer = RichTextField(_("answer"), features=RICH_TEXT_FEATURES)

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.question
