"""The admin's rich-text editor, named for screen readers.

Wagtail's Draftail editor is a `contenteditable` area that the field's `<label>` does
not name (the label points at a hidden input), so a screen reader announces an
unnamed text box. This widget hands Draftail the label's id (Wagtail renders it as
`<input id>-label`) as `aria-labelledby`; settings.WAGTAILADMIN_RICH_TEXT_EDITORS
makes it the default for every rich-text field and block.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text import DraftailRichTextArea


class LabelledDraftailRichTextArea(DraftailRichTextArea):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            options = {**self.options, "ariaLabelledBy": f"{widget_attrs['id']}-label"}
            widget_attrs["data-w-init-detail-value"] = json.dumps(
                options, cls=DjangoJSONEncoder
            )
        return context
