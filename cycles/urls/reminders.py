"""URLs of the reminders: the "This week" page and the count in the menu."""

from django.urls import path

from ..views import reminders

urlpatterns = [
    path("this-week/", reminders.this_week_view, name="this_week"),
    path("this-week/count/", reminders.reminder_count_view, name="this_week_count"),
]
