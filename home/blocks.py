"""StreamField blocks shared by every page type with a free-form body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# The rich-text features of the site, said once: every rich-text field and block
# uses one of these lists.
INLINE_FEATURES = ["bold", "italic", "link"]
RICH_TEXT_FEATURES = [*INLINE_FEATURES, "document-link", "ol", "ul"]
BODY_FEATURES = [*RICH_TEXT_FEATURES, "h3"]

CALLOUT_KINDS = [
    ("info", _("Information")),
    ("tip", _("Tip")),
    ("warning", _("Warning")),
]


class RenditionPrefetchingImageChooserBlock(ImageChooserBlock):
    """An image chooser that loads every image of a stream, with its renditions, at once.

    The stock block fetches the images in one query but then each `{% image %}` tag
    looks up its rendition separately, so a page's query count grows with its images.
    """

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        objects = self.model_class.objects.prefetch_renditions().in_bulk(ids)
        return [objects.get(value) for value in values]


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 or 3 keeps the page outline valid."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with required alternative text and an optional visible caption."""

    image = RenditionPrefetchingImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=255,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "blocks/captioned_image_block.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: information, a tip or a warning."""

    kind = blocks.ChoiceBlock(label=_("Kind"), choices=CALLOUT_KINDS, default="info")
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=INLINE_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a document from the library, with its format and size."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the document title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The body of standard pages and events."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=BODY_FEATURES,
        template="blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    callout = CalloutBlock()
    document = DocumentLinkBlock()
    table = TableBlock(
        label=_("Table"),
        template="blocks/table_block.html",
        table_options={"contextMenu": True, "startRows": 3, "startCols": 3},
    )
    embed = EmbedBlock(
        label=_("Embedded video"),
        help_text=_("A link to a video, e.g. on YouTube or Rutube."),
        template="blocks/embed_block.html",
    )
