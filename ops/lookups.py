"""Site-wide lookups every page repeats, remembered in the shared cache.

Each page used to ask the database for the same things: which site this host is,
its root page, the site's settings, the main menu, and (several times) which pages
are behind a view restriction. Here they are computed once, stored in the cache as
plain values (ids, paths, field values; never shared model objects: each request
rebuilds its own instances), and reused by every request on every app server.

A generation counter makes invalidation exact: saving or deleting a page, a site, a
view restriction, a snippet, an image, a document, a collection, a redirect or any
setting, and moving, publishing or unpublishing a page start a new generation (at
once and again after the transaction commits); entries of an older generation are
ignored. Within one request each lookup is read from the cache once. The template
fragments of `{% contentcache %}` (ops/templatetags/content_cache.py) vary on the
same generation.

Wagtail's own code asks for restrictions through `PageQuerySet.private_q` (every
`.public()`) and `Page.get_view_restrictions` (the check before serving a page);
`install()` points both at the cached list. The answers are the same as Wagtail's:
`tests/ops/test_lookups.py` compares them.
"""

import contextvars
import uuid
from functools import cache as memoize

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

GENERATION_KEY = "lookups:generation"
ORIGINALS = {}  # Wagtail's own restriction lookups, kept for the tests
TIMEOUT = 60 * 60
_memo = contextvars.ContextVar("lookups_memo", default=None)


# --- the cache --------------------------------------------------------------------------


def cached(name, compute, timeout=TIMEOUT, keep_none=True):
    """The value of lookup `name` for the current generation (computed on a miss).
    `keep_none=False`: a None is not stored (names taken from a URL: an address that
    finds nothing must not fill the cache)."""
    memo = _memo.get()
    if memo is not None and name in memo:
        return memo[name]
    key = "lookups:" + name
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is not None and generation is not None and entry[0] == generation:
        value = entry[1]
    else:
        if generation is None:
            # Taken before computing: a change that commits meanwhile retires this value.
            generation = _take_generation()
        value = compute()
        if generation is not None and (value is not None or keep_none):
            cache.set(key, (generation, value), timeout)
    if memo is not None:
        memo[name] = value
        memo.setdefault(GENERATION_KEY, generation)
    return value


def _take_generation():
    """The stored generation, starting one when none is stored, never overwriting a
    newer one (see ops.pagecache._first_generation)."""
    cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
    return cache.get(GENERATION_KEY)


def generation():
    """The current content generation: a value to vary a cached template fragment on
    (`{% wagtailpagecache … generation %}`), so publishing anything retires it.
    Read once per request (a lookup read earlier in the request already knows it)."""
    memo = _memo.get()
    if memo is not None and memo.get(GENERATION_KEY) is not None:
        return memo[GENERATION_KEY]
    value = cache.get(GENERATION_KEY) or _take_generation()
    if memo is not None:
        memo[GENERATION_KEY] = value
    return value


def invalidate():
    """Start a new generation now and again once the transaction commits.

    Now: the rest of this transaction (and this request) sees its own change. At
    commit: a request that read the old rows in between cannot have stored them
    under the generation that follows the change.
    """
    memo = _memo.get()
    if memo is not None:
        memo.clear()
    _new_generation()
    transaction.on_commit(_new_generation, robust=True)


def _new_generation():
    generation = uuid.uuid4().hex
    cache.set(GENERATION_KEY, generation, None)
    return generation


class LookupsMiddleware:
    """Each request reads each lookup from the cache at most once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            site_for_request(request)
            return self.get_response(request)
        finally:
            _memo.reset(token)


# --- values in, fresh instances out ----------------------------------------------------


def row_of(instance):
    """(field names, values) of a model instance's concrete fields."""
    names = [field.attname for field in instance._meta.concrete_fields]
    return names, [getattr(instance, name) for name in names]


def rows_of(queryset):
    model = queryset.model
    names = [field.attname for field in model._meta.concrete_fields]
    return names, [list(values) for values in queryset.values_list(*names)]


def instance_from(model, row):
    names, values = row
    return model.from_db("default", names, list(values))


def instances_from(model, rows):
    names, values = rows
    return [model.from_db("default", names, list(row)) for row in values]


# --- the site of a request and its root page -------------------------------------------


