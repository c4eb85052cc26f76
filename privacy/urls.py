from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("archive/", views.archive_request, name="archive_request"),
    path("archive/<str:token>/", views.archive_download, name="archive_download"),
    path("request/", views.data_request, name="request"),
    path("close/", views.close_account, name="close"),
    path("consent/", views.consent_accept, name="consent"),
]
