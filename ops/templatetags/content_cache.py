"""`{% contentcache %}`: a template fragment kept until anything is published.

    {% load content_cache %}
    {% contentcache 600 "site-header" user.is_authenticated %} … {% endcontentcache %}

Like Django's `{% cache %}` (seconds, a name, values to vary on), and besides those
always varying on what every public fragment depends on: the content generation
(ops.lookups: saving, publishing, moving or deleting a page, a snippet, an image or
a setting retires every fragment at once), the language and the request's site.
A fragment of one page varies on `page.pk` too (the generation covers its edits).
Skipped in previews and without a request, as Wagtail's `{% wagtailcache %}` is.

Only for markup that is the same for everyone who may see the page: never put
anything about the user (beyond what a vary value says), a form with a CSRF token
or a message inside one. What depends on the clock goes into the vary values
(an event's status), the timeout bounds the rest.
"""

from django import template
from django.template import Variable
from django.utils import translation
from wagtail.templatetags.wagtail_cache import WagtailCacheNode

from ops import lookups

register = template.Library()


class ContentCacheNode(WagtailCacheNode):
    def render(self, context):
        request = context.get("request")  # none, or a preview: Wagtail renders afresh
        site = lookups.site_for_request(request) if request is not None else None
        fixed = [lookups.generation(), translation.get_language(), site and site.pk]
        with context.update({"contentcache_fixed": fixed}):
            return super().render(context)


def do_contentcache(parser, token):
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 3:
        raise template.TemplateSyntaxError(
            f"'{tokens[0]}' tag requires at least 2 arguments."
        )
    vary_on = [parser.compile_filter(t) for t in tokens[3:]]
    vary_on.append(Variable("contentcache_fixed"))
    return ContentCacheNode(
        nodelist, parser.compile_filter(tokens[1]), tokens[2], vary_on, None
    )


register.tag("contentcache", do_contentcache)
