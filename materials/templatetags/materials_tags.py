from django import template

from materials.selectors import download_count, is_members_document

register = template.Library()


@register.simple_tag
def members_downloads(document):
    """How many members downloaded `document`; None for a document of no material."""
    if document is None or not is_members_document(document):
        return None
    return download_count(document)
