from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import admin_views as core_admin_views
from home import views as home_views

# allauth's rate limits answer with this view (it explains a cache outage).
handler429 = "ops.views.too_many_requests"

urlpatterns = [
    # Wagtail's site history report, its export audited (same addresses, so the
    # admin's own links lead here; see core.admin_views.AuditedSiteHistoryView).
    path(
        "admin/reports/site-history/",
        core_admin_views.site_history,
        name="site_history_audited",
    ),
    path(
        "admin/reports/site-history/results/",
        core_admin_views.site_history_results,
        name="site_history_results_audited",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("cabinet/membership/", include("membership.urls")),
    path("cabinet/my-data/", include("privacy.urls")),
    path("cabinet/", include("members.urls")),
    path("", include("credits.urls")),
    path("events-calendar/", include("events.urls")),
    path("payments/", include("payments.urls")),
    path("members-documents/", include("materials.urls")),
    path("language/", home_views.switch_language, name="switch_language"),
    path("search/", home_views.search, name="search"),
    path(
        "accessibility/",
        home_views.accessibility_settings,
        name="accessibility_settings",
    ),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("favicon.ico", home_views.favicon),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Development only: uploaded files straight from MEDIA_ROOT.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

# Wagtail's page serving comes last: it catches every other path.
urlpatterns += [path("", include(wagtail_urls))]
