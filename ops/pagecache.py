"""The page cache for anonymous visitors, shared by every app server (Redis).

A GET from a visitor without a session is answered from the cache when the same
page was rendered for the same language and accessibility choices since the last
change of content. Keyed on scheme, host, path, the query string (known parameters
only) and those two cookies, not on the whole Cookie header, so unrelated cookies
do not split the cache. Never used for: signed-in people (session cookie), pages
with messages to show, the admin, accounts, the cabinet, documents, and any
response that sets a cookie, is private or not a 200.

Every entry remembers the content generation it was rendered in. Publishing,
unpublishing, moving or deleting a page, and saving a snippet, a setting, a site,
a redirect, an image, a document or a view restriction starts a new generation
(after the transaction commits), so every older entry is stale at once on every
server: no key scanning, no purge lists.

Responses that could be cached carry `Cache-Control: public, max-age=…` and an
ETag; a browser revalidating with If-None-Match gets a 304. `Vary: Cookie` stays:
the page does depend on two cookies, and a browser or proxy must not show the
Russian page to someone who chose English.
"""

import hashlib
import logging
import re
import uuid
from functools import cache as memoize
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
ENTRY_PREFIX = "pagecache:page:"
HEADER = "X-Page-Cache"
_COOKIE_VALUE = re.compile(r"^[A-Za-z0-9|_.-]{0,64}$")
# Headers that belong to one response only.
_NOT_STORED = {"set-cookie", "x-request-id", HEADER.lower()}


def forbid(request):
    """Views call this for a response that must never be shared (also on 200)."""
    request._page_cache_forbidden = True


def invalidate():
    """Start a new content generation after the current transaction commits."""
    if settings.PAGE_CACHE_SECONDS:
        transaction.on_commit(_new_generation, robust=True)


def _new_generation():
    generation = uuid.uuid4().hex
    cache.set(GENERATION_KEY, generation, None)
    return generation


def _first_generation():
    """The generation to render under when none is stored (first start, eviction).

    Taken before the page is rendered, and never overwriting one another server or an
    editor's change has just set: a change that lands while the page renders then
    retires this entry like any other. None while the cache is unreachable.
    """
    cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
    return cache.get(GENERATION_KEY)


# --- deciding ---------------------------------------------------------------------------


def entry_key(request):
    """The cache key for this request, or None when it must not use the cache."""
    if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
        return None
    cookies = request.COOKIES
    if any(name in cookies for name in _bypass_cookies()):
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    path = request.path
    if path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > 512:
        return None
    params = parse_qsl(query, keep_blank_values=True)
    allowed = settings.PAGE_CACHE_QUERY_PARAMS
    if any(name not in allowed for name, _value in params):
        return None
    varying = []
    for name in _key_cookies():
        value = cookies.get(name, "")
        if not _COOKIE_VALUE.match(value):
            return None
        varying.append(value)
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # let the normal stack answer 400
    raw = "\n".join([request.scheme, host, path, urlencode(sorted(params)), *varying])
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _bypass_cookies():
    return (
        settings.SESSION_COOKIE_NAME,
        "messages",
        *settings.PAGE_CACHE_BYPASS_COOKIES,
    )


def _key_cookies():
    return (settings.LANGUAGE_COOKIE_NAME, *settings.PAGE_CACHE_KEY_COOKIES)


def storable(request, response):
    """May this response be kept and shared with every anonymous visitor?"""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or getattr(request, "_page_cache_forbidden", False):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


# --- answering ----------------------------------------------------------------------------


def _etag(content):
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


def _not_modified(request, etag, headers):
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return None
    tags = parse_etags(header)
    if "*" not in tags and etag not in tags and f"W/{etag}" not in tags:
        return None
    response = HttpResponseNotModified()
    for name, value in headers:
        if name.lower() in {"etag", "cache-control", "vary", "content-language"}:
            response[name] = value
    return response


def _public_headers(response):
    response["Cache-Control"] = f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}"
    response.headers.pop("Expires", None)


class PageCacheMiddleware:
    """Answers anonymous GETs from the shared cache; stores what may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = entry_key(request)
        if key is None:
            return self.get_response(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if entry is not None and generation is not None and entry[0] == generation:
            return self._hit(request, entry)
        if generation is None:
            generation = _first_generation()
        response = self.get_response(request)
        if not storable(request, response):
            response[HEADER] = "bypass"
            return response
        _public_headers(response)
        etag = _etag(response.content)
        response["ETag"] = etag
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in _NOT_STORED
        ]
        if generation is not None:
            cache.set(
                key,
                (generation, response.status_code, headers, response.content, etag),
                settings.PAGE_CACHE_SECONDS,
            )
        response[HEADER] = "miss"
        return _not_modified(request, etag, headers) or response

    def _hit(self, request, entry):
        _generation, status, headers, content, etag = entry
        response = _not_modified(request, etag, headers)
        if response is None:
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
        response[HEADER] = "hit"
        return response


# --- invalidation -------------------------------------------------------------------------


@memoize
def _invalidating_types():
    """Models whose saving or deleting can change a public page (pages aside)."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        Locale,
        PageViewRestriction,
        Site,
    )

    return (
        Site,
        Locale,
        Redirect,
        PageViewRestriction,
        CollectionViewRestriction,
        Collection,
        BaseSiteSetting,
        BaseGenericSetting,
        get_image_model(),
        get_document_model(),
    )


def _on_model_change(sender, instance, **kwargs):
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    if isinstance(instance, Page):
        # Saving a draft changes nothing visitors see; deleting does.
        if kwargs.get("signal_name") == "post_delete":
            invalidate()
        return
    if isinstance(instance, _invalidating_types()) or sender in get_snippet_models():
        invalidate()


def _on_page_event(sender, **kwargs):
    invalidate()


def connect_invalidation():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    def saved(sender, instance, **kwargs):
        _on_model_change(sender, instance, signal_name="post_save")

    def deleted(sender, instance, **kwargs):
        _on_model_change(sender, instance, signal_name="post_delete")

    post_save.connect(saved, dispatch_uid="ops.pagecache.saved", weak=False)
    post_delete.connect(deleted, dispatch_uid="ops.pagecache.deleted", weak=False)
    page_published.connect(_on_page_event, dispatch_uid="ops.pagecache.published")
    page_unpublished.connect(_on_page_event, dispatch_uid="ops.pagecache.unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid="ops.pagecache.moved")
