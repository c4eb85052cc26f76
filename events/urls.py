from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("upcoming.ics", views.upcoming_ics, name="feed"),
    # <id:…> is core's converter: a database id that fits a 64-bit column.
    path("<id:page_id>.ics", views.event_ics, name="event_ics"),
]
