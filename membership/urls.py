from django.urls import path

from . import views

app_name = "membership"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("applications/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<id:pk>/attachment/", views.attachment, name="attachment"),
    path("pay/", views.pay, name="pay"),
]
