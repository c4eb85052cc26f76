from .i18n import content_language as _content_language


def content_language(request):
    """`content_lang`: the language editors write pages in, for `lang` on content
    shown in an English interface (see core.i18n)."""
    return {"content_lang": _content_language()}
