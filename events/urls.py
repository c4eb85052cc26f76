from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("upcoming.ics", views.upcoming_ics, name="feed"),
    path("<int:page_id>.ics", views.event_ics, name="event_ics"),
]
