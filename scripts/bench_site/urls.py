"""The site's URLs plus the benchmark's ceiling: a view that does nothing."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler429  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