def site_for_request(request):
    """Wagtail's site for this host and port, with its root page, from the cache."""
    from django.http.request import split_domain_port
    from wagtail.models import Page, Site

    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def compute():
        site = Site._find_for_request(request)
        if site is None:
            return None
        # The root page in its own type (the home page): routing starts there, and
        # Wagtail would otherwise load it again on every request.
        root = site.root_page.specific
        return row_of(site), root._meta.label, row_of(root)

    rows = cached(f"site-root:{hostname}:{port}", compute)
    site = None
    if rows is not None:
        site = instance_from(Site, rows[0])
        try:
            site.root_page = instance_from(apps.get_model(rows[1]), rows[2])
        except LookupError:  # its type is gone from the code since it was cached
            site.root_page = Page.objects.get(pk=site.root_page_id)
    request._wagtail_site = site
    return site


def site_root(request):
    """The root page of the request's site (None for an unknown host): what lists
    of one site (the home page's events, the calendar feeds) stay below."""
    site = site_for_request(request)
    return site.root_page if site else None


# --- view restrictions ------------------------------------------------------------------


def restrictions():
    """{"restricted": [(path, depth)], "aliases": [path]}: every restricted page and
    every alias page (aliases take their source's restrictions)."""
    from wagtail.models import Page, PageViewRestriction

    def compute():
        return {
            "restricted": sorted(
                set(
                    PageViewRestriction.objects.values_list("page__path", "page__depth")
                )
            ),
            "aliases": list(
                Page.objects.filter(alias_of__isnull=False).values_list(
                    "path", flat=True
                )
            ),
        }

    return cached("restrictions", compute)


def private_q(self):
    """`PageQuerySet.private_q` from the cached restrictions (same Q as Wagtail's)."""
    q = Q()
    for path, depth in restrictions()["restricted"]:
        q |= Q(path__startswith=path) & Q(depth__gte=depth)
    return q if q else Q(pk__in=[])


def may_be_restricted(page):
    """False when no view restriction can apply to `page` (no query needed)."""
    if page.alias_of_id is not None:
        return True
    known = restrictions()
    if any(page.path.startswith(path) for path in known["aliases"]):
        return True
    return any(page.path.startswith(path) for path, _depth in known["restricted"])


def install():
    """Point Wagtail's restriction lookups at the cached list (see the docstring)."""
    from wagtail.models import Page, PageViewRestriction
    from wagtail.query import PageQuerySet

    original = Page.get_view_restrictions
    if getattr(original, "_cached_lookup", False):
        return

    def get_view_restrictions(self):
        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        restrictions = original(self)
        if self.alias_of_id is not None:
            # Wagtail checks an alias's source page but not the section the source
            # sits in: an alias of a page inside a members-only section would be
            # public. The source's own ancestors' restrictions apply too.
            source = Page.objects.get(pk=self.alias_of_id)
            restrictions = restrictions | source.get_view_restrictions()
        return restrictions

    get_view_restrictions._cached_lookup = True
    get_view_restrictions.__doc__ = original.__doc__
    ORIGINALS.update(get_view_restrictions=original, private_q=PageQuerySet.private_q)
    Page.get_view_restrictions = get_view_restrictions
    PageQuerySet.private_q = private_q


# --- site settings ------------------------------------------------------------------------


class CachedSiteSettingMixin:
    """For a `BaseSiteSetting`: `for_site` (and so `{{ settings.app.Model }}`) reads
    the cached field values instead of querying on every page."""

    @classmethod
    def for_site(cls, site):
        if site is None or site.pk is None:
            return super().for_site(site)

        def compute():
            return row_of(super(CachedSiteSettingMixin, cls).for_site(site))

        return instance_from(
            cls, cached(f"setting:{cls._meta.label_lower}:{site.pk}", compute)
        )


# --- invalidation -------------------------------------------------------------------------


@memoize
def _invalidating_types():
    """Pages, and every model whose change can alter a public page: the same list
    as the page cache's (ops.pagecache), since fragments show what pages show
    (documents' titles and links, images, settings, view restrictions)."""
    from wagtail.models import Page

    from ops.pagecache import _invalidating_types as content_types

    return (Page, *content_types())


def _on_change(sender, instance, **kwargs):
    from wagtail.snippets.models import get_snippet_models

    if isinstance(instance, _invalidating_types()) or sender in get_snippet_models():
        invalidate()


def _on_page_event(sender, **kwargs):
    invalidate()


def connect_invalidation():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_on_change, dispatch_uid="ops.lookups.saved")
    post_delete.connect(_on_change, dispatch_uid="ops.lookups.deleted")
    page_published.connect(_on_page_event, dispatch_uid="ops.lookups.published")
    page_unpublished.connect(_on_page_event, dispatch_uid="ops.lookups.unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid="ops.lookups.moved")
