from django.urls import path, register_converter

from . import views
from .converters import RowIdConverter

register_converter(RowIdConverter, "id")

app_name = "events"

urlpatterns = [
    path("upcoming.ics", views.upcoming_ics, name="feed"),
    path("<id:page_id>.ics", views.event_ics, name="event_ics"),
]
