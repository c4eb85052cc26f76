from django.urls import path

from . import views, views_checkin, views_public

app_name = "credits"

urlpatterns = [
    # The member's cabinet section «Баллы НМО».
    path("cabinet/credits/", views.cabinet, name="cabinet"),
    path("cabinet/credits/cycle/", views.cycle_set, name="cycle"),
    path(
        "cabinet/credits/nmo/<id:pk>/entered/",
        views.nmo_entered,
        name="nmo_entered",
    ),
    path(
        "cabinet/credits/certificate/<str:certificate_id>.pdf",
        views.certificate,
        name="certificate",
    ),
    path("cabinet/credits/transcript.pdf", views.transcript, name="transcript"),
    # The short address a printed card's QR opens (upper-case for a compact QR).
    path("C/<str:code>/", views_public.short_entry, name="short"),
    # Anyone can check that a certificate is genuine.
    path(
        "credits/verify/<str:certificate_id>/",
        views_public.verify,
        name="verify",
    ),
    # Door check-in for staff with the check-in right.
    path("credits/checkin/", views_checkin.choose_event, name="checkin_events"),
    path("credits/checkin/<id:event_id>/", views_checkin.door, name="checkin"),
    path(
        "credits/checkin/<id:event_id>/scan/",
        views_checkin.scan,
        name="checkin_scan",
    ),
]
