from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .accessibility import COOKIE_MAX_AGE, COOKIE_NAME, AccessibilityPrefs
from .search import clean_query, site_search

SEARCH_PAGE_SIZE = 10


def search(request):
    """Site search. Only live pages without a view restriction are ever shown.

    Any query is answered: control characters are dropped, the length is capped and a
    query without letters or digits finds nothing (home/search.py).
    """
    query = clean_query(request.GET.get("q", ""))
    paginator = Paginator(site_search(query) if query else [], SEARCH_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": query,
            "search_results": page,
            "paginator": paginator,
            # Kept on the pagination links, encoded (a query may hold & # + %).
            "page_link_extra": "&" + urlencode({"q": query}),
        },
    )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the SVG."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def accessibility_settings(request):
    """Switch the visually-impaired mode or change one of its options, then go back.

    A plain link works without JavaScript; the choice is a display preference only.
    """
    prefs = AccessibilityPrefs.from_cookie(request.COOKIES.get(COOKIE_NAME))
    prefs = prefs.updated(request.GET)
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        COOKIE_NAME,
        prefs.to_cookie(),
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
