from django.conf import settings
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
    paginator = Paginator(
        site_search(query, request.user) if query else [], SEARCH_PAGE_SIZE
    )
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


def safe_next(request):
    """The `next` parameter if it is a path on this site, else the home page.

    Only relative paths: no scheme, no host, no `//host` or `/\\host` tricks, so the
    preference links cannot be used to send people to another site.
    """
    next_url = request.GET.get("next", "/")
    if (
        not next_url.startswith("/")
        or next_url.startswith(("//", "/\\"))
        or any(ord(char) < 32 for char in next_url)
        or not url_has_allowed_host_and_scheme(next_url, allowed_hosts=set())
    ):
        return "/"
    return next_url


def preference_redirect(request, cookie_name, value):
    """Go back to the page, remembering a display preference in a cookie.

    A plain GET (a link or a GET form): public pages need no CSRF token for it, so
    they set no cookie and can be cached. The choice changes nothing but display.
    """
    response = HttpResponseRedirect(safe_next(request))
    response.set_cookie(
        cookie_name,
        value,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    response["Cache-Control"] = "no-store"
    return response


def switch_language(request):
    """The RU/EN switch: `?lang=en&next=/events/`; an unknown language is ignored."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(safe_next(request))
    return preference_redirect(request, settings.LANGUAGE_COOKIE_NAME, language)


def accessibility_settings(request):
    """Switch the visually-impaired mode or change one of its options, then go back.

    A plain link works without JavaScript; the choice is a display preference only.
    """
    prefs = AccessibilityPrefs.from_cookie(request.COOKIES.get(COOKIE_NAME))
    prefs = prefs.updated(request.GET)
    return preference_redirect(request, COOKIE_NAME, prefs.to_cookie())
