from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.index, name="index"),
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("code/", views.code, name="code"),
    path("code/print/", views.code_print, name="code_print"),
    path("code/send/", views.code_resend, name="code_resend"),
]
