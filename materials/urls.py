from django.urls import path

from . import views

app_name = "materials"

urlpatterns = [
    path("<id:document_id>/", views.document, name="document"),
]
